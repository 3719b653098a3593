"""A march counted twice, a theft and an obituary, as news style writes them: a crowd "put
at about 4,000" by the police against the organisers' figure, "What were people protesting
against?" and "What was stolen?" asking for what, not who, a year another verb of the
sentence takes, and a figure farther down moved up only where it is the question
subject's own. Articles are our own writing.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.language import classify, read_question
from assistant.answer.mentions import Found, numbers

pytest.importorskip("spacy")

ARTICLES = {
    "rally.txt": (
        "Thousands rally to save Dalby library\n"
        "October 11, 2026\n\n"
        "Thousands of people marched through Dalby on Saturday to protest against plans to close the town library.\n\n"
        "Organiser Mona Berg said 9,000 people had joined, though police estimated the crowd at 3,000.\n\n"
        "The council will decide in November.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "crowds", ARTICLES, k=3)


def test_a_crowd_put_at_a_number_counts_people() -> None:
    for text, size in (("Police put the crowd at about 4,000.", "4,000"),
                       ("The crowd of 18,400 was the largest this season.", "18,400")):
        assert [f.key for f in numbers(text)] == [f"{size} peopl"]
    assert numbers("Attendance was 64%.")[0].key.split()[1:] != ["peopl"]


def test_the_figure_of_whom_the_question_names(bot: assistant.Assistant) -> None:
    from assistant.answer.told import teller

    assert teller("How many people did the police say marched?") == teller("How many marched, according to police?")
    assert teller("How many jobs did the company say it would cut?") == []  # the company is called by its name
    assert bot.ask("How many people did the police say marched?").short == "3,000"
    assert bot.ask("How many people marched, according to police?").short == "3,000"


def test_what_people_were_doing_and_what_was_done_ask_for_a_thing() -> None:
    assert classify("What were people protesting against?")[0] == "open"
    assert classify("What was stolen from the museum?")[0] == "open"
    assert classify("What was damaged?")[0] == "open"
    assert classify("What people were protesting?")[0] == "person"
    assert classify("What was Havline's revenue?")[0] == "money"
    assert classify("What was the biggest building?")[0] == "entity"


def test_a_date_of_another_verb_is_not_the_asked_ones() -> None:
    from assistant.answer.relation import hangs_elsewhere

    text = "Born in Pecs in 1937, Varga moved to Kelby in 1961 and opened her own practice ten years later."
    for year in ("1937", "1961"):
        assert hangs_elsewhere("open", text, text.index(year))
    assert not hangs_elsewhere("move", text, text.index("1961"))
    # the verb that takes the asked one ("wants to move … by 2028"), and the verb said again ("as has been done")
    wants = "The authority wants to move emergency care to a new centre in Dorby by 2028."
    assert not hangs_elsewhere("move", wants, wants.index("2028"))
    done = "Lawmakers called for children to be barred from nurseries, as has been done in Sarnia since 2023."
    assert not hangs_elsewhere("bar", done, done.index("2023"))
    # the asked verb where the tagger reads it as a noun ("is due to end")
    tour = "Her tour, which began in June, is due to end in Berlin on 2 September."
    assert not hangs_elsewhere("end", tour, tour.index("2 September"))
    assert hangs_elsewhere("end", tour, tour.index("June"))


def test_only_the_subjects_own_sentence_goes_first_from_farther_down() -> None:
    from assistant.answer.candidates import farther_first

    liberals = read_question("How many seats did the Liberals win?")
    said = "The Civic Party won 84 seats."
    civic = SimpleNamespace(cover=frozenset({"seat", "win"}), pointed=frozenset(), text=said,
                            found=[Found("number", said.index("84"), said.index("84") + 2, "84")])
    said = "The Liberals won 31 seats."
    own = SimpleNamespace(cover=frozenset({"liber", "seat"}), pointed=frozenset(), text=said,
                          found=[Found("number", said.index("31"), said.index("31") + 2, "31")])
    assert not farther_first(liberals)(civic)
    assert farther_first(liberals)(own)  # of the Liberals, and the verb takes its number
    assert not farther_first(read_question("Who scored the goal?"))(own)


def test_an_organiser_or_a_coach_before_a_name_is_what_the_person_is() -> None:
    from assistant.knowledge.names import clean

    assert clean("Organiser Mona Berg", "person") == "Mona Berg"
    assert clean("Substitute Kai Lund", "person") == "Kai Lund"
    assert clean("Sergeant Paul Okoro", "person") == "Paul Okoro"
    assert clean("Isaac Singer", "person") == "Isaac Singer"  # a surname stays
