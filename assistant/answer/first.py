"""Which sentence a typed question's answer is read from first, where a weaker one says
what the best does not: a match's result (``results``), the top doer or the top place
(``superlatives``), the "in X" a figure question ends with, the noun it asks for, a figure of now (``qualifiers``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .language import Question
from .qualifiers import noun_first, now_first, qualifier_first, time_first
from .ranks import rank_first
from .results import result_first
from .superlatives import top_first


def said_first(q: Question, main: str, pool: Sequence[Any]) -> bool:
    """Whether one of ``pool`` (best first) was scored just above the best because it says
    what the question asks and the best does not (a place in a ranking: ``ranks``)."""
    return result_first(q, list(pool)) or top_first(main, pool) or rank_first(main, pool) or (
        q.kind in ("quantity", "money") and (qualifier_first(main, pool) or noun_first(main, pool))) or (
        q.kind != "date" and (now_first(main, pool) or time_first(main, pool)))
