"""Scoring an evaluation run: per-question metric rows (``score_one``, ``score_results``),
their means per question type plus ``"all"`` (``summarize``), the Hits@k curve for the
plots (``hits_curve``), the metrics document (``metrics_json``, what ``metrics.json`` and
``--json`` hold) and its plain-text table (``format_table``).

Retrieval relevance is the gold file for our format and the gold facts (passage-level)
for MultiHop-RAG. Quotes of cited files are checked against ``SourceTexts.text``.

What it does not: it runs nothing (see ``run``), never prints or draws (the CLI prints
``format_table``; ``report`` draws), and the metric functions themselves are ``metrics``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import ConfigError
from ..ingest.sources import SourceTexts
from . import metrics as m
from .datasets import Question
from .results import Result, SystemRun

HITS_KS = (1, 4, 10)  # always reported, besides the requested k
CURVE_KS = tuple(range(1, 11))


def _relevant_ranks(q: Question, hits: Sequence[Mapping[str, Any]], fmt: str) -> list[int] | None:
    """1-based ranks of the relevant retrieved passages; None when nothing is relevant
    by definition (unanswerable, or no gold)."""
    if fmt == "multihop-rag":
        if q.unanswerable or not q.facts:
            return None
        return m.fact_relevant_ranks([h["text"] for h in hits], list(q.facts))
    if q.unanswerable or not q.sources:
        return None
    gold = set(q.sources)
    return [rank for rank, h in enumerate(hits, start=1) if h["source"] in gold]


def score_one(q: Question, result: Mapping[str, Any], k: int, fmt: str, *,
              answers: bool, texts: SourceTexts | None = None) -> dict[str, Any]:
    """Metrics of one question (a RESULTS line as a dict). Retrieval metrics are None
    where undefined (unanswerable questions); answer metrics are None unless ``answers``
    (an answer function ran)."""
    hits = result.get("retrieved") or []
    row: dict[str, Any] = {"id": q.id, "type": q.type or "unknown"}
    ranks = _relevant_ranks(q, hits, fmt)
    for kk in sorted({*HITS_KS, k}):
        row[f"hits@{kk}"] = None if ranks is None else m.hits_at_k(ranks, kk)
    row["mrr@10"] = None if ranks is None else m.reciprocal_rank(ranks, 10)
    if fmt == "multihop-rag":
        passages = [h["text"] for h in hits]
        facts = list(q.facts) if not q.unanswerable else []
        row["fact_recall@10"] = m.fact_recall_at_k(passages, facts, 10) if facts else None
        row["all_facts@10"] = m.all_facts_at_k(passages, facts, 10) if facts else None
        urls = [h.get("url") or "" for h in hits]
        row[f"source_recall@{k}"] = (m.source_recall_at_k(urls, list(q.sources), k)
                                     if not q.unanswerable and any(urls) else None)
    else:
        row[f"source_recall@{k}"] = (None if q.unanswerable else
                                     m.source_recall_at_k([h["source"] for h in hits], list(q.sources), k))
    answer = str(result.get("answer") or "")
    answered = bool(result.get("answered"))
    citations = result.get("citations") or []
    has_gold = bool(q.answers) and not q.unanswerable
    if answers:
        row["answered"] = answered
        # A refusal lists the closest passages' titles, which may name the gold answer:
        # only an answer counts as containing it.
        given = answer if answered else ""
        row["gold_contained"] = m.gold_contained(given, q.answers) if has_gold else None
        row["token_f1"] = m.token_f1(given, q.answers) if has_gold else None
        row["all_of"] = m.all_of_satisfied(given, q.all_of) if has_gold and q.all_of else None
        row["answer_words"] = m.word_count(answer) if answered else None
        # The short answer, scored by the benchmark authors' rule (the gold within it).
        short = str(result.get("short") or "") if answered else ""
        row["short_contained"] = m.gold_contained(short, q.answers) if has_gold else None
        # A short answer given that is not the gold: wrong and cited, the error that looks sourced
        # (a refusal, or no short where the explanation does not settle it, is only unanswered).
        row["short_wrong"] = bool(short) and not row["short_contained"] if has_gold else None
        yes_no = _yes_no(q.answers) if has_gold else None
        if yes_no is not None:  # recall of each class: a constant answer gets 0.5 balanced
            said = _yes_no([short]) if short else None
            row["gold_yes"] = yes_no == "yes"
            row["yes_recall"] = (said == "yes") if yes_no == "yes" else None
            row["no_recall"] = (said == "no") if yes_no == "no" else None
            # the worst answer: "Yes" where the gold is "No", or the reverse (a refusal or an
            # answer that does not settle it is not wrong, only unanswered)
            row["yes_no_wrong"] = said is not None and said != yes_no
        row["refusal_accuracy"] = m.refusal_accuracy([(True, answered)]) if q.unanswerable else None
        row["false_refusal"] = (not answered) if has_gold else None
        pairs = [(str(c.get("quote") or ""),
                  texts.text(str(c.get("source") or ""), c.get("record")) if texts else "")
                 for c in citations]
        row["citation_precision"] = m.citation_precision(pairs)
        row["citations"] = len(citations) if answered else None
        row["citation_support"] = (_support(q, citations, hits, fmt)
                                   if answered and citations and q.sources and not q.unanswerable else None)
        independent = result.get("independent_sources")
        row["independent_sources"] = float(independent) if answered and independent is not None else None
    row["seconds"] = float(result.get("seconds") or 0.0)
    return row


def _support(q: Question, citations: Sequence[Mapping[str, Any]], hits: Sequence[Mapping[str, Any]],
             fmt: str) -> float:
    """Share of the citations whose article is a gold source: the file (ours), or for
    MultiHop-RAG the evidence URL of the retrieved article with the citation's title."""
    gold = set(q.sources)
    if fmt != "multihop-rag":
        return sum(str(c.get("source")) in gold for c in citations) / len(citations)
    url_of = {(str(h.get("source")), str(h.get("title") or "")): h.get("url") for h in hits}
    found = [url_of.get((str(c.get("source")), str(c.get("title") or ""))) for c in citations]
    return sum(url in gold for url in found) / len(citations)


