"""The lexical side of the index: BM25 over every chunk and every sentence (our own
postings, :mod:`assistant.indexing.postings`), and the table of chunk texts, metadata and
vectors that results are built from (the vectors, and their int8 copies, let a filtered
search score the chunks it passes exactly, without a slow Chroma ``where``).

Kept in segments: an indexing run hands over the files it removed or rewrote and the
chunks it stored, and only those are tokenised and saved (a new segment); the old chunks
of those files are marked removed (tombstones) until they are a quarter of the rows.
Saved beside the store with the manifest generation it matches; a stale or missing copy
is rebuilt from the store on open.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection, Iterable, Iterator
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import StoreError
from . import static_vectors, tombstones
from .postings import Postings
from .quantized import VECTORS_FILE, Quantized
from .rows import Chain, Picked, load_rows, save_rows
from .segment import spans
from .stacked import Stacked
from .store import ChromaStore
from .table import ChunkTable, Columns
from .tokens import QueryTokenizer, tokenize
from .topk import Groups, QueryScores

DIRNAME = "lexical"
FORMAT = 5  # bump when the saved layout changes: an older copy is rebuilt from the store
# A folder with tombstones says so by its format: older code would read their rows as live,
# and seeing a format it does not know, rebuilds instead (without them it reads the folder).
FORMAT_DELETED = 6
MAX_SEGMENTS = 16  # more, and a search's per-word slices add up: merge them into one
# Removed chunks stay in their segments as tombstones (one small file) until they are more
# than this share of the rows; then the index is rewritten without them (as Lucene does).
RECLAIM_SHARE = 0.25
_SEGMENT = "seg-"
_BATCH = 20_000  # chunks tokenised at a time

Row = tuple[str, str, dict[str, Any], Any]  # (chunk id, text, metadata, vector)


class LexicalIndex:
    """BM25 over chunks (header + text) and over single sentences. A question's words
    spread over a whole chunk find the right article; a sentence that matches them
    closely finds the passage holding the fact (on MultiHop-RAG dev the sentence side
    added 3 points of MRR@10). Each sentence also has a static vector
    (:mod:`assistant.static_vectors`), for paraphrases that share no word with the question.
    Kept in segments: see the module docstring."""

    def __init__(self, table: ChunkTable, chunks: Postings, sentences: Postings, sentence_chunk: np.ndarray,
                 generation: int, sentence_vectors: np.ndarray,
                 disk: tuple[str, tuple[str, ...]] | None = None) -> None:
        self.table = table
        self._chunks = chunks
        self._sentences = sentences
        # Chunk row of each sentence, in row order (build writes them so; load checks), so
        # each chunk's sentences are one contiguous range.
        self._sentence_chunk = sentence_chunk
        self._sentence_vectors = sentence_vectors  # static vector of each sentence, float16
        first = np.searchsorted(sentence_chunk, np.arange(len(table) + 1))
        self._sentence_first, self._sentence_count = first[:-1], np.diff(first)
        self._sentence_groups = Groups(sentence_chunk, self._sentence_first, self._sentence_count)
        self.generation = generation
        self._tokens = QueryTokenizer()
        # The folder this index was loaded from or saved to, and the segments it holds there
        # (the first of this index's segments, unchanged): a save writes only the rest.
        self._disk = disk

    @property
    def segments(self) -> int:
        return len(self._chunks.segments)

    def warm(self) -> None:
        """``Postings.warm`` for the chunks' postings, which every search reads."""
        self._chunks.warm()

    @classmethod
    def empty(cls, generation: int = 0) -> LexicalIndex:
        none = Postings.empty()
        return cls(ChunkTable([], [], [], np.zeros((0, 0), np.float16)), none, none, np.zeros(0, np.int64),
                   generation, np.zeros((0, static_vectors.packaged().dimension), np.float16))

    @classmethod
    def build(cls, rows: Iterable[Row], generation: int) -> LexicalIndex:
        return cls.empty(generation).updated((), rows, generation)

    def updated(self, removed: Collection[str], rows: Iterable[Row], generation: int) -> LexicalIndex:
        """This index without the chunks of the files ``removed`` and with ``rows`` added
        (one new segment, in chunk-id order as ``ChromaStore.iter_sorted`` gives them; a
        collection is sorted here), as of ``generation``. Removed chunks keep their rows
        (tombstones) until they pass ``RECLAIM_SHARE`` of the rows: then the rows kept shift
        down past them. The object itself is not changed (searches may be reading it)."""
        index, disk = self, self._disk
        if removed and len(self.table):
            gone = set(removed)
            codes = [i for i, s in enumerate(self.table.sources) if s in gone]
            newly = np.isin(self.table.source_code, codes)
            before = self.table.dead
            if before is not None:
                newly &= ~before
            if newly.any():
                dead = newly if before is None else newly | before
                if dead.sum() > RECLAIM_SHARE * len(dead):
                    index, disk = index._without(dead), None
                else:  # the saved segments stay as they are: a removal writes one small file
                    index = index._deleting(newly)
        if not isinstance(rows, Iterator):
            rows = sorted(rows, key=lambda r: r[0])
        index = index._appended(iter(rows))
        if index.segments > MAX_SEGMENTS:  # written again whole: without the tombstones
            if index.table.dead is not None:
                index = index._without(np.zeros(len(index.table), dtype=bool))
            index, disk = index._merged(), None
        if index is self:  # nothing changed: a new object all the same, this one may be in use
            index = LexicalIndex(self.table, self._chunks, self._sentences, self._sentence_chunk, generation,
                                 self._sentence_vectors)
        index.generation, index._disk = generation, disk  # made here, seen by no search yet
        return index

    def _appended(self, rows: Iterator[Row]) -> LexicalIndex:
        """This index and ``rows`` as one more segment (this index itself when there are none)."""
        from ..text.sentences import split_sentences

        start = len(self.table)
        ids: list[str] = list(self.table.ids)
        texts: list[str] = []  # of the new rows only: the table's stay where they are (on disk, maybe)
        metas: list[dict[str, Any]] = []
        matrices: list[Any] = [self.table.vectors] if start else []
        quantized: list[Quantized | None] = [self.table.quantized] if start else []
        chunks, sentences = self._chunks, self._sentences
        rows_of: list[np.ndarray] = [self._sentence_chunk]
        encoded: list[Any] = [self._sentence_vectors]
        # A batch at a time, read from the store as it goes: holding every row cost 20 KB a
        # chunk, and the token lists of 100k chunks and their sentences 3.1 GB more.
        while batch := list(islice(rows, _BATCH)):
            first_row = len(ids)
            if any(a[0] >= b[0] for a, b in pairwise(batch)) or (first_row > start and batch[0][0] <= ids[-1]):
                raise ValueError("rows must come in ascending chunk-id order (ChromaStore.iter_sorted)")
            ids.extend(r[0] for r in batch)
            texts.extend(r[1] for r in batch)
            metas.extend(r[2] for r in batch)
            matrices.append(np.stack([np.asarray(r[3], dtype=np.float16) for r in batch]))
            quantized.append(Quantized.of(matrices[-1]))
            del batch
            sentence_texts: list[str] = []
            owners: list[int] = []
            for row in range(first_row, len(ids)):
                text = texts[row - start]
                for a, b in split_sentences(text, 0, len(text)):
                    sentence_texts.append(text[a:b])
                    owners.append(row)
            new = slice(first_row - start, None)
            headed = [f"{m.get('header', '')}\n{t}" for t, m in zip(texts[new], metas[new], strict=True)]
            chunks = chunks.appended(tokenize(headed))
            sentences = sentences.appended(tokenize(sentence_texts))
            rows_of.append(np.asarray(owners, dtype=np.int64))
            encoded.append(static_vectors.packaged().encode(sentence_texts).astype(np.float16))
        if len(ids) == start:
            return self
        # Stacked and chained, not joined: the saved segments' vectors stay memory-mapped
        # and their rows on disk.
        old = self.table
        table = ChunkTable(ids, Chain([old.texts, texts]), Chain([old.metas, metas]),
                           Stacked.of(matrices, (0, 0), np.float16),
                           Columns.joined([old.columns, Columns.of(metas)]) if start else Columns.of(metas),
                           None if old.dead is None else np.concatenate([old.dead, np.zeros(len(ids) - start, bool)]),
                           Quantized.stacked(quantized))
        # The batches are one segment: what one run added.
        first = self.segments
        return LexicalIndex(table, chunks.merged(first), sentences.merged(first), np.concatenate(rows_of),
                            self.generation, Stacked.of(encoded, (0, encoded[0].shape[1]), np.float16))

    def _deleting(self, newly: np.ndarray) -> LexicalIndex:
        """This index with the chunks ``newly`` marks removed as tombstones: their rows stay
        (row numbers and saved segments unchanged) but nothing finds them any more."""
        t = self.table
        dead = newly if t.dead is None else t.dead | newly
        table = ChunkTable(t.ids, t.texts, t.metas, t.vectors, t.columns, dead, t.quantized)
        return LexicalIndex(table, self._chunks.deleting(newly), self._sentences.deleting(newly[self._sentence_chunk]),
                            self._sentence_chunk, self.generation, self._sentence_vectors, self._disk)

    def _without(self, dead: np.ndarray) -> LexicalIndex:
        """This index without the rows ``dead`` marks (the tombstones included), renumbered."""
        if self.table.dead is not None:
            dead = dead | self.table.dead
        t = self.table
        keep = np.flatnonzero(~dead)
        table = ChunkTable([t.ids[i] for i in keep], Picked(t.texts, keep), Picked(t.metas, keep),
                           np.asarray(t.vectors[keep]), t.columns.taken(keep),  # type: ignore[union-attr]
                           quantized=None if t.quantized is None else t.quantized.taken(keep))
        dead_sentences = dead[self._sentence_chunk]
        renumber = np.cumsum(~dead) - 1
        # A segment whose chunks all go goes (its sentences go with them).
        drop = {k for k, s in enumerate(self._chunks.segments) if dead[s.first:s.first + s.count].all()}
        return LexicalIndex(table, self._chunks.without(dead, drop), self._sentences.without(dead_sentences, drop),
                            renumber[self._sentence_chunk[~dead_sentences]], self.generation,
                            np.asarray(self._sentence_vectors[~dead_sentences]))

    def _merged(self) -> LexicalIndex:
        return LexicalIndex(self.table, self._chunks.merged(), self._sentences.merged(), self._sentence_chunk,
                            self.generation, self._sentence_vectors)

    def scores(self, query: str) -> QueryScores:
        """BM25 of every chunk (header + text) for ``query``, computed where it is read."""
        return QueryScores(self._chunks, self._chunks.ids(self._tokens(query)), len(self.table))

    def sentence_scores(self, query: str) -> QueryScores:
        """For every chunk, the BM25 score of its best-matching sentence, computed where
        it is read."""
        return QueryScores(self._sentences, self._sentences.ids(self._tokens(query)), len(self.table),
                           self._sentence_groups)

    def sentence_similarity(self, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """For each chunk of ``rows`` and each of ``vectors`` (static vectors, unit length),
        the best cosine over the chunk's sentences: shape (len(rows), len(vectors)); 0 for a
        chunk without sentences."""
        out = np.zeros((len(rows), len(vectors)), dtype=np.float32)
        if len(rows) == 0 or len(vectors) == 0:
            return out
        counts = self._sentence_count[rows]
        filled = np.flatnonzero(counts)
        if len(filled) == 0:
            return out
        # Every sentence of the chunks, in chunk order.
        index, offsets = spans(self._sentence_first[rows[filled]], counts[filled])
        sims = self._sentence_vectors[index].astype(np.float32) @ vectors.astype(np.float32).T
        out[filled] = np.maximum.reduceat(sims, offsets, axis=0)
        return out

    def term_ids(self, text: str) -> list[int]:
        """The distinct indexed words of ``text``, as chunk-vocabulary ids."""
        # (not words only removed chunks hold: an index built without them does not know them)
        return sorted(i for i in set(self._chunks.ids(self._tokens(text))) if self._chunks.df(i) > 0)

    def terms(self, ids: list[int], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the words ``ids`` each chunk of ``rows`` holds (header included), as a
        boolean matrix, and each word's IDF."""
        has = np.zeros((len(rows), len(ids)), dtype=bool)
        idf = np.zeros(len(ids))
        if len(rows) == 0:
            return has, idf
        distinct, back = np.unique(np.asarray(rows, dtype=np.int64), return_inverse=True)
        for j, tid in enumerate(ids):
            idf[j] = self._chunks.idf(self._chunks.df(tid))
            has[:, j] = self._chunks.lookup(tid, distinct)[back] > 0
        return has, idf

    def coverage(self, query: str, rows: np.ndarray) -> np.ndarray:
        """For each chunk of ``rows``, the IDF-weighted share of the question's distinct
        indexed words that it contains (header included)."""
        has, idf = self.terms(self.term_ids(query), rows)
        total = idf.sum()
        return has @ idf / total if total > 0 else np.zeros(len(rows))

    def save(self, index_dir: Path) -> None:
        """Save under ``index_dir``: only the segments not there yet when the folder holds
        this index's first segments unchanged, else the whole index (to a new folder swapped
        in). The segment files land before ``state.json`` lists them, so a kill at any point
        leaves the last saved state."""
        folder = index_dir / DIRNAME
        held = self._held(folder)
        if held is None:
            tmp = index_dir / f".{DIRNAME}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            names = tuple(f"{_SEGMENT}{k:06d}" for k in range(self.segments))
            for k, name in enumerate(names):
                self._save_segment(k, tmp / name)
            deleted = tombstones.save(tmp, self.table.dead, self._chunks, self._sentences)
            _write_state(tmp, self.generation, names, deleted)
            old = index_dir / f".{DIRNAME}.old"
            shutil.rmtree(old, ignore_errors=True)
            if folder.exists():
                os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            names = held
            for name in held if self.table.quantized is None else ():  # (codes read at load: all there)
                Quantized.fill(folder / name)
            number = max((int(n[len(_SEGMENT):]) for n in names), default=-1) + 1
            for k in range(len(held), self.segments):
                name = f"{_SEGMENT}{number:06d}"
                number += 1
                tmp = folder / f".{name}.tmp"
                shutil.rmtree(tmp, ignore_errors=True)
                self._save_segment(k, tmp)
                shutil.rmtree(folder / name, ignore_errors=True)  # a stray of a run killed before listing it
                os.replace(tmp, folder / name)
                names += (name,)
            try:  # the tombstones the last state names: a reader may be opening it now
                previous = json.loads((folder / "state.json").read_text()).get("deleted")
            except (OSError, ValueError):
                previous = None
            deleted = tombstones.save(folder, self.table.dead, self._chunks, self._sentences)
            _write_state(folder, self.generation, names, deleted)
            for stray in set(os.listdir(folder)) - set(names) - {"state.json", deleted, previous}:
                if (folder / stray).is_dir():
                    shutil.rmtree(folder / stray, ignore_errors=True)
                else:
                    (folder / stray).unlink(missing_ok=True)
        self._disk = (str(folder.resolve()), names)

    def _held(self, folder: Path) -> tuple[str, ...] | None:
        """The segments ``folder`` holds of this index (its first ones, as they are here),
        or None when a save must write it whole."""
        if self._disk is None or self._disk[0] != str(folder.resolve()) or len(self._disk[1]) > self.segments:
            return None
        try:
            state = json.loads((folder / "state.json").read_text())
        except (OSError, ValueError):
            return None
        if state.get("format") not in (FORMAT, FORMAT_DELETED) or tuple(state.get("segments", ())) != self._disk[1]:
            return None
        return self._disk[1]

    def _save_segment(self, k: int, folder: Path) -> None:
        folder.mkdir(parents=True)
        seg, sent = self._chunks.segments[k], self._sentences.segments[k]
        rows = range(seg.first, seg.first + seg.count)
        t = self.table
        save_rows(folder, t.ids, t.texts, t.metas, rows)
        t.columns.part(rows.start, rows.stop).save(folder)  # type: ignore[union-attr]
        np.save(folder / VECTORS_FILE, np.asarray(t.vectors[seg.first:seg.first + seg.count]))
        Quantized.of_rows(t.quantized, t.vectors, rows).save(folder)
        lo, hi = sent.first, sent.first + sent.count
        np.save(folder / "sentence_chunk.npy", self._sentence_chunk[lo:hi])
        np.save(folder / "sentence_vectors.npy", np.asarray(self._sentence_vectors[lo:hi]))
        self._chunks.save_segment(k, folder, "c")
        self._sentences.save_segment(k, folder, "s", by_document=True)  # read so by QueryScores

    @classmethod
    def load(cls, index_dir: Path, generation: int | None) -> LexicalIndex | None:
        """The saved copy when it matches ``generation`` (None: whichever is saved, the last
        finished state), else None (rebuild it)."""
        folder = index_dir / DIRNAME
        try:
            state = json.loads((folder / "state.json").read_text())
            if generation is not None and state.get("generation") != generation:
                return None
            if state.get("format") != (FORMAT_DELETED if "deleted" in state else FORMAT):
                return None
            generation = int(state["generation"])
            names = tuple(str(n) for n in state["segments"])
            if any(not n.startswith(_SEGMENT) or "/" in n or n.startswith(".") for n in names):
                return None
            folders = [folder / n for n in names]
            ids: list[str] = []
            texts, metas, columns = [], [], []
            vectors, sentence_chunk, sentence_vectors, quantized = [], [], [], []
            for part in folders:
                part_ids, part_texts, part_metas = load_rows(part)  # read when asked for, not now
                ids.extend(part_ids)
                texts.append(part_texts)
                metas.append(part_metas)
                columns.append(Columns.load(part, len(part_ids)))
                # Memory-mapped: server processes on one index share these pages.
                vectors.append(np.asarray(np.load(part / VECTORS_FILE, mmap_mode="r")))
                quantized.append(Quantized.load(part, vectors[-1].shape))
                sentence_chunk.append(np.load(part / "sentence_chunk.npy"))
                sentence_vectors.append(np.asarray(np.load(part / "sentence_vectors.npy", mmap_mode="r")))
            order = np.concatenate(sentence_chunk) if sentence_chunk else np.zeros(0, np.int64)
            if (np.diff(order) < 0).any() or (len(order) and (order[0] < 0 or order[-1] >= len(ids))):
                return None
            gone = tombstones.load(folder, state, len(ids))
            if gone is None:
                chunks, sentences = Postings.load(folders, "c"), Postings.load(folders, "s")
            else:
                chunks = Postings.load(folders, "c", gone["dead"], gone["c_terms"], gone["c_counts"])
                sentences = Postings.load(folders, "s", gone["dead"][order], gone["s_terms"], gone["s_counts"])
            rows = Stacked.of(vectors, (0, 0), np.float16)
            static = Stacked.of(sentence_vectors, (0, static_vectors.packaged().dimension), np.float16)
            if (len(rows) != len(ids) or chunks.n_docs != len(ids) or sentences.n_docs != len(order)
                    or len(static) != len(order)
                    or any(len(v) != s.count for v, s in zip(vectors, chunks.segments, strict=True))):
                return None
        except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, EOFError, StoreError):
            return None  # damaged or of another layout: the caller rebuilds it from the store
        table = ChunkTable(ids, Chain(texts), Chain(metas), rows, Columns.joined(columns),
                           None if gone is None else gone["dead"], Quantized.stacked(quantized))
        return cls(table, chunks, sentences, order, generation, static,
                   (str(folder.resolve()), names))


def lexical_after(index_dir: Path, store: ChromaStore, base: LexicalIndex | None, start: int | None,
                  touched: Collection[str], stored: list[str], generation: int) -> LexicalIndex:
    """The lexical side after an indexing run: the last finished one (``base`` if it is
    the one of generation ``start``, else the saved one) without the files the run
    deleted chunks of (``touched``) and with the chunks it ``stored`` (only those are
    read back from the store); rebuilt from the whole store when there is no finished
    state to start from (a first or killed run) or the result does not count what the
    store holds."""
    if start is not None:
        if base is None or base.generation != start:
            base = LexicalIndex.load(index_dir, start)
        if base is not None:
            updated = base.updated(touched, store.iter_sorted(stored), generation)
            if updated.table.live_count == store.count():
                return updated
    return LexicalIndex.build(store.iter_sorted(), generation)


def _write_state(folder: Path, generation: int, names: tuple[str, ...], deleted: str | None) -> None:
    state: dict[str, Any] = {"generation": generation, "format": FORMAT, "segments": list(names)}
    if deleted:
        state["format"], state["deleted"] = FORMAT_DELETED, deleted
    tmp = folder / ".state.json.tmp"
    tmp.write_text(json.dumps(state))
    os.replace(tmp, folder / "state.json")
