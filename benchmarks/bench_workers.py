"""Several server workers on one index beside a Chroma server: what each holds, and how
much of it they share.

Builds (or reuses) an index of synthetic articles in a Chroma server with the near-free
embedder of bench_growth.py, then starts N worker processes that each open it and answer
searches, as N ``assistant serve`` processes behind a proxy would. While all N are alive
each reports its RSS, its proportional share (PSS: a page mapped by N processes counts
1/N to each) and what is shared with the others (the memory-mapped postings, vectors and
sentence vectors of the lexical side). The HNSW graph lives once, in the Chroma server.

    chroma run --path /tmp/chroma-bench --port 8123 &
    python benchmarks/bench_workers.py --chroma-url http://127.0.0.1:8123 --chunks 10000 --workers 3
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_growth import HashEmbedder, _queries, make_corpus
from cpu import cpu_flags


def _memory() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts and parts[0].rstrip(":") in ("Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
                                              "Private_Dirty"):
            out[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return out


def _worker(index_dir: str, url: str, queries: list[str], barrier: Any, results: Any) -> None:
    import assistant

    t0 = time.perf_counter()
    index = assistant.open_index(index_dir, embedder=HashEmbedder(), chroma_url=url)
    index.search("opening search", k=10)
    opened = time.perf_counter() - t0
    for q in queries:
        index.search(q, k=10)
    barrier.wait()  # every worker alive and warm: shared pages now count once among them
    memory = _memory()
    barrier.wait()
    results.put({"open_s": opened, **memory})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chroma-url", required=True)
    ap.add_argument("--chunks", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--root", type=Path, default=Path("/tmp/bench-workers"))
    args = ap.parse_args()
    import os

    os.environ.setdefault("ASSISTANT_KNOWLEDGE", "off")
    work = args.root / str(args.chunks)
    index_dir = work / "idx"
    if not (index_dir / "manifest.json").exists():
        import assistant

        make_corpus(work / "corpus", max(1, round(args.chunks / 1.5)), seed=args.chunks)
        index = assistant.open_index(index_dir, embedder=HashEmbedder(), chroma_url=args.chroma_url, create=True)
        index.add(work / "corpus")
    queries = _queries(work / "corpus", 100, seed=3)
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(args.workers), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(index_dir), args.chroma_url, queries, barrier, results))
             for _ in range(args.workers)]
    for p in procs:
        p.start()
    rows = [results.get(timeout=900) for _ in procs]
    for p in procs:
        p.join()
    print(f"CPU: {cpu_flags()}")
    print(f"{args.workers} workers on one index of ~{args.chunks:,} chunks beside a Chroma server (MB):")
    print("| worker | open s | RSS | PSS | shared | private |")
    print("|---|---|---|---|---|---|")
    for n, r in enumerate(rows, 1):
        shared = r.get("Shared_Clean", 0) + r.get("Shared_Dirty", 0)
        private = r.get("Private_Clean", 0) + r.get("Private_Dirty", 0)
        print(f"| {n} | {r['open_s']:.1f} | {r['Rss']:.0f} | {r['Pss']:.0f} | {shared:.0f} | {private:.0f} |")
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
