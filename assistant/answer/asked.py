"""What kind of thing a which/what question asks for, and whether a name says it is one.

"Which authority granted the permission?" asks for an authority: of the names a quote
gives ("the Rheinmetall Group", "the Federal Antimonopoly authority", "Ukroboronprom
State Concern"), the one that says it is an authority is the answer.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.names import fold
from .language import norm, same_term, tokens

_WHICH = frozenset({"which", "what"})


@lru_cache(maxsize=256)
def asked_noun(question: str) -> str | None:
    """The normalised noun a which/what question asks for, the head of its noun phrase
    ("Which German defence group got approval …?" -> "group", "Which authority …?" ->
    "authority"), read with the knowledge layer's spaCy pipeline; None without one."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return None
    # By the tags of the words after "which", not the parse: the small pipeline attaches
    # "Which" to the verb in "Which Norwegian ferry group obtained …?" (nor are there
    # noun_chunks: it tags without coarse parts of speech).
    doc = nlp(question[:300], disable=["parser", "ner"])  # its tags only
    for i, token in enumerate(doc):
        if token.lower_ not in _WHICH:
            continue
        head = None
        for word in doc[i + 1:]:
            if not (word.tag_.startswith("NN") or word.tag_ in ("JJ", "HYPH")):
                break
            if word.tag_ in ("NN", "NNS"):
                head = word
        return (norm(head.text) or None) if head is not None else None
    return None


def of_type(noun: str | None, text: str, a: int, b: int) -> bool:
    """Whether the name at ``text[a:b]`` says it is a ``noun``: by its own words ("the
    Rheinmetall Group" for "which group") or the word right after it ("the Federal
    Antimonopoly authority" for "which authority")."""
    if not noun:
        return False
    words = [w for w, _, _ in tokens(text[a:b])] + [w for w, _, _ in tokens(text[b:b + 40])[:1]]
    return any(same_term(noun, norm(w)) for w in words)


def of_kind_asked(names: list[str], typed: set[str]) -> list[str]:
    """Of ``names``, those that ``typed`` (the names that said they are what was asked)
    shows to be: "Manchester United" is the team too where another quote says "the United
    team". All of them when none is."""
    kinds = [set(fold(t).split()) for t in typed]
    return [n for n in names if any(k <= set(fold(n).split()) for k in kinds)] or names


_OPENING = " \n\t\"'“‘([-–—•*"


def common_opener(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a lone capitalised word opening the sentence that the
    tagger reads as no noun at all ("Heavy rain flooded …", "Top officials met …"):
    capitalised only for opening it, no name. The small tagger reads some names opening a
    sentence as common nouns ("Trump says …", "Delair supplies …"), and some openers as
    names ("Thick fog …"), so a noun of any kind stays a name: this drops only the
    openers it is sure of."""
    if text[:start].strip(_OPENING) or len(text[start:end].split()) != 1:
        return False
    try:
        nlp = pipeline.load()
    except ConfigError:
        return False
    doc = nlp(text[:200], disable=["parser", "ner"])
    word = next((t for t in doc if t.idx >= start), None)
    return word is not None and word.idx == start and not word.tag_.startswith("NN")
