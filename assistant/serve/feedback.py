"""Feedback on answers, appended one JSON object a line to ``feedback.jsonl`` beside the
index, where the evaluation scripts read it.

Each line is the answer as ``assistant ask --json`` prints it, plus ``kind`` (one of
``KINDS``), an optional ``comment``, the UTC ``time`` and the ``filters`` and ``k`` the
answer was asked with. Lines are only ever appended. Does not judge answers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from . import jsonlog

FILENAME = "feedback.jsonl"
KINDS = ("helpful", "wrong_citation", "wrong_answer")
MAX_COMMENT = 2000
MAX_LINE_BYTES = 512_000  # an answer with 50 passages is well under; a reader cannot fill the disk


def feedback_path(index_dir: str | Path) -> Path:
    return Path(index_dir) / FILENAME


def record_feedback(index_dir: str | Path, kind: str, answer: dict[str, Any], *, comment: str = "",
                    extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Append one feedback line and return it. ``answer`` is ``Answer.to_json()``."""
    if kind not in KINDS:
        raise ConfigError(f"feedback kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if not isinstance(answer, dict) or not answer.get("question"):
        raise ConfigError("feedback needs the answer it is about (ask a question first)")
    # The caller sends the answer, so ours come last: an answer cannot set its own time or kind.
    line = {**answer, **(extra or {}), "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "kind": kind, "comment": (comment or "").strip()[:MAX_COMMENT]}
    data = jsonlog.encode(line)
    if len(data) > MAX_LINE_BYTES:
        raise ConfigError(f"feedback is {len(data) // 1000} kB, over the {MAX_LINE_BYTES // 1000} kB limit; "
                          "send the answer as /api/ask returned it")
    jsonlog.append(feedback_path(index_dir), data)
    return line


def read_feedback(index_dir: str | Path) -> list[dict[str, Any]]:
    """Every feedback line so far, oldest first (none when the file does not exist)."""
    return jsonlog.read(feedback_path(index_dir))
