"""What a figure question asks of, where the best sentence does not say it: "What was the
wait in the north?" asks of the north ("Waits were shortest in the south-east, at 52 days"
scores a little higher for sharing "waits"; "In the north they rose to 71 days" says it);
"What was the turnout in the nurses' vote?" asks a turnout ("Nurses have voted to accept a pay
offer of 5.5%" scores higher; "Turnout was 61%" says it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .asked_words import what_noun
from .compared import times
from .language import norm, norms
from .lexicon import AUX, MONTHS, STOPWORDS
from .promote import promote
from .relation import main_verb, says_verb

WIDE = 0.75  # of the best sentence's score: a sentence saying the question's "in X" this close goes first
_AT_END = re.compile(r"\b(?:in|at)\s+(?:the\s+)?([A-Za-z][\w-]+)\W*$")


_OTHER_PLACE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?((?:north|south|east|west)[\w-]*|[A-Z][\w-]+)")


def asked_where(question: str) -> str | None:
    """The normalised word of the "in X" that ends a question ("north" of "… in the north?")."""
    m = _AT_END.search(question)
    return norm(m.group(1)) if m and m.group(1).lower() not in STOPWORDS else None


_WHAT = re.compile(r"\W*what\b", re.I)


def noun_first(question: str, pool: Sequence[Any]) -> bool:
    """Where the best of ``pool`` does not say the noun a "What was the …?" figure question asks
    for ("turnout") and one within ``WIDE`` of it does, that one is scored just above the best.
    Whether one was."""
    m = _WHAT.match(question)
    noun = norm(what_noun(question.lower()[m.end():])) if m else ""
    if not noun or not pool or noun in norms(pool[0].text):
        return False
    # … and says the "in X" the best says: not "Core inflation … was 3.0%" over "2.8% in the year to June"
    where = asked_where(question)
    also = where if where and where in norms(pool[0].text) else None
    # … and names whom the best names of the question's: not the Greens' "share" for "What share did Labour get?"
    best = set(norms(pool[0].text))
    named = {norm(w) for w in re.findall(r"\b[A-Z][\w'’-]*", question)[1:]} & best
    # … and the words before the noun the best says: not "a record fee" for "What was the previous record fee?"
    named |= _before_noun(question.lower()[m.end():], noun) & best  # type: ignore[union-attr]
    # … and the period asked of that the best says: not "24.8 pupils on average" in one county for "What was
    # the average class size in the autumn term?" ("had 21.4 pupils in the autumn term")
    named |= period_words(question) & best
    return promote(pool, WIDE, lambda s: noun in norms(s.text) and (also is None or also in norms(s.text)) and (
        named <= set(norms(s.text))))


def _before_noun(rest: str, noun: str) -> set[str]:
    """The normalised words of the phrase after "what" before its ``noun``: "previous", "record"
    of "was the previous record fee?"."""
    words = [norm(w) for w in re.findall(r"[a-z0-9'-]+", rest) if w not in STOPWORDS]
    return set(words[:words.index(noun)]) if noun in words else set()


_PERIOD = re.compile(r"\b(?:in|during|for|over|of)\s+(?:the\s+|its\s+)?((?:[\w-]+\s+){0,2}(?:quarter|half|term|"
                     r"semester|season|spring|summer|autumn|fall|winter|year|month|week|weekend|" + "|".join(MONTHS)
                     + r"|(?:19|20)\d\d))\b", re.I)


def period_words(question: str) -> set[str]:
    """The normalised words of a period the question asks of ("second", "quarter" of "… in the second quarter?")."""
    return {norm(w) for m in _PERIOD.finditer(question) for w in m.group(1).split() if w.lower() not in STOPWORDS}


# A time before the report's: a figure said of it is no figure of now
_PAST = re.compile(r"\b(?:last\s+(?:year|month|week|season|spring|summer|autumn|winter)|yesterday|the\s+(?:previous|"
                   r"year\s+before)|[\w-]+\s+(?:years?|months?|weeks?)\s+(?:ago|earlier))\b", re.I)
_NOW = frozenset({"is", "are", "will", "does", "do", "can"})


def now_first(question: str, pool: Sequence[Any]) -> bool:
    """Where a question asks of now or what is to come ("How many cars are being recalled?"),
    naming no time, and the best of ``pool`` tells of an earlier one ("Last year Toyota recalled
    30,000 cars"), the first within ``WIDE`` of it that does not goes first. Whether one did."""
    words = re.findall(r"[a-z]+", question.lower())
    aux = next((w for w in words if w in AUX), None)
    if aux not in _NOW or period_words(question) or _PAST.search(question) or not pool or not (
            _PAST.search(pool[0].text)):
        return False
    return promote(pool, WIDE, lambda s: not _PAST.search(s.text))


def time_first(question: str, pool: Sequence[Any]) -> bool:
    """Where a question names a time from the report's day ("How much did Volta lose last
    year?") and the best of ``pool`` says neither it nor the question's verb ("has raised 40
    million dollars"), the first within ``FAR`` of it that says both ("The startup lost 12
    million dollars last year") goes first. Whether one did."""
    asked, verb = times(question), main_verb(question)
    if not asked or verb is None or not pool or asked & times(pool[0].text) or says_verb(verb, pool[0].text):
        return False
    return promote(pool, FAR, lambda s: bool(asked & times(s.text)) and says_verb(verb, s.text))


FAR = 0.6  # of the best sentence's score: one saying both the question's time and its verb this close goes first


def qualifier_first(question: str, pool: Sequence[Any]) -> bool:
    """Where the best of ``pool`` (sentences holding a candidate, best first) does not say the
    "in X" a figure question ends with but another place or region ("in the south-east"), and
    one within ``WIDE`` of it says X, that one is scored just above the best. Whether one was."""
    where = asked_where(question)
    if where is None or not pool or where in norms(pool[0].text) or not any(
            norm(m.group(1)) != where for m in _OTHER_PLACE.finditer(pool[0].text)):
        return False  # only where the best names another: "in the city" may be the city asked of
    return promote(pool, WIDE, lambda s: where in norms(s.text))
