"""Arrays stacked by rows without joining them: each segment's vectors stay memory-mapped.

Joining the segments' vector files into one array copied them into each process's own
memory on open (at 100k chunks with two segments, 807 MB became 1,162 MB; at a million
chunks the sentence vectors alone are ~2.8 GB), while a search reads a few hundred rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


class Stacked:
    """The rows of ``parts`` (arrays of one dtype and row shape) one after another, read
    through indexing: an int, a slice, an array of rows or a boolean mask. What indexing
    returns is an ordinary array; ``np.asarray`` joins the whole (a copy)."""

    def __init__(self, parts: Sequence[Any]) -> None:
        flat: list[np.ndarray] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, Stacked) else [part])
        self.parts = [p for p in flat if len(p)] or flat[:1]
        lengths = [len(p) for p in self.parts]
        self.starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        first = self.parts[0]
        self.dtype = first.dtype
        self.shape = (int(self.starts[-1]), *first.shape[1:])
        self.ndim = len(self.shape)

    @classmethod
    def of(cls, parts: Sequence[Any], empty: tuple[int, ...], dtype: Any) -> Any:
        """``parts`` as one array-like: the part itself when there is one, an empty array
        when there are none."""
        if not parts:
            return np.zeros(empty, dtype)
        return parts[0] if len(parts) == 1 else cls(parts)

    def __len__(self) -> int:
        return self.shape[0]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        joined = np.concatenate([np.asarray(p) for p in self.parts])
        return joined if dtype is None else joined.astype(dtype)

    def astype(self, dtype: Any) -> np.ndarray:
        return self.__array__(dtype)

    def __getitem__(self, key: Any) -> np.ndarray:
        if isinstance(key, slice):
            key = np.arange(*key.indices(len(self)))
        elif isinstance(key, (int, np.integer)):
            index = int(key) + (len(self) if key < 0 else 0)
            part = int(np.searchsorted(self.starts, index, side="right")) - 1
            return np.asarray(self.parts[part][index - self.starts[part]])
        rows = np.asarray(key)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        rows = rows.astype(np.int64)
        out = np.empty((len(rows), *self.shape[1:]), dtype=self.dtype)
        part_of = np.searchsorted(self.starts, rows, side="right") - 1
        for part in np.unique(part_of):
            mine = part_of == part
            out[mine] = self.parts[part][rows[mine] - self.starts[part]]
        return out
