"""The bridge's reading of the knowledge layer's mentions (``answer.compose``): a bare
surname the layer kept apart is the one person of the passages with that name, and an
article that names the entity only in a weak sentence still counts as naming it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer.compose import bridge, surnames
from assistant.answer.facts import Mention
from assistant.answer.language import read_question
from assistant.types import Entity


def _entity(eid: int, name: str, type_: str) -> Entity:
    return Entity(eid, name, type_, (), 1, 1, ("corpus.json",))


OKAFOR = _entity(1, "Nadia Okafor", "person")
BARE = _entity(2, "Okafor", "place")  # the model's slip, kept apart by the layer
REYES = _entity(3, "Tom Reyes", "person")


def test_a_bare_surname_is_the_one_person_of_the_passages_with_that_name():
    found = {"c1": [Mention(0, 12, OKAFOR), Mention(20, 26, BARE)], "c2": [Mention(0, 9, REYES)]}
    assert surnames(found) == {"okafor": OKAFOR, "reyes": REYES}
    twin = _entity(4, "Ada Okafor", "person")
    assert "okafor" not in surnames({**found, "c3": [Mention(0, 10, twin)]})  # two people share it


class _Facts:
    available = True

    def __init__(self, by_chunk):
        self.by_chunk = by_chunk

    def mentions(self, hits):
        return {h.chunk_id: self.by_chunk.get(h.chunk_id, []) for h in hits}


def _sentence(chunk: str, doc: str, outlet: str, text: str, score: float, cover: set[str]):
    hit = SimpleNamespace(chunk_id=chunk, doc=doc, outlet=outlet, title="", text=text)
    return SimpleNamespace(hit=hit, start=0, end=len(text), score=score, cover=frozenset(cover))


QUESTION = ("Who is the founder accused of moving investor money, according to the Northern Courier, "
            "and who built the solar company, according to the Coastal Wire?")


def _sentences(weak: float):
    a = _sentence("c1", "d1", "Northern Courier", "Nadia Okafor moved investor money into her accounts.", 0.6,
                  {"founder", "investor", "money"})
    b = _sentence("c2", "d2", "Coastal Wire", "Okafor built the solar company.", weak, {"built", "solar"})
    mentions = {"c1": [Mention(0, 12, OKAFOR)], "c2": [Mention(0, 6, BARE)]}
    return [a, b], _Facts(mentions)


def test_the_shared_person_is_found_through_a_surname_and_a_weak_sentence():
    q = read_question(QUESTION)
    assert q.kind == "person"
    sentences, facts = _sentences(weak=0.1)  # below the floor: it scores nothing, yet names her
    found = bridge(q, QUESTION, sentences, facts, [], floor=0.2)
    assert found is not None and found.entity == OKAFOR
    assert {s.hit.outlet for s, _ in found.sentences} == {"Northern Courier", "Coastal Wire"}


def test_an_entity_only_weak_sentences_name_is_no_answer():
    q = read_question(QUESTION)
    sentences, facts = _sentences(weak=0.1)
    sentences[0].score = 0.1
    assert bridge(q, QUESTION, sentences, facts, [], floor=0.2) is None


def test_people_nouns_of_sport_and_business_ask_for_a_person():
    for text in ("Which individual persuaded the engineer to join?", "Which pop star was named of the year?",
                 "Which NFL wide receiver, traded in March, set the record?", "Which quarterback was pressured most?"):
        assert read_question(text).kind == "person", text
    assert read_question("Which company sued the publisher?").kind == "entity"
    for text in ("Which of the players was injured?", "Which of these two coaches, hired in May, was fired?"):
        assert read_question(text).kind == "person", text


ORGANISATIONS = [
    # "Dell" is not Michael Dell; "Vikings" is not renamed "Minnesota Vikings" (for organisations a
    # longer name ending the same way is often another thing); "its quarterback" is what was lost.
    ("Dell", ("Michael Dell", "person", 10, 22),
     "Which company cut its laptop prices, according to the Northern Courier, "
     "and sold more servers, according to the Coastal Wire?",
     ("Dell cut its laptop prices.", {"laptop", "price"}), ("Dell sold, Michael Dell said, more servers.", {"server"})),
    ("Vikings", ("Minnesota Vikings", "org", 30, 47),
     "Which team lost its quarterback, according to the Northern Courier, "
     "and won on Sunday, according to the Coastal Wire?",
     ("Vikings lost their quarterback.", {"lost", "quarterback"}),
     ("Vikings won on Sunday, as the Minnesota Vikings fans hoped.", {"won", "sunday"})),
]


@pytest.mark.parametrize(("name", "other", "question", "first", "second"), ORGANISATIONS)
def test_an_organisation_is_answered_by_its_own_name(name, other, question, first, second):
    org = _entity(5, name, "org")
    at = Mention(0, len(name), org)
    found = {"c1": [at], "c2": [at, Mention(other[2], other[3], _entity(6, other[0], other[1]))]}
    a = _sentence("c1", "d1", "Northern Courier", first[0], 0.6, first[1])
    b = _sentence("c2", "d2", "Coastal Wire", second[0], 0.6, second[1])
    q = read_question(question)
    assert q.kind == "entity"
    shared = bridge(q, question, [a, b], _Facts(found), [], floor=0.2)
    assert shared is not None and shared.entity == org and shared.short == name


def test_role_nouns_that_begin_other_things_do_not_ask_for_a_person():
    for text in ("Which star rating did the hotel get?", "Which executive order did the president sign?",
                 "Which player in the streaming market lost subscribers?", "Which individual stock fell most?"):
        assert read_question(text).kind != "person", text


def test_the_answer_is_named_in_the_fuller_form_the_passages_use():
    from assistant.answer.compose import fuller

    assert fuller("Vikings", ["Vikings", "Minnesota Vikings", "Packers"]) == "Minnesota Vikings"
    assert fuller("Purdy", ["Brock Purdy"]) == "Brock Purdy"
    assert fuller("United", ["United States"]) == "United"  # the head of a name is its last word
    assert fuller("Caesars", ["Caesars Sportsbook"]) == "Caesars"
    assert fuller("Vikings", ["The Vikings"]) == "Vikings"
    assert fuller("Jordan", ["Jim Jordan", "Michael Jordan"]) == "Jordan"  # which one is not said
    assert fuller("Johnson", ["Johnson & Johnson"]) == "Johnson"
    assert fuller("Kelce", ["Travis and Kelce"]) == "Kelce"


def test_a_composed_answer_gives_a_surname_the_first_name_the_passages_use():
    bare = _entity(7, "Okafor", "person")
    full = _entity(8, "Nadia Okafor", "org")  # the small model's slip, kept apart
    sentences, _ = _sentences(weak=0.6)
    sentences[1].hit.text = "Okafor built the solar company, Nadia Okafor said."
    sentences[1].end = len(sentences[1].hit.text)
    found = {"c1": [Mention(0, 12, bare)], "c2": [Mention(0, 6, bare), Mention(32, 44, full)]}
    shared = bridge(read_question(QUESTION), QUESTION, sentences, _Facts(found), [], floor=0.2)
    assert shared is not None and shared.entity == bare and shared.short == "Nadia Okafor"


class _ArticleFacts(_Facts):
    """Mentions of the passages, and of the whole articles they come from (news style: the
    full name at the first mention, the surname after). ``articles``: doc -> (text,
    [(words as written, entity), ...] in reading order); each article is one passage."""

    def __init__(self, by_chunk, articles, section="body"):
        super().__init__(by_chunk)
        self.articles, self.section = articles, section

    def article_mentions(self, docs):
        out = []
        for d in sorted(set(docs)):
            text, mentions = self.articles.get(d, ("", []))
            at = 0
            for words, e in mentions:
                at = text.index(words, at)
                out.append((d, at, at + len(words), e))
                at += len(words)
        return out

    def passage_at(self, doc, start, end):
        text = self.articles[doc][0]
        return SimpleNamespace(chunk_id=f"{doc}-all", doc=doc, char_start=0, text=text, section=self.section)


SURNAME = _entity(7, "Okafor", "person")
NADIA = _entity(8, "Nadia Okafor", "org")  # the small model's slip, kept apart by the layer
ADA = _entity(9, "Ada Okafor", "person")


def _named_first(articles, section="body"):
    sentences, _ = _sentences(weak=0.6)
    found = {"c1": [Mention(0, 6, SURNAME)], "c2": [Mention(0, 6, SURNAME)]}
    sentences[0].hit.text = "Okafor moved investor money into her accounts."
    sentences[0].end = len(sentences[0].hit.text)
    facts = _ArticleFacts(found, articles, section)
    return bridge(read_question(QUESTION), QUESTION, sentences, facts, [], floor=0.2)


@pytest.mark.parametrize(("text", "written"), [
    ("Solar founder Nadia Okafor was charged. Okafor moved investor money.", "Nadia Okafor"),
    # titles and a position's short capitals are no part of her name, nor is the possessive
    ("CEO Nadia Okafor's firm grew. Okafor moved investor money.", "Nadia Okafor's"),
])
def test_a_surname_is_given_the_full_name_its_article_wrote_first(text, written):
    # Neither quoted passage writes her first name; her article's opening does, and the small
    # model read it as an organisation, so the layer kept the two apart.
    shared = _named_first({"d1": (text, [(written, NADIA), ("Okafor", SURNAME)])})
    assert shared is not None and shared.entity == SURNAME
    assert shared.short == "Nadia Okafor"
    hit, a, b = shared.in_full  # where it is written, for the answer to cite: the name alone
    assert hit.doc == "d1" and hit.text[a:b] == "Nadia Okafor"


@pytest.mark.parametrize("articles", [
    # written only after the article has given the surname alone: another person, or a later aside
    {"d1": ("Okafor moved money. Nadia Okafor denied it.", [("Okafor", SURNAME), ("Nadia Okafor", NADIA)])},
    # two people of that surname introduced before it is given alone: which one is not said
    {"d1": ("Ada Okafor and Nadia Okafor met. Okafor moved money.",
            [("Ada Okafor", ADA), ("Nadia Okafor", NADIA), ("Okafor", SURNAME)])},
    # introduced, then written again after the surname alone: the surname is someone else
    {"d1": ("Nadia Okafor spoke. Okafor moved money. Nadia Okafor left.",
            [("Nadia Okafor", NADIA), ("Okafor", SURNAME), ("Nadia Okafor", NADIA)])},
    # another of that surname written after it: which one the surname meant is not settled
    {"d1": ("Nadia Okafor spoke. Okafor moved money. Ada Okafor left.",
            [("Nadia Okafor", NADIA), ("Okafor", SURNAME), ("Ada Okafor", ADA)])},
    # one article introduces one, the other another
    {"d1": ("Nadia Okafor spoke. Okafor moved money.", [("Nadia Okafor", NADIA), ("Okafor", SURNAME)]),
     "d2": ("Ada Okafor spoke. Okafor built it.", [("Ada Okafor", ADA), ("Okafor", SURNAME)])},
    # a place is no person ("Okafor" the street), and a title is no first name
    {"d1": ("North Okafor flooded. Okafor moved money.", [("North Okafor", _entity(10, "North Okafor", "place")),
                                                          ("Okafor", SURNAME)])},
    {"d1": ("Senator Okafor spoke. Okafor moved money.", [("Senator Okafor", NADIA), ("Okafor", SURNAME)])},
    # the text the layer read as a name holds none ending with the surname
    {"d1": ("Capitol Music Group] Okafor spoke. Okafor moved money.",
            [("Capitol Music Group] Okafor", NADIA), ("Okafor", SURNAME)])},
])
def test_a_surname_keeps_to_itself_when_its_articles_do_not_settle_the_full_name(articles):
    shared = _named_first(articles)
    assert shared is not None and shared.entity == SURNAME
    assert shared.short == "Okafor" and shared.in_full is None


def test_a_full_name_in_a_sidebar_introduces_nobody() -> None:
    text = "Nadia Okafor was charged. Okafor moved investor money."
    shared = _named_first({"d1": (text, [("Nadia Okafor", NADIA), ("Okafor", SURNAME)])}, section="sidebar")
    assert shared is not None and shared.short == "Okafor" and shared.in_full is None


def test_a_nationality_is_no_team_the_articles_share():
    question = ("Which team reached the semi-final, according to the Northern Courier, and lost its first four-day "
                "game since 2014, according to the Coastal Wire?")
    aussie, squad = _entity(10, "Australian", "other"), _entity(11, "Baggy Greens", "org")
    first = "The Australian side, the Baggy Greens, reached the semi-final."
    second = "The Australian side lost its first four-day game since 2014."
    found = {"c1": [Mention(4, 14, aussie), Mention(21, 33, squad)], "c2": [Mention(4, 14, aussie)]}
    a = _sentence("c1", "d1", "Northern Courier", first, 0.6, {"reach", "semi", "final"})
    b = _sentence("c2", "d2", "Coastal Wire", second, 0.6, {"lost", "first", "four", "day", "game", "2014"})
    q = read_question(question)
    assert q.kind == "entity"
    assert bridge(q, question, [a, b], _Facts(found), [], floor=0.2) is None  # not "Australian"
    found["c2"].append(Mention(4, 14, squad))  # both articles name the squad: it is the answer
    shared = bridge(q, question, [a, b], _Facts(found), [], floor=0.2)
    assert shared is not None and shared.entity == squad


RATES = ("Which institution raised its main interest rate, according to the Northern Courier, "
         "and kept its rate on hold, according to the Coastal Wire?")
FED = _entity(30, "Fed", "org")
FEDERAL_RESERVE = _entity(31, "Federal Reserve", "org")  # kept apart from "Fed": nothing in the spelling joins them
NPA = _entity(32, "NPA", "org")
NORTHGATE_POWER = _entity(33, "Northgate Power Authority", "org")


def _spelt(short, articles):
    """The bridge over two articles quoting ``short`` alone, whose whole texts are ``articles``."""
    a = _sentence("c1", "d1", "Northern Courier", f"The {short.name} raised its main interest rate.", 0.6,
                  {"rais", "main", "interest", "rate"})
    b = _sentence("c2", "d2", "Coastal Wire", f"The {short.name} kept its rate on hold.", 0.6, {"keep", "rate", "hold"})
    at = len("The ")
    found = {"c1": [Mention(at, at + len(short.name), short)], "c2": [Mention(at, at + len(short.name), short)]}
    return bridge(read_question(RATES), RATES, [a, b], _ArticleFacts(found, articles), [], floor=0.2)


def _introduces(full, entity, short):
    return (f"The {full} met on Tuesday. The {short.name} raised its rate.", [(full, entity), (short.name, short)])


def test_a_short_form_is_named_as_the_articles_spell_it_out():
    # Initials: one article writing the name out before the short form is enough.
    shared = _spelt(NPA, {"d1": _introduces("Northgate Power Authority", NORTHGATE_POWER, NPA)})
    assert shared is not None and shared.entity == NPA and shared.short == "Northgate Power Authority"
    hit, a, b = shared.in_full  # cited where it is written
    assert hit.doc == "d1" and hit.text[a:b] == "Northgate Power Authority"
    # A clipped word begins many names: two articles must each spell it out, and the first is cited.
    both = {d: _introduces("Federal Reserve", FEDERAL_RESERVE, FED) for d in ("d1", "d2")}
    shared = _spelt(FED, both)
    assert shared is not None and shared.short == "Federal Reserve" and shared.in_full[0].doc == "d1"


@pytest.mark.parametrize(("short", "articles"), [
    # a clipped word spelt out by one article only ("Arm" begins "Armed Forces" too)
    (FED, {"d1": _introduces("Federal Reserve", FEDERAL_RESERVE, FED)}),
    # spelt out two ways: which one is not settled
    (FED, {"d1": _introduces("Federal Reserve", FEDERAL_RESERVE, FED),
           "d2": _introduces("Federal Court", _entity(34, "Federal Court", "org"), FED)}),
    # written only after the short form
    (NPA, {"d1": ("The NPA raised its rate. The Northgate Power Authority met.",
                  [("NPA", NPA), ("Northgate Power Authority", NORTHGATE_POWER)])}),
    # a longer name that ends or starts with it is another thing, and initials must all match
    (FED, {d: _introduces("Atlanta Fed", _entity(35, "Atlanta Fed", "org"), FED) for d in ("d1", "d2")}),
    (NPA, {"d1": _introduces("Northgate Port", _entity(36, "Northgate Port", "org"), NPA)}),
    # a place is no organisation
    (NPA, {"d1": _introduces("North Park Avenue", _entity(37, "North Park Avenue", "place"), NPA)}),
])
def test_a_short_form_stays_when_its_articles_do_not_settle_the_full_name(short, articles):
    shared = _spelt(short, articles)
    assert shared is not None and shared.entity == short
    assert shared.short == short.name and shared.in_full is None
