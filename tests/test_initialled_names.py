"""A name whose own language does not capitalise each word is read whole where the initials
in brackets after it spell it: "the Direction générale de l’armement (DGA)", not "Direction".
Sentences are our own writing.
"""

from __future__ import annotations

from assistant.answer.mentions import names


def _names(text: str) -> list[str]:
    return [text[f.start:f.end] for f in names(text)]


def test_lower_case_words_the_initials_spell_go_on_the_name() -> None:
    text = "The pact was signed with the Agence nationale de la recherche (ANR) on Monday."
    assert "Agence nationale de la recherche" in _names(text)
    text = "Officials of the Direction générale de l’armement (DGA) attended."
    assert "Direction générale de l’armement" in _names(text)


def test_initials_that_do_not_spell_the_words_add_nothing() -> None:
    text = "Ministers from Paris discussed drones (UAV) and tanks."
    assert "Paris" in _names(text)
    assert not any("discussed" in n for n in _names(text))
    text = "The Agence met farmers at the market (AFM) on Monday."
    assert "Agence" in _names(text)
