"""Who runs a thing, said by a title: "Who runs the clinic?" answered by "Clinic director
Hana Petrova", only where the title stands beside what the question asks about."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_corpus

import assistant
from assistant import Assistant, Turn
from assistant.answer.language import matching, norms, read_question

CLINIC = (
    "Eastbrook clinic reopens after repairs\n\n"
    "The Eastbrook clinic reopened on Monday with 24 beds after two months of repairs.\n\n"
    "Clinic director Hana Petrova said the waiting list would shrink by spring.\n"
)
SCHOOL = (
    "Westbrook school opens a library\n\n"
    "The Westbrook school opened a new library on Friday.\n\n"
    "Teacher Olga Lind said the pupils had asked for it for years.\n"
)


def _held(question: str, text: str) -> frozenset[str]:
    q = read_question(question)
    return matching(q.term_norms, norms(text), q.led)


@pytest.mark.parametrize("text", [
    "Hospital director Marek Nowak said waiting times would fall.",
    "Marek Nowak, the director of the hospital, said waiting times would fall.",
    "The hospital's chief executive, Marek Nowak, said waiting times would fall.",
    "Northgate hospital boss Marek Nowak said waiting times would fall.",
])
def test_a_title_beside_the_thing_says_who_runs_it(text: str) -> None:
    for question in ("Who runs Northgate hospital?", "Who heads Northgate hospital?", "Who led Northgate hospital?"):
        verb = next(t.norm for t in read_question(question).terms if t.norm in {"run", "head", "lead"})
        assert verb in _held(question, text), (question, text)


@pytest.mark.parametrize(("question", "text"), [
    # the title is of something else, said far from the hospital
    ("Who runs Northgate hospital?", "Anna Berg, head of the regional health agency, said the hospital would close."),
    # a question naming a title asks about a campaign, not an office held
    ("Who ran for president of the hospital board?", "Hospital board president Marek Nowak said he would stay."),
    # nothing the question asks about besides the verb
    ("Who took the lead?", "Team manager Marek Nowak said the first goal was deserved."),
    # the one asked for is not the one who leads: a title beside another word of the question says nothing
    ("Who is the trader at Alameda accused of directing the fraud?", "Alameda's CEO Caroline Ellison testified."),
    ("Which bank managed the sale of Northgate hospital?", "Hospital director Marek Nowak said the sale was done."),
    # no title at all
    ("Who runs Northgate hospital?", "Marek Nowak visited Northgate hospital on Monday."),
])
def test_no_title_beside_the_thing_says_nothing_of_who_runs_it(question: str, text: str) -> None:
    verbs = {t.norm for t in read_question(question).terms} & {"run", "head", "lead", "direct", "manag"}
    assert verbs and not verbs & _held(question, text)


@pytest.fixture(scope="module")
def minilm():
    # The packaged model: with a random test model's cosines any sentence may pass for the answer
    from assistant.indexing.embedding import load_embedder, packaged_model_path

    return load_embedder(str(packaged_model_path()))


@pytest.fixture
def clinic_bot(tmp_path: Path, minilm) -> Assistant:
    index = assistant.open_index(tmp_path / "idx", embedder=minilm, create=True)
    index.add(write_corpus(tmp_path / "corpus", {"clinic.txt": CLINIC, "school.txt": SCHOOL}))
    return Assistant(index)


def test_who_runs_it_is_answered_by_the_title_holder_and_cited(clinic_bot: Assistant) -> None:
    answer = clinic_bot.ask("Who runs the Eastbrook clinic?")
    assert answer.answered and answer.short == "Hana Petrova", answer
    assert [c.lines for c in answer.citations] == [(5, 5)]
    assert "Clinic director Hana Petrova" in answer.citations[0].quote


def test_a_follow_up_asking_who_runs_that_clinic(clinic_bot: Assistant) -> None:
    beds = Turn("How many beds does the Eastbrook clinic have?", "“with 24 beds” [1]", "24")
    answer = clinic_bot.ask("Who runs that clinic?", history=[beds])
    assert answer.query == "Who runs Eastbrook clinic?"
    assert answer.answered and answer.short == "Hana Petrova", answer


def test_who_runs_it_is_refused_where_no_title_says_it(clinic_bot: Assistant) -> None:
    answer = clinic_bot.ask("Who runs the Westbrook school?")  # a teacher there does not run it
    assert not answer.answered and answer.short is None, answer
