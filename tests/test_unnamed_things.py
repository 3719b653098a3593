"""Things no name holds, and what a question asks of a name: "Which collection lost books?" is
the "local history collection", not the town the library is named after; "What sold out?"
asks what happened; "What was her job?" asks for a description; a count is of the subject the
question names, or of one the sentence points back to ("Its shares fell 4.5%"). Articles are
our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import asked_phrase_in, attributive
from assistant.answer.language import classify

pytest.importorskip("spacy")

ARTICLES = {
    "flood.txt": (
        "Flood damages Kelby library\n"
        "March 3, 2026\n\n"
        "Heavy rain flooded the basement of the Kelby public library on Sunday, destroying about 900 books "
        "from its local history collection.\n"
    ),
    "market.txt": (
        "Harbour market draws crowds\n"
        "June 7, 2026\n\n"
        "Fish stalls sold out of smoked herring by Saturday afternoon, organisers said.\n"
    ),
    "results.txt": (
        "Brannock Mills results\n"
        "October 28, 2026\n\n"
        "Brannock Mills said its third-quarter profit fell 8% to 90 million euros.\n\n"
        "Its shares fell 3.5% in early trading.\n\n"
        "Brannock Mills employs about 2,400 people.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "unnamedthings", ARTICLES, k=3)


def test_the_phrase_the_asked_noun_heads() -> None:
    text = "Heavy rain flooded the Kelby public library, destroying books from its local history collection."
    assert asked_phrase_in("collect", text) == "local history collection"
    assert asked_phrase_in("librari", text) == "public library"
    assert asked_phrase_in("museum", text) is None
    at = text.index("Kelby")
    assert attributive(text, at, at + len("Kelby"))  # it names the library, no collection


def test_what_then_a_verb_asks_what_happened() -> None:
    assert classify("What sold out by Saturday afternoon?")[0] == "open"
    assert classify("What caused the flood?")[0] == "open"
    assert classify("What armed group attacked the convoy?")[0] == "entity"  # "armed" describes the group
    assert classify("What was Castell's job before politics?")[0] == "open"
    assert classify("What was the company's response?")[0] == "entity"  # "was" is no deed


def test_which_collection_is_described_not_named(bot) -> None:
    answer = bot.ask("Which collection lost books?")
    assert answer.short == "local history collection", answer.text


def test_what_sold_out_is_quoted_not_named(bot) -> None:
    answer = bot.ask("What sold out by Saturday afternoon?")
    assert answer.short != "Fish" and "smoked herring" in (answer.short or ""), answer.short


def test_a_count_of_the_subject_pointed_back_to(bot) -> None:
    assert bot.ask("How much did Brannock Mills' shares fall?").short == "3.5%"
