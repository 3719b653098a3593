"""A figure of part of what a question asks about: "Exports to China rose by 40%" gives
China's exports, not the exports "How much did exports rise?" asks about, where the
question names no China; "Foreign visitors fell by 12%" gives some of the visitors. Only a
flow's direction ("to China", "from Asia") and the words that split a whole by origin or kind
("foreign", "domestic", "Norwegian") are read: a place that merely sets the scene ("Sales in
Norway") is often the whole story's.
"""

from __future__ import annotations

import re

from .demonyms import DEMONYMS
from .language import norm, tokens

# A plural common noun, flowing: "Exports to China", "Visitors from Germany" (not "a nurse from Tromso", who is
# one, nor "Leo Santos from Porto")
_FLOW = re.compile(r"(?:\b|^)((?:(?<=^)[A-Z])?[a-z]+s)\s+(to|from)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


_SPLITTING = r"(?:foreign|domestic|international|overseas|local|male|female|elderly|older|younger|private|public)"
_PART = re.compile(rf"(?:\b|^)({_SPLITTING}|[A-Z][a-z]+)\s+([a-z]+s)\b", re.I)


def narrower(question: str, text: str, start: int) -> bool:
    """Whether the figure at ``text[start]`` is said of a question's noun narrowed by a flow's
    direction to a name the question does not give ("Exports to China rose by 40%" for "How
    much did exports rise?"), or by a word the question does not say that splits it ("Foreign
    visitors fell by 12%" for "How much did visitor numbers fall?")."""
    asked = {norm(w.lower()) for w, _, _ in tokens(question)}
    for m in _FLOW.finditer(text, 0, start):
        if norm(m.group(1).lower()) in asked and not {norm(w.lower()) for w in m.group(3).split()} & asked:
            return True
    parts = [m for m in _PART.finditer(text, 0, start) if norm(m.group(2)) in asked]
    kind = parts[-1].group(1).lower() if parts else ""  # the nearest: "Foreign visitors fell, while Norwegian …"
    return bool(kind) and (kind in DEMONYMS or re.fullmatch(_SPLITTING, kind) is not None) and norm(kind) not in asked
