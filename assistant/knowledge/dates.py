"""Dates of events: the text of a DATE entity resolved against its article's publication date.

In a story published on Wednesday 11 June 2025, "on Friday" is 6 June, "July 21" is 21 July
2025, "last week" is the week of Monday 2 June and "March 2024" is a month. The answer is an
ISO date with a precision (day, week, month or year; the date is the first day of the week,
month or year for the coarser ones), or no date when the words and the publication date do
not fix one. ``is_event_date`` tells points in time from durations, frequencies and ages
("two years", "daily", "23-year-old"), so the caller keeps only the former.

What it does not do: read the sentence. Tense ("will meet on Friday") and anaphora ("the next
day" after some other event) are out of its reach: a weekday is taken as past, and an
expression that leans on another event is a point in time with no date.

The shapes news uses most are our own rules, which are fast and follow news conventions;
dateparser reads the rest, and only text that names a month, a weekday or a year reaches it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from .calendar import (
    _DAY_OFFSETS,
    _HOLIDAYS,
    _MONTHS,
    _NUMBERS,
    _WEEKDAYS,
    UNRESOLVED,
    ResolvedDate,
    _alternatives,
    _date,
    _day,
    _day_span,
    _holiday_span,
    _month,
    _month_span,
    _week,
    _year,
    _year_meant,
)

# A DATE entity is a few words; anything longer is not one, and dateparser's time grows with
# the length of what it is handed.
MAX_CHARS = 80


_MONTH = rf"(?P<month>{_alternatives(_MONTHS)})\.?"
_WEEKDAY = rf"(?P<weekday>{_alternatives(_WEEKDAYS)})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[12]\d{3})"
_NUMBER = rf"(?P<n>\d{{1,3}}|{_alternatives(_NUMBERS)})"
_PART_OF_DAY = r"(?: (?:morning|afternoon|evening|night|overnight))?"
# "2024", ", 2024", "of 2024", "this year", "of last year".
_YEAR_PART = rf"(?:,? (?:of )?(?:{_YEAR}|(?P<ryear>last|this|next) year))?"
_YEAR_STEP = {"last": -1, "this": 0, "next": 1}
# A range ("Feb. 15-18", "June 6 to 8") is dated by its start.
_DAY_RANGE_END = rf"(?:\s*(?:-|–|to|through|and)\s*(?:{_alternatives(_MONTHS)})?\.?\s*\d{{1,2}}(?:st|nd|rd|th)?)?"

# Words around the point in time that do not move it ("on", "since", "by the end of").
_LEADING = re.compile(
    r"^(?:on|in|at|by|since|from|until|till|through|throughout|before|after|during|of|as of|as early as"
    r"|as late as|starting|beginning|between|around|about|circa|roughly|approximately|nearly|almost|some|just|only"
    r"|sometime|some time|the month of|the entire month of|the year of)\s+"
)
# Parts of a period that keep its precision: "mid-July" is dated as July, "late last year" as last
# year, "the first quarter of 2023" as 2023 (a quarter is no precision of ours; its year is).
_MODIFIER = re.compile(
    r"^(?:early|earlier|late|later|mid|the (?:end|beginning|start|middle|close|turn|rest) of|(?:end|beginning|start"
    r"|middle) of|(?:the )?(?:first|second|last|final) (?:half|week|weeks|days|months|quarter) of"
    r"|(?:the )?(?:first|second|third|fourth) quarter of|q[1-4]|h[12])(?:\s+|-)"
)


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("(", " ").replace(")", " ")
    text = " ".join(text.split()).strip(" .,;:!?[]\"-–")
    text = re.sub(r"(?<=[a-z])'s$", "", text)  # "last year's", "Friday's"
    half = len(text) // 2
    if text[:half] == text[half + 1:] and text[half:half + 1] == " ":
        text = text[:half]  # page furniture read twice: "Sunday, Oct. 22 Sunday, Oct. 22"
    modified = False
    for _ in range(4):  # "by the end of", "earlier in the": a few layers at most
        stripped = re.sub(r"^this past ", "last ", _LEADING.sub("", text))
        stripped, n = _MODIFIER.subn("", stripped)
        modified = modified or bool(n)
        if stripped == text:
            break
        text = stripped
    if modified and text in ("the week", "the month", "the year"):
        # "by the end of the week" is this week; "the week" alone is any week (False below).
        text = "this " + text[4:]
    return text


# --- Dates and their spans ----------------------------------------------------------------------------------


# --- The rules: a pattern and what it means -----------------------------------------------------------------

Handler = Callable[[re.Match[str], dt.date | None], ResolvedDate]


def _unresolved(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    return UNRESOLVED


def _numeric(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    g = m.groupdict()
    if g.get("iso_year"):
        return _day(_date(int(g["iso_year"]), int(g["iso_month"]), int(g["iso_day"])))
    if g.get("dot_year"):  # 05.06.2025: dots are the day-first convention's
        return _day(_date(int(g["dot_year"]), int(g["dot_month"]), int(g["dot_day"])))
    # 6/13/2025 or 13/6/2025: readable only when one side cannot be a month (or both sides agree).
    a, b, year = int(g["a"]), int(g["b"]), int(g["slash_year"])
    if a > 12 >= b or a == b:
        return _day(_date(year, b, a))
    if b > 12 >= a:
        return _day(_date(year, a, b))
    return UNRESOLVED


def _stated_year(m: re.Match[str], published: dt.date | None) -> int | None:
    g = m.groupdict()
    if g.get("year"):
        return int(g["year"])
    if g.get("ryear") and published is not None:
        return published.year + _YEAR_STEP[g["ryear"]]
    return None


def _day_month(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    month, day = _MONTHS[m["month"]], int(m["day"])
    year = _stated_year(m, published)
    if year is not None:
        return _day(_date(year, month, day))
    if published is None:
        return UNRESOLVED
    weekday = _WEEKDAYS[m["weekday"]] if m["weekday"] else None
    span = _year_meant(published, lambda year: _day_span(year, month, day), weekday)
    return _day(span[0] if span else None)


def _week_of(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    # "the week of June 23": the week holding that day.
    found = _day_month(m, published)
    return _week(dt.date.fromisoformat(found.date)) if found.date else UNRESOLVED


def _month_name(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    month = _MONTHS[m["month"]]
    year = _stated_year(m, published)
    if year is not None:
        return _month(year, month)
    if published is None:
        return UNRESOLVED
    if m["rel"] == "this":
        return _month(published.year, month)
    if m["rel"] == "last":  # the latest one already over: "last June" in June is a year ago
        return _month(published.year - (month >= published.month), month)
    if m["rel"] == "next":
        return _month(published.year + (month <= published.month), month)
    span = _year_meant(published, lambda year: _month_span(year, month))
    return _month(span[0].year, month) if span else UNRESOLVED


def _year_number(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    return _year(int(m["year"]))


def _weekday(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    """A weekday is the latest such day on or before publication. News names the weekday for days
    of the past week (AP style uses it even for the day of publication, where others would say
    today), so "Friday" in a Friday story is that day, and in a Wednesday story the Friday
    before. Future weekdays ("will meet on Friday") need the tense, which we do not see."""
    if published is None:
        return UNRESOLVED
    weekday, rel = _WEEKDAYS[m["weekday"]], m["rel"]
    if rel == "this":  # the one in the week of publication
        return _day(published + dt.timedelta(days=weekday - published.weekday()))
    if rel == "next":
        return _day(published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7))
    back = (published.weekday() - weekday) % 7
    if rel == "last":  # strictly before: "last Friday" in a Friday story is a week ago
        back = back or 7
    return _day(published - dt.timedelta(days=back))


def _relative_day(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    if published is None:
        return UNRESOLVED
    return _day(published + dt.timedelta(days=_DAY_OFFSETS[m["word"]]))


def _relative_period(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    if published is None:
        return UNRESOLVED
    step = {"last": -1, "this": 0, "current": 0, "next": 1}[m["rel"]]
    unit = m["unit"]
    if unit == "week":
        return _week(published + dt.timedelta(weeks=step))
    if unit == "weekend":
        if step == -1:  # the weekend before publication ended on the latest Sunday before it
            return _week(published - dt.timedelta(days=(published.weekday() - 6) % 7 or 7))
        return _week(published + dt.timedelta(weeks=step))
    if unit == "month":
        return _month(published.year, published.month + step)
    return _year(published.year + step)


def _the_weekend(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    # "Over the weekend" in news is the latest weekend begun by publication.
    if published is None:
        return UNRESOLVED
    if published.weekday() >= 5:
        return _week(published)
    return _week(published - dt.timedelta(weeks=1))


def _ago(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    if published is None:
        return UNRESOLVED
    n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"]]
    unit = m["unit"]
    if unit == "day":
        return _day(published - dt.timedelta(days=n))
    if unit == "week":
        return _week(published - dt.timedelta(weeks=n))
    if unit == "month":
        return _month(published.year, published.month - n)
    return _year(published.year - n * (10 if unit == "decade" else 1))


def _holiday(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    name = m["holiday"]
    if m["year"]:
        span = _holiday_span(name, int(m["year"]))
    elif published is None:
        return UNRESOLVED
    else:
        span = _year_meant(published, lambda year: _holiday_span(name, year))
    return _day(span[0] if span else None)


def _season(m: re.Match[str], published: dt.date | None) -> ResolvedDate:
    # A season has no precision of ours, but its year is sure; winter straddles two, and which
    # months are summer depends on the hemisphere.
    if m["year"]:
        return _year(int(m["year"]))
    if m["rel"] == "this" and m["season"] != "winter" and published is not None:
        return _year(published.year)
    return UNRESOLVED


_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_PERIOD = r"(?:day|week|weekend|month|year|morning|afternoon|evening|night|season|time)"
_WEEKDAY_NAMES = _alternatives(_WEEKDAYS)
_DAY_FIRST = rf"(?:{_WEEKDAY},? )?(?:the )?{_DAY}(?:\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?)?(?: of)? {_MONTH}"
_MONTH_FIRST = rf"(?:{_WEEKDAY},? )?{_MONTH},? (?:the )?{_DAY}{_DAY_RANGE_END}"
_HOLIDAY_NAMES = _alternatives(_HOLIDAYS)

# First full match wins; a None handler marks an expression that is not a point in time.
_RULES: list[tuple[re.Pattern[str], Handler | None]] = [(re.compile(p), h) for p, h in [
    (r"(?P<iso_year>\d{4})[-/](?P<iso_month>\d{1,2})[-/](?P<iso_day>\d{1,2})"
     r"|(?P<dot_day>\d{1,2})\.(?P<dot_month>\d{1,2})\.(?P<dot_year>\d{4})"
     r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<slash_year>\d{4})", _numeric),
    (_DAY_FIRST + _YEAR_PART, _day_month),
    (_MONTH_FIRST + _YEAR_PART, _day_month),
    *((rf"(?:the )?week (?:of|beginning|commencing|starting) {form}{_YEAR_PART}", _week_of)
      for form in (_DAY_FIRST, _MONTH_FIRST)),
    # A full date followed by what the entity took in by mistake ("October 5, 2023 10:20 p.m.").
    *((rf"{form},? {_YEAR}\b.*", _day_month) for form in (_DAY_FIRST, _MONTH_FIRST)),
    (rf"(?:(?P<rel>last|this|next) )?{_MONTH}{_YEAR_PART}", _month_name),
    (rf"(?:the )?(?:year )?(?:calendar year )?{_YEAR}(?:\s*(?:-|–|/|to|through|until)\s*(?:\d{{2}}|[12]\d{{3}}))?"
     r"(?: season)?", _year_number),
    (r"(?:the )?(?:fiscal|financial|fiscal year|fy) ?(?:[12]\d{3}|\d{2})", _unresolved),  # fiscal years vary
    (r"(?:the )?(?:early |late |mid-?)?(?:[12]\d{2}0|'\d0)'?s", _unresolved),  # decades: "the 1990s", "the '90s"
    (r"(?:the )?\d{1,2}(?:st|nd|rd|th) century", _unresolved),
    (r"(?:the )?\d{1,2}(?:st|nd|rd|th)", _unresolved),  # "the 21st": a day of an unnamed month
    (rf"(?:(?P<rel>last|this|next) )?{_WEEKDAY}{_PART_OF_DAY}", _weekday),
    (rf"(?P<word>{_alternatives(_DAY_OFFSETS)}){_PART_OF_DAY}", _relative_day),
    (r"(?P<rel>last|this|next|current) (?P<unit>week|weekend|month|year)", _relative_period),
    (r"(?:over )?the weekend", _the_weekend),
    (rf"{_NUMBER} {_UNIT} ago", _ago),
    (rf"(?:the )?(?P<holiday>{_HOLIDAY_NAMES})(?:,? {_YEAR})?", _holiday),
    (rf"(?:(?P<rel>last|this|next) |the )?(?P<season>spring|summer|autumn|fall|winter)(?: of)?(?: {_YEAR})?",
     _season),
    (r"(?:last|this|next) season", _unresolved),
    # Anchored to another event, not to publication: a point in time we cannot place.
    (rf"(?:the|that|this) (?:next|following|previous|prior|preceding|same) {_PERIOD}"
     rf"|that {_PERIOD}|the {_PERIOD} (?:before|after)"
     rf"|(?:{_NUMBER}|a few|several) (?:day|week|month|year|hour)s? (?:later|earlier|before|after|prior)", _unresolved),
    # Vague or repeated, though they name a weekday, a month or "ago".
    (r".*\b(?:mon|tues|wednes|thurs|fri|satur|sun)days\b.*", None),  # "Fridays", "on Mondays"
    (rf"(?:every|each|most|all|any) (?:{_WEEKDAY_NAMES}|{_alternatives(_MONTHS)})\b.*", None),
    (r".*\bago", None),  # "years ago", "a few weeks ago", "hours ago", "more than a decade ago"
]]

# Without one of these, text that no rule read has no point in time for dateparser to find:
# "two years", "decades", "daily", "23-year-old", "week 11", "46", "recent years".
_ANCHOR = re.compile(
    rf"\b(?:{_alternatives(_MONTHS)}|{_WEEKDAY_NAMES}|today|yesterday|tomorrow|tonight|[12]\d{{3}})\b"
)
_YEAR_IN_TEXT = re.compile(r"\b[12]\d{3}\b")
# A day of the month as written: not part of a clock time, a year ("'21") or a number.
_DAY_NUMBER = re.compile(r"(?<![\d'.:/])\b\d{1,2}(?:st|nd|rd|th)?\b(?![.:/]?\d)")


def _supported(text: str, d: dt.date, precision: str) -> bool:
    """Whether the words bear out dateparser's answer. It fills what the text lacks from its
    base date and reads stray numbers as days or years, so on the leftovers of entity
    recognition ("2 1983", "20 Sunday", "2023 01.51") it answers with confidence and wrongly."""
    words = re.findall(r"[a-z]+", text)
    years = {int(y) for y in _YEAR_IN_TEXT.findall(text)}
    if years and d.year not in years:
        return False
    if precision == "year":
        return bool(years)
    if precision == "month":
        return any(w in _MONTHS for w in words)
    if precision == "week":
        return "week" in words
    weekdays = {_WEEKDAYS[w] for w in words if w in _WEEKDAYS}
    if weekdays and d.weekday() not in weekdays:
        return False
    return bool(weekdays) or bool(_DAY_NUMBER.search(text)) or any(w in _DAY_OFFSETS for w in words)


@lru_cache(maxsize=65536)
def _rule(text: str) -> tuple[Handler | None, re.Match[str] | None]:
    """The handler for normalised text and its match; (None, None) for dateparser's share."""
    for pattern, handler in _RULES:
        m = pattern.fullmatch(text)
        if m:
            return handler, m
    return None, None


