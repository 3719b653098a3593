"""Who did something, where the sources name no one who did it: "volunteers carried the maps",
"operated by local crews". The common noun that does the question's verb answers, not the
person who only said so nor a name of a weaker quote. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.mentions import says_of_another
from assistant.answer.unnamed_subject import unnamed_subject

pytest.importorskip("spacy")

ARTICLES = {
    "museum.txt": (
        "Storm floods Halden museum\n"
        "May 12, 2026\n\n"
        "Director Karin Lund said volunteers carried the oldest paintings to the attic before the "
        "water rose.\n\n"
        "The new ferry terminal will be run by local crews, and its cafe by the Halden council, Mayor Ola Berg "
        "said on Monday.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "unnameddoer", ARTICLES, k=2)


def test_the_common_noun_that_does_the_verb() -> None:
    text = "Museum director Karin Lund said volunteers carried the oldest paintings to the attic."
    assert unnamed_subject("Who carried the oldest paintings to the attic?", text) == "volunteers"
    assert unnamed_subject("Who will run the ferry terminal?",
                           "The new ferry terminal will be run by local crews.") == "local crews"
    # A name does it: no common noun answers for it.
    assert unnamed_subject("Who carried the paintings?", "Karin Lund carried the paintings.") is None
    # The verb is not said: nothing.
    assert unnamed_subject("Who painted the paintings?", text) is None
    # Who tells it, where no name does.
    closed = "The museum will stay closed for a month while the attic dries out, the town council said."
    assert unnamed_subject("Who said the museum will stay closed?", closed) == "town council"
    assert unnamed_subject("Who said the museum will stay closed?",
                           "The museum will stay closed for a month, Mayor Ola Berg said.") is None
    assert unnamed_subject("Who said the museum will stay closed?",
                           "The museum will stay closed for a month, the report said.") is None  # no one


def test_asked_through_the_assistant(bot) -> None:
    answer = bot.ask("Who carried the oldest paintings to the attic?")
    assert answer.answered, answer.text
    assert answer.short == "volunteers"


def test_a_speaker_with_an_apposition_is_still_only_the_speaker() -> None:
    text = "Karin Lund, the museum's director, said volunteers carried the oldest paintings."
    assert says_of_another(text, len("Karin Lund"), "carri")
    assert not says_of_another("Karin Lund carried the oldest paintings.", len("Karin Lund"), "carri")


def test_a_speaker_noting_that_another_does_it_is_only_the_speaker() -> None:
    text = "Berg said, noting that the project would involve a shipyard and a small ferry firm."
    assert says_of_another(text, len("Berg"), "involv")


def test_a_passive_who_asks_what_the_verb_was_done_to_not_who_did_it() -> None:
    # "Who else could be involved?": the project involves them; it is not who is involved
    text = "The project would involve a shipyard and a small ferry firm."
    assert unnamed_subject("Who else could be involved?", text) is None
    assert unnamed_subject("Who would involve a shipyard?", text) == "project"  # the active asks the doer
