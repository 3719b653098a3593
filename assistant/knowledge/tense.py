"""The tense of the verb a date hangs on, and what it changes about the date.

``dates.resolve_date`` reads the expression alone, so a year-less date is put in the
publication year and a bare weekday in the past week. The sentence settles both when
its verb is clear: "arrived in Kyiv on 28 September" in a July story is last September,
and "will meet on Friday" is the coming Friday. Only dates the expression leaves open
move (a day or month without a year, a bare weekday); "last week", "2023" or "yesterday"
never do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .calendar import ResolvedDate
from .tags import is_verb

_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall"})
_PERFECT = frozenset({"has", "have", "had", "'ve", "’ve"})
# A present "is expected to", "are due to", "is set to": the verb after them is still to come.
_AHEAD = frozenset({"expected", "due", "set", "scheduled", "planned", "going", "poised", "likely", "slated"})
_PRESENT = frozenset({"is", "are", "'s", "’s", "'re", "’re", "am"})
_OPEN_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b", re.IGNORECASE)
_ANCHORED = re.compile(r"\b(?:last|next|this|past|coming|ago|yesterday|today|tomorrow)\b|\b\d{4}\b|'\d\d\b",
                       re.IGNORECASE)


def tense_of(ent: Any) -> str | None:
    """"past", "future" or None for a spaCy span (a DATE entity), from the verb it
    depends on: a past-tense verb or a perfect ("has met"), or "will"/"shall"."""
    tok = ent.root
    if tok.dep_ == "pobj" and tok.head.lower_ == "for":
        return "future"  # "has called a public meeting for Thursday": the day it is set for
    # "has appointed Lund as finance chief from 1 June": when it starts, not when it was said
    starts = tok.dep_ == "pobj" and tok.head.lower_ in ("from", "until", "till")
    for _ in range(6):  # up the tree to the nearest verb: "on Friday" -> "met"; "for 24 hours from Thursday morning"
        if is_verb(tok) or tok.head is tok:
            break
        tok = tok.head
    if not is_verb(tok):
        return None
    aux = [c for c in tok.children if c.dep_ in {"aux", "auxpass"}]
    if any(c.lower_ in _FUTURE_AUX for c in aux) or _ahead(tok, aux) or _reported_future(tok, aux):
        return "future"
    if (tok.tag_ == "VBD" or any(c.tag_ == "VBD" or c.lower_ in _PERFECT for c in aux)) and not starts:
        return "past"
    return None


# "said the heat would break on Monday": "would" of a verb said is the future as seen then
_SAYING = frozenset({"said", "told", "announced", "warned", "predicted", "forecast", "expected", "added", "wrote"})


def _reported_future(tok: Any, aux: list[Any]) -> bool:
    return any(c.lower_ == "would" for c in aux) and tok.dep_ == "ccomp" and tok.head.lower_ in _SAYING


def _ahead(tok: Any, aux: list[Any]) -> bool:
    """"resume" of "Sailings are expected to resume on Thursday"; "is due to meet"; "is scheduled for"."""
    if tok.lower_ in _AHEAD:
        return _present(tok, aux)
    head = tok.head
    if not any(c.lower_ == "to" for c in aux) or head is tok or head.lower_ not in _AHEAD:
        return False
    return _present(head, [c for c in head.children if c.dep_ in {"aux", "auxpass"}])


def _present(tok: Any, aux: list[Any]) -> bool:
    """Said in the present: "are expected", "is due" (the copula above "due"), "expects"."""
    if tok.tag_ in {"VBZ", "VBP"} or any(c.lower_ in _PRESENT for c in aux):
        return True
    return tok.dep_ == "acomp" and tok.head.lower_ in _PRESENT


def with_tense(resolved: ResolvedDate, expression: str, published: dt.date | None,
               tense: str | None) -> ResolvedDate:
    """``resolved`` moved to where the tense puts it, when the expression leaves it open:
    a past event is not after publication, a future one not before it."""
    if tense is None or resolved.date is None or published is None or _ANCHORED.search(expression):
        return resolved
    day = dt.date.fromisoformat(resolved.date)
    if resolved.precision == "day" and _OPEN_YEAR.search(expression) and not _WEEKDAY.search(expression):
        if tense == "past" and day > published:
            return _moved(day, -1, "day")
        if tense == "future" and day < published:
            return _moved(day, 1, "day")
    elif resolved.precision == "month" and _OPEN_YEAR.search(expression):
        month_end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if tense == "past" and day > published:
            return _moved(day, -1, "month")
        if tense == "future" and month_end < published:
            return _moved(day, 1, "month")
    elif (resolved.precision == "day" and _WEEKDAY.fullmatch(_bare(expression)) and tense == "future"
          and day < published):  # a bare weekday was read as the past one; "will" makes it the next
        return ResolvedDate((day + dt.timedelta(days=7)).isoformat(), "day")
    return resolved


def _bare(expression: str) -> str:
    return re.sub(r"^(?:on|by|from|until|till|before|after)\s+", "", expression.strip(), flags=re.IGNORECASE)


def _moved(day: dt.date, years: int, precision: str) -> ResolvedDate:
    try:
        return ResolvedDate(day.replace(year=day.year + years).isoformat(), precision)
    except ValueError:  # 29 February: no such day that year
        return ResolvedDate(None, None)
