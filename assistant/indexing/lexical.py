"""The lexical side of the index: BM25 (bm25s, Snowball-stemmed) over every chunk, and
the in-memory table of chunk texts, metadata and vectors that search results are built
from (the vectors let filtered searches score a subset exactly, without a slow Chroma
``where``).

Rebuilt from the vector store after each indexing run that changed something (bm25s
builds thousands of chunks a second), and saved beside it with the manifest generation
it matches; a stale or missing copy is rebuilt from the store on open.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ..text import stemming
from . import static_vectors
from .table import ChunkTable

DIRNAME = "lexical"


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=stemming.fresh(), return_ids=False,
                          show_progress=False)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's (and scikit-learn's) token pattern


class QueryTokenizer:
    """``tokenize`` for one question at a time, without bm25s's per-call set-up (a
    progress bar object per call cost 0.1 ms, and a search tokenizes ten texts), and
    with the last few hundred texts remembered. Same tokens as ``tokenize``
    (tests/test_ranking.py compares them)."""

    def __init__(self, size: int = 512) -> None:
        from bm25s.stopwords import STOPWORDS_EN

        self._stop = frozenset(STOPWORDS_EN)
        self._stem = stemming.english()
        self._lock = threading.Lock()  # the cache is shared by the API's threads
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self._size = size

    def __call__(self, text: str) -> list[str]:
        with self._lock:
            found = self._cache.get(text)
            if found is not None:
                self._cache.move_to_end(text)
                return found
            words = [w for w in _TOKEN.findall(text.lower()) if w not in self._stop]
            tokens = self._stem.stem_words(words) if words else []
            self._cache[text] = tokens
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
            return tokens


FORMAT = 3  # bump when the saved layout changes: an older copy is rebuilt from the store


class LexicalIndex:
    """BM25 over chunks (header + text) and over single sentences. A question's words
    spread over a whole chunk find the right article; a sentence that matches them
    closely finds the passage holding the fact (on MultiHop-RAG dev the sentence side
    added 3 points of MRR@10). Each sentence also has a static vector
    (:mod:`assistant.static_vectors`), for paraphrases that share no word with the question."""

    def __init__(self, table: ChunkTable, bm25: Any, sentences: Any, sentence_chunk: np.ndarray,
                 generation: int, sentence_vectors: np.ndarray) -> None:
        self.table = table
        self._bm25 = bm25
        self._sentences = sentences
        # Chunk row of each sentence, in row order (build writes them so; load checks), so
        # each chunk's sentences are one contiguous range.
        self._sentence_chunk = sentence_chunk
        self._sentence_vectors = sentence_vectors  # static vector of each sentence, float16
        first = np.searchsorted(sentence_chunk, np.arange(len(table) + 1))
        self._sentence_first, self._sentence_count = first[:-1], np.diff(first)
        self._has_sentences = np.flatnonzero(self._sentence_count)  # chunk rows with a sentence
        self.generation = generation
        self._tokens = QueryTokenizer()

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, dict[str, Any], Any]], generation: int) -> LexicalIndex:
        import bm25s

        ids, texts, metas, vectors = [], [], [], []
        for cid, text, meta, vector in rows:
            ids.append(cid)
            texts.append(text)
            metas.append(meta)
            vectors.append(np.asarray(vector, dtype=np.float16))
        # Keep a stable order so ranks do not depend on how the store pages results.
        order = sorted(range(len(ids)), key=lambda i: ids[i])
        matrix = np.stack([vectors[i] for i in order]) if order else np.zeros((0, 0), np.float16)
        table = ChunkTable([ids[i] for i in order], [texts[i] for i in order],
                           [metas[i] for i in order], matrix)
        bm25 = sentences = None
        rows_of: list[int] = []
        if table.ids:
            from ..text.sentences import split_sentences

            corpus = [f"{m.get('header', '')}\n{t}" for t, m in zip(table.texts, table.metas, strict=True)]
            bm25 = bm25s.BM25()
            bm25.index(tokenize(corpus), show_progress=False)
            sentence_texts: list[str] = []
            for row, text in enumerate(table.texts):
                for a, b in split_sentences(text, 0, len(text)):
                    sentence_texts.append(text[a:b])
                    rows_of.append(row)
            sentences = bm25s.BM25()
            sentences.index(tokenize(sentence_texts), show_progress=False)
            vectors = static_vectors.packaged().encode(sentence_texts).astype(np.float16)
        else:
            vectors = np.zeros((0, static_vectors.packaged().dimension), np.float16)
        return cls(table, bm25, sentences, np.asarray(rows_of, dtype=np.int64), generation, vectors)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no query word is indexed)."""
        n = len(self.table)
        if self._bm25 is None or n == 0:
            return np.zeros(n, dtype=np.float32)
        known = [t for t in self._tokens(query) if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def sentence_scores(self, query: str) -> np.ndarray:
        """For every chunk, the BM25 score of its best-matching sentence."""
        out = np.zeros(len(self.table), dtype=np.float32)
        if self._sentences is None or len(self._sentence_chunk) == 0:
            return out
        known = [t for t in self._tokens(query) if t in self._sentences.vocab_dict]
        if known and len(self._has_sentences):
            # Each chunk's best is one reduceat over its range of sentences (ufunc.at over
            # every sentence cost 0.2 ms a call).
            scores = np.asarray(self._sentences.get_scores(known), np.float32)
            filled = self._has_sentences
            out[filled] = np.maximum.reduceat(scores, self._sentence_first[filled])
        return out

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
        counts = counts[filled]
        offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
        # Every sentence of the chunks, in chunk order: each chunk's first index, stepped on.
        index = np.repeat(self._sentence_first[rows[filled]] - offsets, counts) + np.arange(counts.sum())
        sims = self._sentence_vectors[index].astype(np.float32) @ vectors.astype(np.float32).T
        out[filled] = np.maximum.reduceat(sims, offsets, axis=0)
        return out

    def term_ids(self, text: str) -> list[int]:
        """The distinct indexed words of ``text``, as chunk-vocabulary ids."""
        if self._bm25 is None:
            return []
        vocab = self._bm25.vocab_dict
        return sorted({vocab[t] for t in self._tokens(text) if t in vocab})

    def terms(self, ids: list[int], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the words ``ids`` each chunk of ``rows`` holds (header included), as a
        boolean matrix, and each word's IDF."""
        has = np.zeros((len(rows), len(ids)), dtype=bool)
        idf = np.zeros(len(ids))
        if self._bm25 is None or len(rows) == 0:
            return has, idf
        matrix = self._bm25.scores
        indptr, indices = matrix["indptr"], matrix["indices"]
        n_docs = matrix["num_docs"]
        position = np.full(len(self.table), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        for j, tid in enumerate(ids):
            docs = indices[indptr[tid]:indptr[tid + 1]]
            idf[j] = math.log(1 + (n_docs - len(docs) + 0.5) / (len(docs) + 0.5))
            hit = position[docs]
            has[hit[hit >= 0], j] = True
        return has, idf

    def coverage(self, query: str, rows: np.ndarray) -> np.ndarray:
        """For each chunk of ``rows``, the IDF-weighted share of the question's distinct
        indexed words that it contains (header included)."""
        has, idf = self.terms(self.term_ids(query), rows)
        total = idf.sum()
        return has @ idf / total if total > 0 else np.zeros(len(rows))

    def save(self, index_dir: Path) -> None:
        final = index_dir / DIRNAME
        tmp = index_dir / f".{DIRNAME}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"))
            self._sentences.save(str(tmp / "sentences"))
        np.save(tmp / "sentence_chunk.npy", self._sentence_chunk)
        np.save(tmp / "sentence_vectors.npy", self._sentence_vectors)
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for cid, text, meta in zip(self.table.ids, self.table.texts, self.table.metas, strict=True):
                fh.write(json.dumps({"id": cid, "text": text, "meta": meta}, ensure_ascii=False) + "\n")
        np.save(tmp / "vectors.npy", self.table.vectors)
        (tmp / "state.json").write_text(json.dumps({"generation": self.generation, "format": FORMAT}))
        old = index_dir / f".{DIRNAME}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, index_dir: Path, generation: int | None) -> LexicalIndex | None:
        """The saved copy when it matches ``generation`` (None: whichever is saved, the last
        finished state), else None (rebuild it)."""
        import bm25s

        folder = index_dir / DIRNAME
        try:
            state = json.loads((folder / "state.json").read_text())
            if (generation is not None and state.get("generation") != generation) or state.get("format") != FORMAT:
                return None
            generation = int(state["generation"])
            ids, texts, metas = [], [], []
            with (folder / "chunks.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    ids.append(row["id"])
                    texts.append(row["text"])
                    metas.append(row["meta"])
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if ids else None
            sentences = bm25s.BM25.load(str(folder / "sentences")) if ids else None
            sentence_chunk = np.load(folder / "sentence_chunk.npy")
            sentence_vectors = np.load(folder / "sentence_vectors.npy")
            vectors = np.load(folder / "vectors.npy")
            if (len(vectors) != len(ids) or len(sentence_vectors) != len(sentence_chunk)
                    or (np.diff(sentence_chunk) < 0).any()):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(ChunkTable(ids, texts, metas, vectors), bm25, sentences, sentence_chunk, generation,
                   sentence_vectors)
