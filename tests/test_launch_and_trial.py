"""A launch, a trial, a fire and a profile, as news style writes them: who a passive verb
says did it ("was brought by the Serious Fraud Office"), where a verb was done when a
sentence gives two places, how long a deed lasted rather than how long a thing is, a past
year's figure in a clause on that year ("since 2017, when 9,000 hectares burned"), names that
end in a number ("Platform 3"), a deed only offered ("turned down offers to open in
London"), a hedge that is the very thing asked ("not yet known"), and the one a quote
calls by the title asked for ("Judge Mara Holt", not the defendant). Articles are our own
writing.
"""

from __future__ import annotations

import pytest
from conftest import assistant_of_files, quoted_sentence

import assistant
from assistant.answer.compared import another_year
from assistant.answer.decide import decided
from assistant.answer.language import MEASURE_UNITS, classify
from assistant.answer.mentions import names
from assistant.answer.relation import hangs_on, only_intended, parsed_doer

pytest.importorskip("spacy")

ARTICLES = {
    "probe.txt": (
        "Probe leaves for a comet\n"
        "October 2, 2026\n\n"
        "The probe will orbit the comet, a rock about 800 metres across, for at least nine months.\n\n"
        "The case against the launch firm was brought by the Space Safety Board.\n"
    ),
    "chef.txt": (
        "A cook from the coast\n"
        "January 9, 2026\n\n"
        "Lina Moreau grew up in Brest and trained as a baker in Nantes.\n\n"
        "Her bakery, renamed Oven 9, now employs 12 people.\n\n"
        "Moreau says she turned down three offers to open in Paris.\n"
    ),
    "court.txt": (
        "Former mayor jailed\n"
        "August 1, 2026\n\n"
        "Judge Mara Holt said Peter Vance had betrayed the town.\n"
    ),
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "launch", ARTICLES, k=2)



def test_who_a_passive_says_did_it() -> None:
    text = "The case against the launch firm was brought by the Space Safety Board."
    at = text.index("Space Safety Board")
    assert parsed_doer("bring", text, at, at + len("Space Safety Board"))
    led = "It will be led by the firm's chief executive, Paolo Venn, while Ada Kurz will become chair."
    assert parsed_doer("lead", led, led.index("Paolo"), led.index("Paolo") + len("Paolo Venn"))
    assert not parsed_doer("lead", led, led.index("Ada"), led.index("Ada") + len("Ada Kurz"))


def test_who_brought_the_case_is_the_passive_s_agent(bot: assistant.Assistant) -> None:
    assert bot.ask("Who brought the case against the launch firm?").short == "Space Safety Board"


def test_where_a_verb_was_done_of_two_places() -> None:
    text = "Lina Moreau grew up in Brest and trained as a baker in Nantes."
    assert hangs_on("train", text, text.index("Nantes"))
    assert not hangs_on("train", text, text.index("Brest"))


def test_where_she_trained(bot: assistant.Assistant) -> None:
    assert bot.ask("Where did Lina Moreau train?").short == "Nantes"


def test_how_long_a_deed_lasts_is_a_duration() -> None:
    assert classify("How long will the probe orbit the comet?")[1] == MEASURE_UNITS["lasting"]
    assert classify("How long is the bridge?")[1] == MEASURE_UNITS["length"]
    assert "km" in classify("How long did they walk?")[1]


def test_how_long_it_orbits_is_not_how_wide_the_comet_is(bot: assistant.Assistant) -> None:
    assert bot.ask("How long will the probe orbit the comet?").short == "at least nine months"


def test_a_figure_in_a_clause_on_a_past_year() -> None:
    text = "It is the region's largest fire since 2017, when 9,000 hectares burned."
    assert another_year("How many hectares has the fire burned?", text, "2026-07-30", text.index("9,000"))
    assert not another_year("How many hectares burned in 2017?", text, "2026-07-30", text.index("9,000"))


def test_a_name_may_end_in_a_number() -> None:
    text = "Her bakery, renamed Oven 9, now employs 12 people, and an Ariane 6 rocket flew."
    assert [text[f.start:f.end] for f in names(text)] == ["Oven 9", "Ariane 6"]
    for plain in ("Brenford Rovers beat Lakeside United 2-1 on Sunday.", "The town lies Lviv 40 km away.",
                  "It opened on June 5 in Lyon."):
        assert not any(c.isdigit() for f in names(plain) for c in plain[f.start:f.end])


def test_what_the_bakery_is_called_now(bot: assistant.Assistant) -> None:
    assert bot.ask("What is the bakery called now?").short == "Oven 9"


def test_a_deed_only_offered_is_not_done() -> None:
    text = "Moreau says she turned down three offers to open in Paris."
    assert only_intended("Did Moreau open a bakery in Paris?", text, "open")
    assert decided("Did Moreau open a bakery in Paris?", quoted_sentence(text)) is None
    agreed = "Ferro has agreed to buy its rival Nordmark."
    assert not only_intended("Did Ferro agree to buy Nordmark?", agreed, "buy")
    assert decided("Did Ferro agree to buy Nordmark?", quoted_sentence(agreed)) == "Yes"
    assert not only_intended("Did Rovers win?", "Rovers managed to win the cup.", "win")


def test_a_hedge_that_is_what_is_asked_answers_it() -> None:
    text = "The cause of the fire was not yet known."
    assert decided("Is the cause of the fire known?", quoted_sentence(text)) == "No"
    assert decided("Was the fire started by a power line?", quoted_sentence(
        "The cause of the fire was not yet known, and it was unclear whether a power line started it.")) is None


def test_who_the_judge_is_is_who_the_quote_calls_judge(bot: assistant.Assistant) -> None:
    assert bot.ask("Who is the judge?").short == "Mara Holt"
