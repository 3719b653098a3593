"""Who said it, and which business did it: a "who said" question is answered by whoever
tells it ("Norvik Motors confirmed … but added that …"), not by the outlet that asked; a
"which carmaker" question by no minister and no ministry. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import business_asked, public_body
from assistant.answer.relation import tells
from assistant.text.clauses import past_open_quote, word_end

pytest.importorskip("spacy")

ARTICLES = {
    "ferries.txt": (
        "Carmaker may build Halden ferries\n"
        "May 12, 2026\n\n"
        "When contacted by the Valley Herald, Norvik Motors confirmed talks but said that \"no decision has been "
        "taken at this early stage.\"\n"
    ),
    "carmaker.txt": (
        "Halden wants a carmaker for its buses\n"
        "May 13, 2026\n\n"
        "'We have been contacted by the Transport Ministry about building electric buses,' Norvik Motors said "
        "on Sunday.\n\n"
        "Ole Holm said the buses would be built by a major carmaker and a small coachworks.\n"
    ),
    "depot.txt": (
        "Halden bus depot opens\n"
        "May 14, 2026\n\n"
        "The new bus depot was funded by a 4 million euro gift from the Halvorsen family foundation.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "whotold", ARTICLES, k=2)


def test_a_firm_s_own_last_word_and_a_surname_like_it() -> None:
    from assistant.answer.people import _FIRM_NAME
    assert {"terminals", "energy", "radio"} <= _FIRM_NAME
    assert not {"power", "steel"} & _FIRM_NAME  # "Samantha Power" is a person


def test_who_tells_is_the_subject_of_a_verb_of_telling() -> None:
    text = "When contacted by the Valley Herald, Norvik Motors confirmed talks but added that no decision was taken."
    asked = "Who said no decision had been taken?"
    assert tells(asked, text, text.index(" confirmed"))
    assert not tells(asked, text, text.index(", Norvik"))  # who asked tells nothing
    # Only a question asking who told: who did something is not who confirmed it.
    assert not tells("Who built the ferries?", text, text.index(" confirmed"))


def test_who_said_it_through_the_assistant(bot) -> None:
    answer = bot.ask("Who said no decision had been taken?")
    assert answer.answered, answer.text
    assert answer.short == "Norvik Motors"
    # The words they said are quoted whole, not cut after "no decision".
    assert any(c.quote.endswith('"no decision has been taken at this early stage."')
               for c in answer.citations), answer.text


def test_a_quote_is_not_cut_inside_what_someone_said() -> None:
    text = 'Norvik Motors added that “no decision has been taken at this stage,” a spokesman said.'
    at = text.index(" has")
    assert text[:past_open_quote(text, 0, at, len(text))].endswith("at this stage,”")
    assert past_open_quote(text, text.index("a spokes"), text.index(" said"), len(text)) == text.index(" said")
    straight = 'He said "no decision yet" and left.'
    assert past_open_quote(straight, 0, straight.index(" yet"), len(straight)) == straight.index(" and")
    # No closing mark before the end: the cut stays.
    assert past_open_quote('He said "no decision yet', 0, 11, 24) == 11


def test_a_quote_is_not_cut_inside_a_hyphenated_word() -> None:
    text = "the deal could involve Skarv, a Halden-based ferry maker that builds hybrids"
    at = text.index("-based")
    assert text[:word_end(text, at, len(text))].endswith("Halden-based")
    assert word_end(text, text.index(" ferry"), len(text)) == text.index(" ferry")  # no hyphen: no move


def test_a_business_is_no_person_and_no_public_body() -> None:
    assert business_asked("Which carmaker could build the ferries?")
    assert business_asked("Which company will build the ferries?")
    assert not business_asked("Which minister spoke about the ferries?")
    text = "the Transport Ministry and the Armed Forces of Norway (AFN) and Norvik Motors"
    assert public_body(text, text.index("Transport"), text.index(" and"))
    assert public_body(text, text.index("AFN"), text.index("AFN") + 3)
    assert not public_body(text, text.index("Norvik"), len(text))


def test_which_carmaker_through_the_assistant(bot) -> None:
    answer = bot.ask("Which carmaker could build the electric buses?")
    assert answer.answered, answer.text
    assert answer.short == "Norvik Motors"


def test_a_news_outlet_is_not_asked_for_as_a_business() -> None:
    # the small tagger takes outlets' names for people's: "Which outlet …?" keeps them all
    assert not business_asked("Which outlet reported that Norvik Motors could build the ferries?")
    assert not business_asked("Which newspaper first reported the deal?")


def test_a_firm_named_after_a_person_is_still_a_firm(bot) -> None:
    # "the Halvorsen family foundation": a family's name, a foundation's gift
    answer = bot.ask("Which company funded the new bus depot?")
    assert answer.answered, answer.text
    assert answer.short == "Halvorsen"
