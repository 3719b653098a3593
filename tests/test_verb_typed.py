"""The question's verb decides between sentences that score alike for date, place and
number questions too, as it does for who/which: "When will the festival return?" is not
answered by the date organisers spoke on. Articles are our own writing."""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.relation import main_verb

pytest.importorskip("spacy")

ARTICLES = {
    "festival.txt": (
        "Record crowds at the Portvik harbour festival\n"
        "August 9, 2026\n\n"
        "More than 25,000 visitors came to the Portvik harbour festival over the weekend, "
        "organisers said on Sunday.\n\n"
        "The festival opened with a parade of fishing boats.\n\n"
        "The festival will return on the second weekend of August next year.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "verb_typed", ARTICLES, k=3)


def test_a_date_question_is_answered_by_the_sentence_saying_its_verb(bot: assistant.Assistant) -> None:
    answer = bot.ask("When will the Portvik festival return?")
    assert answer.answered, answer.text
    assert "will return" in answer.citations[0].quote, answer.text
    assert "Sunday" not in (answer.short or ""), answer.short


def test_the_last_word_after_will_is_the_questions_verb() -> None:
    # the small model tags "return" a noun here
    assert main_verb("When will the Portvik festival return?") == "return"
    assert main_verb("When did the festival open?") == "open"
    assert main_verb("When is the festival?") is None


def test_a_noun_of_the_verbs_stem_does_not_say_the_verb() -> None:
    from assistant.answer.relation import says_verb

    assert says_verb("oper", "The ferry lines would be operated by local crews.")
    assert not says_verb("oper", "Nordlink plans a ferry operation in the north.")
    assert says_verb("build", "The bridge was built by Berg & Sons.")


def test_a_who_question_whose_verb_only_a_nameless_sentence_says_gets_no_name() -> None:
    from types import SimpleNamespace

    from assistant.answer.relation import unnamed_doer

    question = "Who will operate the ferry lines?"
    nameless = SimpleNamespace(text="The ferry lines would be operated by local crews.")
    planner = SimpleNamespace(text="Nordlink plans a ferry operation in the north.")
    operator = SimpleNamespace(text="Nordlink will operate the ferry lines from May.")
    assert unnamed_doer(question, nameless, planner)  # "Nordlink" would look sourced, and be wrong
    assert not unnamed_doer(question, nameless, operator)
    assert not unnamed_doer(question, operator, operator)
