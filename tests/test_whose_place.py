"""Which city was attacked and which country's minister spoke: the place a question's verb
takes ("Raiders attack Brenna with fire boats"), no country for a city, and the country of
the title the question asks about ("French Transport Minister"), not another the sentence
names. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import owning_country
from assistant.answer.relation import main_verb

pytest.importorskip("spacy")

ARTICLES = {
    "raids.txt": (
        "Coast news in brief\n"
        "May 20, 2026\n\n"
        "Raiders massively attack Brenna with fire boats\n\n"
        "Halden port chief discusses ferry trade, tougher tariffs on Russia, harbour repairs with French "
        "Transport Minister\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "whoseplace", ARTICLES, k=2)


def test_the_verb_of_a_do_question_the_small_model_tags_a_noun() -> None:
    assert main_verb("Which city did the raiders attack with fire boats?") == "attack"
    assert main_verb("Which town did the raids target?") == "target"
    assert main_verb("Which city did the governor visit on Monday?") == "visit"
    assert main_verb("What did the minister say?") is None  # a light verb, as before


def test_the_place_the_verb_takes_answers_which_city(bot) -> None:
    answer = bot.ask("Which city did the raiders attack with fire boats?")
    assert answer.answered, answer.text
    assert answer.short == "Brenna"


def test_the_name_the_verb_takes_is_a_place_only_where_no_place_is_named() -> None:
    from types import SimpleNamespace

    from assistant.answer.language import read_question
    from assistant.answer.places import places_in

    q = read_question("Which city did the governor visit on Monday?")

    def found(text: str) -> list[str]:
        sent = SimpleNamespace(text=text, start=0, end=len(text), hit=SimpleNamespace(chunk_id="c"))
        return [text[f.start:f.end] for f in places_in(q, sent, {})]

    assert found("The governor visited Brenna on Monday.") == ["Brenna"]
    assert found("The governor visited Ola Berg in Brenna on Monday.") == ["Brenna"]


def test_the_country_of_the_title_asked_about() -> None:
    text = "Halden port chief discusses ferry trade, tougher tariffs on Russia, with French Transport Minister"
    assert owning_country("Which country's minister discussed ferry trade with the port chief?", text) == "France"
    assert owning_country("Which country's transport minister met the port chief?", text) == "France"
    assert owning_country("Which minister met the port chief?", text) is None  # no country asked
    assert owning_country("Which country's ambassador met the port chief?", text) is None  # no such title


def test_which_countrys_minister_through_the_assistant(bot) -> None:
    answer = bot.ask("Which country's minister discussed ferry trade with the Halden port chief?")
    assert answer.answered, answer.text
    assert answer.short == "France"
