"""Clauses: the parts of a question, and the clause spans of a sentence.

A multi-hop question asks for one fact per clause ("…who X, and Y, while Z…"), so
retrieval matches each clause on its own; an answer quotes the clauses of a sentence
that hold what was asked rather than the whole sentence.
"""

from __future__ import annotations

import re

_CLAUSE_SPLIT = re.compile(
    r"[,;:?!()]|\s(?:and|while|but|whereas|after|before|who|which|that|whose|as reported by|according to)\s",
    re.IGNORECASE)


def split_clauses(question: str, min_words: int = 3) -> tuple[str, ...]:
    """The question's clauses ("…who X, and Y, while Z…"): a multi-hop question asks for
    one fact per clause, so each clause is matched on its own as well."""
    parts = [" ".join(p.split()) for p in _CLAUSE_SPLIT.split(question)]
    return tuple(p for p in parts if len(p.split()) >= min_words)


_CLAUSE_CUT = re.compile(r"(?<=[,;:])[\"”’']?\s+|\s+(?=[–—]\s)|\s+(?=-\s)|\s+(?=but\s)|\s+(?=while\s)")


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of ``text[start:end]``, cut after , ; : and before dashes and "but"."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE_CUT.finditer(text, start, end):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip():
        spans.append((pos, end))
    # a clause opening with a dash or "but" keeps it; strip only the spaces around
    out = []
    for a, b in spans:
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip(" –—-"))
        b -= len(piece) - len(piece.rstrip(" ,;:"))
        if b > a:
            out.append((a, b))
    return out


def past_open_quote(text: str, start: int, at: int, end: int) -> int:
    """``at``, or just past the closing mark of a double quotation that ``text[start:at]``
    opens and leaves open, where it closes before ``end``: a quote cut inside the words
    someone said ("added that “no decision") puts a different claim in their mouth."""
    piece = text[start:at]
    curly = piece.count("“") > piece.count("”")
    straight = piece.count('"') % 2 == 1
    if not (curly or straight):
        return at
    close = text.find("”" if curly else '"', at, end)
    return at if close < 0 else close + 1


_JOINED_ON = re.compile(r"(?:[-‑][^\W_][\w'’]*)*")


def word_end(text: str, at: int, end: int) -> int:
    """``at`` moved past the rest of a hyphenated word it falls inside ("a Toulouse|-based
    drone maker" ends after "-based"): a quote cut there says a place is a thing."""
    return _JOINED_ON.match(text, at, end).end()  # type: ignore[union-attr]
