"""Whose figure a question asks for: "How many marched, according to police?" is answered
only by a quote that names the police, its report's title or its outlet; a crowd of
"thousands" the police did not count is no answer."""

from __future__ import annotations

import re
from typing import Any

from .language import norm, norms, same_term, tokens
from .lexicon import STOPWORDS

_ACCORDING = re.compile(r"\baccording to\s+([^,?;]+)|\b(?:did|do|does)\s+((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)\s+"
                        r"(?:say|estimate|put|count|report|claim)\b", re.I)  # "How many did the police say marched?"


# Who is called by a name in the text, not by this noun: "How many will the company hire?" is
# answered by "Volvo said it would hire 500".
_CALLED_OTHERWISE = frozenset({"company", "firm", "group", "government", "ministry", "minister", "club", "team"})


def teller(question: str) -> list[str]:
    """The words of whoever the question asks a figure by, normalised ("polic"), or none."""
    m = _ACCORDING.search(question)
    if m is None or (m.group(2) and set(m.group(2).lower().split()) & _CALLED_OTHERWISE):
        return []
    return [norm(w) for w, _, _ in tokens(m.group(1) or m.group(2)) if w.lower() not in STOPWORDS]


def told_by(question: str, sent: Any) -> bool:
    """Whether the sentence, its report's title or outlet names whoever the question asks a
    figure by ("according to police"): a crowd of "thousands" is not the police's count."""
    wanted = teller(question)
    hit = getattr(sent, "hit", None)
    said = set(norms(" ".join([sent.text, getattr(hit, "title", "") or "", getattr(hit, "outlet", "") or ""])))
    return not wanted or any(any(same_term(w, s) for s in said) for w in wanted)
