"""Running an evaluation: retrieve (and optionally answer) every question of a dataset,
timed, into ``Result`` rows; ``evaluate_system`` runs one system and scores it.

What it does:

- builds the retrieval query from a question and its conversation history
  (``build_query``; swap it for a condense step through ``run_eval(query_fn=...)``);
- runs anything with ``search(query, k) -> list[Hit]`` (an ``Index``, or the plain
  llama-index baseline) and an optional answer function over every question
  (``run_eval``), timing each one;
- ``evaluate_system``: ``run_eval``, then ``score`` (rows, per-type summary, Hits@k curve)
  into one ``SystemRun``.

What it does not: it never prints or draws (progress goes through a callback, tables and
plots are the CLI's and ``report``'s), never builds an index, and never calls a model
itself (the answer function does). Datasets are ``datasets``, the RESULTS file
``results``, the metrics ``score``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..errors import ConfigError
from ..ingest.sources import SourceTexts
from ..types import Hit
from .datasets import Question
from .results import SYSTEM_LABELS, Result, SystemRun, citation_json
from .score import hits_curve, score_results, summarize

DEPTH = 10  # passages retrieved at least, so Hits@10 and MRR@10 exist whatever k is

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def build_query(question: str, history: Sequence[str], turns: int = 1) -> str:
    """The retrieval query for ``question`` asked after ``history`` (oldest first): the
    last ``turns`` earlier questions, then the question. A stand-in for a proper
    condense step, which replaces it through ``run_eval(query_fn=...)``."""
    earlier = [h.strip() for h in history[-turns:] if h.strip()] if turns > 0 else []
    return " ".join([*earlier, question.strip()])


QueryFn = Callable[[str, Sequence[str]], str]


class Searcher(Protocol):
    """What ``run_eval`` retrieves with: an ``Index``, or ``baseline.BaselinePipeline``."""

    def search(self, query: str, k: int = ...) -> list[Hit]: ...


class AnswerCitation(Protocol):
    n: int
    source: str
    line_start: int
    line_end: int
    quote: str


class AnswerLike(Protocol):
    text: str
    answered: bool
    citations: Sequence[Any]  # AnswerCitation-like; ``record`` too for JSON collections


AnswerFn = Callable[[str, list[str], list[Hit]], AnswerLike]


def run_eval(index: Searcher, questions: Sequence[Question], k: int, answer_fn: AnswerFn | None = None,
             progress: Progress | None = None, query_fn: QueryFn = build_query,
             stage: str = "ours") -> list[Result]:
    """Retrieve (at least ``DEPTH`` passages) for every question and, with ``answer_fn``,
    answer it from the top ``k``. ``progress(stage, done, total)`` after each question."""
    if k < 1:
        raise ConfigError(f"k must be at least 1, got {k}")
    depth = max(k, DEPTH)
    results: list[Result] = []
    total = len(questions)
    if progress:
        progress(stage, 0, total)
    for done, q in enumerate(questions, start=1):
        start = time.perf_counter()
        query = query_fn(q.question, list(q.history))
        hits = index.search(query, k=depth)
        result = Result(id=q.id, question=q.question, query=query, hits=hits)
        if answer_fn is not None:
            answer = answer_fn(q.question, list(q.history), hits[:k])
            result.answer = str(answer.text or "")
            result.answered = bool(answer.answered)
            result.short = getattr(answer, "short", None)
            result.citations = [citation_json(c) for c in answer.citations]
            result.independent_sources = getattr(answer, "independent_sources", None) if answer.answered else None
        result.seconds = time.perf_counter() - start
        results.append(result)
        if progress:
            progress(stage, done, total)
    return results


def evaluate_system(name: str, searcher: Searcher, questions: Sequence[Question], k: int, fmt: str, *,
                    answer_fn: AnswerFn | None = None, texts: SourceTexts | None = None,
                    progress: Progress | None = None, query_fn: QueryFn = build_query) -> SystemRun:
    """Run and score one system."""
    results = run_eval(searcher, questions, k, answer_fn=answer_fn, progress=progress,
                       query_fn=query_fn, stage=SYSTEM_LABELS.get(name, name))
    rows = score_results(questions, results, k, fmt, answers=answer_fn is not None, texts=texts)
    return SystemRun(name, results, rows, summarize(rows), hits_curve(questions, results, fmt))
