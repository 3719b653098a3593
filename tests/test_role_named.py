"""Who/which answers that are no person's name: a role a headline names in place of a person
("… with Swedish Trade Minister"), and capitalised words that are never a name of their own
("Everything" after a colon, the "Year" of an award, a plural of initials, a title's initials).
Articles are our own writing."""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.mentions import names

pytest.importorskip("spacy")

ARTICLES = {
    "talks.txt": (
        "Grain talks in Turku\n"
        "May 6, 2025\n\n"
        "Finnish PM discusses grain exports and port fees with Swedish Trade Minister\n\n"
        "The talks were held in Turku on Tuesday, the Finnish government said.\n"
    ),
    "quotas.txt": (
        "Fish quota talks\n"
        "May 9, 2025\n\n"
        "Norwegian PM discusses fish quotas and cod prices with Danish Finance Minister\n\n"
        "The talks were held in Bergen, the Norwegian government said.\n"
    ),
    "fees.txt": (
        "Port fees to fall in Gävle\n"
        "May 7, 2025\n\n"
        "Swedish Transport Minister Anna Berg cut harbour fees for grain ships in Gävle on Wednesday.\n"
    ),
    "clinic.txt": (
        "Turku clinic extends hours\n"
        "May 10, 2025\n\n"
        "The Turku clinic will open on Saturdays from June.\n\n"
        "Clinic director Hana Petrova said the queues would shrink by autumn.\n"
    ),
    "envoy.txt": (
        "Envoy tours grain port\n"
        "May 8, 2025\n\n"
        "Swedish envoy Karin Lund toured the Turku grain port on Thursday.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "roles", ARTICLES, k=3)


def test_a_role_named_in_place_of_a_person_answers_which_minister(bot) -> None:
    answer = bot.ask("With which Swedish minister did Finland's prime minister discuss grain exports?")
    assert answer.answered, answer.text
    assert answer.short == "Swedish Trade Minister", answer.short  # not "PM", nor the envoy quoted beside it
    assert any("with Swedish Trade Minister" in c.quote for c in answer.citations)


def test_a_role_of_title_words_only_answers_too(bot) -> None:
    answer = bot.ask("With which Danish minister did Norway's prime minister discuss fish quotas?")
    assert answer.answered, answer.text
    assert answer.short == "Danish Finance Minister", answer.short


def test_a_bare_role_noun_asked_for_is_not_answered_by_a_role() -> None:
    from assistant.answer.asked import role_runs

    text = "Finnish PM discusses grain exports with Swedish Trade Minister"
    assert role_runs(("sweden", "minist"), text) == [(text.index("Swedish"), len(text))]
    assert role_runs(("minist",), text) == []  # "Which minister …?": a role says too little
    assert role_runs(("sweden", "minist"), text + ".") == [(text.index("Swedish"), len(text))]  # not its full stop
    assert role_runs(("franc", "minist"), text) == []  # not the nationality asked for


def test_a_person_the_best_sentence_names_is_the_answer_not_their_role(bot) -> None:
    answer = bot.ask("Which Swedish minister cut harbour fees for grain ships?")
    assert answer.answered, answer.text
    assert answer.short == "Anna Berg", answer.short


@pytest.mark.parametrize(("text", "expected"), [
    ("ChatGPT: Everything you need to know about the chatbot", ["ChatGPT"]),
    ("Nobody expected Ada Okafor to win the Player of the Year award", ["Ada Okafor", "Player"]),
    ("UAVs struck the Harlan plant overnight", ["Harlan"]),
    ("Ukrainian PM met Marek Nowak in Turku", ["Marek Nowak", "Turku"]),
    ("The NGOs and Unicef signed the pact", ["Unicef"]),
    ("The Toulouse-based maker Delair and Kremlin-backed groups", ["Delair"]),
])
def test_words_that_are_never_a_name_of_their_own_are_no_candidates(text: str, expected: list[str]) -> None:
    assert [text[f.start:f.end] for f in names(text)] == expected


def test_a_common_noun_opening_a_title_is_no_name(bot) -> None:
    from assistant.answer.asked import common_opener

    answer = bot.ask("Which Turku official said the queues would shrink?")
    assert answer.answered, answer.text
    assert answer.short == "Hana Petrova", answer.short  # not "Clinic, Hana Petrova"
    assert common_opener("Clinic director Hana Petrova said so.", 0, 6)
    assert not common_opener("Renault spokesman Jean Dupont said so.", 0, 7)  # a proper noun may be the answer
