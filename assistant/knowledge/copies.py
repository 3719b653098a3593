"""Copies and reprints: which articles are one story published more than once.

A wire story reprinted by eight outlets is one report, not eight. Each article's story
text (sidebars left out: an outlet's "related articles" are the same on all its pages)
becomes a set of word 5-shingles, after folding case, accents' compatibility forms and
quote styles, so re-wrapped lines and straightened quotes change nothing. A pair is a copy
when most of one article's shingles are in the other (containment, not Jaccard: a copy
that drops or adds paragraphs is still contained), counted exactly over every pair that
shares a shingle (``pairs_in``, ``pairs_of_new``). datasketch's MinHash LSH Ensemble found candidates
before; it held ~600 hash-table entries an article (580 MB for 6,700 articles), which
would not fit at a million chunks. Articles join a cluster
only if they are copies of every article already in it, so a roundup holding two briefs
does not chain the two briefs together.

Each cluster names its origin: the article the others credit ("originally published
by …", "first appeared in …") or else the earliest.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
# A pair is a copy when this share of the smaller article's shingles is in the larger one…
CONTAINED = 0.65
# …and they share at least this many (a two-line brief shares phrases by chance).
MIN_SHARED = 20
# A shingle held by more articles than this is page furniture, not a sign of copying (and
# would multiply the pairs to count); a story printed more often than this is not paired.
# The cap applies as of each run: pairs kept from earlier runs stay until a re-cluster.
MAX_HOLDERS = 500
# The articles paired at a time in a first clustering, by their shingles: each block's are
# looked up in the stored ones (sorted once, ~12 bytes a stored shingle beside the 12 they
# take already), and its memory grows with the block.
BLOCK_SHINGLES = 500_000

_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                       "‚": "'", "–": "-", "—": "-", "\u00ad": None})
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: the combination is a bijection per word
_WORD = re.compile(r"\w+")
# "Originally published by The Valley Wire", "This story first appeared in X",
# "Republished with permission of X", "(Reprinted from X)"; the name runs to the line's end
# or the next sentence.
_CREDIT = re.compile(
    r"\b(?:originally|first)\s+(?:published|appeared|ran)\s+(?:by|in|on|at)\s+(?P<a>[^.\n]{2,80})"
    r"|\b(?:republished|reprinted|reproduced)\s+(?:with\s+permission\s+)?(?:from|of|by|courtesy\s+of)\s+"
    r"(?P<b>[^.\n]{2,80})",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    """The words of ``text`` as shingled: compatibility-folded, case-folded, quotes straightened."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold())


def shingles(text: str) -> np.ndarray:
    """The distinct word 5-shingles of ``text``, hashed to 32 bits, sorted (a text shorter
    than five words is one shingle)."""
    ws = words(text)
    if not ws:
        return np.zeros(0, dtype=np.uint32)
    known: dict[str, int] = {}
    ids = np.array([known.setdefault(w, zlib.crc32(w.encode("utf-8"))) for w in ws], dtype=np.uint64)
    n = max(1, len(ids) - SHINGLE_WORDS + 1)
    # A polynomial over the five word hashes (wrapping at 2**64), its high half kept.
    h = np.zeros(n, dtype=np.uint64)
    for i in range(min(SHINGLE_WORDS, len(ids))):
        h = h * _MULTIPLIER + ids[i:i + n]
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def credit(text: str) -> str | None:
    """The outlet ``text`` says it was first published by, as written; None if none."""
    m = _CREDIT.search(text)
    if m is None:
        return None
    name = (m.group("a") or m.group("b")).strip(" \t\"'“”‘’()[],;:")
    return re.sub(r"^(?:the\s+)?", "", name, flags=re.IGNORECASE) or None


@dataclass(frozen=True)
class Printed:
    """One article as the clustering reads it."""

    doc: str
    shingles: np.ndarray  # sorted distinct uint32 (``shingles``)
    date: str | None = None
    outlet: str | None = None
    credit: str | None = None  # the outlet it credits as first publisher (``credit``)


@dataclass
class Cluster:
    """Articles that are one story; ``origin`` is the one first published (a doc)."""

    docs: list[str]
    origin: str


