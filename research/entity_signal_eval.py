"""Retrieval metrics of ``assistant eval`` (no answers) for a few entity-signal weights,
in one process: each variant is ``Index.reconfigured`` with other FusionParams and scored
by the evaluation code the CLI uses. For our dev QA set (short questions, fused order)
and, with ``--format multihop-rag``, MultiHop-RAG dev (where the shipped ranker is
in-sample: see research/entity_signal_cv.py for the cross-validated comparison).

    python research/entity_signal_eval.py eval/dev_qa.jsonl --index-dir /tmp/es/idx-corpus

An experiment, not the product (see research/README.md).
"""

from __future__ import annotations

import argparse
import json

from assistant import open_index
from assistant.evaluate.datasets import load_questions
from assistant.evaluate.run import evaluate_system
from assistant.retrieval.fusion import FusionParams

VARIANTS = {
    "off (default)": {},
    "entity_weight 0.5": {"entity_weight": 0.5},
    "entity_weight 2": {"entity_weight": 2.0},
    "entity_rank_weight 0.5": {"entity_rank_weight": 0.5},
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--format", default="ours", choices=["ours", "multihop-rag"])
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    questions = load_questions(args.dataset, args.format, args.limit)
    index = open_index(args.index_dir)
    for name, overrides in VARIANTS.items():
        run = evaluate_system(name, index.reconfigured(fusion=FusionParams(**overrides)), questions, args.k,
                              args.format)
        every = run.summary["all"]
        shown = {key: value for key, value in every.items()
                 if key.startswith(("hits@", "mrr", "source_recall", "fact", "all_facts", "latency_p50", "n_gold"))}
        print(name, json.dumps(shown, default=str), flush=True)


if __name__ == "__main__":
    main()
