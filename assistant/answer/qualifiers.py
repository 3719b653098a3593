"""Where or when a figure question asks about, said at its end: "What was the wait in the
north?" asks of the north; "Waits were shortest in the south-east, at 52 days" scores a
little higher for sharing "waits" but does not say it, while "In the north they rose to
71 days" does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .language import norm, norms
from .lexicon import STOPWORDS

WIDE = 0.75  # of the best sentence's score: a sentence saying the question's "in X" this close goes first
_AT_END = re.compile(r"\b(?:in|at)\s+(?:the\s+)?([A-Za-z][\w-]+)\W*$")


_OTHER_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?((?:north|south|east|west)[\w-]*|[A-Z][\w-]+)")


def asked_where(question: str) -> str | None:
    """The normalised word of the "in X" that ends a question ("north" of "… in the north?")."""
    m = _AT_END.search(question)
    return norm(m.group(1)) if m and m.group(1).lower() not in STOPWORDS else None


def qualifier_first(question: str, pool: Sequence[Any]) -> bool:
    """Where the best of ``pool`` (sentences holding a candidate, best first) does not say the
    "in X" a figure question ends with but another place or region ("in the south-east"), and
    one within ``WIDE`` of it says X, that one is scored just above the best. Whether one was."""
    where = asked_where(question)
    if where is None or not pool or where in norms(pool[0].text) or not any(
            norm(m.group(1)) != where for m in _OTHER_PLACE.finditer(pool[0].text)):
        return False  # only where the best names another: "in the city" may be the city asked of
    best = pool[0].score
    for sent in pool[1:]:
        if sent.score < WIDE * best:
            break
        if where in norms(sent.text):
            sent.score = best + 1e-6
            return True
    return False
