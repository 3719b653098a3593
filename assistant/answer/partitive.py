"""The noun a "which one" question picks from: "Of the seven countries whose ministers
met, which one …?" and "Which of these three companies …?" ask for a country and a
company, though "which" is followed by no noun of its own (read alone, "which one" reads
as a person)."""

from __future__ import annotations

import re

_NOUN = r"(?:the|these|those)\s+(?:[a-z0-9-]+\s+){0,2}?([a-z-]+s)\b"
_WHICH_OF = re.compile(r"\bwhich\s+(?:one\s+)?of\s+" + _NOUN, re.I)
_OF_THEN_WHICH_ONE = re.compile(r"^\W*(?:of|among)\s+" + _NOUN + r".*\bwhich\s+one\b", re.I | re.S)


def referred_noun(question: str) -> str | None:
    """The plural noun lowercased ("countries"), or None: not a question of that shape."""
    m = _WHICH_OF.search(question) or _OF_THEN_WHICH_ONE.search(question)
    return m.group(1).lower() if m else None
