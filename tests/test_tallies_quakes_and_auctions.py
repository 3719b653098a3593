"""A vote's tally, an earthquake, an art sale, a doping ban, an avalanche and a rescue at sea,
as news style writes them: "by 64 votes to 23" (the second number is those against), "at
least 9" (a figure is not true without its bound), "banned for two years after testing
positive" (a span after "for" is how long, whatever follows it), "a 28-year-old" (28), "near
the town of Korvald" (Korvald), "A landscape by Ida Brun sold …" (she painted it, no one says
who bought it), "a man from Vik" (where he is from, not where he was taken), "least in
Brandal" (the place the question's word stands before), a painting's name in quotes, and
"depth" for "How deep". Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.figures import figure
from assistant.answer.language import norm, read_question
from assistant.answer.makers import maker_only
from assistant.answer.places import origin_of_noun
from assistant.answer.quoted_names import quoted_name
from assistant.answer.tally import asked_side, counted_vote, other_side

pytest.importorskip("spacy")

ARTICLES = {
    "vote.txt": (
        "Assembly bans plastic bags\n"
        "March 26, 2026\n\n"
        "The regional assembly on Thursday passed a ban on plastic bags by 64 votes to 23, with five abstentions.\n"
    ),
    "quake.txt": (
        "Earthquake kills at least 9 in the hills\n"
        "April 9, 2026\n\n"
        "The quake killed at least 9 people and injured more than 120.\n\n"
        "The quake was centred near the town of Korvald at a depth of 12 km.\n"
    ),
    "auction.txt": (
        "Lake painting sells for record sum\n"
        "November 20, 2026\n\n"
        "A landscape by Ida Brun sold for 40 million kroner at an auction in Vik on Thursday.\n\n"
        'The painting, "Morning at Lake Vale", had been in one family since 1902.\n'
    ),
    "ban.txt": (
        "Cyclist Tom Hale banned\n"
        "July 22, 2026\n\n"
        "Cyclist Tom Hale has been banned for two years after testing positive for a steroid, the "
        "integrity unit said on Wednesday.\n"
    ),
    "avalanche.txt": (
        "Skier rescued after avalanche\n"
        "February 3, 2026\n\n"
        "The survivor, a 28-year-old man from Vik, was buried for about 30 minutes before rescuers found him.\n"
    ),
    "rescue.txt": (
        "Sailors winched from sinking ship\n"
        "October 30, 2026\n\n"
        "The crew, from Chile and Peru, were taken to Halsvik.\n"
    ),
    "rents.txt": (
        "Rents rise at fastest pace in years\n"
        "April 15, 2026\n\n"
        "Rents rose most in Vik, by 9.1%, and least in Brandal, by 1.2%.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "tallies", ARTICLES, k=3)


def test_a_tallys_first_number_is_for_and_its_second_against(bot: assistant.Assistant) -> None:
    text = "The assembly passed the ban by 64 votes to 23, with five abstentions."
    assert asked_side("How many voted against the ban?") == "against"
    assert asked_side("How many members voted for the ban?") == "for"
    assert other_side("How many voted against the ban?", text, text.index("64"))
    assert not other_side("How many voted against the ban?", text, text.index("23"))
    assert other_side("How many voted for the ban?", text, text.index("23"))
    council = "Vik council voted 31 to 9 on Tuesday to close the school."
    assert other_side("How many councillors voted against?", council, council.index("31"))
    assert counted_vote("How many councillors voted against?", council, council.index("9 "), council.index("9 ") + 1)
    assert counted_vote("How many abstained?", text, text.index("five"), text.index("five") + 4)
    # a change from one figure to another is no tally
    assert not other_side("How many voted against?", "It cut the sentence from 6 to 3 years.", 33)
    assert bot.ask("How many voted against the ban on plastic bags?").short == "23"
    assert bot.ask("How many voted for the ban on plastic bags?").short == "64"


def test_a_figure_keeps_its_bound(bot: assistant.Assistant) -> None:
    text = "killing at least 9 people and injuring more than 120"
    q = read_question("How many people were killed?")
    assert figure(q, text, text.index("9"), text.index("9") + 1) == "at least 9"
    assert figure(q, text, text.index("120"), text.index("120") + 3) == "more than 120"
    assert figure(q, "killing 9 people", 8, 9) == "9"
    spread = "The cuts will be made over two years."  # "over" a span of time is when, not more than
    at = spread.index("two")
    assert figure(read_question("Over how long will the cuts be made?"), spread, at, at + 3) == "two years"
    assert bot.ask("How many people were injured in the earthquake?").short == "more than 120"


def test_a_span_after_for_is_how_long_whatever_follows_it(bot: assistant.Assistant) -> None:
    assert bot.ask("How long was Tom Hale banned for?").short == "two years"
    assert bot.ask("How long was the survivor buried?").short == "about 30 minutes"


def test_an_age_is_its_number(bot: assistant.Assistant) -> None:
    assert bot.ask("How old is the survivor?").short == "28"


def test_the_town_of_a_name_is_that_name(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was the quake centred?").short == "Korvald"


def test_a_measures_noun_says_its_adjective(bot: assistant.Assistant) -> None:
    assert norm("depth") == norm("deep") and norm("height") == norm("high")
    assert bot.ask("How deep was the quake?").short == "12 km"


def test_the_maker_of_a_work_did_not_buy_it(bot: assistant.Assistant) -> None:
    text = "A landscape by Ida Brun sold for 40 million kroner at an auction in Vik on Thursday."
    at = text.index("Ida Brun")
    assert maker_only("Who bought it?", norm("bought"), text, at, at + len("Ida Brun"))
    assert not maker_only("Who painted it?", norm("painted"), text, at, at + len("Ida Brun"))
    agent = "The landscape was bought by Ida Brun on Thursday."
    # a passive's agent did it
    assert not maker_only("Who bought it?", norm("bought"), agent, agent.index("Ida"), agent.index("Ida") + 8)
    assert not maker_only("Whose landscape was sold?", norm("sold"), text, at, at + len("Ida Brun"))
    goal = "Their only goal came from a penalty by Tor Hauge."  # a goal is made by scoring it
    assert not maker_only("Who scored their goal?", norm("scored"), goal, goal.index("Tor"), goal.index("Tor") + 9)
    poll = "Labour leads with 31%, according to a poll by Norstat for the Courier."
    assert not maker_only("Who carried out the poll?", norm("carried"), poll, poll.index("Norstat"), poll.index(" for"))
    assert bot.ask("Who bought the landscape?").short is None


def test_a_name_in_quotes_beside_its_noun(bot: assistant.Assistant) -> None:
    text = 'The painting, "Morning at Lake Vale", had been in one family since 1902.'
    at = quoted_name(read_question("What is the painting called?"), text)
    assert at is not None and text[at[0]:at[1]] == "Morning at Lake Vale"
    film = '"The Long Shore", a film by the director Eva Lind, won the top prize at the Arctic Film Festival.'
    at = quoted_name(read_question("Which film won the top prize?"), film)
    assert at is not None and film[at[0]:at[1]] == "The Long Shore"
    assert quoted_name(read_question("Which book won the top prize?"), film) is None
    assert bot.ask("What is the painting called?").short == "Morning at Lake Vale"


def test_where_a_person_is_from_is_not_where_they_went(bot: assistant.Assistant) -> None:
    text = "The crew, from Chile and Peru, were taken to Halsvik."
    assert origin_of_noun(text, text.index("Chile"))
    assert origin_of_noun(text, text.index("Peru"))
    assert not origin_of_noun(text, text.index("Halsvik"))
    moved = "The company moved from Vik to Brandal."
    assert not origin_of_noun(moved, moved.index("Vik"))  # a verb's "from": where it moved from
    assert bot.ask("Where were the crew taken?").short == "Halsvik"


def test_the_place_the_questions_word_stands_before(bot: assistant.Assistant) -> None:
    assert bot.ask("Where did rents rise least?").short == "Brandal"
    assert bot.ask("Where did rents rise most?").short == "Vik"
