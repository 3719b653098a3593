"""Dates in text: the one recogniser of the dates articles and questions write.

``parse_date`` reads the first full date in a line ("July 22, 2024", "05.06.2025",
"2024-07-22T10:00Z") as ISO; ``find_dates`` gives every full date a question names as
YYYYMMDD integers; ``MENTION`` matches looser date expressions in running text ("on
Tuesday", "in 2023", "last week"), which the answerer needs to see that a sentence
answers "when"; ``day_numbers`` turns YYYYMMDD integers into day counts.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}


_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))


DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), "dMy"),
]


def _make_date(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first publication-style date in ``text`` as ISO ``YYYY-MM-DD``, else None.

    >>> parse_date("19:44 05.06.2025")
    '2025-06-05'
    >>> parse_date("July 22, 2024")
    '2024-07-22'
    """
    best: tuple[int, str] | None = None
    for pattern, order in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "ymd":
            iso = _make_date(int(a), int(b), int(c))
        elif order == "dmy":
            iso = _make_date(int(c), int(b), int(a))
        elif order == "mdy":
            iso = _make_date(int(c), _MONTHS[a.lower()], int(b))
        else:
            iso = _make_date(int(c), _MONTHS[b.lower()], int(a))
        if iso and (best is None or m.start() < best[0]):
            best = (m.start(), iso)
    return best[1] if best else None


def find_dates(question: str) -> tuple[int, ...]:
    found: list[int] = []
    for pattern, _ in DATE_PATTERNS:
        for m in pattern.finditer(question):
            iso = parse_date(m.group(0))
            if iso:
                value = int(iso.replace("-", ""))
                if value not in found:
                    found.append(value)
    return tuple(found)


def day_numbers(date_ints: np.ndarray) -> np.ndarray:
    """YYYYMMDD integers as days since 1970-01-01 (-1 where the value is 0 or not a date)."""
    # Each distinct value converted once and spread by the inverse of unique: a pass per
    # value over every chunk took a second at a million chunks, on every open.
    values, inverse = np.unique(np.asarray(date_ints), return_inverse=True)
    days = np.full(len(values), -1, dtype=np.int64)
    for n, value in enumerate(values.tolist()):
        if value > 0:
            try:
                days[n] = np.datetime64(f"{value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}",
                                        "D").astype(np.int64)
            except ValueError:
                continue
    return days[inverse.reshape(-1)]


# Looser than the patterns above: a date need not be whole to answer "when".
MENTION = re.compile(
    r"\b(?:(?:on|by|since|until|from)\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    # "the second weekend of August next year": which part of the month, and which year
    r"(?:(?:first|second|third|fourth|last|final)\s+(?:week|weekend)\s+of\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?(?:\s+(?:next|last|this)\s+year)?\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:from|between)\s+(?:19|20)\d{2}\s*(?:to|and|until|-|–)\s*(?:19|20)\d{2}\b"
    r"|\b(?:in|since|by|until|from|before|after|during)\s+(?:(?:19|20)\d{2}\b|1[0-8]\d{2}\b(?!\s+[a-z]))"
    r"|\b(?:yesterday|(?:last|this|next) (?:week|month|year))\b"
    r"|\bwithin\s+(?:a|an|one|two|three|six|the\s+next|the\s+coming)\s+(?:few\s+)?(?:year|month|week|day)s?\b",
    re.I,
)
