"""Append-only JSON-lines files beside the index (feedback, the audit log).

One JSON object a line, written with one ``write`` on a file opened ``O_APPEND``: every
line lands whole at the end, whichever thread or process writes, and nothing is ever
rewritten or truncated. Does not decide what goes in a line.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()  # many request threads in one process: lines never interleave


def encode(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def append(path: Path, data: bytes) -> None:
    """Append ``data`` (one encoded line) to ``path``, creating it (mode 0640) if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def read(path: Path) -> list[dict[str, Any]]:
    """Every line so far, oldest first (none when there is no file yet)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
