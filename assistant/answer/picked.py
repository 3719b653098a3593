"""Which of a quote's finds the question picks: the number or place a sentence says is the one
asked ("record of 19,000", "particularly targeting Moscow"), the places listed in one run with
the first ("trained in France or in Poland"), and what the question sets aside ("Besides
Norway's defence minister, which other …?")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .figures import named_number
from .language import Question, norm, tokens
from .lexicon import STOPWORDS
from .relation import near_asked, verbs_object

_BESIDES = re.compile(r"\b(?:besides|apart from|aside from|other than|in addition to|along with|except)\s+([^,?;]+)",
                      re.I)


def set_aside(question: str) -> tuple[str, ...]:
    """The normalised words of what the question sets aside: "Besides Norway's defence
    minister, which other …?" -> ("norway", "defens", "minist"); () when it sets nothing aside."""
    m = _BESIDES.search(question)
    if not m:
        return ()
    return tuple(dict.fromkeys(norm(w) for w, _, _ in tokens(m.group(1)) if w.lower() not in STOPWORDS))


_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?:(?:in|at|near)\s+)?(?:the\s+)?")


def joined(sent: Any, first: Any, found: Sequence[Any], spans: Sequence[tuple[int, int]]) -> list[str]:
    """The places quoted right after ``first`` in one list with it: "trained in France or in
    Poland" is where they were trained, not France alone."""
    out, end = [], first.end
    for f in sorted(found, key=lambda f: f.start):
        if f.start < end:
            continue
        a, b = sent.start + f.start, sent.start + f.end
        if not _JOINED.fullmatch(sent.text[end:f.start]) or not any(sa <= a and b <= sb for sa, sb in spans):
            break
        out.append(sent.text[f.start:f.end])
        end = f.end
    return out


def said_of(q: Question, text: str, found: Any, acted: str | None) -> bool:
    """Whether ``text`` says the number or place ``found`` is what the question asks, before
    any other it gives: a number a question word names ("record of 19,000"), the place the
    question's verb (``acted``) takes ("particularly targeting Moscow")."""
    if q.kind in ("quantity", "money"):
        return named_number(q, text, found, acted)
    if q.kind == "date" and (since := _SINCE_WHEN.match(q.text)):
        # "Since when had Berg held the post?": 2022 of "who had held the post since 2022", not the day he left
        return re.search(rf"\b{since.group(1)}\s+(?:the\s+)?$", text[max(0, found.start - 12):found.start],
                         re.I) is not None or text[found.start:found.end].lower().startswith(since.group(1).lower())
    if q.kind == "date":
        return near_asked(q.text, text, found.start)  # "deliveries from 2029", not the dividend's "this year"
    return q.kind == "place" and verbs_object(acted, text, found.start)


_SINCE_WHEN = re.compile(r"\W*(since|until|till|from) when\b", re.I)
