"""Render docs/eval/README.md, the one page of current measured results, from the figures
saved beside it: each report folder's ``metrics.json`` (written by ``assistant eval
--report``) and the benchmark outputs (``*.txt``). Measures nothing, so it takes a moment.

    .venv/bin/python benchmarks/results_page.py            # what `make results` runs

The page is stamped with the commit it was rendered at and the date; each saved figure
with the commit that last changed it. It holds numbers only: no article text, no history
(that is research/NOTES.md).
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "docs" / "eval"

# What each saved run is, and how `make measure` re-creates it (captions, not results).
REPORTS = {
    "multihop-holdout": "MultiHop-RAG dev questions the shipped ranker was not trained on (the held-out fold of "
                        "`scripts/train_ranker.py`, plus a fifth of the null queries), plain llama-index in the "
                        "same run; retrieval only.",
    "multihop-dev": "All of MultiHop-RAG dev in fused order (`--ranker none`: the ranker saw 4/5 of these "
                    "questions in training), plain llama-index in the same run; retrieval only.",
    "multihop-dev-answers": "All of MultiHop-RAG dev with extractive answers. Its retrieval columns are "
                            "in-sample (the ranker was trained on 4/5 of these questions): quote the held-out "
                            "and cross-validated rows instead.",
    "multihop-dev-composed": "All of MultiHop-RAG dev with extractive answers and their `short` form "
                             "(issue 14): composed answers (the entity the articles share; before/after by "
                             "dates). Retrieval columns in-sample, as above; the composition's thresholds "
                             "were set on dev slices, so read it as dev, not held out.",
    "dev-qa-hard": "The harder dev QA set (`eval/dev_qa_hard.jsonl`, its 55 questions over ../shared/corpus): "
                   "sidebar-only facts, yes/no answered No, paraphrases, headline numbers, follow-ups, "
                   "unanswerable.",
    "dev-qa": "Our dev QA set (`eval/dev_qa.jsonl`) over ../shared/corpus, answers included, plain "
              "llama-index beside.",
}
BENCHMARKS = {
    "ranker_cv.txt": "Learned ranker, fact-grouped cross-validation (`scripts/train_ranker.py`)",
    "bench_search.txt": "Search latency against plain hybrid search (`benchmarks/bench_search.py`)",
    "ask_latency.txt": "Latency of `ask` on the MultiHop-RAG index, before and after composed answers, same session "
                       "(`benchmarks/bench_ask.py`)",
    "bench_index.txt": "Indexing throughput and search latency against plain llama-index "
                       "(`benchmarks/bench_index.py`)",
    "huge_lines.txt": "One enormous line, split and cleaned, against a baseline (`benchmarks/bench_huge_lines.py`)",
    "bench_index_knowledge.txt": "Indexing with and without the knowledge layer, against plain llama-index "
                                 "(`benchmarks/bench_index.py --knowledge-share`)",
    "bench_knowledge_parts.txt": "The knowledge layer's rules beside spaCy and dateparser "
                                 "(`benchmarks/bench_knowledge_parts.py`)",
    "growth.txt": "Growth curves: building, opening, searching and adding as the corpus grows, synthetic "
                  "articles and a near-free embedder (`benchmarks/bench_growth.py`, `make growth`)",
    "workers.txt": "Several server workers on one index beside a Chroma server: memory each holds and shares "
                   "(`benchmarks/bench_workers.py`)",
}
PAGES = {"load.md": "The real server under 100 clients, against a baseline (`benchmarks/load_test.py`)",
         "knowledge/README.md": "The knowledge layer against our labels: speaker attribution, entity merging, "
                                "event dates (`assistant eval-knowledge`)",
         "entity_signal.md": "Entity overlap as a retrieval signal on MultiHop-RAG dev and our dev QA set "
                             "(`research/entity_signal_cv.py`)",
         "open_rows.md": "Opening an index without parsing every chunk, same session against the commit before "
                         "(`benchmarks/bench_growth.py --stage serve`)",
         "sentence_forward.md": "Best-sentence BM25 read by sentence, and Chroma started only when a search asks "
                                "it, same session against the commit before",
         "copies/README.md": "Copies and reprints: clustering precision and recall on our corpus, its cost in "
                             "an indexing run, what it changes on MultiHop-RAG (`assistant eval-copies`, "
                             "`benchmarks/bench_copies.py`)",
         "answers_typed.md": "Typed answers the text rules missed, and organisations no longer read as people: "
                             "our dev sets and MultiHop-RAG dev, same session against the commit before",
         "answers_bridge.md": "Composed answers that count weak mentions, read bare surnames and role nouns: "
                              "MultiHop-RAG dev inference 0.66, same session against the commit before",
         "answer_latency.md": "Answer latency: a static-vector first cut before the model embeds sentences "
                              "(`benchmarks/bench_ask.py`, `benchmarks/first_cut_recall.py`)",
         "answers_anaphora.md": "Sentences that point back (\"The company …\"), and yes/no quotes that must name "
                                "whom they ask about: our dev sets and MultiHop-RAG dev, same session against the "
                                "commit before",
         "answers_direction.md": "Which way a figure went (\"a decrease\" against \"a 5% increase\") in agreement "
                                 "questions: MultiHop-RAG dev comparison and temporal, same session against the "
                                 "commit before"}

MULTIHOP = ("hits@4", "hits@10", "mrr@10", "fact_recall@10", "all_facts@10")
MULTIHOP_NAMES = ("Hits@4", "Hits@10", "MRR@10", "FactRecall@10", "AllFacts@10")
# Reference rows: the MultiHop-RAG paper's best retrieval, and the targets set for ours.
PAPER = ("paper's best (voyage-02 + bge-reranker-large)", "all", ("0.6625", "0.7467", "0.586", "n/a", "n/a"))
TARGET = ("target", "", ("0.90", "0.97", "0.80", "0.80", "0.50"))
# Columns of the per-report tables, in order; a column no system has is left out.
COLUMNS = ("hits@1", "hits@4", "hits@10", "mrr@10", "fact_recall@10", "all_facts@10", "source_recall@{k}",
           "answered", "gold_contained", "short_contained", "short_wrong", "yes_no_balanced", "yes_no_majority",
           "token_f1", "all_of", "refusal_accuracy", "false_refusal",
           "citation_precision", "citation_support", "independent_sources", "latency_p50", "latency_p95")


def git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def saved_at(path: Path) -> str:
    """The commit and date that last changed ``path``, or that it is not committed yet."""
    rel = str(path.relative_to(REPO))
    last = git("log", "-1", "--format=%h, %cs", "--", rel)
    changed = git("status", "--porcelain", "--", rel)
    if not last:
        return "not committed yet"
    return f"saved at {last}" + (", changed since" if changed else "")


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):.4f}"


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(r) + " |" for r in rows)]


def load_reports() -> dict[str, dict[str, Any]]:
    """Every report folder's metrics document, the known ones first."""
    found = {p.parent.name: p for p in sorted(EVAL.glob("*/metrics.json"))}
    names = [n for n in REPORTS if n in found] + [n for n in found if n not in REPORTS]
    return {n: json.loads(found[n].read_text(encoding="utf-8")) for n in names}


