"""How close each sentence of the passages is to the question, by the embedding model.

Embedding the sentences is most of an answer's time: ~0.9 s for the ~80 sentences of a
MultiHop-RAG question's passages on a CPU without VNNI. Two things keep it down: vectors
are kept between questions (follow-ups and questions on one story quote the same
sentences), and past ``FIRST_CUT * 3 // 2`` sentences only the likeliest are embedded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..indexing import static_vectors
from ..indexing.vector_cache import CachedDocuments

FIRST_CUT = 32  # sentences the model embeds per question, when there are over 48


class Similarity:
    """Cosines of sentences to a question, for ``ExtractiveAnswerer.score``."""

    def __init__(self, embedder: Any, weight: float) -> None:
        self.embedder = embedder
        self.weight = weight  # of the cosine in a sentence's score
        self._vectors = CachedDocuments(embedder)

    def clear(self) -> None:
        """Forget the kept vectors (benchmarks time a first question this way)."""
        self._vectors.clear()

    def __call__(self, query: str, texts: Sequence[str], words_part: np.ndarray,
                 holds_answer: Sequence[bool]) -> np.ndarray:
        """The model's cosine of each of ``texts`` to ``query``.

        Past the cut, each sentence is first ranked by ``words_part`` (its score without
        the cosine) plus the weighted cosine of static vectors (a table lookup); the best
        ``FIRST_CUT`` overall and the best ``FIRST_CUT`` holding a candidate answer are
        embedded. The others get the cosine that a line fitted on this question's
        embedded sentences predicts from their static cosine (rising, if at all), at most
        the least of the best ``FIRST_CUT``'s. On 150 MultiHop-RAG dev questions the cut kept the fully
        scored best sentence in 99.3% of them and the best three in 98.7%
        (docs/eval/answer_latency.md)."""
        n = len(texts)
        if not n:
            return np.zeros(0, dtype=np.float32)
        asked = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        if n <= FIRST_CUT * 3 // 2:
            return self._vectors(texts) @ asked
        static = static_vectors.packaged()
        rough = static.encode(list(texts)) @ static.encode([query])[0]
        best = np.argsort(-(words_part + self.weight * rough), kind="stable")
        typed = np.asarray(holds_answer, dtype=bool)
        keep = np.zeros(n, dtype=bool)
        keep[best[:FIRST_CUT]] = True
        keep[best[typed[best]][:FIRST_CUT]] = True
        picked = np.flatnonzero(keep)
        cos = np.empty(n, dtype=np.float32)
        cos[picked] = self._vectors([texts[i] for i in picked]) @ asked
        x, y = rough[picked].astype(np.float64), cos[picked].astype(np.float64)
        # Picking by words plus static cosine can tilt the line among the picked; a model
        # cosine falling as the static one rises is no reading of the rest.
        slope = max(0.0, float(np.cov(x, y)[0, 1] / np.var(x, ddof=1))) if np.var(x) > 1e-9 else 0.0
        guess = y.mean() + slope * (rough[~keep] - x.mean())
        # Ranked below every picked sentence, they are not given more than the least of the
        # best ``FIRST_CUT`` (the picked ones are the likelier, so the line runs high for them).
        cos[~keep] = np.minimum(guess, cos[best[:FIRST_CUT]].min())
        return cos
