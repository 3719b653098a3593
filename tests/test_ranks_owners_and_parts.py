"""Places in a ranking, owners and parts: "Dahl finished half a point ahead of Kari Moe"
names the winner, not who finished second; "a Hexa rocket" is whose rocket; "the biggest
buyer" is who bought the most, though another sentence shares more of the question's
words; "Exports to Peru rose by 30%" is no rise of all exports. Articles are our own
writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.flows import narrower
from assistant.answer.ranks import asked_rank, off_rank, rank_named
from assistant.answer.superlatives import names_top
from assistant.answer.whose import owner

pytest.importorskip("spacy")

ARTICLES = {
    "chess.txt": (
        "Dahl wins the Fjord Open\n"
        "May 4, 2026\n\n"
        "Ole Dahl won the Fjord Open chess event on Sunday.\n\n"
        "Dahl finished with 8 points, half a point ahead of Kari Moe.\n"
    ),
    "probe.txt": (
        "Probe launched\n"
        "June 9, 2026\n\n"
        "A weather probe was launched from Andoya on Tuesday on a Hexa rocket.\n"
    ),
    "cheese.txt": (
        "Cheese sales\n"
        "July 1, 2026\n\n"
        "Norway sold cheese worth 9 billion kroner abroad this year.\n\n"
        "Peru was the biggest buyer, followed by Chile and Mexico.\n\n"
        "Exports to Peru rose by 30%.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "ranks", ARTICLES, k=3)


def test_the_winner_is_not_who_finished_second(bot: assistant.Assistant) -> None:
    assert bot.ask("Who finished second?").short in (None, "Kari Moe")
    assert bot.ask("Who won the Fjord Open?").short == "Ole Dahl"


def test_a_place_in_a_ranking_is_read_as_said() -> None:
    assert asked_rank("Who came third in the race?") == "third"
    assert asked_rank("Which country was the second-biggest buyer?") == "second"
    assert asked_rank("Who won the race?") is None
    assert rank_named("second", "Moe was second, behind Dahl.")
    assert not rank_named("second", "Dahl won his second title.")
    text = "Dahl finished with 8 points, half a point ahead of Kari Moe."
    assert off_rank("Who finished second?", text, 0)
    assert not off_rank("Who finished second?", text, text.index("Kari"))
    assert off_rank("Who finished third?", text, text.index("Kari"))  # behind the winner is second, not third


def test_whose_thing_is_its_owner(bot: assistant.Assistant) -> None:
    assert bot.ask("Whose rocket launched the probe?").short == "Hexa"
    assert owner("Whose car crashed?", "On Monday Lena Berg's car crashed.") == "Lena Berg"
    assert owner("Whose plan was approved?", "The council approved the mayor's plan.") is None


def test_who_did_the_most_is_the_top_doer(bot: assistant.Assistant) -> None:
    assert bot.ask("Which country bought the most cheese?").short == "Peru"
    assert bot.ask("Which country was the second-biggest buyer?").short == "Chile"
    assert names_top("buy", "Peru was the biggest buyer.")
    assert not names_top("buy", "Chile was the second-biggest buyer.")
    assert names_top("score", "Top scorer Ada Lie got 20 goals.")


def test_a_part_is_no_whole(bot: assistant.Assistant) -> None:
    short = bot.ask("How much did exports rise?").short
    assert short != "30%"
    assert bot.ask("How much did exports to Peru rise?").short == "30%"
    text = "Exports to Peru rose by 30%."
    assert narrower("How much did exports rise?", text, text.index("30"))
    assert not narrower("How much did exports to Peru rise?", text, text.index("30"))