def _dateparser(text: str, published: dt.date | None) -> ResolvedDate:
    # Only text with a year is absolute; anything else is relative to a base we do not have.
    if published is None and not _YEAR_IN_TEXT.search(text):
        return UNRESOLVED
    from dateparser.date import DateDataParser  # imported on first use: most text never needs it

    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first",
                "RETURN_TIME_AS_PERIOD": True}
    try:
        found = DateDataParser(languages=["en"], settings=settings).get_date_data(text[:MAX_CHARS])
    except Exception:  # a third-party parser on arbitrary text: a failure is no date, never a failed index
        return UNRESOLVED
    if found is None or found.date_obj is None:
        return UNRESOLVED
    d = found.date_obj.date()
    precision = {"time": "day", "day": "day", "week": "week", "month": "month", "year": "year"}.get(found.period or "")
    if precision is None or not _supported(text, d, precision):
        return UNRESOLVED
    named_month = any(w in _MONTHS for w in re.findall(r"[a-z]+", text))
    if precision in ("day", "month") and named_month and published is not None and not _YEAR_IN_TEXT.search(text):
        # dateparser puts a year-less date in the past; news style says which year (see _year_meant).
        month, day = d.month, d.day
        span = _year_meant(published, lambda year: (_day_span(year, month, day) if precision == "day"
                                                    else _month_span(year, month)))
        d = span[0] if span else d
    if precision == "week":
        return _week(d)
    if precision == "month":
        return _month(d.year, d.month)
    if precision == "year":
        return _year(d.year)
    return _day(d)


