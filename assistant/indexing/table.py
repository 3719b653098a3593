"""The table of every chunk: ids, passage texts, metadata and vectors, with
integer-coded columns (date, outlet, source, article, position, sidebar) so a filter or
a feature over thousands of chunks is a few array operations.

The texts and metadata may be read from disk row by row (``rows``); the columns are
arrays, saved beside them, so opening a large index parses no metadata.
"""

from __future__ import annotations

import functools
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..text.dates import day_numbers
from ..types import Hit
from .quantized import Quantized, ranked

COLUMNS = "columns.npz"
CODES = "codes.json"


@dataclass
class Columns:
    """The metadata every filter and feature reads in bulk, one entry per chunk."""

    date_int: np.ndarray  # int64 YYYYMMDD; 0 when undated
    chunk_position: np.ndarray  # int64, the chunk's place in its article
    sidebar: np.ndarray  # bool
    # Outlets (as spelled), sources and articles as integer codes into lists of the values
    # the chunks have, so a filter is one np.isin over the chunks after a lookup over the
    # distinct values.
    spellings: list[str]
    outlet_code: np.ndarray
    sources: list[str]
    source_code: np.ndarray
    docs: list[str]
    doc_code: np.ndarray

    @classmethod
    def of(cls, metas: Iterable[dict[str, Any]]) -> Columns:
        metas = list(metas)
        spellings, outlet_code = _codes(m.get("outlet") or "" for m in metas)
        sources, source_code = _codes(m.get("source", "") for m in metas)
        docs, doc_code = _codes(m.get("doc_id", m.get("source", "")) for m in metas)
        return cls(np.array([int(m.get("date_int", 0)) for m in metas], dtype=np.int64),
                   np.array([int(m.get("position", 0)) for m in metas], dtype=np.int64),
                   np.array([m.get("section") == "sidebar" for m in metas], dtype=bool),
                   spellings, outlet_code, sources, source_code, docs, doc_code)

    @functools.cached_property
    def outlets(self) -> list[str]:
        """Each code's outlet, casefolded (two spellings of one outlet are two codes)."""
        return [s.casefold() for s in self.spellings]

    @classmethod
    def joined(cls, parts: Sequence[Columns]) -> Columns:
        """The parts' chunks one after another, their codes renumbered into one list each."""
        def merge(lists: list[list[str]], codes: list[np.ndarray]) -> tuple[list[str], np.ndarray]:
            index: dict[str, int] = {}
            out = []
            for values, code in zip(lists, codes, strict=True):
                remap = np.asarray([index.setdefault(v, len(index)) for v in values], dtype=np.int32)
                out.append(remap[code] if len(code) else code.astype(np.int32))
            return list(index), np.concatenate(out) if out else np.zeros(0, np.int32)

        spellings, outlet_code = merge([p.spellings for p in parts], [p.outlet_code for p in parts])
        sources, source_code = merge([p.sources for p in parts], [p.source_code for p in parts])
        docs, doc_code = merge([p.docs for p in parts], [p.doc_code for p in parts])
        cat = functools.partial(_cat, parts)
        return cls(cat("date_int", np.int64), cat("chunk_position", np.int64), cat("sidebar", bool),
                   spellings, outlet_code, sources, source_code, docs, doc_code)

    def taken(self, rows: np.ndarray) -> Columns:
        """Only the chunks at ``rows``, with only the values they have left in the lists
        (a deleted article's doc and source go with it)."""
        def compact(values: list[str], code: np.ndarray) -> tuple[list[str], np.ndarray]:
            kept, inverse = np.unique(code[rows], return_inverse=True)
            return [values[i] for i in kept.tolist()], inverse.astype(np.int32).reshape(-1)

        return Columns(self.date_int[rows], self.chunk_position[rows], self.sidebar[rows],
                       *compact(self.spellings, self.outlet_code), *compact(self.sources, self.source_code),
                       *compact(self.docs, self.doc_code))

    def part(self, start: int, stop: int) -> Columns:
        return self.taken(np.arange(start, stop))

    def save(self, folder: Path) -> None:
        np.savez(folder / COLUMNS, date_int=self.date_int, chunk_position=self.chunk_position, sidebar=self.sidebar,
                 outlet_code=self.outlet_code, source_code=self.source_code, doc_code=self.doc_code)
        (folder / CODES).write_text(json.dumps({"outlets": self.spellings, "sources": self.sources,
                                                "docs": self.docs}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, n: int) -> Columns:
        """A saved segment's columns (``n`` chunks); ValueError when they do not fit."""
        codes = json.loads((folder / CODES).read_text(encoding="utf-8"))
        try:
            with np.load(folder / COLUMNS, allow_pickle=False) as z:
                arrays = {k: z[k] for k in ("date_int", "chunk_position", "sidebar", "outlet_code", "source_code",
                                            "doc_code")}
        except (zipfile.BadZipFile, EOFError) as exc:  # a cut or damaged file
            raise ValueError(f"{folder / COLUMNS} is damaged ({exc})") from exc
        lists = {k: codes[k] for k in ("outlets", "sources", "docs")}
        if any(len(a) != n for a in arrays.values()) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()):
            raise ValueError(f"{folder / COLUMNS} does not hold {n} chunks")
        for key, values in (("outlet_code", "outlets"), ("source_code", "sources"), ("doc_code", "docs")):
            if n and (arrays[key].min() < 0 or arrays[key].max() >= len(lists[values])):
                raise ValueError(f"{folder / COLUMNS}: {key} points outside {values}")
        return cls(arrays["date_int"].astype(np.int64), arrays["chunk_position"].astype(np.int64),
                   arrays["sidebar"].astype(bool), lists["outlets"], arrays["outlet_code"].astype(np.int32),
                   lists["sources"], arrays["source_code"].astype(np.int32), lists["docs"],
                   arrays["doc_code"].astype(np.int32))


