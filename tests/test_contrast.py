"""A yes/no question answered No by the passage that gives another country, day or number in
the same role, through the whole assistant (index, retrieval, answer), with the deciding quote
cited. Articles are our own writing."""

from __future__ import annotations

import pytest
from conftest import assistant_over as _bot
from conftest import news_record as _record

import assistant

pytest.importorskip("spacy")

ARTICLES = [
    _record("Halden Courier", "2024-05-06", "Mayor marks liberation day",
            "Mayor Lina Berg gave her speech at the Swedish war memorial in Halden on Sunday.\n\n"
            "About 300 people stood in the rain to hear her.\n"),
    _record("Halden Courier", "2024-05-08", "Ferry yard opens late",
            "The new Halden ferry yard opened on Tuesday after a week of delays.\n\n"
            "Its first order is two electric ferries for the fjord crossing.\n"),
    _record("Coastal Wire", "2024-05-10", "Clinic opens children's ward",
            "The Halden clinic opened a children's ward with 40 beds on Monday.\n"),
    _record("Coastal Wire", "2024-05-09", "Harbour fees rise",
            "Harbour fees in Halden will rise by four percent from June, the port authority said.\n"),
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "contrast", ARTICLES, 3)


@pytest.mark.parametrize(("question", "short", "quoted"), [
    ("Did Mayor Berg give her speech at the Danish war memorial?", "No", "Swedish war memorial"),
    ("Did Mayor Berg give her speech at the Swedish war memorial?", "Yes", "Swedish war memorial"),
    ("Did the new Halden ferry yard open on Monday?", "No", "opened on Tuesday"),
    # another number of the same thing
    ("Did the Halden clinic open a children's ward with 50 beds?", "No", "40 beds"),
    ("Did the Halden clinic open a children's ward with 40 beds?", "Yes", "40 beds"),
])
def test_the_sentence_giving_another_in_the_same_role_decides(bot: assistant.Assistant, question: str, short: str,
                                                             quoted: str) -> None:
    answer = bot.ask(question)
    assert answer.short == short, answer.text
    assert any(quoted in c.quote for c in answer.citations), answer.text
    assert answer.text.startswith(f"{short}:"), answer.text
