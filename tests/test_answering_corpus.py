"""Extractive answers over the real corpus (../shared/corpus) with the packaged MiniLM,
asserted on content: names, lines and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant
from assistant import Assistant

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from tests.conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not there (CI puts ../shared beside the clone)")
    index = assistant.open_index(tmp_path_factory.mktemp("real") / "idx", create=True)
    index.add(CORPUS)
    return Assistant(index)


def _lines(root: Path, source: str, first: int, last: int) -> str:
    return "\n".join((root / source).read_text(encoding="utf-8").split("\n")[first - 1:last])


def test_who_met_umerov_gathers_every_name(bot: Assistant) -> None:
    answer = bot.ask("Who met Umerov in Brussels?")
    assert answer.answered
    for name in ("Lecornu", "Sandvik", "Robles"):
        assert name in answer.text
    assert len(answer.text.split()) < 60
    root = Path(bot.index.manifest.root)
    for cit in answer.citations:
        assert cit.source.startswith("000_") and cit.outlet == "Interfax-Ukraine"
        assert cit.quote in _lines(root, cit.source, *cit.lines)
    assert {c.lines for c in answer.citations} == {(10, 10), (16, 16)}


def test_follow_up_is_about_drone_production(bot: Assistant) -> None:
    answer = bot.ask("What did they discuss?", history=["Who met Umerov in Brussels?"])
    assert answer.answered and "production of drones" in answer.text
    assert answer.citations and all(c.source.startswith("000_") for c in answer.citations)


@pytest.mark.parametrize("question", [
    "Which Italian minister did Umerov meet in Brussels?",
    "How many CAESAR howitzers has France delivered to Ukraine in total?",
    "How much money is France investing in the Renault drone project?",
])
def test_unanswerable_is_refused(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert not answer.answered and not answer.citations


def test_numbers_dates_and_places(bot: Assistant) -> None:
    assert "7,000" in bot.ask("How many Ukrainian soldiers has France helped train, according to Lecornu?").text
    assert "June 2" in bot.ask("On what date did the UK release its updated Strategic Defense Review?").text
    earlier = "According to Ouest-France, which drone maker could join the Renault project?"
    assert "Toulouse" in bot.ask("Where is that company based?", history=[earlier]).text
