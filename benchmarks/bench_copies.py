"""What clustering copies costs at index time, measured inside one indexing run.

    .venv/bin/python benchmarks/bench_copies.py                 # full MultiHop-RAG corpus
    .venv/bin/python benchmarks/bench_copies.py --limit 100     # a quick check

One ``Index.add`` of the corpus into a fresh index, with the packaged MiniLM and the
knowledge layer off (so the denominator is the smallest indexing we ship: the share is an
upper bound of the default's). The copies layer's own work is timed where it runs, in the
same process and run: the shingles of each file (``indexing.copies.rows_of``),
writing them (``CopyStore.replace``), and the clustering at the end
(``CopyStore.recluster``). Target (issue 15): under 10% of indexing wall time. Prints the
CPU's flags beside the figures; the share, not the seconds, is the claim.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cpu import cpu_flags  # benchmarks/ is the script's folder, first on sys.path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "multihop-rag" / "corpus.json"
TARGET = 0.10


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="Only the first N records.")
    args = ap.parse_args()
    os.environ["ASSISTANT_KNOWLEDGE"] = "off"

    import assistant
    from assistant.indexing import build, copies

    spent: dict[str, float] = {"rows": 0.0, "store": 0.0, "cluster": 0.0}

    def timed(key: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def run(*a: Any, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[key] += time.perf_counter() - t
        return run

    build.rows_of = timed("rows", build.rows_of)
    copies.CopyStore.replace = timed("store", copies.CopyStore.replace)
    copies.CopyStore.recluster = timed("cluster", copies.CopyStore.recluster)

    with tempfile.TemporaryDirectory(prefix="bench_copies_") as work:
        corpus = args.corpus
        if args.limit:
            records = json.loads(corpus.read_text(encoding="utf-8"))[: args.limit]
            corpus = Path(work) / "corpus" / "corpus.json"
            corpus.parent.mkdir()
            corpus.write_text(json.dumps(records), encoding="utf-8")
        index = assistant.open_index(Path(work) / "idx", create=True)
        index.embedder  # noqa: B018 - load the model before the clock starts
        started = time.perf_counter()
        report = index.add(corpus)
        total = time.perf_counter() - started
        clusters = len(copies.CopyStore(index.index_dir).map())
    own = sum(spent.values())
    print(f"# benchmarks/bench_copies.py, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"# CPU: {platform.machine()}; {cpu_flags()}")
    print(f"corpus {args.corpus} ({'first ' + str(args.limit) if args.limit else 'all'} records): "
          f"{report.chunks_total} chunks, knowledge layer off")
    print(f"indexing wall time: {total:.1f} s")
    print(f"copies layer: {own:.2f} s = shingles {spent['rows']:.2f} s + storing "
          f"{spent['store']:.2f} s + clustering {spent['cluster']:.2f} s; {clusters} clusters of copies found")
    share = own / total if total else float("nan")
    print(f"copies share of indexing: {share:.1%} (target < {TARGET:.0%}) {'PASS' if share < TARGET else 'FAIL'}")


if __name__ == "__main__":
    main()
