"""A number set against another thing's is not the other thing's count: "The depot has room
for 60 stalls, twice as many as the current square" does not say the square holds 60; nor
is a count of last week one of last month, nor what a figure became what it was.
Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.counting import excluded_count
from assistant.answer.language import read_question
from assistant.answer.mentions import numbers

ARTICLES = {
    "ferry.txt": (
        "New ferry enters service\n"
        "May 9, 2026\n\n"
        "The new ferry carries 400 passengers, twice as many as the old harbour boat.\n\n"
        "The crossing takes 25 minutes.\n"
    ),
    "timetable.txt": (
        "Island ferry speeds up\n"
        "May 11, 2026\n\n"
        "The faster island ferry cut the trip to Vardo from 50 minutes to 20, the harbour office said.\n"
    ),
    "crossings.txt": (
        "Ferry busy in spring\n"
        "May 10, 2026\n\n"
        "The island ferry made 30 crossings last week, the harbour office said.\n"
    ),
}

SENTENCE = "The new ferry carries 400 passengers, twice as many as the old harbour boat."


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "compared", ARTICLES, k=2)


def _excluded(question: str, text: str) -> list[bool]:
    q = read_question(question)
    return [excluded_count(q, f, text) for f in numbers(text)]


def test_the_number_of_the_thing_compared_with_is_not_its_own() -> None:
    assert _excluded("How many passengers does the old harbour boat carry?", SENTENCE) == [True]
    assert _excluded("How many passengers does the new ferry carry?", SENTENCE) == [False]
    # Compared with what the question does not ask about: the number stays.
    assert _excluded("How many passengers does it carry?", SENTENCE) == [False]
    assert _excluded("How many passengers did the old boat carry?",
                     "The old boat carried 300 passengers, more than the new ferry.") == [False]


def test_asked_through_the_assistant(bot) -> None:
    assert bot.ask("How many passengers does the new ferry carry?").short == "400"
    assert bot.ask("How many passengers does the old harbour boat carry?").short != "400"


def test_what_rose_against_a_time_is_still_what_rose() -> None:
    assert _excluded("How much did prices rise compared with last year?",
                     "Prices rose 5 percent compared with last year.") == [False]


def test_a_count_of_another_time_is_no_answer(bot) -> None:
    assert bot.ask("How many crossings did the island ferry make last week?").short == "30"
    assert bot.ask("How many crossings did the island ferry make last month?").short is None


def test_what_a_figure_was_before_it_changed(bot) -> None:
    assert bot.ask("How long did the trip to Vardo take before the faster ferry?").short == "50 minutes"
    assert bot.ask("How long does the trip to Vardo take with the faster island ferry?").short in ("20", "20 minutes")


def test_a_bare_number_of_the_time_asked_about() -> None:
    # "last year's record of 19,000": the count of last year, though no unit follows it.
    text = "More than 2,500 visitors came to the Halden fair this weekend, beating last year's record of 1,900."
    q = read_question("How many visitors came to the Halden fair last year?")
    from assistant.answer.figures import named_number
    from assistant.answer.mentions import answer_entities

    found = answer_entities(q, text)
    # "this weekend" is another time than the "last year" asked: 2,500 is not a candidate at all
    assert [text[f.start:f.end] for f in found] == ["1,900"]
    assert [named_number(q, text, f) for f in found] == [True]
    # Asked of no time, the bare number counts nothing.
    assert [text[f.start:f.end] for f in answer_entities(read_question("How many visitors came to the Halden fair?"),
                                                         text)] == ["2,500"]
