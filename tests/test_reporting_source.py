"""Who reports a sentence did not do what it reports: "Denmark signed the bridge deal,
Transport Minister Ole Holm said." does not answer "Who signed the bridge deal?" with Ole
Holm. It does answer "Who said …?" and "Who is …?", and a direct quote may be the
speaker's own deed ("'We signed it,' Holm said"). Sentences are our own writing."""

from __future__ import annotations

import pytest

from assistant.answer.language import read_question
from assistant.answer.mentions import answer_entities, reports_it

pytest.importorskip("spacy")


@pytest.mark.parametrize(("text", "name", "source"), [
    ("Denmark signed the bridge deal on Tuesday, Danish Transport Minister Ole Holm said.", "Ole Holm", True),
    ("Denmark signed the bridge deal, Ole Holm said on Tuesday.", "Ole Holm", True),
    ("Denmark signed the bridge deal, said Ole Holm.", "Ole Holm", True),
    ("Denmark signed the bridge deal, according to Ole Holm.", "Ole Holm", True),
    ("Denmark signed the bridge deal, Ole Holm told reporters.", "Ole Holm", True),
    # opening the sentence: whose account it is, not who signed
    ("According to the newspaper Nordposten, Denmark signed the bridge deal.", "Nordposten", True),
    ("According to Ole Holm, Denmark signed the bridge deal.", "Ole Holm", True),
    ("According to the newspaper Nordposten, Denmark signed the bridge deal.", "Denmark", False),
    # the speaker's own words, quoted
    ("'We signed the bridge deal,' Ole Holm said.", "Ole Holm", False),
    ("“We signed the bridge deal,” Ole Holm said.", "Ole Holm", False),
    # the speaker opens the sentence; a list; a source of another clause
    ("Ole Holm said Denmark signed the bridge deal.", "Ole Holm", False),
    ("The deal was signed by Denmark, Ole Holm and Sweden.", "Ole Holm", False),
    ("The deal was signed by Sweden and Ole Holm, the board said.", "Ole Holm", False),
])
def test_a_name_in_a_reporting_clause_is_its_source(text: str, name: str, source: bool) -> None:
    a = text.index(name)
    assert reports_it(text, a, a + len(name)) is source


def test_the_source_answers_who_said_but_not_who_did() -> None:
    text = "Harbour crews repaired the Nordvik pier on Tuesday, port director Ines Brandt said."

    def named(question: str) -> list[str]:
        return [text[f.start:f.end] for f in answer_entities(read_question(question), text)]

    assert "Ines Brandt" not in named("Who repaired the Nordvik pier?")
    assert "Ines Brandt" in named("Who said the Nordvik pier was repaired?")
    assert "Ines Brandt" in named("Who is the port director?")


def test_who_says_another_did_it_did_not() -> None:
    text = "Head librarian Ines Brandt said volunteers carried the rarest maps to the upper floor."

    def named(question: str, sentence: str = text) -> list[str]:
        return [sentence[f.start:f.end] for f in answer_entities(read_question(question), sentence)]

    assert "Ines Brandt" not in named("Who carried the rarest maps to safety?")
    assert "Ines Brandt" in named("Who said the maps were carried upstairs?")
    # her own deed, or a passive that leaves the doer unsaid
    assert "Ines Brandt" in named("Who carried the rarest maps to safety?",
                                  "Head librarian Ines Brandt said she carried the rarest maps upstairs.")
    assert "Ines Brandt" in named("Who carried the rarest maps to safety?",
                                  "Ines Brandt told the Herald that the rarest maps were carried upstairs.")


def test_who_stressed_that_others_do_it_is_not_who_does_it_and_a_people_may_be() -> None:
    text = "Mayor Ines Brandt emphasised that Norwegians would handle the assembly, praising their skill."
    q = read_question("Who will handle the assembly of the ferries?")
    assert [text[f.start:f.end] for f in answer_entities(q, text)] == ["Norwegians"]
    # a people that does not do the question's verb is no one
    other = "Norwegians praised the ferries, and Mayor Ines Brandt would handle the assembly."
    assert [other[f.start:f.end] for f in answer_entities(q, other)] == ["Mayor Ines Brandt"]


def test_an_outlet_that_reports_answers_who_reported(tmp_path_factory, tiny_model) -> None:
    from conftest import assistant_of_files

    bot = assistant_of_files(tmp_path_factory, tiny_model, "reportedby", {
        "pier.txt": ("Pier repairs may be quick\nMay 13, 2026\n\n"
                     "Harbour crews could repair the Nordvik pier within weeks, Fjord News reported on Sunday.\n"),
    }, k=1)
    answer = bot.ask("Who reported the Nordvik pier could be repaired within weeks?")
    assert answer.answered, answer.text
    assert answer.short == "Fjord News"
    # an organisation that does the question's verb answers "who"; one beside it does not
    q = read_question("Who reported the pier could be repaired?")
    text = "Harbour crews could repair the pier within weeks, Fjord News reported on Sunday."
    assert "Fjord News" in [text[f.start:f.end] for f in answer_entities(q, text)]
