"""BM25 kept in segments and scored at query time with the statistics of the whole
collection, as Lucene does. bm25s folds each word's IDF into its stored scores, so adding
ten articles meant rebuilding it over every chunk (25 s at 100k chunks). A segment here
stores only term frequencies: adding documents writes a new one, removing some drops their
postings (array operations, no tokenising again), and a search weighs each posting with the
current statistics, touching only the postings of the question's words. Scores equal bm25s's
default ("lucene": k1 1.5, b 0.75) over the same documents built at once (test_postings.py).
Sentence segments also keep their postings by document (a forward index, as Lucene's term
vectors): candidate sentences' words are read there, at a cost that does not grow with the corpus.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .segment import Segment, forward_kept, plus, spans

K1, B = 1.5, 0.75  # bm25s's defaults, which the ranker was trained on
MEMO_POSTINGS = 4_000_000  # weighted postings remembered per index (8 bytes each)
# A word in at least this share of the documents is looked up in an array of its weights,
# one per document, remembered within ``DENSE_BYTES`` per ``Postings`` (the chunks', and
# the sentences' through MaxScore's lookups: up to twice that an index), each process its
# own: a binary search of its postings for the tens of thousands of candidates a search
# weighs grew with the corpus (most lookup time at 300k chunks: words in a fifth of them).
# Searches in several threads may each add one array past the budget.
DENSE_SHARE = 1 / 16
DENSE_BYTES = 128 * 2**20


@dataclass(frozen=True)
class Asked:
    """A question's terms made ready for ``Postings.gathered``: ``slots[t - low]`` is the
    place of term ``t`` among them (-1 for words not asked), with its IDF and repeats."""

    low: int
    slots: np.ndarray
    idf: np.ndarray  # float32
    times: np.ndarray  # float64


def _segment(docs_tokens: Sequence[Sequence[str]], vocab: dict[str, int], first: int) -> tuple[Segment, np.ndarray]:
    """A segment of ``docs_tokens`` (numbered from ``first``), adding new words to
    ``vocab``; and each document's length in tokens."""
    n = len(docs_tokens)
    lengths = np.fromiter((len(d) for d in docs_tokens), dtype=np.int64, count=n)
    add = vocab.setdefault
    ids = np.fromiter((add(t, len(vocab)) for d in docs_tokens for t in d), dtype=np.int64,
                      count=int(lengths.sum()))
    doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    # One sort makes the postings term-major with documents ascending, and counts repeats.
    keys, tfs = np.unique(ids * max(n, 1) + doc, return_counts=True)
    terms = keys // max(n, 1)
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(np.bincount(terms, minlength=len(vocab)), out=indptr[1:])
    seg = Segment(first, n, indptr, (keys % max(n, 1) + first).astype(np.int32),
                  np.minimum(tfs, np.iinfo(np.uint16).max).astype(np.uint16))
    return seg, lengths.astype(np.float32)


