"""Train the learned ranker (assistant/models/ranker.txt) on MultiHop-RAG dev, and say
honestly how well it generalizes.

Most dev questions share a gold fact with another dev question (95% here), so a random
split of questions lets a model score well by recognising passages it was trained on. The
folds here are built so that no fact crosses folds: questions that share a fact (directly
or through others) stay together. Cross-validated numbers over those folds are what the
ranker does on facts it has never seen; the shipped model is trained on every fold but one,
which is written out (``--holdout-out``) so that ``assistant eval`` can measure the shipped
model, through the product's own code, on questions it was not trained on.

    python scripts/train_ranker.py --index-dir /tmp/mh240 --holdout-out /tmp/mh-holdout.json

Index: ``assistant index ../shared/bench/multihop-rag/corpus.json --index-dir /tmp/mh240``.
The training is ``assistant.retrieval.ranker.train``, the scoring
``assistant.evaluate.ranker_cv``; this script reads the files and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from assistant import open_index
from assistant.evaluate.ranker_cv import cross_validate
from assistant.retrieval.ranker.train import collect, fact_folds, held_out, train_shipped, trainable

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = REPO.parent / "shared/bench/multihop-rag/queries_dev.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", required=True, help="an index of the benchmark's corpus.json")
    ap.add_argument("--queries", default=str(DEFAULT_QUERIES))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--holdout-fold", type=int, default=1, help="fold left out of the shipped model")
    ap.add_argument("--out", default=str(REPO / "assistant/models/ranker.txt"))
    ap.add_argument("--holdout-out", default=None, help="write the held-out questions here (benchmark format)")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation, only fit and save")
    ap.add_argument("--seeds", type=int, default=3,
                    help="cross-validate with this many bagging seeds: one seed's numbers move by about 0.5 points")
    args = ap.parse_args()

    every = json.loads(Path(args.queries).read_text())
    queries = trainable(every)
    fold_of = fact_folds(queries, args.folds)
    index = open_index(args.index_dir, ranker="none")
    t0 = time.perf_counter()
    items = collect(index.retriever, queries, progress=lambda n, total: print(
        f"  features for {n}/{total} questions", file=sys.stderr, flush=True))
    print(f"features: {len(items)} questions, {np.mean([len(i.y) for i in items]):.0f} candidates each, "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    sizes = [fold_of.count(f) for f in range(args.folds)]
    print(f"folds (questions sharing a fact kept together): {sizes}")

    if not args.no_cv:
        cv = cross_validate(items, fold_of, args.folds, args.seeds,
                            progress=lambda seed: print(f"  seed {seed} done", file=sys.stderr, flush=True))
        print(f"\n{args.folds}-fold cross-validation, no gold fact shared between training and test questions:\n")
        print(cv.table())
        print(f"\nlearned ranker by question type (mean of {args.seeds} seeds):\n")
        print(cv.type_table())

    trained = train_shipped(items, fold_of, args.holdout_fold)
    trained.save(args.out)
    print(f"\nsaved {args.out}: trained on {trained.questions} questions (all folds but {args.holdout_fold})")
    if args.holdout_out:
        held = held_out(every, queries, fold_of, args.holdout_fold, args.folds)
        Path(args.holdout_out).write_text(json.dumps(held, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {len(held)} held-out questions to {args.holdout_out}")


if __name__ == "__main__":
    main()
