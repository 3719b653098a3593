"""A sentence that opens by pointing back ("He", "It", "The company") is about what the
sentence before it named.

"According to Ouest-France, the project could involve Delair, a drone maker." then "The
company has previously delivered kamikaze drones to the Defence Ministry." answers "What
had Delair supplied to the Defence Ministry?", though the second sentence never says
"Delair". So such a sentence is taken to hold the question's names that the sentence right
before it (in the article: same passage or the one before) holds. Only names: they say
what the story is about, which ranks the sentence, not who "it" is; with two names before
it, which one "it" stands for is a guess, so a pointed name never decides anything: a
yes/no is decided by a sentence's own words (``decide``), and the rules that read what a
sentence says (a bridge entity's clauses, a topic carried over) read its own terms. The
answerer adds them after its first cut (``similarity``): they reorder the sentences that
cut kept, and never push one that says the name out of them (on MultiHop-RAG one
did, and a composed answer lost its margin). And only where the reading is safe:

- one step back only: "He said X. He added Y." reads the second "He" from a sentence that
  names no one, so it holds nothing ("It" may have changed subject in between);
- a subject, not a possessive ("Its rival", "The company's rival" are someone else);
- not the empty "It is …", "It was …", "They say …", which point at nothing;
- "The" and a lowercase noun of an actor ("The company", "The French ministry", "The
  Kremlin spokesman"), not a name of its own ("The Harbour Authority", "The Kremlin").

Sentences are the extractive answerer's (``hit``, ``start``, ``end``, ``text``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..knowledge.speakers import GENERIC_ORG, INSTITUTION, ROLE_NOUNS
from ..text.clauses import clause_spans
from .language import Question, matching, norms

# The second word is taken whole or not at all (``?+``): "The company director's son" is
# no subject, though "The company" alone would read as one.
_POINTING = re.compile(r"(?:He|She|It|They)\b|The\s+([\w-]+)(?:\s+([\w-]+))?+\b(?!['’]s)")
_EMPTY = re.compile(r"(?:It(?:['’]s|\s+(?:(?:is|was)(?:n['’]t|\s+not)?|(?:has|had)(?:n['’]t|\s+not)?\s+been"
                    r"|won['’]t\s+be|(?:will|would|could|might|may|can|must|should)(?:n['’]t|\s+not)?\s+be"
                    r"|remains|remained|seems|seemed|appears|appeared|looks|looked|means|meant|takes|took))"
                    r"|They\s+(?:say|said))\b")
_ACTORS = GENERIC_ORG | INSTITUTION | ROLE_NOUNS
MAX_GAP = 3  # characters between one sentence's end and the next one's start (spaces, a newline)


class Pointed(NamedTuple):
    names: frozenset[str]  # the question's names it is taken to hold
    before: int | None  # the sentence that says them (an index into the sentences), when there are some


def pointed(question: Question, sentences: Sequence[Any], got: Sequence[frozenset[str]]) -> list[Pointed]:
    """For each sentence, the question's names it is taken to hold by pointing back to the
    sentence before it (none where it does not point back, or to nothing safe), and that
    sentence. ``got`` is each sentence's own question terms."""
    names = {t.norm for t in question.terms if t.proper}
    out = [Pointed(frozenset(), None)] * len(sentences)
    if not names:
        return out
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i].hit.doc, sentences[i].hit.char_start
                                                         + sentences[i].start))
    ends: dict[tuple[str, int], int] = {}  # (doc, where a sentence ends) -> its index
    for i in order:
        s = sentences[i]
        start = s.hit.char_start + s.start
        before = next((ends[k] for gap in range(MAX_GAP + 1) if (k := (s.hit.doc, start - gap)) in ends), None)
        if before is not None and _points_back(s.text) and (held := (got[before] & names) - got[i]):
            out[i] = Pointed(held, before)
        ends[(s.hit.doc, s.hit.char_start + s.end)] = i
    return out


def with_antecedents(chosen: Sequence[tuple[Any, list[tuple[int, int]]]]) -> list[tuple[Any, list[tuple[int, int]]]]:
    """The quotes ``chosen``, each sentence that holds a name by pointing back preceded by
    the clause of the sentence it points to that says the name, unless that is quoted
    already: "The company has previously delivered kamikaze drones …" alone does not tell
    the reader which company. Only where the quote opens the sentence. Sentences carry
    ``before`` (a sentence or None) and ``pointed``."""
    quoted = {id(s) for s, _ in chosen}
    out: list[tuple[Any, list[tuple[int, int]]]] = []
    for sent, spans in chosen:
        before = getattr(sent, "before", None)
        # Only where the quote shows the pointing words: a later clause of the sentence does not.
        opens = any(a <= sent.start for a, _ in spans)
        if sent.pointed and before is not None and opens and id(before) not in quoted:
            quoted.add(id(before))
            text = before.hit.text
            saying = [(a, b) for a, b in clause_spans(text, before.start, before.end)
                      if matching(sent.pointed, norms(text[a:b]))]
            out.append((before, saying or [(before.start, before.end)]))
        out.append((sent, spans))
    return out


def _points_back(text: str) -> bool:
    m = _POINTING.match(text)
    if m is None or _EMPTY.match(text):
        return False
    first, second = m.group(1), m.group(2)
    if first is None:
        return True
    if first.islower():
        return first in _ACTORS
    # "The French ministry": an adjective of a name, then the noun in lower case.
    return second is not None and second.islower() and second in _ACTORS
