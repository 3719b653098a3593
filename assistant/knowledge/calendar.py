"""Calendar arithmetic for event dates: what a resolved date is, the words for months,
weekdays and numbers, day, week, month and year spans, which year a year-less date means
in a news story, and the holidays news names. ``dates`` reads expressions with these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.easter import easter

# The year of "July 21" (see _year_meant): news style gives the year only when it is not the
# current one, except near New Year, where writers drop it for dates just across it.
BACK_ACROSS_NEW_YEAR_DAYS = 122


AHEAD_ACROSS_NEW_YEAR_DAYS = 92


@dataclass(frozen=True)
class ResolvedDate:
    """Where an expression puts its event: ``date`` is ISO YYYY-MM-DD (the first day of the
    week, month or year when ``precision`` is coarser than a day), both None when unresolved."""

    date: str | None
    precision: str | None  # "day" | "week" | "month" | "year"


UNRESOLVED = ResolvedDate(None, None)


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}


_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}


_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "a couple of": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100,
}


# Days named relative to publication (the day of the story is 0).
_DAY_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "the day before yesterday": -2,
    "tomorrow": 1, "the day after tomorrow": 2,
}


def _alternatives(words: dict[str, int]) -> str:
    # Longest first, so "september" is not read as "sep" and a stray "tember".
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


Span = tuple[dt.date, dt.date]


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 30 February, year 0 or 10000
        return None


def _day_span(year: int, month: int, day: int) -> Span | None:
    d = _date(year, month, day)
    return (d, d) if d else None


def _month_span(year: int, month: int) -> Span | None:
    first = _date(year, month, 1)
    if first is None:
        return None
    following = _date(year + (month == 12), month % 12 + 1, 1)
    return first, (following - dt.timedelta(days=1)) if following else dt.date.max


def _year_meant(published: dt.date, span: Callable[[int], Span | None], weekday: int | None = None) -> Span | None:
    """The year a writer meant by a date given without one ("July 21", "March", "Christmas").

    House styles (AP's among them) give the year only when it is not the current one, so the
    publication year is the default, in the future as much as in the past ("the vote on
    November 5" in a June story is this November's). The exception is New Year: in a January
    story "December 20" is the one just gone, and in a December story "February 20" the one
    coming, because writers drop the year for dates a few weeks across it. We reach back
    further (4 months) than ahead (3) since news reports more than it announces. A weekday
    given with the date ("Tuesday, Dec. 5") settles the year when only one year fits it.
    """
    years = (published.year - 1, published.year, published.year + 1)
    spans = {year: s for year in years if (s := span(year)) is not None}
    if weekday is not None:
        fitting = [s for s in spans.values() if s[0].weekday() == weekday]
        if len(fitting) == 1:
            return fitting[0]
    before, current, after = (spans.get(year) for year in years)
    if before and 0 < (published - before[1]).days <= BACK_ACROSS_NEW_YEAR_DAYS:
        return before
    if after and 0 < (after[0] - published).days <= AHEAD_ACROSS_NEW_YEAR_DAYS:
        return after
    # 29 February outside a leap year: the leap year nearest, the past one first.
    return current or before or after


def _day(d: dt.date | None) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day") if d else UNRESOLVED


def _week(d: dt.date) -> ResolvedDate:
    # A week is the ISO week, Monday to Sunday, dated by its Monday.
    return ResolvedDate((d - dt.timedelta(days=d.weekday())).isoformat(), "week")


def _month(year: int, month: int) -> ResolvedDate:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1  # months may run past December or January
    return ResolvedDate(f"{year:04d}-{month:02d}-01", "month") if 1 <= year <= 9999 else UNRESOLVED


def _year(year: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-01-01", "year") if 1 <= year <= 9999 else UNRESOLVED


def _thanksgiving(year: int) -> dt.date:
    # The fourth Thursday of November: the US holiday, which the bare name means in most English news
    # (Canada's falls in October).
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "xmas": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year": lambda y: dt.date(y, 1, 1),
    "halloween": lambda y: dt.date(y, 10, 31),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "thanksgiving": _thanksgiving,
    "thanksgiving day": _thanksgiving,
    "black friday": lambda y: _thanksgiving(y) + dt.timedelta(days=1),
    "cyber monday": lambda y: _thanksgiving(y) + dt.timedelta(days=4),
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda y: easter(y) - dt.timedelta(days=2),
    "easter monday": lambda y: easter(y) + dt.timedelta(days=1),
}


def _holiday_span(name: str, year: int) -> Span | None:
    try:
        d = _HOLIDAYS[name](year)
    except (ValueError, OverflowError):
        return None
    return d, d
