"""Who a deed was done to, named as the question names them: of "The Gulating Court of
Appeal cleared former Lindvik mayor Arne Solheim", Solheim is the "former mayor" that "Who
cleared the former mayor?" asks about, so no answer to it; the court is. And who is yet to
become what a question asks someone is: of "Eirin Sund is expected to become mayor,
replacing Kari Nessa", Sund is no answer to "Who is the current mayor?".
"""

from __future__ import annotations

import re

from .asked import title_before
from .language import norm

_COPULAS = frozenset({"is", "was", "are", "were", "be", "been", "s"})
_WHO_DID_TO = re.compile(r"^\W*who\s+([a-z]+)\s+(?:the|a|an)\s+(?:[a-z][\w-]*\s+){0,3}?([a-z][\w-]*)\W*$", re.I)


def the_undergoer(question: str, text: str, start: int) -> bool:
    """Whether the name at ``text[start]`` is titled by the noun that "Who VERB the NOUN?"
    asks about ("former Lindvik mayor Arne Solheim" for "Who cleared the former mayor?"); not
    where the noun is whose title it is ("Union leader Tor Berge" for "Who leads the union?")."""
    m = _WHO_DID_TO.match(question)
    if m is None or m.group(1).lower() in _COPULAS:
        return False
    return norm(m.group(2).lower()) in title_before(text, start, 1)


_NOW_ASKED = re.compile(r"^\W*who\s+(?:is|are)\s+(?:the\s+)?", re.I)
_LATER_ASKED = re.compile(r"\b(?:will|would|expected|new|next|future|incoming|likely)\b", re.I)
_TO_BECOME = re.compile(r"(?:[,\s]+[\w'’.-]+){0,3}?\s+(?:(?:is|are)\s+(?:expected|set|due|likely|tipped|poised)\s+to|"
                        r"will|would|is\s+to)\s+become\b")


def yet_to_become(question: str, text: str, end: int) -> bool:
    """Whether the name ending at ``text[end]`` is said to become what "Who is the …?" asks
    someone is now ("Eirin Sund is expected to become mayor" for "Who is the current mayor?")."""
    return bool(_NOW_ASKED.match(question) and not _LATER_ASKED.search(question) and _TO_BECOME.match(text, end))
