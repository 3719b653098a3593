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
from assistant.answer.countries import asks_country, country_of, is_country, named_countries
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
    # "which one" picks from the noun it refers back to
    ("Of the five countries whose ministers met, which one kept its border open?", True),
    ("Which of the three nations signed first?", True), ("Of the three companies, which one grew?", False),
])
def test_asks_country(question: str, asks: bool) -> None:
    assert asks_country(question) is asks


@pytest.mark.parametrize(("question", "kind"), [
    ("Of the five countries whose ministers met, which one kept its border open?", "place"),
    ("Among the three companies, which one makes the drones?", "entity"),
    ("Which of these two cities hosted the summit?", "place"),
    ("Which one of the ministers met Umerov?", "person"),
])
def test_which_one_asks_for_the_noun_it_picks_from(question: str, kind: str) -> None:
    assert read_question(question).kind == kind


def test_the_countries_a_question_names_by_adjective_are_its_own() -> None:
    russia = {country_of("Russia")}
    assert named_countries("Which country let Russians in, though it banned Russian citizens?") == russia
    assert named_countries("Did the French and the Swedish agree?") == {country_of("France"), country_of("Sweden")}
    assert named_countries("Which country hosted the summit?") == set()
    assert named_countries("Which country told us of the US plan?") == {country_of("United States")}


BORDERS = [
    _record("Northern Courier", "2023-10-10", "Ministers seek ban on Russian travellers",
            "Interior ministers of the Baltic and Nordic states called for a ban on Russian travellers "
            "across the Schengen Zone on Tuesday.\n\n"
            "All of the countries at the meeting except Norway have already shut their borders to Russian "
            "citizens, the ministers said.\n"),
]


@pytest.fixture(scope="module")
def borders(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "borders", [*BORDERS, *COUNTRIES], 4)


def test_a_country_question_is_answered_by_a_country_other_than_its_own(borders: assistant.Assistant) -> None:
    # The passage names regions ("Baltic", "Nordic"), a zone and Russia, the question's own
    # country ("Russian citizens"): the one country left is the answer.
    answer = borders.ask("Of the countries whose interior ministers called for the ban on Russian travellers, "
                         "which one has not shut its border to Russian citizens?")
    assert answer.answered, answer.text
    assert answer.short == "Norway", answer.text
    assert any("except Norway" in c.quote for c in answer.citations)


def test_a_country_the_question_names_by_adjective_is_no_candidate_for_who_or_which() -> None:
    from assistant.answer.mentions import answer_entities

    text = "Officials of the Russian Federation said the drones were built by Kalashnikov Concern."
    found = {text[f.start:f.end] for f in answer_entities(read_question("Which Russian firm built the drones?"), text)}
    assert "Russian Federation" not in found and "Kalashnikov Concern" in found
    found = {text[f.start:f.end] for f in answer_entities(read_question("Which firm built the drones?"), text)}
    assert "Russian Federation" in found  # a question that names no country keeps it


@pytest.mark.parametrize(("question", "kind"), [
    # "which of" inside the question is no "which" question: who decided, when it was announced
    ("Who decided which of the two countries would host the final?", "person"),
    ("When did the ministry announce which of the three brigades would be disbanded?", "date"),
])
def test_which_of_inside_a_question_leaves_its_own_kind(question: str, kind: str) -> None:
    assert read_question(question).kind == kind
    assert not asks_country(question)


def test_a_possessive_is_not_the_noun_which_one_picks_from() -> None:
    assert not asks_country("Of the three countries' leaders, which one spoke first?")


@pytest.mark.parametrize("question", [
    "Which country celebrated as Coco Gauff won the US Open on Saturday?",
    "According to The Irish Times, which country won?", "Did Jordan Peterson speak in which country?",
])
def test_a_word_within_a_longer_name_names_no_country(question: str) -> None:
    assert named_countries(question) == set()


def test_a_country_question_keeps_countries_iso_spells_otherwise_and_drops_regions() -> None:
    from assistant.answer.mentions import Found
    from assistant.answer.places import countries_only

    text = "Bosnia called a snap election, officials in Serbia said, as Baltic and Russian leaders watched."
    found = [Found("place", text.index(w), text.index(w) + len(w), w.lower()) for w in ("Bosnia", "Serbia", "Baltic")]
    kept = countries_only(read_question("Which country called a snap election?"), text, found)
    assert [text[f.start:f.end] for f in kept] == ["Bosnia", "Serbia"]
    kept = countries_only(read_question("Which country, besides Serbia, called an election?"), text, found)
    assert [text[f.start:f.end] for f in kept] == ["Bosnia"]  # the question's own country is no answer


@pytest.mark.parametrize(("adjective", "country"), [
    ("Australian", "Australia"), ("Brazilian", "Brazil"), ("Filipino", "Philippines"), ("Pakistani", "Pakistan")])
def test_an_adjective_of_a_country_is_that_country(adjective: str, country: str) -> None:
    from assistant.answer.language import norm
    from assistant.answer.mentions import answer_entities

    assert norm(adjective) == norm(country)
    # "… against Australia": the Australian side is the other team, no answer to which team it was
    text = f"After years of {adjective} wins, India finally beat the {adjective} side by five wickets."
    question = read_question(f"Which team beat {country} by five wickets?")
    assert adjective not in {text[f.start:f.end] for f in answer_entities(question, text)}


def test_a_name_that_is_also_a_country_word_elsewhere_stays_a_name() -> None:
    from assistant.answer.mentions import answer_entities

    # not every demonym is folded: Jordan is as often a person
    text = "Jordan scored 40 points as the Bulls won in Chicago."
    assert "Jordan" in {text[f.start:f.end] for f in answer_entities(read_question("Who scored 40 points?"), text)}
