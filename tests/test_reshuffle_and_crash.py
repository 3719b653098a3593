"""A cabinet reshuffle, a march and a crash, as news style writes them: whom a named subject
did it to ("Who did Sundin replace?": "…, replacing Olof Berg"), who did it with words between
("Prime Minister Tomas Lind on Tuesday appointed …"), since when ("had held the post since
2022"), an age given after a noun ("his passenger, a 35-year-old woman"), and a figure asked
"according to police" that only the police may give. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.relation import parsed_doer

pytest.importorskip("spacy")

ARTICLES = {
    "cabinet.txt": (
        "New finance minister named\n"
        "April 21, 2026\n\n"
        "Prime Minister Ola Wind on Tuesday appointed Eva Lund as finance minister, replacing Nils Strom, "
        "who had held the post since 2022.\n"
    ),
    "crash.txt": (
        "Two die in light aircraft crash\n"
        "August 2, 2026\n\n"
        "The pilot, a 61-year-old man, and his passenger, a 35-year-old woman, died at the scene.\n"
    ),
    "march.txt": (
        "Thousands march for hospital\n"
        "May 17, 2026\n\n"
        "Thousands of people marched through Brenn on Saturday.\n\n"
        "The organisers said more than 9,000 people took part.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "reshuffle", ARTICLES, k=3)


def test_the_subject_with_words_between_does_it() -> None:
    text = "Prime Minister Ola Wind on Tuesday appointed Eva Lund as finance minister."
    assert parsed_doer("appoint", text, text.index("Ola"), text.index("Ola") + len("Ola Wind"))
    assert not parsed_doer("appoint", text, text.index("Eva"), text.index("Eva") + len("Eva Lund"))


def test_who_appointed_her(bot: assistant.Assistant) -> None:
    assert bot.ask("Who appointed Eva Lund?").short == "Ola Wind"


def test_whom_a_named_subject_did_it_to(bot: assistant.Assistant) -> None:
    assert bot.ask("Who did Lund replace?").short == "Nils Strom"
    assert bot.ask("Who did Wind appoint?").short == "Eva Lund"


def test_since_when(bot: assistant.Assistant) -> None:
    assert bot.ask("Since when had Strom held the post?").short == "2022"


def test_an_age_after_the_noun_asked(bot: assistant.Assistant) -> None:
    assert "35" in bot.ask("How old was the passenger?").short
    assert "61" in bot.ask("How old was the pilot?").short


def test_a_figure_according_to_someone_the_quote_does_not_name(bot: assistant.Assistant) -> None:
    assert bot.ask("How many people marched according to police?").short is None
    assert bot.ask("How many people took part according to the organisers?").short == "more than 9,000"
