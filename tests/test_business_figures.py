"""Figures of business and election copy: by how much a figure changed, not what it changed
to ("fell 12% to 410 million kroner"); a share or a rate asked by its noun ("What share of
the vote …?"); the amount a money question names, not another one of the same sentence;
sums in any currency; "a five-year contract" and "a 38-year-old"; who won, not the party of
"X of the Green Party won". Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.compared import changed_level, other_amount
from assistant.answer.figures import with_unit
from assistant.answer.language import classify, read_question
from assistant.answer.mentions import numbers
from assistant.answer.relation import does, main_verb

pytest.importorskip("spacy")

ARTICLES = {
    "results.txt": (
        "Kessel Foods profit falls as cocoa prices bite\n"
        "October 28, 2026\n\n"
        "Kessel Foods said on Wednesday that its third-quarter operating profit fell 12% to 410 million kroner, "
        "hurt by record cocoa prices.\n\n"
        "Its shares fell 4.5% in Oslo trading.\n\n"
        "Kessel will close its biscuit plant in Moss next year, moving production to a larger site in Ski.\n\n"
        "Analysts at Fjord Securities had expected an operating profit of 445 million kroner.\n"
    ),
    "vote.txt": (
        "Greens win Harlow mayoral race\n"
        "November 9, 2026\n\n"
        "Mira Castell of the Green Party won the Harlow mayoral election on Sunday.\n\n"
        "Castell took 52.4% of the vote against 41.1% for the incumbent. Turnout was 48%, up from 39% four "
        "years ago.\n\n"
        "The winger Tomas Berg, a 24-year-old, has signed a five-year contract with the city's football club.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "figures", ARTICLES, k=3)


def test_questions_read_as_figures() -> None:
    assert classify("How much did the operating profit fall?") == ("quantity", ())  # any figure: 12% or a sum
    assert classify("How much did the bridge cost?")[0] == "money"
    assert classify("How much money did the appeal raise?")[0] == "money"
    assert classify("What was Kessel's third-quarter operating profit?")[0] == "money"
    assert classify("What share of the vote did Castell take?")[0] == "quantity"
    assert classify("What vaccination coverage is needed to stop the virus?")[0] == "quantity"
    assert classify("What did the company share with investors?")[0] != "quantity"  # a verb, not a share
    assert read_question("How long is the contract?").unit != read_question("How long is the bridge?").unit
    assert "year" in read_question("How long is the contract?").unit


def test_the_level_changed_to_is_not_the_change() -> None:
    fall = read_question("How much did the operating profit fall?")
    assert changed_level(fall, "its operating profit fell 12% to ")
    assert not changed_level(fall, "its operating profit fell ")
    assert not changed_level(read_question("What was the operating profit?"), "profit fell 12% to ")
    revenue = read_question("How much revenue did Kessel make?")
    assert other_amount(revenue, "said that its operating profit fell 12% to ")
    assert not other_amount(revenue, "Revenue rose 3% to ")
    assert not other_amount(read_question("How much did it cost?"), "its operating profit fell 12% to ")
    shares = read_question("How much did Kessel's shares fall?")
    assert changed_level(shares, "said that its operating profit fell ")  # another measure's change
    assert not changed_level(shares, "Its shares fell ")


def test_numbers_in_any_currency_and_joined_to_their_unit() -> None:
    found = numbers("Losses were put at 2.5 million crowns a day.")
    assert [f.kind for f in found] == ["money"]
    text = "Turnout was 48%, up from 39% four years ago."
    assert [text[f.start:f.end] for f in numbers(text)][:2] == ["48%", "39%"]  # not "39% four"
    text = "He signed a five-year contract."
    (five,) = numbers(text)
    assert with_unit(text, five.start, five.end) == "five-year"
    assert not numbers("It was a one-off payment.")  # a number word joined to no unit is no count


def test_who_won_is_not_the_party() -> None:
    text = "Mira Castell of the Green Party won the election."
    assert does("win", text, text.index(" of"), 0)
    at = text.index("Green")
    assert not does("win", text, text.index(" won"), at)


def test_change_asked_through_the_assistant(bot) -> None:
    assert bot.ask("How much did Kessel's operating profit fall?").short == "12%"
    assert bot.ask("What was Kessel's third-quarter operating profit?").short == "410 million kroner"
    assert bot.ask("What operating profit had analysts expected?").short == "445 million kroner"
    assert bot.ask("How much did Kessel's shares fall?").short == "4.5%"


def test_share_turnout_and_age_through_the_assistant(bot) -> None:
    assert bot.ask("What share of the vote did Castell take?").short == "52.4%"
    assert bot.ask("What was turnout four years ago?").short == "39%"
    assert bot.ask("How long is Berg's contract?").short == "five years"  # "a five-year contract" runs five years
    assert bot.ask("Who won the Harlow mayoral election?").short == "Mira Castell"
    assert bot.ask("How old is Tomas Berg?").short == "24"


def test_the_verb_after_a_modal_and_a_noun(bot) -> None:
    # The small tagger reads "biscuit" as the verb of "Where will biscuit production move?".
    assert main_verb("Where will biscuit production move?") == "move"
    assert main_verb("Who will build the bridge?") == "build"
    assert bot.ask("Where will biscuit production move?").short == "Ski"
