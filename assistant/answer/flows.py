"""A figure of part of what a question asks about: "Exports to China rose by 40%" gives
China's exports, not the exports "How much did exports rise?" asks about, where the
question names no China. Only a flow's direction is read ("to China", "from Asia"): a
place that merely sets the scene ("Sales in Norway") is often the whole story's.
"""

from __future__ import annotations

import re

from .language import norm, tokens

# A plural common noun, flowing: "Exports to China", "Visitors from Germany" (not "a nurse from Tromso", who is
# one, nor "Leo Santos from Porto")
_FLOW = re.compile(r"(?:\b|^)((?:(?<=^)[A-Z])?[a-z]+s)\s+(to|from)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def narrower(question: str, text: str, start: int) -> bool:
    """Whether the figure at ``text[start]`` is said of a question's noun narrowed by a flow's
    direction to a name the question does not give ("Exports to China rose by 40%" for "How
    much did exports rise?")."""
    asked = {norm(w.lower()) for w, _, _ in tokens(question)}
    for m in _FLOW.finditer(text, 0, start):
        if norm(m.group(1).lower()) in asked and not {norm(w.lower()) for w in m.group(3).split()} & asked:
            return True
    return False
