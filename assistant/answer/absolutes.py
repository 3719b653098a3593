"""Absolutes a yes/no claim makes ("only", "fully", "always"): a quote that does not say them
does not say Yes, and one that gives what "only" restricts together with something else
("both in Ukraine and in France" for "only on French soil?") says No."""

from __future__ import annotations

import re
from typing import Any

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.tags import is_nominal
from .language import norm, norms, same_term, words_of
from .lexicon import STOPWORDS

ABSOLUTES = frozenset({"only", "alone", "solely", "exclusively", "entirely", "fully", "completely", "totally",
                       "always", "never", "all", "every", "permanently", "forever", "indefinitely", "whole",
                       "entire", "unanimously", "unanimous"})
EXCLUSIVE = frozenset({"only", "alone", "solely", "exclusively"})
# What an exclusive word restricts: the words after "only"/"solely"/"exclusively", or before "alone".
_EXCLUSIVE = re.compile(r"\b(?:only|solely|exclusively)\s+((?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*(?=[,;?]|$)|"
                        r"\b((?:[\w'’-]+\s+){0,1}[\w'’-]+)\s+alone\b", re.I)
# "in Texas alone" stresses; it does not restrict
_INTENSIFIER = re.compile(r"\bin\s+(?:[\w'’-]+\s+){1,2}alone\b", re.I)


def unsaid_absolutes(claim: str, text: str) -> list[str]:
    """The absolutes ``claim`` makes ("only", "fully") that ``text`` does not: "requires more
    research to understand its impact" does not say the impact is fully understood. Any
    exclusive word says another ("exclusively" says "only")."""
    said = set(re.findall(r"[a-z]+", text.lower()))
    if said & EXCLUSIVE:
        said |= EXCLUSIVE
    return [w for w in re.findall(r"[a-z]+", claim.lower()) if w in ABSOLUTES and w not in said]


def shared_with(question: str, text: str) -> bool:
    """Whether ``text`` gives what ``question`` restricts ("only on French soil", "its
    armed forces alone") together with something else, in the same role: two nouns the
    parse joins ("both in Ukraine and in France", "the tourists as well as the
    islanders"), one of them what the question restricts and the other nothing the
    question says. False without a spaCy pipeline."""
    m = _EXCLUSIVE.search(question)
    if m is None or _INTENSIFIER.search(question):
        return False
    restricted = {norm(w) for w in words_of(m.group(1) or m.group(2)) if w.lower() not in STOPWORDS}
    try:
        nlp = pipeline.load()
    except ConfigError:
        return False
    said = set(norms(question)) | restricted

    def noun(tok: Any) -> Any:  # "in France" is joined as its preposition
        return next((c for c in tok.children if c.dep_ == "pobj"), None) if tok.tag_ == "IN" else tok

    for tok in nlp(text):
        pair = (noun(tok.head), noun(tok)) if tok.dep_ == "conj" else (None, None)
        if any(n is None or not is_nominal(n) for n in pair):
            continue
        for one, other in (pair, pair[::-1]):
            # One side is what the question restricts, and nothing more ("domestic banks" is
            # not "large banks"); the other says nothing the question does.
            restricts = any(same_term(norm(one.lower_), r) for r in restricted)
            if restricts and set(_phrase(one)) <= said and not set(_phrase(other)) & said:
                return True
    return False


def _phrase(tok: Any) -> list[str]:
    """A noun's words with its modifiers ("French Armed Forces"), normalised, stopwords aside."""
    words = [c for c in tok.children if c.dep_ in ("compound", "amod")] + [tok]
    return [norm(w.lower_) for w in words if w.lower_ not in STOPWORDS]
