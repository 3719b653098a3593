"""A vote's tally: of "passed by 112 votes to 49" or "voted 27 to 14", the first number counts
those for and the second those against, so a question asking one side is never answered with
the other's number."""

from __future__ import annotations

import re

from .lexicon import NUMBER_WORDS

_N = rf"(\d[\d,]*|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
# "112 votes to 49", "by 27 to 14" after "voted", "a vote of 60-40": the votes are named, or "vote" comes just before
_TALLIES = (re.compile(rf"\b{_N}\s+votes?\s+(?:to|against)\s+{_N}\b", re.I),
            re.compile(rf"\bvot(?:ed|es?|ing)\s+(?:(?:by|of)\s+)?{_N}\s*(?:to|-|–)\s*{_N}\b", re.I))
_AGAINST = re.compile(r"\b(?:against|oppos\w*|rejected|no\s+votes?)\b", re.I)
_FOR = re.compile(r"\b(?:for|in\s+favou?r|support\w*|backed|approved|yes\s+votes?)\b", re.I)


def asked_side(question: str) -> str | None:
    """Which side of a vote a count question asks of: "against", "for", or None."""
    if _AGAINST.search(question):
        return "against"
    return "for" if _FOR.search(question) else None


def other_side(question: str, text: str, start: int) -> bool:
    """Whether the number starting at ``text[start]`` is the other side's count of a vote's
    tally from the one ``question`` asks: 112 of "by 112 votes to 49" for "How many voted
    against?"."""
    side = asked_side(question)
    if side is None:
        return False
    for tally in _TALLIES:
        for m in tally.finditer(text):
            if start in (m.start(1), m.start(2)):
                return start == (m.start(2) if side == "for" else m.start(1))
    return False


_VOTING = re.compile(r"\bvot(?:e|es|ed|ing)\b", re.I)
_ABSTAINED = re.compile(r"\babstain", re.I)


def counted_vote(question: str, text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` counts what a question about a vote asks:
    14 of "voted 27 to 14" for "How many councillors voted against?" (whoever cast them), 8 of
    "with eight abstentions" for "How many abstained?"."""
    if _ABSTAINED.search(question):
        return re.match(r"\s+abstentions?\b", text[end:], re.I) is not None
    return _VOTING.search(question) is not None and in_tally(text, start)


def in_tally(text: str, start: int) -> bool:
    """Whether the number starting at ``text[start]`` is one side of a vote's tally."""
    return any(start in (m.start(1), m.start(2)) for tally in _TALLIES for m in tally.finditer(text))
