"""Answers put together from several articles, without a language model.

"Which company …, according to The Verge, and …, according to TechCrunch?" is answered
by no single sentence: each outlet's article gives one part, and the answer is the
entity they share. The knowledge layer has resolved every mention to an entity across
spellings ("OpenAI's chief executive Sam Altman", "Altman"), so the candidates are the
entities of the kind asked (a person for "who", an organisation or product for "which
company", a country for "which country") mentioned in the passages found; each is
scored by the best sentence naming it in each article (the extractive answerer's scores:
how well the sentence answers the question), summed over the articles where it scores
``floor`` or more, and it must be named in at least two articles, of every outlet the
question names (a sentence naming it below the floor still shows that an article names
it; one far ahead of the others, ``bridge``'s "clearly theirs", may go unnamed by one of
three outlets). A bare surname counts as the one person of the passages whose name ends with it.
A question naming fewer than two outlets is composed only when it is long (several
parts); a short one is one article's. Entities the
question itself names, and the outlets, are never the answer; the articles quoted must
hold the names the question gives. The explanation quotes, for the best entity, its
best sentence of each supporting article, cited (``composed``, which also writes the
before/after answers of ``order``).

The thresholds were set on slices of MultiHop-RAG dev (inference and null questions),
checked on another slice; the held-out fifth of the benchmark was not looked at.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..knowledge.names import TITLES, clean, fold
from ..text.clauses import clause_spans as clauses
from ..types import Answer, Citation, Entity, Hit
from .asked import asked_noun
from .countries import asks_country, country_of, named_countries
from .facts import Facts, Named
from .language import DEMONYMS, Question, norm, norms, same_term, tokens, word_parts
from .spelt import first_mentions, spelt_out

_EDGES = "\"'“”‘’.,;:!?()[]"


def _words(text: str) -> set[str]:
    """Folded words without the punctuation around them, and a hyphenated word's parts too:
    "Awards," is "awards", "Smith's" "smith", "GPT-4" also "gpt"; "AT&T" stays whole."""
    out = {re.sub(r"['’]s$", "", w.strip(_EDGES)) for w in fold(text).split()}
    return out | {p for w in out for p in word_parts(w) if p}


# What each kind of question asks for, among the knowledge layer's types.
WANTED = {"person": frozenset({"person"}), "entity": frozenset({"org", "other"}), "place": frozenset({"place"})}
MIN_OUTLETS = 2  # named by a question: its parts are several articles
LONG_QUESTION = 20  # words: a question naming fewer outlets is composed only when this long (several parts)
MIN_ARTICLES = 2  # that name the entity, among the passages
MAX_ARTICLES = 3  # quoted in the explanation
MARGIN = 1.15  # the best candidate's score over the second's: below it, no composed answer
MIN_NAMES = 0.7  # of the weight of the question's proper names, found in the articles quoted
UNSETTLED = "The passages found do not settle it; they say: "  # a yes/no no quote decides
SIDEBAR_MARK = " (in the page's sidebar, not its story)"  # after the citation of a sidebar quote
MIN_COVER = 0.2  # of the question's (weighted) words, held by the quoted sentences together
CLEAR = 2.0  # the best candidate's strength over any other's that makes it clearly theirs
MIN_COVER_CLEAR = 0.1  # MIN_COVER for a candidate that is clearly theirs
OUTLETS_MISSED = 1  # named outlets whose articles among the passages may not name a candidate that is clearly theirs


@dataclass(frozen=True)
class Bridge:
    """The entity the articles share, and the sentence of each article that names it."""

    entity: Entity
    sentences: tuple[tuple[Any, tuple[int, int]], ...]  # the extractive answerer's Sentence, and
    # where in its hit's text it names the entity; best article first
    outlets: tuple[str, ...]
    name: str = ""  # how the answer names it: the entity's name, or a fuller one the passages use
    in_full: tuple[Hit, int, int] | None = None  # where an article names it in full, if not in the quotes

    @property
    def short(self) -> str:
        return self.name or self.entity.name


def named_outlets(question: str, hits: Sequence[Hit]) -> set[str]:
    """The outlets of the passages found that the question names ("according to TechCrunch")."""
    text = fold(question)
    return {h.outlet for h in hits if h.outlet and len(h.outlet) > 2 and fold(h.outlet) in text}


def bridge(q: Question, question: str, sentences: Sequence[Any], facts: Facts | None,
           named: Sequence[Named], floor: float) -> Bridge | None:
    """The entity the articles of the outlets ``question`` names share (of every outlet it
    names, or all but ``OUTLETS_MISSED`` when it is clearly theirs; at least two
    articles), or None (the question is a short one of at most one outlet, or no entity
    is clearly theirs). Only sentences scoring ``floor`` or more
    score an entity; weaker ones show which articles name it. The quoted sentences
    together must hold ``MIN_COVER`` of the question's words (outlet names aside), or
    ``MIN_COVER_CLEAR`` when the entity is clearly theirs (``CLEAR`` times as strong as any
    other the passages name): a long MultiHop-RAG question says most of itself in other
    words than its articles, and with one person far ahead of the rest that is no doubt."""
    wanted = WANTED.get(q.kind)
    if wanted is None or facts is None or not facts.available or not sentences:
        return None
    # A place is composed only for a country question, and must be a country: "which
    # country …" is not answered by the city where a summit met.
    country = q.kind == "place"
    if country and not asks_country(question):
        return None
    hits = list({s.hit.chunk_id: s.hit for s in sentences}.values())
    outlets = named_outlets(question, hits)
    if len(outlets) < MIN_OUTLETS and len(question.split()) < LONG_QUESTION:
        return None  # one article's question ("Who met Umerov in Brussels?"): the extractive answer
    asked = {e.id for n in named for e in n.entities}
    words = _words(question)
    not_answers = {fold(o) for o in outlets}
    mentions = facts.mentions(hits)
    full_name = surnames(mentions) if q.kind == "person" else {}
    # entity id -> article -> (score, sentence, mention span): its best sentence in each article
    best: dict[int, dict[str, tuple[float, Any, tuple[int, int]]]] = defaultdict(dict)
    entities: dict[int, Entity] = {}
    countries: dict[str, Entity] = {}  # a country's key -> the entity first seen for it
    spellings: dict[int, set[str]] = defaultdict(set)  # that entity's id -> every name seen for the country
    asked_countries = ({country_of(e.name) for n in named for e in n.entities if e.type == "place"}
                       | named_countries(question)) if country else set()
    for s in sentences:
        for m in mentions.get(s.hit.chunk_id, []):
            e = m.entity if m.entity.type == "org" else full_name.get(fold(m.entity.name), m.entity)
            if not (s.start <= m.start and m.end <= s.end) or e.type not in wanted or {e.id, m.entity.id} & asked:
                continue
            if country:  # "the U.S." and "the United States" are one answer, "San Francisco" none
                key = country_of(e.name)
                if key is None or key in asked_countries:  # the question's own country, however spelt
                    continue
                spelt = e.name
                e = countries.setdefault(key, e)
                spellings[e.id].add(spelt)
            if any(fold(n) in not_answers or _words(n) <= words for n in (e.name, m.entity.name)):
                continue  # the question's own words ("Google" in "Google's rival") are not its answer
            if not country and _nationality(e.name) and "nationality" not in words:
                continue  # "Australian" of "the Australian side" names no team, company or person
            doc = s.hit.doc
            if doc not in best[e.id] or s.score > best[e.id][doc][0]:
                best[e.id][doc] = (s.score, s, (m.start, m.end))
                entities[e.id] = e
    strengths = {eid: sum(v[0] for v in docs.values() if v[0] >= floor) for eid, docs in best.items()}

    def clear(eid: int) -> bool:
        """Far stronger than another candidate; alone, it is only the one name the passages give."""
        others = [s for e, s in strengths.items() if e != eid and s > 0]
        return bool(others) and strengths[eid] >= CLEAR * max(others)

    scored = []
    for eid, docs in best.items():
        covered = {v[1].hit.outlet for v in docs.values()} & outlets
        missed = outlets - covered
        # An outlet of three named may not name one clearly theirs; two must.
        if len(docs) < MIN_ARTICLES or not strengths[eid] or (
                missed and not (len(missed) <= OUTLETS_MISSED and len(covered) >= MIN_OUTLETS and clear(eid))):
            continue  # not shared, not by every outlet named, or no sentence of it answers
        scored.append((strengths[eid], eid, covered))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[1]))
    if len(scored) > 1 and scored[0][0] < MARGIN * scored[1][0]:
        return None
    _, eid, covered = scored[0]
    chosen = sorted(best[eid].values(), key=lambda v: -v[0])[:MAX_ARTICLES]
    outlet_words = {norm(w) for o in outlets for w, _, _ in tokens(o)}
    terms = [t for t in q.terms if t.norm not in outlet_words]
    held = set().union(*(v[1].cover for v in chosen if v[0] >= floor))  # what the answering sentences say
    total = sum(t.weight for t in terms)
    if not total or (sum(t.weight for t in terms if t.norm in held) < MIN_COVER * total
                     and not (clear(eid) and _says_enough(q, question, terms, held))):
        return None
    # The names the question gives (outlets aside) must be in the articles quoted: "which
    # company, in a Bloomberg report on the Dow Jones, …" is not answered from passages on
    # the Nasdaq that never name what it asks about.
    every_outlet = {norm(w) for h in hits if h.outlet for w, _, _ in tokens(h.outlet)}
    proper = [t for t in terms if t.proper and t.norm not in every_outlet]
    if proper:
        # Every passage found of those articles counts: a name the question gives is often
        # in another paragraph than the sentence naming the answer.
        docs = {v[1].hit.doc for v in chosen}
        words = set(norms(" ".join(f"{h.title} {h.text}" for h in hits if h.doc in docs)))
        have = sum(t.weight for t in proper if any(same_term(t.norm, w) for w in words))
        if have < MIN_NAMES * sum(t.weight for t in proper):
            return None
    answer, name, in_full = entities[eid], "", None
    if country:  # the fullest of the spellings the passages use: "United States", not "U.S"
        name = max(sorted(spellings[eid]), key=len)
    if answer.type == "person" and len(answer.name.split()) == 1:  # a surname alone: its first name
        quoted = {v[1].hit.chunk_id for v in chosen}
        name = fuller(answer.name, [clean(m.entity.name, "person") for c in quoted for m in mentions.get(c, [])
                                    if m.entity.type != "place"])  # "St. Paul" is no Paul
        if name == answer.name:
            name, in_full = named_first_in_full(answer, facts, [v[1].hit.doc for v in chosen]) or (name, None)
    elif not country and answer.type != "place":  # "Fed", "HSF": as the articles spell it out
        name, in_full = spelt_out(answer, facts, [v[1].hit.doc for v in chosen]) or (name, None)
    return Bridge(answer, tuple((v[1], v[2]) for v in chosen), tuple(sorted(covered)), name, in_full)


def _nationality(name: str) -> bool:
    """A country's adjective alone ("Australian", "the British"): no team, company or person."""
    parts = [w for w in re.findall(r"[\w'’]+", name.lower()) if w != "the"]
    return bool(parts) and all(w in DEMONYMS or w.removesuffix("s") in DEMONYMS for w in parts)


