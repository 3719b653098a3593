"""The ordinal a quote gives the thing a "Which …?" question asks for: "the 81st anniversary"
answers "Which anniversary …?", which no name quoted beside it does."""

from __future__ import annotations

import re

from .language import norm, same_term

# "the 81st anniversary", "fourth in the world rankings"
_ORDINAL = re.compile(r"\b(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
                      r"\s+(?:in\s+(?:the|its|their|his|her)\s+(?:[a-z]+\s+)?)?([a-z]+)\b", re.I)


def ordinal(noun: str | None, text: str) -> str | None:
    """The ordinal a quote gives the asked-for ``noun``: "81st" of "to commemorate the 81st
    anniversary of the D-Day landings" for "Which anniversary …?" (a name quoted beside it
    is no anniversary)."""
    return next((m.group(1) for m in _ORDINAL.finditer(text) if same_term(noun, norm(m.group(2)))), None) if (
        noun) else None
