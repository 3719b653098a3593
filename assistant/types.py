"""The domain's values, shared by every layer: what a search returns (``Hit``), what it
may be restricted to (``Filters``), what an answer is (``Answer``, ``Citation``), the
question as searched (``Query``), and what indexing reports (``IndexReport``, ...).

Callers get these, never llama-index nodes or Chroma result dicts, so the libraries
underneath can change without breaking anyone. Nothing here imports the rest of the
package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Copy:
    """Another printing of an article: a wire reprint, a re-wrapped or lightly edited copy.
    ``origin`` marks the cluster's first publication (credited by the others, or earliest)."""

    doc: str  # the article's id: its source, with "#record" in a collection
    source: str
    title: str
    outlet: str | None
    date: str | None
    url: str | None = None
    record: int | None = None
    origin: bool = False

    def to_json(self) -> dict[str, Any]:
        """One entry of a hit's ``copies`` (a contract: source, outlet, date, title)."""
        out: dict[str, Any] = {"source": self.source, "outlet": self.outlet, "date": self.date,
                               "title": self.title, "url": self.url, "origin": self.origin}
        if self.record is not None:
            out["record"] = self.record
        return out


@dataclass(frozen=True)
class Hit:
    """One retrieved passage and where it came from."""

    chunk_id: str
    text: str
    score: float
    source: str  # file path relative to the indexed folder
    title: str
    date: str | None  # ISO date (YYYY-MM-DD) of publication
    outlet: str | None
    url: str | None
    line_start: int  # 1-based, inclusive, in the original file
    line_end: int
    char_start: int  # offsets in the article text (the record body for JSON collections)
    char_end: int
    section: str = "body"  # "body", or "sidebar" for page furniture kept findable
    record: int | None = None  # position of the record in a JSON/JSONL collection
    author: str | None = None
    # The other printings of this passage's article, which a search shows only through it.
    copies: tuple[Copy, ...] = ()

    @property
    def lines(self) -> tuple[int, int]:
        return (self.line_start, self.line_end)

    @property
    def doc(self) -> str:
        """The article's id: its source, with "#record" in a collection."""
        return self.source if self.record is None else f"{self.source}#{self.record}"

    @property
    def story(self) -> str:
        """Which story this is, the same for every copy of it: its origin's doc."""
        return next((c.doc for c in self.copies if c.origin), self.doc)

    def to_json(self, rank: int) -> dict[str, Any]:
        """The shape of one hit in ``assistant search --json`` (a contract)."""
        out: dict[str, Any] = {
            "rank": rank,
            "score": round(self.score, 6),
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "outlet": self.outlet,
            "url": self.url,
            "lines": [self.line_start, self.line_end],
            "text": self.text,
            "section": self.section,
            "chunk_id": self.chunk_id,
            "copies": [c.to_json() for c in self.copies],
        }
        if self.record is not None:
            out["record"] = self.record
        return out


@dataclass(frozen=True)
class Filters:
    """Restrictions on what a search may return. Empty means no restriction."""

    since: dt.date | None = None
    until: dt.date | None = None
    outlets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # Only these passages (chunk ids), e.g. those mentioning an entity; None: any.
    chunk_ids: frozenset[str] | None = None
    # What not to read into the question (``Assumption.key``s): an outlet it names, a day it
    # gives, the earlier turns a follow-up is read with. Restricts nothing by itself.
    ignore: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.outlets or self.sources or self.chunk_ids is not None)


@dataclass(frozen=True)
class Assumption:
    """Something read into a question without being asked for, shown so it can be undone:
    an outlet the question names (its articles searched on their own too), a day it gives
    (articles of that day favoured), the earlier turn a follow-up is read with. Put ``key``
    in ``Filters.ignore`` to ask again without it; ``applied`` is False once it is."""

    kind: str  # "outlet" | "date" | "context"
    key: str  # "outlet:the verge", "date:2023-10-05", "context"
    label: str  # as a journalist reads it: "The Verge", "2023-10-05", the earlier question
    applied: bool = True

    def to_json(self) -> dict[str, Any]:
        """One entry of ``assumed`` in ``assistant ask --json``."""
        return {"kind": self.kind, "key": self.key, "label": self.label, "applied": self.applied}


