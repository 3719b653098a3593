"""Which came first: "Did A report X before B reported Y?", decided by the dates.

The question is cut at its "before"/"after" into two parts, each naming the outlet whose
report it means; each part's article is the article of that outlet, among the passages
found, that best holds the part's words. A question about what the reports say ("was
the reporting consistent before …", "before Halloween") is not one the dates decide,
and is left alone. The answer is Yes or No (Before or After for "before or after")
from the two articles' publication dates, and the explanation quotes each article's best sentence with its
date. No answer (None) when a part has no article that holds enough of its words, both
parts find the same article, or the dates do not settle the order (missing or the same
day). The first report denied ("did A fail to report X before B …?") flips the answer:
A's dated report before B's says No. A report whose article gives a number of its part
otherwise ("over $400 off" for "less than $400 off") did not report it: No, whatever the
dates, quoting where it says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..knowledge.names import fold
from .compose import named_outlets
from .contrast import figures_against
from .language import main_clause, norms, read_question, same_term
from .mentions import numbers

_ORDER = re.compile(
    r"^\s*(?:did|was|were|is|are|does|do|has|have|had)\b(?P<left>.+?)\b(?P<word>before or after|after or before|"
    r"before|after|prior to|earlier than|later than)\b(?P<right>.+)$", re.IGNORECASE | re.DOTALL)
_EARLIER = {"before", "prior to", "earlier than"}
# A question about what the reports say, not only when ("was the reporting consistent
# before …", "did X not fail to win … before …", "not … until after …"): the dates do not
# decide it. One denial of the first report is read (``_DENIED``), not more.
_ABOUT_CONTENT = re.compile(r"\b(?:consisten\w*|inconsisten\w*|chang\w*|differ\w*|same|similar\w*|both|while|"
                            r"unlike|whereas|fail\w*|agree\w*|disagree\w*|contradict\w*|not|never|no|"
                            r"until|till)\b", re.I)
# "Did A fail to report X before B …?", "Was X not discussed by A before …?": the first
# report denied, which the dates answer as the opposite of the plain question.
_DENIED = re.compile(r"\b(?:fail(?:s|ed)?\s+to|not|never)\b", re.I)
_CLOSING = re.compile(r"\b(?:reported|published|covered|discussed|mentioned|described|announced)"
                      r"\s+(?:by|in|on)\s+(.+)$")
OPENING_WORDS = 4  # before the second outlet's name
MIN_HELD = 0.5  # of a part's (weighted) words, held by its article's best sentence and title


@dataclass(frozen=True)
class Order:
    """The two parts' articles (best sentence of each, in the question's order) and the answer."""

    short: str  # "Yes" or "No"
    first: Any  # the extractive answerer's Sentence for the part before the "before"/"after"
    second: Any


def asks_order(question: str, sentences: Sequence[Any]) -> re.Match[str] | None:
    """Whether ``question`` asks which of two reports came first (its parts, as a match),
    whatever the dates found: what each report says does not answer it."""
    asked = main_clause(question)  # "According to the ledger, did A report … before B …?"
    m = _ORDER.match(asked)
    if m is None or not sentences:
        return None
    left = _DENIED.sub(" ", m.group("left"), count=1)  # one denial of the first report is read, not more
    if _ABOUT_CONTENT.search(left) or _ABOUT_CONTENT.search(m.group("right")) \
            or (left != m.group("left") and " or " in m.group("word")):
        return None
    outlets = {fold(s.hit.outlet) for s in sentences if s.hit.outlet and len(s.hit.outlet) > 2}
    # "before Fortune reported …", "before a report from The Verge …", not "before Halloween":
    # the second report's outlet opens the second part.
    right = re.sub(r"[^\w\s|&.-]", " ", fold(m.group("right"))).split()
    opening = " ".join(right[:OPENING_WORDS + 3])
    if any(o in opening for o in outlets):
        return m
    # "… before Y was reported by The Age?": the outlet closes the part, after a verb of reporting
    closing = _CLOSING.search(" ".join(right))
    named = closing.group(1).strip(" .") if closing else ""
    return m if named and (named in outlets or named.removeprefix("the ") in outlets) else None


def order(question: str, sentences: Sequence[Any]) -> Order | None:
    """The answer to a before/after question about two reports, or None (see the module)."""
    m = asks_order(question, sentences)
    if m is None:
        return None
    hits = [s.hit for s in sentences]
    words = [norms(f"{s.hit.title} {s.text}") for s in sentences]  # read once for both parts
    left = _article(m.group("left"), sentences, hits, words)
    right = _article(m.group("right"), sentences, hits, words)
    if left is None or right is None or left.hit.doc == right.hit.doc:
        return None
    a, b = (left.hit.date or "")[:10], (right.hit.date or "")[:10]
    if len(a) < 10 or len(b) < 10 or a == b:
        return None
    word = " ".join(m.group("word").lower().split())
    if " or " in word:  # "… before or after …?"
        return Order("Before" if a < b else "After", left, right)
    denied = _DENIED.search(m.group("left")) is not None
    if not denied:  # a report that gives the number otherwise did not report what the part says
        if (other := _figured_otherwise(m.group("left"), left, sentences)) is not None:
            return Order("No", other, right)
        if (other := _figured_otherwise(m.group("right"), right, sentences)) is not None:
            return Order("No", left, other)
    return Order("Yes" if ((a < b) == (word in _EARLIER)) != denied else "No", left, right)


def _figured_otherwise(part: str, chosen: Any, sentences: Sequence[Any]) -> Any | None:
    """The sentence of ``chosen``'s article that gives a number of ``part`` otherwise ("over
    $400 off" for "less than $400 off", "40 beds" for "50 beds"), when none of its sentences
    found gives it as the part does; else None."""
    if not numbers(part):
        return None
    found = [(figures_against(part, s.text), s) for s in sentences if s.hit.doc == chosen.hit.doc]
    if any(verdict is None for verdict, _ in found):
        return None
    return next((s for verdict, s in found if verdict == "other"), None)


def _article(part: str, sentences: Sequence[Any], hits: Sequence[Any], words: Sequence[list[str]]) -> Any | None:
    """The sentence, of the article best holding ``part``'s words, that holds most of them
    (``words``: each sentence's, with its title's)."""
    outlets = named_outlets(part, hits)
    if not outlets:  # each part says whose report it is: "Did Reuters report … before AP …"
        return None
    named = {w for o in outlets for w in norms(o)}  # the outlet's name is not what it reported
    terms = [t for t in read_question(part).terms if t.norm not in named]
    total = sum(t.weight for t in terms)
    if not total:
        return None
    best, best_held = None, 0.0
    for s, have in zip(sentences, words, strict=True):
        if s.hit.outlet not in outlets:
            continue
        held = sum(t.weight for t in terms if any(same_term(t.norm, w) for w in have)) / total
        if held > best_held:
            best, best_held = s, held
    return best if best_held >= MIN_HELD else None
