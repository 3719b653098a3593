"""A name given in quotes beside the noun it names: of 'The painting, "Summer Night by the
Shore", had been …', the painting is called "Summer Night by the Shore", small words and all,
where the tagger reads two names ("Summer Night", "Shore") or none; of '"The Quiet Harbour",
a film by …', the film is "The Quiet Harbour", not the "Nordic Film Festival" it won at."""

from __future__ import annotations

import re

from .asked import asked_noun
from .language import ASKS_NAME, Question, norm, same_term

_QUOTE = r"[\"“‘]([A-Z][^\"”’]{0,80}?)[\"”’]"
_QUOTED_AFTER = re.compile(rf"\b([A-Za-z]+),?\s+{_QUOTE}")  # 'The painting, "Summer Night …"'
_QUOTED_BEFORE = re.compile(rf"{_QUOTE},?\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?([a-z]+)\b")  # '"X", a film'


def quoted_name(q: Question, text: str) -> tuple[int, int] | None:
    """Where in ``text`` the name a question asks for is given in quotes beside the noun it
    names: after the noun the question names where it asks what a thing is called ("What is
    the painting called?"), or before the noun a "which" question asks for ("Which film
    won?": '"The Quiet Harbour", a film by …'); None where none is."""
    if ASKS_NAME.search(q.text.lower()):
        for m in _QUOTED_AFTER.finditer(text):
            if q.has(norm(m.group(1)), own=True):
                return m.start(2), m.end(2)
    noun = asked_noun(q.text)
    for m in _QUOTED_BEFORE.finditer(text) if noun else ():
        if same_term(norm(noun), norm(m.group(2))):
            return m.start(1), m.end(1)
    return None
