"""An appeal, a council vote, a film prize and a tournament draw, as news style writes them:
a subject set apart from its denial by an age in commas, a sentence "reduced to" a level
that is no original sentence, a vote on Tuesday to ban cars "from next year", a weekday's
possessive that is no one's name, the thing a question asks where of, which is no place it
was, and "the steel bridge" of a report whose title names the Harwick bridge. Articles are
our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.decide import decided
from assistant.answer.language import read_question
from assistant.answer.mentions import answer_entities, names

pytest.importorskip("spacy")

ARTICLES = {
    "appeal.txt": (
        "Court cuts sentence of former mayor\n"
        "June 10, 2026\n\n"
        "An appeals court on Tuesday cut the prison sentence of the former mayor Nils Brekke from eight years "
        "to five.\n\n"
        "Brekke, 70, was not in court. His lawyer said he would appeal again.\n"
    ),
    "council.txt": (
        "Council bans lorries from Harwick centre\n"
        "February 18, 2026\n\n"
        "Harwick town council voted 19 to 12 on Tuesday to ban lorries from the town centre from next year.\n"
    ),
    "bridge.txt": (
        "Mayor opens the new Harwick river bridge\n"
        "April 4, 2026\n\n"
        "The steel bridge cost 12 million euros and was built by Dalgard & Sons.\n"
    ),
    "festival.txt": (
        "Harwick film takes festival prize\n"
        "March 2, 2026\n\n"
        "A film by the Harwick director Ida Moe won the top prize at the Baltic Film Festival in Stockholm on "
        "Sunday.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "appeals", ARTICLES, k=3)


def test_an_age_in_commas_does_not_part_a_subject_from_its_denial(bot: assistant.Assistant) -> None:
    assert decided("Was Brekke in court?", quoted_sentence("Brekke, 70, was not in court.")) == "No"
    assert decided("Was Brekke in court?", quoted_sentence("Brekke, 70, was in court.")) == "Yes"
    assert bot.ask("Was Brekke in court?").short == "No"
    # … but not into a relative clause, which says what is still to be done
    pending = quoted_sentence("The plan, which must still be approved by the council, costs 3 million euros.")
    assert decided("Has the council approved the plan?", pending) is None


def test_a_level_reduced_to_is_no_original_figure() -> None:
    text = "Former mayor Nils Brekke had his prison sentence reduced to six years on appeal on Tuesday."
    original = answer_entities(read_question("What was Brekke's original sentence?"), text)
    new = answer_entities(read_question("What was Brekke's new sentence?"), text)
    assert original == []
    assert [text[f.start:f.end] for f in new] == ["six"]


def test_a_past_verbs_day_is_not_when_it_will_happen(bot: assistant.Assistant) -> None:
    assert bot.ask("When will the lorry ban start?").short == "2027"  # "from next year", not Tuesday


def test_a_weekdays_possessive_names_no_one() -> None:
    text = "Norway will play Spain in the opening match, after Thursday's draw."
    assert "thursday" not in [f.key for f in names(text)]


def test_what_is_asked_where_of_is_no_place_it_was(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was the film festival held?").short == "Stockholm"


def test_the_thing_a_title_names_said_again_by_the_noun(bot: assistant.Assistant) -> None:
    # "the Harwick bridge" of the question is "The steel bridge" of a report whose title names it
    assert bot.ask("How much did the Harwick bridge cost?").short == "12 million euros"
