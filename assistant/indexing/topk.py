"""The BM25 of one question, computed only where it is read: its best documents, and
the scores of the documents asked for by row.

A search reads the best 50 chunks of each ranking and the scores of the 100 or so
candidates it weighs; scoring every chunk for that, then sorting them all, grew with the
corpus. The best documents come by MaxScore pruning (Turtle & Flood, 1995) where it pays:
a first floor is the k-th best exact score among the documents of the question's rarest
words; the commonest words whose ceilings (the most each gives any document) add up to
less than that floor cannot lift a document holding none of the other words into the top
k, so only the other words' postings are scored, and the common words are looked up (a
binary search) for the documents they found. When the other words' postings are most of
the question's (long questions of mid-frequency words), one pass over them all is
quicker, and is taken. Either way the result is exact: the same documents and float32
scores as scoring everything (tests/test_topk.py).

Sentence scores count by chunk: a chunk scores as its best sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .postings import Asked, Postings
from .segment import spans, summed

# Scoring the documents a filter passes one by one (a binary search per word) is cheaper
# than scanning postings when there are fewer than this share of the postings' length.
_DIRECT = 0.25
# A bound on rounding: partial sums run in another order than the exact ones.
_SLACK = 1e-6
# Postings (of all the question's words) below which scoring them all is as quick.
_SMALL = 100_000
_SEED = 4  # documents of the rarest words scored for a first floor, per item asked for
# Pruning scores the postings of all but the commonest words, a few times slower a posting
# than scoring them all: past this share of them, scoring them all is quicker.
_PRUNED_SHARE = 0.1
_SAMPLED = 1 << 16  # scores from which a top's floor is found through a sample (``rows_at_top``)
_STRIDE = 32


@dataclass(frozen=True)
class Groups:
    """Documents counted by group: sentences by chunk. ``owner`` is each document's group
    (ascending: a group's documents are one range, from ``first`` for ``count``)."""

    owner: np.ndarray
    first: np.ndarray
    count: np.ndarray

    def members(self, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The documents of ``groups`` (ascending, distinct), in order, and where each
        group's run starts among them (groups without documents left out)."""
        counts = self.count[groups]
        filled = counts > 0
        return spans(self.first[groups[filled]], counts[filled])


class QueryScores:
    """BM25 of the query ``terms`` (term ids, repeats counted) over ``items``: the
    documents of ``postings``, or with ``groups`` their groups, each scored as its best
    document. Ranks read ``top``; features ``at`` and ``max``; ``dense`` scores all."""

    def __init__(self, postings: Postings, terms: Sequence[int], items: int, groups: Groups | None = None) -> None:
        self._postings = postings
        self._terms = list(terms)
        self.items = items
        self._groups = groups
        self._tops: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # size -> unfiltered top
        self._every: np.ndarray | None = None  # every item's score, once one pass made them
        self._asked: Asked | None = None
        self._postings_read = sum(postings.df(t) for t in set(self._terms))

    def _whole(self) -> bool:
        """Whether every item's score is at hand, or as cheap to make as a few lookups (a
        question whose words have few postings): then reads come from it, and a search
        that reads a question's scores several times (the ranker's features) pays once."""
        return self._every is not None or self._postings_read <= _SMALL

    # -- exact scores ---------------------------------------------------------------------
    def _docs_exact(self, docs: np.ndarray) -> np.ndarray:
        """BM25 of ``docs`` (ascending, distinct), equal to ``Postings.scores``. Sentences
        are read by document (``Postings.gathered``: a sentence holds a dozen words, so
        the cost is what the sentences asked about hold); chunks, with a hundred words
        each, and the sentences of segments saved before they were kept so (making them is
        seconds at 100k chunks: not on a search), by a binary search of each question
        word's postings, summed word by word in the question's order in float64 as
        ``np.bincount`` sums them."""
        if self._groups is not None and self._postings.forward_ready:
            if self._asked is None:
                self._asked = self._postings.asked(self._terms)
            return self._postings.gathered(self._asked, docs)
        total = np.zeros(len(docs), np.float64)
        looked: dict[int, np.ndarray] = {}
        for term in self._terms:
            share = looked.get(term)
            if share is None:
                share = looked[term] = self._postings.lookup(term, docs)
            total += share
        return total.astype(np.float32)

    def at(self, items: np.ndarray) -> np.ndarray:
        """The scores of ``items`` (rows, any order)."""
        items = np.asarray(items, dtype=np.int64)
        out = np.zeros(len(items), np.float32)
        if not len(items) or not self._terms:
            return out
        if self._whole():
            return self.dense()[items]
        distinct, back = np.unique(items, return_inverse=True)
        if self._groups is None:
            return self._docs_exact(distinct)[back]
        docs, starts = self._groups.members(distinct)
        best = np.zeros(len(distinct), np.float32)
        if len(docs):
            best[self._groups.count[distinct] > 0] = np.maximum.reduceat(self._docs_exact(docs), starts)
        return best[back]

    def dense(self) -> np.ndarray:
        """The score of every item (one pass over every posting of the question's words,
        made once; read-only)."""
        if self._every is None:
            self._every = self._dense()
            self._every.flags.writeable = False
        return self._every

    def _dense(self) -> np.ndarray:
        if self._groups is None:
            return self._postings.scores(self._terms)
        out = np.zeros(self.items, np.float32)
        docs, shares = self._postings.contributions(self._terms)
        if not len(docs):
            return out
        if len(docs) * 32 > len(self._groups.owner):
            # Many sentences hold a word: score them all, each chunk's best one reduceat
            # over its range.
            every = np.bincount(docs, weights=shares, minlength=len(self._groups.owner))
            filled = np.flatnonzero(self._groups.count)
            out[filled] = np.maximum.reduceat(every, self._groups.first[filled])
            return out
        hit, scores = summed(docs, shares)
        owner = self._groups.owner[hit]
        starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        out[owner[starts]] = np.maximum.reduceat(scores, starts)
        return out

    # -- the best items -------------------------------------------------------------------
    def top(self, size: int, keep: np.ndarray | None = None,
            among: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``size`` items with the highest positive scores among those ``keep`` (a
        boolean per item) allows, best first, ties by row; and their scores. With
        ``among`` (items), only those are scored."""
        if among is not None:
            if size <= 0:
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            items = np.unique(np.asarray(among, dtype=np.int64))
            if keep is not None:
                items = items[keep[items]]
            return _best(items, self.at(items), size)
        if keep is None and size in self._tops:
            return self._tops[size]
        found = self._top(size, keep)
        if keep is None:
            self._tops[size] = found
        return found

    def max(self, keep: np.ndarray | None = None) -> float:
        """The best score among the items ``keep`` allows (0 when none scores)."""
        if self._whole():
            every = self.dense() if keep is None else self.dense()[keep]
            return max(0.0, float(every.max(initial=0.0)))
        _, scores = self.top(1, keep)
        return float(scores[0]) if len(scores) else 0.0

    def _top(self, size: int, keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        p = self._postings
        if size <= 0 or not self._terms:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        times = Counter(self._terms)
        df = {t: p.df(t) for t in times}
        words = sorted(times, key=df.__getitem__)  # rarest first
        if keep is not None:
            allowed = np.flatnonzero(keep)
            docs = len(allowed) if self._groups is None else int(self._groups.count[allowed].sum())
            if docs * len(words) < _DIRECT * sum(df.values()):
                return _best(allowed, self.at(allowed), size)
        total = sum(df.values())
        if self._whole() or len(words) == 1 or df[words[0]] > _PRUNED_SHARE * total:
            return self._dense_top(size, keep)  # small, or nothing worth sparing
        # A floor to start from: the size-th best among the documents of the rarest words.
        seed: list[int] = []
        for term in words[:-1]:  # not the commonest: it is the one worth sparing
            seed.append(term)
            if sum(df[t] for t in seed) >= _SEED * size:
                break
        floor = self._floor(*self._partial(seed, times, keep), size)
        bound = {t: times[t] * p.ceiling(t) for t in words}
        # The commonest words whose ceilings add up to less than the floor cannot lift a
        # document holding none of the others into the top: only the others' documents
        # are candidates (MaxScore's "essential" words), and the common words are looked
        # up for them alone.
        common: list[int] = []
        rest = 0.0
        for term in reversed(words):
            if (rest + bound[term]) * (1 + _SLACK) + _SLACK >= floor:
                break
            rest += bound[term]
            common.append(term)
        essential = words[:len(words) - len(common)]
        if not common or sum(df[t] for t in essential) > _PRUNED_SHARE * total:
            return self._dense_top(size, keep)
        docs, partial = self._partial(essential, times, keep)
        floor = max(floor, self._floor(docs, partial, size))
        for term in common:
            alive = partial + rest * (1 + _SLACK) + _SLACK >= floor
            docs, partial = docs[alive], partial[alive] + self._postings.lookup(term, docs[alive]) * times[term]
            rest -= bound[term]
        return self._exact_top(docs[partial * (1 + _SLACK) + _SLACK >= floor], size, None)

    def _partial(self, terms: list[int], times: Counter[int],
                 keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding some of ``terms`` that ``keep`` allows (ascending), and
        their scores over those words alone."""
        found = [self._postings.weighted(t) for t in terms]
        docs = np.concatenate([d for d, _ in found])
        shares = np.concatenate([w * times[t] for t, (_, w) in zip(terms, found, strict=True)])
        if len(docs) * 16 > self._postings.n_docs:  # many: one pass beats a sort
            every = np.bincount(docs, weights=shares, minlength=self._postings.n_docs)
            docs = np.flatnonzero(every)
            partial = every[docs]
        else:
            docs, partial = summed(docs, shares)
            partial = partial.astype(np.float64)  # many additions follow: float32 rounding would eat the slack
        if keep is not None:
            passing = keep[docs if self._groups is None else self._groups.owner[docs]]
            docs, partial = docs[passing], partial[passing]
        return docs.astype(np.int64), partial

    def _floor(self, docs: np.ndarray, partial: np.ndarray, size: int) -> float:
        """A score ``size`` items reach: the size-th best exact score among the items of
        the ``docs`` (ascending) with the best ``partial`` scores; -inf when too few
        items score."""
        take = size * (2 if self._groups is None else 4)
        while True:
            best = docs
            if len(docs) > take:
                best = np.sort(docs[np.argpartition(-partial, take)[:take]])
            _, scores = self._exact_top(best, size, None)
            if len(scores) == size:
                return float(scores[-1])
            if len(best) == len(docs):
                return -np.inf
            take *= 4

    def _exact_top(self, candidates: np.ndarray, size: int, keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if self._groups is None:
            if keep is not None:
                candidates = candidates[keep[candidates]]
            return _best(candidates, self._docs_exact(candidates), size)
        owner = self._groups.owner[candidates]
        if keep is not None:
            passing = keep[owner]
            candidates, owner = candidates[passing], owner[passing]
        if not len(candidates):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        # Each chunk's best sentence among those found: exact for every chunk that can
        # reach the top, since a sentence not found scores below the floor.
        return _best(owner[starts], np.maximum.reduceat(self._docs_exact(candidates), starts), size)

    def _dense_top(self, size: int, keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        scores = self.dense()
        if keep is not None:
            scores = np.where(keep, scores, 0).astype(np.float32)
        items = rows_at_top(scores, size)
        return _best(items, scores[items], size)


def rows_at_top(scores: np.ndarray, size: int) -> np.ndarray:
    """The rows of the positive ``scores`` at or above the ``size``-th largest (ties at it
    stay, for ``_best`` to order by row), ascending; every positive one when fewer. Exact,
    as one partition of them all gives it, but that partition of a million sentences'
    scores was most of a slow search at 1M chunks (76 ms), and listing every positive row
    first (most of them, for common words) took twice as long: a strided sample's near-top
    bounds the few that can reach it, and only those are partitioned. Should fewer than
    ``size`` reach the bound, or the bound be no score, all positive rows are."""
    n = len(scores)
    if n >= _SAMPLED and size * _STRIDE * 4 <= n:
        sample = scores[::_STRIDE]
        k = min(len(sample), 2 * size // _STRIDE + 16)  # twice the expected share, and some
        bound = np.partition(sample, len(sample) - k)[len(sample) - k]
        if bound > 0:
            rows = np.flatnonzero(scores >= bound)
            # Every score at or above the size-th is at or above the bound when size reach it.
            if len(rows) >= size:
                return _at_or_above_size_th(rows, scores[rows], size)
    rows = np.flatnonzero(scores > 0)
    return rows if len(rows) <= size else _at_or_above_size_th(rows, scores[rows], size)


def _at_or_above_size_th(rows: np.ndarray, scores: np.ndarray, size: int) -> np.ndarray:
    floor = np.partition(scores, len(scores) - size)[len(scores) - size]
    return rows[scores >= floor]


def _best(items: np.ndarray, scores: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``size`` best of ``items`` by positive ``scores``, best first, ties by item."""
    positive = scores > 0
    items, scores = items[positive], scores[positive]
    order = np.lexsort((items, -scores))[:size]
    return items[order].astype(np.int64), scores[order]
