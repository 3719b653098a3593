"""The evaluation report: ``report.md`` with PNG plots, from a metrics document.

What it does: given the metrics document ``score.metrics_json`` produces, writes
into a folder ``hits_at_k.png`` (Hits@k for k = 1..10, one curve per system),
``by_type.png`` (the main metrics per question type, one bar per system),
``metrics.json`` and ``report.md`` (overall and per-type tables, the plots, notes on how
each metric is defined).

What it does not: it runs and scores nothing (see ``run`` and ``score``), and draws with
matplotlib's Agg backend only (no window); matplotlib is imported when plotting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .score import CURVE_KS, table_metrics

ALL = "all"
HITS_PNG = "hits_at_k.png"
TYPES_PNG = "by_type.png"


def bar_metrics(doc: Mapping[str, Any]) -> list[str]:
    """Metrics drawn per question type: retrieval ones, and answer ones when scored."""
    fmt, k = str(doc["format"]), int(doc["k"])
    keys = ["hits@4", "hits@10", "mrr@10"]
    keys += ["fact_recall@10", "all_facts@10"] if fmt == "multihop-rag" else [f"source_recall@{k}"]
    keys += ["gold_contained", "token_f1", "refusal_accuracy", "citation_precision"]
    present = [key for key in keys if any(_groups_value(doc, key))]
    return present


def _groups_value(doc: Mapping[str, Any], key: str) -> list[float]:
    return [v for s in doc["systems"].values() for g in s["groups"].values()
            if (v := g.get(key)) is not None]


def _types(doc: Mapping[str, Any]) -> list[str]:
    names: dict[str, None] = {}
    for s in doc["systems"].values():
        for name in s["groups"]:
            if name != ALL:
                names.setdefault(name, None)
    return [*names, ALL]


def plot_hits_curve(doc: Mapping[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4), dpi=110)
    for s in doc["systems"].values():
        ys = [s["hits_curve"].get(str(kk)) for kk in CURVE_KS]
        if all(y is None for y in ys):
            continue
        ax.plot(list(CURVE_KS), [y if y is not None else float("nan") for y in ys], marker="o", label=s["label"])
    ax.set_xlabel("k (passages retrieved)")
    ax.set_ylabel("Hits@k")
    ax.set_xticks(list(CURVE_KS))
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(f"Hits@k, {Path(str(doc['dataset'])).name}")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_by_type(doc: Mapping[str, Any], path: Path, metrics: Sequence[str]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    types = _types(doc)
    systems = list(doc["systems"].values())
    n = max(1, len(metrics))
    cols = min(3, n)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.4 * rows), dpi=110, squeeze=False)
    x = np.arange(len(types))
    width = 0.8 / max(1, len(systems))
    for i, key in enumerate(metrics):
        ax = axes[i // cols][i % cols]
        for j, s in enumerate(systems):
            values = [s["groups"].get(t, {}).get(key) for t in types]
            ax.bar(x + (j - (len(systems) - 1) / 2) * width,
                   [v if v is not None else 0.0 for v in values], width, label=s["label"])
        ax.set_title(key)
        ax.set_xticks(x)
        ax.set_xticklabels([t.replace("_query", "") for t in types], rotation=35, ha="right", fontsize=8)
        ax.set_ylim(0, 1.02)
        ax.grid(axis="y", alpha=0.3)
    for i in range(len(metrics), rows * cols):
        axes[i // cols][i % cols].axis("off")
    handles, names = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper center", ncol=max(1, len(systems)), fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.94))
    fig.savefig(path)
    plt.close(fig)
    return path


def write_report(doc: Mapping[str, Any], folder: str | Path, results_files: Mapping[str, str] | None = None) -> Path:
    """Write ``report.md``, the plots and ``metrics.json`` into ``folder``; returns the
    path of ``report.md``. ``results_files`` maps system labels to RESULTS files to link."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plot_hits_curve(doc, folder / HITS_PNG)
    metrics = bar_metrics(doc)
    plot_by_type(doc, folder / TYPES_PNG, metrics)
    k = int(doc["k"])
    fmt = str(doc["format"])
    labels = ", ".join(s["label"] for s in doc["systems"].values())
    lines = [
        f"# Evaluation: {Path(str(doc['dataset'])).name}",
        "",
        f"- dataset: `{doc['dataset']}` (format `{fmt}`), {doc['questions']} questions",
        f"- k = {k}; systems: {labels}",
        *([f"- final ordering of ours: `{doc['ranker']}` (learned = the packaged ranker; none = fused order)"]
          if doc.get("ranker") else []),
        "",
        "## Overall",
        "",
        _markdown_table(doc, ALL, table_metrics(k, fmt)),
        "",
        f"![Hits@k]({HITS_PNG})",
        "",
        "## By question type",
        "",
        f"![metrics by question type]({TYPES_PNG})",
        "",
    ]
    for t in _types(doc)[:-1]:
        lines += [f"### {t}", "", _markdown_table(doc, t, table_metrics(k, fmt)), ""]
    lines += ["## Definitions", "", *_definitions(fmt, k), ""]
    if results_files:
        lines += ["## Results files", ""]
        lines += [f"- {label}: `{path}`" for label, path in results_files.items()]
        lines.append("")
    path = folder / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _markdown_table(doc: Mapping[str, Any], group: str, keys: Sequence[str]) -> str:
    cols = [(s["label"], s["groups"].get(group, {})) for s in doc["systems"].values()]
    keys = [key for key in keys if any(g.get(key) is not None for _, g in cols)]
    out = ["| metric | " + " | ".join(label for label, _ in cols) + " |",
           "|---|" + "---:|" * len(cols),
           "| n | " + " | ".join(str(g.get("n", 0)) for _, g in cols) + " |",
           "| n with gold evidence | " + " | ".join(str(g.get("n_gold", 0)) for _, g in cols) + " |"]
    for key in keys:
        out.append(f"| {key} | " + " | ".join(_cell(g.get(key)) for _, g in cols) + " |")
    return "\n".join(out)


def _cell(value: Any) -> str:
    return "–" if value is None else f"{float(value):.4f}"


def _definitions(fmt: str, k: int) -> list[str]:
    if fmt == "multihop-rag":
        relevance = ("a retrieved passage is relevant when a gold evidence fact, with all whitespace removed, "
                     "is a substring of the passage with all whitespace removed (the MultiHop-RAG authors' "
                     "definition); null queries are left out of retrieval metrics")
        extra = ["- fact_recall@10: share of a query's distinct gold facts found in the top 10; "
                 "all_facts@10: 1 when all of them are",
                 f"- source_recall@{k}: share of the evidence articles (by URL) among the top {k} passages' articles"]
    else:
        relevance = ("a retrieved passage is relevant when its file is one of the question's gold `sources`; "
                     "unanswerable questions are left out of retrieval metrics")
        extra = [f"- source_recall@{k}: share of the gold source files among the top {k} passages' files"]
    return [
        f"- relevance: {relevance}",
        "- hits@n: share of questions with a relevant passage in the top n; mrr@10: mean of 1/rank of the "
        "first relevant passage within the top 10 (0 if none)",
        *extra,
        "- answers (only when an answerer ran): gold_contained (a normalised gold answer occurs as whole "
        "words in an answer; a refusal never counts), token_f1 (SQuAD), all_of (every required string "
        "present), answer_words, refusal_accuracy "
        "(unanswerable questions declined), false_refusal (answerable questions declined), citation_precision "
        "(share of citations whose quote occurs verbatim, after whitespace/quote normalisation, in the cited file)",
        "- latency_p50 / latency_p95: seconds per question (retrieval, plus answering when it ran)",
    ]
