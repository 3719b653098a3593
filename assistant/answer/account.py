"""Whose account a question asks for: "Who will staff the lines, according to Lecornu?",
"Which systems did Umerov say Ukraine had received?".

A short answer read from a sentence that is someone else's account ("Renault could set up
the lines, France Info reported") puts words in the named person's mouth: a wrong answer
that looks sourced. When a typed question names the person whose account it asks for,
and the knowledge layer knows them as a person, only their sentences may answer: a
sentence holding words the layer attributes to them (said directly or reported, "he
said" resolved to them), or naming them. When none of the candidates is theirs, the
question is refused as one the passages found do not answer. Outlets ("according to
Ouest-France") and people the layer does not know ("according to its defence minister")
restrict nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..knowledge.names import fold
from ..types import Entity
from .facts import Facts, Named

# The whole question's source: "According to X, …" or "…, according to X?", not one part's
# ("which company, according to X, …, and, as Y reported, …"). Read on the question with its
# spaces made single, and a name of at most a few words: a question is hostile input, and
# open-ended repeats around runs of spaces take seconds.
_ACCORDING = re.compile(r"^according to (?P<who>[^,;?]{1,80}),|,? according to (?P<end>[^,;?]{1,80}?) ?[?.!]* ?$",
                        re.I)
_SAID = re.compile(r"\b(?:did|does|do|has|have|had|will|would) (?P<who>[^ ,;?]+(?: [^ ,;?]+){0,3}) (?:say|tell|"
                   r"claim|state|announce|reveal|confirm|insist|argue|add)\b", re.I)


def whose_account(question: str, named: Sequence[Named], outlets: Sequence[str] = ()) -> tuple[Entity, ...]:
    """The person entities of the one the question names as the source of all it asks, or
    (): named by their full name (the small model takes "Verge" for a person), and not
    words of an outlet's name (``outlets``: "The Independent - Life and Style")."""
    outlet_words = {w for o in outlets for w in fold(o).split()}
    question = " ".join(question.split())
    for pattern in (_ACCORDING, _SAID):
        m = pattern.search(question)
        if m is None:
            continue
        who = m.group("who") or m.group("end") if pattern is _ACCORDING else m.group("who")
        people = tuple(e for n in named if n.words in who and not set(fold(n.words).split()) <= outlet_words
                       for e in n.entities if e.type == "person" and len(e.name.split()) >= 2)
        if people:
            return people
    return ()


def in_account(question: str, named: Sequence[Named], pool: list[Any], facts: Facts) -> list[Any]:
    """The sentences of ``pool`` (the extractive answerer's) that are the account of the
    person ``question`` names as its source; ``pool`` itself when it names none."""
    people = whose_account(question, named, [s.hit.outlet for s in pool if s.hit.outlet])
    if not people or not pool:
        return pool
    ids = {e.id for e in people}
    said: dict[str, list[tuple[int, int]]] = {}  # article -> spans of their words
    for e in people:
        for q in facts.quotes(e.name, None, None):
            if q.speaker_id in ids and q.char_start is not None and q.char_end is not None:
                doc = q.source if q.record is None else f"{q.source}#{q.record}"
                said.setdefault(doc, []).append((q.char_start, q.char_end))
    hits = list({s.hit.chunk_id: s.hit for s in pool}.values())
    mentions = facts.mentions(hits)

    def theirs(s: Any) -> bool:
        a, b = s.hit.char_start + s.start, s.hit.char_start + s.end
        if any(x < b and a < y for x, y in said.get(s.hit.doc, [])):
            return True
        return any(m.entity.id in ids and s.start <= m.start < s.end for m in mentions.get(s.hit.chunk_id, []))

    return [s for s in pool if theirs(s)]
