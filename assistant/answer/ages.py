"""Ages, as news style gives them: "Kyle Benton, 27, and Marcus Reid, 31", "She was 84.",
"died aged 90". A bare number answers "How old …?" only where it is given so."""

from __future__ import annotations

import re

# A bare number given as an age: "Kyle Benton, 27, …", "Ann Lee (54)", "She was 84.", "aged 90".
_AGE_BEFORE = re.compile(r"(?:\b(?:aged|age of|was|is|died at|turned|turns)\s+|[A-Z][\w'’.-]*,\s+|"
                         r"[A-Z][\w'’.-]*\s+\()$")
_AGE_AFTER = re.compile(r"\s*(?:[,.;)]|$)")


def asks_age(question: str) -> bool:
    """Whether the question asks how old someone is."""
    return re.search(r"\bhow old\b|\bwhat age\b", question, re.I) is not None


def age_given(text: str, start: int, end: int) -> bool:
    """Whether the bare number at ``text[start:end]`` is given as someone's age (``_AGE_BEFORE``)."""
    return text[start:end].isdigit() and int(text[start:end]) < 130 and bool(
        _AGE_BEFORE.search(text, 0, start)) and bool(_AGE_AFTER.match(text, end))
