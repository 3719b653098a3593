"""What the knowledge layer tells the answerers: the entities a question names (by any
spelling), the people a passage names, the resolved date of a sentence, a speaker's
quotes, and the passage that holds a span of an article.

An index without a knowledge store (indexed with ``ASSISTANT_KNOWLEDGE=off``, or older)
gives empty answers: the answerers then work from the text alone, as before.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import AssistantError
from ..knowledge import query as knowledge_query
from ..knowledge.store import KnowledgeStore
from ..types import Entity, Event, Filters, Hit, Quote

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Named:
    """Words of a question and the entities they name."""

    words: str
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class Mention:
    """A resolved entity at ``start:end`` of a hit's text."""

    start: int
    end: int
    entity: Entity


class Facts:
    """The knowledge of ``index`` (an ``assistant.retrieval.index.Index``), read on demand."""

    def __init__(self, index: object) -> None:
        self.index = index

    def _store(self) -> KnowledgeStore | None:
        store = getattr(self.index, "knowledge", None)
        return store if store is not None and store.exists() else None

    def _read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        store = self._store()
        if store is None:
            return None
        try:
            return fn(store, *args, **kwargs)
        except (AssistantError, sqlite3.Error) as exc:  # an old, half-built or busy store: text alone
            log.info("knowledge store not used: %s", exc)
            return None

    @property
    def available(self) -> bool:
        return self._store() is not None

    def named(self, text: str) -> list[Named]:
        found = self._read(knowledge_query.named_in, text) or []
        return [Named(words, tuple(entities)) for words, entities in found if entities]

    def mentions(self, hits: Sequence[Hit], type_: str | None = None) -> dict[str, list[Mention]]:
        """Resolved mentions inside each hit's text, by chunk id, offsets in ``hit.text``."""
        spans = [(h.doc, h.char_start, h.char_end) for h in hits]
        rows = self._read(knowledge_query.mentions_in, spans, type_) or []
        out: dict[str, list[Mention]] = {}
        for hit in hits:
            doc = hit.doc
            out[hit.chunk_id] = [Mention(a - hit.char_start, b - hit.char_start, e) for d, a, b, e in rows
                                 if d == doc and hit.char_start <= a and b <= hit.char_end]
        return out

    def article_mentions(self, docs: Sequence[str]) -> list[tuple[str, int, int, Entity]]:
        """Every resolved mention in the whole of the articles ``docs``: (doc, start, end,
        entity), offsets in the article, in reading order."""
        return self._read(knowledge_query.mentions_in, [(d, 0, sys.maxsize) for d in sorted(set(docs))]) or []

    def events(self, hit: Hit, start: int, end: int) -> list[Event]:
        """Dated events whose sentence overlaps ``hit.text[start:end]``."""
        span = [(hit.doc, hit.char_start + start, hit.char_start + end)]
        return self._read(knowledge_query.events_in, span) or []

    def quotes(self, speaker: str, about: str | None, filters: Filters | None) -> list[Quote]:
        f = filters or Filters()
        return self._read(knowledge_query.quotes, speaker=speaker, about=about, since=f.since, until=f.until,
                          outlets=f.outlets, sources=f.sources) or []

    def hit_at(self, source: str, record: int | None, start: int, end: int) -> Hit | None:
        """The indexed passage holding ``start:end`` of an article, or None."""
        return self.passage_at(source if record is None else f"{source}#{record}", start, end)

    def passage_at(self, doc: str, start: int, end: int) -> Hit | None:
        """The indexed passage holding ``start:end`` of the article ``doc``, or None."""
        table = self.index.lexical.table  # type: ignore[attr-defined]
        for row in table.rows_of(doc):
            meta = table.metas[row]
            if int(meta["char_start"]) <= start and end <= int(meta["char_end"]):
                return table.hit(int(row), 0.0)
        return None


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def spoken_date(event: Event, written: str = "") -> str:
    """An event's resolved date in words, as precise as it is: "Friday 6 June 2025",
    "June 2025", "the week of 2 June 2025", "2025"; a span of years as ``written`` says it."""
    if not event.date:
        return ""
    day = dt.date.fromisoformat(event.date)
    if len(years := _YEAR.findall(written) or _YEAR.findall(event.date_text)) == 2:
        return f"{years[0]} to {years[1]}"  # "from 2014 to 2023": a span, not the year it began
    if event.precision == "year":
        return str(day.year)
    if event.precision == "month":
        return day.strftime("%B %Y")
    if event.precision == "week":
        return f"the week of {day.day} {day.strftime('%B %Y')}"
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"
