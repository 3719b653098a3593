"""Pieces the CLI commands share. Only click at import time, so ``--help`` stays fast."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

Progress = Callable[[str, int, int], None]
_UNITS = {"reading": "file", "embedding": "chunk"}


def progress_bar(enabled: bool) -> tuple[Progress, Callable[[], None]]:
    """A ``progress(stage, done, total)`` callback drawing one tqdm bar per stage on
    stderr (stdout stays clean for ``--json``), and a function closing them."""
    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not enabled:
            return
        bar = bars.get(stage)
        if bar is None:
            from tqdm import tqdm

            unit = next((u for key, u in _UNITS.items() if key in stage), "question")
            bar = bars[stage] = tqdm(total=total, desc=stage, unit=unit, file=sys.stderr,
                                     leave=True, dynamic_ncols=True)
        bar.total = total
        bar.update(done - bar.n)

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return update, close