def _yes_no(answers: Sequence[str]) -> str | None:
    """"yes" or "no" when every gold answer (or the given short answer) is one of them."""
    said = {a.strip().rstrip(".").lower() for a in answers}
    return next(iter(said)) if len(said) == 1 and said <= {"yes", "no"} else None


def score_results(questions: Sequence[Question], results: Sequence[Mapping[str, Any] | Result], k: int,
                  fmt: str = "ours", *, answers: bool = False,
                  texts: SourceTexts | None = None) -> list[dict[str, Any]]:
    """Per-question metric rows, in question order (results matched by id)."""
    by_id: dict[str, Mapping[str, Any]] = {}
    for r in results:
        if isinstance(r, Result):
            d = r.to_json()
            d["retrieved"] = [dict(x, url=h.url) for x, h in zip(d["retrieved"], r.hits, strict=True)]
        else:
            d = dict(r)
        by_id[str(d["id"])] = d
    rows = []
    for q in questions:
        if q.id not in by_id:
            raise ConfigError(f"no result for question {q.id!r}")
        rows.append(score_one(q, by_id[q.id], k, fmt, answers=answers, texts=texts))
    return rows


def hits_curve(questions: Sequence[Question], results: Sequence[Result], fmt: str) -> list[float | None]:
    """Hits@k for k = 1..10 over the questions with gold evidence (for the plots)."""
    by_id = {r.id: r for r in results}
    ranks: list[list[int]] = []
    for q in questions:
        hits = [{"text": h.text, "source": h.source} for h in by_id[q.id].hits]
        rr = _relevant_ranks(q, hits, fmt)
        if rr is not None:
            ranks.append(rr)
    if not ranks:
        return [None for _ in CURVE_KS]
    return [sum(m.hits_at_k(r, kk) for r in ranks) / len(ranks) for kk in CURVE_KS]


