"""Quoted spans in text: which quote marks open and close, paired per paragraph, in any common style (“…”, "…",
«…», ‘…’, '…'), with single marks told apart from apostrophes. Used by ``quotes``."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

MARK = re.compile(r"[\"“”«»'‘’]")


def _marks(line: str) -> list[tuple[int, str, str, bool]]:
    """(position, family "d"/"s", role "o"/"c"/"b", weak) of each mark in ``line`` that may open or close. Single
    marks double as apostrophes: they open only before a letter after a space and close only after a non-space before
    a non-letter ("don't" is neither); after an "s" ("the ministers' plans") they are weak, used if nothing follows."""
    out = []
    for m in MARK.finditer(line):
        i, c = m.start(), m.group()
        prev, nxt = (line[i - 1] if i else " "), (line[i + 1] if i + 1 < len(line) else " ")
        # A paragraph's first mark opens even when a space follows it (a typo: '" We went'); an opener that ends
        # the paragraph opens nothing: it is a closer mistyped ('… the job. “').
        first, last = not line[:i].strip(), not line[i + 1:].strip()
        can_open = (prev.isspace() or prev in "([{—–-/:") and (not nxt.isspace() or first) and not last
        can_close = (not prev.isspace() or last) and not nxt.isalnum() and not first
        if c in "“«”»" or (c == '"' and (can_open or can_close)):
            both = "b" if can_open and can_close else "o" if can_open else "c"
            out.append((i, "d", "o" if c in "“«" and not last else "c" if c in "“«”»" else both, False))
        elif c in "‘'" and can_open and (nxt.isalpha() or nxt in '"“'):
            out.append((i, "s", "o", False))
        elif c in "’'" and can_close:
            out.append((i, "s", "c", prev in "sS"))
    return out


def _pair(marks: list[tuple[int, str, str, bool]]) -> tuple[list[tuple[int, int]], int | None]:
    """One family's marks paired into (open, close) positions, and an opener left unclosed at the line's end."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for k, (pos, _, role, weak) in enumerate(marks):
        if opened is None:
            opened = pos if role in "ob" else None
        elif role in "cb":
            if not (weak and any(r in "cb" and not w for _, _, r, w in marks[k + 1:])):
                spans.append((opened, pos))
                opened = None
        else:  # a second opener: the first never closed
            opened = pos
    return spans, opened


def segments(text: str) -> list[tuple[int, int, bool]]:
    """Quoted spans (start, end, continued) in text order, without marks, edge spaces or a trailing comma;
    ``continued``: left open at a paragraph's end when the next opens with a fresh mark (a quote that runs on)."""
    parts = text.split("\n")
    lines = list(zip(accumulate((len(p) + 1 for p in parts[:-1]), initial=0), parts, strict=True))
    found: list[tuple[int, int, bool]] = []
    for n, (off, line) in enumerate(lines):
        marks = _marks(line)
        doubles, open_d = _pair([m for m in marks if m[1] == "d"])
        inside = doubles + ([(open_d, len(line))] if open_d is not None else [])
        # Single marks inside a double-quoted span quote someone within the quote: part of it, not a quote.
        singles, open_s = _pair([m for m in marks if m[1] == "s" and not any(a < m[0] < b for a, b in inside)])
        spans = [(a + 1, b, False) for a, b in doubles + singles]
        for opener, family in ((open_d, "“«\""), (open_s, "‘'")):
            after = next((x.lstrip() for _, x in lines[n + 1:] if x.strip()), " ")
            runs_on = opener is not None and after[:1] in family
            # A paragraph that opens a quote and never closes it is all quote (the next may follow a stray line).
            if runs_on or (opener is not None and family[0] == "“" and not line[:opener].strip()):
                spans.append((opener + 1, len(line.rstrip()), runs_on))
        for a, b, cont in spans:
            piece = line[a:b]
            a, b = a + len(piece) - len(piece.lstrip()), b - len(piece) + len(piece.rstrip().rstrip(",").rstrip())
            if b > a and any(ch.isalpha() for ch in line[a:b]):
                found.append((off + a, off + b, cont))
    return sorted(found)


def stray_mark(t: Any) -> bool:
    """A quote mark outside any quoted span, not an apostrophe ending a word ("the Joneses’ house")."""
    if not MARK.fullmatch(t.text):
        return False
    prev = t.doc[t.i - 1] if t.i else None
    return not (t.text in "’'" and prev is not None and prev.idx + len(prev.text) == t.idx and prev.text[-1:] in "sS")