class Postings:
    """BM25 over documents numbered 0 .. n-1, held in segments (see the module docstring)."""

    def __init__(self, terms: list[str], segments: list[Segment], lengths: np.ndarray,
                 dead: np.ndarray | None = None, dead_df: np.ndarray | None = None) -> None:
        self.terms = terms  # word of each term id, in the order words were first seen
        self.vocab = {t: i for i, t in enumerate(terms)}
        self.segments = segments
        self.lengths = np.asarray(lengths, dtype=np.float32)
        self.n_docs = len(self.lengths)  # document numbers, the removed ones included
        # Removed documents still in their segments (tombstones, as Lucene's deleted docs):
        # ``dead`` marks them and ``dead_df`` counts, per term id, how many hold it. The
        # statistics leave them out, so the other documents score as in an index built
        # without them, and they score 0 (an infinite length norm): never found.
        self.dead = dead if dead is not None and dead.any() else None
        self._dead_df = dead_df if self.dead is not None else None
        live = self.lengths if self.dead is None else self.lengths[~self.dead]
        self.n_live = len(live)
        mean = float(live.mean()) if self.n_live else 1.0
        self._norm = (K1 * ((1 - B) + B * self.lengths / max(mean, 1e-9))).astype(np.float32)
        if self.dead is not None:
            self._norm[self.dead] = np.inf
        self._memo: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._memo_size = 0
        self._dense: dict[int, np.ndarray] = {}
        self._ceilings: dict[int, float] = {}
        self._dfs: dict[int, int] = {}

    def deleting(self, newly: np.ndarray) -> Postings:
        """These postings with the documents ``newly`` marks (a boolean per document) removed
        as tombstones: no segment changes, so none is saved again."""
        newly = newly & ~self.dead if self.dead is not None else newly
        counts = np.zeros(len(self.terms), np.int64)
        for seg in self.segments:
            part = newly[seg.first:seg.first + seg.count]
            if not part.any():
                continue
            if seg.forward is not None:  # the dead documents' own terms: what the removal costs
                findptr, fterms, _ = seg.forward
                local = np.flatnonzero(part)
                at, _ = spans(findptr[local], findptr[local + 1] - findptr[local])
                terms = np.asarray(fterms[at], dtype=np.int64)
            else:  # one pass over the segment's postings
                terms = np.searchsorted(seg.indptr, np.flatnonzero(newly[seg.docs]), side="right") - 1
            counts += np.bincount(terms, minlength=len(counts))
        dead = newly if self.dead is None else self.dead | newly
        return Postings(self.terms, self.segments, self.lengths, dead, plus(self._dead_df, counts))

    def dead_counts(self) -> np.ndarray:
        """Per term id, how many removed documents hold it (see ``__init__``)."""
        return plus(self._dead_df, np.zeros(len(self.terms), np.int64))

    @classmethod
    def empty(cls) -> Postings:
        return cls([], [], np.zeros(0, np.float32))

    @classmethod
    def build(cls, docs_tokens: Sequence[Sequence[str]]) -> Postings:
        """One segment of ``docs_tokens``."""
        return cls.empty().appended(docs_tokens)

    def appended(self, docs_tokens: Sequence[Sequence[str]]) -> Postings:
        """These postings and ``docs_tokens`` as one more segment (numbered from ``n_docs``)."""
        vocab = dict(self.vocab)  # a search may be reading this object's vocabulary now
        seg, lengths = _segment(docs_tokens, vocab, self.n_docs)
        terms = self.terms + list(vocab)[len(self.terms):]
        dead = None if self.dead is None else np.concatenate([self.dead, np.zeros(len(lengths), bool)])
        return Postings(terms, [*self.segments, seg], np.concatenate([self.lengths, lengths]), dead, self._dead_df)

    def without(self, dead: np.ndarray, drop: Collection[int] = ()) -> Postings:
        """These postings without the documents ``dead`` marks (a boolean per document),
        the rest renumbered in order; segments keep their boundaries, but those numbered in
        ``drop`` (left empty) go. ``dead`` takes the tombstones with it (it holds them, or
        they are added to it): the result has none."""
        if self.dead is not None:
            dead = dead | self.dead
        renumber = np.cumsum(~dead) - 1
        segments = []
        for k, seg in enumerate(self.segments):
            if k in drop:
                continue
            keep = ~dead[seg.docs]
            term_of = seg.term_of()
            indptr = np.zeros_like(seg.indptr)
            np.cumsum(np.bincount(term_of[keep], minlength=seg.terms), out=indptr[1:])
            live = ~dead[seg.first:seg.first + seg.count]
            first = int(renumber[seg.first - 1]) + 1 if seg.first else 0
            segments.append(Segment(first, int(live.sum()), indptr, renumber[seg.docs[keep]].astype(np.int32),
                                    np.asarray(seg.tfs[keep]), forward_kept(seg.forward, live)))
        return Postings(self.terms, segments, self.lengths[~dead])

    def merged(self, first: int = 0) -> Postings:
        """The same postings with segments ``first`` onwards as one (a search then reads
        one slice a word)."""
        if len(self.segments) - first <= 1:
            return self
        tail = self.segments[first:]
        width = len(self.terms)
        term_of = np.concatenate([s.term_of() for s in tail])
        docs = np.concatenate([s.docs for s in tail])
        tfs = np.concatenate([s.tfs for s in tail])
        # Segments hold ascending document ranges, so a stable sort by term keeps documents ascending.
        order = np.argsort(term_of, kind="stable")
        indptr = np.zeros(width + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_of, minlength=width), out=indptr[1:])
        forward = None
        if all(s.forward is not None for s in tail):  # else made when first read, as for a new segment
            forwards = [s.by_document() for s in tail]
            ends = np.cumsum([0] + [len(f[1]) for f in forwards])
            findptr = np.concatenate([np.asarray(f[0][:-1]) + end for f, end in zip(forwards, ends[:-1], strict=True)]
                                     + [ends[-1:]])
            forward = (findptr.astype(np.int64), np.concatenate([f[1] for f in forwards]),
                       np.concatenate([f[2] for f in forwards]))
        one = Segment(tail[0].first, sum(s.count for s in tail), indptr, docs[order], tfs[order], forward)
        return Postings(self.terms, [*self.segments[:first], one], self.lengths, self.dead, self._dead_df)

    # -- scoring --------------------------------------------------------------------------
    def ids(self, tokens: Sequence[str]) -> list[int]:
        """Term ids of ``tokens`` that occur in some document (repeats kept, as bm25s does)."""
        vocab = self.vocab
        return [vocab[t] for t in tokens if t in vocab]

    def idf(self, df: int) -> float:
        return math.log(1 + (self.n_live - df + 0.5) / (df + 0.5))

    def weighted(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``term`` and its BM25 share in each, remembered: the words
        of a question come back in each of its clauses and in the next questions."""
        found = self._memo.get(term)
        if found is None:
            found = self._weighed(term)
            if self._memo_size + len(found[0]) <= MEMO_POSTINGS:
                self._memo[term] = found
                self._memo_size += len(found[0])
        return found

    def _weighed(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        parts = [s.postings(term) for s in self.segments]
        docs = np.concatenate([d for d, _ in parts]) if len(parts) > 1 else parts[0][0]
        tf = (np.concatenate([t for _, t in parts]) if len(parts) > 1 else parts[0][1]).astype(np.float32)
        return docs, (self.idf(self.df(term)) * tf / (tf + self._norm[docs])).astype(np.float32)

    def df(self, term: int) -> int:
        """How many documents hold ``term`` (remembered: a search asks often)."""
        found = self._dfs.get(term)
        if found is None:
            found = sum(int(s.indptr[term + 1] - s.indptr[term]) for s in self.segments if term < s.terms)
            if self._dead_df is not None and term < len(self._dead_df):
                found -= int(self._dead_df[term])
            self._dfs[term] = found
        return found

    def ceiling(self, term: int) -> float:
        """The largest BM25 share ``term`` gives any document, remembered (one float a
        word): what a document not yet scored for it can gain at most."""
        found = self._ceilings.get(term)
        if found is None:
            found = 0.0
            for seg in self.segments:
                docs, tfs = seg.postings(term)
                if len(docs):
                    tf = tfs.astype(np.float32)
                    found = max(found, float((tf / (tf + self._norm[docs])).max()))
            found *= self.idf(self.df(term)) * (1 + 1e-6)  # above every share, rounding included
            self._ceilings[term] = found
        return found

    def lookup(self, term: int, docs: np.ndarray) -> np.ndarray:
        """The BM25 share of ``term`` in each of ``docs`` (ascending, distinct), 0 where it
        does not occur: a binary search per document, so a word costs what the documents
        asked about cost, not what its postings do; a common word's first lookup reads its
        postings once into an array of its weights (``DENSE_SHARE``), and later ones index
        it. The same float32 values as ``scores`` adds up."""
        out = np.zeros(len(docs), np.float32)
        if not len(docs):
            return out
        every = self._dense_weights(term)
        if every is not None:
            return every[docs]
        found = self._memo.get(term)
        if found is not None:
            self._place(out, 0, docs, *found)
            return out
        idf = self.idf(self.df(term))
        for seg in self.segments:
            held, tfs = seg.postings(term)
            if not len(held):
                continue
            lo, hi = np.searchsorted(docs, [seg.first, seg.first + seg.count])
            if lo < hi:
                self._place(out, int(lo), docs[lo:hi], held, tfs, idf)
        return out

    def _dense_weights(self, term: int) -> np.ndarray | None:
        """The weight of a common ``term`` in every document (0 where absent; the float32
        values ``weighted`` gives), remembered; None for a word below ``DENSE_SHARE`` or
        when the budget is spent. The first common words asked keep their places: across
        questions they are the ones asked again."""
        found = self._dense.get(term)
        if found is not None or self.df(term) < DENSE_SHARE * self.n_docs:
            return found
        if 4 * self.n_docs * (len(self._dense) + 1) > DENSE_BYTES:
            return None
        docs, weights = self._memo.get(term) or self._weighed(term)  # (not added to the memo too)
        found = np.zeros(self.n_docs, np.float32)
        found[docs] = weights
        found.flags.writeable = False
        self._dense[term] = found
        return found

    def warm(self) -> None:
        """Make now what ``lookup`` and MaxScore make for the commonest words when first asked
        (weight arrays, ceilings): at 1M chunks, the first questions after opening paid for it."""
        held = -self.dead_counts()  # live documents per word: a removed document's postings stay
        for seg in self.segments:
            held[:seg.terms] += np.diff(seg.indptr)
        for term in np.argsort(-held, kind="stable")[:DENSE_BYTES // (4 * self.n_docs) if self.n_live else 0].tolist():
            if self._dense_weights(term) is None:  # too rare for one, or the budget spent
                break
            self.ceiling(term)

    @property
    def forward_ready(self) -> bool:
        """Whether every segment has its postings by document at hand (saved with it, or
        made by a save): ``gathered`` then reads no segment's postings whole."""
        return all(seg.forward is not None for seg in self.segments)

    def asked(self, terms: Sequence[int]) -> Asked:
        """The query ``terms`` (repeats count) made ready for ``gathered``."""
        wanted, times = np.unique(np.asarray(terms, dtype=np.int64), return_counts=True)
        idf = np.array([self.idf(self.df(int(t))) for t in wanted], dtype=np.float32)
        low = int(wanted[0]) if len(wanted) else 0
        slots = np.full(int(wanted[-1]) - low + 1 if len(wanted) else 0, -1, dtype=np.int32)
        slots[wanted - low] = np.arange(len(wanted))
        return Asked(low, slots, idf, times.astype(np.float64))

    def gathered(self, asked: Asked, docs: np.ndarray) -> np.ndarray:
        """BM25 of each of ``docs`` (ascending, distinct) for the question ``asked``, read
        from the postings by document: the cost is the words those documents hold, whatever
        the corpus. The same float32 values as ``scores``: shares are weighed in float32 as
        ``weighted`` does, and a document's few shares add up exactly in float64 in any order
        (float32 values less than 2**29 apart do; one document's are a few powers of ten apart)."""
        out = np.zeros(len(docs), np.float64)
        if not len(docs) or not len(asked.slots):
            return out.astype(np.float32)
        for seg in self.segments:
            lo, hi = (int(x) for x in np.searchsorted(docs, [seg.first, seg.first + seg.count]))
            if lo == hi:
                continue
            findptr, fterms, ftfs = seg.by_document()
            local = docs[lo:hi] - seg.first
            starts, ends = findptr[local], findptr[local + 1]
            counts = ends - starts
            total = int(counts.sum())
            if not total:
                continue
            # Consecutive documents (a chunk's sentences) are one run of entries: build the
            # entry positions run by run.
            runs = np.flatnonzero(np.concatenate(([True], starts[1:] != ends[:-1])))
            at, _ = spans(starts[runs], np.add.reduceat(counts, runs))
            rel = fterms[at].astype(np.int64) - asked.low
            near = np.flatnonzero(rel.view(np.uint64) < len(asked.slots))  # (negatives wrap round)
            slot = asked.slots[rel[near]]
            hit = near[slot >= 0]
            if not len(hit):
                continue
            slot = slot[slot >= 0]
            # The document of each entry found: the last one starting at or before it.
            first = np.concatenate(([0], np.cumsum(counts)[:-1]))
            owner = lo + np.searchsorted(first, hit, side="right") - 1  # (an empty document shares its start)
            tf = ftfs[at[hit]].astype(np.float32)
            share = asked.idf[slot] * tf / (tf + self._norm[docs[owner]])
            out[lo:hi] = np.bincount(owner - lo, weights=share.astype(np.float64) * asked.times[slot],
                                     minlength=hi - lo)
        return out.astype(np.float32)

    def _place(self, out: np.ndarray, lo: int, docs: np.ndarray, held: np.ndarray, values: np.ndarray,
               idf: float | None = None) -> None:
        """``out[lo + i]`` = the value of ``docs[i]`` in ``held`` (ascending), where it is
        there; ``values`` are weights, or term frequencies to weigh with ``idf``."""
        if not len(held):
            return
        # In the postings' own int32: int64 needles made numpy copy the whole postings to
        # int64 first, a cost that grew with the word's document frequency.
        asked = docs.astype(np.int32, copy=False) if held.dtype == np.int32 else docs
        at = np.minimum(np.searchsorted(held, asked), len(held) - 1)
        hit = held[at] == asked
        picked = values[at[hit]]
        if idf is not None:
            tf = picked.astype(np.float32)
            picked = (idf * tf / (tf + self._norm[docs[hit]])).astype(np.float32)
        out[lo + np.flatnonzero(hit)] = picked

    def contributions(self, terms: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Every (document, BM25 share) the ``terms`` give, unsummed: a document holding
        two of them is listed twice."""
        found = [self.weighted(t) for t in terms] if self.segments else []
        found = [f for f in found if len(f[0])]
        if not found:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        if len(found) == 1:
            return found[0]
        return np.concatenate([d for d, _ in found]), np.concatenate([w for _, w in found])

    def scores(self, terms: Sequence[int]) -> np.ndarray:
        """BM25 of every document for the query ``terms`` (zeros where none occurs)."""
        docs, shares = self.contributions(terms)
        if not len(docs):
            return np.zeros(self.n_docs, np.float32)
        return np.bincount(docs, weights=shares, minlength=self.n_docs).astype(np.float32)

    # -- files ----------------------------------------------------------------------------
    def save_segment(self, k: int, folder: Path, prefix: str, by_document: bool = False) -> None:
        """Segment ``k``, its documents' lengths and the words it added, under ``folder``
        (with its postings by document if ``by_document``)."""
        seg = self.segments[k]
        seg.save(folder, prefix, by_document)
        np.save(folder / f"{prefix}_lengths.npy", self.lengths[seg.first:seg.first + seg.count])
        known = self.segments[k - 1].terms if k else 0
        (folder / f"{prefix}_terms.json").write_text(json.dumps(self.terms[known:seg.terms], ensure_ascii=False),
                                                     encoding="utf-8")

    @classmethod
    def load(cls, folders: Sequence[Path], prefix: str, dead: np.ndarray | None = None,
             dead_terms: np.ndarray | None = None, dead_counts: np.ndarray | None = None) -> Postings:
        """The postings saved by ``save_segment`` in ``folders``, in segment order, with the
        tombstones ``dead`` (a boolean per document) holding ``dead_counts`` of the term ids
        ``dead_terms`` (ascending); ValueError when they do not fit the postings."""
        terms: list[str] = []
        segments, lengths = [], []
        first = 0
        for folder in folders:
            terms.extend(json.loads((folder / f"{prefix}_terms.json").read_text(encoding="utf-8")))
            length = np.load(folder / f"{prefix}_lengths.npy")
            seg = Segment.load(folder, prefix, first, len(length))
            if seg.terms != len(terms):
                raise ValueError(f"{folder}: {prefix} postings cover {seg.terms} words, the vocabulary {len(terms)}")
            segments.append(seg)
            lengths.append(length)
            first += len(length)
        dead_df = None
        if dead is not None:
            t, c = np.asarray(dead_terms, dtype=np.int64), np.asarray(dead_counts, dtype=np.int64)
            if (len(dead) != first or t.ndim != 1 or len(t) != len(c) or (np.diff(t) <= 0).any() or (t < 0).any()
                    or (t >= len(terms)).any() or (c <= 0).any()):
                raise ValueError(f"{prefix} tombstones do not fit the postings")
            held = np.zeros(len(t), np.int64)  # how many documents hold each term, the dead ones included
            for seg in segments:
                inside = t < seg.terms
                held[inside] += seg.indptr[t[inside] + 1] - seg.indptr[t[inside]]
            if (c > held).any():
                raise ValueError(f"{prefix} tombstones count more documents than hold their words")
            dead_df = np.zeros(len(terms), np.int64)
            dead_df[t] = c
        return cls(terms, segments, np.concatenate(lengths) if lengths else np.zeros(0, np.float32), dead, dead_df)
