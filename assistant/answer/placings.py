"""Where a competitor finished: "Where did Germany finish?" asks for a place in a ranking
("Germany … ended fourth"), not a town; no place name answers it, and the ordinal is said
of the one asked about, not of another in the same sentence ("Norway won, with Poland in
third place")."""

from __future__ import annotations

import re

from .found import Found
from .language import norm, norms

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "last")
_ORDINAL = rf"(?:{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))"
# "Where did Germany finish?", "Where did she end up in the standings?"; not "Where will the race end?"
_ASKS = re.compile(r"\W*where\s+(?:did|does|do|will|has|have|had)\s+(.+?)\s+(?:finish(?:ed)?|end(?:ed)?\s+up|"
                   r"come|place[d]?|rank(?:ed)?)\b[^?]*\?*\s*$", re.I)
# "ended fourth", "came in third", "finished joint 12th", "in fourth place"
_SAID = re.compile(rf"\b(?:finish(?:ed|es)?|end(?:ed|s)?(?:\s+up)?|c[oa]mes?|plac(?:ed|es)|rank(?:ed|s)?|was|were)"
                   rf"\s+(?:in\s+)?(?:a\s+)?(?:joint\s+|equal\s+)?({_ORDINAL})\b|\bin\s+({_ORDINAL})\s+place\b", re.I)


def finish_asked(question: str) -> str | None:
    """The normalised last word of whom a question asks where they finished ("germani" of
    "Where did Germany finish?"); None for any other question."""
    m = _ASKS.match(question)
    words = norms(m.group(1)) if m else []
    return words[-1] if words else None


def placings(subject: str, text: str) -> list[Found]:
    """The places in a ranking ``text`` says of the one whose last word is ``subject``: the
    ordinal after a verb of finishing, in the clause that names it before the ordinal."""
    out = []
    for m in _SAID.finditer(text):
        group = 1 if m.group(1) else 2
        clause = re.split(r"[;:]|,\s+(?:with|while|and|but|ahead\s+of|behind)\b", text[:m.start()])[-1]
        if subject in {norm(w) for w in re.findall(r"[\w'’-]+", clause)}:
            out.append(Found("place", m.start(group), m.end(group), m.group(group).lower()))
    return out
