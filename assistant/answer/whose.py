"""Whose thing a "Whose …?" question asks about: the name that owns the asked-for noun.

"Whose rocket launched the satellite?" is answered by "SpaceX" of "on a SpaceX rocket",
not by "California" of "launched from California", the name the sentence gives first:
the answer stands right before the noun the question asks about, as its modifier ("a
SpaceX rocket") or its possessor ("SpaceX's rocket"), or a country's adjective before it
("a Norwegian satellite": Norway's).
"""

from __future__ import annotations

import re

from .asked import tagged
from .language import DEMONYMS, POSSESSIVE
from .lexicon import MONTHS, STOPWORDS, WEEKDAYS

# Capitalised words that open a sentence or a noun phrase without naming anyone ("The rocket", "Its rocket").
_NOT_NAMES = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that",
                        "these", "those", "new", "old", "first", "last", "next", "another", "every", "each"})
CALENDAR = WEEKDAYS | frozenset(MONTHS)


def asked_thing(question: str) -> str | None:
    """The head noun right after a question's opening "Whose" ("Whose new rocket …?" ->
    "rocket"); None for another question or without a spaCy pipeline."""
    doc = tagged(question)
    words = [t for t in doc or () if not t.is_punct]
    if len(words) < 2 or words[0].lower_ != "whose":
        return None
    run = []
    for t in words[1:5]:
        if not (t.tag_.startswith("NN") or t.tag_ in ("JJ", "VBN")):
            break
        run.append(t)
    nouns = [t for t in run if t.tag_.startswith("NN")]
    return nouns[-1].lower_ if nouns else None


def owner(question: str, text: str) -> str | None:
    """The name ``text`` gives as the owner of what a "Whose …?" question asks about: "SpaceX"
    of "on a SpaceX rocket", "Acme" of "Acme's new rocket", "Norway" of "a Norwegian
    rocket"; None where the question asks no such thing or the text puts no name there."""
    noun = asked_thing(question)
    if noun is None:
        return None
    stem = re.escape(noun[:-1] if noun.endswith("s") and len(noun) > 3 else noun)
    name = r"[A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|de|and|&)){0,5}?"  # five words at most: linear time
    for m in re.finditer(rf"\b({name})(?:['’]s)?((?:\s+[a-z][\w-]*){{0,2}}?)\s+{stem}(?:s|es)?\b", text):
        if any(w in STOPWORDS for w in m.group(2).split()):
            continue  # "Wednesday on a rocket": no modifier of the rocket between
        words = POSSESSIVE.sub("", m.group(1)).split()
        while words and words[0].lower() in _NOT_NAMES | STOPWORDS | CALENDAR:
            words = words[1:]  # "The SpaceX rocket", "On Monday Lena Berg's car"
        if not words:
            continue
        found = " ".join(words)
        if len(words) == 1 and (country := DEMONYMS.get(found.lower())):
            return country.title()
        return found
    return None
