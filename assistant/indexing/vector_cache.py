"""Vectors kept between calls, by text: a query asked again, an answer's sentences quoted
again by a follow-up. Bounded, thread-safe, least recently used dropped first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .embedding import Embedder


class _Kept:
    """A bounded, thread-safe map of vectors, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    def put(self, key: str, vector: np.ndarray) -> None:
        with self._lock:
            self._cache[key] = vector
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


class CachedQueries:
    """Bounded cache of query vectors: a conversation re-asks, evaluation repeats."""

    def __init__(self, embedder: Embedder, size: int = 2048) -> None:
        self._embedder = embedder
        self._kept = _Kept(size)

    def __call__(self, text: str) -> np.ndarray:
        hit = self._kept.get(text)
        if hit is not None:
            return hit
        vector = self._embedder.embed_query(text)
        self._kept.put(text, vector)
        return vector


class CachedDocuments:
    """Bounded cache of sentence vectors for the answerer, by text. Follow-up questions and
    questions on one story quote the same passages, and every sentence costs a pass of the
    model (~0.9 s of a MultiHop-RAG ask on a CPU without VNNI). 20,000 vectors of 384
    floats are ~31 MB. With int8 embeddings a vector depends slightly on the batch it was
    made in (activations are quantised per batch), so a kept vector may differ from a fresh
    one in the third decimal; scores are compared in the second."""

    def __init__(self, embedder: Embedder, size: int = 20_000) -> None:
        self._embedder = embedder
        self._kept = _Kept(size)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[np.ndarray | None] = [self._kept.get(text) for text in texts]
        missing: dict[str, list[int]] = {}
        for i, (text, row) in enumerate(zip(texts, rows, strict=True)):
            if row is None:
                missing.setdefault(text, []).append(i)
        if missing:
            fresh = np.asarray(self._embedder.embed_for_query(list(missing)), dtype=np.float32)
            for (text, where), vector in zip(missing.items(), fresh, strict=True):
                vector = vector.copy()  # a view would hold its whole batch in memory
                for i in where:
                    rows[i] = vector
                self._kept.put(text, vector)
        if not texts:
            return np.zeros((0, int(getattr(self._embedder, "dimension", 0))), dtype=np.float32)
        return np.stack(rows)  # type: ignore[arg-type]

    def clear(self) -> None:
        self._kept.clear()
