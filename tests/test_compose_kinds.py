"""Composed answers of more kinds (``answer.compose.bridge``): a country two outlets'
articles share, and a name the question gives that is in another passage of an article
quoted than the sentence naming the answer. Articles are our own writing, as
benchmark-style records (outlet, date, body).
"""

from __future__ import annotations

import pytest
from conftest import index_articles

import assistant
from assistant.answer.compose import bridge
from assistant.answer.language import read_question
from assistant.answer.places import is_country

pytest.importorskip("spacy")


def _record(outlet: str, date: str, title: str, body: str) -> dict:
    return {"title": title, "author": "", "source": outlet, "published_at": f"{date}T09:00:00+00:00",
            "category": "business", "url": f"https://example.test/{outlet.split()[0].lower()}/{date}", "body": body}


def _bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str, name: str, articles: list[dict],
         k: int) -> assistant.Assistant:
    from assistant.indexing.embedding import SentenceTransformerEmbedder

    index = index_articles(tmp_path_factory.mktemp(name), SentenceTransformerEmbedder(tiny_model), articles)
    return assistant.Assistant(index, k=k)


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
]


@pytest.fixture(scope="module")
def countries(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "countries", COUNTRIES, 6)


def test_the_country_both_outlets_report_is_the_short_answer_cited_in_each(countries) -> None:
    answer = countries.ask("Which country banned the export of raw lithium ore, according to the Northern "
                           "Courier, and raised interest rates to the highest in a decade, as the Coastal Wire "
                           "reported?")
    assert answer.answered, answer.text
    assert answer.short == "Chile", answer.text
    assert {c.title for c in answer.citations} == {"Lithium exports halted", "Rates at a decade high"}
    assert all("Chile" in c.quote for c in answer.citations)


def test_a_country_only_one_outlet_reports_is_no_composed_answer(countries) -> None:
    # Peru is in the Northern Courier only: no article of the Coastal Wire says it raised rates.
    answer = countries.ask("Which country ended a strike at the port of Callao, according to the Northern "
                           "Courier, and raised interest rates to the highest in a decade, as the Coastal Wire "
                           "reported?")
    assert answer.short != "Peru", answer.text


def test_a_country_question_is_not_composed_from_a_city_both_outlets_name(countries) -> None:
    question = ("Which country hosted the summit on shipping rules, according to the Northern Courier, and "
                "pledged to cut emissions from cargo ships, as the Coastal Wire reported?")
    answerer = countries.answerer
    hits = countries.search(question)
    assert sum("Lisbon" in h.text for h in hits) >= 2  # both outlets' articles name the city
    sentences = answerer.sentences(hits)
    named = answerer.facts.named(question)
    q = answerer.score(read_question(question), question, sentences, named)
    assert q.kind == "place"
    assert bridge(q, question, sentences, answerer.facts, named, floor=0.0) is None


@pytest.mark.parametrize(("name", "country"), [
    ("China", True), ("the US", True), ("South Korea", True), ("Russia", True), ("the UK", True),
    ("Britain", True), ("San Francisco", False), ("Europe", False), ("Lisbon", False), ("Gaza", False),
])
def test_is_country(name: str, country: bool) -> None:
    assert is_country(name) is country


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


def test_the_names_a_question_gives_may_be_in_another_passage_of_the_articles_quoted(founder) -> None:
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
