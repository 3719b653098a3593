"""A derailment, a health study and a company's plants, as news style writes them: "Nine of
the train's 22 wagons left the track" (the part did it, the whole is what the train had),
"What was the train carrying?" (no name answers it), towns "between Oslo and Halden" (no one
who operates anything), a verb the tagger reads as a noun ("did the train derail?"), "made
little difference", "declined to comment", and a list of towns the tagger knows one of.
Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.decide import decided
from assistant.answer.language import classify, negated
from assistant.answer.relation import main_verb

pytest.importorskip("spacy")

ARTICLES = {
    "derail.txt": (
        "Freight train derails near Lunde\n"
        "February 10, 2026\n\n"
        "A freight train carrying coal derailed near Lunde early on Tuesday, blocking the line between "
        "Skarnes and Elverum, the rail operator Sporvik said.\n\n"
        "Seven of the train's 30 wagons left the track.\n\n"
        "It was the second derailment this year, after a train came off the track near Kongsvik in January.\n"
    ),
    "plants.txt": (
        "Nordkyst Foods expands\n"
        "May 2, 2026\n\n"
        "Nordkyst Foods, which makes fish cakes, has plants in Tromsvik and Kjelvik.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "trains", ARTICLES, k=4)


def test_the_part_that_did_it_and_the_whole(bot: assistant.Assistant) -> None:
    assert bot.ask("How many wagons left the track near Lunde?").short == "Seven"
    assert bot.ask("How many wagons did the freight train near Lunde have?").short == "30"


def test_what_a_train_was_carrying_is_no_name(bot: assistant.Assistant) -> None:
    assert classify("What was the freight train carrying?")[0] == "open"
    assert classify("What is the biggest building?")[0] == "entity"
    assert bot.ask("What was the freight train near Lunde carrying?").short not in (
        "Lunde", "Skarnes, Elverum", "Lunde, Skarnes, Elverum")


def test_towns_a_line_runs_between_are_no_one_who_did_it(bot: assistant.Assistant) -> None:
    blocked = bot.ask("Who blocked the line?")
    assert blocked.short is None or "Skarnes" not in blocked.short


def test_a_verb_the_tagger_reads_as_a_noun(bot: assistant.Assistant) -> None:
    assert main_verb("Where did the train derail?") == "derail"
    assert bot.ask("Where did the freight train derail?").short == "Lunde"


def test_a_list_of_towns_is_all_of_them(bot: assistant.Assistant) -> None:
    assert bot.ask("Where does Nordkyst Foods have plants?").short == "Tromsvik, Kjelvik"


def test_little_difference_and_declining_to_comment_deny() -> None:
    assert negated("Walking speed made little difference.")
    assert not negated("Walking speed made a little difference to the result.")
    assert decided("Did walking speed make a big difference?", quoted_sentence(
        "Walking speed made little difference, the authors said.")) == "No"
    assert decided("Did the ministry comment on the deal?", quoted_sentence(
        "The ministry declined to comment on the deal.")) == "No"


def test_a_noun_after_the_is_not_the_questions_verb() -> None:
    from assistant.answer.relation import says_verb

    assert not says_verb("win", "Substitute Kai Lund sealed the win in the 88th minute.")
    assert says_verb("win", "Harbour City won the match 3-1.")


def test_a_measure_keeps_its_unit_where_the_question_counts_something_else() -> None:
    from assistant.answer.figures import figure
    from assistant.answer.language import read_question

    text = "Up to 30 centimetres of snow is expected in the mountains."
    q = read_question("How much snow is expected in the mountains?")
    assert figure(q, text, text.index("30"), text.index("30") + 2) == "up to 30 centimetres"
    passengers = "The airline carried 11.2 million passengers."
    q = read_question("How many passengers did the airline carry?")
    assert figure(q, passengers, 20, 32) == "11.2 million"
