"""The dataclasses the public API returns.

Callers get these, never llama-index nodes or Chroma result dicts, so the libraries
underneath can change without breaking anyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


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

    @property
    def lines(self) -> tuple[int, int]:
        return (self.line_start, self.line_end)

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

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.outlets or self.sources)


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"outlets": list(self.outlets)}
