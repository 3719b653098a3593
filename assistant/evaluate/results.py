"""What an evaluation run produces: one ``Result`` per question, whose ``to_json`` is a
line of the RESULTS file (a contract: ``write_results``, ``read_results``), and
``SystemRun``, one system's results with their scores.

Kept apart from ``run`` (which produces results) and ``score`` (which reads them), so
both can use these types without importing each other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..types import Hit

SYSTEM_LABELS = {"ours": "ours", "baseline": "plain llama-index"}


@dataclass
class Result:
    """What one question got. ``to_json`` is one line of the RESULTS file (a contract)."""

    id: str
    question: str
    query: str
    hits: list[Hit]
    answer: str = ""
    answered: bool = False
    short: str | None = None  # the answer's short form (Answer.short)
    citations: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    independent_sources: int | None = None  # stories the citations quote (copies counted once)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "short": self.short,
            "answered": self.answered,
            "citations": self.citations,
            "independent_sources": self.independent_sources,
            "retrieved": [
                {"rank": rank, "source": h.source, "title": h.title, "date": h.date,
                 "score": round(h.score, 6), "text": h.text}
                for rank, h in enumerate(self.hits, start=1)
            ],
            "seconds": round(self.seconds, 4),
        }


def citation_json(citation: Any) -> dict[str, Any]:
    """One answer citation (attributes n, source, line_start, line_end, quote, optional
    title and record) as it goes into a RESULTS line."""
    out: dict[str, Any] = {
        "n": int(citation.n),
        "source": str(citation.source),
        "lines": [int(citation.line_start), int(citation.line_end)],
        "quote": str(citation.quote),
        "title": str(getattr(citation, "title", "") or ""),
    }
    record = getattr(citation, "record", None)
    if record is not None:
        out["record"] = int(record)
    return out


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