@dataclass(frozen=True)
class SkippedFile:
    """An input file that was not indexed, and why (one line, naming the fix)."""

    source: str
    reason: str


@dataclass
class IndexReport:
    """What one indexing run did. ``to_json`` is the ``assistant index --json`` contract."""

    files_added: list[str] = field(default_factory=list)
    files_updated: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    files_skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_total: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "files_added": len(self.files_added),
            "files_updated": len(self.files_updated),
            "files_removed": len(self.files_removed),
            "files_unchanged": len(self.files_unchanged),
            "files_skipped": len(self.files_skipped),
            "chunks_total": self.chunks_total,
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 3),
            "skipped": [asdict(s) for s in self.files_skipped],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class IndexInfo:
    """What an index holds (``assistant info``)."""

    index_dir: str
    root: str | None
    files: int
    documents: int
    chunks: int
    embed_model: str
    dimension: int
    date_first: str | None
    date_last: str | None
    outlets: tuple[str, ...]
    complete: bool
    chroma: str
    embed_precision: str = ""  # what the vectors were made with: fp32, bf16, int8 ("" when not recorded)

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"outlets": list(self.outlets)}


@dataclass(frozen=True)
class Citation:
    """One quoted span backing a claim: ``[n]`` points at the n-th passage given."""

    n: int
    source: str
    line_start: int
    line_end: int
    quote: str
    title: str
    outlet: str | None
    date: str | None
    record: int | None = None

    @property
    def lines(self) -> tuple[int, int]:
        return (self.line_start, self.line_end)

    def to_json(self) -> dict[str, Any]:
        """The shape of one citation in ``assistant ask --json`` (a contract)."""
        out: dict[str, Any] = {
            "n": self.n, "source": self.source, "lines": [self.line_start, self.line_end],
            "quote": self.quote, "title": self.title, "outlet": self.outlet, "date": self.date,
        }
        if self.record is not None:
            out["record"] = self.record
        return out


@dataclass(frozen=True)
class ConflictValue:
    """One value the passages give for a thing they disagree about, and the passages (``[n]``) giving it."""

    value: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Conflict:
    """Passages that disagree about one thing: ``about`` it, the most-sourced value first."""

    about: str
    values: tuple[ConflictValue, ...]

    def to_json(self) -> dict[str, Any]:
        """One entry of ``conflicts`` in ``assistant ask --json`` (a contract)."""
        return {"about": self.about,
                "values": [{"value": v.value, "citations": list(v.citations)} for v in self.values]}


