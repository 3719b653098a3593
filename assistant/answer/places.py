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
from dataclasses import replace
from typing import Any

from .countries import asks_country, country_of, is_region, named_countries
from .ends import last_word
from .facts import Facts, Mention, Named
from .language import DEMONYMS, Question, same_term
from .language import norms as _norms
from .mentions import Found, answer_entities, names
from .parsed import parsed, verb_above
from .relation import does, hangs_on, main_verb, says_verb, takes_right_after, verb_at, verbs_object

_COUNTRIES = frozenset(DEMONYMS.values())
_ASKS_COUNTRY = re.compile(r"\b(?:country|countries|nation|nations|state|states)\b", re.I)


def places_in_passages(facts: Facts, sentences: Sequence[Any]) -> dict[str, list[Mention]]:
    """The knowledge layer's place mentions in the sentences' passages, by chunk id."""
    hits = list({s.hit.chunk_id: s.hit for s in sentences}.values())
    return facts.mentions(hits, "place")


_TO_PLACE = re.compile(r"\b(?:to|into|towards|in|at)\s+(?:the\s+)?$")


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
        if any(f.start < b and a < f.end for f in found) or _plural_opener(sent.text, a, b):
            continue  # the text rules found it already; "Scientists have found …" is no place
        if compass := _COMPASS.search(sent.text, 0, a):  # "southern Ecuador" is a region, not the country
            found.append(Found("place", compass.start(), b, " ".join(_norms(sent.text[compass.start():b]))))
            continue
        words = _norms(m.entity.name)
        if not words or all(question.has(w) for w in words) or any(
                t.proper and any(same_term(t.norm, w) for w in words) for t in question.terms):
            continue  # the question names it ("the Schengen Zone" for a question naming Schengen)
        if not countries_too and (m.entity.name.lower() in _COUNTRIES or country_of(m.entity.name)):
            continue  # "the Russian Federation" is no city
        found.append(Found("place", a, b, " ".join(words)))
    found = [replace(f, start=c.start()) if (c := _COMPASS.search(sent.text, 0, f.start)) else f for f in found]
    if not _ASKS_ORIGIN.search(question.text):
        found = [f for f in found if not origin_of_noun(sent.text, f.start)]
        if _ASKS_BOUND.search(question.text):  # "Where was the ferry going?": not Bergen of "from Bergen to Austevoll"
            found = [f for f in found if not _FROM_BEFORE.search(sent.text[max(0, f.start - 12):f.start])]
    elif _FROM_WHERE.search(question.text) and last_word(question.text) == "from":  # "Where is the skier from?"
        found = [f for f in found if re.search(r"\bfrom\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?(?:of\s+)?$", sent.text[
            max(0, f.start - 40):f.start])]  # "a lawmaker from the northern city of Lulea"
    # What the question's verb takes, right after it: "Enemy massively attacks Odesa" for
    # "Which city did the enemy attack?", where the small model tags no place. Only where no
    # place is found: "Putin visited Macron in Paris" names the city after "in".
    verb, had = main_verb(question.text), list(found)
    doer_asked = asks_doer(question.text)
    for f in names(sent.text) if verb else ():
        if doer_asked and not any(g.start < f.end and f.start < g.end for g in found) and does(
                verb, sent.text, f.end, f.start):
            # "Which city saw the biggest rise?": "Trondheim saw the strongest increase", a sentence's
            # opener the tagger reads as no place; the name that does the verb is what was asked
            found.append(Found("place", f.start, f.end, f.key))
            continue
        if had and (any(g.start < f.end and f.start < g.end for g in had) or not (takes_right_after(
                verb, sent.text, f.start) and _TO_PLACE.search(sent.text, 0, f.start))):
            continue  # … and beside found places only where a preposition of place joins them: "diverted to Bodo"
        # a country too where the verb takes it right after: "would be moved to Poland"
        if verbs_object(verb, sent.text, f.start) and not all(question.has(w) for w in _norms(f.key)) and (
                countries_too or not country_of(f.key) or takes_right_after(verb, sent.text, f.start)):
            found.append(Found("place", f.start, f.end, f.key))
    if _ASKS_BOUND.search(question.text) and not _ASKS_ORIGIN.search(question.text):  # the tagger may miss it
        found += [Found("place", f.start, f.end, f.key) for f in names(sent.text) if _ROUTE_TO.search(
            sent.text, 0, f.start) and not any(g.start < f.end and f.start < g.end for g in found)]
    if verb and not _ASKS_ORIGIN.search(question.text) and says_verb(verb, sent.text) and _as_verb(verb, sent.text):
        # where the sentence says the verb, only a place it takes: not "songs about northern Norway" for where she died
        found = [f for f in found if hangs_on(verb, sent.text, f.start) or _of_event(sent.text, f.start)]
        if not doer_asked:  # … nor who does it: "Defence group Nammo will cut 150 jobs at its Raufoss plant"
            found = [f for f in found if not does(verb, sent.text, f.end, f.start)] or found
    # What the question asks where of is no place it was: "the Nordic Film Festival" for "Where was the festival held?"
    found = [f for f in found if not ((last := _norms(sent.text[f.start:f.end])[-1:]) and question.has(last[0]))]
    return countries_only(question, sent.text, _listed(sent.text, sorted(found, key=lambda f: f.start)))


