"""The preposition a question ends on: "Which club did Krogh come from?", "Where did the
flight leave from?", "Where is the skier from?" each ask for what follows that preposition
in the text ("from Brondby", "from Oslo")."""

from __future__ import annotations

import re

_LAST = re.compile(r"(?:^|\s)([A-Za-z]+)\W*$")


def last_word(question: str) -> str:
    """The question's last word, in lower case ("from" of "… come from?"); "" where it has none."""
    m = _LAST.search(question)
    return m.group(1).lower() if m else ""