@lru_cache(maxsize=65536)
def _resolve(expression: str, published: dt.date | None) -> ResolvedDate:
    text = _normalise(expression)
    handler, m = _rule(text)
    try:
        if handler is not None and m is not None:
            return handler(m, published)
        if m is None and _ANCHOR.search(text):
            return _dateparser(text, published)
    except (OverflowError, ValueError):  # date arithmetic near year 1 or 9999
        pass
    return UNRESOLVED


def _clean_input(expression: object, published: object) -> tuple[str | None, dt.date | None]:
    if not isinstance(expression, str) or len(expression) > MAX_CHARS:
        return None, None
    if isinstance(published, dt.datetime):
        published = published.date()
    return expression, published if isinstance(published, dt.date) else None


def resolve_date(expression: str, published: dt.date | None) -> ResolvedDate:
    """The date an expression refers to, read against the publication date; never raises.

    >>> resolve_date("Friday", dt.date(2025, 6, 11))  # a Wednesday; the Friday before
    ResolvedDate(date='2025-06-06', precision='day')
    """
    text, published = _clean_input(expression, published)
    return UNRESOLVED if text is None else _resolve(text, published)


def is_event_date(expression: str) -> bool:
    """Whether an expression names a point in time (a day, week, month, year, season, decade,
    or one relative to another event), as opposed to a duration, a frequency, an age or a vague
    span: "two years", "daily", "annual", "recent years", "23-year-old", "this morning" is a
    day, "the morning" is not."""
    text, _ = _clean_input(expression, None)
    if text is None:
        return False
    text = _normalise(text)
    handler, m = _rule(text)
    if m is not None:
        return handler is not None
    return bool(_ANCHOR.search(text))
