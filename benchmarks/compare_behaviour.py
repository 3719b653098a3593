"""Prove two checkouts behave alike: same index report, same search hits, same answers.

For each checkout (the baseline, then the current one), in its own subprocess that imports
``assistant`` from that checkout only (see ``cli_driver.py``; the editable install does not
leak in):
1. ``assistant index CORPUS --index-dir D --json`` into a fresh index under ``--work``, then
   ``assistant info --json``: the reports must match (counts, skipped files, warnings; the
   seconds and the index folder's own path are left out), and so must the manifests' file
   lists;
2. ``assistant search Q --json`` and ``assistant ask Q --json`` for the first ``--n-corpus``
   questions of ``--questions`` against that index;
3. ``assistant search Q --json`` for the first ``--n-multihop`` non-null MultiHop-RAG dev
   queries against a copy of ONE prebuilt ``--multihop-index`` (the index format does not
   change; each checkout gets its own copy, as search may save a lexical cache beside it).

Every command runs exactly as ``python -m assistant ARGS`` (one process per checkout, each
command in-process). Outputs are compared as JSON: the same hits in the same order with every
field equal, the same answer text, citations and other fields; numbers within 1e-6
(absolute or relative), everything else exactly; exit statuses too. Prints the CPU, the
checkouts' revisions, per-part counts and the first ``--show`` differences; exits 1 when
anything differs, 0 when all is identical. ``ASSISTANT_*``, ``OPENAI_API_KEY`` and
``OLLAMA_HOST`` are removed from the commands' environment (``ask`` answers extractively).

    git worktree add /tmp/base 60aca5d
    PYTHONPATH=/tmp/base python -m assistant index ../shared/bench/multihop-rag/corpus.json \
        --index-dir /tmp/mh-compare     # once: the shared MultiHop-RAG index, built by the baseline
    python benchmarks/compare_behaviour.py --baseline-src /tmp/base --multihop-index /tmp/mh-compare
    python benchmarks/compare_behaviour.py --baseline-src /tmp/base --current-src /tmp/base \
        --n-corpus 3 --n-multihop 10    # the baseline against itself: must print all identical
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "cli_driver.py"
TOL = 1e-6
DROPPED_ENV = ("OPENAI_API_KEY", "OLLAMA_HOST")
INDEX_DIR_MARK = "<INDEX_DIR>"


class Report:
    """Printed lines, also kept for ``--out``."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)


# ---------------------------------------------------------------- comparing JSON


