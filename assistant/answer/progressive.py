"""Questions asking what someone or something was doing to something: "What was the freight
train carrying?", "What is she wearing?". Their answer is the verb's object, a common noun
as often as not, never the names beside it; "What is the biggest building?" asks for a name."""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import ConfigError
from ..knowledge import nlp as pipeline

_PREP = r"(?:\s+(?:against|about|for|with|over|into|at|on|to|from|in))?"  # "What were people protesting against?"
_ING_LAST = re.compile(r"\b([a-z]{3,}ing)" + _PREP + r"\W*$")
_BY_NAME = re.compile(r"(?:\b[A-Z][\w'’-]*|\b(?:he|she|they|it|we|you|people))\s+[a-z]{3,}ing" + _PREP + r"\W*$")


@lru_cache(maxsize=1024)
def asks_ongoing(question: str) -> bool:
    """Whether ``question`` ("What was/is …?") ends on a verb in "-ing" whose object it asks:
    after a name or pronoun, or where the tagger reads the last word as a verb (VBG), not a
    noun ("building", "ruling")."""
    text = question.strip()
    if not (ing := _ING_LAST.search(text)):
        return False
    if _BY_NAME.search(text):
        return True
    try:
        nlp = pipeline.load()
    except ConfigError:
        return False
    words = [t for t in nlp(text[:300], disable=["parser", "ner"]) if t.is_alpha and t.idx < ing.end(1)]
    return bool(words) and words[-1].tag_ == "VBG"
