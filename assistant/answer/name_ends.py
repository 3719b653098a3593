"""Where a run of capitalised words ends, for ``mentions.names``: a short number may end a
name ("Platform 3", "Ariane 6", "Boeing 737"), unless it counts ("Lviv 40 km away"), joins
more figures ("United 2-1") or scores ("Hope 29, Powell 8")."""

from __future__ import annotations

import re

from .lexicon import MONTH_ABBR, MONTHS, WEEKDAYS

# What a number counts, not names: "Lviv 40 km away", "Rovers 2 goals".
_COUNTING = re.compile(r"\s+(?:km|kilometres?|kilometers?|miles?|metres?|meters?|m|kg|tonnes?|people|per|percent|"
                       r"times|points?|votes?|goals?|years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b")


def numbered(text: str, start: int, before: str, word: str, end: int) -> bool:
    """Whether the number ``word`` (ending at ``end``) is the last word of the name before it
    (from ``start``, its last word ``before``), as "3" of "Platform 3": a short number, after
    no month or weekday ("June 5"), not joined on to more figures ("United 2-1", "1.5", a
    scorecard's "Hope 29, Powell 8") nor counting what follows it."""
    low = before.lower()
    return word.isdigit() and len(word) <= 3 and low not in MONTHS and low not in WEEKDAYS and (
        low not in MONTH_ABBR) and not re.match(r"[-–/:.,%]\d|[-–/%]", text[end:end + 2]) and not (
        _COUNTING.match(text, end)) and not _SCORES.match(text, end) and not _SCORED.search(text, 0, start)


# A scorecard's "Hope 29, Powell 8 and Rehan 12", "Hope 29 (41 balls)"
_SCORES = re.compile(r"(?:,|\s+and|\s+or)\s*[A-Z][\w'’-]*\s+\d|\s*\(")
_SCORED = re.compile(r"\d(?:,|\s+and|\s+or)\s+$")


def no_count(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the number ``words[i]`` (``language.tokens`` of ``text``) counts nothing: a year
    ("2026"), a time of day ("17:15"), or the end of a name ("The Boeing 737, carrying 186
    passengers"; not after a word that opens the sentence, "About 200 sailors")."""
    word, a, b = words[i]
    low = word.lower().lstrip("$£€")
    if (re.fullmatch(r"\d{4}", low) and 1900 <= int(low) <= 2100) or re.fullmatch(r"\d{1,2}:\d\d", low):
        return True
    before, start, end = words[i - 1] if i else ("", 0, 0)
    # … and no word in lower case after it: "cost Apple 40 million dollars" counts
    return i > 1 and before.istitle() and before.isalpha() and text[end:a] == " " and not re.match(
        r"\s+[a-z]", text[b:b + 2]) and numbered(text, start, before, word, b)


def bare(word: str) -> str:
    """``word`` in lower case without a possessive: "thursday" of "Thursday's draw"."""
    return re.sub(r"['’]s$", "", word.lower())