def numbers_close(a: float, b: float, tol: float = TOL) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    diff = abs(a - b)
    return diff <= tol or diff <= tol * max(abs(a), abs(b))


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def differences(base: Any, cur: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(field path, baseline value, current value) for every place where the two differ."""
    if _is_number(base) and _is_number(cur):
        if isinstance(base, float) or isinstance(cur, float):
            if not numbers_close(float(base), float(cur)):
                yield path, base, cur
        elif base != cur:
            yield path, base, cur
    elif isinstance(base, dict) and isinstance(cur, dict):
        for key in list(base) + [k for k in cur if k not in base]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in base:
                yield sub, "<absent>", cur[key]
            elif key not in cur:
                yield sub, base[key], "<absent>"
            else:
                yield from differences(base[key], cur[key], sub)
    elif isinstance(base, list) and isinstance(cur, list):
        if len(base) != len(cur):
            yield f"{path} (length)", len(base), len(cur)
        for i, (b, c) in enumerate(zip(base, cur, strict=False)):
            yield from differences(b, c, f"{path}[{i}]")
    elif type(base) is not type(cur) or base != cur:
        yield path, base, cur


def hit_keys(doc: Any, key: str) -> list[str] | None:
    """Compact identity of a hit list (chunk id, else source:lines) for a one-line order diff."""
    hits = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(hits, list):
        return None
    out = []
    for h in hits:
        if not isinstance(h, dict):
            return None
        ident = h.get("chunk_id") or f"{h.get('source')}:{h.get('lines') or ''}"
        out.append(str(ident))
    return out


def short(value: Any, width: int = 100) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def parsed(stdout: str) -> Any:
    """The command's JSON output, or its raw text when it is not JSON."""
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:
        return {"<stdout, not JSON>": stdout}


# ---------------------------------------------------------------- running a checkout


@dataclass
class Part:
    """One part of the comparison: its name and a result per item."""

    name: str
    items: int = 0
    identical: int = 0
    diffs: list[tuple[str, list[tuple[str, Any, Any]]]] = field(default_factory=list)

    def add(self, label: str, found: list[tuple[str, Any, Any]]) -> None:
        self.items += 1
        if found:
            self.diffs.append((label, found))
        else:
            self.identical += 1


def revision(src: Path) -> str:
    git = ["git", "--no-optional-locks", "-C", str(src)]  # no-optional-locks: never refresh the git index
    try:
        head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "(not a git checkout)"
    changed = [line for line in dirty.splitlines() if line.strip()]
    return f"{head}" + (f" + uncommitted changes ({len(changed)} paths)" if changed else " (clean)")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "?"


def child_env(src: Path) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    dropped = sorted(k for k in env if k.startswith("ASSISTANT_") or k in DROPPED_ENV)
    for key in dropped:
        del env[key]
    env["PYTHONPATH"] = str(src)  # for any process the CLI itself starts
    return env, dropped


def run_driver(label: str, src: Path, jobs: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    """Run ``jobs`` with the checkout at ``src``; their results by id, plus ``<loaded>``."""
    jobs_file, out_file = folder / f"{label}.jobs.json", folder / f"{label}.out.jsonl"
    jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
    env, _ = child_env(src)
    proc = subprocess.run([sys.executable, "-P", str(DRIVER), str(src), str(jobs_file), str(out_file)],
                          cwd=folder, env=env, stdout=subprocess.PIPE, text=True)  # stderr: progress, shown
    if proc.returncode != 0 or not out_file.exists():
        raise SystemExit(f"the driver for {label} ({src}) failed with status {proc.returncode}: {proc.stdout[-2000:]}")
    results: dict[str, Any] = {}
    for line in out_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "loaded" in row:
            results["<loaded>"] = row["loaded"]
        else:
            results[row["id"]] = row
    origin = Path(str(results.get("<loaded>", {}).get("assistant", "")))
    if not origin.resolve().is_relative_to(src.resolve()):
        raise SystemExit(f"{label}: assistant was imported from {origin}, not from {src}")
    missing = [j["id"] for j in jobs if j["id"] not in results]
    if missing:
        raise SystemExit(f"{label}: the driver gave no result for {len(missing)} commands (first {missing[0]})")
    return results


def manifest_files(index_dir: Path) -> Any:
    """The manifest's files map (name -> hash, chunks, documents), or a note why there is none."""
    try:
        files = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8")).get("files")
    except (OSError, json.JSONDecodeError, AttributeError) as exc:
        return f"<manifest unreadable: {type(exc).__name__}>"
    return dict(sorted(files.items())) if isinstance(files, dict) else "<no files map>"


def normalised(doc: Any, index_dir: Path, drop: tuple[str, ...] = ()) -> Any:
    """``doc`` without the keys ``drop`` (timings), with the index folder's own path replaced by a mark."""
    if isinstance(doc, dict):
        return {k: normalised(v, index_dir, drop) for k, v in doc.items() if k not in drop}
    if isinstance(doc, list):
        return [normalised(v, index_dir, drop) for v in doc]
    if isinstance(doc, str):
        return doc.replace(str(index_dir.resolve()), INDEX_DIR_MARK).replace(str(index_dir), INDEX_DIR_MARK)
    return doc


def compare_results(part: Part, label: str, base: dict[str, Any], cur: dict[str, Any],
                    base_index: Path, cur_index: Path, drop: tuple[str, ...] = ()) -> None:
    found: list[tuple[str, Any, Any]] = []
    if base["exit"] != cur["exit"]:
        found.append(("exit status", f"{base['exit']} {short(base['stderr'], 60)}", f"{cur['exit']} "
                      f"{short(cur['stderr'], 60)}"))
    b, c = parsed(base["stdout"]), parsed(cur["stdout"])
    b, c = normalised(b, base_index, drop), normalised(c, cur_index, drop)
    field_diffs = list(differences(b, c))
    for key in ("hits", "retrieved"):
        bk, ck = hit_keys(b, key), hit_keys(c, key)
        if bk is not None and ck is not None and bk != ck:
            inside = [d for d in field_diffs if d[0].startswith(f"{key}[")]
            field_diffs = [d for d in field_diffs if not d[0].startswith(f"{key}[")]
            found.append((f"{key}: other hits or order (chunk id, else source:lines; {len(inside)} fields differ "
                          "inside)", bk, ck))
    found.extend(field_diffs)
    part.add(label, found)


# ---------------------------------------------------------------- inputs


def corpus_questions(path: Path, n: int) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(row.get("question") or row.get("query"))
        if len(out) >= n:
            break
    return [q for q in out if q]


def multihop_questions(path: Path, n: int) -> list[str]:
    """The first ``n`` queries whose gold answer exists (``question_type`` other than null_query)."""
    out = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        if row.get("question_type") != "null_query" and row.get("query"):
            out.append(row["query"])
        if len(out) >= n:
            break
    return out


def fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline-src", type=Path, required=True, help="checkout of the baseline (git worktree)")
    ap.add_argument("--current-src", type=Path, default=REPO, help="checkout to compare [default: this one]")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--questions", type=Path, default=REPO / "eval" / "dev_qa.jsonl")
    ap.add_argument("--n-corpus", type=int, default=20, help="questions of --questions to search and ask")
    ap.add_argument("--multihop-index", type=Path, help="a prebuilt MultiHop-RAG index (skipped when not given)")
    ap.add_argument("--multihop-queries", type=Path,
                    default=REPO.parent / "shared" / "bench" / "multihop-rag" / "queries_dev.json")
    ap.add_argument("--n-multihop", type=int, default=200, help="non-null MultiHop-RAG queries to search")
    ap.add_argument("-k", type=int, default=None, help="hits per search and passages per ask [default: the CLI's]")
    ap.add_argument("--work", type=Path, default=Path("/tmp/compare"), help="scratch folder (emptied per checkout)")
    ap.add_argument("--show", type=int, default=8, help="differences shown in full per part")
    ap.add_argument("--out", type=Path, help="also write this report to FILE")
    args = ap.parse_args()

    report = Report()
    srcs = {"baseline": args.baseline_src.resolve(), "current": args.current_src.resolve()}
    for label, src in srcs.items():
        if not (src / "assistant" / "__main__.py").is_file():
            ap.error(f"--{label}-src {src}: no assistant/__main__.py there")
    corpus, work = args.corpus.resolve(), args.work.resolve()
    if not corpus.exists():
        ap.error(f"--corpus {corpus} does not exist")
    questions = corpus_questions(args.questions, args.n_corpus)
    mh_questions: list[str] = []
    if args.multihop_index is not None:
        if not (args.multihop_index / "manifest.json").is_file():
            ap.error(f"--multihop-index {args.multihop_index}: no manifest.json there")
        mh_questions = multihop_questions(args.multihop_queries, args.n_multihop)
    k_args = ["-k", str(args.k)] if args.k else []

    report(f"CPU: {cpu_model()}; {os.cpu_count()} cores; Python {platform.python_version()}")
    for label, src in srcs.items():
        report(f"{label}: {src} at {revision(src)}")
    _, dropped = child_env(srcs["baseline"])
    if dropped:
        report(f"removed from the commands' environment: {', '.join(dropped)}")
    report(f"corpus {corpus}; {len(questions)} questions from {args.questions}")
    if args.multihop_index is None:
        report("note: no --multihop-index given: the MultiHop-RAG part is skipped")
    else:
        report(f"MultiHop-RAG: {len(mh_questions)} non-null queries against a copy of {args.multihop_index.resolve()}")

    results: dict[str, dict[str, Any]] = {}
    index_dirs: dict[str, Path] = {}
    mh_dirs_of: dict[str, Path] = {}
    manifests: dict[str, Any] = {}
    seconds: dict[str, tuple[float, float]] = {}
    for label, src in srcs.items():
        folder = fresh(work / label)
        index_dir = index_dirs[label] = folder / "index"
        mh_dir = mh_dirs_of[label] = folder / "multihop-index"
        if args.multihop_index is not None:
            shutil.copytree(args.multihop_index, mh_dir)
        print(f"{label}: indexing {corpus} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        got = run_driver(label + "-index", src, [
            {"id": "index", "args": ["index", str(corpus), "--index-dir", str(index_dir), "--json"]}], folder)
        indexed = time.perf_counter() - start
        manifests[label] = manifest_files(index_dir)
        jobs: list[dict[str, Any]] = [{"id": "info", "args": ["info", "--index-dir", str(index_dir), "--json"]}]
        for i, q in enumerate(questions):
            jobs.append({"id": f"search-{i}", "args": ["search", q, "--json", "--index-dir", str(index_dir), *k_args]})
            jobs.append({"id": f"ask-{i}", "args": ["ask", q, "--json", "--index-dir", str(index_dir), *k_args]})
        for i, q in enumerate(mh_questions):
            jobs.append({"id": f"mh-{i}", "args": ["search", q, "--json", "--index-dir", str(mh_dir), *k_args]})
        print(f"{label}: {len(jobs)} commands ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        got |= run_driver(label + "-queries", src, jobs, folder)
        seconds[label] = (indexed, time.perf_counter() - start)
        results[label] = got
        report(f"{label}: imported {got['<loaded>']['assistant']}; index {indexed:.1f} s, "
               f"{len(jobs)} commands {seconds[label][1]:.1f} s")

    base, cur = results["baseline"], results["current"]
    parts = [Part("index report + info + manifest"), Part("corpus search"), Part("corpus ask")]
    dirs, mh_dirs = (index_dirs["baseline"], index_dirs["current"]), (mh_dirs_of["baseline"], mh_dirs_of["current"])
    compare_results(parts[0], "index --json", base["index"], cur["index"], *dirs, drop=("seconds",))
    compare_results(parts[0], "info --json", base["info"], cur["info"], *dirs)
    parts[0].add("manifest files", list(differences(manifests["baseline"], manifests["current"])))
    for i, q in enumerate(questions):
        compare_results(parts[1], q, base[f"search-{i}"], cur[f"search-{i}"], *dirs)
        compare_results(parts[2], q, base[f"ask-{i}"], cur[f"ask-{i}"], *dirs)
    if mh_questions:
        parts.append(Part("MultiHop-RAG search"))
        for i, q in enumerate(mh_questions):
            compare_results(parts[3], q, base[f"mh-{i}"], cur[f"mh-{i}"], *mh_dirs)

    report()
    for part in parts:
        report(f"{part.name}: {part.items} compared, {part.identical} identical, {len(part.diffs)} differing")
    for label, got in results.items():
        failed = [key for key, row in got.items() if key != "<loaded>" and row["exit"] != 0]
        if failed:
            report(f"note: {len(failed)} commands exited non-zero with the {label} (first: {failed[0]}; "
                   f"its stderr: {short(got[failed[0]]['stderr'], 200)})")
    for part in parts:
        for label, found in part.diffs[: args.show]:
            report(f"\n[{part.name}] {short(label, 90)}")
            for path, b, c in found[:4]:
                width = 240 if "other hits or order" in path else 100
                report(f"  {path or '(whole output)'}:")
                report(f"    baseline: {short(b, width)}\n    current:  {short(c, width)}")
            if len(found) > 4:
                report(f"  ... and {len(found) - 4} more differing fields")
        if len(part.diffs) > args.show:
            report(f"\n[{part.name}] ... and {len(part.diffs) - args.show} more differing items")
    differing = sum(len(p.diffs) for p in parts)
    total = sum(seconds[label][0] + seconds[label][1] for label in seconds)
    report(f"\n{'IDENTICAL' if not differing else f'DIFFERENT: {differing} items differ'} "
           f"(commands' own time {total:.0f} s; raw outputs in {work})")
    if args.out:
        args.out.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
