"""Which words of a sentence may answer a typed question ("who", "where", "how many"),
and how a sentence that holds one borrows the topic of the sentence before it.

Sentences are the extractive answerer's (``hit``, ``start``, ``end``, ``text``,
``found``, ``score``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import EmbeddingModelError
from ..knowledge.names import fold
from .asked import business_asked, press_or_land, public_body
from .compared import another_year
from .counting import excluded_count
from .definite import refers
from .events import dated_elsewhere
from .facts import Facts, Named
from .intended import intended
from .language import Question, norm, norms, same_term, tokens
from .lexicon import AUX, MONTHS, NUMBER_WORDS, STOPWORDS, WEEKDAYS
from .mentions import ORG_WORDS, Found, answer_entities, numbers, speaks
from .parsed import parsed, verb_above
from .people import a_person, people_in, people_in_passages
from .places import countries_only, places_in, places_in_passages
from .placings import finish_asked, placings
from .relation import asks_undergoer, does, hangs_elsewhere, main_verb, verbs_object
from .results import asks_score, scores_in
from .told import told_by


def finder(facts: Facts | None, question: Question, sentences: Sequence[Any],
           named: Sequence[Named]) -> Callable[[Any], None]:
    """How a sentence's candidate answers (``found``) are read: from the knowledge layer's
    people or places where the index has them, else from the text rules alone; never the
    first name alone of someone the question names ("Pavel" of "Which clubs wanted Novak?")."""
    find = _finder(facts, question, sentences, named)
    if question.kind == "entity" and asks_score(question.text):
        def with_score(s: Any) -> None:
            find(s)  # "Harbour City beat Eastvale 3-1": 3-1 is the answer, and the quote keeps it
            s.found = [*s.found, *scores_in(question, s.text)]
        return with_score
    if question.kind in ("quantity", "money", "date"):
        verb = main_verb(question.text) if question.kind == "date" else None

        def of_the_doer(s: Any) -> None:
            find(s)
            s.found = [f for f in s.found if not of_another_year(question, s, f) and not intended(
                question.text, s.text, f.start) and not (
                question.kind == "date" and (hangs_elsewhere(verb, s.text, f.start) or _past_for_future(
                    question.text, s, f) or dated_elsewhere(question.text, s.text, f.start)))] if figure_of(
                question, s) else []
        return of_the_doer
    # The given name of a person the question names by another ("Novak" of Pavel Novak);
    # the canonical name's only: an alias may be a run of the tagger's ("FTX Sam Bankman-Fried").
    firsts = {fold(w[0]) for n in named for e in n.entities if e.type == "person"
              for w in [e.name.split()] if len(w) > 1 and w[0].istitle() and w[0].isalpha()
              and fold(w[0]) not in fold(n.words).split()}
    if question.kind not in ("person", "entity") or not firsts:
        return find

    def without_asked(s: Any) -> None:
        find(s)
        s.found = [f for f in s.found if fold(s.text[f.start:f.end].strip()) not in firsts]
    return without_asked


_DOER = re.compile(r"\b(?:did|does|do|has|have|had|will|would|was|were|is|are|can|could)\s+(?:the\s+)?"
                   r"((?:[A-Z][\w'’.-]*\s+){1,4})(?=[a-z])")


_HEAD = re.compile(r"[a-z][\w-]*(?=\s+[a-z])")  # the noun after the name: "bridge" of "did the Millbrook bridge cost"
_POINTER = re.compile(r"\b(?:he|she|it|its|his|her|they|their|the\s+(?:company|club|firm|group|party|team|minister|"
                      r"agency|government|ministry|council|court|city|town|village|country|region|state|union|board|"
                      r"bank|airline|school|university|hospital|startup|carmaker|retailer|insurer|lender|shipyard|"
                      r"yard|producer|manufacturer|operator|chain|museum|orchestra))\b", re.I)


def _named_doer(question: Question) -> list[str]:
    """The normalised words of the name right after a question's auxiliary, its subject:
    "Krejci" of "How many goals did Krejci score?"."""
    return list(_subject(question.text)[0])


@lru_cache(maxsize=256)  # read once a question, asked of each of its sentences
def _subject(question: str) -> tuple[tuple[str, ...], str | None]:
    """The question's named subject after its auxiliary (``_named_doer``) and the common noun
    right after the name, normalised: "bridg" of "did the Millbrook bridge cost"."""
    m = _DOER.search(question)
    words = [t for t in (norm(w) for w in m.group(1).split()) if t not in STOPWORDS] if m else []
    while len(words) > 1 and words[-1] in _BODY_WORDS:
        words.pop()  # "the Labour Party": Labour, as the Farmers' Party is a party too
    head = _HEAD.match(question, m.end()) if m else None
    return tuple(words), norm(head.group()) if head else None


_BODY_WORDS = frozenset(norm(w) for w in ORG_WORDS)


def farther_first(question: Question, best: Any = None) -> Callable[[Any], bool]:
    """Which sentences may go first from farther down where they say the question's verb
    (``relation.verb_first``): where the verb takes their candidate, a place, date or figure
    said of the question's subject, named in its own words (not "leaving it 17 seats short"
    for another party); for who or which did it, where a name does the verb, as its subject or
    a passive's agent, and the ``best`` sentence's names only say what it tells ("It was found
    by Ingrid Moe" for "Who found the coins?", over "Archaeologist Tor Vik said the coins had
    been minted …"; not over "Castellanos pulled one back for Lazio", who did it in other words)."""
    verb = main_verb(question.text)
    if question.kind in ("person", "entity"):
        if best is None or asks_undergoer(question.text, noun=question.kind == "entity") or not all(
                speaks(best.text, f.end) for f in getattr(best, "found", ())):
            return lambda s: False
        return lambda s: any(does(verb, s.text, f.end, f.start) for f in getattr(s, "found", ()))
    doer = _named_doer(question)[-1:]
    return lambda s: bool(doer) and all(any(same_term(w, c) for c in s.cover) for w in doer) and any(
        verbs_object(verb, s.text, f.start) for f in getattr(s, "found", ()))


_WILL = re.compile(r"\W*when\s+(?:will|does|do|is|are)\b", re.I)  # "When does Lund take over?" is to come
_A_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")


def _past_for_future(question: str, s: Any, f: Found) -> bool:
    """Whether the date ``f`` is past, where the question asks when something will happen (or
    does: "When does Lund take over?" is not "Lund joined Equinor in 2004"): of a
    year before its report's ("rated good at its last inspection in 2021" for "When will the
    school be inspected again?"), or a past verb's ("voted on Tuesday to ban cars from next year"
    for "When will the ban start?")."""
    if not _WILL.match(question):
        return False
    year, dated = _A_YEAR.search(f.key), getattr(s.hit, "date", None) or ""
    if year and dated[:4].isdigit() and int(year.group()) < int(dated[:4]):
        return True
    doc = parsed(s.text)
    tok = next((t for t in doc if t.idx >= f.start), None) if doc is not None else None
    deed = verb_above(tok) if tok is not None else None
    return deed is not None and deed.tag_ == "VBD"


def figure_of(question: Question, s: Any) -> bool:
    """Whether sentence ``s`` may give the figure or date ``question`` asks of: of its subject
    (``holds_doer``), for whom it asks (``for_another``), a figure as told by whom it asks (``told_by``)."""
    return holds_doer(question, s) and not for_another(question.text, s.text) and (
        question.kind == "date" or told_by(question.text, s)) and measures_asked(question.text, s)


# "How long is the detour?": a thing in common words, whose measure a sentence not saying it does not give
_MEASURED = re.compile(r"\W*(?i:how)\s+(?:long|tall|high|deep|wide|far|big|large|heavy)\s+"
                       r"(?:is|was|are|were|will\s+be)\s+(?:the|a|an)\s+(?:[a-z-]+\s+)*?([a-z-]+)(?:\s+(?:now|today|then))?\W*$")


def measures_asked(question: str, s: Any) -> bool:
    """Whether sentence ``s`` may give the measure of the thing a "How long is the detour?"
    question names in common words: it says the thing, or points back ("it"); not "The bridge
    is 1,380 metres long" for the detour (a question naming a name is ``holds_doer``'s)."""
    m = _MEASURED.match(question)
    return m is None or any(same_term(norm(m.group(1)), w) for w in norms(s.text)) or bool(_POINTER.search(s.text))


def holds_doer(question: Question, s: Any) -> bool:
    """Whether sentence ``s`` names the subject the question names after its auxiliary (by
    its last word: "Lecornu arrived" for "did Sébastien Lecornu arrive"), or may point back
    to it ("Its shares fell 4.5%", "the company had raised prices"): "How many goals did
    Krejci score?" is not answered by the 27 goals Novak scored."""
    words, head = _subject(question.text)
    doer = words[-1:]
    if all(any(same_term(w, c) for c in s.cover | s.pointed) for w in doer) or _POINTER.search(s.text):
        return True
    # Under a title naming it, a sentence naming no one ("Net profit rose to 410 million dollars"
    # under "Shipping group Havline doubles profit"), or saying "the … <noun>" of it ("The steel
    # bridge cost 18 million euros" under "… opens the new Millbrook river bridge"); not "Novak
    # scored 27 goals" under a title naming Krejci.
    return bool(doer) and _title_names(doer[0], s) and (_names_no_one(s) or (head is not None and refers(s.text, head)))


def _title_names(word: str, s: Any) -> bool:
    return any(same_term(word, t) for t in norms(getattr(s.hit, "title", "") or ""))


def _names_no_one(s: Any) -> bool:
    doc = parsed(s.text)  # a month or a weekday names no one: "will return … of August next year"
    return doc is not None and not any(t.tag_ in ("NNP", "NNPS") and t.lower_ not in MONTHS and t.lower_ not in
                                       WEEKDAYS for t in doc)


_FOR_ASKED = re.compile(r"\bfor\s+((?:[A-Z][\w'’-]*\s*)+)\W*$")
_FOR_SAID = re.compile(r"\bfor\s+(?:(?:the|a|an|its|their)\s+)?(?:[a-z]+\s+){0,2}([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")


def for_another(question: str, text: str) -> bool:
    """Whether ``text`` gives its figure for someone other than the one a question ends on:
    "the 8 million euros Rovers paid for the defender Emil Sand" is not what was paid "for
    Santos"."""
    asked = _FOR_ASKED.search(question)
    if asked is None:
        return False
    own = {norm(w) for w in asked.group(1).split()}
    if own & set(norms(text)):
        return False
    return any(not own & {norm(w) for w in m.group(1).split()} for m in _FOR_SAID.finditer(text))


def of_another_year(question: Question, s: Any, f: Found) -> bool:
    """Whether the count or sum ``f`` of sentence ``s`` is of a past year the question does
    not ask about ("The last deadly quake, in 1998, killed 11"): ``compared.another_year``."""
    return question.kind != "date" and another_year(question.text, s.text, getattr(s.hit, "date", None), f.start)


def _finder(facts: Facts | None, question: Question, sentences: Sequence[Any],
            named: Sequence[Named]) -> Callable[[Any], None]:
    def by_text(s: Any) -> None:
        s.found = countries_only(question, s.text, answer_entities(question, s.text))

    if facts is not None and facts.available and question.kind == "entity" and business_asked(question.text):
        people = people_in_passages(facts, question, sentences, named)
        lands = places_in_passages(facts, sentences)

        def business(s: Any) -> None:
            # Marked, not dropped: the small model tags products and laws as people ("Gemini
            # Pro", "Sherman Act"), and a sentence's finds decide how it ranks. The short
            # answer leaves the people and public bodies out where a business is named too.
            by_text(s)
            s.found = [replace(f, kind="public") if public_body(s.text, f.start, f.end) else
                       replace(f, kind=other) if (other := press_or_land(s.text, f.start, f.end)) else
                       replace(f, kind="person") if a_person(people, s, f.start, f.end) else
                       replace(f, kind="place") if a_place(lands, s, f.start, f.end) else f for f in s.found]
        return business
    if question.kind == "place" and (subject := finish_asked(question.text)):
        return lambda s: setattr(s, "found", placings(subject, s.text))  # "ended fourth", no town
    if facts is None or not facts.available or question.kind not in ("person", "place"):
        return by_text
    if question.kind == "place":
        places = places_in_passages(facts, sentences)
        return lambda s: setattr(s, "found", places_in(question, s, places, named))
    people = people_in_passages(facts, question, sentences, named)

    def person(s: Any) -> None:
        s.found, s.names_asked = people_in(question, s, people)
        s.tagged = True
    return person


def a_place(lands: dict[str, list[Any]], s: Any, start: int, end: int) -> bool:
    """Whether ``s.text[start:end]`` is where the knowledge layer read a place, the whole of
    it: "Oslo" of "a flight from Oslo" is no airline."""
    return any(m.start - s.start == start and m.end - s.start == end for m in lands.get(s.hit.chunk_id, []))


def carry_topic(sentences: Sequence[Any]) -> None:
    """A sentence holding a candidate answer right after one that matches the question
    better (in the article, in the same passage or the one before), sharing a word of the
    question with it and scoring at least half of it, scores the mean of the two:
    "Ministers called for a ban." then "The ban was proposed after a meeting in Tallinn."
    answers where they met, though the second sentence alone says little of the question.
    The mean, not the better score: the second sentence must still say something of the
    question itself, or every sentence after a near miss would answer it."""
    ends = {(s.hit.doc, s.hit.char_start + s.end): (s.score, s.cover) for s in sentences}
    for s in sentences:
        if not (s.found and s.cover):
            continue
        start = s.hit.char_start + s.start
        before = next((ends[k] for gap in range(4) if (k := (s.hit.doc, start - gap)) in ends), None)
        if before is not None and before[0] > s.score >= before[0] / 2 and s.cover & before[1]:
            s.score = (s.score + before[0]) / 2

# Cosine (the embedding model's) between the thing a "how many" question counts and a word
# after a number that names the same thing in other words. all-MiniLM-L6-v2 gives "troops"/
# "soldiers" 0.89, but also things of one family 0.6-0.7 ("civilians"/"soldiers" 0.62,
# "hostages"/"prisoners" 0.62, "aircraft"/"helicopters" 0.67): a plain word must come at
# SAME_THING. An abbreviation is spelt nothing like what it stands for, and scores low even
# beside what it stands for: "unmanned aircraft"/"UAVs" 0.60 in fp32 and 0.57 in int8 on a
# CPU with VNNI (0.61 on one without), "charities"/"NGOs" 0.59-0.60, while the nearest wrong
# abbreviation of twelve scored against twelve things was "soldiers"/"POWs" at 0.46-0.47 and
# "drones"/"ICBMs" 0.41-0.42: SAME_ABBREVIATION sits between, with room for either precision.
SAME_THING = 0.8
SAME_ABBREVIATION = 0.52
# The model those cosines were measured with: another model's cosines mean other things (a
# random test model puts "dolphins" next to "people"), so with it the text rules decide alone.
CALIBRATED = "all-MiniLM-L6-v2"
_ABBREVIATION = re.compile(r"[A-Z]{2,}s?")
PARAPHRASED = 8  # best-scored sentences looked at
_HOW_MANY = re.compile(r"\bhow many\b((?:\s+[\w'-]+){1,4})", re.I)


def counted_in_other_words(question: Question, sentences: Sequence[Any], embedder: Any) -> None:
    """For "how many X", a number of the best sentences that counts X under another name
    ("2,300 UAVs" for "how many unmanned aircraft") becomes a candidate answer; the text
    rules only take the question's own words and their spellings."""
    m = _HOW_MANY.search(question.text)
    if question.kind != "quantity" or not question.unit or m is None or not _calibrated(embedder):
        return
    asked = []
    for word in m.group(1).split():
        if word.lower() in AUX or word.lower() in {"a", "an", "the", "per", "each", "in", "of"}:
            break
        asked.append(word)
    best = sorted((s for s in sentences if not s.found and figure_of(question, s)), key=lambda s: -s.score)[
        :PARAPHRASED]
    offers: list[tuple[Any, Found, str]] = []
    for s in best:
        for f in numbers(s.text):
            if f.kind != "number" or excluded_count(question, f, s.text) or of_another_year(question, s, f):
                continue
            after = [w for w, a, _ in tokens(s.text) if a >= f.end][:3]
            offers += [(s, f, w) for w in after if w.lower() not in STOPWORDS and w.lower() not in NUMBER_WORDS]
    if not asked or not offers:
        return
    vectors = embedder.embed_for_query([w for _, _, w in offers])
    near = vectors @ embedder.embed_query(" ".join(asked))
    for (s, f, word), cos in zip(offers, np.asarray(near), strict=True):
        floor = SAME_ABBREVIATION if _ABBREVIATION.fullmatch(word) else SAME_THING
        if cos >= floor and f not in s.found:
            s.found.append(f)


def _calibrated(embedder: Any) -> bool:
    """Whether ``embedder`` is the model ``SAME_THING`` was measured with (by name, or the
    packaged copy of it by path)."""
    if embedder is None:
        return False
    from ..indexing.embedding import packaged_model_path

    name = str(getattr(embedder, "name", ""))
    if name == CALIBRATED:
        return True
    try:
        return name == str(packaged_model_path())
    except EmbeddingModelError:  # no packaged model installed: it is not that one
        return False
