"""The noun a "which one" question picks from: "Of the seven countries whose ministers
met, which one …?" and "Which of these three companies …?" ask for a country and a
company, though "which" is followed by no noun of its own (read alone, "which one" reads
as a person). Only where "which" opens the question or follows its opening "Of/Among
the …" clause: "Who decided which of the two countries would host?" asks for a person."""

from __future__ import annotations

import re

# The noun, not a possessive ("the three countries' leaders" are people).
_NOUN = r"(?:the|these|those)\s+(?:[a-z0-9-]+\s+){0,2}?([a-z-]+s)\b(?!['’])"
_WHICH_OF = re.compile(r"^\W*which\s+(?:one\s+)?of\s+" + _NOUN, re.I)
_OF_THEN_WHICH_ONE = re.compile(r"^\W*(?:of|among)\s+" + _NOUN + r"[^?]*?,\s*which\s+one\b", re.I)


def referred_noun(question: str) -> str | None:
    """The plural noun lowercased ("countries"; "nations" is read as that too), or None:
    not a question of that shape."""
    m = _WHICH_OF.search(question) or _OF_THEN_WHICH_ONE.search(question)
    noun = m.group(1).lower() if m else None
    return "countries" if noun == "nations" else noun
