"""What a follow-up points at, named where the last turn says what it is.

"On what date did he arrive?" after "Which minister visited Kyiv?", answered "Sébastien
Lecornu", means "On what date did Sébastien Lecornu arrive?"; "What had it supplied?"
after "Which Toulouse firm makes the drones?", answered "Delair", means Delair; "that
hospital" after "… at Northgate hospital …" means Northgate hospital. Where the reading is
not safe it is not made, and the earlier turn is carried as context instead: pronouns of
two people ("What did he discuss with him?"), a question that names someone itself ("What
did Umerov say he wanted?": he may be Umerov), an "it" that points at nothing ("Is it true
that …?"), an answer that is no name (a date, "Yes").

The history is the caller's text (an API turn's ``short``), so what it can add is bounded:
a name of ``MAX_NAME_CHARS`` and ``MAX_NAME_WORDS`` at most, put in for ``MAX_REPLACED``
pointing words at most.
"""

from __future__ import annotations

import re
import unicodedata

from ..knowledge.names import PLACES, PRONOUN_GENDER
from .language import COUNTRIES, classify
from .lexicon import MONTHS, STOPWORDS, WEEKDAYS
from .mentions import names

MAX_NAME_CHARS, MAX_NAME_WORDS, MAX_REPLACED = 80, 6, 3

# The next word is looked at, not taken: "tell him her plan" has two pronouns side by side.
_PERSON = re.compile(r"\b(he|him|his|she|hers|her)\b(?=(?:\s+([\w'-]+))?)", re.I)
_THING = re.compile(r"\b(it|It|its|Its)\b(?!')")  # not "IT", the department, nor "it's"
# An "it" that may stand for no thing: "Is it true that …?", "Was it Delair that won?",
# "What time is it?", "it seems likely …"; only "was it founded" (a participle after it) is read.
_NO_THING = re.compile(r"\b(?:is|was|isn't|wasn't|'s)\s+it\b(?!\s+\w+(?:ed|en)\b)|"
                       r"\bit\s+(?:is|was|seems|seemed|appears|appeared)\b|\b(?:does|did)\s+it\s+seem", re.I)
_THAT_NOUN = re.compile(r"\b(?:that|this|the same)\s+([a-z][\w-]+)\b")
_NOT_A_NAME = frozenset({"yes", "no", "before", "after", "true", "false", "none", "unknown", "nobody", "he", "she",
                         "it", "they"}) | WEEKDAYS | frozenset(MONTHS)
_WH = frozenset({"which", "what", "whose", "whom", "who"})
# After "her", words that make it whom, not whose: "call her yesterday".
_NOT_OWNED = frozenset({"yesterday", "today", "tomorrow", "tonight", "again", "back", "now", "then", "later",
                        "earlier", "soon", "first", "last", "once", "twice", "about", "anything", "everything"}) \
    | WEEKDAYS | frozenset(MONTHS)


def referent(asked: str, short: str | None) -> tuple[str, str] | None:
    """``(kind, name)`` of what the answer ``short`` to ``asked`` named first, where
    ``asked`` is for a person ("person") or a named thing ("entity"): what a "he" or an "it"
    after it means."""
    kind = classify(asked)[0]
    first = re.split(r"\s*,\s*|\s+and\s+|\s*;\s*", " ".join((short or "").split()))[0]
    words = first.split()
    if kind not in ("person", "entity") or not first[:1].isupper() or len(first) > MAX_NAME_CHARS \
            or len(words) > MAX_NAME_WORDS or any(c.isdigit() for c in first) \
            or any(w.lower().strip(".") in _NOT_A_NAME for w in words):
        return None
    return kind, first


def resolved(question: str, asked: str, short: str | None) -> str:
    """``question`` with what it points at named, where the last turn (``asked``,
    answered ``short``) says what that is (see the module); otherwise unchanged."""
    text = original = unicodedata.normalize("NFC", question)  # "he\u0301ros" holds no "he"
    named = referent(asked, short)
    if named is not None and named[0] == "person" and _one_person(text) and not _names_someone(text):
        text = _PERSON.sub(lambda m: f"{named[1]}'s" if _owner(m) else named[1], text, count=MAX_REPLACED)
    elif named is not None and named[0] == "entity" and not _NO_THING.search(text) and named[1] not in text:
        text = _THING.sub(lambda m: f"{named[1]}'s" if m.group(1).lower() == "its" else named[1], text,
                          count=MAX_REPLACED)
    for m in reversed(list(_THAT_NOUN.finditer(text))[:MAX_REPLACED]):
        phrase, asked_for = _named_before(m.group(1), asked)
        if asked_for:  # "that minister" after "Which French minister …?": the one the answer named
            phrase = named[1] if named is not None else ""
        if phrase:
            text = f"{text[:m.start()]}{phrase}{text[m.end():]}"
    return text if text != original else question


def _named_before(noun: str, earlier: str) -> tuple[str, bool]:
    """How ``earlier`` named the ``noun`` ("Northgate hospital" for "hospital"): the
    capitalised words just before it, leading stopwords aside ("Was Northgate Hospital
    …"), "" when none or too long; and whether ``earlier`` asked which one it is ("Which
    French minister …"). Read word by word: a regex over a hostile question backtracks."""
    words = earlier.split()
    for i, word in enumerate(words):
        if i == 0 or word.strip(",.;:?!\"'()").lower() != noun.lower():
            continue
        run: list[str] = []
        for before in reversed(words[max(0, i - MAX_NAME_WORDS):i]):
            if not before[:1].isupper() or before[-1] in ",.;:?!)":
                break
            run.insert(0, before)
        lead = []
        while run and run[0].lower() in STOPWORDS:
            lead.append(run.pop(0).lower())
        if set(lead) & _WH:
            return "", True
        phrase = " ".join([*run, word.strip(",.;:?!\"'()")])
        return (phrase if run and len(phrase) <= MAX_NAME_CHARS else ""), False
    return "", False


def _owner(m: re.Match[str]) -> bool:
    """Whether the pronoun ``_PERSON`` matched says whose: "his role", "her counterpart";
    not "told her", "call her yesterday", "pay her 5 million" or "her."."""
    word, follows = m.group(1).lower(), (m.group(2) or "").lower()
    return word in {"his", "hers"} or (word == "her" and follows != "" and follows not in STOPWORDS
                                       and follows not in _NOT_OWNED and not follows.endswith("ly")
                                       and not follows[0].isdigit())


def _one_person(question: str) -> bool:
    """Whether the question's personal pronouns can all mean one person: not "he" and
    "she" together, nor a "he" and a "him" ("What did he discuss with him?": two people)."""
    said = [(m.group(1).lower(), _owner(m)) for m in _PERSON.finditer(question)]
    if len({PRONOUN_GENDER[w] for w, _ in said}) > 1:
        return False
    words = {w for w, _ in said}
    objects = {w for w, owner in said if w in {"him", "her"} and not owner}
    return not ({"he", "she"} & words and objects)


def _names_someone(question: str) -> bool:
    """Whether the question names someone, or something, other than a place: then its "he"
    may mean them ("What did Umerov say he wanted?")."""
    for found in names(question):
        if not all(w in COUNTRIES or w in PLACES for w in question[found.start:found.end].lower().split()):
            return True
    return False
