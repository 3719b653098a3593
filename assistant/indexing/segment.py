"""One segment of BM25 postings: the term frequencies of a range of documents, term by
term (and, for sentences, document by document), saved as arrays and memory-mapped on
load so that server processes on one index share one copy; and the array helpers the
postings and their readers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

_PARTS = ("indptr", "docs", "tfs")
_FORWARD = ("findptr", "fterms", "ftfs")


@dataclass(frozen=True)
class Segment:
    """Postings of documents ``first`` .. ``first + count - 1``, term by term: the
    documents holding term ``t`` are ``docs[indptr[t]:indptr[t + 1]]``. ``indptr`` covers
    the words known when the segment was written; later words have no postings here."""

    first: int
    count: int
    indptr: np.ndarray  # int64
    docs: np.ndarray  # int32, ascending within a term
    tfs: np.ndarray  # uint16, times the term occurs in that document
    # The same postings document by document: the terms of document ``first + d`` are
    # ``fterms[findptr[d]:findptr[d + 1]]`` (ascending), with their ``ftfs``. Saved with
    # sentence segments; None for segments saved without (made by ``by_document`` on a save).
    forward: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, compare=False, repr=False)

    def by_document(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(findptr, fterms, ftfs)``, made from the postings the first time when not saved."""
        if self.forward is None:
            object.__setattr__(self, "forward", transposed(self))
        return self.forward  # type: ignore[return-value]

    @property
    def terms(self) -> int:
        return len(self.indptr) - 1

    def term_of(self) -> np.ndarray:
        """The term of each posting."""
        return np.repeat(np.arange(self.terms, dtype=np.int64), np.diff(self.indptr))

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        if term >= self.terms:
            return self.docs[:0], self.tfs[:0]
        a, b = int(self.indptr[term]), int(self.indptr[term + 1])
        return self.docs[a:b], self.tfs[a:b]

    def save(self, folder: Path, prefix: str, by_document: bool = False) -> None:
        for part in _PARTS:
            np.save(folder / f"{prefix}_{part}.npy", getattr(self, part))
        if by_document:
            for part, array in zip(_FORWARD, self.by_document(), strict=True):
                np.save(folder / f"{prefix}_{part}.npy", array)

    @classmethod
    def load(cls, folder: Path, prefix: str, first: int, count: int) -> Segment:
        # Memory-mapped: several server processes on one index share one copy in the page cache.
        # (as plain arrays over the map: a memmap object per slice cost more than the scoring)
        parts = {p: np.asarray(np.load(folder / f"{prefix}_{p}.npy", mmap_mode="r")) for p in _PARTS}
        if len(parts["docs"]) != len(parts["tfs"]) or int(parts["indptr"][-1]) != len(parts["docs"]):
            raise ValueError(f"{folder}: {prefix} postings do not match their offsets")
        forward = None
        if (folder / f"{prefix}_{_FORWARD[0]}.npy").exists():
            findptr, fterms, ftfs = (np.asarray(np.load(folder / f"{prefix}_{p}.npy", mmap_mode="r"))
                                     for p in _FORWARD)
            if len(findptr) != count + 1 or int(findptr[0]) != 0 or int(findptr[-1]) != len(parts["docs"]) \
                    or len(fterms) != len(ftfs) or len(fterms) != len(parts["docs"]) or (np.diff(findptr) < 0).any():
                raise ValueError(f"{folder}: {prefix} postings by document do not match the postings")
            forward = (findptr, fterms, ftfs)
        return cls(first, count, **parts, forward=forward)


def forward_kept(forward: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
                  live: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The postings by document of the documents ``live`` marks (None stays None: made later)."""
    if forward is None:
        return None
    findptr, fterms, ftfs = forward
    counts = np.diff(findptr)
    kept = np.repeat(live, counts)
    out = np.zeros(int(live.sum()) + 1, dtype=np.int64)
    np.cumsum(counts[live], out=out[1:])
    return out, np.asarray(fterms[kept]), np.asarray(ftfs[kept])


def transposed(seg: Segment) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``seg``'s postings document by document (see ``Segment.forward``)."""
    local = np.asarray(seg.docs, dtype=np.int64) - seg.first
    # Postings run term by term, so a stable sort by document keeps each document's terms ascending.
    order = np.argsort(local, kind="stable")
    findptr = np.zeros(seg.count + 1, dtype=np.int64)
    np.cumsum(np.bincount(local, minlength=seg.count), out=findptr[1:])
    return findptr, seg.term_of()[order].astype(np.int32), np.asarray(seg.tfs)[order]


def plus(counts: np.ndarray | None, more: np.ndarray) -> np.ndarray:
    """``counts + more``, the shorter padded with zeros (a vocabulary only grows)."""
    if counts is None:
        return more
    out = np.zeros(max(len(counts), len(more)), np.int64)
    out[:len(counts)] += counts
    out[:len(more)] += more
    return out


def spans(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions ``starts[i] .. starts[i] + counts[i] - 1`` of every range, end to end,
    and where each range begins among them."""
    counts = np.asarray(counts, dtype=np.int64)
    begins = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    return np.repeat(np.asarray(starts, dtype=np.int64) - begins, counts) + np.arange(int(counts.sum())), begins


def summed(docs: np.ndarray, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``docs``, ascending, and the sum of each one's ``shares``."""
    hit, where = np.unique(docs, return_inverse=True)
    return hit, np.bincount(where, weights=shares, minlength=len(hit)).astype(np.float32)
