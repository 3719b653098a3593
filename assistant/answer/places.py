"""The places in the passages of a "where"/"which city" question, as the knowledge layer
read them.

The text rules of ``mentions.places`` see a place only after "in", "at", "near" or in
"X-based"; "strikes particularly targeting Moscow" or a headline "Russia hits Kiev hard"
hold one they cannot see. spaCy tags those (GPE, LOC, FAC: the layer's ``place``), so with
a knowledge store every place mention of a sentence is a candidate answer too, except the
places the question itself names and, unless it asks for a country, countries (a region
or a city is asked for; "Ukraine" is its setting, not its answer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .countries import asks_country, country_of, is_region, named_countries
from .facts import Facts, Mention, Named
from .language import DEMONYMS, Question, same_term
from .language import norms as _norms
from .mentions import Found, answer_entities, names
from .relation import main_verb, takes_right_after, verbs_object

_COUNTRIES = frozenset(DEMONYMS.values())
_ASKS_COUNTRY = re.compile(r"\b(?:country|countries|nation|nations|state|states)\b", re.I)


def places_in_passages(facts: Facts, sentences: Sequence[Any]) -> dict[str, list[Mention]]:
    """The knowledge layer's place mentions in the sentences' passages, by chunk id."""
    hits = list({s.hit.chunk_id: s.hit for s in sentences}.values())
    return facts.mentions(hits, "place")


def places_in(question: Question, sent: Any, mentions: dict[str, list[Mention]],
              named: Sequence[Named] = ()) -> list[Found]:
    """The places in ``sent`` that may answer ``question``: those the text rules find, and
    the layer's place mentions that the question does not name."""
    found = answer_entities(question, sent.text)
    asked = {e.id for n in named for e in n.entities}
    countries_too = bool(_ASKS_COUNTRY.search(question.text))
    for m in mentions.get(sent.hit.chunk_id, []):
        if not (sent.start <= m.start and m.end <= sent.end) or m.entity.id in asked:
            continue
        a, b = m.start - sent.start, m.end - sent.start
        if any(f.start < b and a < f.end for f in found):
            continue  # the text rules found it already
        words = _norms(m.entity.name)
        if not words or all(question.has(w) for w in words) or any(
                t.proper and any(same_term(t.norm, w) for w in words) for t in question.terms):
            continue  # the question names it ("the Schengen Zone" for a question naming Schengen)
        if not countries_too and (m.entity.name.lower() in _COUNTRIES or country_of(m.entity.name)):
            continue  # "the Russian Federation" is no city
        found.append(Found("place", a, b, " ".join(words)))
    # What the question's verb takes, right after it: "Enemy massively attacks Odesa" for
    # "Which city did the enemy attack?", where the small model tags no place. Only where no
    # place is found: "Putin visited Macron in Paris" names the city after "in".
    verb = main_verb(question.text)
    for f in names(sent.text) if verb and not found else ():
        if verbs_object(verb, sent.text, f.start) and not all(question.has(w) for w in _norms(f.key)) and (
                countries_too or not country_of(f.key)):
            found.append(Found("place", f.start, f.end, f.key))
    # What the question asks where of is no place it was: "the Nordic Film Festival" for "Where was the festival held?"
    found = [f for f in found if not ((last := _norms(sent.text[f.start:f.end])[-1:]) and question.has(last[0]))]
    return countries_only(question, sent.text, _listed(sent.text, sorted(found, key=lambda f: f.start)))


# A name listed right after a place, with it: "plants in Bergen and Aalesund" ("in Oslo, Anna said" is no list).
_AND_NEXT = re.compile(r",?\s+(?:and|or)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
                       r"(?=\s*[,.;:)]|\s*$|\s+(?:in|on|at|for|to|with|and|or|near)\b)")  # not "and Macron said"


def _listed(text: str, found: list[Found]) -> list[Found]:
    """``found`` with the names listed right after each place, as places too: where the tagger
    knows one town of a list and not the next, the list says both are."""
    out = list(found)
    for f in found:
        end = f.end
        while (m := _AND_NEXT.match(text, end)) and not any(g.start < m.end(1) and m.start(1) < g.end for g in out):
            out.append(Found("place", m.start(1), m.end(1), " ".join(_norms(m.group(1)))))
            end = m.end(1)
    return sorted(out, key=lambda f: f.start)


def countries_only(question: Question, text: str, found: list[Found]) -> list[Found]:
    """For a question asking for a country, the candidates in ``text`` but a part of the
    world, a bloc or a zone ("Baltic", "the Schengen Zone") and the countries it names
    itself (Russia, for one on "Russian citizens"). A name ``country_of`` does not know
    stays: ISO spells some countries otherwise than news copy ("Bosnia", "DR Congo")."""
    if question.kind != "place" or not asks_country(question.text):
        return found
    own = named_countries(question.text)
    return [f for f in found if not is_region(name := text[f.start:f.end]) and country_of(name) not in own]


_ENDS_ON = re.compile(r"\b(from|to|into|towards|at|in)\s*\?*\s*$", re.I)


def nearest_said(question: str, verb: str | None, text: str, start: int) -> tuple[bool, bool]:
    """How closely the question points to the place at ``text[start]``, as a sort key (False
    first): by its verb right before it ("diverted to Lisbon", not "to Tenerife" of "a flight
    from Oslo to Tenerife was diverted to Lisbon"), then by the preposition it ends on ("Where
    did the flight leave from?": "from Oslo")."""
    m = _ENDS_ON.search(question)
    return not takes_right_after(verb, text, start), not (m is not None and re.search(
        rf"\b{m.group(1)}\s+(?:the\s+)?$", text[max(0, start - 12):start], re.I) is not None)
