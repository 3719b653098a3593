"""Evaluation: load a QA dataset, run a retriever (and optionally an answerer) over it,
score the results with ``assistant.metrics`` and write them out.

What it does:

- reads our JSONL format (``eval/README.md``) and the MultiHop-RAG query file into one
  ``Question`` shape (``load_questions``);
- builds the retrieval query from a question and its conversation history
  (``build_query``; swap it for a condense step through ``run_eval(query_fn=...)``);
- runs anything with ``search(query, k) -> list[Hit]`` (an ``Index``, or the plain
  llama-index baseline) and an optional answer function over every question
  (``run_eval``), timing each one, into ``Result`` rows whose ``to_json`` is the
  RESULTS line contract;
- scores results per question (``score_results``) and summarises them per question type
  plus ``"all"`` (``summarize``), reading cited files through ``CorpusTexts`` to check
  that quotes are verbatim.

What it does not: it never prints or draws (progress goes through a callback, tables and
plots are the CLI's and ``report``'s), never builds an index, and never calls a model
itself (the answer function does).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigError, LoadError
from ..types import Hit
from . import metrics as m

FORMATS = ("ours", "multihop-rag")
HITS_KS = (1, 4, 10)  # always reported, besides the requested k
DEPTH = 10  # passages retrieved at least, so Hits@10 and MRR@10 exist whatever k is
CURVE_KS = tuple(range(1, 11))
MULTIHOP_NULL = "null_query"

Progress = Callable[[str, int, int], None]  # (stage, done, total)


# ---------------------------------------------------------------------------
# Datasets
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One evaluation question, whatever file format it came from."""

    id: str
    question: str
    answers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # gold files (ours) or evidence article URLs (MultiHop-RAG)
    all_of: tuple[str, ...] = ()
    unanswerable: bool = False
    history: tuple[str, ...] = ()  # earlier questions of the conversation, oldest first
    type: str | None = None
    facts: tuple[str, ...] = ()  # MultiHop-RAG gold evidence facts (passage-level relevance)


def load_questions(path: str | Path, fmt: str = "ours", limit: int | None = None) -> list[Question]:
    """Questions of a dataset file in ``fmt`` ("ours" JSONL or "multihop-rag" JSON),
    the first ``limit`` only when given. Raises ``LoadError`` naming the bad line."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown dataset format {fmt!r}; use one of {', '.join(FORMATS)}")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LoadError(f"cannot read dataset {path} ({exc.strerror or exc}); check the path") from exc
    questions = _load_ours(text, path) if fmt == "ours" else _load_multihop(text, path)
    if not questions:
        raise LoadError(f"dataset {path} holds no questions")
    return questions[:limit] if limit is not None else questions


def _strings(value: Any, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LoadError(f"{where}: {what!r} must be a list of strings")
    return tuple(value)


def _load_ours(text: str, path: Path) -> list[Question]:
    out: list[Question] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path} line {lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(f"{where} is not valid JSON ({exc.msg}); fix the line") from exc
        if not isinstance(row, dict) or not isinstance(row.get("question"), str) or not row["question"].strip():
            raise LoadError(f"{where}: each line needs an object with a non-empty 'question'")
        qid = str(row.get("id") or f"q{lineno:04d}")
        if qid in seen:
            raise LoadError(f"{where}: duplicate id {qid!r}; ids must be unique")
        seen.add(qid)
        answers = _strings(row.get("answers"), "answers", where)
        out.append(Question(
            id=qid, question=row["question"], answers=answers,
            sources=_strings(row.get("sources"), "sources", where),
            all_of=_strings(row.get("all_of"), "all_of", where),
            unanswerable=bool(row.get("unanswerable", False)),
            history=_strings(row.get("history"), "history", where),
            type=str(row["type"]) if row.get("type") is not None else None,
        ))
    return out


def _load_multihop(text: str, path: Path) -> list[Question]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, list):
        raise LoadError(f"{path}: expected the MultiHop-RAG list of {{query, answer, question_type, evidence_list}}")
    out: list[Question] = []
    width = max(4, len(str(len(data))))
    for i, row in enumerate(data):
        if not isinstance(row, dict) or not isinstance(row.get("query"), str):
            raise LoadError(f"{path} item {i}: needs a 'query' string")
        qtype = row.get("question_type")
        evidence = row.get("evidence_list") or []
        null = qtype == MULTIHOP_NULL
        answer = row.get("answer")
        out.append(Question(
            id=f"mh-{i:0{width}d}", question=row["query"],
            answers=() if null or not answer else (str(answer),),
            sources=tuple(dict.fromkeys(str(e["url"]) for e in evidence if isinstance(e, dict) and e.get("url"))),
            unanswerable=null, type=str(qtype) if qtype else None,
            facts=tuple(str(e["fact"]) for e in evidence if isinstance(e, dict) and e.get("fact")),
        ))
    return out


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


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


@dataclass
class Result:
    """What one question got. ``to_json`` is one line of the RESULTS file (a contract)."""

    id: str
    question: str
    query: str
    hits: list[Hit]
    answer: str = ""
    answered: bool = False
    citations: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "answered": self.answered,
            "citations": self.citations,
            "retrieved": [
                {"rank": rank, "source": h.source, "title": h.title, "date": h.date,
                 "score": round(h.score, 6), "text": h.text}
                for rank, h in enumerate(self.hits, start=1)
            ],
            "seconds": round(self.seconds, 4),
        }


def citation_json(citation: Any) -> dict[str, Any]:
    """One answer citation (attributes n, source, line_start, line_end, quote, optional
    record) as it goes into a RESULTS line."""
    out: dict[str, Any] = {
        "n": int(citation.n),
        "source": str(citation.source),
        "lines": [int(citation.line_start), int(citation.line_end)],
        "quote": str(citation.quote),
    }
    record = getattr(citation, "record", None)
    if record is not None:
        out["record"] = int(record)
    return out


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
            result.citations = [citation_json(c) for c in answer.citations]
        result.seconds = time.perf_counter() - start
        results.append(result)
        if progress:
            progress(stage, done, total)
    return results


def write_results(path: str | Path, results: Iterable[Result]) -> Path:
    """Write RESULTS JSONL (one ``Result.to_json`` per line)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    return path


