"""A correction notice, an interview, a live blog, a results report and an appeal, as news
style writes them: the error a correction withdraws is no evidence, an interviewer's question
is no answer, a weekday still to come is the next one, a figure "a year earlier" is the one
it rose from, an age beside one name is not another's, and a sentence that keeps, upholds or
refuses something answers a question asking the opposite No. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.ages import not_this_age
from assistant.answer.decide import decided, deciding
from assistant.answer.retracted import asks, retracted

pytest.importorskip("spacy")

ARTICLES = {
    "correction.txt": (
        "Correction: Dunmore library extension\n"
        "May 12, 2026\n\n"
        "An article on 8 May said the Dunmore library extension was paid for by the town council.\n\n"
        "In fact, most of the 2.6 million euro cost came from a national culture fund; "
        "the council contributed 400,000 euros.\n\n"
        "The article also said the extension would open in June. The librarian, Aino Salo, "
        "has told us it will open in October.\n"
    ),
    "interview.txt": (
        "Meet the new head of the Brenna choir\n"
        "August 2, 2026\n\n"
        "Mirela Kovac, 51, became director of the Brenna Choir in July.\n\n"
        "Q: What will the choir sing first?\n\n"
        "A: A requiem by Jonas Lie, in November.\n\n"
        "Q: Do you have children?\n\n"
        "A: A son, who is 12 and sings too.\n"
    ),
    "storm.txt": (
        "Live: gales close the Skerry ferries\n"
        "October 14, 2026\n\n"
        "17:20 The strongest gust so far, 131 km/h, was measured at Rona Point.\n\n"
        "16:45 All ferries to the Skerry islands are cancelled. Sailings are expected to resume on Thursday.\n"
    ),
    "results.txt": (
        "Heron Rail returns to profit\n"
        "July 30, 2026\n\n"
        "Heron Rail reported a half-year profit of 41 million euros, against a loss of 9 million euros "
        "a year earlier.\n\n"
        "Heron Rail carried 38 million passengers in the six months to June, up from 31 million.\n\n"
        "The company also said it would order 12 new trains, with deliveries from 2030, "
        "and would not pay a dividend this year.\n\n"
        "The company did not change its forecast for the year.\n"
    ),
    "appeal.txt": (
        "Appeal court cuts former minister's sentence\n"
        "November 19, 2026\n\n"
        "The appeal court cut the prison sentence of Lars Eklund from five years to three, "
        "but upheld his conviction for fraud.\n\n"
        "Eklund served as minister from 2015 to 2021.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "corrections", ARTICLES, k=4)


def test_the_error_a_correction_withdraws_is_no_answer(bot: assistant.Assistant) -> None:
    paid = bot.ask("Who paid for most of the Dunmore library extension?")
    assert paid.short != "town council"
    assert "paid for by the town council" not in paid.text
    opening = bot.ask("Will the Dunmore library extension open in June?")
    assert opening.short != "Yes"
    assert bot.ask("When will the Dunmore library extension open?").short == "October 2026"
    assert bot.ask("How much did the council contribute to the library extension?").short == "400,000 euros"


def test_what_a_correction_recounts_is_withdrawn_and_what_it_sets_right_is_not() -> None:
    title = "Correction: Dunmore library extension"
    assert retracted(title, "An article on 8 May said the extension was paid for by the town council.")
    assert retracted("", "An earlier version of this article said the bridge cost 9 million euros.")
    assert retracted("", "This article wrongly said the bridge cost 9 million euros.")
    assert not retracted("", "The minister wrongly said the bridge was safe, an inquiry found.")
    assert not retracted(title, "In fact, most of the cost came from a national culture fund.")
    assert not retracted(title, "We also misspelled the name of the architect, Ines Varga.")
    # Outside a correction notice, what an article said is reported speech, still evidence.
    assert not retracted("Council backs the extension", "A report on Monday said the council paid for it.")


def test_an_interviewers_question_is_no_answer(bot: assistant.Assistant) -> None:
    assert asks("Q: What will the choir sing first?")
    assert not asks("A: A requiem by Jonas Lie, in November.")
    assert bot.ask("What will the Brenna choir sing first?").short != "Q: What will the choir sing first?"
    # Nor does it decide a yes/no, though it holds every word of the question.
    assert deciding("Did the choir sing a requiem?", [quoted_sentence("Q: Did the choir sing a requiem?")]) is None
    assert deciding("Did the choir sing a requiem?", [quoted_sentence("The choir sang a requiem.")]) is not None


def test_an_age_beside_one_name_is_not_anothers(bot: assistant.Assistant) -> None:
    assert bot.ask("How old is Mirela Kovac?").short == "51"
    assert bot.ask("How old is Mirela Kovac's son?").short != "51"
    assert bot.ask("How old was Mirela Kovac when she joined the choir?").short != "51"
    # "She was 84." of a report on her death answers how old she was when she died.
    died = "How old was Ada Lind when she died?"
    text = "Ada Lind, the painter, has died. She was 84."
    assert not not_this_age(died, text, text.index("84"), text.index("84") + 2, False)
    assert not_this_age("How old is Ada Lind's daughter?", "Ada Lind, 84, has died.", 10, 12, False)
    assert not_this_age("How old is Ada Lind's daughter?", "in its 112-year history", 7, 10, False)
    assert not_this_age("How old is Ada Lind?", "she had painted for 40 years", 20, 22, True)


def test_a_time_of_day_is_no_count_and_a_measure_keeps_its_unit(bot: assistant.Assistant) -> None:
    assert bot.ask("What was the strongest gust at Rona Point?").short == "131 km/h"


def test_a_weekday_still_to_come_is_the_next_one(bot: assistant.Assistant) -> None:
    # Published on Wednesday 14 October: "are expected to resume on Thursday" is the 15th, not the 8th.
    resume = bot.ask("When are ferry sailings to the Skerry islands expected to resume?")
    assert resume.short == "Thursday 15 October 2026"


def test_the_figure_a_year_earlier_is_the_one_it_rose_from(bot: assistant.Assistant) -> None:
    assert bot.ask("How many passengers did Heron Rail carry?").short == "38 million"
    assert bot.ask("How many passengers did Heron Rail carry a year earlier?").short == "31 million"
    assert bot.ask("What was Heron Rail's half-year profit a year earlier?").short == "9 million euros"


def test_the_date_said_beside_the_questions_word(bot: assistant.Assistant) -> None:
    assert bot.ask("When will Heron Rail's new trains be delivered?").short == "2030"
    assert bot.ask("When did Lars Eklund serve as minister?").short == "2015 to 2021"


def test_a_sentence_cut_from_one_term_to_another(bot: assistant.Assistant) -> None:
    assert bot.ask("What was Lars Eklund's new prison sentence?").short == "three"
    assert bot.ask("What was Lars Eklund's original prison sentence?").short == "five years"


def test_the_company_a_report_is_about_decides_for_its_name(bot: assistant.Assistant) -> None:
    dividend = bot.ask("Will Heron Rail pay a dividend this year?")
    assert dividend.short == "No"
    assert "would not pay a dividend this year" in dividend.text


def test_what_stays_as_it_was_or_is_upheld_answers_the_opposite_no(bot: assistant.Assistant) -> None:
    assert decided("Did the firm raise its forecast?", quoted_sentence(
        "The firm did not change its forecast for the year.")) == "No"
    assert decided("Did the firm raise its forecast?", quoted_sentence(
        "The firm raised its forecast for the year.")) == "Yes"
    # … only of what it kept: a meeting held somewhere says nothing of jobs cut
    meeting = quoted_sentence("The firm held its annual meeting at the town hall.")
    assert decided("Did the firm cut jobs?", meeting) is None
    assert decided("Did the firm raise its forecast?", quoted_sentence("The firm left its forecast unchanged.")) == "No"
    overturned = bot.ask("Was Lars Eklund's conviction overturned?")
    assert overturned.short == "No"
    assert "upheld his conviction" in overturned.text  # the quote shows what decided it
