"""Rain, a lorry crash, a kidnapping, moved jobs, a coffee study, a tennis final and a weather
warning, as news style writes them: "Ninety millimetres of rain fell" (rain falling is no
fall in a figure), "The driver, 52," (an age beside a noun), "moved to Poland" (a country the
verb takes is where), "in northern Mali" (a region is a place, and no kidnapper), "two to
three cups" (a range, not its top), "6-4, 3-6, 7-5" (a score in sets) and "The institute has
issued a yellow warning" (the issuer is no warning). Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.figures import figure
from assistant.answer.language import read_question
from assistant.answer.relation import asks_undergoer
from assistant.answer.results import result_of

pytest.importorskip("spacy")

ARTICLES = {
    "rain.txt": (
        "Record rain in Vik\n"
        "August 9, 2026\n\n"
        "Ninety millimetres of rain fell in Vik in 24 hours on Saturday.\n"
    ),
    "lorry.txt": (
        "Lorry overturns\n"
        "January 22, 2026\n\n"
        "A lorry overturned on the coast road on Thursday.\n\n"
        "The driver, 52, was taken to hospital.\n"
    ),
    "jobs.txt": (
        "Plant to stay open\n"
        "February 11, 2026\n\n"
        "He said 300 jobs at the plant would be moved to Poland.\n"
    ),
    "kidnap.txt": (
        "Aid workers freed\n"
        "September 20, 2026\n\n"
        "Two aid workers who were kidnapped in northern Mali in May were freed on Saturday.\n"
    ),
    "tennis.txt": (
        "Ruiz wins title\n"
        "June 7, 2026\n\n"
        "Ana Ruiz won the title on Sunday, beating top seed Mia Holt 6-4, 3-6, 7-5.\n"
    ),
    "warning.txt": (
        "More rain on the way\n"
        "August 9, 2026\n\n"
        "The Weather Institute has issued a yellow warning for Monday.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "ranges", ARTICLES, k=3)


def test_rain_that_fell_is_no_fall_in_a_figure(bot: assistant.Assistant) -> None:
    assert bot.ask("How much rain fell in Vik?").short == "Ninety millimetres"


def test_an_age_beside_a_noun(bot: assistant.Assistant) -> None:
    assert bot.ask("How old is the driver?").short == "52"


def test_a_country_the_verb_takes_is_where(bot: assistant.Assistant) -> None:
    assert bot.ask("Where will the jobs be moved?").short == "Poland"


def test_a_region_of_a_country_is_a_place_and_no_kidnapper(bot: assistant.Assistant) -> None:
    assert bot.ask("Where were the aid workers kidnapped?").short == "northern Mali"
    assert bot.ask("Who kidnapped the aid workers?").short is None


def test_a_range_is_said_whole() -> None:
    q = read_question("How many cups of coffee a day?")
    text = "People who drink two to three cups of coffee a day live longer."
    assert figure(q, text, text.index("three"), text.index("three") + 5) == "two to three"
    changed = "The sentence was cut from six to three years."
    assert figure(read_question("How long is the sentence?"), changed, changed.index("three"),
                  changed.index("three") + 5) == "three years"  # a change, not a range
    tally = "The council voted 27 to 14 to close the school."
    assert figure(read_question("How many voted against?"), tally, tally.index("14"), tally.index("14") + 2) == "14"


def test_a_score_in_sets(bot: assistant.Assistant) -> None:
    text = "Ana Ruiz won the title on Sunday, beating top seed Mia Holt 6-4, 3-6, 7-5."
    at = result_of(read_question("What was the score in the final?"), text)
    assert at is not None and text[at[0]:at[1]] == "6-4, 3-6, 7-5"
    assert bot.ask("What was the score when Ruiz beat Holt?").short == "6-4, 3-6, 7-5"


def test_who_issued_a_thing_is_not_the_thing(bot: assistant.Assistant) -> None:
    assert asks_undergoer("What warning has been issued?", noun=True)
    assert not asks_undergoer("What warning has been issued?")  # "who" alone, unless a noun is asked
    assert not asks_undergoer("What warning did the institute issue?", noun=True)
    assert bot.ask("What warning has been issued?").short != "Weather Institute"