def _says_enough(q: Question, question: str, terms: Sequence[Any], held: set[str]) -> bool:
    """Whether the quoted sentences hold ``MIN_COVER_CLEAR`` of the question's own words:
    not its names (the entity's articles are about them, whatever is asked) nor the kind of
    thing it asks for ("Which company", "Who is the individual")."""
    kind = {norm(w) for w in (asked_noun(question) or "", *_WHO_IS.findall(question)) if w}
    plain = [t for t in terms if not t.proper and t.norm not in kind]
    total = sum(t.weight for t in plain)
    return bool(total) and sum(t.weight for t in plain if t.norm in held) >= MIN_COVER_CLEAR * total


_WHO_IS = re.compile(r"\b[Ww]ho\s+(?:is|was|are|were)\s+(?:the|a|an)\s+([A-Za-z-]+)")


def fuller(name: str, written: Sequence[str]) -> str:
    """The one name of ``written`` (names in the quoted passages) longer than ``name`` and
    ending with the whole of it: "Brock Purdy" for "Purdy", where the small model kept the
    two apart (it read "Brock Purdy" as an organisation). Used for people only: for
    organisations a longer name ending the same way is often another thing ("Atlanta Fed",
    and the page banner "Loading Google" on MultiHop-RAG). A name's head is its last word,
    so a name only starting with it ("Purdy Street") is never taken."""
    key = fold(name).split()
    found: dict[str, str] = {}
    for other in written:
        words, shown = fold(other).split(), other.split()
        if len(words) <= len(key) or words[-len(key):] != key or len(shown) != len(words) or "&" in other:
            continue
        if all(w[:1].isupper() and w.lower() not in ("the", "a", "an") for w in shown[:-len(key)]):  # a name
            found.setdefault(" ".join(words), other)
    # Two fuller names ("Jim Jordan", "Michael Jordan") leave it undecided.
    return next(iter(found.values())) if len(found) == 1 else name


