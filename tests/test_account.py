"""Whose account a question asks for (``answer.account``): "…, according to Lena Berg?" is
answered only from sentences that are hers (words the knowledge layer attributes to her,
or naming her), never from another source's report; a question naming an outlet, part of
a long question, or a name the small model misread as a person restricts nothing.
Articles are our own writing."""

from __future__ import annotations

import pytest
from conftest import assistant_over as _bot
from conftest import news_record as _record

import assistant
from assistant.answer.account import whose_account
from assistant.answer.facts import Named
from assistant.types import Entity

pytest.importorskip("spacy")

ARTICLES = [
    _record("Harbour Gazette", "2024-03-04", "Ferry terminal contract",
            "Polar Wind Lines will run the new ferry terminal at Halden, the Bay Times reported on Monday, "
            "citing people close to the tender.\n\n"
            "Lena Berg, the port director, said the contract to run the terminal went to Nordic Star Ferries.\n\n"
            "The terminal opens in May.\n"),
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "account", ARTICLES, 4)


def test_a_question_asking_for_someones_account_is_answered_from_their_sentences(bot) -> None:
    answer = bot.ask("Which company will run the new ferry terminal at Halden, according to Lena Berg?")
    assert answer.answered and answer.short == "Nordic Star Ferries", answer.text
    assert all("Polar Wind" not in c.quote for c in answer.citations)
    # asked without her name, the report that names the company with most of the question's words answers
    plain = bot.ask("Which company will run the new ferry terminal at Halden?")
    assert plain.answered and "Polar Wind Lines" in (plain.short or ""), plain.text


def _named(words: str, name: str, type_: str) -> Named:
    return Named(words, (Entity(1, name, type_, (), 3, 1, ("a.json",)),))


@pytest.mark.parametrize(("question", "named", "outlets", "whose"), [
    ("Which company will run the terminal, according to Berg?", [_named("Berg", "Lena Berg", "person")], [],
     ["Lena Berg"]),
    ("According to Lena Berg, which company will run the terminal?", [_named("Lena Berg", "Lena Berg", "person")],
     [], ["Lena Berg"]),
    ("Which company did Lena Berg say will run the terminal?", [_named("Lena Berg", "Lena Berg", "person")], [],
     ["Lena Berg"]),
    # an outlet is no person's account, whatever the small model read it as
    ("Which company will run the terminal, according to The Verge?", [_named("Verge", "Verge", "person")],
     ["The Verge"], []),
    ("Which company will run it, according to the Life and Style desk?",
     [_named("Style", "Metroidvania style", "person")], ["The Independent - Life and Style"], []),
    # a name of one word only may be a misread thing
    ("Which company will run the terminal, according to Gemini?", [_named("Gemini", "Gemini", "person")], [], []),
    # the source of one part of a long question is not the whole answer's
    ("Which company, according to Lena Berg, won the tender, and was fined last year, as the Bay Times reported?",
     [_named("Lena Berg", "Lena Berg", "person")], [], []),
    # an organisation's account is read from the text as any report's
    ("Which company will run the terminal, according to the port authority?",
     [_named("port authority", "Halden Port Authority", "org")], [], []),
])
def test_whose_account_a_question_asks_for(question, named, outlets, whose) -> None:
    assert [e.name for e in whose_account(question, named, outlets)] == whose


def test_a_question_built_to_backtrack_is_read_at_once() -> None:
    # "did" then runs of spaces: open-ended repeats around them took 12.5 s on 4,000 characters.
    # The bound is a thousand times what it takes now; the old pattern was six times over it.
    import time

    hostile = ("Which bridge " + ("did" + " " * 40) * 100)[:3990] + "open?"
    started = time.perf_counter()
    assert whose_account(hostile, [_named("Berg", "Lena Berg", "person")]) == ()
    assert time.perf_counter() - started < 2.0
