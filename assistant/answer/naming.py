"""Names given as what something is called: "formerly called Nordlink Shipping", "renamed
Fjordline", "(formerly Ukroboronprom State Concern)": what "What was X renamed?" and "What is
it now called?" ask for, where a name merely quoted beside the thing is no answer."""

from __future__ import annotations

import re

from .language import Question, norm

_RENAMED = re.compile(r"\b(?:renamed|now called|now known as|new name|called now)\b", re.I)
_FORMERLY = re.compile(r"\s*[(,]\s*(?:formerly|previously)\s+(?:called\s+|known as\s+|named\s+)?([A-Z][\w'’-]+)")

_CALLED = re.compile(r"\b(?:called|named|renamed|known as|dubbed|titled|rebranded as)\s+(?:the\s+)?$", re.I)
_FORMER = re.compile(r"\b(?:formerly|previously|once|originally)\s+$", re.I)  # an old name, for "formerly called?"
_ASKS_FORMER = re.compile(r"\b(?:formerly|previously|originally|before|once|used to be)\b", re.I)


def called(q: Question, text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is given as a name, as "What was X renamed?"
    or "What is it now called?" asks: after "called", "renamed" …, or before "(formerly X)";
    after "formerly" only where the old name is asked for. A name merely quoted beside the
    thing ("Engineers from Harlan & Vos told the Courier") is not what the Courier is called."""
    before = text[max(0, start - 30):start]
    return bool(_CALLED.search(before) or (_ASKS_FORMER.search(q.text) and _FORMER.search(before))
                or renamed(q, text, end))


def renamed(q: Question, text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is the new name of the one "What was X renamed?"
    or "Which company was formerly called X?" asks about: "Ukrainian Defence Industry
    (formerly Ukroboronprom State Concern)"."""
    m = _FORMERLY.match(text, end) if _RENAMED.search(q.text) or _ASKS_FORMER.search(q.text) else None
    return m is not None and q.has(norm(m.group(1)), own=True)
