"""Which part of a sentence a name or figure belongs to: "Best actor went to Ivar Sand, while
Mia Berg won best actress" (not Mia Berg for best actor); "The Farmers Party and the Coast
Alliance voted against" (both, though only one says it is a party); "Turnout was 58%"
answers "What was the turnout?" where another sentence shares more words; "Foreign visitors
fell by 11%" is no fall of all visitors; "Was the cashier hurt?" asks of "hurt", which the
small tagger reads as a noun; "Who will take over …?" asks who does; "Karl Sund was second"
answers "Who finished second?" before "Jan Moen finished sixth" does; "Eli Dahl is expected
to become mayor, replacing Ola Vik" says Ola Vik is mayor now; "three other books" is no
count of all the books; "Did prices in Vardo rise?" asks of "rise", an irregular verb the
tagger misses at the end; "Moss, where prices rose 0.8%, is the second most expensive town"
puts Moss second; "What was the busiest day?" asks a date. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.flows import narrower
from assistant.answer.language import classify
from assistant.answer.others import another_in_clause
from assistant.answer.predicate import predicate
from assistant.answer.undergoers import yet_to_become

pytest.importorskip("spacy")

ARTICLES = {
    "awards.txt": (
        "Film awards in Lyng\n"
        "August 24, 2026\n\n"
        "Best actor went to Ivar Sand, while Mia Berg won best actress.\n"
    ),
    "vote.txt": (
        "Council rejects ferry plan\n"
        "March 4, 2026\n\n"
        "The Farmers Party and the Coast Alliance voted against the ferry plan.\n\n"
        "The Labour Party voted for the ferry plan.\n"
    ),
    "union.txt": (
        "Nurses accept pay deal\n"
        "May 27, 2026\n\n"
        "Nurses in the union voted to accept a pay deal of 5.1%.\n\n"
        "Turnout was 58%.\n"
    ),
    "museum.txt": (
        "Museum visits fall\n"
        "June 20, 2026\n\n"
        "Foreign visitors fell by 11%, while local visitors rose by 2%.\n"
    ),
    "cabinet.txt": (
        "Minister resigns\n"
        "October 30, 2026\n\n"
        "Prime Minister Eva Lund said Trade Minister Per Aas would take over as health minister.\n"
    ),
    "jump.txt": (
        "Ski jumping in Vikersund\n"
        "March 8, 2026\n\n"
        "Ole Bakke won the event in Vikersund.\n\n"
        "Jan Moen finished sixth.\n\n"
        "Karl Sund was second, and Tor Lie third.\n"
    ),
    "council.txt": (
        "New mayor for Lyng\n"
        "September 15, 2026\n\n"
        "Eli Dahl is expected to become mayor, replacing Ola Vik.\n"
    ),
    "prize.txt": (
        "Novel wins prize\n"
        "November 19, 2026\n\n"
        "The novel won the prize, beating three other books on the shortlist.\n"
    ),
    "homes.txt": (
        "Home prices in May\n"
        "June 5, 2026\n\n"
        "Alta saw the biggest rise, at 3.1% in the month, while prices in Vardo fell 0.6%.\n\n"
        "Moss, where prices rose 0.8%, is the second most expensive town.\n"
    ),
    "shop.txt": (
        "Shop robbed\n"
        "January 22, 2026\n\n"
        "A cashier was threatened with a knife but was not hurt.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "awards", ARTICLES, k=3)


def test_a_name_in_a_clause_of_another_prize(bot: assistant.Assistant) -> None:
    assert bot.ask("Who won best actor?").short == "Ivar Sand"
    assert bot.ask("Who won best actress?").short == "Mia Berg"
    text = "Best actor went to Ivar Sand, while Mia Berg won best actress."
    assert another_in_clause("Who won best actor?", text, text.index("Mia"), "win")
    assert not another_in_clause("Who won best actor?", text, text.index("Ivar"), "win")


def test_names_listed_with_a_typed_one_are_of_its_kind(bot: assistant.Assistant) -> None:
    assert bot.ask("Which parties voted against the ferry plan?").short == "Farmers Party, Coast Alliance"


def test_the_figure_of_the_noun_asked(bot: assistant.Assistant) -> None:
    assert bot.ask("What was the turnout in the nurses' vote?").short == "58%"


def test_a_part_split_off_is_no_whole(bot: assistant.Assistant) -> None:
    assert bot.ask("How much did visitor numbers fall?").short != "11%"
    assert bot.ask("How much did foreign visitors fall?").short == "11%"
    text = "Foreign visitors fell by 11%, while local visitors rose by 2%."
    assert narrower("How much did visitors fall?", text, text.index("11"))
    assert not narrower("How much did local visitors rise?", text, text.index("2%"))


def test_a_participle_the_tagger_reads_as_a_noun(bot: assistant.Assistant) -> None:
    assert predicate("Was the shop assistant hurt?") == "hurt"
    assert bot.ask("Was the cashier hurt?").short == "No"


def test_who_takes_over(bot: assistant.Assistant) -> None:
    assert bot.ask("Who will take over as health minister?").short == "Per Aas"


def test_the_sentence_saying_the_place_goes_before_the_one_saying_the_verb(bot: assistant.Assistant) -> None:
    assert bot.ask("Who finished second in Vikersund?").short == "Karl Sund"


def test_who_is_yet_to_become_is_not_who_is(bot: assistant.Assistant) -> None:
    assert bot.ask("Who is the current mayor of Lyng?").short == "Ola Vik"
    text = "Eli Dahl is expected to become mayor, replacing Ola Vik."
    assert yet_to_become("Who is the mayor?", text, text.index(" is"))
    assert not yet_to_become("Who is expected to become mayor?", text, text.index(" is"))


def test_the_others_are_not_all(bot: assistant.Assistant) -> None:
    assert bot.ask("How many books were on the shortlist?").short != "three"
    assert bot.ask("How many other books were on the shortlist?").short == "three"


def test_an_irregular_verb_ending_a_do_question(bot: assistant.Assistant) -> None:
    assert predicate("Did prices in Tromso rise?") == "rise"
    assert bot.ask("Did prices in Vardo rise?").short == "No"


def test_a_place_said_of_the_sentences_subject(bot: assistant.Assistant) -> None:
    assert bot.ask("Which is the second most expensive town?").short == "Moss"


def test_a_day_asked_for_is_a_date() -> None:
    assert classify("What was the busiest day?")[0] == "date"
