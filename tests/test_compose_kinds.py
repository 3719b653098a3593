"""Composed answers of more kinds (``answer.compose.bridge``): a country two outlets'
articles share, and a name the question gives that is in another passage of an article
quoted than the sentence naming the answer. Articles are our own writing, as
benchmark-style records (outlet, date, body).
"""

from __future__ import annotations

import pytest
from conftest import assistant_over as _bot
from conftest import news_record as _record

import assistant
from assistant.answer.compose import bridge
from assistant.answer.countries import asks_country, country_of, is_country
from assistant.answer.language import read_question

pytest.importorskip("spacy")


COUNTRIES = [
    _record("Northern Courier", "2023-10-02", "Lithium exports halted",
            "Chile banned the export of raw lithium ore on Monday, the trade ministry said.\n\n"
            "Mining firms said the ban would cost them sales in Peru and beyond.\n"),
    _record("Coastal Wire", "2023-10-05", "Rates at a decade high",
            "The central bank of Chile raised interest rates to nine percent, the highest in a decade.\n\n"
            "Economists had expected a smaller rise.\n"),
    _record("Northern Courier", "2023-10-03", "Port strike ends",
            "Dock workers in Peru ended a two-week strike at the port of Callao on Tuesday.\n"),
    _record("Northern Courier", "2023-10-06", "Shipping summit opens",
            "Trade ministers met in Lisbon on Friday for the summit on shipping rules.\n"),
    _record("Coastal Wire", "2023-10-07", "Summit pledge on emissions",
            "The shipping summit in Lisbon ended with a pledge to cut emissions from cargo ships.\n"),
    _record("Northern Courier", "2023-10-08", "Chip exports curbed",
            "The U.S. banned exports of advanced memory chips to three firms on Sunday.\n"),
    _record("Coastal Wire", "2023-10-09", "Tariffs on panels",
            "The United States raised tariffs on imported solar panels to 50 percent.\n"),
]


@pytest.fixture(scope="module")
def countries(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "countries", COUNTRIES, 6)


def test_the_country_both_outlets_report_is_the_short_answer_cited_in_each(countries: assistant.Assistant) -> None:
    answer = countries.ask("Which country banned the export of raw lithium ore, according to the Northern "
                           "Courier, and raised interest rates to the highest in a decade, as the Coastal Wire "
                           "reported?")
    assert answer.answered, answer.text
    assert answer.short == "Chile", answer.text
    assert {c.title for c in answer.citations} == {"Lithium exports halted", "Rates at a decade high"}
    assert all("Chile" in c.quote for c in answer.citations)


def _bridged(bot: assistant.Assistant, question: str):
    answerer = bot.answerer
    sentences = answerer.sentences(bot.search(question))
    named = answerer.facts.named(question)
    q = answerer.score(read_question(question), question, sentences, named)
    return q, bridge(q, question, sentences, answerer.facts, named, floor=0.0)


def test_a_country_only_one_outlet_reports_is_no_composed_answer(countries: assistant.Assistant) -> None:
    # Peru is in the Northern Courier only; the Coastal Wire's Chile is not the country of the strike.
    q, shared = _bridged(countries, "Which country ended a strike at the port of Callao, according to the Northern "
                                    "Courier, and saw dock workers strike, as the Coastal Wire reported?")
    assert q.kind == "place"
    assert shared is None or shared.short != "Peru"


def test_one_country_spelt_two_ways_is_one_answer_named_in_full(countries: assistant.Assistant) -> None:
    answer = countries.ask("Which country banned exports of advanced memory chips, according to the Northern "
                           "Courier, and raised tariffs on imported solar panels, as the Coastal Wire reported?")
    assert answer.short == "United States", answer.text
    assert {c.title for c in answer.citations} == {"Chip exports curbed", "Tariffs on panels"}


def test_a_country_question_is_not_composed_from_a_city_both_outlets_name(countries: assistant.Assistant) -> None:
    question = ("Which country hosted the summit on shipping rules, according to the Northern Courier, and "
                "pledged to cut emissions from cargo ships, as the Coastal Wire reported?")
    assert sum("Lisbon" in h.text for h in countries.search(question)) >= 2  # both outlets' articles name it
    q, shared = _bridged(countries, question)
    assert q.kind == "place"
    assert shared is None


@pytest.mark.parametrize(("name", "country"), [
    ("China", True), ("the US", True), ("South Korea", True), ("Russia", True), ("the UK", True),
    ("Britain", True), ("Türkiye", True), ("Ivory Coast", True), ("Wales", True),
    ("San Francisco", False), ("Europe", False), ("Lisbon", False), ("Gaza", False), ("", False),
    # ISO codes are no names: "AI" (Anguilla) and "LA" (Laos) in news copy are neither
    ("AI", False), ("LA", False), ("CA", False), ("IN", False),
])
def test_is_country(name: str, country: bool) -> None:
    assert is_country(name) is country


def test_spellings_of_one_country_share_its_key() -> None:
    assert country_of("the U.S.") == country_of("U.S") == country_of("United States") == country_of("America")
    assert country_of("U.K.") == country_of("Britain") == country_of("United Kingdom")
    assert country_of("Turkey") == country_of("Türkiye") and country_of("Turkey") != country_of("Greece")


@pytest.mark.parametrize(("question", "asks"), [
    ("Which country hosted the summit?", True), ("In which European nation did it open?", True),
    ("What two countries signed the pact?", True), ("Which city in the United States hosted it?", False),
    ("Did state media report it?", False), ("Which United Nations agency sent aid?", False),
])
def test_asks_country(question: str, asks: bool) -> None:
    assert asks_country(question) is asks


_FILLER = ("The hearing room was full and the queue for seats began before dawn on the first day. "
           "Reporters, lawyers and members of the public waited in the rain for the doors to open. ")


FOUNDER = [
    _record("Northern Courier", "2023-10-02", "Founder charged",
            "Brightwell, a solar startup from Tampere, grew to two thousand staff in three years.\n\n"
            + _FILLER * 6 + "\n\n"
            "Nadia Okafor, its founder, was charged with moving investor money into private accounts.\n"),
    _record("Coastal Wire", "2023-10-05", "Trial opens",
            "Brightwell sold panels across the north of Tampere and beyond.\n\n"
            + _FILLER * 6 + "\n\n"
            "Nadia Okafor is accused of lying to investors about the sales of the company she founded.\n"),
]


@pytest.fixture(scope="module")
def founder(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "founder", FOUNDER, 8)


def test_the_names_a_question_gives_may_be_in_another_passage_of_the_articles_quoted(
        founder: assistant.Assistant) -> None:
    question = ("Who is the founder of the Tampere startup Brightwell who was charged with moving investor money "
                "into private accounts, according to the Northern Courier, and accused of lying to investors "
                "about sales, as reported by the Coastal Wire?")
    hits = founder.search(question)
    # Each article is in several passages; the one naming Brightwell is not the one naming her.
    assert len({h.chunk_id for h in hits}) > len({h.doc for h in hits})
    assert not any("Brightwell" in h.text and "Okafor" in h.text for h in hits)
    answer = founder.ask(question)
    assert answer.short == "Nadia Okafor", answer.text
    assert {c.title for c in answer.citations} == {"Founder charged", "Trial opens"}
