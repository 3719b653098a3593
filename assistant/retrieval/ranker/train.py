"""Training the learned ranker on MultiHop-RAG-style questions (a query and its gold
evidence facts), through the product's own retrieval: each question's fused candidates
(``HybridRetriever.pool``) and their ``FEATURES``, labelled with the gold facts they hold,
then LightGBM LambdaRank.

Most MultiHop-RAG dev questions share a gold fact with another question (95%), so a
random split of questions lets a model score well by recognising passages it was trained
on. ``fact_folds`` keeps every question that shares a fact (directly or through others)
in one fold, so predictions cross-validated over those folds (``cv_predictions``) are
what the ranker does on facts it has never seen. The shipped model is trained on every
fold but one, which ``held_out`` gives back for ``assistant eval``.

What it does not: no printing (progress goes through a callback), no scoring of the
predictions with the benchmark's metrics (``evaluate.ranker_cv``), no reading of
benchmark files (``scripts/train_ranker.py`` drives it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ...text.normalise import squash
from .features import FEATURES, features

if TYPE_CHECKING:
    from ...indexing.lexical import LexicalIndex
    from ..candidates import Pool

PARAMS: dict[str, Any] = {
    "objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 100,
    # Each tree sees 70% of the rows and features: +0.3 to +0.6 points on every metric in
    # cross-validation over unbagged trees (150 at 0.1, or 450 at 0.033, scored alike).
    "bagging_fraction": 0.7, "bagging_freq": 1, "feature_fraction": 0.7,
    "deterministic": True, "force_row_wise": True, "seed": 1, "verbose": -1, "num_threads": 2,
}
SEED: int = PARAMS["seed"]  # the shipped model's
ROUNDS = 300
MAX_LABEL = 3  # a passage holding several gold facts is worth more, up to this many
POOL_K = 10  # the k the pool is gathered for, as a search for the top 10 gathers it
NULL_TYPE = "null_query"  # MultiHop-RAG's questions with no evidence: nothing to rank

Progress = Callable[[int, int], None]  # (questions done, total)


class CandidateSource(Protocol):
    """What candidates are gathered from: the index's ``HybridRetriever``."""

    lexical: LexicalIndex

    def pool(self, query: str, k: int = ..., filters: Any = ..., clauses: bool | None = ...) -> Pool | None: ...


@dataclass
class Candidates:
    """One training question: its fused candidates, their features and labels."""

    query: str
    type: str
    facts: list[str]  # the gold evidence facts, as given
    rows: np.ndarray  # table rows of the candidates, in fused order
    passages: list[str]  # their indexed texts, in the same order
    x: np.ndarray  # one row of FEATURES per candidate
    y: np.ndarray  # gold facts held, capped at MAX_LABEL


def trainable(questions: Sequence[dict]) -> list[dict]:
    """The questions with evidence to rank (MultiHop-RAG's null queries have none)."""
    return [q for q in questions if q["question_type"] != NULL_TYPE]


def fact_folds(queries: Sequence[dict], folds: int) -> list[int]:
    """A fold per question such that questions sharing a gold fact share a fold."""
    parent = list(range(len(queries)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    owner: dict[str, int] = {}
    for i, q in enumerate(queries):
        for e in q["evidence_list"]:
            key = squash(e["fact"])
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(queries)):
        groups[find(i)].append(i)
    # Largest groups first, each into the emptiest fold, so folds come out near equal.
    load = [0] * folds
    fold_of = [0] * len(queries)
    for members in sorted(groups.values(), key=lambda g: (-len(g), g[0])):
        f = load.index(min(load))
        load[f] += len(members)
        for i in members:
            fold_of[i] = f
    return fold_of


def collect(retriever: CandidateSource, queries: Sequence[dict], progress: Progress | None = None,
            every: int = 200) -> list[Candidates]:
    """Each question's candidates, features and labels; ``progress`` every ``every``
    questions."""
    texts = retriever.lexical.table.texts
    squashed = [squash(t) for t in texts]
    out: list[Candidates] = []
    for n, q in enumerate(queries, 1):
        pool = retriever.pool(q["query"], POOL_K, clauses=True)
        facts = list(dict.fromkeys(squash(e["fact"]) for e in q["evidence_list"]))
        labels = np.array([sum(1 for f in facts if f in squashed[row]) for row in pool.rows])
        out.append(Candidates(query=q["query"], type=q["question_type"],
                              facts=[e["fact"] for e in q["evidence_list"]], rows=pool.rows,
                              passages=[texts[r] for r in pool.rows],
                              x=features(pool), y=np.minimum(labels, MAX_LABEL)))
        if progress and n % every == 0:
            progress(n, len(queries))
    return out


def fit(items: Sequence[Candidates], seed: int = SEED) -> Any:
    """A LightGBM LambdaRank booster over ``items`` (``PARAMS``, ``ROUNDS`` trees)."""
    import lightgbm

    x = np.vstack([it.x for it in items])
    y = np.concatenate([it.y for it in items])
    data = lightgbm.Dataset(x, y, group=[len(it.y) for it in items], feature_name=list(FEATURES))
    return lightgbm.train({**PARAMS, "seed": seed}, data, ROUNDS)


def cv_predictions(items: Sequence[Candidates], fold_of: Sequence[int], folds: int,
                   seed: int = SEED) -> list[np.ndarray]:
    """Each question's candidate scores from the model trained on the other folds."""
    out: list[np.ndarray] = [np.empty(0)] * len(items)
    for f in range(folds):
        model = fit([it for it, g in zip(items, fold_of, strict=True) if g != f], seed)
        for i, (it, g) in enumerate(zip(items, fold_of, strict=True)):
            if g == f:
                out[i] = model.predict(it.x, num_threads=1)
    return out


@dataclass
class Trained:
    """The model to ship and what it was trained on."""

    model: Any  # lightgbm.Booster
    questions: int
    holdout_fold: int

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model.save_model(str(path))
        return path


def train_shipped(items: Sequence[Candidates], fold_of: Sequence[int], holdout_fold: int) -> Trained:
    """The shipped model: trained on every fold but ``holdout_fold``, with ``SEED``."""
    train = [it for it, g in zip(items, fold_of, strict=True) if g != holdout_fold]
    return Trained(fit(train), len(train), holdout_fold)


def held_out(every: Sequence[dict], queries: Sequence[dict], fold_of: Sequence[int], holdout_fold: int,
             folds: int) -> list[dict]:
    """The questions the shipped model never saw, in the benchmark's format: the held-out
    fold of ``queries`` (the trainable ones of ``every``), then every ``folds``-th null
    question of ``every``, which have no facts to fold by."""
    held = [q for q, g in zip(queries, fold_of, strict=True) if g == holdout_fold]
    nulls = [q for q in every if q["question_type"] == NULL_TYPE]
    return held + nulls[holdout_fold::folds]