def cv_rows(path: Path) -> dict[str, list[str]]:
    """The rows of the first markdown table of ranker_cv.txt: ordering -> its cells."""
    rows: dict[str, list[str]] = {}
    if not path.is_file():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] not in ("ordering", "---") and not set(cells[0]) <= {"-"}:
            rows[cells[0]] = cells[1:]
    return rows


def headline(reports: Mapping[str, dict[str, Any]]) -> list[str]:
    """Retrieval on MultiHop-RAG: the paper, the saved runs, cross-validation, the target."""
    rows = [[PAPER[0], PAPER[1], *PAPER[2]]]

    def add(report: str, system: str, label: str, where: str) -> None:
        doc = reports.get(report)
        group = ((doc or {}).get("systems", {}).get(system) or {}).get("groups", {}).get("all")
        if group:
            rows.append([label, f"{where}, {fmt(group.get('n_gold'))}", *(fmt(group.get(m)) for m in MULTIHOP)])

    add("multihop-dev", "baseline", "plain llama-index + MiniLM", "dev")
    add("multihop-dev", "ours", "assistant, fused order (`--ranker none`), same run", "dev")
    cv = cv_rows(EVAL / "ranker_cv.txt")
    mean = next((name for name in cv if name.startswith("learned ranker, mean")), None)
    if mean:
        rows.append([f"assistant, {mean}, fact-grouped CV (unseen facts)", f"dev, {int(cv[mean][0]):,}",
                     *cv[mean][1:]])
    add("multihop-holdout", "baseline", "plain llama-index + MiniLM", "held-out fold")
    add("multihop-holdout", "ours", "assistant (shipped ranker), same run as plain", "held-out fold")
    rows.append([TARGET[0], TARGET[1], *TARGET[2]])
    out = ["## Retrieval on MultiHop-RAG", ""]
    out += table(["system", "questions (with gold)", *MULTIHOP_NAMES], rows)
    out += ["", "Passage-level relevance as the benchmark's authors define it (a gold fact, whitespace "
                "removed, inside the passage); questions: those with gold evidence (null queries have none).", ""]
    return out


