"""Chunk texts and metadata read from disk when asked for, not held as Python objects.

Opening an index used to parse every saved chunk (id, text, metadata) into dicts and
strings: at 300k chunks that was 2.8 s of JSON and about 1 KB of objects a chunk, on
every open and in every server process, while a search reads a few dozen rows. A saved
segment's ``chunks.jsonl`` is now kept open with the offset of each line, and a row is
read and parsed when asked for (the last few thousand stay parsed). The per-chunk columns
that filters and features use in bulk live in ``table.Columns``, saved apart as arrays.

Rows are read with ``pread``, not through a memory map: a fault in a map reads around it
as far as the disk's read-ahead (8 MB on the cloud disk measured), so on a cold page cache
the first 200 searches of a million-chunk index read 1.7 GB of its 1.8 GB file for ten
rows each. A read is sized by the kernel from the reads before it: small for scattered
rows, large for a pass over the file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import StoreError

ROWS = "chunks.jsonl"
OFFSETS = "chunks.offsets.npy"
IDS = "ids.json"
_PARSED = 4096  # rows kept parsed per segment: a search reads tens, an answer a few hundred


class SavedRows(Sequence[dict[str, Any]]):
    """The rows ``{"id", "text", "meta"}`` of one saved segment, parsed on access. A
    damaged row is found when read (checking every row on open would read the whole
    file): ``StoreError`` naming the fix."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ROWS
        self.offsets = np.load(folder / OFFSETS)
        # Kept open: a later save replaces the file (a new inode), and these rows stay the ones opened.
        self._file = _Opened(self.path)
        size = os.fstat(self._file.fd).st_size
        if (self.offsets.ndim != 1 or len(self.offsets) < 1 or self.offsets[0] != 0
                or int(self.offsets[-1]) != size or (np.diff(self.offsets) <= 0).any()):
            raise ValueError(f"{folder / OFFSETS} does not match {self.path}")
        # The cache holds the file and offsets, not this object: no cycle keeps the file (and
        # a replaced file's disk space) alive after the last reference goes.
        self.parsed = functools.lru_cache(maxsize=_PARSED)(functools.partial(_parse, self._file, self.offsets,
                                                                             self.path))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self.parsed(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        j = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= j < n:
            raise IndexError(f"row {i} out of range (0..{n - 1})")
        return self.parsed(j)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for j in range(len(self)):  # in order, without churning the cache of recent rows
            yield self.parse(j)

    def parse(self, j: int) -> dict[str, Any]:
        """Row ``j`` parsed now (not kept)."""
        return _parse(self._file, self.offsets, self.path, j)


class _Opened:
    """A file opened for reading, closed when the last holder lets it go. Not copied: a
    copy would close the number twice, and the second might be another file's by then."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self) -> None:
        fd, self.fd = getattr(self, "fd", -1), -1  # -1: opening failed, or closed already
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __reduce__(self) -> Any:
        raise TypeError("an open file of saved rows cannot be copied or pickled")


def _parse(file: _Opened, offsets: np.ndarray, path: Path, j: int) -> dict[str, Any]:
    start, end = int(offsets[j]), int(offsets[j + 1])
    data = os.pread(file.fd, end - start, start)  # no shared position: threads may read at once
    try:
        row = json.loads(data) if len(data) == end - start else None
    except ValueError:  # bad JSON or bad UTF-8
        row = None
    if not isinstance(row, dict) or not isinstance(row.get("meta"), dict):
        raise StoreError(f"row {j} of {path} is damaged; delete the folder {path.parent.parent} "
                         "(the next open rebuilds it from the store)")
    return row


class Field(Sequence[Any]):
    """One field of every row: ``Field(rows, "text")[i] == rows[i]["text"]``."""

    def __init__(self, rows: Sequence[dict[str, Any]], key: str) -> None:
        self.rows, self.key = rows, key

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [r[self.key] for r in self.rows[i]]
        return self.rows[i][self.key]

    def __iter__(self) -> Iterator[Any]:
        return (r[self.key] for r in self.rows)


class Chain(Sequence[Any]):
    """Sequences one after another, without copying them (a chain in a chain is flattened)."""

    def __init__(self, parts: Sequence[Sequence[Any]]) -> None:
        flat: list[Sequence[Any]] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, Chain) else [part])
        self.parts = [p for p in flat if len(p)]
        self.starts = [0]  # a list: bisect on it is ~20x quicker than numpy on one number
        for p in self.parts:
            self.starts.append(self.starts[-1] + len(p))

    def __len__(self) -> int:
        return self.starts[-1]

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = self.starts[-1]
        j = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= j < n:
            raise IndexError(f"row {i} out of range (0..{n - 1})")
        k = bisect_right(self.starts, j) - 1
        return self.parts[k][j - self.starts[k]]

    def __iter__(self) -> Iterator[Any]:
        for part in self.parts:
            yield from part


class Picked(Sequence[Any]):
    """The items of ``base`` at ``rows``, in that order, without copying them."""

    def __init__(self, base: Sequence[Any], rows: np.ndarray) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if isinstance(base, Picked):  # a pick of a pick reads the first base directly
            base, rows = base.base, base.rows[rows]
        self.base, self.rows = base, rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self.base[int(j)] for j in self.rows[i]]
        return self.base[int(self.rows[i])]

    def __iter__(self) -> Iterator[Any]:
        return (self.base[int(j)] for j in self.rows)


def save_rows(folder: Path, ids: Sequence[str], texts: Sequence[str], metas: Sequence[dict[str, Any]],
              rows: range) -> None:
    """``rows`` of the table as a segment's ``chunks.jsonl``, its line offsets and its ids."""
    offsets = [0]
    with (folder / ROWS).open("wb") as fh:
        for i in rows:
            line = json.dumps({"id": ids[i], "text": texts[i], "meta": metas[i]}, ensure_ascii=False) + "\n"
            data = line.encode("utf-8")
            fh.write(data)
            offsets.append(offsets[-1] + len(data))
    np.save(folder / OFFSETS, np.asarray(offsets, dtype=np.int64))
    (folder / IDS).write_text(json.dumps([ids[i] for i in rows], ensure_ascii=False), encoding="utf-8")


def load_rows(folder: Path) -> tuple[list[str], Field, Field]:
    """A saved segment's ids (held: the id-to-row map needs them all), texts and metadata (read on access)."""
    ids = json.loads((folder / IDS).read_text(encoding="utf-8"))
    rows = SavedRows(folder)
    if not isinstance(ids, list) or len(ids) != len(rows) or not all(isinstance(i, str) for i in ids):
        raise ValueError(f"{folder / IDS} does not list the ids of {folder / ROWS}")
    # A cheap check of the pairing: the first and the last.
    if ids and (rows.parse(0).get("id") != ids[0] or rows.parse(len(ids) - 1).get("id") != ids[-1]):
        raise ValueError(f"{folder / IDS} and {folder / ROWS} disagree")
    return ids, Field(rows, "text"), Field(rows, "meta")
