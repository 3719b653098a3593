"""A sentence saying that who did it is not named ("The woman, who does not want to be named,
bought the ticket", "did not name the buyer"): where the best quote says so and names no one,
a name from a weaker quote is no answer."""

from __future__ import annotations

import re

from .language import Question, norm
from .lexicon import STOPWORDS

WITHHELD = re.compile(
    r"\b(?:(?:not|n't|never)\s+(?:want|wish)\s+to\s+be\s+(?:named|identified)|"
    r"(?:has|have|had|was|were|is|are)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:named|identified)|"
    r"(?:did|does|do|would|will|could)\s+not\s+(?:name|identify|disclose|reveal)|"
    r"(?:declined|refused|asked\s+not)\s+to\s+(?:name|identify|disclose|be\s+named|be\s+identified)|"
    r"unnamed|anonymous|unidentified|undisclosed)\b", re.I)


def withholds(text: str) -> bool:
    """Whether ``text`` says someone's name is withheld."""
    return WITHHELD.search(text) is not None


def withheld_asked(q: Question, text: str) -> bool:
    """Whether ``text`` says the name the question asks for is withheld, naming the question's
    noun right after ("The auction house did not name the buyer" for "Who was the buyer?")."""
    m = WITHHELD.search(text)
    return m is not None and any(q.has(norm(w), own=True) for w in re.findall(r"[a-z]+", text[m.end():m.end() + 30])
                                 if w not in STOPWORDS)