def containment(a: np.ndarray, b: np.ndarray) -> tuple[float, int]:
    """The share of the smaller set's shingles in the other, and how many they share."""
    if not len(a) or not len(b):
        return 0.0, 0
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    return shared / min(len(a), len(b)), shared


def copy_share(a: np.ndarray, b: np.ndarray) -> float | None:
    """How much of the smaller article the other holds, when that makes them copies; else None."""
    share, shared = containment(a, b)
    return share if share >= CONTAINED and shared >= min(MIN_SHARED, len(a), len(b)) else None


def cluster(printed: Sequence[Printed]) -> list[Cluster]:
    """The clusters of two or more articles among ``printed`` (an article alone is not
    listed)."""
    return groups(pairs(printed), {p.doc: p for p in printed})


Pair = tuple[float, str, str]  # (copy share, doc, doc), the docs in order


def pairs(printed: Sequence[Printed], part: Sorted | None = None) -> list[Pair]:
    """Every pair of ``printed`` that are copies, counted exactly as ``pairs_of_new``
    counts them, for a block of articles at a time against all of them (so a first
    clustering and the runs that add articles to it find the same pairs). ``part``: their
    shingles already sorted (``sorted_shingles``), when the caller keeps them."""
    items = [p for p in printed if len(p.shingles)]
    if len(items) < 2:
        return []
    part = sorted_shingles(items) if part is None else part
    found: set[Pair] = set()
    block: list[Printed] = []
    held = 0
    for p in items:
        block.append(p)
        held += len(p.shingles)
        if held >= BLOCK_SHINGLES or p is items[-1]:
            found.update(pairs_in([part], block))
            block, held = [], 0
    return sorted(found)


def pairs_of_new(new: Sequence[Printed], stored: Sequence[str], shingles: Sequence[np.ndarray]) -> list[Pair]:
    """The pairs of copies each of ``new`` makes with the ``stored`` articles (docs and
    their shingle sets; the new ones among them too), counted exactly in one pass over
    every stored shingle: the fallback where no sorted parts can be trusted, as
    ``pairs_in`` finds the same pairs by looking the new shingles up in sorted ones. A
    shingle more than ``MAX_HOLDERS`` stored articles hold is page furniture (a footer,
    a standard disclaimer), not evidence of copying, and is not counted."""
    new = [p for p in new if len(p.shingles)]
    if not new or not stored:
        return []
    docs = list(stored)
    lengths = np.fromiter((len(s) for s in shingles), dtype=np.int64, count=len(shingles))
    flat = np.concatenate(shingles) if len(shingles) else np.zeros(0, np.uint32)
    article = np.repeat(np.arange(len(docs)), lengths)
    own, holder = _own(new)
    where = np.minimum(np.searchsorted(own, flat), len(own) - 1)
    hit = np.flatnonzero(own[where] == flat)
    if len(hit):
        values, holders = np.unique(flat[hit], return_counts=True)
        furniture = values[holders > MAX_HOLDERS]
        if len(furniture):
            hit = hit[~np.isin(flat[hit], furniture)]
    # A stored shingle may be held by several new articles: one (stored, new) entry each.
    lo, hi = np.searchsorted(own, flat[hit], "left"), np.searchsorted(own, flat[hit], "right")
    return _counted(np.repeat(article[hit], hi - lo), holder[_ranges(lo, hi)], new, docs.__getitem__, lengths)


@dataclass(frozen=True)
class Sorted:
    """Stored articles' shingles sorted, for looking new ones up: ``shingles`` ascending,
    each held by article ``article`` (a position in ``docs`` and ``lengths``, the size of
    its shingle set). ``docs`` holds str, or UTF-8 bytes (as saved to disk)."""

    shingles: np.ndarray
    article: np.ndarray
    docs: Sequence[str | bytes]
    lengths: np.ndarray
    # Articles removed or rewritten since the part was written (a bool per article; None:
    # none), still in its arrays as tombstones: they hold no shingle and pair with nothing.
    dead: np.ndarray | None = None

    def doc(self, n: int) -> str:
        found = self.docs[n]
        return found.decode("utf-8") if isinstance(found, bytes) else str(found)


