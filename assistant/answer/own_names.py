"""Names the question gives itself, which never answer it: "Carlow City" of "Who did Carlow
City draw with?", "Rustem Umierov" where it asks what Umierov listed. ``mentions.answer_entities``
leaves them out of the candidate answers."""

from __future__ import annotations

import re

from .language import POSSESSIVE, Question, norm, same_term, word_parts
from .lexicon import FIRM_NAME_WORDS, words_of


def key_words(key: str) -> list[str]:
    """A name's key as the question's terms are read (``word_parts``): its words normalised
    already, and a hyphenated one's parts each normalised ("ouest-france" -> "ouest", "franc")."""
    out = []
    for word in key.split():
        parts = word_parts(word)
        out += [word] if len(parts) == 1 else [norm(p) for p in parts if p]
    return out


def named_in(question: str, name: str) -> bool:
    """Whether the question names ``name`` as it is written, or without the words that only
    make it a firm's ("Norlind" of "Norlind Foods"), and asks no choice between names
    ("Rovers or Lakeside?")."""
    name = POSSESSIVE.sub("", name).strip()
    words = name.split()
    while len(words) > 1 and words[-1].lower() in FIRM_NAME_WORDS:
        words.pop()
    name = " ".join(words)
    return bool(name) and not re.search(r"\bor\b", question) and re.search(
        rf"(?<!\w){re.escape(name)}(?!\w)", question, re.I) is not None


def surname_asked(question: Question, key: str) -> bool:
    """Whether the question itself names this name by its last word ("according to
    Umierov" for "Rustem Umierov"), as a name: a common word ("which group") does not, nor
    does a question asking for one of that name ("Which Kennedy …?") or a relative of
    theirs ("Hunter Biden's father")."""
    words = key_words(key)
    if len(words) < 2:
        return False
    for t in question.terms:
        if t.proper and not t.carried and same_term(t.norm, words[-1]):
            name = re.escape(re.sub(r"['’]s$", "", t.text))
            if not re.search(rf"\b(?:which|what)\s+{name}\b|\b{name}['’]s\s+(?:{_KIN})\b", question.text, re.I):
                return True
    return False


_KIN = "|".join(words_of("""father mother son daughter brother sister wife husband cousin uncle aunt nephew niece
grandson granddaughter grandfather grandmother parent parents family relative sibling spouse partner widow"""))
