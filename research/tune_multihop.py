"""Retrieval quality on MultiHop-RAG dev for a few fusion settings, quickly.

An experiment, not the product (see research/README.md).

Note: the learned ranker was trained on most of dev (scripts/train_ranker.py), so its
numbers here are in-sample; use this script for latency and for fused-order variants
(`"ranker": "none"`), and train_ranker.py's cross-validation for the ranker's quality.

Scores our search with the authors' passage-level relevance (assistant.evaluate.metrics), so a
change to retrieval can be measured in a minute before a full `assistant eval` run.
Tune on queries_dev.json only: the rest of the benchmark is held out.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from assistant import open_index
from assistant.evaluate import metrics
from assistant.retrieval.fusion import FusionParams

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--queries", default=str(REPO.parent / "shared/bench/multihop-rag/queries_dev.json"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=JSON",
                    help='a FusionParams variant, e.g. lex=\'{"dense_weight":0}\'; "ranker": "none" '
                         'or a model path sets the final ordering (default: the learned ranker)')
    args = ap.parse_args()
    queries = [q for q in json.loads(Path(args.queries).read_text()) if q["question_type"] != "null_query"]
    if args.limit:
        queries = queries[: args.limit]
    variants = {"default": {}}
    for item in args.set:
        name, _, raw = item.partition("=")
        variants[name] = json.loads(raw)
    index = open_index(args.index_dir)
    print(f"{'variant':<14} {'Hits@4':>7} {'Hits@10':>7} {'MRR@10':>7} {'Fact@10':>7} {'All@10':>7} {'p50 ms':>7}")
    for name, overrides in variants.items():
        overrides = dict(overrides)
        ranker = overrides.pop("ranker", "learned")
        variant = index.reconfigured(fusion=FusionParams(**overrides), ranker=ranker)
        rows = []
        times = []
        for q in queries:
            t0 = time.perf_counter()
            hits = variant.search(q["query"], k=10)
            times.append(time.perf_counter() - t0)
            passages = [h.text for h in hits]
            facts = [e["fact"] for e in q["evidence_list"]]
            ranks = metrics.fact_relevant_ranks(passages, facts)
            rows.append((metrics.hits_at_k(ranks, 4), metrics.hits_at_k(ranks, 10),
                         metrics.reciprocal_rank(ranks, 10), metrics.fact_recall_at_k(passages, facts, 10),
                         metrics.all_facts_at_k(passages, facts, 10)))
        means = [statistics.mean(col) for col in zip(*rows, strict=True)]
        print(f"{name:<14} " + " ".join(f"{m:7.3f}" for m in means) + f" {1000 * statistics.median(times):7.1f}",
              flush=True)


if __name__ == "__main__":
    main()
