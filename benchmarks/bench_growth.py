"""Growth curves: how indexing, opening, searching and adding grow with the corpus.

Synthetic articles (made-up words with a Zipf-like spread, 50 outlets, two years of
dates; no article text) are indexed with a near-free embedder of MiniLM's width (each
word's fixed random vector, summed), so the figures are the pipeline's own costs, not the
model's; the knowledge layer is off (its cost is measured by bench_index.py
--knowledge-share). Each stage runs in a child process, so each peak RSS is its own:

- build: a new index of the whole corpus (seconds, chunks/s, peak RSS);
- open: a new process opens the index, its files first dropped from the page cache as after a
  reboot, and answers one search (seconds, RSS);
- search, in two passes over the same questions: first ours alone (the shipped ranker;
  the p50/p95 columns) in turns with a filter passing one outlet (~2% of the corpus), then
  the process's RSS (the serving column: what a worker serving ours holds); then, the
  questions again (warm for ours), ours in turns with plain hybrid search (dense + BM25
  fused, nothing else) on the same index and with ours reading best-sentence BM25 over
  every chunk (``sentence_exact_max`` above the corpus: what ours does up to 50k chunks),
  for the same-run ratio ours/plain (ours' p50 of this pass, ``ours_turns``), the share of
  the every-sentence top 10 ours returns, and the RSS after the baselines (rows before
  session 29 have only this one, in the serving column);
- add: 10 new articles indexed into it (seconds), then an edit (one file of 500 articles
  rewritten: its chunks removed and new ones stored), beside a rebuild of the lexical side
  from the store (what every indexing run paid before it was kept in segments; not
  above ``REBUILD_MAX`` chunks).

    python benchmarks/bench_growth.py --sizes 10000,100000 --out docs/eval    (make growth)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu import cpu_flags

from assistant.indexing.embedding import Embedder

OUTLETS = [f"The {a} {b}" for a in ("Daily", "Evening", "Morning", "Weekly", "Valley")
           for b in ("Post", "Herald", "Ledger", "Courier", "Times", "Star", "Wire", "Mirror", "Record", "Echo")]
ARTICLES_PER_FILE = 500
# Above this many chunks the add stage skips its baseline, a rebuild of the lexical side
# from the store: about 40 minutes at a million chunks, for a figure that only grows.
REBUILD_MAX = 300_000
_WORD = re.compile(r"\w+|[^\w\s]")


class HashEmbedder(Embedder):
    """Each word's fixed random vector, summed and normalised: the width of MiniLM at
    almost none of its cost, with enough structure that nearest neighbours mean something."""

    name = "bench-hash-384"
    precision = "fp32"

    def __init__(self) -> None:
        self._table = np.random.default_rng(0).standard_normal((4096, 384)).astype(np.float32)

    @property
    def dimension(self) -> int:
        return 384

    @property
    def max_tokens(self) -> int:
        return 256

    def count_tokens(self, texts: Any) -> list[int]:
        return [len(_WORD.findall(t)) for t in texts]

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in _WORD.finditer(text)]

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), 384), np.float32)
        for i, text in enumerate(texts):
            ids = [zlib.crc32(w.encode()) & 4095 for w in text.lower().split()]
            if ids:
                v = self._table[ids].sum(axis=0)
                out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
        return out


def _vocabulary(rng: np.random.Generator, n: int = 30000) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syllables, size=int(rng.integers(2, 5)))))
    return sorted(words)


def make_corpus(folder: Path, articles: int, seed: int, first: int = 0) -> None:
    """``articles`` synthetic articles as JSON record files under ``folder``."""
    rng = np.random.default_rng(seed)
    words = np.asarray(_vocabulary(np.random.default_rng(1)))
    weights = 1.0 / (np.arange(len(words)) + 3.0) ** 1.05
    weights /= weights.sum()
    # What Generator.choice(words, size, p=weights) does, with the cumulative sum made once
    # instead of per sentence (most of the time of writing a million-chunk corpus): the same
    # random draws, so the same corpus for a seed.
    cdf = weights.cumsum()
    cdf /= cdf[-1]
    folder.mkdir(parents=True, exist_ok=True)
    for lo in range(0, articles, ARTICLES_PER_FILE):
        records = []
        for n in range(lo, min(lo + ARTICLES_PER_FILE, articles)):
            def sentence() -> str:
                drawn = cdf.searchsorted(rng.random(int(rng.integers(8, 20))), side="right")
                return " ".join(words[drawn]).capitalize() + "."
            paragraphs = ["  ".join(sentence() for _ in range(int(rng.integers(3, 6))))
                          for _ in range(int(rng.integers(3, 6)))]
            day = int(rng.integers(0, 730))
            records.append({"title": sentence()[:-1], "author": "Staff", "source": OUTLETS[n % len(OUTLETS)],
                            "published_at": time.strftime("%Y-%m-%dT08:00:00+00:00",
                                                          time.gmtime(1672531200 + day * 86400)),
                            "category": "news", "url": f"https://example.org/{first + n}",
                            "body": "\n\n".join(paragraphs)})
        (folder / f"part-{first + lo:07d}.json").write_text(json.dumps(records))


def _queries(corpus: Path, n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    files = sorted(corpus.glob("*.json"))
    out = []
    while len(out) < n:
        records = json.loads(files[int(rng.integers(len(files)))].read_text())
        words = records[int(rng.integers(len(records)))]["body"].replace(".", "").split()
        size = int(rng.integers(3, 5)) if len(out) % 2 else int(rng.integers(10, 20))  # short and long
        out.append(" ".join(rng.choice(words, size=min(size, len(words)), replace=False)))
    return out


def _rss_mb(field: str = "VmRSS") -> float:
    """Resident memory: all of it (VmRSS = RssAnon + RssFile + RssShmem); the process's own
    (RssAnon) is what a second worker would need again, the pages of mapped files (RssFile)
    are the page cache's, shared by every process mapping the index."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- stages, each in its own process ------------------------------------------------------
