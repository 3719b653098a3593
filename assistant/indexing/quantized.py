"""Int8 copies of the chunk vectors, so a filtered search scores the chunks a filter
passes exactly without paying numpy's float16 cast for each of them; and the one way
the nearest of some rows are ranked, whichever vectors found them.

A filter that passes a few percent of a large index is scored from the vectors, not
through Chroma's graph (a Chroma ``where`` filter costs ~60x an unfiltered query). Those
vectors are float16, and numpy widens float16 to float32 at about a nanosecond a value:
20,000 chunks at a million cost ~19 ms before any arithmetic, which made a filtered
search slower than an unfiltered one. Int8 widens several times faster. Each row ``v`` is
kept as codes ``c`` with a scale ``s`` (its largest magnitude / 127), so every ``|v_d -
s*c_d| <= s/2`` and a question vector ``q`` scores the row within ``s/2 * sum|q_d|`` of
``v.q``. Only the rows whose bound reaches the top are read as float16 (``ranked``), so
the top found is the float16 one, exactly (tests/test_quantized.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .stacked import Stacked

VECTORS_FILE = "vectors.npy"  # a segment's float16 vectors, which the codes are made from
CODES_FILE = "vector_codes.npy"
SCALES_FILE = "vector_scales.npy"
_BATCH = 65_536  # rows widened to float32 at a time while quantising (100 MB)


@dataclass(frozen=True)
class Quantized:
    """Int8 codes of n vectors (``codes``: an array or a ``Stacked`` of memory-mapped
    segments) and each one's scale (float32; inf for a row holding inf or NaN, which no
    bound can leave out)."""

    codes: Any
    scales: np.ndarray

    def __len__(self) -> int:
        return len(self.scales)

    @classmethod
    def of(cls, vectors: Any) -> Quantized:
        """The codes of ``vectors`` (rows of unit length, any float dtype)."""
        n = len(vectors)
        width = vectors.shape[1] if n else 0
        codes = np.zeros((n, width), np.int8)
        scales = np.ones(n, np.float32)
        for lo in range(0, n, _BATCH):
            part = np.asarray(vectors[lo:lo + _BATCH], dtype=np.float32)
            peak = np.abs(part).max(axis=1, initial=0.0)
            finite = np.isfinite(peak)
            scale = np.where(finite, np.where(peak > 0, peak / 127, 1.0), np.inf).astype(np.float32)
            with np.errstate(invalid="ignore"):
                codes[lo:lo + len(part)] = np.clip(np.rint(np.nan_to_num(part / scale[:, None])), -127, 127)
            scales[lo:lo + len(part)] = scale
        return cls(codes, scales)

    def save(self, folder: Path) -> None:
        """Into a segment ``folder``, the codes last and each file whole: ``load`` takes the
        codes file as the sign that both are there, and a reader may be opening the folder."""
        for name, array in ((SCALES_FILE, self.scales), (CODES_FILE, np.asarray(self.codes))):
            tmp = folder / f".{name}.tmp.npy"
            np.save(tmp, array)
            os.replace(tmp, folder / name)

    @classmethod
    def of_rows(cls, whole: Quantized | None, vectors: Any, rows: range) -> Quantized:
        """The codes of ``vectors[rows]``: those ``whole`` holds (made as the rows were
        added) when there are any, else computed."""
        if whole is None:
            return cls.of(vectors[rows.start:rows.stop])
        return whole.taken(slice(rows.start, rows.stop))

    @classmethod
    def fill(cls, folder: Path) -> None:
        """Give a segment ``folder`` saved before the codes existed (or with codes that do
        not fit) codes of the vectors saved beside them, so that the index takes the int8
        path from its next open on: one segment without them turns them off for the whole
        table. Best effort: the codes only make searches faster, and an add whose store has
        already taken the new chunks must not fail over them."""
        try:
            vectors = np.load(folder / VECTORS_FILE, mmap_mode="r")  # read in batches, not copied whole
            try:
                fits = cls.load(folder, vectors.shape) is not None
            except (OSError, ValueError):  # a damaged codes file: written again
                fits = False
            if not fits:
                cls.of(vectors).save(folder)
        except (OSError, ValueError):
            pass

    @classmethod
    def load(cls, folder: Path, shape: tuple[int, ...]) -> Quantized | None:
        """The codes saved in a segment ``folder`` whose vectors have ``shape``; None when
        it has none (saved before they were) or they do not fit."""
        if not (folder / CODES_FILE).exists():
            return None
        codes = np.asarray(np.load(folder / CODES_FILE, mmap_mode="r"))
        scales = np.load(folder / SCALES_FILE)
        if codes.shape != shape or scales.shape != shape[:1] or codes.dtype != np.int8 or scales.dtype != np.float32:
            return None
        return cls(codes, scales)

    @classmethod
    def stacked(cls, parts: Sequence[Quantized | None]) -> Quantized | None:
        """``parts`` one after another; None when one is missing."""
        if any(p is None for p in parts):
            return None
        done = [p for p in parts if p is not None]
        if not done:
            return None
        return cls(Stacked.of([p.codes for p in done], (0, 0), np.int8), np.concatenate([p.scales for p in done]))

    def taken(self, rows: np.ndarray | slice) -> Quantized:
        return Quantized(np.asarray(self.codes[rows]), self.scales[rows])

    def near(self, rows: np.ndarray, query: np.ndarray, size: int) -> np.ndarray:
        """The ``rows`` (ascending) whose vectors can be among the ``size`` nearest
        ``query`` (float32): every row of the exact top is among them."""
        if len(rows) <= size:
            return rows
        scales = self.scales[rows]
        with np.errstate(invalid="ignore"):  # (inf scales: rows that stay)
            approx = np.dot(np.asarray(self.codes[rows]).astype(np.float32), query) * scales
            slack = scales * np.float32(0.5 * float(np.abs(query).sum())) + np.float32(rounding(query))
            low = approx - slack
            finite = np.isfinite(low)
            if int(finite.sum()) < size:
                return rows
            # At least ``size`` rows score at or above the size-th best lower bound, so the
            # size-th best exact score does: a row whose upper bound is below it is out.
            floor = np.partition(low[finite], int(finite.sum()) - size)[int(finite.sum()) - size]
            return rows[~(approx + slack < floor)]  # (a row without a bound stays)


def rounding(query: np.ndarray) -> float:
    """A bound on how far two float32 products of ``query`` with one unit vector (BLAS's,
    a row-by-row sum, an int8 one) can differ by rounding alone: each term's error is at
    most 2**-24 of it, and the terms add up to at most the query's length."""
    return 3.0 * len(query) * 2.0**-24 * max(1.0, float(np.linalg.norm(query)))


def ranked(vectors: Any, rows: np.ndarray, query: np.ndarray, size: int,
           sims: np.ndarray | None = None) -> np.ndarray:
    """The ``size`` of ``rows`` (ascending) whose ``vectors`` are nearest ``query``
    (float32), best first, ties by row. ``sims``, the rows' cosines from any float32
    product, leaves out the rows that cannot be near; the rest are scored again one way,
    row by row: a BLAS product can score identical vectors an ulp apart by where they sit
    in the matrix, and duplicate chunks (wire copies) must rank by row on every path."""
    with np.errstate(invalid="ignore", over="ignore"):  # a broken row (inf, NaN) ranks last, quietly
        finite = np.isfinite(sims) if sims is not None and len(rows) > size else None
        if finite is not None and int(finite.sum()) >= size:
            floor = np.partition(sims[finite], int(finite.sum()) - size)[int(finite.sum()) - size]
            rows = rows[~(sims < floor - np.float32(2 * rounding(query)))]
        again = (np.asarray(vectors[rows]).astype(np.float32) * query).sum(axis=1)
    return rows[np.lexsort((rows, -again))[:size]]
