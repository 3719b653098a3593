"""How well the learned ranker generalizes: its cross-validated orders
(``retrieval.ranker.train``) scored with MultiHop-RAG's passage-level metrics, against the
fused order, per bagging seed, their mean, and per question type.

Lives here rather than beside the training code because it scores with ``metrics``, an
evaluation module the retrieval layer may not import. Never prints: ``table`` returns
the markdown that ``scripts/train_ranker.py`` prints.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..retrieval.ranker.train import SEED, Candidates, cv_predictions
from . import metrics

NAMES = ("Hits@4", "Hits@10", "MRR@10", "FactRecall@10", "AllFacts@10")
FUSED = "fused (no ranker)"

Scores = tuple[float, ...]  # one question's value of each of NAMES


def order_scores(order: np.ndarray, item: Candidates) -> Scores:
    """``NAMES`` for one question when its candidates are put in ``order``."""
    passages = [item.passages[i] for i in order[:10]]
    ranks = metrics.fact_relevant_ranks(passages, item.facts)
    return (metrics.hits_at_k(ranks, 4), metrics.hits_at_k(ranks, 10), metrics.reciprocal_rank(ranks, 10),
            metrics.fact_recall_at_k(passages, item.facts, 10), metrics.all_facts_at_k(passages, item.facts, 10))


def table(rows: Mapping[str, Sequence[Scores]], copies: Mapping[str, int] | None = None) -> str:
    """Mean of each metric per row; ``copies``: rows that hold each question that many times."""
    lines = ["| ordering | questions | " + " | ".join(NAMES) + " |", "|---|---|" + "---|" * len(NAMES)]
    for name, values in rows.items():
        means = [statistics.mean(col) for col in zip(*values, strict=True)]
        questions = len(values) // (copies or {}).get(name, 1)
        lines.append(f"| {name} | {questions} | " + " | ".join(f"{m:.4f}" for m in means) + " |")
    return "\n".join(lines)


@dataclass
class CrossValidation:
    """Cross-validated scores: ``rows`` per ordering (the fused order, each seed, and with
    several seeds their mean), ``by_type`` per question type over every seed."""

    folds: int
    seeds: int
    rows: dict[str, list[Scores]] = field(default_factory=dict)
    by_type: dict[str, list[Scores]] = field(default_factory=dict)

    @property
    def mean_row(self) -> str:
        return f"learned ranker, mean of {self.seeds} seeds"

    def table(self) -> str:
        return table(self.rows, {self.mean_row: self.seeds})

    def type_table(self) -> str:
        return table(self.by_type, dict.fromkeys(self.by_type, self.seeds))


def cross_validate(items: Sequence[Candidates], fold_of: Sequence[int], folds: int, seeds: int,
                   progress: Callable[[int], None] | None = None) -> CrossValidation:
    """Score the fused order and the ranker cross-validated over ``folds`` with ``seeds``
    bagging seeds from the shipped one on; ``progress(seed)`` after each seed. One seed's
    numbers move by about 0.5 points, so quote the mean."""
    cv = CrossValidation(folds, seeds)
    cv.rows[FUSED] = [order_scores(np.arange(len(it.y)), it) for it in items]
    every_seed: list[Scores] = []
    by_type: dict[str, list[Scores]] = defaultdict(list)
    for seed in range(SEED, SEED + seeds):
        predicted = cv_predictions(items, fold_of, folds, seed)
        ranked = [order_scores(np.argsort(-s, kind="stable"), it) for it, s in zip(items, predicted, strict=True)]
        for it, row in zip(items, ranked, strict=True):
            by_type[it.type].append(row)
        shipped = " (the shipped model's seed)" if seed == SEED else ""
        cv.rows[f"learned ranker, seed {seed}{shipped}"] = ranked
        every_seed += ranked
        if progress:
            progress(seed)
    if seeds > 1:
        cv.rows[cv.mean_row] = every_seed
    cv.by_type = dict(sorted(by_type.items()))
    return cv
