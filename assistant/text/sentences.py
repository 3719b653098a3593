"""Sentences: where they start and end in a text, without a model.

Each span is a verbatim slice of the text (offsets, never copies), so a quote taken
from a sentence can be found in its file again.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "st", "jr", "sr", "inc",
    "co", "corp", "ltd", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "col", "lt",
    "sgt", "capt", "maj", "adm", "rev", "fig", "approx", "dept", "est", "mt", "ft",
}


# A sentence ends at . ! or ? (plus closing quotes or brackets) before whitespace and a
# capital, digit or opening quote.
_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


# No sentence is longer than this: a "sentence" of megabytes (a file that is one line of
# words with no full stop, a 200,000-character "word") is cut here first, so that the
# tokenizer only ever sees short texts and every step stays linear. Real sentences are far
# shorter; a chunk of 240 word pieces is about 1,200 characters of news text.
MAX_SENTENCE_CHARS = 2_000


# Characters looked at before a possible sentence end, to see whether it is an
# abbreviation ("Mr.", "U.S."): every abbreviation is far shorter.
_LOOKBACK = 32


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``; lines are never joined into one sentence,
    and a sentence over ``MAX_SENTENCE_CHARS`` is cut (at a space when there is one).
    Linear in the length of the text.

    >>> t = "Mr. Smith went to Paris. He met Dr. Jones there.\\nNext line"
    >>> [t[a:b] for a, b in split_sentences(t, 0, len(t))]
    ['Mr. Smith went to Paris.', 'He met Dr. Jones there.', 'Next line']
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        s = line_start
        for m in _BOUNDARY.finditer(text, line_start, line_end):
            # Only the word before the stop: rescanning from the sentence start made a line
            # of many "Mr. Smith" (no cut, ever) quadratic.
            word = re.search(r"(\S+)$", text[max(s, m.start() + 1 - _LOOKBACK):m.start() + 1])
            token = word.group(1).rstrip(".").lower().strip("\"'“‘(") if word else ""
            # "J. Smith", "Mr. Smith", "U.S. officials": not sentence ends
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            cut = m.end()
            _add_sentence(text, s, cut, spans, lstrip=False)
            s = cut
        _add_sentence(text, s, line_end, spans, lstrip=True)
    return spans


def _add_sentence(text: str, a: int, b: int, spans: list[tuple[int, int]], lstrip: bool) -> None:
    """Append ``text[a:b]`` without trailing (and with ``lstrip`` leading) whitespace, in
    pieces of at most ``MAX_SENTENCE_CHARS``; nothing when it is blank."""
    piece = text[a:b]
    stripped = piece.strip()
    if not stripped:
        return
    b = a + len(piece.rstrip())
    if lstrip:
        a += len(piece) - len(piece.lstrip())
    while b - a > MAX_SENTENCE_CHARS:
        limit = a + MAX_SENTENCE_CHARS
        # The last space in the second half of the window, else a hard cut (one long "word").
        cut = text.rfind(" ", a + MAX_SENTENCE_CHARS // 2, limit)
        if cut <= a:
            cut = limit
        head = text[a:cut].rstrip()
        spans.append((a, a + len(head)))
        rest = text[cut:b]
        a = cut + len(rest) - len(rest.lstrip())
    spans.append((a, b))
