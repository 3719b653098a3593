"""Figures and places as a single report gives them: "Cars will pay 30 kroner … Lorries will
pay 90 kroner" (one report's two numbers are two things, not two accounts of one, so no
conflict), "The old record of 31.2C was set in 1921" (an old record is asked of the past; a
temperature keeps its C), "The man, from Sweden, was found …" (where someone is from is no
place he was missing near) and "a best-before date of 9 May" (a date the noun asks for).
Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.language import classify

pytest.importorskip("spacy")

ARTICLES = {
    "toll.txt": (
        "New toll on the Vik road\n"
        "March 30, 2026\n\n"
        "Cars will pay 30 kroner at the new toll.\n\n"
        "Lorries will pay 90 kroner.\n"
    ),
    "heat.txt": (
        "Heat record in Dalen\n"
        "July 18, 2026\n\n"
        "Dalen recorded 32.5C on Friday.\n\n"
        "The old record of 31.2C was set in Vik in 1921.\n"
    ),
    "climber.txt": (
        "Missing climber found\n"
        "January 8, 2026\n\n"
        "A climber who had been missing near Skarvik for a night was found alive.\n\n"
        "The man, from Sweden, was found by a helicopter.\n"
    ),
    "soup.txt": (
        "Soup recalled\n"
        "April 2, 2026\n\n"
        "The soup, sold under the brand Good Pot, has a best-before date of 9 May.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "tolls", ARTICLES, k=3)


def test_one_reports_two_numbers_are_no_conflict(bot: assistant.Assistant) -> None:
    lorries = bot.ask("How much will lorries pay?")
    assert lorries.short == "90 kroner" and lorries.conflicts == ()
    assert bot.ask("How much will cars pay at the toll?").short == "30 kroner"


def test_an_old_record_and_a_temperature(bot: assistant.Assistant) -> None:
    assert bot.ask("What was the old record?").short == "31.2C"
    assert bot.ask("What temperature was recorded in Dalen?").short == "32.5C"


def test_where_someone_is_from_is_said_after_from(bot: assistant.Assistant) -> None:
    short = bot.ask("Where is the climber from?").short
    assert short in (None, "Sweden")  # never Skarvik, where he was missing
    assert bot.ask("Where was the climber missing?").short == "Skarvik"


def test_a_date_the_noun_asks_for(bot: assistant.Assistant) -> None:
    assert classify("What is the best-before date?")[0] == "date"
    short = bot.ask("What is the best-before date?").short
    assert short is not None and "May" in short  # a date, not the brand "Good Pot"
