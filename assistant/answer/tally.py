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


# "voting 27-14 against the proposal", "voted 9 to 4 to reject it": the first number counts those against
_AGAINST_AFTER = re.compile(r"\s+(?:against|in\s+opposition|to\s+(?:reject|block|oppose|scrap|stop|drop))\b", re.I)


def _side(tally: re.Match[str], text: str, side: str) -> int:
    """The group of ``tally`` (matched in ``text``) that counts ``side``: the first counts
    those for, unless the words right after say the vote was against."""
    first = "against" if _AGAINST_AFTER.match(text, tally.end()) else "for"
    return 1 if side == first else 2


def asked_side(question: str) -> str | None:
    """Which side of a vote a count question asks of: "against", "for", or None."""
    if _AGAINST.search(question):
        return "against"
    return "for" if _FOR.search(question) else None


def other_side(question: str, text: str, start: int, end: int | None = None) -> bool:
    """Whether the number starting at ``text[start]`` is the other side's count of a vote's
    tally from the one ``question`` asks: 112 of "by 112 votes to 49" for "How many voted
    against?"."""
    side = asked_side(question)
    if side is None:
        return False
    for tally in _TALLIES:
        for m in tally.finditer(text):
            if start in (m.start(1), m.start(2)):  # not a whole tally ending at ``end``: its side is read out
                return start != m.start(_side(m, text, side)) and (end is None or end < m.end(2))
    return False


def side_asked(question: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Of a whole tally at ``text[start:end]`` ("27-14"), the span of the side ``question``
    asks for ("How many voted for?": 14 of "voting 27-14 against"); ``(start, end)`` otherwise."""
    side = asked_side(question)
    for tally in _TALLIES if side else ():
        for m in tally.finditer(text):
            if start <= m.start(1) and m.end(2) <= end:
                return m.span(_side(m, text, side))
    return start, end


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
