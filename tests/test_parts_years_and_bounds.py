"""Figures a sentence qualifies, as news style writes them: "injuring 11 people, three of them
seriously" (the part the question's word names, not the whole), "the trawler Ada, which sank in
1931 with 12 crew" (a past year is the asked thing's own where its clause names it, and a
"previous" figure is asked of the past), "from Odd" for "Which club did he come from?" (the
question's preposition at its end), and "Up to 25 cm of snow fell" (a bound, not a level the
snow rose to). Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.compared import another_year, changed_level
from assistant.answer.language import read_question

pytest.importorskip("spacy")

ARTICLES = {
    "bus.txt": (
        "Bus crash near Vik\n"
        "March 4, 2026\n\n"
        "A bus left the road near Vik, injuring 11 people, three of them seriously.\n"
    ),
    "trawler.txt": (
        "Trawler wreck found\n"
        "August 12, 2026\n\n"
        "Divers have found the trawler Ada, which sank off Vik in 1931 with 12 crew.\n"
    ),
    "signing.txt": (
        "Brann sign Jon Lie\n"
        "July 8, 2026\n\n"
        "Brann have signed the winger Jon Lie from Odd for 3 million euros.\n\n"
        "Brann's previous record signing was Per Moe, who cost 2 million euros in 2021.\n"
    ),
    "snow.txt": (
        "Snow closes schools\n"
        "December 3, 2026\n\n"
        "Up to 25 cm of snow fell in Vik overnight.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "parts", ARTICLES, k=3)


def test_the_part_a_question_word_names(bot: assistant.Assistant) -> None:
    assert bot.ask("How many were seriously injured?").short == "three"
    assert bot.ask("How many people were injured?").short == "11"


def test_a_past_year_of_the_asked_thing_itself(bot: assistant.Assistant) -> None:
    text = "Divers have found the trawler Ada, which sank off Vik in 1931 with 12 crew."
    assert not another_year("How many crew were on the Ada?", text, "2026-08-12", text.index("12 crew"))
    past = "The last deadly storm, in 1998, killed 11."
    assert another_year("How many were killed?", past, "2026-01-01", past.index("11"))
    assert bot.ask("How many crew were on the Ada?").short == "12"
    assert bot.ask("What was Brann's previous record fee?").short == "2 million euros"


def test_a_preposition_at_the_questions_end(bot: assistant.Assistant) -> None:
    assert bot.ask("Which club did Jon Lie come from?").short == "Odd"


def test_up_to_is_a_bound_not_a_level(bot: assistant.Assistant) -> None:
    assert not changed_level(read_question("How much snow fell?"), "Up to ", " cm of snow fell in Vik")
    assert bot.ask("How much snow fell?").short == "up to 25 cm"
