"""A match's result as sports copy gives it: "Brenford Rovers beat Lakeside United 2-1". The
winner answers "Who won the match (between Rovers and Lakeside)?", though the question names
both sides (names a question gives are otherwise no answer); the score ("2-1", or in sets:
"6-4, 3-6, 7-5") answers "What was the score?", which no name does."""

from __future__ import annotations

import re
from typing import Any

from .found import Found
from .language import Question, norm

FLOOR = 0.3  # of the best sentence's score: a result this close to it goes first
_SIDE = r"[A-Z][\w'’.&/-]*(?:\s+[A-Z][\w'’.&/-]*){0,4}"  # five words at most: a run of names is read in linear time
_SCORE = r"\d{1,2}\s*[-–]\s*\d{1,2}(?:,\s*\d{1,2}\s*[-–]\s*\d{1,2})*(?![\d-])"  # "2-1"; sets: "6-4, 3-6, 7-5"
_BEAT = re.compile(rf"({_SIDE})\s+(?:(?:held|hung)\s+on\s+to\s+|came\s+from\s+behind\s+to\s+)?(?:beat|beats|defeated|"
                   rf"defeats|thrashed|edged(?:\s+past)?|overcame|crushed|routed|won\s+against)\s+({_SIDE})"
                   rf"(?:\s+({_SCORE}))?")
# "…, beating top seed Mia Holt 6-4, 3-6, 7-5": the loser after the verb, the winner said before
_BEATING = re.compile(rf"\b(?:beating|defeating|beat|defeated)\s+(?:[a-z]+\s+){{0,3}}?({_SIDE})\s+({_SCORE})")
_ASKS_WINNER = re.compile(r"^\W*(?:who|which\s+(?:team|side|club|country))\s+won\b(?!.*\b(?:prize|award|medal|"
                          r"title|election|seat|vote|contract|case|race)s?\b)", re.I)
# "Molde lost 2-0 at home to Tromso": the winner after "to", the loser before
_LOST_TO = re.compile(rf"({_SIDE})\s+(?:lost|were\s+beaten|was\s+beaten|went\s+down)\s+(?:({_SCORE})\s+)?"
                      rf"(?:(?:at\s+home|away|on\s+the\s+road)\s+)?(?:to|by)\s+({_SIDE})")
# "Brann went top with a 3-1 win at Viking", "Odda won 2-0 at Vang": the winner opens the clause
_WIN_AT = re.compile(rf"(?:^|[,;]\s+|\bwhile\s+)({_SIDE})\s+(?:(?:[\w'’-]+\s+){{0,8}}?(?:with\s+)?an?\s+({_SCORE})\s+"
                     rf"(?:home\s+|away\s+)?(?:win|victory)|won\s+{_SCORE})\s+(?:at|over|against)\s+({_SIDE})")
_ASKS_BEATER = re.compile(r"^\W*(?:who|which\s+(?:team|side|club|country|player))\s+(?:beat|defeated)\s+(.+?)\W*$",
                          re.I)
# A score said as a result: "a 2-1 win", "a 4-2 victory on aggregate", "a 0-0 draw"
_SCORE_SAID = re.compile(rf"\b({_SCORE})\s+((?:(?:home|away|first-leg|second-leg)\s+)?(?:win|victory|defeat|loss|"
                         rf"draw|aggregate)\b(?:\s+on\s+aggregate\b)?)")
_OF_BEFORE = re.compile(r"\b((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)\s+of\s+$")  # the winner, then where from
_ASKS_SCORE = re.compile(r"\b(?:score|scoreline|final\s+score|result)\b", re.I)


