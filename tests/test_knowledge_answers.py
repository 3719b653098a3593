"""Answers that use the knowledge layer: a "who" question gathers every person across the
articles that name its subject (by any spelling), "What did X say about Y?" quotes X's
attributed words, "When …?" gives the date the layer resolved, and a question spelling a
name another way than the passages is still answered. Articles are our own writing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write_corpus

import assistant
from assistant.answer.facts import Facts
from assistant.knowledge.dates import resolve_date
from assistant.knowledge.tense import tense_of, with_tense

pytest.importorskip("spacy")

ARTICLES = {
    "brussels.txt": (
        "Umerov holds talks in Brussels\n"
        "June 11, 2025\n\n"
        "Defense Minister Rustem Umerov met Norwegian Defense Minister Tore Sandvik in Brussels on Tuesday.\n\n"
        "The talks covered the joint production of drones and the training of pilots.\n"
    ),
    "kyiv.txt": (
        "Spain sends air defence\n"
        "June 12, 2025\n\n"
        "Ukrainian Defence Minister Rustem Umierov met Spanish Defence Minister Margarita Robles in Kyiv on 3 June.\n\n"
        "Spain promised two more air defence batteries before the winter.\n"
    ),
    "paris.txt": (
        "France and Ukraine to build drones together\n"
        "June 10, 2025\n\n"
        "French Minister of the Armed Forces Sébastien Lecornu hosted Rustem Umerov in Paris on Monday.\n\n"
        "\u201cFrance will help Ukraine build drones in its own factories,\u201d Lecornu said after the meeting.\n\n"
        "\u201cOur budget for the army must grow next year,\u201d Lecornu told the senators.\n\n"
        "Lecornu arrived in Kyiv on 28 September.\n"
    ),
    "football.txt": (
        "Cup final ends in a draw\n"
        "June 9, 2025\n\n"
        "Coach Maria Lopez praised her goalkeeper Anna Berg after the final in Madrid on Sunday.\n\n"
        "\u201cWe defended well and we will win the replay,\u201d Lopez said.\n"
    ),
    "weather.txt": (
        "Storms expected across the north\n"
        "June 8, 2025\n\n"
        "Forecaster Paul Green said heavy rain would reach the coast by the evening.\n"
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("kna") / "corpus", ARTICLES)


@pytest.fixture(scope="module")
def bot(corpus: Path, tiny_model: str) -> assistant.Assistant:
    index = assistant.open_index(corpus.parent / "idx", embed_model=tiny_model, create=True, ranker="none")
    index.add(corpus)
    return assistant.Assistant(index, k=2)


def _quoted(answer) -> str:
    return " ".join(c.quote for c in answer.citations)


def test_a_who_question_gathers_every_person_across_the_articles_naming_its_subject(bot, corpus) -> None:
    answer = bot.ask("Which defence ministers has Umerov met?")
    assert answer.answered
    quoted = _quoted(answer)
    for name in ("Sandvik", "Robles", "Lecornu"):
        assert name in quoted, (name, answer.text)
    # each from its own article, cited there; the football coach is nobody Umerov met
    assert {c.source for c in answer.citations} >= {"brussels.txt", "kyiv.txt", "paris.txt"}
    assert "Lopez" not in answer.text and "Green" not in answer.text
    # the short answer names them, titles stripped ("Defense Minister Tore Sandvik" is Tore Sandvik)
    short = answer.short.split(", ")
    assert {"Tore Sandvik", "Margarita Robles"} <= set(short) and any("Lecornu" in n for n in short), answer.short
    assert not any("Minister" in n for n in short)
    # the widened passages come after the k retrieved, and all mention him by some spelling
    hits = bot.search("Which defence ministers has Umerov met?", k=2)
    assert {h.source for h in hits} >= {"brussels.txt", "kyiv.txt", "paris.txt"}
    for c in answer.citations:
        assert c.quote in (corpus / c.source).read_text(encoding="utf-8")


def test_what_did_x_say_about_y_quotes_x_on_y_verbatim(bot) -> None:
    answer = bot.ask("What did Sebastian Lecornu say about the army budget?")
    assert answer.answered
    speaker, _, _ = answer.text.partition(": ")
    assert speaker == bot.index.entities(name="Lecornu")[0].name  # who said it, from the attribution
    assert answer.citations[0].quote.startswith("Our budget for the army must grow next year")
    assert answer.citations[0].source == "paris.txt"
    assert "factories" not in answer.text  # his other quote is not about the budget
    # not a quote by someone else on the same topic
    other = bot.ask("What did Lopez say about the replay?")
    assert other.citations and other.citations[0].source == "football.txt"
    assert other.text.startswith("Maria Lopez")


def test_quotes_keep_to_the_filters(bot) -> None:
    from assistant.types import Filters

    only = Filters(sources=("brussels.txt", "kyiv.txt"))
    answer = bot.ask("What did Lecornu say about the army budget?", filters=only)
    assert all(c.source in only.sources for c in answer.citations), answer.text
    assert "budget" not in " ".join(c.quote for c in answer.citations)


def test_what_did_x_say_without_quotes_falls_back_to_the_passages(bot) -> None:
    answer = bot.ask("What did Paul Green say about the rain?")
    # the forecaster's words are reported speech with "said ... would": quoted or cited from the article
    assert answer.answered and answer.citations[0].source == "weather.txt"


def test_when_answers_with_the_resolved_date_and_cites_the_sentence(bot) -> None:
    answer = bot.ask("When did Umierov meet Robles?")
    assert answer.answered
    assert answer.text.startswith("Tuesday 3 June 2025:"), answer.text
    assert answer.citations[0].source == "kyiv.txt"
    # a past-tense year-less date after publication is last year's
    arrival = bot.ask("When did Lecornu arrive in Kyiv?")
    assert arrival.text.startswith("Saturday 28 September 2024:"), arrival.text


def test_a_question_spelling_a_name_another_way_is_answered(bot) -> None:
    # Only "Sébastien" is in the articles: without the layer the passages would look
    # as if they did not name the man asked about, and the question would be refused.
    answer = bot.ask("Where did Sebastian Lecornu host Umerov?", k=4)
    assert answer.answered, answer.text
    assert "Paris" in _quoted(answer)


def test_without_a_knowledge_store_the_answer_comes_from_text(bot, monkeypatch) -> None:
    store = bot.index.knowledge
    monkeypatch.setattr(type(store), "exists", lambda self: False)
    assert not Facts(bot.index).available
    answer = bot.ask("Which defence ministers has Umerov met?")
    assert answer.answered  # the top passages still name someone; no error


def test_the_tense_of_the_verb_moves_an_open_date() -> None:
    from assistant.knowledge.nlp import load

    nlp = load()
    published = dt.date(2024, 7, 22)  # a Monday

    def dated(sentence: str) -> str | None:
        ent = next(e for e in nlp(sentence).ents if e.label_ == "DATE")
        return with_tense(resolve_date(ent.text, published), ent.text, published, tense_of(ent)).date

    assert dated("The minister arrived in Kyiv on 28 September.") == "2023-09-28"
    assert dated("The ministers will meet again on Friday.") == "2024-07-26"
    assert dated("She met him on Friday.") == "2024-07-19"
    assert dated("The summit will take place on March 3.") == "2025-03-03"
    assert dated("The vote is on November 5.") == "2024-11-05"  # no tense to go by: this year
    assert dated("He visited the plant in 2023.") == "2023-01-01"  # the year is given: never moved