def report_section(name: str, doc: Mapping[str, Any]) -> list[str]:
    k = int(doc["k"])
    systems = list(doc["systems"].values())
    keys = [c.format(k=k) for c in COLUMNS]
    keys = [key for key in keys if any(s["groups"].get("all", {}).get(key) is not None for s in systems)]
    rows = [[s["label"], fmt(s["groups"]["all"].get("n")), *(fmt(s["groups"]["all"].get(key)) for key in keys)]
            for s in systems]
    ranker = f", ranker `{doc['ranker']}`" if doc.get("ranker") else ""
    out = [f"### {name}", "", REPORTS.get(name, f"`{doc['dataset']}`."), "",
           f"`{doc['dataset']}` (format `{doc['format']}`), {fmt(doc['questions'])} questions, k = {k}{ranker}; "
           f"[report with plots and per-type tables]({name}/report.md); "
           f"{saved_at(EVAL / name / 'metrics.json')}.", ""]
    return out + table(["system", "n", *keys], rows) + [""]


def render(today: str) -> str:
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", ".") else ""
    reports = load_reports()
    out = ["# Measured results", "",
           f"Rendered on {today} at commit {commit}{dirty} by `make results`, from the figures saved in this "
           "folder (each says which commit saved it). `make measure` re-measures them (see "
           "[benchmarks/README.md](../../benchmarks/README.md)); how they came about, and what else was "
           "tried, is in [research/NOTES.md](../../research/NOTES.md).", ""]
    out += headline(reports)
    out += ["## Evaluation reports", "", "Overall means (group `all`) of each report's metrics; latency in "
            "seconds a question.", ""]
    for name, doc in reports.items():
        out += report_section(name, doc)
    out += ["## Benchmarks", ""]
    for name, title in BENCHMARKS.items():
        path = EVAL / name
        if path.is_file():
            out += [f"### {title}", "", f"[{name}]({name}), {saved_at(path)}:", "", "```text",
                    path.read_text(encoding="utf-8").rstrip("\n"), "```", ""]
    for name, title in PAGES.items():
        if (EVAL / name).is_file():
            out += [f"### {title}", "", f"[{name}]({name}), {saved_at(EVAL / name)}.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=EVAL / "README.md")
    ap.add_argument("--date", default=None, help="the date to stamp [today, UTC]")
    args = ap.parse_args()
    today = args.date or datetime.datetime.now(datetime.UTC).date().isoformat()
    args.out.write_text(render(today), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
