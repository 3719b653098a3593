"""A figure that was promised, planned or expected is no figure of what was: "The minister had
promised an average wait of under 50 days by the end of the year" does not answer "What was
the average waiting time?" (58 days), though it shares more of its words.
"""

from __future__ import annotations

import re

_WORDS = (r"(?:promise[sd]?|promising|pledge[sd]?|target(?:s|ed)?|aim(?:s|ed)?|goals?|plan(?:s|ned)?|want(?:s|ed)?|"
          r"expect(?:s|ed|ations?)?|forecasts?|predict(?:s|ed|ions?)?|hope[sd]?|intend(?:s|ed)?|propos(?:e|ed|al)|"
          r"budget(?:s|ed)?)")
# … not a word of intent that only describes a noun after a preposition: "waiting time for planned treatment"
_INTENT = re.compile(rf"(?<!\bfor\s)(?<!\bof\s)(?<!\bon\s)\b{_WORDS}\b[^,;:]*$", re.I)
_PAST_ASKED = re.compile(r"^\W*(?:what|how\s+\w+)\b.*?\b(?:was|were|did|had)\b", re.I)
_INTENT_ASKED = re.compile(rf"\b(?:will|would|{_WORDS})\b", re.I)


def intended(question: str, text: str, start: int) -> bool:
    """Whether the figure at ``text[start]`` is one intended, promised or expected (a word of
    intent before it in its clause), where the question asks what was, in the past, and no
    intent of its own."""
    return bool(_PAST_ASKED.match(question) and not _INTENT_ASKED.search(question) and _INTENT.search(
        text, 0, start))
