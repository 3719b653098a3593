"""Entity overlap (assistant/retrieval/entity_signal.py) as a retrieval signal on
MultiHop-RAG dev, measured honestly: the learned ranker was trained on most of dev, so
its in-sample order would leave little room to see what a boost adds. Instead, as in
scripts/train_ranker.py, each question is ranked by a model trained on folds that share
no gold fact with it, and the signal is added in three ways:

- fused order (no ranker) with the fused score times ``1 + w * overlap``;
- the ranker's cross-validated score plus ``w * overlap`` (a boost after the ranker);
- overlap as two more ranker features (passage and article), retrained in the same CV.

    python research/entity_signal_cv.py --index-dir /tmp/es/idx-mh --seeds 1

An experiment, not the product (see research/README.md). Tune on queries_dev.json only.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from assistant import open_index
from assistant.evaluate.ranker_cv import NAMES, order_scores
from assistant.retrieval.entity_signal import EntitySignal
from assistant.retrieval.ranker import train
from assistant.retrieval.ranker.features import FEATURES

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--queries", default=str(REPO.parent / "shared/bench/multihop-rag/queries_dev.json"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--first-seed", type=int, default=train.SEED)
    ap.add_argument("--weights", default="0.25,0.5,1,2")
    ap.add_argument("--cache", default=None, help="pickle of the collected candidates, reused when present")
    ap.add_argument("--no-feature", action="store_true", help="skip retraining with overlap features")
    args = ap.parse_args()
    weights = [float(w) for w in args.weights.split(",")]

    queries = train.trainable(json.loads(Path(args.queries).read_text()))
    fold_of = train.fact_folds(queries, args.folds)
    if args.cache and Path(args.cache).exists():
        items, overlaps, ms = pickle.loads(Path(args.cache).read_bytes())
    else:
        index = open_index(args.index_dir, ranker="none")
        retriever = index.retriever
        t0 = time.perf_counter()
        items = train.collect(retriever, queries, progress=lambda n, total: print(
            f"  features for {n}/{total}", file=sys.stderr, flush=True))
        print(f"collect: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        signal = EntitySignal(index.knowledge, retriever.lexical.table.metas, retriever._outlet_names.values())
        overlaps, ms = [], []
        for it in items:
            t = time.perf_counter()
            o = signal.overlap(it.query, it.rows)
            ms.append(1000 * (time.perf_counter() - t))
            n = len(it.rows)
            overlaps.append((o.passage, o.doc) if o else (np.zeros(n), np.zeros(n)))
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps((items, overlaps, ms)))
    print(f"overlap: p50 {statistics.median(ms):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms over {len(ms)} "
          f"questions; {sum(1 for p, _ in overlaps if p.any())} with some overlap in the pool")

    rows: dict[str, list] = {}

    def score(name: str, orders: list[np.ndarray]) -> None:
        rows[name] = [order_scores(o, it) for o, it in zip(orders, items, strict=True)]
        means = [statistics.mean(c) for c in zip(*rows[name], strict=True)]
        print(f"| {name} | " + " | ".join(f"{m:.4f}" for m in means) + " |", flush=True)

    def by(scores: np.ndarray) -> np.ndarray:
        return np.argsort(-scores, kind="stable")

    print("\n| ordering | " + " | ".join(NAMES) + " |\n|---|" + "---|" * len(NAMES))
    fused = [it.x[:, FEATURES.index("fused")] for it in items]
    score("fused", [np.arange(len(it.y)) for it in items])
    for w in weights:
        score(f"fused x (1 + {w} passage overlap)",
              [by(f * (1 + w * p)) for f, (p, _) in zip(fused, overlaps, strict=True)])
    score(f"fused x (1 + {weights[1]} article overlap)",
          [by(f * (1 + weights[1] * d)) for f, (_, d) in zip(fused, overlaps, strict=True)])
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        pred = train.cv_predictions(items, fold_of, args.folds, seed)
        spread = statistics.median(float(np.std(p[:20])) for p in pred)
        print(f"| (seed {seed}: median std of the top-20 ranker scores {spread:.3f}) |")
        score(f"ranker (seed {seed})", [by(p) for p in pred])
        for w in weights:
            score(f"ranker + {w} passage overlap", [by(s + w * p) for s, (p, _) in zip(pred, overlaps, strict=True)])
            score(f"ranker + {w} article overlap", [by(s + w * d) for s, (_, d) in zip(pred, overlaps, strict=True)])
        if not args.no_feature:
            extended = [train.Candidates(it.query, it.type, it.facts, it.rows, it.passages,
                                         np.column_stack([it.x, p, d]), it.y)
                        for it, (p, d) in zip(items, overlaps, strict=True)]
            pred2 = _cv_extended(extended, fold_of, args.folds, seed)
            score(f"ranker retrained with overlap features (seed {seed})", [by(p) for p in pred2])


def _cv_extended(items: list, fold_of: list[int], folds: int, seed: int) -> list[np.ndarray]:
    """``train.cv_predictions`` over items with two extra feature columns."""
    import lightgbm

    names = [*FEATURES, "entity_passage", "entity_doc"]
    out: list[np.ndarray] = [np.empty(0)] * len(items)
    for f in range(folds):
        fit = [it for it, g in zip(items, fold_of, strict=True) if g != f]
        data = lightgbm.Dataset(np.vstack([it.x for it in fit]), np.concatenate([it.y for it in fit]),
                                group=[len(it.y) for it in fit], feature_name=names)
        model = lightgbm.train({**train.PARAMS, "seed": seed}, data, train.ROUNDS)
        for i, (it, g) in enumerate(zip(items, fold_of, strict=True)):
            if g == f:
                out[i] = model.predict(it.x, num_threads=1)
    return out


if __name__ == "__main__":
    main()
