"""``assistant eval``: score retrieval and answers on a QA set.

What it does: loads a dataset (our JSONL, or MultiHop-RAG's query file), runs our index
over it and, with ``--baseline``, the plain llama-index pipeline too, prints a metrics
table (or ``--json``), and writes RESULTS JSONL (``--out``) and a report folder
(``--report``: report.md, PNG plots, metrics.json). Progress bars go to stderr.

What it does not: build the index (``assistant index`` does), or score anything itself
(the ``evaluate`` package does). Heavy imports happen inside the command; library
errors become one ``Error:`` line.

Answers come from the engine's answerer (``answering_for``); ``--no-answer`` scores
retrieval only, with queries from ``evaluate.run.build_query``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .options import (
    index_dir_option,
    json_option,
    k_option,
    library_errors,
    open_index_from,
    progress_bar,
    progress_option,
    ranker_option,
)


def answering_for(index: Any) -> tuple[Callable[..., Any], Callable[..., str]]:
    """``(answer_fn, query_fn)`` for ``evaluate.run.run_eval``: the engine's answerer, and
    its condense step to turn follow-ups into standalone retrieval queries."""
    from ..answer.assistant import Assistant
    from ..answer.backends import answerer_for
    from ..answer.conversation import Turn

    # No model options here: the one factory, given none, picks the extractive answerer.
    bot = Assistant(index, answerer_for(index))
    # A dataset's history holds the earlier questions only; the journalist saw the answers
    # too ("On what date did he arrive?" after "Which minister visited Kyiv?" means the
    # minister the answer named), so the earlier questions are asked first, in order.
    replayed: dict[tuple[str, ...], list[Turn]] = {(): []}

    def turns(history: Sequence[str]) -> list[Turn]:
        key = tuple(history)
        if key not in replayed:
            earlier = turns(key[:-1])
            replayed[key] = [*earlier, Turn.of(key[-1], bot.ask(key[-1], earlier))]
        return replayed[key]

    def answer(question: str, history: Sequence[str], hits: Sequence[Any]) -> Any:
        return bot.answer_from_hits(question, turns(history), hits)

    return answer, lambda question, history: bot.retrieval_query(question, turns(history))


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["ours", "multihop-rag"]), default="ours", show_default=True,
              help="Dataset format: our JSONL (eval/README.md) or MultiHop-RAG's queries JSON.")
@index_dir_option()
@k_option("Passages given to the answerer and counted by source recall@k "
          "(at least 10 are retrieved and kept in RESULTS, for Hits@10 and MRR@10).", maximum=1000)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write one RESULTS JSON line per question here (the baseline's beside it, .baseline.jsonl).")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write report.md, PNG plots and metrics.json (and results if no --out) into this folder.")
@click.option("--baseline", is_flag=True, help="Also run the plain llama-index pipeline on the same corpus.")
@click.option("--baseline-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the baseline's Chroma collection here, so repeated runs do not re-embed.")
@click.option("--limit", type=click.IntRange(1, None), default=None, help="Only the first N questions.")
@click.option("--no-answer", is_flag=True, help="Score retrieval only, even when an answerer is available.")
@progress_option("Progress bars on stderr [default: when a terminal].")
@ranker_option()
@json_option("Print the metrics JSON instead of tables.")
def eval_cmd(dataset: Path, fmt: str, index_dir: Path | None, k: int, out: Path | None, report_dir: Path | None,
             baseline: bool, baseline_cache: Path | None, limit: int | None, no_answer: bool,
             progress: bool | None, ranker: str | None, as_json: bool) -> None:
    """Evaluate retrieval (and answers) on DATASET; print metrics per question type."""
    from ..evaluate.datasets import load_questions
    from ..evaluate.results import write_results
    from ..evaluate.run import build_query, evaluate_system
    from ..evaluate.score import format_table, metrics_json
    from ..ingest.sources import SourceTexts

    update, close = progress_bar(sys.stderr.isatty() if progress is None else progress)
    with library_errors():
        try:
            questions = load_questions(dataset, fmt, limit)
            index, settings = open_index_from(index_dir, ranker=ranker)
            texts = SourceTexts(index.manifest.root if index.manifest else None)
            answer_fn, query_fn = (None, None) if no_answer else answering_for(index)
            query_fn = query_fn or build_query
            runs = [evaluate_system("ours", index, questions, k, fmt, answer_fn=answer_fn, texts=texts,
                                    progress=update, query_fn=query_fn)]
            if baseline:
                from ..evaluate.baseline import BaselinePipeline

                pipeline = BaselinePipeline.for_index(index, cache_dir=baseline_cache, progress=update)
                try:
                    runs.append(evaluate_system("baseline", pipeline, questions, k, fmt, answer_fn=answer_fn,
                                                texts=texts, progress=update, query_fn=query_fn))
                finally:
                    pipeline.close()
        finally:
            close()

    doc = metrics_json(runs, dataset=str(dataset), fmt=fmt, k=k)
    doc["ranker"] = settings.ranker  # how "ours" ordered its results: learned, none, or a model path
    results_path = out or (report_dir / "results.jsonl" if report_dir else None)
    written: dict[str, str] = {}
    if results_path is not None:
        for run in runs:
            path = results_path if run.name == "ours" else results_path.with_name(
                f"{results_path.stem}.{run.name}{results_path.suffix or '.jsonl'}")
            written[run.label] = str(write_results(path, run.results))
    if report_dir is not None:
        from ..evaluate.report import write_report

        report = write_report(doc, report_dir, written)
        click.echo(f"report: {report}", err=True)
    for label, path in written.items():
        click.echo(f"results ({label}): {path}", err=True)
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False))
        return
    click.echo(f"{dataset} ({fmt}): {len(questions)} questions, k={k}"
               + ("" if answer_fn else "; retrieval only (no answerer)"))
    click.echo(format_table(doc))
    short = ["hits@4", "hits@10", "mrr@10", "fact_recall@10", "all_facts@10", f"source_recall@{k}",
             "gold_contained", "refusal_accuracy", "citation_precision"]
    for group in next(iter(doc["systems"].values()))["groups"]:
        if group == "all":
            continue
        click.echo(f"\n[{group}]")
        click.echo(format_table(doc, group, short))