def sorted_shingles(printed: Sequence[Printed]) -> Sorted:
    """The shingles of ``printed``, sorted (about 12 bytes a shingle while sorting)."""
    lengths = np.fromiter((len(p.shingles) for p in printed), dtype=np.int64, count=len(printed))
    flat = np.concatenate([p.shingles for p in printed]) if printed else np.zeros(0, np.uint32)
    order = np.argsort(flat, kind="stable")
    article = np.repeat(np.arange(len(printed), dtype=np.int32), lengths)[order]
    return Sorted(flat[order], article, [p.doc for p in printed], lengths)


def merged(parts: Sequence[Sorted]) -> Sorted:
    """One part holding the articles of ``parts``, in their order."""
    if not parts:
        return sorted_shingles([])
    parts = [without_articles(p, p.dead) if p.dead is not None else p for p in parts]
    offsets = np.cumsum([0] + [len(p.lengths) for p in parts])
    flat = np.concatenate([np.asarray(p.shingles) for p in parts])
    article = np.concatenate([np.asarray(p.article, dtype=np.int64) + o for p, o in zip(parts, offsets, strict=False)])
    order = np.argsort(flat, kind="stable")
    docs = [p.doc(n) for p in parts for n in range(len(p.lengths))]
    return Sorted(flat[order], article[order].astype(np.int32), docs, np.concatenate([p.lengths for p in parts]))


def without_articles(part: Sorted, dead: np.ndarray) -> Sorted:
    """``part`` less the articles ``dead`` marks (a bool per article) and its tombstones,
    the rest renumbered."""
    live = ~(dead if part.dead is None else dead | part.dead)
    number = np.cumsum(live) - 1
    keep = live[part.article]
    docs = [d for d, alive in zip(part.docs, live.tolist(), strict=True) if alive]
    return Sorted(np.asarray(part.shingles)[keep], number[np.asarray(part.article)[keep]].astype(np.int32), docs,
                  np.asarray(part.lengths)[live])


def pairs_in(parts: Sequence[Sorted], new: Sequence[Printed]) -> list[Pair]:
    """The pairs of copies ``new`` make with the live articles of ``parts`` (each stored
    article live in one part, the new ones among them; an older version of it may lie dead
    in another), each new shingle looked up in every part: the cost grows with the new
    articles and the log of the stored ones, so adding ten articles to a million chunks
    reads a few thousand entries, not every shingle. The same pairs as ``pairs_of_new``;
    page furniture counts its live holders over all parts."""
    new = [p for p in new if len(p.shingles)]
    if not new or not parts:
        return []
    own, holder = _own(new)
    found = [(np.searchsorted(p.shingles, own, "left"), np.searchsorted(p.shingles, own, "right")) for p in parts]
    holders = np.sum([hi - lo for lo, hi in found], axis=0)
    # Tombstones hold nothing. A shingle's entries include at most one per dead article, so
    # only a count above the cap by no more than that can change side (below it, the dead
    # entries are dropped below, and the new article's own entry keeps it above 0): those
    # ranges are read, once per distinct shingle (page furniture many new articles hold).
    n_dead = sum(int(p.dead.sum()) for p in parts if p.dead is not None)
    close = np.flatnonzero((holders > MAX_HOLDERS) & (holders <= MAX_HOLDERS + n_dead)) if n_dead else []
    if len(close):
        _, first, which = np.unique(own[close], return_index=True, return_inverse=True)
        each = close[first]
        for part, (lo, hi) in zip(parts, found, strict=True):
            if part.dead is not None:
                runs = hi[each] - lo[each]
                dead = part.dead[np.asarray(part.article[_ranges(lo[each], hi[each])])]
                holders[close] -= np.bincount(np.repeat(np.arange(len(each)), runs)[dead], minlength=len(each))[which]
    keep = (holders > 0) & (holders <= MAX_HOLDERS)
    offsets = np.cumsum([0] + [len(p.lengths) for p in parts])
    stored_of, new_of = [], []
    for part, (lo, hi), offset in zip(parts, found, offsets, strict=False):
        lo, hi = lo[keep], hi[keep]
        stored = np.asarray(part.article[_ranges(lo, hi)], dtype=np.int64)
        of_new = np.repeat(holder[keep], hi - lo)
        if part.dead is not None:
            alive = ~part.dead[stored]
            stored, of_new = stored[alive], of_new[alive]
        stored_of.append(stored + offset)
        new_of.append(of_new)

    def doc(n: int) -> str:
        k = int(np.searchsorted(offsets, n, "right")) - 1
        return parts[k].doc(n - int(offsets[k]))

    lengths = np.concatenate([np.asarray(p.lengths) for p in parts])
    return _counted(np.concatenate(stored_of), np.concatenate(new_of), new, doc, lengths)


