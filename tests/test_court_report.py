"""A crime and court report, an obituary and a vote, as news style writes them: ages after
names ("Kyle Benton, 27,"), people named by what was done to them ("Two men have been
charged"), a club's possessive before its captain, bodies named with a plural possessive
("the Tenants' Federation"), the count a noun names ("with 9 abstentions"), and yes/no
answered by a denial ("No one was seriously hurt"), by the opposite deed ("was rejected"),
or not at all where the place asked about is not where the deed was done. Articles are our
own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.ages import age_given
from assistant.answer.asked import written_lower
from assistant.answer.contrast import opposite
from assistant.answer.decide import decided
from assistant.answer.mentions import names, says_of_another
from assistant.answer.own_names import named_in
from assistant.answer.relation import does, placed_elsewhere
from assistant.answer.unnamed_subject import unnamed_subject

pytest.importorskip("spacy")

ARTICLES = {
    "raid.txt": (
        "Two charged after bakery raid in Ostrow\n"
        "May 4, 2026\n\n"
        "Two men have been charged with burglary after a bakery on Mill Lane was raided on Friday night, "
        "Ostrow police said on Sunday.\n\n"
        "Officers arrested Piotr Lenz, 24, and Aron Weiss, 39, at a garage on the edge of town.\n\n"
        "No one was seriously hurt, but a night baker was treated for cuts.\n\n"
        "Police have not said whether the raid is linked to two others this spring.\n"
    ),
    "vote.txt": (
        "Council backs new tram line\n"
        "June 2, 2026\n\n"
        "The city council on Tuesday approved a new tram line by 31 votes to 17, with 4 abstentions.\n\n"
        "A motion by the Pirate group that would have delayed the work was rejected.\n\n"
        "The Drivers' Guild welcomed the decision, while the Shopkeepers' Association said it would challenge "
        "the line in court.\n"
    ),
    "derby.txt": (
        "Harbour Town edge the derby\n"
        "March 9, 2026\n\n"
        "Harbour Town beat Millside 3-2 on Saturday.\n\n"
        "Town's captain, Rui Costa, was sent off after an hour.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "court", ARTICLES, k=2)



def test_an_age_is_a_bare_number_after_a_name_or_was() -> None:
    text = "Officers arrested Piotr Lenz, 24, and Aron Weiss, 39, at a garage."
    assert age_given(text, text.index("24"), text.index("24") + 2)
    assert age_given(text, text.index("39"), text.index("39") + 2)
    assert age_given("She was 84.", 8, 10)
    assert not age_given("The council has 31 members.", 16, 18)
    assert not age_given("It cost 400 euros, officials said.", 8, 11)


def test_how_old_takes_the_age_given_after_the_name_asked(bot: assistant.Assistant) -> None:
    assert bot.ask("How old is Aron Weiss?").short == "39"
    assert bot.ask("How old is Piotr Lenz?").short == "24"


def test_who_had_it_done_to_them_is_the_passive_subject() -> None:
    text = ("Two men have been charged with burglary after a bakery on Mill Lane was raided on Friday night, "
            "Ostrow police said on Sunday.")
    assert unnamed_subject("Who was charged with burglary?", text) == "Two men"
    # who did it is still the active subject: the police only said so
    assert unnamed_subject("Who charged the men?", text) is None


def test_who_was_charged_is_not_the_street_or_the_town(bot: assistant.Assistant) -> None:
    short = bot.ask("Who was charged with burglary?").short
    assert short == "Two men"


def test_the_club_before_its_captain_was_not_sent_off(bot: assistant.Assistant) -> None:
    assert bot.ask("Who was sent off?").short == "Rui Costa"


def test_a_plural_possessive_joins_a_body_s_name() -> None:
    text = ("The Drivers' Guild welcomed the decision, while the Shopkeepers' Association said it would "
            "challenge the line in court.")
    assert [text[f.start:f.end] for f in names(text)] == ["Drivers' Guild", "Shopkeepers' Association"]
    # … not a club's name with the person it owns
    text = "Rovers' Rui Costa scored."
    assert [text[f.start:f.end] for f in names(text)] == ["Rovers", "Rui Costa"]
    assert names("Two men were charged.") == []


def test_who_says_it_will_do_it_does_it(bot: assistant.Assistant) -> None:
    assert bot.ask("Who will challenge the tram line in court?").short == "Shopkeepers' Association"
    # … a body's "it" is itself; a person's is something else
    text = "Head librarian Ada Kent said it would close on Monday."
    assert not does("close", text, text.index("Kent") + 4)
    assert says_of_another(text, text.index("Kent") + 4, "close")


def test_the_count_the_noun_after_it_names(bot: assistant.Assistant) -> None:
    assert bot.ask("How many abstentions were there?").short == "4"


def test_a_name_the_question_gives_is_not_its_answer() -> None:
    assert named_in("Who did Carlow City draw with?", "Carlow City")
    assert named_in("Which plant will Norlind close?", "Norlind Foods")
    assert not named_in("Who won, Carlow City or Westport?", "Carlow City")
    assert not named_in("Who did Carlow City draw with?", "Westport")


def test_a_common_word_opening_a_sentence_is_no_name() -> None:
    passage = "Ostrow police said on Sunday. Police have not said more."
    sentence = "Police have not said more."
    assert written_lower(passage, sentence, 0, 6)
    assert not written_lower("Costa was sent off. Costa left.", "Costa left.", 0, 5)


def test_the_shop_on_a_street_is_not_the_street(bot: assistant.Assistant) -> None:
    assert "Mill Lane" not in (bot.ask("Which bakery was raided?").short or "")


def test_the_place_asked_must_be_where_it_was_done() -> None:
    text = "Eleanor Vint, whose bridge turned a derelict Kessel quay into a park, has died."
    assert placed_elsewhere("Did Vint die in Kessel?", text, "die")
    home = "Her son said she died on Tuesday at her home in Lindau."
    assert not placed_elsewhere("Did Vint die in Lindau?", home, "die")
    assert decided("Did Eleanor Vint die in Kessel?", quoted_sentence(text)) is None


def test_no_one_denies_anyone_but_only_as_far_as_it_goes() -> None:
    text = "No one was seriously hurt, but a night baker was treated for cuts."
    assert decided("Was anyone seriously hurt in the raid?", quoted_sentence(text)) == "No"
    assert decided("Was anyone hurt?", quoted_sentence(text)) is None


def test_not_saying_whether_answers_whether_it_wasquoted_sentence() -> None:
    text = "Police have not said whether the raid is linked to two others this spring."
    assert decided("Have police said the raid is linked to the others?", quoted_sentence(text)) == "No"
    assert decided("Is the raid linked to the others?", quoted_sentence(text)) is None


def test_the_opposite_deed_answers_no() -> None:
    text = "A motion by the Pirate group that would have delayed the work was rejected."
    assert opposite("Was the Pirate motion accepted?", text) == ("accepted", "rejected")
    assert decided("Was the Pirate group's motion accepted?", quoted_sentence(text)) == "No"
    assert decided("Was the Pirate group's motion rejected?", quoted_sentence(text)) == "Yes"
    approved = "The city council on Tuesday approved a new tram line by 31 votes to 17."
    assert decided("Did the council reject the tram line?", quoted_sentence(approved)) == "No"
    died = quoted_sentence("The painter Arno Vell died in 2020.")
    assert decided("Is the painter Arno Vell still alive?", died) == "No"
