"""What the words right after a question's "what" or "which" say: the noun asked for
("profit" of "What was Norlind's third-quarter operating profit?"), a person's role ("which
NFL wide receiver, …"), a deed in the past ("What caused the fire?"), a plural kind ("what
kinds of missions")."""

from __future__ import annotations

import re

from ..text import verbs
from .lexicon import AUX, ROLE_NOUNS, STOPWORDS, words_of

_OBJECT_OPENERS = frozenset(words_of("its their his her the a an to of by for with from on in at as"))
_PARTITIVE = frozenset(words_of("one two three these those both all"))  # "which of these two players"
_ROLE_ENDS = frozenset(words_of(", who whose that is was are were has had have can could will would did does do from"))
SAME_PAST = frozenset(words_of("hit cut put set let hurt shut cost split spread quit burst cast"))  # "What hit …?"


def past_verb(words: list[str]) -> bool:
    """Whether ``words``, right after "what", open with a verb in the past ("sold out", "caused the", "was
    stolen"): in "-ed" or irregular, before a function word or nothing (not "armed group", which describes)."""
    words = words[1:] if words[:1] in (["was"], ["were"], ["is"], ["are"]) else words  # "What was stolen …?"
    first = words[0] if words and words[0] not in AUX else ""  # "What was …?" is no deed
    irregular = (first in verbs.stem_bases() and first != verbs.stem_bases()[first]) or first in SAME_PAST
    return (irregular or (len(first) > 4 and first.endswith("ed"))) and (len(words) < 2 or words[1] in STOPWORDS)


def what_noun(rest: str) -> str:
    """The last word of the noun phrase right after "what" (and a "was"), up to a function
    word: "profit" of "was Norlind's third-quarter operating profit?"."""
    words = re.findall(r"[a-z0-9'-]+", rest)
    words = words[1:] if words[:1] in (["is"], ["was"], ["are"], ["were"]) else words
    phrase: list[str] = []
    for w in words:
        if w in ("a", "an", "the") and not phrase:
            continue
        if w in AUX or w in STOPWORDS:
            break
        phrase.append(w.removesuffix("'s"))
    return phrase[-1] if phrase else ""


def role_after(rest: str) -> bool:
    """A role noun ("individual", "quarterback") among the first words after which/what,
    ending its phrase: "which NFL wide receiver, …" asks for a person, "which star rating" not."""
    words = re.findall(r"[a-z0-9'-]+|,", rest)[:5]
    for i, w in enumerate(words[:4]):
        if w in ROLE_NOUNS or (w in ("figure", "figures") and i and words[i - 1] == "public"):
            before = words[:i]
            if set(before) & _OBJECT_OPENERS and any(w not in _OBJECT_OPENERS and w not in _PARTITIVE for w in before):
                return False  # "which team lost its quarterback": the noun is what the verb took
            after = words[i + 1] if i + 1 < len(words) else ","
            return after in _ROLE_ENDS or (after.endswith("ed") and len(after) > 4)
    return False


def plural_after_of(low: str) -> bool:
    m = re.search(r"\b(?:kinds?|types?|sorts?) of ([a-z'-]+)", low)
    return bool(m) and m.group(1).endswith("s") and not m.group(1).endswith("ss")
