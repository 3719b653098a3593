"""Answers no capitalised name holds: a figure the question names by a noun that is not
"how many" ("last year's attendance record"), and a place said in common words ("will
move into the old grain hall"). Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.language import classify

pytest.importorskip("spacy")

ARTICLES = {
    "fair.txt": (
        "Record crowds at the Dunmore book fair\n"
        "June 7, 2026\n\n"
        "More than 8,400 readers came to the Dunmore book fair on Saturday, organisers said, beating last "
        "year's record of 6,100.\n\n"
        "The fair opened with a reading by the poet Lena Marsh.\n"
    ),
    "bakery.txt": (
        "Old town bakery to relocate\n"
        "June 8, 2026\n\n"
        "The Kestrel Lane bakery will move into the old grain hall next spring, its owners said on Monday.\n\n"
        "Baker Tomas Field said the hall has room for two ovens.\n"
    ),
    "choir.txt": (
        "Choir changes its rehearsals\n"
        "June 9, 2026\n\n"
        "The Dunmore youth choir will move in September, the choir's director Ruth Amsel said.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "unnamed", ARTICLES, k=3)


def test_a_counted_noun_after_what_asks_for_a_number() -> None:
    assert classify("What was last year's attendance record at the fair?")[0] == "quantity"
    assert classify("What was the turnout in the vote?")[0] == "quantity"
    assert classify("What was the death toll?")[0] == "quantity"
    assert classify("What was the company's revenue last year?")[0] == "money"
    assert classify("What record did the band break?")[0] == "entity"


def test_the_figure_the_question_names_is_the_answer_not_the_first_one(bot) -> None:
    answer = bot.ask("What was last year's attendance record at the Dunmore book fair?")
    assert answer.answered, answer.text
    assert answer.short == "6,100"
    assert any("record of 6,100" in c.quote for c in answer.citations)


def test_the_first_figure_still_answers_when_no_word_names_another(bot) -> None:
    answer = bot.ask("How many readers came to the Dunmore book fair?")
    assert answer.short == "more than 8,400"


def test_a_place_in_common_words_after_the_questions_verb(bot) -> None:
    answer = bot.ask("Where will the Kestrel Lane bakery move?")
    assert answer.answered, answer.text
    assert answer.short == "the old grain hall"
    assert {c.source for c in answer.citations} == {"bakery.txt"}


def test_a_month_after_the_verb_is_when_not_where(bot) -> None:
    answer = bot.ask("Where will the Dunmore youth choir move?")
    assert answer.short != "September"
    assert not answer.short or "September" not in answer.short


def test_a_verb_after_to_is_no_place() -> None:
    from assistant.answer.language import read_question
    from assistant.answer.unnamed import unnamed_place

    question = read_question("Where will the bakery move?")
    assert unnamed_place(question, "The bakery will move to cut its costs.") == []
    found = unnamed_place(question, "The bakery will move back into the old mill by June.")
    assert [f.key for f in found] == ["old mill"]
