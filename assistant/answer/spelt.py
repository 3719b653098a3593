"""An organisation the quotes give by a short form, named as the articles spell it out.

News style writes an organisation's name in full once and a short form after: "the
Federal Reserve" then "the Fed", "Hipgnosis Songs Fund" then "HSF". The knowledge layer
keeps the two apart (nothing in the spelling says they are one), so a composed answer
would name the short form, which a reader outside the beat may not know and which is
easy to confuse ("the Fed" of another country). The answer names it in full when the
articles quoted introduce the full name before first writing the short form, and cites
where.

Two shapes only, each read as a reader would:
- initials: "HSF" for "Hipgnosis Songs Fund", "AFU" for "Armed Forces of Ukraine" (the
  small words counted or not); one article introducing it is enough, as a written-out
  acronym is rarely a coincidence;
- a first word clipped to three letters: "Fed" for "Federal Reserve". Any short word begins some long
  name ("Arm" and "Armed Forces of Ukraine"), so at least two of the articles quoted must
  each introduce the same full name before the short form.
A longer name merely ending or starting with the short one is not taken: "Atlanta Fed"
and "Google Search" are other things.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ..knowledge.names import fold
from ..types import Entity, Hit
from .facts import Facts

_SMALL = frozenset({"of", "and", "for", "the", "on", "in", "de", "du", "des", "la", "le", "&"})
_INITIALS = re.compile(r"[A-Z]{2,6}")
_CLIPPED = re.compile(r"[A-Z][a-z]{2}")  # "Fed", "Met": cut to three letters ("Dell", "Meta" are whole names)
_WRITTEN = re.compile(r"[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|and|for|on|de|du|des|&))*")
CLIPPED_ARTICLES = 2  # articles that must each spell a clipped name out


def initials_of(short: str, name: str) -> bool:
    """Whether ``name``'s initials are ``short`` ("HSF": Hipgnosis Songs Fund), with or
    without its small words ("AFU", "AFOU": Armed Forces of Ukraine)."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2 or not all(w[:1].isupper() or w.lower() in _SMALL for w in words):
        return False
    every = "".join(w[0] for w in words if w != "&").upper()
    big = "".join(w[0] for w in words if w.lower() not in _SMALL).upper()
    return short in (every, big)


def clipped_from(short: str, name: str) -> bool:
    """Whether ``short`` is ``name``'s first word cut short ("Fed": Federal Reserve),
    ``name`` being a name of two words or more."""
    words = name.split()
    return (len(words) >= 2 and all(w[:1].isupper() or w.lower() in _SMALL for w in words)
            and len(words[0]) > len(short) and words[0].lower().startswith(short.lower()))


def shape(short: str) -> str | None:
    """How ``short`` may shorten a name: "initials", "clipped", or None (a name to leave)."""
    if _INITIALS.fullmatch(short):
        return "initials"
    if _CLIPPED.fullmatch(short):
        return "clipped"
    return None


def first_mentions(found: Sequence[tuple[str, int, int, Entity]], entity_id: int) -> dict[str, int]:
    """Where each article first mentions the entity ``entity_id`` (``found``: an article's
    mentions in reading order, as ``Facts.article_mentions`` gives them)."""
    first: dict[str, int] = {}
    for doc, a, _, e in found:
        if e.id == entity_id:
            first.setdefault(doc, a)
    return first


def spelt_out(org: Entity, facts: Facts, docs: Sequence[str]) -> tuple[str, tuple[Hit, int, int]] | None:
    """The full name of ``org`` (named by a short form) that the articles ``docs`` (best
    first) write in their story before first writing the short form, and where the first
    of them writes it; None when they spell it out as two names, or not often enough."""
    kind = shape(org.name)
    if kind is None:
        return None
    expands = initials_of if kind == "initials" else clipped_from
    found = facts.article_mentions(docs)
    first_short = first_mentions(found, org.id)
    spelt: dict[str, dict[str, tuple[str, Hit, int, int]]] = defaultdict(dict)  # folded name -> doc -> where
    for doc, a, b, e in found:
        if e.type == "place" or e.id == org.id or doc not in first_short or a >= first_short[doc]:
            continue
        hit = facts.passage_at(doc, a, b)
        if hit is None or hit.section == "sidebar":
            continue
        at = a - hit.char_start
        for m in _WRITTEN.finditer(hit.text[at:b - hit.char_start]):
            name = m.group().rstrip(" &")
            name = re.sub(r"['’]s$", "", name)
            if expands(org.name, name):
                spelt[fold(name)].setdefault(doc, (name, hit, at + m.start(), at + m.start() + len(name)))
                break
    if len(spelt) != 1:
        return None
    where = next(iter(spelt.values()))
    if kind == "clipped" and len(where) < CLIPPED_ARTICLES:
        return None
    name, hit, a, b = next(where[doc] for doc in docs if doc in where)
    return name, (hit, a, b)
