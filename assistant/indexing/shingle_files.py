"""The copies store's shingles sorted, in memory-mapped files beside it, so that pairing
a run's new articles looks their shingles up instead of reading every stored one.

Pairing ten new articles with the stored ones read every article's shingles out of
SQLite and scanned them: 3.4 s of the 4.8 s it took to add ten articles to 100k chunks,
and the part of that add which grew with the index. Here each run that adds articles
writes one more sorted part (``knowledge.copies.Sorted``) of its new articles; a lookup
touches a few pages of each part. Past ``MAX_PARTS`` the parts added since the last whole
write are merged into one (``saved``). A run that removes or rewrites articles marks
their old versions dead in the parts holding them, tombstones as the lexical index keeps
(``Sorted.dead``), and saves only the dead articles' numbers (``without``): writing the
largest part again without them was most of an edit's time once the lexical side kept
its segments (about 45% of a 6 s edit at 300k chunks). A part is written again without
its dead once they pass ``RECLAIM_SHARE`` of its shingles or ``MAX_DEAD`` articles (each
dead article widens the ranges a lookup may read), or when parts are merged.

A part with tombstones is named ``name/deadname`` in the store: its files, and
``deadname_dead.npy`` holding the dead articles' numbers. Code from before tombstones
finds no files under such a name and pairs by a scan, writing the parts anew; it never
pairs an article's old version.

A part's files are written before the store's transaction names them, and files no
transaction names are removed after it: a run killed in between leaves files that the
next run removes, and its articles still pending in the store, to be written again.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..knowledge.copies import Sorted, merged, without_articles

DIRNAME = "copies-shingles"
MAX_PARTS = 8  # more, and each lookup pays a search per part: merge them into one
RECLAIM_SHARE = 0.25  # of a part's shingles held by dead articles: past it, written again without them
MAX_DEAD = 5000  # dead articles in a part: past it, written again without them
_FIELDS = ("shingles", "article", "docs", "lengths")


def folder_of(index_dir: Path) -> Path:
    return Path(index_dir) / DIRNAME


def _saved_arrays(folder: Path, name: str, arrays: dict[str, np.ndarray]) -> None:
    """``arrays`` as ``name_<field>.npy`` files, each on disk before this returns: a file
    named but lost to a power cut would stop every later run."""
    folder.mkdir(parents=True, exist_ok=True)
    for field, array in arrays.items():
        tmp = folder / f".{name}_{field}.npy"
        with open(tmp, "wb") as fh:
            np.save(fh, array, allow_pickle=False)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(folder / f"{name}_{field}.npy")
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write(folder: Path, part: Sorted) -> str:
    """Save ``part`` (less its tombstones) under a new name, returned, on disk before the
    name is committed."""
    if part.dead is not None:
        part = without_articles(part, part.dead)
    name = uuid.uuid4().hex[:16]
    docs = np.array([d if isinstance(d, bytes) else d.encode("utf-8") for d in part.docs], dtype=np.bytes_)
    _saved_arrays(folder, name, {
        "shingles": np.asarray(part.shingles, np.uint32), "article": np.asarray(part.article, np.int32),
        "docs": docs if len(docs) else np.zeros(0, "S1"), "lengths": np.asarray(part.lengths, np.int64)})
    return name


def _names(entry: str) -> tuple[str, str]:
    """A store's entry (``name`` or ``name/deadname``) read as the part's own name and its
    tombstones' ("" for none): one reading for saving, loading and pruning."""
    name, _, tombs = entry.partition("/")
    return name, tombs


def saved(folder: Path, names: Sequence[str], parts: Sequence[Sorted]) -> list[str]:
    """The names of ``parts`` once saved: ``names`` are those of all but the last, which
    is new. Past ``MAX_PARTS``, the parts after the first (the one written whole, mostly
    the largest) are merged into one, so a merge costs what was added since, not the index;
    once they hold more than the first, everything is merged."""
    if len(parts) <= MAX_PARTS:
        return [*names, write(folder, parts[-1])]
    if sum(len(p.shingles) for p in parts[1:]) > len(parts[0].shingles):
        return [write(folder, merged(parts))]
    return [names[0], write(folder, merged(parts[1:]))]


def without(folder: Path, parts: Sequence[Sorted], names: Sequence[str],
            docs: Collection[str]) -> tuple[list[Sorted], list[str]]:
    """``parts`` (named ``names``) less the articles ``docs`` names (removed or rewritten
    since the parts were written; their new versions are not in these parts yet): each
    part holding one marks it dead and saves its dead articles' numbers, or past
    ``RECLAIM_SHARE`` or ``MAX_DEAD`` is written again without them (a pass, no sort)."""
    gone = np.array([d.encode("utf-8") for d in docs], dtype=np.bytes_)
    kept_parts, kept_names = [], []
    for part, name in zip(parts, names, strict=True):
        newly = np.isin(np.asarray(part.docs, dtype=np.bytes_), gone)
        if part.dead is not None:
            newly &= ~part.dead
        if newly.any():
            dead = newly if part.dead is None else part.dead | newly
            lengths = np.asarray(part.lengths)
            if int(dead.sum()) > MAX_DEAD or lengths[dead].sum() > RECLAIM_SHARE * max(1, lengths.sum()):
                part = without_articles(part, dead)
                name = write(folder, part)
            else:
                part = replace(part, dead=dead)
                tombs = uuid.uuid4().hex[:16]
                _saved_arrays(folder, tombs, {"dead": np.flatnonzero(dead).astype(np.int32)})
                name = f"{_names(name)[0]}/{tombs}"
        kept_parts.append(part)
        kept_names.append(name)
    return kept_parts, kept_names


_DTYPES = {"shingles": np.uint32, "article": np.int32, "lengths": np.int64}


def load(folder: Path, names: Sequence[str]) -> list[Sorted] | None:
    """The parts ``names``, memory-mapped; None when one is missing, damaged or does not
    add up (the caller then pairs by a scan and writes the parts anew)."""
    parts = []
    try:
        for entry in names:
            name, tombs = _names(entry)
            a = {f: np.load(folder / f"{name}_{f}.npy", mmap_mode="r", allow_pickle=False) for f in _FIELDS}
            if (any(v.ndim != 1 for v in a.values()) or a["docs"].dtype.kind != "S"
                    or any(a[f].dtype != t for f, t in _DTYPES.items())
                    or len(a["shingles"]) != len(a["article"]) or len(a["docs"]) != len(a["lengths"])
                    or int(np.asarray(a["lengths"]).sum()) != len(a["shingles"])):
                return None
            dead = None
            if tombs:
                numbers = np.load(folder / f"{tombs}_dead.npy", allow_pickle=False)
                if (numbers.ndim != 1 or numbers.dtype != np.int32 or not len(numbers)
                        or (np.diff(numbers) <= 0).any() or numbers[0] < 0 or numbers[-1] >= len(a["lengths"])):
                    return None
                dead = np.zeros(len(a["lengths"]), bool)
                dead[numbers] = True
            parts.append(Sorted(a["shingles"], a["article"], a["docs"], a["lengths"], dead))
    except (OSError, ValueError, EOFError):  # an empty or cut file raises EOFError
        return None
    return parts


def prune(folder: Path, keep: Iterable[str]) -> None:
    """Remove the files of parts (and tombstones) not in ``keep`` (merged away, or left by
    a killed run)."""
    kept = {name for entry in keep for name in _names(entry) if name}
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name.lstrip(".").split("_", 1)[0] not in kept:
            with contextlib.suppress(OSError):  # still mapped where that forbids it: the next run
                path.unlink(missing_ok=True)
