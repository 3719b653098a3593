""""Who is the …?" and "Who is X's …?" ask for the one person the role describes, an
amount asked for as "funding", and a name asked for by "renamed". Articles are our own
writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import asked_phrase, asks_for_one
from assistant.answer.language import classify

pytest.importorskip("spacy")

ARTICLES = {
    "talks.txt": (
        "Harbour talks resume in Lisbon\n"
        "May 4, 2026\n\n"
        "Port authority chief Hana Velez says the talks are the only way to end the strike, according to "
        "city council spokesperson Omar Diallo.\n\n"
        "Velez met union leaders on Monday.\n"
    ),
    "ministers.txt": (
        "Fisheries ministers meet in Bergen\n"
        "May 5, 2026\n\n"
        "Danish Fisheries Minister Lars Holm spoke at a press conference in Bergen alongside Norwegian "
        "Fisheries Minister Ingrid Dahl.\n\n"
        "Norway pledged annual funding reaching 40 million kroner for coastal research, with the promise to "
        "keep it for five years.\n"
    ),
    "rename.txt": (
        "Ferry company changes its name\n"
        "May 6, 2026\n\n"
        "The coastal ferry operator Fjordline Partners (formerly Vestbat Shipping) will add two routes, "
        "the Bergen port office said.\n"
    ),
    "deal.txt": (
        "Harbour group signs ferry deal\n"
        "May 7, 2026\n\n"
        "The Nordvik Harbour Group signed a berthing deal with the ferry operator Fjordline Partners (formerly "
        "Vestbat Shipping) on Monday.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "whoisrole", ARTICLES, k=3)


def test_who_is_the_role_reads_the_role_as_the_asked_phrase() -> None:
    assert asked_phrase("Who is the city council spokesperson?") == ("citi", "council", "spokesperson")
    assert asked_phrase("Who is Norway's fisheries minister?")[-1] == "minist"
    assert asks_for_one("Who is Norway's fisheries minister?")
    assert asked_phrase("Who met the minister?") == ()


def test_the_person_the_role_describes_not_another_named_beside(bot) -> None:
    answer = bot.ask("Who is the city council spokesperson?")
    assert answer.answered, answer.text
    assert answer.short == "Omar Diallo"


def test_a_possessive_country_picks_its_minister(bot) -> None:
    answer = bot.ask("Who is Norway's fisheries minister?")
    assert answer.answered, answer.text
    assert answer.short == "Ingrid Dahl"


def test_a_role_no_quote_describes_in_full_names_no_one_as_it(bot) -> None:
    # Lars Holm is Denmark's fisheries minister: not the one asked for, however close.
    answer = bot.ask("Who is Denmark's harbour minister?")
    assert answer.short not in ("Lars Holm", "Ingrid Dahl")


def test_funding_asks_for_an_amount(bot) -> None:
    assert classify("What is the annual funding commitment of Norway?")[0] == "money"
    answer = bot.ask("What is Norway's annual funding for coastal research?")
    assert answer.answered, answer.text
    assert answer.short == "40 million kroner" or answer.short == "40 million"


def test_renamed_asks_for_the_new_name(bot) -> None:
    answer = bot.ask("What was Vestbat Shipping renamed?")
    assert answer.answered, answer.text
    assert answer.short == "Fjordline Partners"


def test_a_public_figure_or_celebrities_are_people_and_a_figure_alone_a_number() -> None:
    assert classify("Which public figure, praised by the Gazette, opened the ferry route?")[0] == "person"
    assert classify("Which two public figures have been seen at the harbour?")[0] == "person"
    assert classify("Which two celebrities, seen at the harbour, opened the route?")[0] == "person"
    assert classify("What figure did the ministry give for the ferry's cost?")[0] == "quantity"


def test_a_name_asked_for_must_be_given_as_a_name(bot) -> None:
    # "Bergen port office" is quoted beside the ferry operator; it is not its new name.
    answer = bot.ask("What is the Bergen port office now called?")
    assert answer.short is None
    answer = bot.ask("What is Vestbat Shipping now called?")
    assert answer.short == "Fjordline Partners"
    answer = bot.ask("What was Fjordline Partners formerly called?")
    assert answer.short == "Vestbat Shipping"


def test_which_one_was_formerly_called_asks_for_the_new_name(bot) -> None:
    answer = bot.ask("Which firm was formerly called Vestbat Shipping?")
    assert answer.answered, answer.text
    assert answer.short == "Fjordline Partners"
