"""Latency of ``Assistant.ask`` on MultiHop-RAG dev questions over a built index.

Run it once per checkout in the same session to compare two versions (the checkout
imported is the one on PYTHONPATH):

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_ask.py INDEX --label after

Prints p50/p95/mean in ms over every 20th dev question (100), after one warm-up
question outside them, and the CPU. The answerer keeps the vectors of sentences it has
embedded, as a server does between questions; ``--cold`` forgets them before every
question, so each pays for all its sentences, as the first question on a story does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from cpu import cpu_flags

QUERIES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "multihop-rag" / "queries_dev.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index", help="index folder (assistant index …/corpus.json)")
    ap.add_argument("--label", default="this checkout")
    ap.add_argument("--queries", default=str(QUERIES))
    ap.add_argument("-n", type=int, default=100, help="questions timed [100]")
    ap.add_argument("--cold", action="store_true", help="forget sentence vectors before every question")
    args = ap.parse_args()
    import assistant

    bot = assistant.Assistant(assistant.open_index(args.index), k=10)
    every = [q["query"] for q in json.loads(Path(args.queries).read_text(encoding="utf-8"))]
    questions = every[::20][:args.n]
    bot.ask(every[1])
    kept = getattr(bot.answerer, "similarity", None)  # absent before the cache existed
    ms = []
    for q in questions:
        if args.cold and kept is not None:
            kept.clear()
        t = time.perf_counter()
        bot.ask(q)
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    print(f"{args.label}: {len(ms)} questions, ask p50 {ms[len(ms) // 2]:.0f} ms, "
          f"p95 {ms[max(0, int(len(ms) * 0.95) - 1)]:.0f} ms, mean {statistics.mean(ms):.0f} ms"
          f"{' (cold: sentence vectors forgotten before each)' if args.cold else ''}; CPU {cpu_flags()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
