"""What a question's words point at when a sentence gives more than one of a kind, as news
style writes it: "the detained woman" (a participle before a noun is no verb the question
asks about: "Is she a suspect?" is decided by "was not a suspect"), "will raise the
retirement age from 65 to 66" (an age is a figure; "now" is the one before a change to
come), "in 1 hour 9 minutes 30 seconds" (a time in parts), "fewer than last year's 2,600"
and "up from 33 a week ago" (a bare figure of another time), "in the hills above Vik" (a
place), "Ola Dahl will lead the bank; Eva Moe will become his deputy" (a name in the other
half of a sentence), a new name that does not do what is asked, and names typed by their
own head ("Storm Brendan" is a storm, "Nordic Film Festival" no film). Articles are our own
writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import of_type
from assistant.answer.compared import asks_earlier
from assistant.answer.language import norm
from assistant.answer.predicate import predicate

pytest.importorskip("spacy")

ARTICLES = {
    "fire.txt": (
        "Gorse fire near Vik\n"
        "July 30, 2026\n\n"
        "A gorse fire in the hills above Vik has burned 300 hectares.\n\n"
        "A 47-year-old woman was detained on Tuesday, but police said she was not a suspect.\n"
    ),
    "retire.txt": (
        "Retirement age to rise\n"
        "November 3, 2026\n\n"
        "The government will raise the retirement age from 65 to 66 by 2035.\n"
    ),
    "race.txt": (
        "Berg wins Vik half marathon\n"
        "April 27, 2026\n\n"
        "Anna Berg won the Vik half marathon in 1 hour 9 minutes 30 seconds.\n\n"
        "About 2,000 runners took part, fewer than last year's 2,600.\n"
    ),
    "flu.txt": (
        "Flu cases rise in Vik\n"
        "February 9, 2026\n\n"
        "The number of flu cases in Vik has risen to 58, up from 33 a week ago.\n"
    ),
    "insurers.txt": (
        "Two insurers to merge\n"
        "June 2, 2026\n\n"
        "Havtrygg and Nordsikring have agreed to merge, the insurers said.\n\n"
        "The new firm will be called Fjordtrygg Insurer.\n"
    ),
    "chiefs.txt": (
        "New bank chiefs named\n"
        "June 3, 2026\n\n"
        "Ola Dahl will lead the savings bank; Eva Moe will become his deputy.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "clauses", ARTICLES, k=3)


def test_a_participle_before_its_noun_is_not_what_is_asked(bot: assistant.Assistant) -> None:
    assert predicate("Is the detained woman a suspect?") == "suspect"
    assert predicate("Was the injured driver taken to hospital?") == "take"
    assert bot.ask("Is the detained woman a suspect?").short == "No"


def test_now_is_the_figure_before_a_change_to_come(bot: assistant.Assistant) -> None:
    text = "The government will raise the retirement age from 65 to 66 by 2035."
    assert asks_earlier("What is the retirement age now?", text)
    assert not asks_earlier("What is the retirement age now?", "The government raised the age from 65 to 66.")
    assert bot.ask("What is the retirement age now?").short == "65"
    assert bot.ask("What will the retirement age rise to?").short == "66"


def test_a_time_in_parts_is_one_answer(bot: assistant.Assistant) -> None:
    assert bot.ask("What was the winning time?").short == "1 hour 9 minutes 30 seconds"


def test_a_bare_figure_of_another_time(bot: assistant.Assistant) -> None:
    assert bot.ask("How many runners took part last year?").short == "2,600"
    assert bot.ask("How many runners took part?").short == "about 2,000"
    assert bot.ask("How many flu cases were there a week ago?").short == "33"
    assert bot.ask("How many flu cases are there in Vik?").short == "58"


def test_a_place_above_another(bot: assistant.Assistant) -> None:
    assert bot.ask("Where is the gorse fire?").short == "Vik"


def test_a_name_in_the_other_half_of_a_sentence(bot: assistant.Assistant) -> None:
    assert bot.ask("Who will be deputy?").short == "Eva Moe"


def test_a_new_name_does_not_merge(bot: assistant.Assistant) -> None:
    short = bot.ask("Which insurers are merging?").short
    assert short is not None and short.startswith("Havtrygg, Nordsikring")


def test_a_name_is_typed_by_its_head() -> None:
    text = "Storm Brendan was stronger than the Nordic Film Festival had feared."
    assert of_type(norm("storm"), text, 0, len("Storm Brendan"))
    start = text.index("Nordic")
    assert not of_type(norm("film"), text, start, start + len("Nordic Film Festival"))
    assert of_type(norm("festival"), text, start, start + len("Nordic Film Festival"))
