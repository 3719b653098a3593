"""Who made a work a sentence names ("A seascape by Edvard Munch sold …", "a novel by Maja
Stein"): its maker, which answers who painted or wrote it, and not who did another deed the
question asks of it (who bought the seascape)."""

from __future__ import annotations

import re

from .language import norm
from .lexicon import words_of
from .parsed import last_word

# Verbs of making a work: who did them is the "by" after the work's noun.
_MAKING = frozenset(norm(w) for w in words_of("""paint write compose design direct draw make create sculpt photograph
film author produce build record publish pen carve shoot invent found develop sing play perform illustrate edit carry
conduct commission run hold stage organise organize prepare compile draft propose table submit file introduce
present translate arrange score"""))
_WHOSE = re.compile(r"\W*whose\b", re.I)
_BY_BEFORE = re.compile(r"\b[a-z]+\s+by\s+(?:the\s+)?$")


def maker_only(q_text: str, acted: str | None, text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is named only as the maker of a work, "by" it
    after the work's noun (not a passive's agent: "was bought by"), where the question's
    verb (``acted``, as ``norm`` gives it) is no making and the question (``q_text``) does not ask whose
    the work is: Edvard Munch of "A seascape by Edvard Munch sold for 210 million" did not buy
    it; "An amendment by the Greens … was rejected" answers "Whose amendment was rejected?"."""
    if acted is None or acted in _MAKING or _WHOSE.match(q_text) or not _BY_BEFORE.search(
            text, max(0, start - 40), start):
        return False
    tok = last_word(text, start, end, possessive=False)
    while tok is not None and tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.dep_ == "prep" and (
        tok.head.head.tag_ in ("NN", "NNS"))
