"""Figures and names a sentence gives for more than one party or time, as news style writes
them: "beating Tor Lie, who took 39%" (the loser's share is the one his name is next to),
"rose to 88.1% this year from 86.4% last year" (last year's rate is the one said with last
year), "The number of people waiting … fell to 8,200" (a bare figure counts what "the number
of" names), "The average delay was 41 minutes" (what a delay is: a time), and "The award for
best debut went to the band Kite" (the prize went to the one who won it; a weaker sentence
about another prize names no winner of this one). Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.counting import counts_unit
from assistant.answer.figures import named_number
from assistant.answer.language import read_question
from assistant.answer.mentions import numbers
from assistant.answer.relation import main_verb, says_verb

pytest.importorskip("spacy")

ARTICLES = {
    "union.txt": (
        "New leader for dockers' union\n"
        "March 2, 2026\n\n"
        "Siri Vang was elected head of the dockers' union, winning 61% and beating Tor Lie, who took 39%.\n"
    ),
    "exams.txt": (
        "More pupils pass driving test\n"
        "July 9, 2026\n\n"
        "The driving test pass rate rose to 88.1% this year from 86.4% last year.\n"
    ),
    "ferry.txt": (
        "Ferry queue shrinks\n"
        "September 3, 2026\n\n"
        "The number of people waiting for a ferry berth fell to 8,200 in August.\n\n"
        "The average delay was 41 minutes.\n"
    ),
    "prizes.txt": (
        "Jazz prize for Nora Vik\n"
        "October 12, 2026\n\n"
        "The award for best debut went to the band Kite.\n\n"
        "Nora Vik also won best singer for her album.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "shares", ARTICLES, k=3)


def _number_at(text: str, figure: str):
    return next(f for f in numbers(text) if text[f.start:f.end] == figure)


def test_a_share_is_the_one_said_beside_the_asked_name(bot: assistant.Assistant) -> None:
    text = "Siri Vang was elected head of the dockers' union, winning 61% and beating Tor Lie, who took 39%."
    q = read_question("What share did Tor Lie take?")
    assert named_number(q, text, _number_at(text, "39%"), main_verb(q.text))
    assert not named_number(q, text, _number_at(text, "61%"), main_verb(q.text))
    assert bot.ask("What share did Tor Lie take?").short == "39%"
    assert bot.ask("What share did Tor Lie get?").short == "39%"  # "get" is no verb of its own: "who" says whose


def test_last_years_figure_is_the_one_said_with_last_year(bot: assistant.Assistant) -> None:
    assert bot.ask("What was last year's driving test pass rate?").short == "86.4%"
    assert bot.ask("What is the driving test pass rate this year?").short == "88.1%"


def test_the_number_of_names_what_a_bare_figure_counts(bot: assistant.Assistant) -> None:
    text = "The number of people waiting for a ferry berth fell to 8,200 in August."
    q = read_question("How many people are waiting for a ferry berth?")
    assert counts_unit(q, _number_at(text, "8,200"), text)
    assert not counts_unit(read_question("How many ferries are waiting?"), _number_at(text, "8,200"), text)
    assert bot.ask("How many people are waiting for a ferry berth?").short == "8,200"


def test_a_wait_or_delay_is_a_time(bot: assistant.Assistant) -> None:
    q = read_question("What was the average delay?")
    assert q.kind == "quantity" and q.measure
    assert read_question("What was the delay caused by?").kind != "quantity"
    assert bot.ask("What was the average delay?").short == "41 minutes"


def test_a_prize_that_went_to_someone_was_won_by_them(bot: assistant.Assistant) -> None:
    assert says_verb(main_verb("Who won best debut?"), "The award for best debut went to the band Kite.")
    assert not says_verb(main_verb("Who built the bridge?"), "The award for best debut went to the band Kite.")
    # Kite, not Nora Vik of the weaker sentence that says "won" of another prize
    assert bot.ask("Who won best debut?").short == "Kite"
