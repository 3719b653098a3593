"""Which words of a sentence may answer a typed question ("who", "where", "how many"),
and how a sentence that holds one borrows the topic of the sentence before it.

Sentences are the extractive answerer's (``hit``, ``start``, ``end``, ``text``,
``found``, ``score``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .facts import Facts, Named
from .language import Question
from .mentions import answer_entities
from .people import people_in, people_in_passages
from .places import places_in, places_in_passages


def finder(facts: Facts | None, question: Question, sentences: Sequence[Any],
           named: Sequence[Named]) -> Callable[[Any], None]:
    """How a sentence's candidate answers (``found``) are read: from the knowledge layer's
    people or places where the index has them, else from the text rules alone."""
    if facts is None or not facts.available or question.kind not in ("person", "place"):
        return lambda s: setattr(s, "found", answer_entities(question, s.text))
    if question.kind == "place":
        places = places_in_passages(facts, sentences)
        return lambda s: setattr(s, "found", places_in(question, s, places, named))
    people = people_in_passages(facts, question, sentences, named)

    def person(s: Any) -> None:
        s.found, s.names_asked = people_in(question, s, people)
        s.tagged = True
    return person


def carry_topic(sentences: Sequence[Any]) -> None:
    """A sentence holding a candidate answer right after one that matches the question
    better (in the article, in the same passage or the one before), and sharing some of
    its words, scores the mean of the two: "Ministers called for a ban." then "The ban was
    proposed after a meeting in Tallinn." answers where they met, though the second
    sentence alone says little of the question. The mean, not the better score: the
    second sentence must still say something of the question itself, or every sentence
    after a near miss would answer it."""
    ends = {(s.hit.doc, s.hit.char_start + s.end): s.score for s in sentences}
    for s in sentences:
        if not (s.found and s.cover):
            continue
        start = s.hit.char_start + s.start
        before = max((ends.get((s.hit.doc, start - gap), 0.0) for gap in range(4)), default=0.0)
        if before > s.score:
            s.score = (s.score + before) / 2