def stage_build(work: Path) -> dict[str, Any]:
    import assistant

    t0 = time.perf_counter()
    index = assistant.open_index(work / "idx", embedder=HashEmbedder(), create=True, ranker="none")
    report = index.add(work / "corpus")
    seconds = time.perf_counter() - t0
    return {"chunks": report.chunks_total, "build_s": seconds, "chunks_per_s": report.chunks_total / seconds,
            "build_peak_mb": _peak_mb()}


def drop_from_page_cache(folder: Path) -> bool:
    """Drop ``folder``'s files from the page cache, as after a reboot; whether it could
    (``posix_fadvise`` drops clean pages of a file anyone may read; not on tmpfs)."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for path in (p for p in folder.rglob("*") if p.is_file()):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)  # the build's pages may still be dirty, and only clean ones can be dropped
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return True


def stage_serve(work: Path, n_queries: int) -> dict[str, Any]:
    # Opened cold: the build (or another stage) leaves the page cache holding what it touched,
    # which made the open 4 s slower or faster from one run to the next.
    cold = drop_from_page_cache(work / "idx")
    t0 = time.perf_counter()
    from dataclasses import replace

    import assistant
    from assistant.retrieval.fusion import FusionParams
    from assistant.types import Filters

    index = assistant.open_index(work / "idx", embedder=HashEmbedder())
    index.search("opening search", k=10)
    open_s = time.perf_counter() - t0
    open_mb = _rss_mb()
    plain = index.reconfigured(fusion=FusionParams(decompose=False, sentence_weight=0.0, dense_full_words=0,
                                                    date_boost=0.0), ranker="none")
    every = index.reconfigured(fusion=replace(index.retriever.params, sentence_exact_max=10**12))
    queries = _queries(work / "corpus", n_queries, seed=5)
    one = Filters(outlets=(OUTLETS[7],))
    # Two passes. First the shipped system alone (with and without a filter, in turns), as a
    # server runs it: its latency, and the memory a worker serving it holds. Then ours beside
    # the baselines in turns, so a busy moment costs them alike, for the same-run ratio and the
    # overlap; the every-sentence baseline reads ~1 GB of sentence postings at 1M chunks, which
    # would otherwise be counted as the server's pages and slow ours' next question.
    times: dict[str, list[float]] = {"ours": [], "filtered": [], "ours_turns": [], "plain": [], "every": []}
    overlap = []
    serving: dict[str, float] = {}
    for i, passes in enumerate(((("ours", index, None), ("filtered", index, one)),
                                (("ours_turns", index, None), ("plain", plain, None), ("every", every, None)))):
        for q in queries:
            found = {}
            for name, system, filters in passes:
                t = time.perf_counter()
                found[name] = [h.chunk_id for h in system.search(q, k=10, filters=filters)]
                times[name].append((time.perf_counter() - t) * 1000)
            if "every" in found:
                overlap.append(len(set(found["ours_turns"]) & set(found["every"])) / max(1, len(found["every"])))
        if i == 0:  # ours alone: what a worker serving it holds
            serving = {"serve_rss_mb": _rss_mb(), "serve_own_mb": _rss_mb("RssAnon"),
                       "serve_mapped_mb": _rss_mb("RssFile") + _rss_mb("RssShmem")}
    out: dict[str, Any] = {"open_s": open_s, "open_cold": cold, "open_rss_mb": open_mb, **serving,
                           "all_rss_mb": _rss_mb(),
                           "top10_overlap_every": statistics.mean(overlap)}
    for name, values in times.items():
        values.sort()
        out[f"{name}_p50_ms"] = statistics.median(values)
        out[f"{name}_p95_ms"] = values[int(0.95 * (len(values) - 1))]
    return out


def stage_add(work: Path) -> dict[str, Any]:
    import assistant
    from assistant.indexing.lexical import LexicalIndex

    index = assistant.open_index(work / "idx", embedder=HashEmbedder(), ranker="none")
    before = len(index.lexical.table)
    make_corpus(work / "corpus", 10, seed=99, first=10_000_000)
    t = time.perf_counter()
    report = index.add(work / "corpus")
    add_s = time.perf_counter() - t
    assert report.files_added and len(index.lexical.table) == report.chunks_total > before
    out = {"add10_s": add_s, "add10_chunks": report.chunks_total - before, "segments": index.lexical.segments}
    # An edit: one file of the corpus (ARTICLES_PER_FILE articles) rewritten with other
    # articles, so its old chunks go and new ones come (what a corrected file costs).
    target = sorted((work / "corpus").glob("part-*.json"))[0]
    fresh = work / "edit"
    shutil.rmtree(fresh, ignore_errors=True)
    make_corpus(fresh, ARTICLES_PER_FILE, seed=7, first=int(target.stem.split("-")[1]))
    os.replace(next(fresh.glob("part-*.json")), target)
    t = time.perf_counter()
    report = index.add(work / "corpus")
    out["edit_s"] = time.perf_counter() - t
    assert report.files_updated == [target.name], report.files_updated
    if before <= REBUILD_MAX:
        t = time.perf_counter()
        LexicalIndex.build(index.store.iter_sorted(), 0)
        out["lexical_rebuild_s"] = time.perf_counter() - t
    return out


def _child(stage: str, work: Path, n_queries: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--stage", stage, "--work", str(work), "--n-queries", str(n_queries)]
    env = {**os.environ, "ASSISTANT_KNOWLEDGE": "off", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"stage {stage} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _num(row: dict[str, Any], key: str, digits: int = 1) -> str:
    return f"{row[key]:.{digits}f}" if key in row else "not run"


def _serving(row: dict[str, Any]) -> str:
    if "serve_own_mb" not in row:
        return f"{row['serve_rss_mb']:.0f}"
    return f"{row['serve_rss_mb']:.0f} ({row['serve_own_mb']:.0f} + {row['serve_mapped_mb']:.0f})"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| chunks | build s | chunks/s | build peak RSS MB | open s | RSS open MB | p50 ms | p95 ms "
            "| filtered p50 ms | plain p50 ms | ours/plain p50 (same turns) | every-sentence p50 ms | top 10 shared "
            "| serving RSS MB (own + mapped) | RSS after baselines MB "
            "| add 10 articles s | edit 1 file s | full lexical rebuild s |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(
            f"| {r['chunks']:,} | {r['build_s']:.0f} | {r['chunks_per_s']:.0f} | {r['build_peak_mb']:.0f} "
            f"| {r['open_s']:.1f} | {r['open_rss_mb']:.0f} | {r['ours_p50_ms']:.1f} | {r['ours_p95_ms']:.1f} "
            f"| {r['filtered_p50_ms']:.1f} | {r['plain_p50_ms']:.1f} "
            f"| {r.get('ours_turns_p50_ms', r['ours_p50_ms']) / r['plain_p50_ms']:.2f}x "
            f"| {r['every_p50_ms']:.1f} | {r['top10_overlap_every']:.1%} | {_serving(r)} | {_num(r, 'all_rss_mb', 0)} "
            f"| {_num(r, 'add10_s')} | {_num(r, 'edit_s')} | {_num(r, 'lexical_rebuild_s')} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="Chunk counts, roughly [%(default)s].")
    ap.add_argument("--n-queries", type=int, default=200)
    ap.add_argument("--root", type=Path, default=Path("/tmp/bench-growth"), help="Scratch folder [%(default)s].")
    ap.add_argument("--out", type=Path, default=None, help="Folder for growth.txt and growth.json.")
    ap.add_argument("--keep", action="store_true", help="Keep the indexes.")
    ap.add_argument("--stage", choices=["build", "serve", "add"], help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        # The rows are of the pipeline without its knowledge layer, however a stage is started
        # (one run by hand without the variable spent an hour in spaCy over 666k articles).
        os.environ["ASSISTANT_KNOWLEDGE"] = "off"
        result = {"build": lambda: stage_build(args.work), "serve": lambda: stage_serve(args.work, args.n_queries),
                  "add": lambda: stage_add(args.work)}[args.stage]()
        print(json.dumps(result))
        return 0
    cpu = cpu_flags()
    print(f"CPU: {cpu}", flush=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        work = args.root / str(size)
        shutil.rmtree(work, ignore_errors=True)
        make_corpus(work / "corpus", max(1, round(size / 1.5)), seed=size)  # ~1.5 chunks an article
        row: dict[str, Any] = {"target": size}
        for stage in ("build", "serve", "add"):
            row.update(_child(stage, work, args.n_queries))
            print(f"{size}: {stage} done {json.dumps(row)}", flush=True)
        rows.append(row)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = (f"# benchmarks/bench_growth.py --sizes {args.sizes}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n"
            f"CPU: {cpu}\nSynthetic articles, near-free embedder of width 384, knowledge layer off; "
            f"{args.n_queries} questions (half short, half long), k=10.\n\n{table(rows)}\n")
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "growth.txt").write_text(text)
        (args.out / "growth.json").write_text(json.dumps({"cpu": cpu, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
