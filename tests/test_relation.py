"""The question's own verb decides between sentences that score alike: "Who built the Linden
footbridge?" is answered by the firm that built it, not by the mayor who opened it though
her sentence names Linden. Articles are our own writing."""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.relation import main_verb, says_verb

pytest.importorskip("spacy")

ARTICLES = {
    "footbridge.txt": (
        "New footbridge for Linden\n"
        "June 2, 2025\n\n"
        "Mayor Ines Varga opened the new Linden footbridge on Saturday, ending a long detour for cyclists.\n\n"
        "The timber footbridge cost 2 million euros and was built by the local joinery Berg & Sons.\n\n"
        "Engineers from Berg & Sons told the Linden Gazette that the footbridge was designed to carry 500 people.\n"
    ),
    "market.txt": (
        "Linden market moves\n"
        "June 3, 2025\n\n"
        "The Linden farmers' market will move to the old depot in July, the market board said.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "relation", ARTICLES, k=3)


def test_who_built_it_is_answered_where_building_is_said(bot) -> None:
    answer = bot.ask("Who built the Linden footbridge?")
    assert answer.answered, answer.text
    assert answer.short == "Berg & Sons", answer.short  # not the mayor, nor "Berg, Sons"
    assert "was built by the local joinery Berg & Sons" in " ".join(c.quote for c in answer.citations)


def test_who_opened_it_is_still_the_mayor(bot) -> None:
    answer = bot.ask("Who opened the Linden footbridge?")
    assert answer.answered, answer.text
    assert answer.short == "Ines Varga", answer.short


@pytest.mark.parametrize(("question", "verb"), [
    ("Who built the Linden footbridge?", "build"),
    ("Who met Umerov in Brussels?", "meet"),
    ("Who is the mayor of Linden?", None),  # a light verb says nothing of what happened
    ("Who said the market would move?", None),
])
def test_the_main_verb_of_a_question(question: str, verb: str | None) -> None:
    assert main_verb(question) == verb


def test_a_verb_is_said_in_any_of_its_forms() -> None:
    assert says_verb("build", "The bridge was built by Berg & Sons.")
    assert not says_verb("build", "Mayor Ines Varga opened the bridge.")
    assert not says_verb(None, "anything")


def test_who_designed_it_is_not_who_was_told_nor_the_plural_noun_opening_the_sentence(bot) -> None:
    from assistant.answer.asked import common_opener

    answer = bot.ask("Who designed the Linden footbridge?")
    assert answer.answered, answer.text
    assert answer.short == "Berg & Sons", answer.short  # not "Engineers, Berg & Sons, Linden Gazette"
    assert common_opener("Engineers from Berg & Sons told the Gazette.", 0, 9)
    assert not common_opener("Vikings beat the Packers.", 0, 7)  # a plural name opening a sentence stays one


def test_who_was_told_answers_a_question_asking_it(bot) -> None:
    answer = bot.ask("Which newspaper did the engineers tell about the footbridge's design?")
    assert answer.answered, answer.text
    assert "Linden Gazette" in (answer.short or "").split(", "), answer.short  # who was told, asked for


def test_a_question_parsed_with_its_auxiliary_at_the_root_still_has_its_verb() -> None:
    # the small parser puts "did" at the root of this one, not "target"
    assert main_verb("Which town did the raids target in particular?") == "target"
    assert main_verb("Who is the harbour spokesperson?") is None