def named_first_in_full(person: Entity, facts: Facts, docs: Sequence[str]) -> tuple[str, tuple[Hit, int, int]] | None:
    """The full name of a person the quoted passages give by surname alone, and where it
    is written: news style names a person in full at the first mention and by surname
    after ("Brock Purdy" … "Purdy"), and the knowledge layer may keep the two apart (the
    small model read one as an organisation). Read in the whole of the articles ``docs``
    (best first), as written there: the one name ending with the surname that they write
    ("QB Josh Allen … Allen … WR Keenan Allen" writes two: None), written in a story
    (not a sidebar) before that article first gives the surname alone and never after it
    ("Ivanka Trump … Trump … Ivanka Trump" leaves "Trump" another Trump, too famous to be
    introduced). The span is the name itself, as the answer quotes it."""
    found = facts.article_mentions(docs)
    first_bare = first_mentions(found, person.id)
    written: list[tuple[str, str, Hit, int, int]] = []  # (folded name, name, passage, span in it)
    for doc, a, b, e in found:
        if e.type == "place" or e.id == person.id or doc not in first_bare:
            continue
        hit = facts.passage_at(doc, a, b)
        name = _written_name(person.name, hit.text[a - hit.char_start:b - hit.char_start]) if hit else None
        if hit is not None and name is not None:
            at = a - hit.char_start + name[1]
            written.append((fold(name[0]), name[0], hit, at, at + len(name[0])))
    if len({w[0] for w in written}) != 1:
        return None
    for doc in docs:
        mine = [w for w in written if w[2].doc == doc]
        if mine and all(w[2].char_start + w[3] < first_bare[doc] for w in mine) and mine[0][2].section != "sidebar":
            _, name, hit, a, b = mine[0]
            return name, (hit, a, b)
    return None


_NAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*")


def _written_name(surname: str, text: str) -> tuple[str, int] | None:
    """The person's name in a mention's text and where it starts: its run of capitalised
    words ending with ``surname``, without the titles or short capitals before it ("QB Josh
    Allen" -> "Josh Allen"), and with a first name; None if the text holds no such name."""
    for m in _NAME.finditer(text):
        words = m.group().split(" ")
        words[-1] = re.sub(r"['’]s?$", "", words[-1])  # "Brock Purdy's"
        if len(words) < 2 or fold(words[-1]) != fold(surname):
            continue
        start = m.start()
        while len(words) > 2 and (fold(words[0]).rstrip(".") in TITLES or (words[0].isupper() and len(words[0]) <= 3)):
            start += len(words[0]) + 1
            words = words[1:]
        if fold(words[0]).rstrip(".") in TITLES or (words[0].isupper() and len(words[0]) <= 3):
            return None
        return " ".join(words), start
    return None


def surnames(mentions: dict[str, list[Any]]) -> dict[str, Entity]:
    """Folded surname -> the one person of these passages whose full name ends with it:
    the knowledge layer may keep a bare "Altman" or "Bankman-Fried" apart (the model read
    it as a place, or it was never written beside the first name in that article), but
    within the passages of a "who" question it is that person. A surname two people share
    here stays as it is, and ``bridge`` never reads an organisation this way ("Dell" is not
    Michael Dell)."""
    people: dict[str, set[int]] = defaultdict(set)
    by_id: dict[int, Entity] = {}
    for found in mentions.values():
        for m in found:
            e = m.entity
            parts = e.name.split()
            if e.type == "person" and len(parts) >= 2 and len(parts[-1]) >= 4:
                people[fold(parts[-1])].add(e.id)
                by_id[e.id] = e
    return {last: by_id[next(iter(ids))] for last, ids in people.items() if len(ids) == 1}


