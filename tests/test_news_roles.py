"""Who is what in wire copy: a role set before a name in commas ("his agent, Lukas Berger,"),
who heard a statement ("in a statement to several outlets, including Coastline Radio"), a
firm whose name ends in what it does ("Talvik Terminals"), a body no name holds ("the
regional administrative court"), a place named beside a noun of the land ("the Valmont
ridge"), a figure given after another ("86 cases in August, up from 11 in July") and a
first name alone of someone asked about. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import attributive, described, of_type, press_or_land
from assistant.answer.compared import another_time, earlier_figure
from assistant.answer.mentions import numbers
from assistant.answer.people import _AT
from assistant.answer.unnamed_subject import unnamed_subject

pytest.importorskip("spacy")

ARTICLES = {
    "port.txt": (
        "Dock workers at Kessler Bay walk out\n"
        "March 12, 2026\n\n"
        "About 1,400 dock workers at the port of Kessler Bay went on strike on Wednesday after talks over "
        "automated cranes collapsed.\n\n"
        "Talvik Terminals said in a statement to several outlets, including Coastline Radio, that no jobs "
        "would be cut before 2028.\n"
    ),
    "ridge.txt": (
        "Court blocks wind farm\n"
        "May 4, 2026\n\n"
        "The regional administrative court on Monday halted construction of a wind farm on the Valmont ridge, "
        "citing a colony of golden eagles.\n\n"
        "The ruling is a setback for Brightwind Energy, which is building the wind farm on the Valmont ridge.\n"
    ),
    "transfer.txt": (
        "Striker joins Rotterdam side\n"
        "July 20, 2026\n\n"
        "Pavel Novak, who scored 27 goals last season, has signed a five-year contract with Maasstad.\n\n"
        "Novak had also been courted by Benfica and Celtic, according to his agent, Lukas Berger.\n\n"
        "\"Pavel wanted a club where he would play every week,\" Berger said.\n\n"
        "Novak is expected to make his debut against Feyenoord on August 9, coach Eva de Groot said.\n\n"
        "The club sold its previous top scorer, Martin Krejci, to Sparta Prague in 2024.\n"
    ),
    "vote.txt": (
        "Greens win Harlow race\n"
        "November 9, 2026\n\n"
        "Mira Castell of the Green Party won the Harlow mayoral election on Sunday, defeating the incumbent, "
        "Peter Vance, who had held the post for twelve years.\n"
    ),
    "measles.txt": (
        "Measles cases rise in Lennart\n"
        "September 2, 2026\n\n"
        "Health officials in Lennart province reported 86 measles cases in August, up from 11 in July.\n\n"
        "Opposition lawmakers have called for unvaccinated children to be barred from nurseries, as has been done "
        "in neighbouring Sarnia since 2023.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "newsroles", ARTICLES, k=3)


def test_a_role_before_a_name_in_commas_describes_it() -> None:
    text = "Novak had also been courted by Benfica and Celtic, according to his agent, Lukas Berger."
    at = text.index("Lukas")
    assert of_type("agent", text, at, at + len("Lukas Berger"))
    at = text.index("Celtic")
    assert not of_type("agent", text, at, at + len("Celtic"))
    text = "Its general secretary, Mirela Dragan, told the Ledger that talks had failed."
    at = text.index("Mirela")
    assert "secretari" in described(text, at, at + len("Mirela Dragan"))
    # A clause before the comma is no role: "the talks ended" does not make Holm an end.
    text = "After the talks ended, Holm said the port would reopen."
    at = text.index("Holm")
    assert not of_type("end", text, at, at + 4) and not of_type("talk", text, at, at + 4)


def test_outlets_and_places_are_no_business() -> None:
    text = "Talvik Terminals said in a statement to several outlets, including Coastline Radio, that no jobs would go."
    at = text.index("Coastline")
    assert press_or_land(text, at, at + len("Coastline Radio")) == "press"
    assert press_or_land(text, 0, len("Talvik Terminals")) is None
    text = "It halted a wind farm on the Valmont ridge."
    at = text.index("Valmont")
    assert press_or_land(text, at, at + len("Valmont")) == "place"
    text = "The minister spoke to broadcaster Norvik TV on Sunday."
    at = text.index("Norvik")
    assert press_or_land(text, at, at + len("Norvik")) == "press"


def test_a_figure_after_up_from_counts_what_the_first_counts() -> None:
    text = "Officials reported 86 measles cases in August, up from 11 in July."
    keys = [f.key for f in numbers(text)]
    assert keys[0].startswith("86 measl case") and keys[1] == "11 measl case", keys
    assert earlier_figure("cases in August, up from ") and not earlier_figure("cases in August, from ")
    assert another_time("How many cases were there in July?", " measles cases in August")
    assert not another_time("How many cases were there in July?", " in July")
    assert not another_time("How many cases were there?", " measles cases in August")
    assert not another_time("How many cases in 2026?", " cases in August")  # a year is not set against a month


def test_how_many_in_the_month_asked(bot) -> None:
    assert bot.ask("How many cases were there in July?").short == "11"
    assert bot.ask("How many measles cases were reported in August?").short == "86"


def test_who_holds_the_role_asked(bot) -> None:
    answer = bot.ask("Who is Novak's agent?")
    assert answer.short == "Lukas Berger", answer.text  # not the clubs of the same sentence


def test_the_firm_that_said_it_not_the_radio_it_told(bot) -> None:
    assert bot.ask("Which company said no jobs would be cut before 2028?").short == "Talvik Terminals"
    # Who heard it answers where the question asks to whom it was said.
    assert bot.ask("Which radio station did Talvik Terminals give a statement to?").short == "Coastline Radio"


def test_a_body_no_name_holds(bot) -> None:
    answer = bot.ask("Which court halted the wind farm?")
    assert answer.short == "regional administrative court", answer.text  # not "Valmont" of the ridge


def test_the_company_not_the_ridge(bot) -> None:
    assert bot.ask("Which company is building the wind farm?").short == "Brightwind Energy"


def test_one_team_asked_one_team_given(bot) -> None:
    assert bot.ask("Against which team will Novak make his debut?").short == "Feyenoord"


def test_no_first_name_of_whom_the_question_names(bot) -> None:
    answer = bot.ask("Which other clubs wanted Novak?")
    assert "Pavel" not in (answer.short or "").split(", "), answer.short


def test_a_name_that_describes_a_noun_is_no_one() -> None:
    text = "Mira Castell won the Harlow mayoral election on Sunday, defeating the incumbent, Peter Vance."
    at = text.index("Harlow")
    assert attributive(text, at, at + len("Harlow"))
    at = text.index("Peter")
    assert not attributive(text, at, at + len("Peter Vance"))


def test_an_unnamed_subject_holding_a_name_is_the_name_s() -> None:
    said = "Officials said volunteers carried the maps to safety."
    assert unnamed_subject("Who carried the maps?", said) == "volunteers"
    # "The minister, Ole Holm, announced …": he did, not "minister"
    assert unnamed_subject("Who announced the merger?", "The minister, Ole Holm, announced the merger.") is None


def test_who_was_defeated_not_where(bot) -> None:
    assert bot.ask("Who did Castell defeat?").short == "Peter Vance"


def test_a_count_is_of_the_one_the_question_names(bot) -> None:
    assert bot.ask("How many goals did Novak score last season?").short == "27"
    answer = bot.ask("How many goals did Krejci score?")
    assert answer.short is None, answer.text  # 27 are Novak's


def test_where_it_was_done_is_not_who() -> None:
    # A name after "in", "at" or "near" (and a word of where: "neighbouring") is located there:
    # ``people_in`` never offers it as who did something.
    text = "Lawmakers want children barred from nurseries, as has been done in neighbouring Sarnia since 2023."
    assert _AT.search(text, 0, text.index("Sarnia"))
    assert _AT.search("The talks took place at the Kessler port", 0, len("The talks took place at the "))
    assert not _AT.search("Talks with Sarnia", 0, len("Talks with "))
