"""Which names a short answer gathers beyond the best quote: a weaker sentence of the same
article adds its people only where it says what the question asks them to have done, and a
question asking for the one person a role describes is answered by the best quote's.
Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer.asked import asked_phrase, clash

pytest.importorskip("spacy")

ARTICLES = {
    "clinic.txt": (
        "Harbour clinic opens maternity ward\n"
        "May 7, 2026\n\n"
        "The maternity ward was funded by a 4 million euro donation from the Ostberg family trust.\n\n"
        "The Harbour clinic opened a new maternity ward with 20 beds on Tuesday.\n\n"
        "Clinic manager Ines Falk said waiting lists for maternity care should shrink by half.\n"
    ),
    "dockers.txt": (
        "Dock strike talks stall\n"
        "May 8, 2026\n\n"
        "The union's chief negotiator, Pia Lund, said the offer of the port operators was too low.\n\n"
        "Asked about the union's plans on Friday, port spokesman Karl Weiss declined to comment.\n\n"
        "Union members met port operators Anna Berg and Jonas Holt on Monday, and had already met "
        "harbour master Lea Novak in April.\n"
    ),
    "drones.txt": (
        "Drone project may widen\n"
        "May 11, 2026\n\n"
        "Minister Lars Holm said the project would involve a large shipyard. According to the newspaper Fjord "
        "Post, the project could also involve Skyvik – a Bergen-based drone manufacturer.\n"
    ),
    "pact.txt": (
        "Ferry pact signed in Aarhus\n"
        "May 10, 2026\n\n"
        "Danish Trade Minister Lars Holm signed the ferry pact in Aarhus on Monday, and Transport Minister "
        "Mette Skov said it would halve crossing times.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "gathered", ARTICLES, k=3)


def test_a_weaker_sentence_without_the_deed_adds_no_one(bot) -> None:
    # The manager is quoted beside the ward; she did not donate it.
    answer = bot.ask("Who donated the money for the maternity ward?")
    assert answer.answered, answer.text
    assert "Ostberg" in (answer.short or "")
    assert "Ines Falk" not in (answer.short or "")


def test_a_weaker_sentence_saying_the_deed_still_adds_its_people(bot) -> None:
    answer = bot.ask("Who did the union members meet?")
    assert answer.answered, answer.text
    assert "Anna Berg" in (answer.short or "")


def test_the_one_a_role_describes_not_another_named_beside_its_subject(bot) -> None:
    answer = bot.ask("Who is the union's chief negotiator?")
    assert answer.answered, answer.text
    assert answer.short == "Pia Lund"


def test_another_holder_of_the_role_is_no_answer() -> None:
    phrase = asked_phrase("Who is Denmark's transport minister?")
    text = "Danish Trade Minister Lars Holm met Transport Minister Mette Skov and Swedish Transport Minister Erik Lind."
    def at(name: str) -> bool:
        return clash(phrase, text, text.index(name), text.index(name) + len(name))
    assert at("Lars Holm")  # another minister of Denmark
    assert at("Erik Lind")  # Sweden's
    assert not at("Mette Skov")
    # "Denmark's minister" says no more than the country: any of its ministers will do.
    assert not clash(asked_phrase("Who is Denmark's minister?"), text, 21, 30)


def test_the_role_asked_for_not_another_of_the_same_country(bot) -> None:
    answer = bot.ask("Who is Denmark's transport minister?")
    assert answer.answered, answer.text
    assert answer.short == "Mette Skov"


def test_the_name_described_by_words_of_the_asked_phrase(bot) -> None:
    # Only Skyvik is said to be anything of a "drone maker"; the minister and the newspaper are quoted beside it.
    answer = bot.ask("Which drone maker could also be involved in the project?")
    assert answer.answered, answer.text
    assert answer.short == "Skyvik"


def test_which_anniversary_is_answered_by_its_ordinal() -> None:
    from assistant.answer.ordinals import ordinal

    text = "Mayor Ola Berg spoke at the harbour to commemorate the 75th anniversary of the ferry line."
    assert ordinal("anniversari", text) == "75th"
    assert ordinal("round", "Halden won in the second round on Sunday.") == "second"
    assert ordinal("anniversari", "Mayor Ola Berg spoke at the harbour on its anniversary.") is None
    assert ordinal(None, text) is None


def test_which_anniversary_through_the_assistant(tmp_path_factory, tiny_model) -> None:
    bot = assistant_of_files(tmp_path_factory, tiny_model, "anniversary", {
        "ferry.txt": ("Ferry line marks its anniversary\nMay 14, 2026\n\n"
                      "Mayor Ola Berg spoke at the harbour to commemorate the 75th anniversary of the ferry line.\n"),
    }, k=1)
    answer = bot.ask("Which anniversary of the ferry line was commemorated?")
    assert answer.answered, answer.text
    assert answer.short == "75th"
