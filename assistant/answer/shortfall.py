"""What falls short of something is not it: "won 31 of the 71 seats, five short of a
majority" says the party won no majority, and its "five" is how far short it fell."""

from __future__ import annotations

import re

from .language import norms, same_term

_SHORT_OF = re.compile(r"\bshort\s+of\s+(?:a|an|the|its|their|his|her)\s+(?:[a-z-]+\s+)?([a-z][\w-]*)", re.I)
_ASKS_SHORT = re.compile(r"\bshort\s+of\b", re.I)
# The number a shortfall counts: "five short of", "five seats short of", "fell 12 votes short of"
_COUNTED_SHORT = re.compile(r"\s+(?:[a-z]+\s+)?short\s+of\b", re.I)


def falls_short(question: str, text: str) -> bool:
    """Whether ``text`` says the thing ``question`` asks was reached fell short of it: "five
    short of a majority" for "Did the Greens win a majority?". Not where the question itself
    asks about falling short."""
    if _ASKS_SHORT.search(question):
        return False
    asked = norms(question)
    return any(same_term(w, a) for m in _SHORT_OF.finditer(text) for w in norms(m.group(1)) for a in asked)


def short_elsewhere(question: str, text: str, end: int) -> bool:
    """Whether the number ending at ``end`` of ``text`` is not the shortfall a question asks
    ("How many seats short of a majority …?"): only "five" of "won 31 of the 71 seats, five
    short of a majority" is."""
    return bool(_ASKS_SHORT.search(question)) and _COUNTED_SHORT.match(text, end) is None
