"""Results, an election and a transfer, as news style writes them: a figure under a title
that names the company while the sentence does not ("Net profit rose to …"), what it "rose
to … from", a dividend kept, revenue beside profit in one sentence, a party "five short of a
majority", the fee paid for another player, a figure of a past election, where someone was
born against where she died, her husband named beside his trade, a year another verb of the
sentence takes, and a span of time between two events for "how long". Articles are our own
writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.decide import decided
from assistant.answer.language import read_question
from assistant.answer.mentions import answer_entities

pytest.importorskip("spacy")

ARTICLES = {
    "results.txt": (
        "Ferry operator Tidelink triples profit on busy summer\n"
        "August 20, 2026\n\n"
        "The ferry operator Tidelink more than tripled its second-quarter profit as passenger numbers rose.\n\n"
        "Net profit rose to 96 million euros from 31 million a year earlier, on revenue of 640 million euros. "
        "The company kept its dividend at 1.5 euros a share.\n"
    ),
    "vote.txt": (
        "Farmers win most seats in Nordmark\n"
        "September 15, 2026\n\n"
        "The Farmers' Party won 27 of the 61 seats in the Nordmark council on Sunday, four short of a majority, "
        "final results showed.\n\n"
        "The Labour Party came second with 18 seats, down from 24 at the last election in 2022.\n"
    ),
    "signing.txt": (
        "United sign winger Tomas Reyes from Braga\n"
        "July 2, 2026\n\n"
        "Eastport United have signed the winger Tomas Reyes from Braga for 9 million euros. "
        "The previous record was the 6 million euros United paid for the midfielder Kai Brandt in 2024.\n"
    ),
    "obituary.txt": (
        "Ines Kovac, painter of the harbour murals, dies at 91\n"
        "March 3, 2026\n\n"
        "Ines Kovac, the Croatian-born painter whose harbour murals became a landmark of the town, has died "
        "at her home in Marsby.\n\n"
        "Born in Zadar in 1934, Kovac moved to Marsby in 1960 and opened a studio there ten years later. "
        "Her husband, the sculptor Leo Hart, died in 2010.\n"
    ),
    "drone.txt": (
        "Research drone Skua-3 lands after long delay\n"
        "May 5, 2026\n\n"
        "The research drone Skua-3 landed on the ice shelf on Tuesday, three months after its first flight was "
        "called off. The drone was shipped by the Polar Trust from New Zealand.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "earnings", ARTICLES, k=4)


def test_a_figure_under_a_title_naming_the_company_is_its_figure(bot: assistant.Assistant) -> None:
    assert bot.ask("What was Tidelink's net profit?").short == "96 million euros"
    assert bot.ask("What was Tidelink's revenue?").short == "640 million euros"


def test_risen_to_from_gives_what_it_was_before() -> None:
    text = "Net profit rose to 96 million euros from 31 million a year earlier."
    found = answer_entities(read_question("What was the profit a year earlier?"), text)
    assert [text[f.start:f.end] for f in found] == ["31 million"]


def test_a_dividend_is_a_sum_and_one_kept_was_not_raised(bot: assistant.Assistant) -> None:
    assert bot.ask("What is Tidelink's dividend?").short == "1.5 euros"
    assert bot.ask("Did Tidelink raise its dividend?").short == "No"


def test_short_of_a_majority_is_no_majority() -> None:
    said = quoted_sentence("The Farmers' Party won 27 of the 61 seats on Sunday, four short of a majority.")
    assert decided("Did the Farmers' Party win a majority?", said) == "No"
    assert decided("Did the Farmers' Party win 27 seats?", said) == "Yes"


def test_how_far_short_is_the_number_before_short_of(bot: assistant.Assistant) -> None:
    assert bot.ask("How many seats short of a majority was the Farmers' Party?").short == "four"
    assert bot.ask("How many seats did the Farmers' Party win?").short == "27"


def test_the_fee_paid_for_another_player_is_not_his(bot: assistant.Assistant) -> None:
    assert bot.ask("How much did United pay for Reyes?").short == "9 million euros"


def test_whom_a_club_signed_is_not_where_from(bot: assistant.Assistant) -> None:
    assert bot.ask("Who did Eastport United sign?").short == "Tomas Reyes"


def test_a_figure_of_the_year_asked(bot: assistant.Assistant) -> None:
    assert bot.ask("How many seats did the Labour Party win in 2022?").short == "24"
    assert bot.ask("How many seats did the Labour Party win?").short == "18"


def test_born_in_is_where_she_was_born(bot: assistant.Assistant) -> None:
    assert bot.ask("Where was Ines Kovac born?").short == "Zadar"


def test_a_role_beside_an_apposition_names_whose_it_is(bot: assistant.Assistant) -> None:
    assert bot.ask("Who was Ines Kovac's husband?").short == "Leo Hart"


def test_a_year_of_another_verb_is_not_when_the_asked_one_happened(bot: assistant.Assistant) -> None:
    assert bot.ask("When did Kovac move to Marsby?").short == "1960"
    # "ten years later" is no date read; 1934 is when she was born, 1960 when she moved
    assert bot.ask("When did Kovac open a studio?").short is None


def test_a_span_between_two_events_is_not_how_long_one_lasts() -> None:
    text = "The drone landed on Tuesday, three months after its first flight was called off."
    lasting = answer_entities(read_question("How long will the drone work?"), text)
    between = answer_entities(read_question("How long after its first flight did the drone land?"), text)
    assert lasting == []
    assert [text[f.start:f.end] for f in between] == ["three"]
    took = answer_entities(read_question("How long did the drone take to land?"), text)
    assert [text[f.start:f.end] for f in took] == ["three"]  # how long it took is the span between


def test_a_place_named_new_keeps_its_new(bot: assistant.Assistant) -> None:
    short = bot.ask("Who owns the research drone Skua-3?").short or ""
    assert "Polar Trust" in short
    assert "Zealand" not in short.replace("New Zealand", "")  # not "Zealand", cut as if "New" were a title


def test_the_verb_that_takes_the_answer_goes_first_from_farther_down() -> None:
    from types import SimpleNamespace

    from assistant.answer.found import Found
    from assistant.answer.relation import verb_first

    died = "Ines Kovac, the Croatian-born painter, has died at her home in Marsby."
    born = "Born in Zadar in 1934, Kovac moved to Marsby in 1960."
    said = "Kovac said the murals would outlive her."
    pool = [SimpleNamespace(text=died, score=1.0, found=[Found("place", 64, 70, "marsby")]),
            SimpleNamespace(text=born, score=0.8, found=[Found("place", 8, 13, "zadar")])]
    assert verb_first("Where was Ines Kovac born?", pool) == "born"
    assert pool[1].score > pool[0].score
    # … and not a sentence saying the verb without taking its answer
    far = [SimpleNamespace(text=died, score=1.0, found=[Found("place", 64, 70, "marsby")]),
           SimpleNamespace(text=said, score=0.8, found=[Found("person", 0, 5, "kovac")])]
    assert verb_first("What did Kovac say?", far) is None
