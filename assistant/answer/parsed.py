"""One spaCy parse of a sentence, shared by the rules that read it (whose name describes a noun,
which phrase an asked-for noun heads, who does a verb): the answerer asks them of the same few
sentences again and again."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..knowledge import nlp as pipeline

LIMIT = 400  # characters read: a sentence, and never a hostile megabyte


@lru_cache(maxsize=256)
def parsed(text: str) -> Any:
    """The knowledge layer's spaCy parse of ``text`` (its first ``LIMIT`` characters, no
    entities), or None where no pipeline is installed."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return None
    return nlp(text[:LIMIT], disable=["ner"])


def last_word(text: str, start: int, end: int, *, possessive: bool = True) -> Any:
    """The last word of the parse of ``text`` within ``text[start:end]`` (a name), or None;
    without ``possessive``, the word before a possessive's "'s" ("Rovers" of "Rovers'")."""
    doc = parsed(text)
    return None if doc is None else next(
        (t for t in reversed(doc) if start <= t.idx < end and (possessive or t.dep_ != "case")), None)


def verb_above(tok: Any) -> Any:
    """The nearest verb ``tok`` hangs from, up its heads (not ``tok`` itself); None where none is."""
    while tok.head.i != tok.i and not tok.head.tag_.startswith("VB"):
        tok = tok.head
    return tok.head if tok.head.i != tok.i else None
