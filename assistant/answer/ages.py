"""Ages, as news style gives them: "Kyle Benton, 27, and Marcus Reid, 31", "She was 84.",
"died aged 90". A bare number answers "How old …?" only where it is given so."""

from __future__ import annotations

import re

from .language import norm
from .lexicon import PERSON_NOUNS, words_of

_KIN = frozenset(words_of("""daughter daughters son sons wife husband mother father brother sister child children
partner widow widower girl boy baby grandson granddaughter grandmother grandfather niece nephew"""))

# A bare number given as an age: "Kyle Benton, 27, …", "Ann Lee (54)", "She was 84.", "aged 90", "The driver, 52, …".
_AGE_BEFORE = re.compile(r"(?:\b(?:aged|age of|was|is|died at|turned|turns)\s+|[A-Z][\w'’.-]*,\s+|"
                         r"[A-Z][\w'’.-]*\s+\(|\b[Tt]he\s+[a-z]+,\s+)$")  # … "The driver, 52, was taken"
_AGE_AFTER = re.compile(r"\s*(?:[,.;)]|$)")


def asks_age(question: str) -> bool:
    """Whether the question asks how old someone is."""
    return re.search(r"\bhow old\b|\bwhat age\b", question, re.I) is not None


def age_given(text: str, start: int, end: int) -> bool:
    """Whether the bare number at ``text[start:end]`` is given as someone's age (``_AGE_BEFORE``)."""
    return text[start:end].isdigit() and int(text[start:end]) < 130 and bool(
        _AGE_BEFORE.search(text, 0, start)) and bool(_AGE_AFTER.match(text, end))


def age_of(question: str, name: str, text: str) -> bool:
    """Whether the age ``text`` gives beside ``name`` (which the question names) is the age
    asked: not of "How old is Faro's daughter?", nor of "How old was Faro when she became a
    conductor?" where ``text`` does not say she became one (news style gives an age as of
    the report, beside the name)."""
    if re.search(rf"\b{re.escape(name)}['’]s?\s+[a-z]", question, re.I):
        return False
    when = re.search(r"\b(?:when|after|before|as)\s+(?:he|she|they|it|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+"
                     r"(?:was\s+|were\s+|had\s+)?([a-z]+)", question)
    return when is None or norm(when.group(1)) in {norm(w) for w in re.findall(r"[A-Za-z]+", text)}


_BESIDE_NAME = re.compile(r"[A-Z][\w'’.-]*(?:,\s+|\s+\()$")


def not_this_age(question: str, text: str, start: int, end: int, said: bool) -> bool:
    """Whether the number at ``text[start:end]`` is no answer to "How old …?": an age given beside
    another name than the one asked (``said`` is whether it is the one asked), an age given of
    "she" where someone's kin is asked, a thing's age ("its 112-year history") where a
    person's is asked, or no age at all ("for 14 years")."""
    kin = bool(set(re.findall(r"[a-z]+", question.lower())) & (_KIN | PERSON_NOUNS)) or re.search(
        r"['’]s\s+[a-z]", question) is not None
    if age_given(text, start, end):
        return not said and (kin or _BESIDE_NAME.search(text, 0, start) is not None)
    if re.match(r"-years?-old\b|\s+years?\s+old\b", text[end:end + 12]):
        return False  # "a 19-year-old student"
    if re.match(r"-year\b", text[end:end + 9]):
        return kin or re.search(r"\bwhen\b", question, re.I) is not None
    return True  # "had worked there for 14 years" says how long, not how old