def read_results(path: str | Path) -> list[dict[str, Any]]:
    """RESULTS JSONL back as dicts (for re-scoring a run)."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---------------------------------------------------------------------------
# Cited files
# ---------------------------------------------------------------------------


class CorpusTexts:
    """Text of cited files under the corpus root, for checking quotes: the file's text for
    text files, the extracted article for HTML and PDF, a record's body for JSON/JSONL
    collections (all bodies when the citation names no record). Cached; a file that
    cannot be read reads as "" (so its quotes count as unsupported)."""

    def __init__(self, root: str | Path | None, max_bytes: int = 200_000_000) -> None:
        self.root = Path(root) if root else None
        self.max_bytes = max_bytes
        self._cache: dict[str, tuple[str, dict[int, str]]] = {}

    def _load(self, source: str) -> tuple[str, dict[int, str]]:
        if source in self._cache:
            return self._cache[source]
        whole, records = "", {}
        path = (self.root / source) if self.root else None
        if path is not None and path.is_file() and path.resolve().is_relative_to(self.root.resolve()):
            from ..ingest.loaders import decode_text, load_file, read_bytes

            try:
                articles, _ = load_file(path, source, self.max_bytes)
                records = {a.record: a.text for a in articles if a.record is not None}
                texts = [a.text for a in articles]
                if path.suffix.lower() not in {".json", ".jsonl"}:
                    raw, _ = decode_text(read_bytes(path, source, self.max_bytes), source)
                    texts.append(raw)
                whole = "\n\n".join(texts)
            except LoadError:
                pass
        self._cache[source] = (whole, records)
        return whole, records

    def text(self, source: str, record: int | None = None) -> str:
        whole, records = self._load(source)
        if record is not None and record in records:
            return records[record]
        return whole


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


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
              answers: bool, texts: CorpusTexts | None = None) -> dict[str, Any]:
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
        row["refusal_accuracy"] = m.refusal_accuracy([(True, answered)]) if q.unanswerable else None
        row["false_refusal"] = (not answered) if has_gold else None
        pairs = [(str(c.get("quote") or ""),
                  texts.text(str(c.get("source") or ""), c.get("record")) if texts else "")
                 for c in citations]
        row["citation_precision"] = m.citation_precision(pairs)
        row["citations"] = len(citations) if answered else None
    row["seconds"] = float(result.get("seconds") or 0.0)
    return row


def score_results(questions: Sequence[Question], results: Sequence[Mapping[str, Any] | Result], k: int,
                  fmt: str = "ours", *, answers: bool = False,
                  texts: CorpusTexts | None = None) -> list[dict[str, Any]]:
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
        group["latency_p50"] = lat["p50"]
        group["latency_p95"] = lat["p95"]
        group.pop("seconds", None)
        group["seconds_mean"] = lat["mean"]
        # questions with gold evidence: what retrieval metrics average over
        group["n_gold"] = sum(1 for r in rows if r.get("hits@1") is not None
                              and (name == m.ALL_GROUP or r.get("type") == name))
    return groups


SYSTEM_LABELS = {"ours": "ours", "baseline": "plain llama-index"}


@dataclass
class SystemRun:
    """One system's results and scores on a dataset."""

    name: str  # "ours" or "baseline"
    results: list[Result]
    rows: list[dict[str, Any]]
    summary: dict[str, dict[str, float | int | None]]
    curve: list[float | None]

    @property
    def label(self) -> str:
        return SYSTEM_LABELS.get(self.name, self.name)


def evaluate_system(name: str, searcher: Searcher, questions: Sequence[Question], k: int, fmt: str, *,
                    answer_fn: AnswerFn | None = None, texts: CorpusTexts | None = None,
                    progress: Progress | None = None, query_fn: QueryFn = build_query) -> SystemRun:
    """Run and score one system."""
    results = run_eval(searcher, questions, k, answer_fn=answer_fn, progress=progress,
                       query_fn=query_fn, stage=SYSTEM_LABELS.get(name, name))
    rows = score_results(questions, results, k, fmt, answers=answer_fn is not None, texts=texts)
    return SystemRun(name, results, rows, summarize(rows), hits_curve(questions, results, fmt))


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
    keys += [f"source_recall@{k}", "answered", "gold_contained", "token_f1", "all_of", "answer_words",
             "refusal_accuracy", "false_refusal", "citation_precision", "latency_p50", "latency_p95"]
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
