"""Quotes whose speaker the thread of the story gives, not a verb beside them. News writing attributes a quote once
and lets the next paragraph of quoted words stand alone ("“…,” Lee said." then "“And more.”"), also after reported
speech ("Lee said the plan works." then "“We are sure.”"): the paragraph before must give its speech to one speaker
only and name no one else as a subject after it, else no speaker is given. Also: more quoted words in the sentence
of an attributed quote ("called it “A” that is good at “B”"), and a quote after what someone believes in the same
paragraph ("She believes … “I think …”"). Used by ``quotes.find_quotes`` (``art``: a ``quotes._Article``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import Any

_MARKS = "“\"«‘'"
_STOPS = (".", "?", "!", ":", "”", '"', "’", "'")
# Verbs of belief: a quote after "X believes …" in the same paragraph says what X believes, in X's words.
_THINKING_WORDS = ("believe believes believed think thinks thought feel feels felt hope hopes hoped fear fears "
                   "feared reckon reckons reckoned worry worries worried")
THINKING = frozenset(_THINKING_WORDS.split())


def carried_on(art: Any, quotes: list[Any]) -> list[Any]:
    """``quotes`` (``FoundQuote``s in text order), a direct quote that opens its paragraph with neither verb nor
    speaker given the speaker of the paragraph before when that one speaks for one speaker only."""
    out, text = list(quotes), art.text
    for k, q in enumerate(out):
        if q.kind != "direct" or q.speaker_key is not None or q.verb is not None:
            continue
        line_start = text.rfind("\n", 0, q.start) + 1
        if text[line_start:q.start].strip(" \t" + _MARKS):
            continue  # not opening its paragraph
        prev = _paragraph_before(text, line_start)
        before = [x for x in out[:k] if prev is not None and prev[0] <= x.start < prev[1]]
        keys = {x.speaker_key for x in before}
        if len(keys) != 1 or None in keys:
            continue  # no speech there, someone unsettled, or two speakers
        key = keys.pop()
        if not _someone_else(art, max(x.end for x in before), prev[1], key):  # type: ignore[index]
            out[k] = replace(q, said_as=before[-1].said_as, speaker_key=key)
    return out


def _paragraph_before(text: str, line_start: int) -> tuple[int, int] | None:
    """The span of the paragraph before the one at ``line_start``, past up to two stray lines ("Advertisement", a
    credit: a few words without a stop)."""
    hi, strays = line_start, 0
    while hi > 0 and strays <= 2:
        lo = text.rfind("\n", 0, hi - 1) + 1
        line = text[lo:hi].strip()
        if line and (len(line.split()) > 3 or line.endswith(_STOPS)):
            return lo, lo + len(text[lo:hi].rstrip())
        strays += bool(line)
        hi = lo
    return None


def _someone_else(art: Any, lo: int, hi: int, key: str) -> bool:
    """Whether a subject between characters ``lo`` and ``hi`` (after the paragraph's last speech) is or may be
    someone other than ``key``: "Kim, however, disagreed." moves the thread to Kim."""
    a, b = bisect_left(art.tok_idx, lo), bisect_left(art.tok_idx, hi)
    for i in art.subjects[bisect_left(art.subjects, a):bisect_left(art.subjects, b)]:
        t = art.doc[i]
        named = art.mention(t) is not None or art.is_name(t)
        if (named or t.lower_ in ("he", "she", "they")) and art.resolve(t, False) != key:
            return True
    return False


def runs_on(art: Any, k: int) -> bool:
    """Whether quote ``k`` opens a paragraph that carries on the speech of the paragraph before: that one ends with
    quote ``k - 1`` and at most its attribution ("…,” Foster said during the briefing.") and nothing but a stray line
    ("Advertisement") stands between."""
    text, (start, _, _), (_, prev_end, _) = art.text, art.segs[k], art.segs[k - 1]
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() not in ("", *"“\"«‘'"):
        return False
    rest, *between = text[prev_end:line_start].split("\n")
    stray = all(len(x.split()) <= 3 and not x.rstrip().endswith((".", "?", "!", ":", "”", '"')) for x in between)
    return stray and len(rest.split()) <= 12


def thinker(art: Any, s: int, a: int) -> Any:
    """The verb of belief in sentence ``s`` of the paragraph a lone quote at token ``a`` opens a sentence of: "He
    also believes that … “I think …”" gives the quote to who believes, a person named or a pronoun for one."""
    if s < 0 or not art.prose[s] or "\n" in art.text[art.tok_idx[art.sent_starts[s]]:art.tok_idx[a]]:
        return None
    root = next((art.doc[i] for i in range(art.sent_starts[s], art.sent_starts[s + 1]) if art.heads[i] == i), None)
    if root is None or root.lower_ not in THINKING or art.qid[root.i] >= 0:
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    return root if subj is not None and art.is_person(subj) else None


def follows_on(art: Any, k: int, pv: Any) -> bool:
    """Whether quote ``k``, given by no verb, is more of the words of quote ``k - 1`` (given by ``pv``) in the same
    sentence: "Lee called it “a gift” that is good at “making us all think”". Not when anyone else is a subject or
    speaks between the two, nor for a title ("“The Ballad of Ann Lee”")."""
    if pv is None or not k:
        return False
    (_, b0), (a, b) = art.ranges[k - 1], art.ranges[k]
    start, end, _ = art.segs[k]
    long = [w for w in art.text[start:end].split() if len(w) > 3 and w[0].isalpha()]
    if b <= a or art.sent(b0 - 1) != art.sent(a) or not long or all(w[0].isupper() for w in long):
        return False
    if "\n" in art.text[art.tok_idx[b0 - 1]:art.tok_idx[a]] or art.verbs_between(b0, a):
        return False
    subjects = art.subjects[bisect_left(art.subjects, b0):bisect_left(art.subjects, a)]
    return not any(art.mention(t) is not None or art.is_name(t) or art.is_person(t)
                   for t in (art.doc[i] for i in subjects))
