"""Search latency of the assistant against plain hybrid search, measured in one run.

Each system gets its own index object (so each embeds every question itself: no shared
query cache), and the systems take turns question by question, so a busy moment of the
machine costs them alike. Prints p50/p95 per system and the ratio to plain hybrid search
(dense + BM25 fused by reciprocal rank; no sub-searches, sentence BM25 or ranker).

    python benchmarks/bench_search.py --index-dir /tmp/mh240 --limit 400
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from assistant import open_index
from assistant.evaluate.metrics import percentile
from assistant.retrieval.fusion import FusionParams

REPO = Path(__file__).resolve().parent.parent

PLAIN = FusionParams(decompose=False, sentence_weight=0.0, dense_full_words=0, date_boost=0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", required=True)
    ap.add_argument("--queries", default=str(REPO.parent / "shared/bench/multihop-rag/queries_dev.json"))
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("-k", type=int, default=10)
    args = ap.parse_args()
    questions = [q["query"] for q in json.loads(Path(args.queries).read_text())][: args.limit]
    shipped = open_index(args.index_dir, ranker="learned")
    systems = {
        "plain hybrid": shipped.reconfigured(fusion=PLAIN, ranker="none"),
        "assistant, fused order": shipped.reconfigured(ranker="none"),
        "assistant (learned ranker)": shipped,
    }
    for index in systems.values():  # load models and tables before timing
        index.search("warm up the model and the tables", k=args.k)
    times: dict[str, list[float]] = {name: [] for name in systems}
    for question in questions:
        for name, index in systems.items():
            t0 = time.perf_counter()
            index.search(question, k=args.k)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["plain hybrid"])
    print(f"{len(questions)} questions, k={args.k}, systems taking turns per question")
    print("| system | p50 ms | p95 ms | p50 / plain hybrid |\n|---|---|---|---|")
    for name, values in times.items():
        p50 = statistics.median(values)
        print(f"| {name} | {1000 * p50:.1f} | {1000 * percentile(values, 95):.1f} | {p50 / base:.2f}x |")


if __name__ == "__main__":
    main()
