"""Evaluation datasets: our JSONL format (``eval/README.md``) and the MultiHop-RAG query
file, read into one ``Question`` shape (``load_questions``).

What it does not: it never retrieves, answers or scores (see ``run`` and ``score``).
A file that cannot be used raises ``LoadError`` naming the bad line and the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, LoadError

FORMATS = ("ours", "multihop-rag")
MULTIHOP_NULL = "null_query"


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