def summarize(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float | int | None]]:
    """Mean of each metric per question type plus ``"all"`` (``metrics.aggregate``),
    with latency p50/p95 in seconds added to every group."""
    clean = [{k: v for k, v in r.items() if k != "id"} for r in rows]
    groups = m.aggregate(clean, by="type")
    for name, group in groups.items():
        secs = [float(r["seconds"]) for r in rows if name == m.ALL_GROUP or r.get("type") == name]
        lat = m.summarize_latency(secs)
        yes, no, share = group.get("yes_recall"), group.get("no_recall"), group.get("gold_yes")
        if yes is not None and no is not None:
            group["yes_no_balanced"] = (float(yes) + float(no)) / 2
        if share is not None:
            group["yes_no_majority"] = max(float(share), 1 - float(share))
        group["latency_p50"] = lat["p50"]
        group["latency_p95"] = lat["p95"]
        group.pop("seconds", None)
        group["seconds_mean"] = lat["mean"]
        # questions with gold evidence: what retrieval metrics average over
        group["n_gold"] = sum(1 for r in rows if r.get("hits@1") is not None
                              and (name == m.ALL_GROUP or r.get("type") == name))
    return groups


def metrics_json(runs: Sequence[SystemRun], *, dataset: str, fmt: str, k: int) -> dict[str, Any]:
    """The metrics document (``metrics.json``, ``--json``)."""
    return {
        "dataset": dataset,
        "format": fmt,
        "k": k,
        "questions": len(runs[0].rows) if runs else 0,
        "systems": {
            run.name: {
                "label": run.label,
                "groups": run.summary,
                "hits_curve": {str(kk): v for kk, v in zip(CURVE_KS, run.curve, strict=True)},
            }
            for run in runs
        },
    }


# The metrics shown in the table, in order; missing ones are left out.
def table_metrics(k: int, fmt: str) -> list[str]:
    keys = [f"hits@{kk}" for kk in sorted({*HITS_KS, k})] + ["mrr@10"]
    if fmt == "multihop-rag":
        keys += ["fact_recall@10", "all_facts@10"]
    keys += [f"source_recall@{k}", "answered", "gold_contained", "short_contained", "yes_no_balanced",
             "yes_no_majority", "yes_no_wrong", "short_wrong", "token_f1", "all_of", "answer_words",
             "refusal_accuracy", "false_refusal", "citation_precision", "citation_support", "independent_sources",
             "latency_p50", "latency_p95"]
    return keys


def format_table(doc: Mapping[str, Any], group: str = m.ALL_GROUP, keys: Sequence[str] | None = None) -> str:
    """A plain-text table: one row per metric, one column per system, for ``group``."""
    systems = doc["systems"]
    keys = list(keys or table_metrics(int(doc["k"]), str(doc["format"])))
    cols = [(s["label"], s["groups"].get(group, {})) for s in systems.values()]
    keys = [key for key in keys if any(g.get(key) is not None for _, g in cols)]
    width = max([len("metric"), *(len(key) for key in keys)])
    colw = max([15, *(len(label) for label, _ in cols)])
    n = " ".join(f"n={g.get('n', 0)}".rjust(colw) for _, g in cols)
    n_gold = " ".join(f"with gold={g.get('n_gold', 0)}".rjust(colw) for _, g in cols)
    lines = [f"{'metric'.ljust(width)} " + " ".join(label.rjust(colw) for label, _ in cols),
             f"{''.ljust(width)} {n}", f"{''.ljust(width)} {n_gold}"]
    for key in keys:
        lines.append(f"{key.ljust(width)} " + " ".join(_fmt(g.get(key)).rjust(colw) for _, g in cols))
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{float(value):.4f}"
