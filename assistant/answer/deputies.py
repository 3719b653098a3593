"""A second to the role asked for: "Who is the chief executive?" is not answered by
"SpareBank Nord has appointed Kari Haugen as deputy chief executive", nor by "Vice President
X": the title holds every word asked, and one before them that makes it another post. A short
list of such words, where the question does not say one of them itself ("Who is the deputy
mayor?" asks for the deputy)."""

from __future__ import annotations

from collections.abc import Sequence

from .appointed import appointed_as
from .asked import in_commas, title_before
from .language import norm, same_term

_SECONDS = frozenset(norm(w) for w in ("deputy", "vice", "assistant", "associate"))


def second_to(phrase: Sequence[str], text: str, a: int, b: int) -> bool:
    """Whether the name at ``text[a:b]`` is described as second to the role the asked-for
    ``phrase`` (normalised words, the noun last) names: by the title before it, the role it is
    appointed "as", or a role set beside it in commas."""
    if not phrase or any(p in _SECONDS for p in phrase):
        return False
    noun = phrase[-1]
    for words in (title_before(text, a, 4)[::-1], appointed_as(text, a, b)):  # in the order written
        at = next((i for i, w in enumerate(words) if same_term(w, noun)), None)
        if at is not None and any(w in _SECONDS for w in words[:at]):
            return True
    # a role in commas, read either way round ("its deputy chief executive, Kari Haugen,"): a
    # few words up to a stopword, so "deputy" in it is the post's
    words = in_commas(text, a, b)
    return any(same_term(w, noun) for w in words) and any(w in _SECONDS for w in words)
