"""The people in the passages of a "who" question, as the knowledge layer read them.

The extractive answerer takes its candidate answers from here when the index has a
knowledge store: people spaCy tagged, resolved across spellings (so "Sebastian Lecornu"
and "Sébastien Lecornu" are one answer), and capitalised runs it did not tag as people,
kept as weaker candidates. Sentences are the extractive answerer's (``hit``, ``start``,
``end``, ``text``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..knowledge.names import TITLES, fold, same_surname
from .countries import country_of
from .facts import Facts, Mention, Named
from .language import POSSESSIVE, Question
from .language import norms as _norms
from .lexicon import FIRM_NAME_WORDS, PERSON_NOUNS
from .mentions import ORG_WORDS, Found, answer_entities, places, reports_it, says_of_another
from .parsed import last_word
from .relation import asks_deed, main_verb

_AT = re.compile(r"\b(?i:in|at|near|between|(?:between|from)\s+[A-Z][\w'’-]*\s+(?:and|to))\s+(?:the\s+)?(?:(?:"
                 r"neighbouring|neighboring|nearby|northern|southern|eastern|western|central|coastal|rural)\s+)?$")
_FIRM_AFTER = ORG_WORDS | {"foundation", "trust", "family", "charity", "firm", "motors", "partners"}
# A name's own last word that makes it a business's: "Talvik Terminals said …" is no person,
# whoever the tagger took for the subject of "said".
_FIRM_NAME = _FIRM_AFTER | FIRM_NAME_WORDS
_NEXT_TWO = re.compile(r"[ \t]+([a-z]+)(?:[ \t]+([a-z]+))?")


@dataclass(frozen=True)
class People:
    """What the knowledge layer says about the people in the passages of a "who" question."""

    facts: Facts
    mentions: dict[str, list[Mention]]  # by chunk id
    asked: set[int]  # entities the question names
    asked_surnames: frozenset[str]
    person_surnames: frozenset[str]  # folded last words of capitalised runs that are people's surnames


def people_in_passages(facts: Facts, question: Question, sentences: Sequence[Any],
                       named: Sequence[Named]) -> People:
    """What the knowledge layer says about the people in the passages of a "who" question
    (and the entities the question itself names)."""
    hits = list({s.hit.chunk_id: s.hit for s in sentences}.values())
    asked = {e.id for n in named for e in n.entities}
    surnames = {fold(w) for n in named for w in n.words.split()[-1:]}
    surnames |= {f.split()[-1] for n in named for e in n.entities for f in (fold(e.name), *map(fold, e.aliases))
                 if f.split()}
    # Capitalised runs ending in a surname the layer knows as a person's are people too:
    # the small model reads "Minister of the Armed Forces Sébastien Lecornu" as one
    # organisation. One lookup for all of them (a name never runs across lines).
    lasts = {_last_word(s.text[f.start:f.end]) for s in sentences
             for f in answer_entities(question, s.text, by_surname=True)}
    known = {fold(n.words) for n in facts.named("\n".join(sorted(lasts)))
             if any(e.type == "person" for e in n.entities)}
    return People(facts, facts.mentions(hits), asked, frozenset(surnames), frozenset(known))


# What a tagged name may run on by: a surname or two ("Ruland" of "Mats Wilhelm Ruland"), not "PPR Rankings Week 14"
_NAME_WORDS = re.compile(r"(?:\s+[A-Z][a-zà-ÿ'’-]+){1,2}")


def _no_score(text: str, f: Found) -> Found:
    """The tagger's "Molde 2-1" is a club and a score, no person: "Molde", a name."""
    if not (digit := re.search(r"\s+[\d(]", text[f.start:f.end])):
        return f
    end = f.start + digit.start()
    return Found("name", f.start, end, " ".join(_norms(text[f.start:end])))