def composed(answerer: Any, question: str, q: Question, hits: Sequence[Hit], sources: Any, short: str | None,
             items: list[tuple[Any, tuple[int, int] | None]], dated: bool = False, lead: str = "",
             in_full: tuple[Hit, int, int] | None = None) -> Answer:
    """``short`` (and ``lead``, what decided it; None: the passages do not settle it), then
    each sentence of ``items`` quoted (the parts of it that answer, and the ``(start, end)``
    of ``hit.text`` it must hold, if any) and cited, within the word budget; ``dated``: each
    followed by its outlet and publication date; ``in_full``: where an article writes the
    name ``short`` gives and the quotes do not, cited last."""
    citations: list[Citation] = []
    parts: list[str] = []
    words = 0
    for sent, must in items:
        spans = answerer.focus(q, sent, frozenset())
        if must is not None and not any(a <= must[0] and must[1] <= b for a, b in spans):
            spans = [next(((a, b) for a, b in clauses(sent.hit.text, sent.start, sent.end) if a <= must[0] < b),
                          (sent.start, sent.end))]
        size = sum(len(sent.hit.text[a:b].split()) for a, b in spans)
        if len(parts) >= 2 and words + size > answerer.max_words:
            break
        words += size
        quotes = []
        for a, b in spans:
            cit = sources.cite(sent.n, sent.hit, a, b)
            citations.append(cit)
            quotes.append(f"“{cit.quote}”")
        when = ", ".join(x for x in (sent.hit.outlet, (sent.hit.date or "")[:10]) if x) if dated else ""
        when = f" ({when})" if when else ""
        side = SIDEBAR_MARK if sent.hit.section == "sidebar" else ""
        parts.append(" … ".join(quotes) + f" [{sent.n}]{when}{side}")
    hits = list(hits)
    if in_full is not None:
        hit, a, b = in_full
        n = next((i for i, h in enumerate(hits, 1) if h.chunk_id == hit.chunk_id), 0)
        if not n:
            hits.append(hit)
            n = len(hits)
        cit = sources.cite(n, hit, a, b)
        citations.append(cit)
        parts.append(f"(named in full: “{cit.quote}” [{n}])")
    opening = f"{short}: " + (f"{lead}: " if lead else "") if short else UNSETTLED
    return Answer(question=question, text=opening + " ".join(parts), answered=True,
                  citations=tuple(citations), hits=tuple(hits), query=question, mode="extractive", short=short)
