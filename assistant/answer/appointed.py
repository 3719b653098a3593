"""The role a name is given "as", or said to hold: "Equinor has appointed Marte Lund, currently
head of its renewables unit, as chief financial officer" describes Marte Lund as the new
finance chief, and "Labour remained the largest party" Labour as a party, though no title
stands before either name (``asked.described`` reads these beside the title)."""

from __future__ import annotations

import re

from .language import norm, tokens
from .lexicon import STOPWORDS

# The verbs that give someone a role: who they take it is the name right after them.
_GIVES_ROLE = re.compile(r"\b(?:appoint(?:ed|s)?|name[ds]?|elect(?:ed|s)?|hire[ds]?|promote[ds]?|nominate[ds]?|"
                         r"chos(?:e|en)|choose[s]?|pick(?:ed|s)?|install(?:ed|s)?|select(?:ed|s)?|confirm(?:ed|s)?)\s+"
                         r"(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?)?$", re.I)  # … or the title it holds now between
# "…, currently head of its renewables unit, as chief financial officer": one aside in commas may come between
_AS = re.compile(r"(?:\s*,[^,;.\"“”]{1,70},)?\s+as\s+(?:(?:the|its|their|his|her|a|an)\s+)?")
_BREAK = re.compile(r"[,;:.!?()\[\]\"“”–—]|\s(?:from|with|in|at|on|after|until|to|and|but)\s")


# "Labour remained the largest party", "Tine is the biggest dairy": what the name is, said right after it
_IS = re.compile(r"\s+(?:is|was|are|were|remains|remained|becomes|became|has\s+become|is\s+now|was\s+once)\s+"
                 r"(?:(?:the|a|an|its|their)\s+)")


def said_to_be(text: str, a: int, b: int, most: int = 4) -> list[str]:
    """The normalised words (up to ``most``, up to a stopword) of what the name at
    ``text[a:b]`` is said to be right after it ("the largest party" of "Labour remained the
    largest party in Bergen")."""
    m = _IS.match(text, b)
    return _words(text, m.end(), most) if m else []


def leading_words(words: list[str], most: int) -> list[str]:
    """Up to ``most`` of ``words``, normalised, up to the first stopword ("a partner of …")."""
    out: list[str] = []
    for w in words[:most]:
        if w.lower() in STOPWORDS:
            break
        out.append(norm(w))
    return out


def _words(text: str, at: int, most: int) -> list[str]:
    return leading_words([w for w, _, _ in tokens(_BREAK.split(text[at:at + 80])[0])], most)


def appointed_as(text: str, a: int, b: int, most: int = 4) -> list[str]:
    """The normalised words (up to ``most``, up to a stopword) of the role the name at
    ``text[a:b]`` is given by a verb that gives roles right before it; none otherwise
    ("Lund joined Equinor as a trainee" is no appointment)."""
    if not _GIVES_ROLE.search(text, max(0, a - 50), a) or not (m := _AS.match(text, b)):
        return []
    return _words(text, m.end(), most)
