"""Figures as they were, and who took which side: "minus 41.5C" and "-22C" keep their sign;
"How cold …?" asks a temperature; where a ferry was going is no place it sailed from, and
"The towns of Holtby and Brekkvik merged" names both towns; a promised figure is no figure
of what was; "in the north" asks of the north; "The Green Party voted for the plan" names no
party that voted against it; a clause that points back ("but police said he was not …")
still decides; "Union leader Tor Berge" leads the union. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.intended import intended
from assistant.answer.language import classify
from assistant.answer.qualifiers import asked_where
from assistant.answer.undergoers import the_undergoer

pytest.importorskip("spacy")

ARTICLES = {
    "cold.txt": (
        "Cold night in Lakselv\n"
        "January 9, 2026\n\n"
        "Lakselv recorded minus 41.5C on Thursday night.\n"
    ),
    "waits.txt": (
        "Hospital waits\n"
        "June 18, 2026\n\n"
        "Average waits fell to 61 days in the spring.\n\n"
        "The minister had promised an average wait of under 40 days.\n\n"
        "Waits were shortest in the west, at 55 days.\n\n"
        "In the north they rose to 75 days.\n"
    ),
    "vote.txt": (
        "Council backs bus plan\n"
        "March 3, 2026\n\n"
        "The Green Party and the Labour Party voted for the bus plan.\n\n"
        "The Farmers Party voted against the bus plan.\n"
    ),
    "ferry.txt": (
        "Ferry aground\n"
        "October 16, 2026\n\n"
        "The ferry was sailing from Oslo to Bergen when it ran aground.\n"
    ),
    "frost.txt": (
        "Frost warning\n"
        "February 2, 2026\n\n"
        "Temperatures will fall as low as -22C in Lesja this weekend.\n"
    ),
    "towns.txt": (
        "Towns merge\n"
        "January 2, 2026\n\n"
        "The towns of Holtby and Brekkvik merged on 1 January.\n"
    ),
    "arrest.txt": (
        "Man held after fire\n"
        "July 1, 2026\n\n"
        "A local man was arrested on Monday, but police said he was not a suspect.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "signs", ARTICLES, k=3)


def test_a_temperature_keeps_its_sign(bot: assistant.Assistant) -> None:
    assert classify("How cold was it in Lakselv?")[0] == "quantity"
    assert bot.ask("How cold was it in Lakselv?").short == "minus 41.5C"
    assert bot.ask("What temperature did Lakselv record?").short == "minus 41.5C"


def test_a_sign_written_as_a_dash(bot: assistant.Assistant) -> None:
    assert bot.ask("How cold will it get in Lesja?").short == "-22C"


def test_where_a_ferry_was_going_is_not_where_it_came_from(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was the ferry sailing to?").short == "Bergen"
    assert bot.ask("Where was the ferry sailing from?").short == "Oslo"


def test_every_place_the_verb_takes(bot: assistant.Assistant) -> None:
    assert bot.ask("Which towns merged?").short == "Holtby, Brekkvik"


def test_a_promise_is_no_figure_of_what_was(bot: assistant.Assistant) -> None:
    text = "The minister had promised an average wait of under 40 days."
    assert intended("What was the average wait?", text, text.index("40"))
    assert not intended("What did the minister promise?", text, text.index("40"))
    assert bot.ask("What was the average wait?").short == "61 days"


def test_a_figure_of_the_place_asked(bot: assistant.Assistant) -> None:
    assert asked_where("What was the wait in the north?") == "north"
    assert bot.ask("What was the wait in the north?").short == "75 days"


def test_the_other_side_of_a_vote_is_no_answer(bot: assistant.Assistant) -> None:
    short = bot.ask("Which party voted against the bus plan?").short
    assert short == "Farmers Party"


def test_a_clause_pointing_back_still_decides(bot: assistant.Assistant) -> None:
    assert bot.ask("Is the arrested man a suspect?").short == "No"


def test_a_leader_titled_by_what_he_leads() -> None:
    text = "Union leader Tor Berge said drivers were angry."
    assert not the_undergoer("Who leads the union?", text, text.index("Tor"))
    cleared = "The court cleared former mayor Ola Rud."
    assert the_undergoer("Who cleared the former mayor?", cleared, cleared.index("Ola"))
    assert not the_undergoer("Who is the former mayor?", cleared, cleared.index("Ola"))
