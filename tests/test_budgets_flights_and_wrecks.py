"""A budget, a diverted ferry, a wreck, a school report and a strike, as news style writes
them: a plan that cuts one thing and raises another, a model's number beside a count, a sum
raised "by" an amount, this year's figure beside next year's, a historical year, a date
"within a year", a share of a market, where a ferry was diverted to, who was charged, places
no operator is, a noun that is the question's own, and a weekday a strike will start on.
Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.decide import decided
from assistant.answer.language import classify, read_question
from assistant.answer.mentions import answer_entities, numbers

pytest.importorskip("spacy")

ARTICLES = {
    "plan.txt": (
        "Transport plan cuts fuel duty and raises road spending\n"
        "October 8, 2026\n\n"
        "Transport Minister Eva Dahl on Wednesday presented a plan that cuts fuel duty for hauliers and raises "
        "spending on roads by 2 billion euros.\n\n"
        "She said the duty cut would cost 900 million euros. The plan forecasts a deficit of 2.1% of output next "
        "year, down from 2.6% this year.\n"
    ),
    "ferry.txt": (
        "Ferry diverted after engine fault\n"
        "February 3, 2026\n\n"
        "A Seaway ferry from Oslo to Hamburg was diverted to Copenhagen on Monday after an engine fault, the operator "
        "said. The Nordic 240, carrying 410 passengers and 60 crew, docked shortly after noon.\n"
    ),
    "wreck.txt": (
        "Galleon found off Kinsale\n"
        "June 19, 2026\n\n"
        "Divers have found a galleon that sank off Kinsale in 1588, the national museum said on Friday.\n"
    ),
    "school.txt": (
        "Riverside school rated poor\n"
        "November 20, 2026\n\n"
        "Riverside school was rated good at its last inspection in 2020. "
        "The school will be inspected again within a year.\n"
    ),
    "court.txt": (
        "Former mayor charged with fraud\n"
        "May 12, 2026\n\n"
        "Prosecutors have charged the former mayor of Dorby, Ola Brenn, with fraud.\n"
    ),
    "grocers.txt": (
        "Grocers merge\n"
        "July 30, 2026\n\n"
        "Together the two groups will have about 25% of the grocery market. "
        "Regulators questioned Nordmart’s plan to close depots.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "budgets", ARTICLES, k=4)


def test_what_one_verb_takes_is_not_what_another_does() -> None:
    said = quoted_sentence("The plan cuts fuel duty for hauliers and raises spending on roads by 2 billion euros.")
    assert decided("Did the plan raise fuel duty?", said) == "No"
    assert decided("Did the plan raise spending on roads?", said) == "Yes"
    assert decided("Did the plan cut fuel duty?", said) == "Yes"


def test_a_models_number_is_no_count() -> None:
    text = "The Nordic 240, carrying 410 passengers and 60 crew, docked shortly after noon."
    assert [text[f.start:f.end] for f in numbers(text)] == ["410", "60"]
    cost = "It cost Apple 40 million dollars."
    assert [cost[f.start:f.end] for f in numbers(cost)] == ["40 million"]


def test_a_sum_raised_by_an_amount_and_a_sum_it_costs(bot: assistant.Assistant) -> None:
    assert bot.ask("How much will spending on roads rise?").short == "2 billion euros"
    assert classify("How much will the duty cut cost?")[0] == "money"
    assert classify("How much did profit fall?")[0] == "quantity"
    assert classify("What deficit does the plan forecast?")[0] == "quantity"  # "plan" is no description asked
    assert classify("What role did the plan play?")[0] == "open"
    assert classify("What is Rovers' league position this season?")[0] == "open"


def test_this_years_figure_beside_next_years() -> None:
    text = "The plan forecasts a deficit of 2.1% of output next year, down from 2.6% this year."
    this = answer_entities(read_question("What is this year's deficit?"), text)
    coming = answer_entities(read_question("What deficit does the plan forecast for next year?"), text)
    assert [text[f.start:f.end] for f in this] == ["2.6%"]
    assert [text[f.start:f.end] for f in coming] == ["2.1%"]


def test_a_historical_year_and_a_date_within_a_year(bot: assistant.Assistant) -> None:
    assert bot.ask("When did the galleon sink?").short == "1588"
    # 2020 is when it was last inspected: no answer to when it will be
    assert bot.ask("When will Riverside school be inspected again?").short == "within a year"


def test_a_share_of_a_market_is_a_percentage(bot: assistant.Assistant) -> None:
    text = "Together the two groups will have about 25% of the grocery market."
    q = read_question("What share of the grocery market will the groups have?")
    assert [text[f.start:f.end] for f in answer_entities(q, text)] == ["25%"]
    assert bot.ask("What share of the grocery market will the groups have?").short == "about 25%"


def test_where_it_was_diverted_to_is_the_place_after_the_verb(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was the Seaway ferry diverted to?").short == "Copenhagen"


def test_who_was_charged_is_not_who_charged(bot: assistant.Assistant) -> None:
    assert bot.ask("Who was charged with fraud?").short == "Ola Brenn"
    assert bot.ask("Who charged Ola Brenn?").short == "Prosecutors"


def test_a_strike_from_thursday_morning_is_still_to_come() -> None:
    from assistant.knowledge import nlp
    from assistant.knowledge.tense import tense_of

    doc = nlp.load()("Train drivers will strike for 24 hours from Thursday morning, the union said.")
    assert [tense_of(e) for e in doc.ents if e.text == "Thursday"] == ["future"]


def test_the_questions_own_noun_does_not_answer_who() -> None:
    from assistant.answer.unnamed_subject import unnamed_subject

    text = "No buses will run in the north during the strike, the operator said."
    assert unnamed_subject("Who runs the buses?", text) is None
    said = "Head librarian Priya Natarajan said volunteers carried the rarest maps to the upper floor."
    assert unnamed_subject("Who carried the maps?", said) == "volunteers"


def test_places_a_flight_went_are_no_airline(bot: assistant.Assistant) -> None:
    short = bot.ask("Which company operated the Seaway ferry?").short or ""
    assert not {"Oslo", "Hamburg", "Copenhagen"} & set(short.split(", "))


def test_a_possessive_names_the_business(bot: assistant.Assistant) -> None:
    short = bot.ask("Which company planned to close depots?").short or ""
    assert "Nordmart" in short.split(", ")  # not "Nordmart’s"
