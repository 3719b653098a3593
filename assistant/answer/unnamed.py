"""A place said in common words, where no name says it: "The market will move into the old
tram depot" answers "Where will the market move?" (``mentions.answer_entities`` asks this
where a sentence names no place)."""

from __future__ import annotations

import re

from .found import Found
from .language import Question, norm, tokens
from .lexicon import MONTHS, NUMBER_WORDS, STOPWORDS, WEEKDAYS, words_of
from .relation import main_verb, verb_at

_TOWARD = frozenset(words_of("into to onto in at inside outside near beside behind under"))
_DETERMINERS = frozenset(words_of("the a an its their his her"))
# Words that say when (and small words), ending the place: "into the old grain hall next spring".
_PLACE_ENDS = frozenset(words_of("""
next last this early late later soon spring summer autumn fall winter year week month weekend morning
evening night today tomorrow tonight
""")) | frozenset(MONTHS) | WEEKDAYS | STOPWORDS


_OF_NAME = re.compile(r"\s+of\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def unnamed_place(question: Question, text: str) -> list[Found]:
    """Where the question's own verb goes, in words no name holds: "The market will move
    into the old tram depot" answers "Where will the market move?" with "the old tram
    depot". The phrase with its article right after the verb (or its particle) and a word
    of direction, up to its first small word, mark or word of time; none where it is a
    date or number (moved "in May" is when) or has no article ("move to cut costs")."""
    words = tokens(text)
    for i in verb_at(main_verb(question.text), [w for w, _, _ in words]):
        j = i + 1
        if j < len(words) and words[j][0].lower() in {"back", "out", "away", "over", "up", "down"}:
            j += 1
        if j >= len(words) or words[j][0].lower() not in _TOWARD or text[words[j - 1][2]:words[j][1]].strip():
            continue
        start = j + 1
        if start >= len(words) or words[start][0].lower() not in _DETERMINERS:
            continue  # "will move to cut costs": a place is a thing, with its article
        k = end = start + 1
        while end < len(words) and end - k < 5 and text[words[end - 1][2]:words[end][1]].strip() in ("", "-") \
                and words[end][0].isalpha() and words[end][0].lower() not in _PLACE_ENDS:
            end += 1
        phrase = [w.lower() for w, _, _ in words[k:end]]
        if not phrase or set(phrase) & NUMBER_WORDS:
            continue
        if m := _OF_NAME.match(text, words[end - 1][2]):  # "near the town of Malazgirt": Malazgirt
            return [Found("place", m.start(1), m.end(1), " ".join(norm(w) for w in m.group(1).split()))]
        return [Found("place", words[start][1], words[end - 1][2], " ".join(norm(w) for w in phrase))]
    return []