# A name listed right after a place, with it: "plants in Bergen and Aalesund" ("in Oslo, Anna said" is no list).
_AND_NEXT = re.compile(r",?\s+(?:and|or)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
                       r"(?=\s*[,.;:)]|\s*$|\s+(?:in|on|at|for|to|with|and|or|near)\b)")  # not "and Macron said"


def _as_verb(verb: str, text: str) -> bool:
    """Whether ``text`` says ``verb`` as a verb ("She died at her home"), not only as a noun
    ("a series of bilateral meetings" for "meet")."""
    doc = parsed(text)
    return doc is not None and any(t.tag_.startswith("VB") and verb_at(verb, [t.lower_]) for t in doc)


_EVENT_VERBS = frozenset({"took", "take", "takes", "held", "hold", "holds", "happened", "happens", "occurred", "was",
                          "were", "is", "are"})


def _of_event(text: str, start: int) -> bool:
    """Whether the place at ``text[start]`` is where something took place ("The meeting took
    place in Brussels", "was held in Oslo"), which says where any deed of it was done."""
    doc = parsed(text)
    tok = next((t for t in doc if t.idx >= start), None) if doc is not None else None
    deed = verb_above(tok) if tok is not None else None
    return deed is not None and deed.lower_ in _EVENT_VERBS


def asks_doer(question: str) -> bool:
    """Whether the question's "which"/"what" noun does its verb ("Which city saw the biggest
    rise?"), not what the verb was done to ("Which city did the storm hit?")."""
    doc = parsed(question)
    return doc is not None and any(t.dep_ == "nsubj" and t.tag_.startswith("NN") and any(
        c.dep_ == "det" and c.lower_ in ("which", "what") for c in t.children) for t in doc)


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


_COMPASS = re.compile(r"\b(?:(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)\s+$")


def _plural_opener(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one plural common noun opening the sentence ("Scientists
    have found …"), which the small tagger may read as a place."""
    if text[:start].strip(" \"'“‘(") or len(text[start:end].split()) != 1:
        return False
    doc = parsed(text)
    return doc is not None and any(t.idx == start and t.tag_ == "NNS" for t in doc)


_ASKS_ORIGIN = re.compile(r"\b(?:from|come|comes|came|born|native|hails?|based|origin\w*)\b", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
# The end of a route: Bergen of "from Oslo to Bergen"
_ROUTE_TO = re.compile(r"\bfrom\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+to\s+(?:the\s+)?$")
_ASKS_BOUND = re.compile(r"\b(?:going|heading|headed|bound|travell?ing|sailing|flying|driving|en route)\b|\bto\W*$",
                         re.I)
_FROM_WHERE = re.compile(r"^\W*where\s+(?:(?:is|are|was|were)\b|(?:do|does|did)\b.*\bcome\s+from\W*$)", re.I)
_FROM_NOUN = re.compile(r"\b([a-z]+),?\s+from\s+(?:the\s+)?$")


def origin_of_noun(text: str, start: int) -> bool:
    """Whether the place at ``text[start]`` is where a thing or person the sentence names comes
    from ("a 31-year-old woman from Bergen", "The crew, from the Philippines and Ukraine, were
    taken to Floro", "carrying timber from Latvia"): no answer to where it went or was taken."""
    m = _FROM_NOUN.search(text, max(0, start - 40), start)
    if m is None:
        if (joined := re.search(r"\s+(?:and|or)\s+$", text[:start])) and (
                prior := re.search(r"([A-Z][\w'’-]*)$", text[:joined.start()])):
            return origin_of_noun(text, prior.start())  # "from the Philippines and Ukraine"
        return False
    doc = parsed(text)
    return doc is not None and any(t.idx == m.start(1) and t.tag_ in ("NN", "NNS") for t in doc)


_ENDS_ON = frozenset({"from", "to", "into", "towards", "at", "in"})


def nearest_said(question: str, verb: str | None, text: str, start: int) -> tuple[bool, bool]:
    """How closely the question points to the place at ``text[start]``, as a sort key (False
    first): by its verb right before it ("diverted to Lisbon", not "to Tenerife" of "a flight
    from Oslo to Tenerife was diverted to Lisbon"), then by the preposition it ends on ("Where
    did the flight leave from?": "from Oslo"), then by a word of the question right before its
    preposition ("Where did prices rise least?": "and least in Oslo", not "most in Stavanger")."""
    last = last_word(question)
    before = _WORD_IN.search(text, max(0, start - 30), start)
    return not takes_right_after(verb, text, start), not (last in _ENDS_ON and re.search(
        rf"\b{last}\s+(?:the\s+)?$", text[max(0, start - 12):start], re.I) is not None), not (
        before is not None and before.group(1).lower() in set(re.findall(r"[a-z]+", question.lower())) - _FILLER)


_WORD_IN = re.compile(r"\b([A-Za-z]+)\s+(?:in|at|near|to|from|into)\s+(?:the\s+)?$")
_FILLER = frozenset(["and", "or", "but", "was", "were", "is", "are", "be", "been", "the", "a", "an", "it", "that"])
