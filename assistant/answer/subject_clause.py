"""The clause of a sentence that speaks of a yes/no question's subject.

"Brann went top with a 3-1 win at Viking, while Molde lost 2-0 at home to Tromso" says
"win" of Brann: "Did Molde win?" is decided by the clause naming Molde ("Molde lost"),
No, not by the one saying the question's verb. Likewise "Food prices rose 5.1%, while
electricity prices fell 12%" answers "Did electricity prices rise?" No.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .language import norm, norms, tokens
from .lexicon import STOPWORDS
from .parsed import parsed

_AUXILIARIES = frozenset({"did", "does", "do", "has", "have", "had", "is", "are", "was", "were", "will", "would",
                          "can", "could", "should", "may", "might"})


_POINTING = re.compile(r"\b(?:he|she|it|they|him|her|them|his|its|their|which|who|whom|whose)\b", re.I)


def asked_subject(question: str, verb: str | None) -> tuple[str, ...]:
    """The normalised words between a yes/no question's opening auxiliary and its ``verb``
    ("Did electricity prices rise?" -> ("electr", "price")); () where there are none."""
    words = [w for w, _, _ in tokens(question)]
    if verb is None or not words or words[0].lower() not in _AUXILIARIES:
        return ()
    at = next((i for i, w in enumerate(words[1:], 1) if norm(w.lower()) == verb), None)
    if at is None:
        return ()
    return tuple(n for w in words[1:at] if w.lower() not in STOPWORDS and (n := norm(w.lower())))


def subject_clause(question: str, verb: str | None, parts: Sequence[str], saying: Sequence[str]) -> str | None:
    """The one clause of ``parts`` holding every word of the question's subject, where the
    clauses saying its verb (``saying``) do not, nor point back to it: that clause speaks of
    the subject, the others of something else. None where no such clause stands apart."""
    subject = asked_subject(question, verb)
    if not subject or not saying:
        return None
    if any(_POINTING.search(p) for p in saying):
        return None  # "A man was arrested, but police said he was not a suspect": he is the man
    holding = [p for p in parts if set(subject) <= set(norms(p))]
    if len(holding) != 1 or any(set(subject) <= set(norms(p)) for p in saying) or not all(
            _subject_said(p) for p in saying):
        return None  # "…, beating last year's record", "… but added that": the subject is the sentence's
    at = _verb_at(holding[0])
    if at is None or not set(subject) <= set(norms(holding[0][:at])):
        return None  # "Per Olsen, 49, who ran …": a name alone; "visitors came to the festival": not its subject
    return holding[0]


def _subject_said(part: str) -> bool:
    """Whether ``part`` has a subject of its own before its first finite verb ("while Molde
    lost"; not "but added that …", whose subject is the sentence's)."""
    doc = parsed(part)
    verb = next((t for t in doc if t.tag_ in ("VBD", "VBZ", "VBP", "MD")), None) if doc is not None else None
    return verb is not None and any(t.tag_.startswith(("NN", "PRP")) for t in doc[:verb.i])


def _verb_at(part: str) -> int | None:
    """Where ``part`` says something of its own: its first finite verb (not "finished in 1989"
    of "The concert hall, finished in 1989, won …"); None where it has none."""
    doc = parsed(part)
    return next((t.idx for t in doc if t.tag_ in ("VBD", "VBZ", "VBP", "MD")), None) if doc is not None else None
