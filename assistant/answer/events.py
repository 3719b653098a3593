"""A question that asks when an event a noun names happened ("When did the arrest happen?"):
its date is the one said of that noun ("during an arrest in 2024"), not one said of another
deed in a sentence that names it ("suspended since the arrest and left the force last year")."""

from __future__ import annotations

import re

from .language import norm
from .parsed import parsed

_EVENT = re.compile(r"^\W*when\s+(?:did|does|do|will|was|is|were)\s+(?:the|a|an|this|that|their|its|his|her)\s+"
                    r"(?:[\w-]+\s+){0,2}?([a-z]+)\s+(?:happen|take\s+place|occur)\b", re.I)


def event_noun(question: str) -> str | None:
    """The noun naming the event a when-question asks of, as ``norm`` gives it, or None."""
    m = _EVENT.match(question)
    return norm(m.group(1)) if m else None


def dated_elsewhere(question: str, text: str, start: int) -> bool:
    """Whether the date at ``text[start]`` dates another deed than the event the question
    names, in a sentence that names the event: it hangs from a verb whose subject is not the
    event's noun, before reaching that noun up the parse."""
    noun = event_noun(question)
    doc = parsed(text) if noun else None
    events = [t for t in doc if norm(t.text) == noun] if doc is not None else []
    tok = next((t for t in doc if t.idx >= start), None) if events else None
    while tok is not None and tok.head.i != tok.i:
        tok = tok.head
        if any(tok.i == e.i for e in events):
            return False  # "during an arrest in 2024"
        if tok.tag_.startswith("VB"):
            # "The arrest took place on Monday": the event is the verb's subject
            return not any(e.head.i == tok.i and e.dep_.startswith("nsubj") for e in events)
    return False
