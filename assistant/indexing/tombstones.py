"""Chunks removed from the lexical side but still in their segments (tombstones, as
Lucene's deleted documents), saved beside the segments: their rows, and how many of them
hold each word, so the statistics leave them out from the moment the index opens.

A removal then writes this one small file instead of every segment again (at 300k chunks
an edit of one file wrote the whole lexical side: 85% of a 55 s run). Each save writes a
new file, whole, before ``state.json`` names it; the one it replaces goes after.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from .postings import Postings

PREFIX = "deleted-"
NAME = r"deleted-\d{6,}\.npz"
_PARTS = ("rows", "c_terms", "c_counts", "s_terms", "s_counts")


def save(folder: Path, dead: np.ndarray | None, chunks: Postings, sentences: Postings) -> str | None:
    """The tombstones ``dead`` marks (a boolean per chunk row) under a new name in
    ``folder``, with the words the dead chunks and sentences hold; the name, or None when
    there are none."""
    if dead is None or not dead.any():
        return None
    parts = {"rows": np.flatnonzero(dead)}
    for prefix, postings in (("c", chunks), ("s", sentences)):
        counts = postings.dead_counts()
        parts[f"{prefix}_terms"] = np.flatnonzero(counts)
        parts[f"{prefix}_counts"] = counts[parts[f"{prefix}_terms"]]
    numbers = [int(n[len(PREFIX):-4]) for n in os.listdir(folder) if re.fullmatch(NAME, n)]
    name = f"{PREFIX}{max(numbers, default=-1) + 1:06d}.npz"
    tmp = folder / f".{name}.tmp"
    with open(tmp, "wb") as fh:
        np.savez(fh, **parts)  # type: ignore[arg-type]
    os.replace(tmp, folder / name)
    return name


def load(folder: Path, state: dict[str, Any], rows: int) -> dict[str, np.ndarray] | None:
    """The tombstones ``state`` names, checked against the ``rows`` its segments hold:
    ``dead`` (a boolean per row) and the saved parts; None when it names none.
    ValueError when the file is missing, damaged or does not fit."""
    name = state.get("deleted")
    if name is None:
        return None
    if not isinstance(name, str) or not re.fullmatch(NAME, name):
        raise ValueError(f"state.json names {name!r} for its deleted rows")
    try:
        with np.load(folder / name, allow_pickle=False) as z:
            parts = {k: np.asarray(z[k], dtype=np.int64) for k in _PARTS}
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"{folder / name} is damaged ({exc})") from exc
    if any(a.ndim != 1 or (a < 0).any() for a in parts.values()):
        raise ValueError(f"{folder / name} is damaged (negative or not a list)")
    dead = parts["rows"]
    if not len(dead) or (np.diff(dead) <= 0).any() or dead[0] < 0 or dead[-1] >= rows:
        raise ValueError(f"{folder / name} lists rows outside the index")
    parts["dead"] = np.zeros(rows, dtype=bool)
    parts["dead"][dead] = True
    return parts