def result_of(q: Question, text: str) -> tuple[int, int] | None:
    """Where in ``text`` the answer to a question of a match's result is: the winner of "A
    beat B 3-1" for who won (one of the sides the question names, where it names any), the
    score for what the score was; None where the question asks neither or ``text`` says no
    result."""
    beaten = _ASKS_BEATER.match(q.text)
    for m in _LOST_TO.finditer(text):  # "Who beat Molde?", "Who won?" of "Molde lost 2-0 at home to Tromso"
        if (_ASKS_WINNER.match(q.text) or beaten) and _names(q, m.group(1)):  # of the match the question names
            return _trimmed(text, m.start(3), m.end(3))
        if _ASKS_SCORE.search(q.text) and m.group(2):
            return m.start(2), m.end(2)
    for m in _WIN_AT.finditer(text) if beaten else ():
        if _names(q, m.group(3)):
            return _trimmed(text, m.start(1), m.end(1))
    for m in _BEAT.finditer(text):
        if of := _OF_BEFORE.search(text, max(0, m.start(1) - 60), m.start(1)):
            # "Jonna Sundling of Sweden beat …": she won, not Sweden
            won = (beaten and _names(q, m.group(2))) or (_ASKS_WINNER.match(q.text) and not beaten)
            return (of.start(1), of.end(1)) if won else None
        if beaten:
            if _names(q, m.group(2)):
                return _trimmed(text, m.start(1), m.end(1))
        elif _ASKS_WINNER.match(q.text):
            sides = [m.group(1), m.group(2)]
            named = [s for s in sides if any(q.has(norm(w), own=True) for w in s.split())]
            if not named or m.group(1) in named:
                return m.start(1), m.end(1)
        elif _ASKS_SCORE.search(q.text) and m.group(3):
            return m.start(3), m.end(3)
    m = _BEATING.search(text) if _ASKS_SCORE.search(q.text) and not _ASKS_WINNER.match(q.text) else None
    if m or not _ASKS_SCORE.search(q.text) or _ASKS_WINNER.match(q.text):
        return (m.start(2), m.end(2)) if m else None
    # "after a 2-1 win over Lazio, a 4-2 victory on aggregate": the one the question's words
    # go with ("the aggregate score"), else the first
    said = list(_SCORE_SAID.finditer(text))
    m = next((m for m in said if any(q.has(norm(w)) for w in m.group(2).split())), said[0] if said else None)
    return (m.start(1), m.end(1)) if m else None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the full stop that ends the sentence ("… at home to Tromso.")."""
    return (start, end - 1) if end == len(text.rstrip()) and text[start:end].endswith(".") else (start, end)


def _names(q: Question, side: str) -> bool:
    """Whether the question names ``side`` (a word of it)."""
    return any(q.has(norm(w), own=True) for w in side.split())


def result_first(q: Question, pool: list[Any]) -> bool:
    """Put first the best sentence of ``pool`` (the extractive answerer's, best first) that
    gives the result a question of a match's winner or score asks for, scored just above the
    best: "What was the score?" matches "Nils Berg scored twice" better than "Harbour City
    beat Eastvale 3-1", which alone answers it. Whether one went first."""
    if not pool or not (_ASKS_WINNER.match(q.text) or _ASKS_SCORE.search(q.text) or _ASKS_BEATER.match(q.text)):
        return False
    best = pool[0].score
    if result_of(q, pool[0].text):
        return False  # the best already gives it
    for sent in pool[1:]:
        # … not one sharing no word with the question where the best shares some ("In the women's race, …")
        if sent.score >= FLOOR * best and result_of(q, sent.text) and (
                getattr(sent, "cover", True) or not getattr(pool[0], "cover", ())):
            sent.score = best + 1e-6
            return True
    return False


def asks_score(question: str) -> bool:
    """Whether a question asks a match's score ("What was the score?")."""
    return _ASKS_SCORE.search(question) is not None


def scores_in(q: Question, text: str) -> list[Found]:
    """The score ``text`` gives of a match's result, as a candidate answer."""
    at = result_of(q, text)
    return [Found("score", at[0], at[1], text[at[0]:at[1]])] if at else []
