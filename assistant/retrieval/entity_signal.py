"""Entity overlap between a question and its candidate passages, from the knowledge store.

The question's named entities (``knowledge.query.named_in``: names and aliases resolved
across spellings, "Umerov" and "Rustem Umerov" alike) are looked up in the store's
mentions, once per question and only over the candidates' articles; each candidate then
scores the IDF-weighted share of those entities mentioned inside its span of the article
(``overlap``) or anywhere in its article (``doc_overlap``). Outlets the question names
are masked out first: the per-outlet sub-search already handles them, and a byline or a
"TechCrunch reported" would otherwise count as overlap.

An index without a knowledge store (``ASSISTANT_KNOWLEDGE=off``, or built before the
store existed), or with one of another schema, yields ``None``: the signal is skipped.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..errors import ConfigError
from ..indexing.table import ChunkTable
from ..knowledge import query as knowledge_query
from ..knowledge.store import KnowledgeStore
from .query import outlet_aliases


@dataclass(frozen=True)
class Overlap:
    """Per candidate (in the order asked), the IDF-weighted share of the question's
    entities it mentions: in its own span, and anywhere in its article."""

    passage: np.ndarray
    doc: np.ndarray
    entities: int  # how many of the question's entities were weighed


class EntitySignal:
    """Scores candidate rows of one chunk ``table`` against the entities of a question,
    reading ``store``. Reads only the candidates' metadata: a large index's rows are read
    from disk when asked for."""

    def __init__(self, store: KnowledgeStore, table: ChunkTable, outlets: Iterable[str] = ()) -> None:
        self.store = store
        self._table = table
        aliases = sorted({a for o in outlets if o for a in outlet_aliases(o)}, key=len, reverse=True)
        self._outlets = (re.compile(r"(?<![\w])(" + "|".join(map(re.escape, aliases)) + r")(?![\w])", re.IGNORECASE)
                         if aliases else None)
        self._articles = 0  # articles in the store, counted on first use
        self.available = True  # False once the store proved missing or unreadable

    def _question(self, query: str) -> str:
        # A newline stops named_in from joining words across a masked outlet.
        return self._outlets.sub("\n", query) if self._outlets is not None else query

    def _count_articles(self, db: sqlite3.Connection) -> int:
        # Once per retriever: a new index run makes a new retriever (and a new signal).
        if not self._articles:
            self._articles = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
        return self._articles

    def overlap(self, query: str, rows: np.ndarray) -> Overlap | None:
        """The overlap of candidates ``rows`` with ``query``'s entities; None when the
        index has no knowledge store or the question names no entity it knows."""
        if not self.available or len(rows) == 0:
            return None
        if not self.store.exists():
            self.available = False
            return None
        try:
            named = knowledge_query.named_in(self.store, self._question(query))
            if not named:
                return None
            # One weight per name in the question; an ambiguous name counts once, met by
            # any of its entities.
            groups: list[tuple[float, set[int]]] = []
            with self.store.reading() as db:
                total = max(1, self._count_articles(db))
                for _, found in named:
                    ids = {e.id for e in found}
                    if ids and all(ids.isdisjoint(g) for _, g in groups):
                        articles = min(total, sum(e.articles for e in found))
                        groups.append((math.log(1 + total / max(1, articles)), ids))
                if not groups:
                    return None
                docs = sorted({self._table.doc_of(r) for r in rows.tolist()})
                ids = sorted(set().union(*(g for _, g in groups)))
                spans = db.execute(
                    f'SELECT doc, start, "end", entity FROM mentions WHERE entity IN ({",".join("?" * len(ids))})'
                    f' AND doc IN ({",".join("?" * len(docs))})', [*ids, *docs]).fetchall()
        except ConfigError:
            self.available = False  # no store, or one of another schema
            return None
        except sqlite3.Error:
            return None  # a store being rewritten: skip this once
        group_of = {i: n for n, (_, g) in enumerate(groups) for i in g}
        by_doc: dict[str, list[tuple[int, int, int]]] = {}
        for doc, start, end, entity in spans:
            by_doc.setdefault(doc, []).append((start, end, group_of[entity]))
        weights = np.array([w for w, _ in groups])
        whole = float(weights.sum())
        passage = np.zeros(len(rows))
        in_doc = np.zeros(len(rows))
        for j, row in enumerate(rows.tolist()):
            found = by_doc.get(self._table.doc_of(row))
            if not found:
                continue
            m = self._table.metas[row]
            a, b = int(m.get("char_start", 0)), int(m.get("char_end", 0))
            here = {g for s, e, g in found if s < b and e > a}
            anywhere = {g for _, _, g in found}
            passage[j] = weights[list(here)].sum() / whole if here else 0.0
            in_doc[j] = weights[list(anywhere)].sum() / whole
        return Overlap(passage=passage, doc=in_doc, entities=len(groups))

