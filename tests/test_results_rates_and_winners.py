"""A match result, a rate rise, a census, a lottery win, a verdict, a species found and a
strike, as news style writes them: "Lakeside beat Harwick Town 4-2" (the winner, though the
question names both sides, and the score), "by a quarter point to 3.5%" and "hold the rate
at 3.5%" (levels, not how much it rose), "grew by 1.1% to 2.4 million" (the change is no
population), "Three of the seven board members voted" (the part voted), "What had the union
asked for?" (the participle is the verb), "who does not want to be named" and "did not name
the buyer" (no name from a weaker quote, nor the one who withheld it), "since the arrest and
left the force last year" (a date of another deed), "Scientists have found … in northern
Peru" (no place opens it; a region of a country is a place), "orbit around Saturn" (no
agency) and "an 8-day strike" (8 days). Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.events import dated_elsewhere, event_noun
from assistant.answer.language import norm, read_question
from assistant.answer.relation import main_verb
from assistant.answer.results import result_of
from assistant.answer.withheld import withheld_asked, withholds

pytest.importorskip("spacy")

ARTICLES = {
    "match.txt": (
        "Lakeside go top\n"
        "August 23, 2026\n\n"
        "Lakeside beat Harwick Town 4-2 in Vik on Sunday.\n\n"
        "Ola Berg scored twice for Lakeside.\n"
    ),
    "rate.txt": (
        "Central bank raises rate\n"
        "November 5, 2026\n\n"
        "The central bank raised its key rate by a quarter point to 3.5% on Thursday.\n\n"
        "Three of the seven board members voted to keep the rate unchanged.\n\n"
        "The bank expects to hold the rate at 3.5% until the autumn.\n"
    ),
    "census.txt": (
        "Population passes 2.4 million\n"
        "February 20, 2026\n\n"
        "The population grew by 1.1% to 2.4 million last year.\n"
    ),
    "pay.txt": (
        "Teachers accept pay deal\n"
        "May 18, 2026\n\n"
        "Teachers accepted a pay rise of 4.1% on Monday, ending an 8-day strike.\n\n"
        "The union had asked for a pay rise of 9%.\n"
    ),
    "lottery.txt": (
        "Vik teacher wins lottery\n"
        "March 9, 2026\n\n"
        "A teacher from Vik has won 30 million kroner in the lottery.\n\n"
        "The man, who does not want to be named, bought the ticket online.\n"
    ),
    "snail.txt": (
        "New snail found in Peru\n"
        "June 30, 2026\n\n"
        "Scientists have found a new species of snail in the forests of northern Peru.\n\n"
        "The snail has been named Nesta lunae by researcher Eva Dahl.\n"
    ),
    "verdict.txt": (
        "Officer cleared\n"
        "October 16, 2026\n\n"
        "A jury found officer Lars Holm not guilty over a death during an arrest in 2023.\n\n"
        "Holm had been suspended since the arrest and left the force last year.\n"
    ),
    "probe.txt": (
        "Probe reaches Saturn\n"
        "July 4, 2026\n\n"
        "A probe went into orbit around Saturn on Friday, the space agency said.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "results", ARTICLES, k=3)


def test_the_winner_and_the_score_of_a_match(bot: assistant.Assistant) -> None:
    text = "Lakeside beat Harwick Town 4-2 in Vik on Sunday."
    won = result_of(read_question("Who won the match between Lakeside and Harwick Town?"), text)
    assert won is not None and text[won[0]:won[1]] == "Lakeside"
    score = result_of(read_question("What was the score?"), text)
    assert score is not None and text[score[0]:score[1]] == "4-2"
    assert result_of(read_question("Who won the prize?"), text) is None  # a prize is no match
    assert bot.ask("Who won the match between Lakeside and Harwick Town?").short == "Lakeside"
    assert bot.ask("What was the score when Lakeside beat Harwick Town?").short == "4-2"


def test_a_level_is_not_how_much_a_rate_rose(bot: assistant.Assistant) -> None:
    assert bot.ask("By how much did the central bank raise its key rate?").short != "3.5%"


def test_a_change_is_no_level(bot: assistant.Assistant) -> None:
    assert bot.ask("What is the population?").short == "2.4 million"
    assert bot.ask("How much did the population grow?").short == "1.1%"


def test_the_part_did_it_not_the_whole(bot: assistant.Assistant) -> None:
    assert bot.ask("How many board members voted to keep the rate unchanged?").short == "Three"


def test_a_participle_after_had_is_the_questions_verb(bot: assistant.Assistant) -> None:
    assert main_verb("What pay rise had the union asked for?") == norm("asked")
    assert bot.ask("What pay rise had the union asked for?").short == "9%"


def test_a_span_in_one_word_is_said_in_two(bot: assistant.Assistant) -> None:
    assert bot.ask("How long did the teachers strike?").short == "8 days"


def test_a_withheld_name_is_no_one_elses(bot: assistant.Assistant) -> None:
    assert withholds("The man, who does not want to be named, bought the ticket online.")
    assert withholds("Police have not named the dead men.")
    assert not withholds("The man, named as Ola Berg, bought the ticket.")
    q = read_question("Who was the buyer?")
    assert withheld_asked(q, "The auction house did not name the buyer.")
    assert not withheld_asked(q, "Police have not named the driver.")
    assert bot.ask("Who bought the winning lottery ticket?").short is None


def test_a_date_of_another_deed_is_not_the_events(bot: assistant.Assistant) -> None:
    q = "When did the arrest happen?"
    assert event_noun(q) == norm("arrest")
    text = "Holm had been suspended since the arrest and left the force last year."
    assert dated_elsewhere(q, text, text.index("last year"))
    other = "A jury found officer Lars Holm not guilty over a death during an arrest in 2023."
    assert not dated_elsewhere(q, other, other.index("2023"))
    assert bot.ask("When did the arrest happen?").short == "2023"


def test_a_region_of_a_country_is_where_and_a_plural_opener_is_not(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was the snail found?").short == "northern Peru"


def test_what_a_thing_went_around_is_no_agency(bot: assistant.Assistant) -> None:
    assert bot.ask("Which agency runs the probe?").short != "Saturn"
