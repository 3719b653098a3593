"""How the rankings of one search are fused, and the settings that weigh them.

Each ranking (dense, chunk BM25, best-sentence BM25; per named outlet again) counts by
weighted reciprocal rank, ``weight / (RRF_K + rank)``: ranks, not raw scores, so cosine
and BM25 need no common scale. ``FusionParams`` holds every weight and pool size the
retriever reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .ranker.model import Ranker

RRF_K = 60


@dataclass(frozen=True)
class FusionParams:
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    sentence_weight: float = 0.3  # best single sentence (BM25), to pick the passage within an article
    # Dense weight falls as questions grow past this many words: BM25 ranks long,
    # keyword-rich questions better than MiniLM (measured on MultiHop-RAG dev), while
    # short or paraphrased questions need the dense side. 0 keeps the weight fixed.
    dense_full_words: int = 6
    sidebar_factor: float = 0.7  # page furniture ranks below the story unless it is all there is
    pool: int = 50  # candidates taken from each side before fusion, at least
    # Up to this many chunks, best-sentence BM25 ranks every chunk; above it (like dense
    # search above ``exact_dense_max``) only the chunks of the dense list and the
    # ``sentence_scope`` best by chunk BM25: scoring every sentence grew with the corpus
    # (half of a search at 100k chunks). On MultiHop-RAG dev, ranking only those (13% of
    # its chunks) moved Hits@1 -0.06 point, Hits@10 -0.11, MRR@10 -0.04
    # (docs/eval/sentence_scope.md).
    sentence_exact_max: int = 50_000
    sentence_scope: int = 1000
    dense_pool: int = 200  # one wide dense query shared by all sub-searches
    # Up to this many chunks, dense search scores every chunk exactly in memory (a float32
    # copy of the vectors: 77 MB at 50k chunks); above it Chroma's index answers.
    exact_dense_max: int = 50_000
    decompose: bool = True  # one sub-search per outlet the question names
    outlet_weight: float = 1.0
    date_boost: float = 0.5  # extra share of score for articles dated on a day the question names
    max_per_doc: int = 0  # chunks of one article in the results; 0 = no cap
    # Entity overlap with the question (retrieval.entity_signal; needs the knowledge
    # store, skipped without one): the fused score times ``1 + entity_weight * overlap``,
    # and the ranker's score plus ``entity_rank_weight * overlap``. Off: on MultiHop-RAG
    # dev both lowered or did not move retrieval (docs/eval/entity_signal.md).
    entity_weight: float = 0.0
    entity_rank_weight: float = 0.0
    clause_pool: int = 10  # candidates added per clause of the question, for the ranker
    ranker: Ranker | None = None  # reorders the fused candidates (see assistant.ranking)
    # The ranker learned from multi-hop questions of 18+ words; on our own short questions
    # (4-16 words, eval/dev_qa.jsonl) it ranked worse than the fused order (MRR@10 0.93
    # vs 0.98), so shorter questions keep the fused order.
    ranker_min_words: int = 20


def reciprocal_rank(rankings: Iterable[tuple[float, list[int]]]) -> dict[int, float]:
    """Each row's summed ``weight / (RRF_K + rank)`` over the weighted ``rankings``
    (each a list of rows, best first)."""
    fused: dict[int, float] = {}
    for weight, rows in rankings:
        for rank, row in enumerate(rows, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (RRF_K + rank)
    return fused


# On eval/dev_qa_hard.jsonl (shared corpus) a sidebar holding the answer led the best story
# sentence by 1.4x-4.5x; where the answer was in the story, sidebars trailed it (one at 1.43x).
SIDEBAR_LEAD = 1.3


def lead_sidebars(rows: np.ndarray, scores: np.ndarray, sidebar: np.ndarray,
                  sentence_scores: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``rows`` (best first, with ``scores``) with the sidebar passages whose best sentence
    holds the question's words ``SIDEBAR_LEAD`` times better (BM25, ``sentence_scores`` of
    ``rows``) than any story passage's moved to the front, best first. Page furniture ranks
    below the story, but a fact only a sidebar gives ("Latvia transfers another 1,500
    drones", a related headline on a page about something else) must stay findable."""
    side = np.asarray(sidebar, dtype=bool)
    if sentence_scores is None or not side.any() or side.all():
        return rows, scores
    words = np.asarray(sentence_scores, dtype=np.float64)
    lead = side & (words >= SIDEBAR_LEAD * words[~side].max()) & (words > 0)
    if not lead.any():
        return rows, scores
    first = np.flatnonzero(lead)[np.argsort(-words[lead], kind="stable")]
    order = np.concatenate([first, np.flatnonzero(~lead)])
    return rows[order], scores[order]
