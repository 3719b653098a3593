"""Counts of a disaster report: "killing at least 23 people and injuring more than 140" gives
140 for how many were injured (the unit carried over, the verb before the number naming it);
a past event's count ("the last deadly quake, in 1998, killed 11") answers no question about
this one; the magnitude is a figure; who visited a town is not the town, nor the valley named
like a person. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import object_of_another
from assistant.answer.compared import another_year, earlier_figure
from assistant.answer.language import classify
from assistant.answer.mentions import numbers

pytest.importorskip("spacy")

ARTICLES = {
    "quake.txt": (
        "Earthquake kills at least 23 in Marov valley\n"
        "April 14, 2026\n\n"
        "A magnitude 6.1 earthquake struck the Marov valley on Monday.\n\n"
        "It killed at least 23 people and injured more than 140, officials said.\n\n"
        "Prime Minister Daniel Koren, who visited Ostel on Monday afternoon, promised 50 million euros in "
        "emergency aid.\n\n"
        "The last deadly quake in the region, in 1998, killed 11 people.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "quake", ARTICLES, k=2)


def test_a_count_after_and_a_verb_counts_what_the_first_counts() -> None:
    text = "The quake killed at least 23 people and injured more than 140, officials said."
    assert [f.key.split()[:2] for f in numbers(text)] == [["23", "peopl"], ["140", "peopl"]]
    assert earlier_figure("killing at least 23 people and injuring more than ")
    assert not earlier_figure("killing at least 23 people in ")


def test_a_past_event_s_year() -> None:
    last = "The last deadly quake in the region, in 1998, killed 11 people."
    at = last.index("11")
    assert another_year("How many people were killed?", last, "2026-04-14", at)
    assert not another_year("How many people did the 1998 quake kill?", last, "2026-04-14", at)
    now = "It killed 23 people in 2026."
    assert not another_year("How many people were killed?", now, "2026-04-14", now.index("23"))
    # a year the figure is compared with is not the year it is of
    most = "Some 9,000 came, the most since 2019."
    assert not another_year("How many visitors came?", most, "2026-04-14", 5)
    # the year of another verb: founded in 1921, employs 6,000 now
    firm = "The firm was founded in 1921 and employs about 6,000 people."
    assert not another_year("How many people does the firm employ?", firm, "2026-04-14", firm.index("6,000"))


def test_the_magnitude_is_a_figure() -> None:
    assert classify("What was the magnitude of the earthquake?")[0] == "quantity"


def test_counts_through_the_assistant(bot) -> None:
    assert bot.ask("How many people were injured?").short == "more than 140"
    assert bot.ask("How many people were killed?").short == "at least 23"  # not the 11 of 1998
    assert bot.ask("How many people did the 1998 quake kill?").short == "11"
    assert bot.ask("What was the magnitude of the earthquake?").short == "6.1"


def test_who_did_it_not_where_they_went(bot) -> None:
    text = "Prime Minister Daniel Koren, who visited Ostel on Monday, promised 50 million euros in aid."
    at = text.index("Ostel")
    assert object_of_another("promis", text, at, at + len("Ostel"))
    assert not object_of_another("visit", text, at, at + len("Ostel"))
    # what is said of it does the verb: it is who supplies
    text = "The project could also involve Delair, a drone maker that supplies UAVs to the army."
    at = text.index("Delair")
    assert not object_of_another("suppli", text, at, at + len("Delair"))
    assert bot.ask("Who promised emergency aid?").short == "Daniel Koren"
    assert bot.ask("Who visited Ostel on Monday?").short == "Daniel Koren"  # not "Marov" of the valley
