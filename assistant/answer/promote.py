"""Putting a weaker sentence first where it says what a question asks and the best does not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def promote(pool: Sequence[Any], floor: float, says: Callable[[Any], bool]) -> bool:
    """Score the first sentence of ``pool`` (best first) within ``floor`` of the best's score for
    which ``says`` holds just above the best, so that every later step ranks it first; whether
    there was one."""
    best = pool[0].score
    for sent in pool[1:]:
        if sent.score < floor * best:
            break
        if says(sent):
            sent.score = best + 1e-6
            return True
    return False
