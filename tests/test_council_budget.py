"""A council budget, a rail strike, an election and a lawsuit, as news style writes them: a
price that will rise "from 2.50 to 3 euros", a count "down from 79", a turnout "up from 61%
at the last election in 2022", the sum a noun names ("a 9 million euro gap"), a role given
with "a" ("a spokeswoman, Dana Whitfield,"), who sued as "a group of 1,200 photographers",
a denial asked about ("Did Lumora deny wrongdoing?"), and one group voting each way in one
sentence. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.compared import another_year
from assistant.answer.contrast import denial_asked
from assistant.answer.decide import decided
from assistant.answer.language import classify
from assistant.answer.unnamed_subject import unnamed_subject

pytest.importorskip("spacy")

ARTICLES = {
    "budget.txt": (
        "Harlow council backs its budget\n"
        "March 3, 2026\n\n"
        "Harlow council approved a 212 million euro budget on Monday, closing a 7 million euro gap.\n\n"
        "Parking charges in the centre will rise from 2.50 to 3 euros an hour.\n"
    ),
    "poll.txt": (
        "Greens gain in Osterby\n"
        "June 8, 2026\n\n"
        "The Greens came second with 44 seats, down from 52.\n\n"
        "Turnout was 71%, up from 64% at the last election in 2022.\n"
    ),
    "suit.txt": (
        "Photographers sue app maker\n"
        "September 25, 2026\n\n"
        "A group of 900 photographers has sued the app maker Pixly.\n\n"
        "Pixly, which says it has 30 million users, denied wrongdoing.\n\n"
        "\"We did nothing wrong,\" a spokeswoman, Mona Reyes, said.\n\n"
        "Pixly was founded in 2016 by Ravi Sen and Ola Berg, who still run Pixly.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "budget", ARTICLES, k=2)



def test_what_it_will_cost_is_where_it_rises_to(bot: assistant.Assistant) -> None:
    assert bot.ask("How much will parking cost per hour?").short == "3 euros"
    assert bot.ask("How much did parking cost per hour before?").short == "2.50"


def test_what_it_was_before_is_the_figure_it_came_down_from(bot: assistant.Assistant) -> None:
    assert bot.ask("How many seats did the Greens have before?").short == "52"
    assert bot.ask("How many seats did the Greens win?").short == "44"


def test_a_figure_s_year_is_not_the_year_of_the_one_it_is_set_against() -> None:
    text = "Turnout was 71%, up from 64% at the last election in 2022."
    assert not another_year("What was the turnout?", text, "2026-06-08", text.index("71%"))
    assert another_year("What was the turnout?", text, "2026-06-08", text.index("64%"))


def test_the_turnout(bot: assistant.Assistant) -> None:
    assert bot.ask("What was the turnout?").short == "71%"


def test_how_big_a_sum_is_asks_for_the_sum_the_noun_names(bot: assistant.Assistant) -> None:
    assert classify("How big is the budget?")[0] == "money"
    assert classify("What pay rise are the drivers asking for?")[0] == "quantity"
    assert bot.ask("How big was the budget gap?").short.startswith("7 million euro")
    assert bot.ask("How big is Harlow's budget?").short.startswith("212 million euro")


def test_who_did_it_as_a_group_of_people() -> None:
    text = "A group of 900 photographers has sued the app maker Pixly."
    assert unnamed_subject("Who sued Pixly?", text) == "group of 900 photographers"


def test_a_role_given_with_a(bot: assistant.Assistant) -> None:
    assert bot.ask("Who is Pixly's spokeswoman?").short == "Mona Reyes"


def test_a_denial_asked_about_is_no_negation() -> None:
    text = "Pixly, which says it has 30 million users, denied wrongdoing."
    assert decided("Did Pixly deny wrongdoing?", quoted_sentence(text)) == "Yes"
    assert decided("Did Pixly admit wrongdoing?", quoted_sentence(text)) == "No"
    assert decided("Did Pixly deny it had 30 million users?", quoted_sentence(text)) is None
    assert decided("Was the appeal rejected?", quoted_sentence("The appeal was not rejected.")) == "No"
    assert denial_asked("Did Pixly deny wrongdoing?", "Pixly denied wrongdoing.")[0] == "Pixly wrongdoing"


def test_each_group_voting_its_own_way() -> None:
    text = ("The Labour and Green groups voted in favour of the budget; the Conservatives and two independent "
            "councillors voted against the budget.")
    assert decided("Did the Conservatives vote for the budget?", quoted_sentence(text)) == "No"
    assert decided("Did Labour vote for the budget?", quoted_sentence(text)) == "Yes"