def _cat(parts: Sequence[Columns], name: str, dtype: Any) -> np.ndarray:
    arrays = [getattr(p, name) for p in parts]
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype)


@dataclass
class ChunkTable:
    """Every chunk's id, passage text and metadata, with arrays for fast filtering.
    ``texts`` and ``metas`` may be sequences read from disk (``rows``); ``columns``,
    when not given, are read from ``metas``."""

    ids: list[str]
    texts: Sequence[str]
    metas: Sequence[dict[str, Any]]
    vectors: Any  # float16, one unit vector per chunk (an array, or a Stacked one of memory-mapped segments)
    columns: Columns | None = None
    # Rows of chunks removed from the index but still in their segments (tombstones, until
    # a merge rewrites them): no lookup by id or article finds them (None: every row is live).
    dead: np.ndarray | None = None
    # Int8 copies of ``vectors`` (:mod:`.quantized`), which score the chunks a filter passes;
    # None when a segment was saved without them (the float16 vectors are scored then).
    quantized: Quantized | None = None

    def __post_init__(self) -> None:
        c = self.columns if self.columns is not None else Columns.of(self.metas)
        if len(c.date_int) != len(self.ids):
            raise ValueError(f"columns for {len(c.date_int)} chunks, table of {len(self.ids)}")
        self.columns = c
        self.date_int, self.chunk_position, self.sidebar = c.date_int, c.chunk_position, c.sidebar
        self.outlets, self.outlet_code = c.outlets, c.outlet_code
        self.sources, self.source_code = c.sources, c.source_code
        self.docs, self.doc_code = c.docs, c.doc_code
        self.day = day_numbers(self.date_int)  # days since 1970-01-01; -1 when undated

    def __len__(self) -> int:
        """Rows, the removed ones still held included (``live_count``: the chunks)."""
        return len(self.ids)

    @functools.cached_property
    def live_count(self) -> int:
        """How many chunks the table holds (rows less the removed ones)."""
        return len(self.ids) - (int(self.dead.sum()) if self.dead is not None else 0)

    @functools.cached_property
    def live(self) -> np.ndarray | None:
        """Which rows are chunks of the index (None: all of them)."""
        return None if self.dead is None else ~self.dead

    @functools.cached_property
    def position(self) -> dict[str, int]:
        """Each chunk id's row."""
        if self.dead is None:
            return {cid: i for i, cid in enumerate(self.ids)}
        return {self.ids[i]: i for i in np.flatnonzero(~self.dead).tolist()}

    def outlet_names(self) -> dict[str, str]:
        """Each outlet the chunks name, casefolded, with the first spelling met."""
        spellings = self.columns.spellings  # type: ignore[union-attr]
        live = self.outlet_code if self.dead is None else self.outlet_code[~self.dead]
        codes, first = np.unique(live, return_index=True)
        names: dict[str, str] = {}
        for code in codes[np.argsort(first)].tolist():  # in the order the rows first name them
            if spellings[code]:
                names.setdefault(spellings[code].casefold(), spellings[code])
        return names

    @functools.cached_property
    def _doc_rows(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        # One sort for every article (a pass over the rows per article was quadratic).
        order = np.argsort(self.doc_code, kind="stable")
        bounds = np.searchsorted(self.doc_code[order], np.arange(len(self.docs) + 1))
        return {doc: code for code, doc in enumerate(self.docs)}, order, bounds

    def doc_of(self, row: int) -> str:
        """The article of chunk ``row``: its doc id (its source when it has none)."""
        return self.docs[self.doc_code[row]]

    def rows_of(self, doc: str) -> np.ndarray:
        """The rows of one article's chunks, ascending (``doc``: source, or "source#record")."""
        codes, order, bounds = self._doc_rows
        code = codes.get(doc)
        if code is None:
            return np.empty(0, dtype=np.int64)
        rows = order[bounds[code]:bounds[code + 1]].astype(np.int64)
        return rows if self.dead is None else rows[~self.dead[rows]]

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

    def nearest(self, rows: np.ndarray | None, vector: np.ndarray, size: int) -> list[int]:
        """The ``size`` of ``rows`` (ascending; None: every chunk) nearest ``vector`` by
        exact cosine, best first, ties by row (``quantized.ranked``)."""
        query = vector.astype(np.float32)
        sims = None
        with np.errstate(invalid="ignore", over="ignore"):  # a broken row (inf, NaN) ranks last, quietly
            if rows is None:  # an exact search of the whole (small) index, from its float32 copy
                rows = np.arange(len(self)) if self.live is None else np.flatnonzero(self.live)
                sims = np.dot(self.vectors32, query)[rows]
            elif "vectors32" in self.__dict__:  # made already: the cheapest
                sims = np.dot(self.vectors32[rows], query)
            elif self.quantized is not None:
                rows = self.quantized.near(rows, query, size)
            else:
                sims = np.dot(np.asarray(self.vectors[rows]).astype(np.float32), query)
        return ranked(self.vectors, rows, query, size, sims).tolist()


def _codes(values: Iterable[str]) -> tuple[list[str], np.ndarray]:
    """Distinct values, and each item's position among them."""
    index: dict[str, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return list(index), np.asarray(codes, dtype=np.int32)
