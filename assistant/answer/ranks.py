"""A place in a ranking that a question asks for ("Who finished second?"), and whether a
sentence puts a name there.

"Carlsen finished with 10.5 points, half a point ahead of Arjun Erigaisi" names the
winner first: he is no answer to "Who finished second?". A name answers where its
sentence says the place asked for ("Erigaisi was second"), or, for second place, where it
is the one the winner finished ahead of.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..text.clauses import clause_spans
from .promote import promote
from .superlatives import below_top

_PLACES = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last")
_DIGITS = {"second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th", "seventh": "7th",
           "eighth": "8th", "ninth": "9th", "tenth": "10th"}
_TOPS = r"(?:biggest|largest|highest|best|most|top|leading)\b"
# "finished second", "took third place", "is second?" (not "was the last storm", "the second man on the moon")
_RANK_ASKED = re.compile(
    r"\b(?:finish(?:ed|es)?|c[oa]me|comes|plac(?:ed|es)|end(?:ed|s)?|t(?:ake|akes|ook))\s+"
    rf"(?:in\s+)?(?:the\s+)?({'|'.join(_PLACES)})\b|\b(runners?-?up)\b"
    rf"|\b({'|'.join(_PLACES[:-1])})[- ]{_TOPS}"
    rf"|\b(?:was|were|is|are)\s+(?:in\s+)?(?:the\s+)?({'|'.join(_PLACES[:-1])})"
    r"(?=\s*(?:place\b|position\b|overall\b|in\b|on\b|at\b|\?|$))", re.I)
_AFTER_PLACE = r"(?:place|position|spot|with|in|on|at|behind|after|and|overall|to|for\b(?!\s+(?:a|the)\s+))"
# The one right behind the leader: "ahead of India's Arjun Erigaisi", "the biggest buyer, followed by Denmark"
_AHEAD = r"\b(?:ahead of|in front of|beating|edging(?:\s+out)?|pipping|followed by)\s+"
_AHEAD_OF = re.compile(_AHEAD + r"(?:[A-Z][\w'’.-]*\s+){0,3}$")


_NAMED = re.compile(r"\b[A-Z]")
_BEHIND = re.compile(r"\b(?:behind|after|trailing)\s+(?:[A-Z][\w'’.-]*\s+|and\s+|,\s*)*$")


def asked_rank(question: str) -> str | None:
    """The place a question asks who took ("Who finished second?" -> "second", "Who was
    runner-up?", "Which was the second-biggest buyer?" -> "second"); None where it asks no place in a ranking."""
    m = _RANK_ASKED.search(question)
    if m is None:
        return None
    return (m.group(1) or m.group(3) or m.group(4) or "second").lower()


def rank_named(rank: str, text: str, tops: bool = False) -> bool:
    """Whether ``text`` says the place ``rank`` ("second", "2nd", "runner-up", "silver"; with
    ``tops``, where the question asks "the second-biggest …", also "the second most …")."""
    return bool(_said_at(rank, text, tops))


def rank_given(rank: str, text: str) -> bool:
    """Whether ``text`` says the place ``rank``, or, for second place, whom the winner finished ahead of."""
    return rank_named(rank, text) or (rank == "second" and re.search(_AHEAD + "[A-Z]", text) is not None)


def _tops(question: str, rank: str) -> bool:
    """Whether the question asks its place with a superlative ("the second most expensive city")."""
    return re.search(rf"\b{rank}[- ]{_TOPS}", question, re.I) is not None


def _said_at(rank: str, text: str, tops: bool = False) -> list[int]:
    """Where ``text`` says the place ``rank``."""
    words = [rank] + ([_DIGITS[rank]] if rank in _DIGITS else []) + (
        ["runner-up", "runners-up", "runner up", "silver"] if rank == "second" else [])
    if rank == "third":
        words.append("bronze")
    # "finished second, behind …", "in second place", "the second most expensive"; not "his second title"
    top = rf"|[- ]{_TOPS}" if tops else ""  # not "the second-highest price" for "Which team is second?"
    # … not "35 metres per second", "a second time"
    return [m.start() for m in re.finditer(rf"(?<!\bper\s)(?<!\ba\s)\b(?:{'|'.join(map(re.escape, words))})"
                                           rf"(?:\W*$|[,;.)]|\s+{_AFTER_PLACE}"
                                           rf"{top})", text, re.I)]


_WHO_OPENS = re.compile(r"[\s,]*who\b", re.I)
_LAST_NAME = re.compile(r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)[\s,]*$")  # the name a "who" clause follows


def off_rank(question: str, text: str, start: int) -> bool:
    """Whether the name at ``text[start]`` is set aside for the place the question asks for:
    its sentence does not say that place, and the name is not the one the winner finished
    ahead of (which answers only "second"); or the question asks the top and the sentence
    says a place below it."""
    rank = asked_rank(question)
    if rank is None:
        return below_top(question, text)  # "the second-highest price" for "… the highest price?"
    # said in another clause of it: "Johannessen leads …, with Vingegaard third"
    if said := _said_at(rank, text, _tops(question, rank)):
        if _BEHIND.search(text, 0, start):
            return True  # "third on the stage behind Tadej Pogacar and Jonas Vingegaard": they were ahead
        spans = clause_spans(text, 0, len(text))
        # … or of the sentence's subject, where the place's clause names no one before it ("Bergen, where
        # prices rose 0.9%, is the second most expensive city"); or of the name a "who" clause follows
        # ("Caruana lost to Gukesh, who finished third")
        owners = [(a, b) if _NAMED.search(text, a, at) else m.span(1) if (
            _WHO_OPENS.match(text, a) and (m := _LAST_NAME.search(text, 0, a))) else spans[0]
            for at in said for a, b in spans if a <= at < b]
        return not any(a <= start < b for a, b in owners)
    return not (rank == "second" and _AHEAD_OF.search(text, 0, start) is not None)


FLOOR = 0.3  # of the best sentence's score: one saying the place asked for this close goes first


def rank_first(question: str, pool: Sequence[Any]) -> bool:
    """Where a question asks for a place ("Who finished second?") and the best of ``pool``
    (sentences holding a candidate, best first) does not say it ("Granerud finished sixth"
    shares the verb), the first within ``FLOOR`` of it that does ("Kraft was second") is scored
    just above the best. Whether the best or one scored so says it."""
    rank = asked_rank(question)
    if rank is None or not pool:
        return False
    tops = _tops(question, rank)
    if rank_named(rank, pool[0].text, tops):
        return True  # the best says it: the question's verb puts no other first ("finished sixth")
    return promote(pool, FLOOR, lambda s: rank_named(rank, s.text, tops))
