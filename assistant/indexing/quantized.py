"""Int8 copies of the chunk vectors, so a filtered search scores the chunks a filter
passes exactly without paying numpy's float16 cast for each of them.

A filter that passes a few percent of a large index is scored from the vectors, not
through Chroma's graph (a Chroma ``where`` filter costs ~60x an unfiltered query). Those
vectors are float16, and numpy widens float16 to float32 at about a nanosecond a value:
20,000 chunks at a million cost ~19 ms before any arithmetic, which made a filtered
search slower than an unfiltered one. Int8 widens ten times faster. Each row ``v`` is kept
as codes ``c`` with a scale ``s`` (its largest magnitude / 127), so every ``|v_d - s*c_d|
<= s/2`` and a question vector ``q`` scores the row within ``s/2 * sum|q_d|`` of ``v.q``.
The rows whose bound reaches the top are scored again from the float16 vectors, so the
top found is the float16 one, exactly (tests/test_quantized.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .stacked import Stacked

CODES = "vector_codes.npy"
SCALES = "vector_scales.npy"
_BATCH = 65_536  # rows widened to float32 at a time while quantising (100 MB)
_ROUNDING = 1e-4  # float32 rounding of either product, at most (384 terms: ~2.3e-5 each)


@dataclass(frozen=True)
class Quantized:
    """Int8 codes of n vectors (``codes``: an array or a ``Stacked`` of memory-mapped
    segments) and each one's scale (float32)."""

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
            scale = np.where(peak > 0, peak / 127, 1.0).astype(np.float32)
            codes[lo:lo + len(part)] = np.clip(np.rint(part / scale[:, None]), -127, 127)
            scales[lo:lo + len(part)] = scale
        return cls(codes, scales)

    def save(self, folder: Path) -> None:
        np.save(folder / CODES, np.asarray(self.codes))
        np.save(folder / SCALES, self.scales)

    @classmethod
    def load(cls, folder: Path, rows: int) -> Quantized | None:
        """The codes saved in a segment ``folder`` of ``rows`` vectors; None when it has
        none (saved before they were) or they do not fit."""
        if not (folder / CODES).exists():
            return None
        codes = np.asarray(np.load(folder / CODES, mmap_mode="r"))
        scales = np.load(folder / SCALES)
        if len(codes) != rows or scales.shape != (rows,) or codes.dtype != np.int8 or scales.dtype != np.float32:
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

    def taken(self, rows: np.ndarray) -> Quantized:
        return Quantized(np.asarray(self.codes[rows]), self.scales[rows])

    def nearest(self, vectors: Any, rows: np.ndarray, query: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``rows`` (ascending) whose ``vectors`` can be among the ``size`` nearest
        ``query`` (float32, unit length), with their exact float32 cosines from ``vectors``:
        every row of the exact top is among them (ties at its edge too)."""
        if len(rows) <= size:
            return rows, _exact(vectors, rows, query)
        scales = self.scales[rows]
        approx = np.dot(np.asarray(self.codes[rows]).astype(np.float32), query) * scales
        rounding = _ROUNDING * max(1.0, float(np.linalg.norm(query)))
        slack = scales * np.float32(0.5 * float(np.abs(query).sum())) + np.float32(rounding)
        low = approx - slack
        # At least ``size`` rows score at or above the size-th best lower bound, so the
        # size-th best exact score does: a row whose upper bound is below it is out.
        floor = np.partition(low, len(low) - size)[len(low) - size]
        near = rows[approx + slack >= floor]
        return near, _exact(vectors, near, query)


def _exact(vectors: Any, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    return np.dot(np.asarray(vectors[rows]).astype(np.float32), query)
