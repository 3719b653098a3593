"""The in-memory table of every chunk: ids, passage texts, metadata and vectors, with
integer-coded columns (date, outlet, source, article, position, sidebar) so a filter or
a feature over thousands of chunks is a few array operations.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text.dates import day_numbers
from ..types import Hit


@dataclass
class ChunkTable:
    """Every chunk's id, passage text and metadata, with arrays for fast filtering."""

    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    vectors: Any  # float16, one unit vector per chunk (an array, or a Stacked one of memory-mapped segments)

    def __post_init__(self) -> None:
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self.date_int = np.array([int(m.get("date_int", 0)) for m in self.metas], dtype=np.int64)
        # Outlets and sources as integer codes, so a filter is one np.isin over the chunks
        # after a lookup over the (few) distinct values.
        self.outlets, self.outlet_code = _codes((m.get("outlet") or "").casefold() for m in self.metas)
        self.sources, self.source_code = _codes(m.get("source", "") for m in self.metas)
        self.sidebar = np.array([m.get("section") == "sidebar" for m in self.metas], dtype=bool)
        self.docs, self.doc_code = _codes(m.get("doc_id", m.get("source", "")) for m in self.metas)
        self.chunk_position = np.array([int(m.get("position", 0)) for m in self.metas], dtype=np.int64)
        self.day = day_numbers(self.date_int)  # days since 1970-01-01; -1 when undated

    def __len__(self) -> int:
        return len(self.ids)

    @functools.cached_property
    def _doc_rows(self) -> dict[str, np.ndarray]:
        return {doc: np.flatnonzero(self.doc_code == code) for code, doc in enumerate(self.docs)}

    def rows_of(self, doc: str) -> np.ndarray:
        """The rows of one article's chunks (``doc``: source, or "source#record")."""
        return self._doc_rows.get(doc, np.empty(0, dtype=np.int64))

    def hit(self, row: int, score: float) -> Hit:
        """Chunk ``row`` as a search result scored ``score``."""
        m = self.metas[row]
        return Hit(
            chunk_id=self.ids[row], text=self.texts[row], score=float(score), source=m["source"],
            title=m.get("title", ""), date=m.get("date"), outlet=m.get("outlet"), url=m.get("url"),
            line_start=int(m["line_start"]), line_end=int(m["line_end"]),
            char_start=int(m["char_start"]), char_end=int(m["char_end"]),
            section=m.get("section", "body"), record=m.get("record"), author=m.get("author"),
        )

    @functools.cached_property
    def vectors32(self) -> np.ndarray:
        """The vectors as float32, for exact dense search (made on first use)."""
        return np.ascontiguousarray(self.vectors, dtype=np.float32)


def _codes(values: Iterable[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values, and each item's position among them."""
    index: dict[str, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return list(index), np.asarray(codes, dtype=np.int32)
