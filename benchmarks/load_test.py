"""Load test of the real server: sequential requests, then many concurrent clients.

Starts ``assistant serve`` (UI and API, as users run it) on a loopback port over an index,
then
1. sends ``--sequential`` requests one at a time: the serial throughput and latency;
2. runs ``--clients`` concurrent clients until ``--requests`` requests are answered,
   sampling the server's resident memory (RSS) after every ``--rss-every`` of them.

It prints the CPU (model, flags that decide the speed of the maths, cores) and the load
average beside the figures, because only the ratios of one run mean anything: concurrent
throughput over serial (target: at least 0.8), errors (target: 0) and RSS at the end over
RSS after the first ``--rss-every`` requests (target: at most 1.10).

Questions are varied (each gets a number) so no cache can answer them all: a cache that
grows without bound shows as growing RSS.

    python benchmarks/load_test.py --corpus ../shared/corpus --index-dir /tmp/load-idx
    python benchmarks/load_test.py --index-dir /tmp/load-idx --clients 100 --requests 2000 --out load.json
    git worktree add /tmp/base 61f9fb5 && python benchmarks/load_test.py --index-dir /tmp/load-idx \
        --baseline-src /tmp/base       # the baseline and this checkout in one run, with ratios

Only ever talks to 127.0.0.1. Stops by itself (every phase is bounded in count and time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

QUESTIONS = [
    "Who met the defence minister in Brussels?",
    "What did the minister say about drone production?",
    "When did the talks take place?",
    "Which companies were named in the report?",
    "Who opened the new bridge?",
    "What was agreed at the meeting?",
    "How much did the project cost?",
    "Where was the announcement made?",
    "What did the mayor say about the council vote?",
    "Which outlet reported the agreement first?",
    "What happened on Monday?",
    "Who criticised the plan?",
]
FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_bf16")


def cpu_line() -> str:
    model, flags = platform.processor() or "?", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model in ("", "?", platform.machine()):
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    shown = " ".join(f for f in FLAGS if f in flags) or "(none of: " + " ".join(FLAGS) + ")"
    return f"CPU: {model}; {os.cpu_count()} cores; flags: {shown}"


def load_line() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"
    except OSError:
        return "load average unknown"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: Path, port: int, extra: list[str], src: Path | None = None) -> subprocess.Popen[bytes]:
    """``assistant serve`` from this checkout, or from the one at ``src`` (the baseline)."""
    cmd = [sys.executable, "-m", "assistant", "serve", "--index-dir", str(index_dir.absolute()), "--host",
           "127.0.0.1", "--port", str(port), *extra]
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src.absolute())
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=src.absolute() if src is not None else None)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not answer /api/health within 300 s")


def request(client: httpx.Client, base: str, n: int) -> tuple[float, str | None]:
    """One request (3 asks to 1 search), its latency and its error (None when fine)."""
    question = f"{QUESTIONS[n % len(QUESTIONS)]} ({n})"
    started = time.perf_counter()
    try:
        if n % 4 == 3:
            r = client.post(f"{base}/api/search", json={"query": question, "k": 5})
        else:
            r = client.post(f"{base}/api/ask", json={"question": question, "k": 5})
        error = None if r.status_code == 200 else f"HTTP {r.status_code}: {r.text[:200]}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - started, error


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def sequential(base: str, count: int, timeout: float) -> dict[str, float]:
    latencies, errors = [], 0
    started = time.perf_counter()
    with httpx.Client(timeout=timeout) as client:
        for n in range(count):
            took, error = request(client, base, 10_000_000 + n)
            latencies.append(took)
            errors += error is not None
    wall = time.perf_counter() - started
    return {"requests": count, "seconds": wall, "throughput": count / wall, "errors": errors,
            "p50": statistics.median(latencies), "p95": percentile(latencies, 0.95)}


def concurrent(base: str, pid: int, clients: int, total: int, rss_every: int, timeout: float,
               max_seconds: float) -> dict[str, object]:
    lock = threading.Lock()
    issued = [0]
    latencies: list[float] = []
    errors: list[str] = []
    rss: list[tuple[int, float]] = []
    deadline = time.monotonic() + max_seconds

    def client_loop() -> None:
        with httpx.Client(timeout=timeout) as client:
            while time.monotonic() < deadline:
                with lock:
                    if issued[0] >= total:
                        return
                    issued[0] += 1
                    n = issued[0]
                took, error = request(client, base, n)
                with lock:
                    latencies.append(took)
                    if error:
                        errors.append(error)
                    done = len(latencies)
                    if done % rss_every == 0:
                        rss.append((done, rss_mb(pid)))

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max_seconds + timeout + 30)
    wall = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "seconds": wall,
            "throughput": len(latencies) / wall, "errors": len(errors), "error_kinds": sorted(set(errors))[:5],
            "p50": statistics.median(latencies) if latencies else float("nan"),
            "p95": percentile(latencies, 0.95), "rss_mb": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="index this first when --index-dir holds no index")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sequential", type=int, default=60)
    parser.add_argument("--rss-every", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=300.0, help="per request, seconds")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="for the concurrent phase")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--server-arg", action="append", default=[], help="passed to assistant serve")
    parser.add_argument("--baseline-src", type=Path,
                        help="a checkout of the baseline (e.g. git worktree add /tmp/base REV): measured "
                             "first in the same run, then this checkout, and the ratios printed")
    args = parser.parse_args()

    if not (args.index_dir / "manifest.json").exists():
        if not args.corpus:
            raise SystemExit(f"no index in {args.index_dir}; pass --corpus to build one")
        subprocess.run([sys.executable, "-m", "assistant", "index", str(args.corpus), "--index-dir",
                        str(args.index_dir)], check=True)
    random.seed(0)
    print(cpu_line())
    figures = {}
    if args.baseline_src:
        figures["baseline"] = measure(f"baseline ({args.baseline_src})", args, args.baseline_src)
    figures["this checkout"] = measure("this checkout", args, None)
    if args.baseline_src:
        base, ours = figures["baseline"], figures["this checkout"]
        def over(*keys: str) -> float:
            a, b = ours, base
            for key in keys:
                a, b = a[key], b[key]
            return a / b

        print(f"same run, this checkout over the baseline: sequential {over('sequential', 'throughput'):.2f}x, "
              f"{args.clients} clients {over('concurrent', 'throughput'):.2f}x, "
              f"RSS at the end {over('rss_end_mb'):.2f}x")
    if args.out:
        args.out.write_text(json.dumps({"cpu": cpu_line(), **figures}, indent=1))


def measure(label: str, args: argparse.Namespace, src: Path | None) -> dict[str, Any]:
    """Both phases against one server; prints them and returns the figures."""
    print(f"== {label}; {load_line()}")
    port = free_port()
    server = start_server(args.index_dir, port, args.server_arg, src)
    base = f"http://127.0.0.1:{port}"
    try:
        # One warm-up request each way: model and tables load on first use.
        with httpx.Client(timeout=args.timeout) as client:
            request(client, base, 0)
            request(client, base, 3)
        rss_start = rss_mb(server.pid)
        seq = sequential(base, args.sequential, args.timeout)
        print(f"sequential: {seq['requests']} requests in {seq['seconds']:.1f} s = {seq['throughput']:.2f}/s; "
              f"p50 {seq['p50'] * 1000:.0f} ms, p95 {seq['p95'] * 1000:.0f} ms; errors {seq['errors']}")
        conc = concurrent(base, server.pid, args.clients, args.requests, args.rss_every, args.timeout,
                          args.max_seconds)
        ratio = conc["throughput"] / seq["throughput"]
        print(f"concurrent: {conc['clients']} clients, {conc['requests']} requests in {conc['seconds']:.1f} s "
              f"= {conc['throughput']:.2f}/s ({ratio:.2f}x sequential; target >= 0.80); "
              f"p50 {conc['p50']:.2f} s, p95 {conc['p95']:.2f} s; errors {conc['errors']}")
        for kind in conc["error_kinds"]:
            print(f"  error: {kind}")
        curve = conc["rss_mb"]
        print("server RSS (MB) after warm-up: " f"{rss_start:.0f}; after n requests: "
              + ", ".join(f"{n}: {mb:.0f}" for n, mb in curve))
        growth = curve[-1][1] / curve[0][1] if len(curve) >= 2 else float("nan")
        print(f"RSS at {curve[-1][0] if curve else '?'} over RSS at {curve[0][0] if curve else '?'}: "
              f"{growth:.3f} (target <= 1.10)")
        print(f"after: {load_line()}")
        return {"sequential": seq, "concurrent": conc, "ratio": ratio, "rss_start_mb": rss_start,
                "rss_end_mb": curve[-1][1] if curve else rss_mb(server.pid), "rss_growth": growth}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

if __name__ == "__main__":
    main()
