"""Which side of a sentence speaks of what is asked: "Odda won at Vang, while Lesja lost
at home to Hov" answers "Did Lesja win?" No and "Who beat Lesja?" Hov; "Fish prices rose
4%, while bread prices fell 3%" answers "Did bread prices rise?" No; a figure is the one
of its clause that names the asked-for thing; "diverted to Alta" says where, beside the
place it flew from; "the second-highest price" is no top; "former Vika mayor Ola Rud" is
whom the court cleared, and is the former mayor. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.language import read_question
from assistant.answer.mentions import names
from assistant.answer.ranks import off_rank
from assistant.answer.results import result_of
from assistant.answer.subject_clause import asked_subject

pytest.importorskip("spacy")

ARTICLES = {
    "league.txt": (
        "Round 3 in the Fjord League\n"
        "April 12, 2026\n\n"
        "Odda won 2-0 at Vang, while Lesja lost 1-0 at home to Hov.\n"
    ),
    "prices.txt": (
        "Prices in March\n"
        "April 10, 2026\n\n"
        "Fish prices rose 4%, while bread prices fell 3%.\n"
    ),
    "sale.txt": (
        "Paintings sold in Vika\n"
        "May 20, 2026\n\n"
        "A seascape by Ida Berg fetched 3 million kroner, the highest price of the day.\n\n"
        "A portrait by Per Lund fetched 2 million kroner, the second-highest price, while a sketch by Eli Sand went "
        "for 500,000 kroner.\n"
    ),
    "flight.txt": (
        "Flight diverted\n"
        "June 2, 2026\n\n"
        "A flight from Harstad to Oslo was diverted to Alta on Sunday.\n"
    ),
    "court.txt": (
        "Former mayor cleared\n"
        "June 5, 2026\n\n"
        "The Vika Court of Appeal cleared former Vika mayor Ola Rud of fraud on Friday.\n"
    ),
    "race.txt": (
        "Ski race in Geilo\n"
        "March 3, 2026\n\n"
        "Siri Holm leads Kari Dahl by ten seconds, with Anna Lie third.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "sides", ARTICLES, k=3)


def test_a_yes_no_is_decided_by_the_clause_of_its_subject(bot: assistant.Assistant) -> None:
    assert bot.ask("Did Lesja win?").short == "No"
    assert bot.ask("Did Odda win?").short == "Yes"
    assert bot.ask("Did bread prices rise?").short == "No"
    assert bot.ask("Did fish prices rise?").short == "Yes"
    assert asked_subject("Did bread prices rise?", "rise") == ("bread", "price")


def test_who_beat_a_side(bot: assistant.Assistant) -> None:
    assert bot.ask("Who beat Lesja?").short == "Hov"
    assert bot.ask("Who beat Vang?").short == "Odda"
    text = "Lesja lost 1-0 at home to Hov."
    at = result_of(read_question("Who beat Lesja?"), text)
    assert at is not None and text[at[0]:at[1]] == "Hov"
    assert result_of(read_question("Who won?"), text) is None  # no side named: whose match is it?


def test_a_figure_of_the_clause_that_names_it(bot: assistant.Assistant) -> None:
    assert bot.ask("How much did the sketch by Eli Sand go for?").short == "500,000 kroner"
    assert bot.ask("How much did the Per Lund portrait fetch?").short == "2 million kroner"


def test_the_second_highest_is_no_top(bot: assistant.Assistant) -> None:
    assert bot.ask("Whose painting fetched the highest price?").short == "Ida Berg"


def test_where_a_flight_was_diverted_to(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was the flight diverted to?").short == "Alta"


def test_a_body_named_with_of_and_whom_it_cleared(bot: assistant.Assistant) -> None:
    text = "The Vika Court of Appeal cleared former Vika mayor Ola Rud of fraud on Friday."
    assert [text[f.start:f.end] for f in names(text)][:1] == ["Vika Court of Appeal"]
    other = "Ola Rud of Vika spoke."
    assert [other[f.start:f.end] for f in names(other)] == ["Ola Rud", "Vika"]
    assert bot.ask("Who cleared the former mayor?").short == "Vika Court of Appeal"
    assert bot.ask("Who is the former mayor?").short == "Ola Rud"


def test_a_place_said_in_another_clause(bot: assistant.Assistant) -> None:
    assert bot.ask("Who is third overall?").short == "Anna Lie"
    text = "Siri Holm leads Kari Dahl by ten seconds, with Anna Lie third."
    assert off_rank("Who is third?", text, text.index("Siri"))
    assert not off_rank("Who is third?", text, text.index("Anna"))
    behind = "Ola Rud was third, behind Siri Holm and Kari Dahl."
    assert off_rank("Who finished third?", behind, behind.index("Kari"))
