"""Sentences that are no evidence: what a correction says an earlier article got wrong, and
questions.

A correction notice repeats the error before it sets it right ("An article on 9 June said the
project was paid for by the county council. In fact, …"). Quoting the first sentence as an
answer would give the very claim the outlet withdrew, and look sourced. A question ("Q: What
will you play first?") asserts nothing and answers nothing.
"""

from __future__ import annotations

import re

# The notice's own heading: "Correction: …", "Corrections and clarifications".
_NOTICE = re.compile(r"\s*(?:corrections?|clarifications?|correction and clarification)\b", re.I)
# What the earlier piece said, as the notice recounts it.
_RECOUNTED = re.compile(
    r"\b(?:article|report|story|headline|caption|piece|version|graphic|we|it)\b[^.;]{0,120}?"
    r"\b(?:said|stated|reported|wrote|suggested|claimed|described|gave|referred|named|called|implied)\b", re.I)
# The same anywhere, where the outlet says of itself that it said it wrongly ("The minister wrongly said …"
# is someone else's claim, reported, and stays evidence of what was said).
_WITHDRAWN = re.compile(
    r"\b(?:earlier|previous|original) version of this (?:article|story|report)\b|"
    r"\b(?:we|(?:this|the|an?)\s+(?:article|story|report))\s+(?:\w+\s+){0,3}?(?:incorrectly|wrongly|mistakenly|"
    r"erroneously)\s+(?:said|stated|reported|wrote|described|named|gave)\b", re.I)
_SETS_RIGHT = re.compile(r"\b(?:misspel\w*|in fact|actually|correct\w*)\b", re.I)


def retracted(title: str, text: str) -> bool:
    """Whether ``text``, a sentence of a passage titled ``title``, recounts a claim the
    passage withdraws: a correction notice's account of what was published, or a sentence
    saying it was said wrongly. The sentence that sets it right ("In fact, …", "We also
    misspelled the name of the architect, Ines Varga") stays evidence."""
    if _SETS_RIGHT.search(text):
        return False
    return bool(_WITHDRAWN.search(text) or (_NOTICE.match(title or "") and _RECOUNTED.search(text)))


def asks(text: str) -> bool:
    """Whether the sentence is a question (an interviewer's, a rhetorical one): it states nothing."""
    return text.rstrip(" \"'”’)").endswith("?")