def people_in(question: Question, sent: Any, people: People) -> tuple[list[Found], bool]:
    """The names in ``sent`` that the question does not name: the people the knowledge
    layer tagged (kind "person"), and the capitalised runs it did not tag as people (kind
    "name": "the mayor of Springfield" answers "who" too; "place" for a country or a town).
    Also whether it names someone the question asks about."""
    inside = [m for m in people.mentions.get(sent.hit.chunk_id, []) if sent.start <= m.start and m.end <= sent.end]
    verb = main_verb(question.text)  # "Who signed …?", not "Who said …?" or "Who is …?"
    deed = asks_deed(question.text)  # who reports it did not do it, but answers "Who reported …?"
    out = [Found("person", m.start - sent.start, m.end - sent.start, " ".join(_norms(m.entity.name)), m.entity.name)
           for m in inside if m.entity.type == "person" and m.entity.id not in people.asked
           and not sent.hit.text[m.start:m.end].islower()  # "van" of "driving that van": no one's name
           and not (verb and ((deed and reports_it(sent.text, m.start - sent.start, m.end - sent.start))
                              or says_of_another(sent.text, m.end - sent.start, verb)))]
    out = [_no_score(sent.text, f) for f in out]
    asked = any(m.entity.id in people.asked for m in inside)
    # A place by the text rules and something more: "in"/"at"/"near" before it, a route
    # ("from Eastfield to …"), or the layer's tag. Either alone errs: "engineers from
    # Harlan & Vos"; spaCy tags "Grant Shapps" a place.
    located = [(p.start, p.end) for p in places(sent.text) if _AT.search(sent.text, 0, p.start)
               or sent.text.startswith(" to ", p.end) or any(
        m.entity.type == "place" and m.start - sent.start < p.end and p.start < m.end - sent.start for m in inside)]
    for f in answer_entities(question, sent.text, by_surname=True):
        a, b = sent.start + f.start, sent.start + f.end
        if _AT.search(sent.text, 0, f.start):
            continue  # "as has been done in neighbouring Sarnia": where, never who
        last = fold(f.key.split()[-1])
        if any(m.start < b and a < m.end and m.entity.type == "person" for m in inside):
            # the tagged mention stands for it, to the run's end: "Mats Wilhelm" tagged of "Mats Wilhelm Ruland"
            out = [replace(g, end=f.end) if g.kind == "person" and f.start <= g.start < g.end < f.end and (
                _NAME_WORDS.fullmatch(sent.text[g.end:f.end])) else g for g in out]
            # … and back to the sentence's first word, the tagger's most missed: "Johannes" of "Johannes Høsflot Klæbo"
            out = [replace(g, start=0) if g.kind == "person" and f.start == 0 < g.start < f.end and (
                m := _NAME_WORDS.fullmatch(" " + sent.text[:g.start].rstrip())) and fold(m.group().strip()) not in (
                TITLES) and " " not in m.group().strip() else g for g in out]
            continue
        if any(same_surname(last, s) for s in people.asked_surnames):
            asked = True
            continue  # the person asked about, by another of their names
        written = fold(_last_word(sent.text[f.start:f.end]))
        if written in people.person_surnames:
            f = Found("person", f.start, f.end, f.key)
        elif country_of(POSSESSIVE.sub("", sent.text[f.start:f.end])) or any(
                a < f.end and f.start < b for a, b in located):  # by the country list, or as above
            f = Found("place", f.start, f.end, f.key)
        out.append(f)
    return sorted(out, key=lambda f: f.start), asked


def a_person(people: People, sent: Any, start: int, end: int) -> bool:
    """Whether ``sent.text[start:end]`` names a person: the knowledge layer tagged a person
    there whose name ends with the same word ("Lecornu" of Sébastien Lecornu), or a title
    opens it ("Minister of Defense of Ukraine Rustem Umerov", which the small model reads as
    an organisation). Not a name an organisation's noun follows ("the Lindqvist family
    foundation"). The layer's types err (a firm renamed from one it took for a person is a
    person to it): callers let a quote's own words overrule this."""
    following = _NEXT_TWO.match(sent.text, end)  # right after it, nothing between
    if following and {w for w in following.groups() if w} & _FIRM_AFTER:
        return False  # "the Lindqvist family foundation" is a foundation, whoever it is named after
    last = fold(_last_word(sent.text[start:end]))
    if last.lower() in _FIRM_NAME and len(sent.text[start:end].split()) > 1:
        return False  # "Talvik Terminals", "Brightwind Energy"
    if any(m.entity.type == "person" and m.start - sent.start < end and start < m.end - sent.start
           and last in fold(m.entity.name).split() for m in people.mentions.get(sent.hit.chunk_id, [])):
        return True
    # The title's words: capitalised, or "of"/"for"/"the" between them, right up to the name's last word.
    title = sent.text[start:end].split()[:-1]
    for word in reversed(sent.text[max(0, start - 60):start].split()):
        if not (word[:1].isupper() or word in ("of", "for", "the")):
            break
        title.append(word)
    return any(w.lower() in PERSON_NOUNS for w in title)


def _last_word(name: str) -> str:
    return name.split()[-1].rstrip(".,;:’'").removesuffix("’s").removesuffix("'s") if name.split() else ""


def whose_named(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` only says whose the person named beside it is:
    "Rovers" of "Rovers' captain, Joe Pike, was sent off" (the captain was, not the club), as
    the spaCy parse reads it: the owner of a common noun that another name stands beside."""
    last = last_word(text, start, end, possessive=False)
    if last is None or last.dep_ != "poss" or not (last.head.text.islower() and last.head.tag_ in ("NN", "NNS")):
        return False
    # … a person, not a work's title in quotes: of "Maja Stein's debut novel "The Salt Year" has won", Stein won
    return any(c.dep_ == "appos" and any(t.tag_ == "NNP" for t in c.subtree) and not any(
        t.text in _QUOTES for t in c.subtree) and text[c.left_edge.idx - 2:c.left_edge.idx].strip() not in _QUOTES
        for c in last.head.children)


_QUOTES = frozenset('"“”‘’\'')


# "mayor of Hamar", "the president of the club": the office's place or body, after its title
_OFFICE_OF = re.compile(r"\b([a-z]+)\s+of\s+(?:the\s+)?$")


def office_of(text: str, start: int) -> bool:
    """Whether the name at ``text[start]`` follows a title and "of": where, or what, the office
    is ("Hamar" of "Berit Nes was elected mayor of Hamar"), no one who holds it."""
    m = _OFFICE_OF.search(text, max(0, start - 40), start)
    return m is not None and (m.group(1) in PERSON_NOUNS or m.group(1) in TITLES)
