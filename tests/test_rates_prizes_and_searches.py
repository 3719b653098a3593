"""A rate decision, a book prize and a mountain search, as news style writes them: a rate
"kept at" answers "Did it cut?" No and "would probably cut it in June" is no cut, the date the
question's deed is said beside, part of a committee against the whole, a prize won by a
writer's novel (its title in quotes is no one), and what someone was wearing (no name at
all). Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.decide import decided
from assistant.answer.language import classify

pytest.importorskip("spacy")

ARTICLES = {
    "rates.txt": (
        "Central bank holds rates in Vellmark\n"
        "March 3, 2026\n\n"
        "The Vellmark central bank kept its main interest rate at 4.25% on Tuesday, "
        "but said it would probably cut it in June.\n\n"
        "Of the seven members of the rate committee, six voted to hold and one voted for a cut.\n\n"
        "Inflation eased to 3.1% in February from 3.6% in January.\n"
    ),
    "prize.txt": (
        "Debut novel wins the Arnfeld Prize\n"
        "October 29, 2026\n\n"
        "Ines Holm's debut novel \"The Long Thaw\" has won the Arnfeld Prize for fiction.\n\n"
        "Holm, 38, is a former nurse from Lysby.\n"
    ),
    "search.txt": (
        "Missing climber found safe\n"
        "July 20, 2026\n\n"
        "Rescuers found the missing climber Per Aune on the Kallfjell ridge on Sunday morning.\n\n"
        "He was wearing a yellow jacket and carrying a small tent.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "rates", ARTICLES, k=4)


def test_a_rate_kept_and_a_cut_that_would_come_are_no_cut(bot: assistant.Assistant) -> None:
    text = ("The Vellmark central bank kept its main interest rate at 4.25% on Tuesday, "
            "but said it would probably cut it in June.")
    assert decided("Did the Vellmark central bank cut its interest rate?", quoted_sentence(text)) == "No"
    # What would be is no deed done, though the question asks in the past …
    assert decided("Did the bank cut rates?", quoted_sentence("The bank said it would cut rates in June.")) is None
    # … and answers a question asking what will be.
    assert decided("Will the bank cut rates?", quoted_sentence("The bank said it would cut rates in June.")) == "Yes"
    assert bot.ask("Did the Vellmark central bank cut its interest rate?").short != "Yes"


def test_the_date_beside_the_questions_deed(bot: assistant.Assistant) -> None:
    assert bot.ask("When could the Vellmark central bank cut its interest rate?").short == "June 2026"


def test_part_of_a_committee_is_not_the_whole(bot: assistant.Assistant) -> None:
    assert bot.ask("How many members of the rate committee voted to hold?").short == "six"
    text = "Of the seven members of the rate committee, six voted to hold and one voted for a cut."
    assert decided("Did the whole rate committee vote to hold?", quoted_sentence(text)) is None


def test_a_figure_named_by_the_question_noun(bot: assistant.Assistant) -> None:
    assert classify("What was inflation in Vellmark in February?")[0] == "quantity"
    assert bot.ask("What was inflation in Vellmark in February?").short == "3.1%"
    # "eased to 3.1% in February from 3.6% in January": the month right after a figure names it
    assert bot.ask("What was inflation in Vellmark in January?").short == "3.6%"


def test_the_writer_of_a_winning_novel_won_not_its_title(bot: assistant.Assistant) -> None:
    assert bot.ask("Who won the Arnfeld Prize?").short == "Ines Holm"


def test_what_someone_was_wearing_is_no_name(bot: assistant.Assistant) -> None:
    assert classify("What was Per Aune wearing?")[0] == "open"
    assert classify("What was the ruling?")[0] == "entity"
    assert bot.ask("What was Per Aune wearing?").short not in ("Kallfjell", "Per Aune", "Lysby")
