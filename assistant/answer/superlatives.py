"""Questions of the most, the highest or the biggest, and the sentences that answer them.

"Which country bought the most salmon?" is answered by "Poland was the biggest buyer",
said with the doer's noun, not by "Norway exported salmon worth 56 billion kroner", the
sentence that shares more of the question's words but says no one did most of anything.
"Whose painting fetched the highest price?" is not answered by "…, the second-highest
price": that sentence is of second place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .appointed import said_to_be
from .language import norm, tokens
from .promote import promote
from .relation import main_verb

_MOST = re.compile(r"\bmost\b", re.I)
_TOP = frozenset({"biggest", "largest", "top", "leading", "main", "chief", "greatest", "highest", "heaviest",
                  "most", "prolific"})
_RANKED = re.compile(r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\W*$", re.I)  # "second-biggest" is no top
FLOOR = 0.3  # of the best sentence's score: a sentence naming the top doer this close goes first


def _agents(verb: str) -> frozenset[str]:
    """The normalised doer's nouns of a normalised verb ("buy" -> "buyer", "score" -> "scorer")."""
    return frozenset({verb + "er", verb + "r", verb + "or", verb[:-1] + "ier", verb + verb[-1:] + "er"})


def names_top(verb: str, text: str) -> bool:
    """Whether ``text`` names the top doer of ``verb``: "the biggest buyer", "top scorer",
    "the largest exporters"; not "the second-biggest buyer"."""
    agents = _agents(verb)
    words = [(w, a) for w, a, _ in tokens(text)]
    for i, (w, _) in enumerate(words):
        low = w.lower()
        if not (norm(low) in agents or (norm(low) == verb and low.rstrip("s").endswith(("er", "or")))):
            continue
        for prev, pa in words[max(0, i - 3):i]:
            if prev.lower() in _TOP and not _RANKED.search(text[max(0, pa - 16):pa]):
                return True
    return False


_SUPERLATIVE = (r"(?:highest|biggest|largest|most|best|top|greatest|fastest|lowest|smallest|oldest|youngest|slowest|"
                r"longest|shortest|cheapest|busiest|worst|strongest|weakest|richest|poorest|deepest|warmest|coldest)")
_FIRST_ASKED = re.compile(rf"\bthe\s+({_SUPERLATIVE})\b", re.I)
_PLACED = re.compile(rf"\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))[- ]{_SUPERLATIVE}\b", re.I)


def below_top(question: str, text: str) -> bool:
    """Whether ``text`` says a place below the top a question asks for: "the second-highest
    price" for "Whose painting fetched the highest price?"."""
    return bool(_FIRST_ASKED.search(question) and not _PLACED.search(question) and _PLACED.search(text))


def top_first(question: str, pool: Sequence[Any]) -> bool:
    """Where a question asks who did the most of something ("Which country bought the most
    salmon?") and the best of ``pool`` (sentences holding a candidate, best first) says no
    one did, the first within ``FLOOR`` of it that names the top doer goes first (scored
    just above the best); where it asks the highest of something and the best says a place
    below it ("the second-highest price"), the first that does not. Whether one did."""
    if pool and below_top(question, pool[0].text):
        return promote(pool, FLOOR, lambda s: not _PLACED.search(s.text))
    verb = main_verb(question)
    if verb is None or not pool or not _MOST.search(question) or names_top(verb, pool[0].text) or (
            _MOST.search(pool[0].text)):
        return False
    return promote(pool, FLOOR, lambda s: names_top(verb, s.text))


def said_top(question: str, text: str, a: int, b: int) -> bool:
    """Whether a question asking the most of something ("Which party won the most votes?") is
    answered by the name at ``text[a:b]`` as said to be the top one ("Labour remained the
    largest party"), not by the others a quote lists with their shares."""
    if not (asked := _FIRST_ASKED.search(question)) or _PLACED.search(question):
        return False
    b = top_end(question, text, b)  # "the Western region remained the slowest" for "Which region …?"
    # … or as having it: "Oslo still had the largest classes" (not "the smallest" for the largest asked)
    return any(w in _TOP or w.endswith("est") for w in said_to_be(text, a, b)[:1]) or bool(
        (had := _HAS_THE.match(text, b)) and had.group(1).lower() == asked.group(1).lower())


_HAS_THE = re.compile(r"\s+(?:(?:still|also|now|again)\s+)?(?:has|had|have|saw|sees|recorded|records|reported|"
                      r"reports)\s+the\s+([a-z]+)")


_WHICH_NOUN = re.compile(r"\W*(?:which|what)\s+([a-z]+)\b", re.I)


def top_end(question: str, text: str, b: int) -> int:
    """Where the name ending at ``text[b]`` ends with the noun a "Which region …?" question asks
    for said after it ("Western region"); ``b`` where it is not."""
    m = _WHICH_NOUN.match(question)
    after = re.match(r"\s+([a-z]+)\b", text[b:])
    return b + after.end() if m and after and norm(after.group(1)) == norm(m.group(1)) else b


def said_tops(question: str, text: str, found: list[Any]) -> list[Any]:
    """Of the names ``found`` in ``text`` (``mentions.names``), those said to be the top one a
    question asks for, through the asked noun after them: "the Western region remained the
    slowest" for "Which region had the slowest waiting times?"."""
    return [replace(f, kind="place", end=top_end(question, text, f.end)) for f in found
            if said_top(question, text, f.start, f.end)]