def _own(new: Sequence[Printed]) -> tuple[np.ndarray, np.ndarray]:
    """Each shingle of the ``new`` articles, sorted, with the new article holding it."""
    own = np.concatenate([p.shingles for p in new])
    holder = np.repeat(np.arange(len(new)), [len(p.shingles) for p in new])
    order = np.argsort(own, kind="stable")
    return own[order], holder[order]


def _counted(stored_of: np.ndarray, new_of: np.ndarray, new: Sequence[Printed], doc: Callable[[int], str],
             lengths: np.ndarray) -> list[Pair]:
    """The pairs that are copies, from one (stored article, new article) entry per shared shingle."""
    if not len(stored_of):
        return []
    keys, shared = np.unique(stored_of * len(new) + new_of, return_counts=True)
    # The thresholds first, in arrays: naming each stored article costs more than its test.
    stored, which = keys // len(new), keys % len(new)
    smaller = np.minimum(lengths[stored], np.array([len(p.shingles) for p in new])[which])
    copied = (shared / smaller >= CONTAINED) & (shared >= np.minimum(MIN_SHARED, smaller))
    found: set[Pair] = set()
    for n, k, count, least in zip(stored[copied].tolist(), which[copied].tolist(), shared[copied].tolist(),
                                  smaller[copied].tolist(), strict=True):
        name, p = doc(n), new[k]
        if name != p.doc:
            a, b = sorted((name, p.doc))
            found.add((count / least, a, b))
    return sorted(found)


def _ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The indexes lo[0]..hi[0]-1, lo[1]..hi[1]-1, … in one array."""
    runs = hi - lo
    return np.repeat(lo, runs) + np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs)


def groups(found: Iterable[Pair], by_doc: Mapping[str, Printed]) -> list[Cluster]:
    """The clusters the pairs of copies ``found`` make: best pairs first, two groups
    joining only if every article of one copies every one of the other."""
    found = set(found)
    copies = {(a, b) for _, a, b in found}
    group: dict[str, list[str]] = {}
    for _, a, b in sorted(found, key=lambda x: (-x[0], x[1], x[2])):
        ga, gb = group.get(a, [a]), group.get(b, [b])
        if ga is gb or not all((min(x, y), max(x, y)) in copies for x in ga for y in gb):
            continue
        joined = ga + gb
        for d in joined:
            group[d] = joined
    seen: set[int] = set()
    out = []
    for members in group.values():
        if id(members) in seen:
            continue
        seen.add(id(members))
        docs = sorted(members)
        out.append(Cluster(docs=docs, origin=origin([by_doc[d] for d in docs])))
    return sorted(out, key=lambda c: c.docs)


def origin(members: Iterable[Printed]) -> str:
    """The doc the others credit as first publisher, else the earliest dated (then by name)."""
    members = list(members)
    votes: dict[str, int] = {}
    for m in members:
        if not m.credit:
            continue
        named = _fold_name(m.credit)
        for other in members:
            if other is not m and other.outlet and _names_outlet(named, _fold_name(other.outlet)):
                votes[other.doc] = votes.get(other.doc, 0) + 1
    if votes:
        return min(votes, key=lambda d: (-votes[d], d))
    return min(members, key=lambda m: (m.date is None, m.date or "", m.doc)).doc


def _fold_name(name: str) -> str:
    return " ".join(words(re.sub(r"^\s*the\s+", "", name, flags=re.IGNORECASE)))


def _names_outlet(credited: str, outlet: str) -> bool:
    # "The Valley Wire on 3 May" names "Valley Wire"; "Wire" alone does not.
    return bool(outlet) and (credited == outlet or credited.startswith(outlet + " "))
