"""A question that names an outlet ("according to the Halden Gazette") is answered from
that outlet's reports: the outlet tells each of their sentences, so each says its name,
though none writes it. A question about the town the outlet is named for is not. Articles
are our own writing."""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import outlet_words

ARTICLES = {
    "gazette.txt": (
        "date 2026-02-02 Halden Gazette\n"
        "Storm floods Halden town museum\n\n"
        "Heavy rain flooded the cellar of the Halden town museum on Tuesday night, ruining about 300 paintings.\n\n"
        "The museum will stay closed for a month, curator Ines Brandt said.\n\n"
        "MORE ABOUT\n\n"
        "09:12 01.02.2026\n"
        "School roof repairs delayed\n"
    ),
    "post.txt": (
        "date 2026-02-03 Brekke Post\n"
        "Brekke harbour board meets\n\n"
        "The harbour board met on Wednesday to discuss the new ferry timetable for the spring.\n\n"
        "Pier deck repairs have been delayed until the autumn, the board said.\n\n"
        "Its chair, Ola Lund, said the board would publish the timetable in March.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "outlets", ARTICLES, k=4)


def test_the_outlet_a_question_names_tells_each_of_its_sentences(bot: assistant.Assistant) -> None:
    answer = bot.ask("Which repairs have been delayed, according to the Halden Gazette's related links?")
    assert answer.answered, answer.text
    assert "roof" in (answer.short or "").lower(), answer.text
    assert any("School roof repairs delayed" in c.quote for c in answer.citations)
    assert not any("Pier" in c.quote for c in answer.citations)
    # not named, either report may answer
    assert bot.ask("Which repairs have been delayed?").answered


def test_only_an_outlet_named_in_full_is_read_as_the_outlet() -> None:
    assert outlet_words("What did the Halden Gazette report?", "Halden Gazette") == {"halden", "gazett"}
    assert outlet_words("according to the halden gazette's links", "The Halden Gazette") == {"halden", "gazett"}
    # the town is not the newspaper named after it
    assert outlet_words("Which repairs were delayed in Halden?", "Halden Gazette") == frozenset()
    assert outlet_words("What did the Gazette say?", None) == frozenset()
