"""A name that opens the phrase of the noun a "Which …?" question asks for: "School" of
"School roof repairs delayed" answers "Which repairs …?" as "School roof repairs"."""

from __future__ import annotations

from .language import norm, same_term, tokens
from .lexicon import STOPWORDS


def opens_phrase(text: str, end: int, noun: str | None) -> tuple[int, bool]:
    """Whether the name ending at ``end`` opens the phrase of the asked-for ``noun``, and where
    its answer ends: "School" of "School roof repairs delayed", for "which repairs", answers
    as "School roof repairs"; "SAMP/T" of "SAMP/T and Crotale air defence systems" is one of
    the systems but keeps its own words. No small word or other mark between, at most eight
    words; (``end``, False) when the noun does not follow."""
    if not noun:
        return end, False
    joined, at = False, end
    for count, (word, a, b) in enumerate(tokens(text[end:end + 160])):
        a, b = end + a, end + b
        gap, low = text[at:a].strip(" -"), word.lower()
        if count >= 8 or gap not in ("", ",") or (gap == "," and count and not joined):
            break
        joined = joined or gap == "," or low in ("and", "or")
        if low in ("and", "or"):
            at = b
            continue
        if low in STOPWORDS:
            break
        at = b
        if same_term(noun, norm(word)):
            return (end, True) if joined else (b, True)
    return end, False
