"""One spaCy parse of a sentence, shared by the rules that read it (whose name describes a noun,
which phrase an asked-for noun heads, who does a verb): the answerer asks them of the same few
sentences again and again."""

from __future__ import annotations

import re
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


_RELATIVE = re.compile(r"\s*(?:which|who|whom|whose|that|where)\b", re.I)


def with_verbs(text: str, start: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clause ``spans`` of a sentence ``text`` (which starts at ``start`` of the text they
    index), a span without a verb joined to the one after it: "Falk, 66, was not in court." is
    one clause, whose subject is not to be read apart from its denial."""
    doc = parsed(text)
    if doc is None:
        return spans
    verbs = [start + t.idx for t in doc if t.tag_.startswith(("VB", "MD"))]
    out: list[tuple[int, int]] = []
    opened: int | None = None  # where verbless spans began, waiting for one with a verb
    for i, (a, b) in enumerate(spans):
        if opened is not None and _RELATIVE.match(text, a - start):
            out.append((opened, spans[i - 1][1]))  # not into a relative clause: "The budget, which must …"
        elif opened is not None:
            a = opened
        opened = None if any(a <= v < b for v in verbs) or i == len(spans) - 1 else a
        if opened is None:
            out.append((a, b))
    return out