@dataclass(frozen=True)
class Answer:
    """A cited answer. ``answered`` is False when the corpus does not answer the question;
    ``text`` then says so and names the closest passages, and ``citations`` is empty."""

    question: str
    text: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    query: str = ""  # the standalone question retrieval and answering used
    mode: str = "extractive"  # "extractive", "llm", or "fallback" (LLM answer replaced)
    notes: tuple[str, ...] = field(default=())  # what the citation check removed, and why
    # The answer itself, as short as the question allows ("Sam Altman", "Yes", a date, a
    # number, a clause), taken from the cited text; None when refused or not composed.
    short: str | None = None
    # How many independent stories (copies of one story counted once) the citations quote.
    independent_sources: int = 0
    # What the passages behind the answer disagree about (a date of one event), each value cited.
    conflicts: tuple[Conflict, ...] = ()
    # What was read into the question (outlets, days, the turn a follow-up leans on).
    assumed: tuple[Assumption, ...] = ()

    def cited_hits(self) -> list[Hit]:
        """The passage each citation quotes, in citation order (a citation's ``n`` counts
        the passages given; a hit of the same article stands in when ``n`` is out of range)."""
        out = []
        for c in self.citations:
            hit = self.hits[c.n - 1] if 0 < c.n <= len(self.hits) else None
            if hit is None or (hit.source, hit.record) != (c.source, c.record):
                hit = next((h for h in self.hits if (h.source, h.record) == (c.source, c.record)), hit)
            if hit is not None:
                out.append(hit)
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``assistant ask --json`` contract (the eval runner reads the same fields)."""
        return {
            "question": self.question,
            "short": self.short,
            "answer": self.text,
            "answered": self.answered,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {"rank": r, "source": h.source, "title": h.title, "date": h.date,
                 "score": round(h.score, 6), "text": h.text}
                for r, h in enumerate(self.hits, 1)
            ],
            "query": self.query,
            "mode": self.mode,
            "notes": list(self.notes),
            "independent_sources": self.independent_sources,
            "conflicts": [c.to_json() for c in self.conflicts],
            "assumed": [a.to_json() for a in self.assumed],
        }


CONTEXT_MARK = " (context: "


class Query(str):
    """A standalone question as it is searched and answered: the question itself and,
    for a follow-up answered without a language model, the context carried over from
    earlier turns. It *is* the text retrieval searches (``"What did they discuss?
    (context: Who met Umerov in Brussels?)"``), and carries its two parts typed, so no
    one has to parse them back out of it.

    >>> q = Query("What did they discuss?", "Who met Umerov?")
    >>> str(q), q.question, q.context
    ('What did they discuss? (context: Who met Umerov?)', 'What did they discuss?', 'Who met Umerov?')
    """

    question: str
    context: str

    def __new__(cls, question: str, context: str = "") -> Query:
        text = f"{question}{CONTEXT_MARK}{context})" if context else question
        query = super().__new__(cls, text)
        query.question, query.context = question, context
        return query

    @classmethod
    def of(cls, value: str) -> Query:
        """``value`` as a query: itself when it is one, else a question with no context."""
        return value if isinstance(value, Query) else cls(value)

    def parts(self) -> tuple[str, str]:
        """The question and its context, each stripped."""
        return self.question.strip(), self.context.strip()


# -- the knowledge layer: who, who said what, and when ------------------------------------

ENTITY_TYPES = ("person", "org", "place", "other")


@dataclass(frozen=True)
class Entity:
    """One real-world person, organisation, place or other named thing, merged across the
    spellings the corpus uses. ``to_json`` is the ``assistant entities --json`` contract."""

    id: int
    name: str  # the canonical name: the most used full form
    type: str  # one of ENTITY_TYPES
    aliases: tuple[str, ...]  # every other form it is written as
    mentions: int
    articles: int
    sources: tuple[str, ...]
    sections: dict[str, int] = field(default_factory=dict)  # mentions in "body" and "sidebar"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases),
                "mentions": self.mentions, "articles": self.articles, "sources": list(self.sources),
                "sections": {"body": self.sections.get("body", 0), "sidebar": self.sections.get("sidebar", 0)}}


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker, verbatim from the file. ``to_json`` is the
    ``assistant quotes --json`` contract."""

    speaker: str | None  # the speaker entity's canonical name
    speaker_id: int | None
    said_as: str | None  # how the text names the speaker there ("he", "the French minister")
    quote: str  # verbatim: the quoted words (direct) or the reported clause (indirect)
    kind: str  # "direct" or "indirect"
    verb: str | None
    source: str
    line_start: int
    line_end: int
    outlet: str | None
    date: str | None  # the article's publication date
    title: str
    section: str
    record: int | None = None
    char_start: int | None = None  # where the quoted words are in the article text
    char_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "speaker": self.speaker, "speaker_id": self.speaker_id, "said_as": self.said_as, "quote": self.quote,
            "kind": self.kind, "verb": self.verb, "source": self.source, "lines": [self.line_start, self.line_end],
            "outlet": self.outlet, "date": self.date, "title": self.title, "section": self.section,
        }
        if self.record is not None:
            out["record"] = self.record
        return out


@dataclass(frozen=True)
class Event:
    """A dated sentence: when something happened, resolved against the article's
    publication date. ``to_json`` is one event of ``assistant timeline --json``."""

    date: str | None  # YYYY-MM-DD (the first day of a coarser period)
    precision: str | None  # "day", "week", "month" or "year"
    date_text: str  # the words that date it, as written
    text: str  # the sentence, verbatim
    source: str
    line_start: int
    line_end: int
    outlet: str | None
    published: str | None
    title: str
    record: int | None = None
    char_start: int | None = None  # where the sentence is in the article text
    char_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date, "precision": self.precision, "date_text": self.date_text, "text": self.text,
            "source": self.source, "lines": [self.line_start, self.line_end], "outlet": self.outlet,
            "published": self.published, "title": self.title,
        }
        if self.record is not None:
            out["record"] = self.record
        return out
