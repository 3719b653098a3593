"""Start-up: how long a new process takes to print ``assistant --help``, and to print the
JSON of an ``assistant search`` and of an ``assistant ask`` on an index (imports, model
load, opening the index, one query; the answer's sentences and the spaCy pipeline too),
against the interpreter's own start in the same run. Warm disk: each command runs once
before it is timed.

    .venv/bin/python benchmarks/bench_startup.py --index-dir /tmp/idx     # an index to search
    .venv/bin/python benchmarks/bench_startup.py --index-dir /tmp/idx --runs 7 --precision int8

Targets (issue 17): ``--help`` <= 0.3 s, ``search`` <= 3 s, on a warm disk (``ask`` has none).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu import cpu_flags

BIN = Path(sys.executable).parent


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the disk and any cache
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True)
        out.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-400:]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index-dir", type=Path, required=True, help="An index to search.")
    ap.add_argument("--query", default="Who met Umerov in Brussels?")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--precision", default=None, help="ASSISTANT_EMBED_PRECISION for the search [auto].")
    args = ap.parse_args(argv)
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    if args.precision:
        env["ASSISTANT_EMBED_PRECISION"] = args.precision
    assistant = str(BIN / "assistant")
    # What the search will really use: asked for, or the index's own; and whether torch loads for it.
    probe = ("import sys, assistant; e = assistant.open_index(sys.argv[1]).embedder; "
             "print(e.precision, 'torch' if 'torch' in sys.modules else 'onnxruntime')")
    done = subprocess.run([sys.executable, "-c", probe, str(args.index_dir)], env=env, capture_output=True,
                          text=True, timeout=300)
    used = " in ".join(done.stdout.split()) if done.returncode == 0 else f"unknown ({done.stderr.strip()[-200:]})"
    rows = [
        ("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"], None),
        ("assistant --help", [assistant, "--help"], 0.3),
        (f"assistant search --json (k=5, {used})",
         [assistant, "search", args.query, "--json", "-k", "5", "--index-dir", str(args.index_dir)], 3.0),
        ("assistant ask --json (k=5)",
         [assistant, "ask", args.query, "--json", "-k", "5", "--index-dir", str(args.index_dir)], None),
    ]
    print(f"CPU: {cpu_flags()}; {args.runs} runs each after one warm-up")
    base = None
    for label, cmd, target in rows:
        seconds = timed(cmd, args.runs, env)
        p50 = statistics.median(seconds)
        base = base or p50
        verdict = "" if target is None else f"  target <= {target:g} s: {'met' if p50 <= target else 'NOT met'}"
        print(f"{label:<58} p50 {p50:6.2f} s  max {max(seconds):6.2f} s  ({p50 / base:5.1f}x the interpreter)"
              f"{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
