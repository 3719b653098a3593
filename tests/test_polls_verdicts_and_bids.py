"""A poll, a verdict, a takeover bid and a police appeal, as news style writes them: a
party "on 28%", a share "How much of it does she own?" asks for, "did not comment" after a
name the tagger reads as a noun's, "found … not guilty" for "Was he found guilty?" and
"convicted?", a description no refusal in the sentence denies, how long someone worked
against how old they are, a party that leads for "Who leads the party?", and a day a
meeting is called for. Articles are our own writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.decide import decided
from assistant.answer.language import classify
from assistant.knowledge.names import clean

pytest.importorskip("spacy")

ARTICLES = {
    "poll.txt": (
        "Centre Party takes the lead in Vessby\n"
        "April 10, 2026\n\n"
        "The Centre Party leads with 33% of the vote, four points ahead of the Farmers on 29%, "
        "according to a poll by Statline.\n\n"
        "Centre leader Oda Rask said the poll was welcome. The Farmers' leader, Jon Vik, did not comment.\n"
    ),
    "verdict.txt": (
        "Driver cleared of causing crash\n"
        "February 4, 2026\n\n"
        "A jury on Monday found lorry driver Emil Strand, who had worked for the haulier Nordfrakt for 22 years, "
        "not guilty of causing the Harbo bridge crash.\n\n"
        "Strand, 51, said he hoped to drive again.\n"
    ),
    "bid.txt": (
        "Tidewater rejects bid from Danish rival\n"
        "September 8, 2026\n\n"
        "The board of Tidewater Foods rejected an offer from the Danish dairy group Kvist, saying it was too low.\n\n"
        "Kvist offered 30 euros a share, a premium of 28% to the last closing price. "
        "Kvist already owns 6% of Tidewater Foods.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "polls", ARTICLES, k=4)


def test_a_party_on_a_share_is_the_share_it_has(bot: assistant.Assistant) -> None:
    assert bot.ask("What share of the vote do the Farmers have in Vessby?").short == "29%"
    assert bot.ask("What share of the vote does the Centre Party have in Vessby?").short == "33%"


def test_a_share_owned_and_a_premium_are_percentages(bot: assistant.Assistant) -> None:
    assert classify("How much of Tidewater Foods does Kvist own?")[0] == "quantity"
    assert classify("How much does the family hold?")[0] == "quantity"
    assert classify("How much did Kvist offer?")[0] == "money"
    assert bot.ask("How much of Tidewater Foods does Kvist own?").short == "6%"
    assert bot.ask("What premium did Kvist offer for Tidewater Foods?").short == "28%"


def test_who_did_not_comment_is_no_yes(bot: assistant.Assistant) -> None:
    # The small tagger reads "comment" after a name as a noun; the question still asks of it.
    assert decided("Did Jon Vik comment?", quoted_sentence("The Farmers' leader, Jon Vik, did not comment.")) == "No"
    assert bot.ask("Did Jon Vik comment on the poll?").short != "Yes"


def test_found_not_guilty_answers_guilty_and_convicted_no() -> None:
    text = "A jury on Monday found lorry driver Emil Strand not guilty of causing the crash."
    assert decided("Was Emil Strand found guilty?", quoted_sentence(text)) == "No"
    assert decided("Was Emil Strand convicted?", quoted_sentence(text)) == "No"
    assert decided("Was Emil Strand acquitted?", quoted_sentence(text)) != "No"


def test_a_refusal_in_the_sentence_does_not_deny_a_description_of_another() -> None:
    text = "The board of Tidewater Foods rejected an offer from the Danish dairy group Kvist."
    assert decided("Is Kvist a Danish group?", quoted_sentence(text)) != "No"
    assert decided("Was the offer accepted?", quoted_sentence(text)) == "No"


def test_how_long_someone_worked_is_not_how_old_they_are(bot: assistant.Assistant) -> None:
    assert bot.ask("How old is Emil Strand?").short == "51"


def test_a_lowercase_word_is_no_persons_name() -> None:
    assert clean("van", "person") == ""
    assert clean("Paul Okoro", "person") == "Paul Okoro"


def test_who_leads_a_party_is_not_answered_by_the_party_leading(bot: assistant.Assistant) -> None:
    leads = bot.ask("Who leads the Centre Party?")
    assert "Farmers" not in (leads.short or "")  # the party it leads, not who leads it


def test_a_day_a_meeting_is_called_for_is_still_to_come() -> None:
    from assistant.knowledge import nlp
    from assistant.knowledge.tense import tense_of

    doc = nlp.load()("The mayor has called a public meeting for Thursday.")
    assert [tense_of(e) for e in doc.ents if e.label_ == "DATE"] == ["future"]
    doc = nlp.load()("The mayor met residents on Thursday.")
    assert [tense_of(e) for e in doc.ents if e.label_ == "DATE"] == ["past"]
