"""A sentence that opens by pointing back ("The company", "He") holds the names of the
question that the sentence before it holds: "What had Skylark supplied …?" is answered by
"The company previously delivered …" after a sentence naming Skylark. Articles are our own
writing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import assistant_of_files

import assistant
from assistant.answer import anaphora
from assistant.answer.language import matching, norms, read_question

ARTICLES = {
    "harbour.txt": (
        "Drone makers line up for the harbour contract\n"
        "March 3, 2025\n\n"
        "The project could also involve Skylark, a maker of cameras for coastal patrols.\n\n"
        "The company previously delivered cargo drones to the Harbour Authority, which later sent them north.\n"
    ),
    "weather.txt": (
        "Storms expected across the north\n"
        "March 2, 2025\n\n"
        "Forecaster Paul Green said heavy rain would reach the coast by the evening.\n"
    ),
    # What the question asks, of another company: without reading "The company" as Skylark,
    # this sentence says much more of the question than the one that answers it.
    # Which of the two "It" is, the text does not say: no Yes may rest on it.
    "deal.txt": (
        "Two drone makers sign a deal\n"
        "March 5, 2025\n\n"
        "Skylark and Bluefin signed a supply deal in Leeds on Monday. "
        "It later shipped ferry parts to the port of Hull.\n"
    ),
    "boats.txt": (
        "Boatyard wins a second order\n"
        "March 4, 2025\n\n"
        "Bluefin previously supplied patrol boats to the Harbour Authority, its owner said.\n"
    ),
}


def _sentences(*texts: str, doc: str = "a", at: int = 0) -> list[SimpleNamespace]:
    """Sentences of one passage that starts at character ``at`` of its article, one space apart."""
    out, offset = [], 0
    text = " ".join(texts)
    for t in texts:
        out.append(SimpleNamespace(hit=SimpleNamespace(doc=doc, char_start=at, text=text), start=offset,
                                   end=offset + len(t), text=t))
        offset += len(t) + 1
    return out


def _pointed(question: str, sentences: list[SimpleNamespace]) -> list[frozenset[str]]:
    q = read_question(question)
    return [p.names for p in anaphora.pointed(q, sentences, [matching(q.term_norms, norms(s.text)) for s in sentences])]


@pytest.mark.parametrize(("opening", "points"), [
    ("The company later delivered cargo to the port.", True),
    ("It later delivered cargo to the port.", True),
    ("He later delivered cargo to the port.", True),
    ("The French ministry said cargo reached the port.", True),
    ("The peak came when cargo reached the port.", False),  # no actor: a new topic
    ("Cargo later reached the port.", False),
    ("The Harbour Authority later received cargo at the port.", False),  # a name of its own
    ("The Kremlin said cargo reached the port.", False),
    ("Its rival later delivered cargo to the port.", False),  # a possessive: someone else
    ("The company's rival later delivered cargo to the port.", False),
    ("It is likely that cargo reached the port.", False),  # "it" standing for nothing
    ("It was in May that cargo reached the port.", False),
    ("They say cargo reached the port.", False),
    ("It isn't likely that cargo reached the port.", False),
    ("It has been a year since cargo reached the port.", False),
    ("It has previously delivered cargo to the port.", True),
    ("It won't be long before cargo reaches the port.", False),
    ("It could be that cargo reached the port.", False),
    ("It will not be easy for cargo to reach the port.", False),
    ("He's delivering cargo to the port.", True),  # "He is", not a possessive
    ("They're delivering cargo to the port.", True),
    ("Theresa delivered cargo to the port.", False),
    ("The company director's son delivered cargo to the port.", False),  # whole words, not "The company"
    ("The Kremlin spokesman said cargo reached the port.", True),  # a role of a name, not the name
])
def test_a_pointing_opening_holds_the_name_the_sentence_before_holds(opening: str, points: bool) -> None:
    before = "Skylark is a drone maker from Leeds."
    got = _pointed("Did Skylark deliver drones to the port?", _sentences(before, opening))
    assert got[1] == ({"skylark"} if points else set())  # the name, and not "drone": only names are pointed back to


def test_every_name_before_is_held_when_there_are_two() -> None:
    got = _pointed("Did Skylark or Bluefin deliver cargo to the port?",
                   _sentences("Skylark and Bluefin signed a deal.", "It later delivered cargo to the port."))
    assert got[1] == {"skylark", "bluefin"}


def test_one_step_back_only() -> None:
    got = _pointed("What did Skylark deliver to the port?",
                   _sentences("Skylark is a drone maker.", "It grew fast.", "It delivered cargo to the port."))
    assert got[1] == {"skylark"}
    assert got[2] == frozenset()  # the "It" before it names nothing itself


def test_the_sentence_before_may_end_the_passage_before_but_not_sit_apart_or_in_another_article() -> None:
    q = "What did Skylark deliver to the port?"
    first = _sentences("Skylark is a drone maker.")  # 25 characters, then a space
    adjacent = _sentences("It delivered cargo to the port.", at=26)
    assert _pointed(q, first + adjacent)[1] == {"skylark"}
    assert _pointed(q, adjacent + first)[0] == {"skylark"}  # in any order of the passages found
    apart = _sentences("It delivered cargo to the port.", at=500)
    assert _pointed(q, first + apart)[1] == frozenset()
    other = _sentences("It delivered cargo to the port.", doc="b", at=26)
    assert _pointed(q, first + other)[1] == frozenset()
    gap = _sentences("Skylark is a drone maker.", "Other news followed at length here.",
                     "It delivered cargo to the port.")
    assert _pointed(q, gap)[2] == frozenset()


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return assistant_of_files(tmp_path_factory, tiny_model, "anaphora", ARTICLES, k=6)


def test_the_answerer_reads_the_company_as_what_the_sentence_before_named(bot) -> None:
    question = "What had Skylark previously supplied to the Harbour Authority?"
    answerer = bot.answerer
    sentences = answerer.sentences(bot.index.search(question, k=6))
    answerer.score(read_question(question), question, sentences)
    (pointing,) = [s for s in sentences if s.text.startswith("The company previously delivered")]
    assert pointing.pointed == {"skylark"}
    assert "skylark" not in pointing.cover  # what it says itself, for the rules that read that
    answer = bot.ask(question)
    assert answer.answered, answer.text
    # Without the reading, the Bluefin sentence alone is quoted.
    quotes = [c.quote for c in answer.citations]
    (company,) = [i for i, q in enumerate(quotes) if q.startswith("The company previously delivered cargo drones")]
    # Which company: the clause it points back to is quoted right before it, in the article's order.
    assert company > 0 and "Skylark" in quotes[company - 1], answer.text
    assert answer.text.index(quotes[company - 1]) < answer.text.index(quotes[company]), answer.text


def test_the_sentence_pointed_back_to_is_known_by_its_place() -> None:
    q = read_question("What did Skylark deliver to the port?")
    sentences = _sentences("Skylark is a drone maker.", "It delivered cargo to the port.")
    got = anaphora.pointed(q, sentences, [matching(q.term_norms, norms(s.text)) for s in sentences])
    assert got[1] == ({"skylark"}, 0) and got[0] == (frozenset(), None)


def test_a_yes_no_is_not_decided_by_a_sentence_that_does_not_name_whom_it_asks_about(bot) -> None:
    # "It" may be Skylark: the quote holds every other word of the question, and said "Yes".
    answer = bot.ask("Did Bluefin ship ferry parts to the port of Hull?")
    assert answer.short != "Yes", answer.text


def test_a_quote_that_points_back_is_shown_after_what_it_points_to() -> None:
    first, then = _sentences("Skylark is a drone maker from Leeds.", "It delivered cargo, and it grew fast.")
    first.pointed, first.before = frozenset(), None
    then.pointed, then.before = frozenset({"skylark"}), first
    whole, tail = [(then.start, then.end)], [(then.start + 20, then.end)]  # "It delivered …" / "and it grew fast."
    shown = anaphora.with_antecedents([(then, whole)])
    assert [(s.text, spans) for s, spans in shown] == [(first.text, [(first.start, first.end)]), (then.text, whole)]
    # A quote that starts past the pointing words needs no antecedent; one quoted already is not quoted twice.
    assert anaphora.with_antecedents([(then, tail)]) == [(then, tail)]
    quoted = [(first, [(first.start, first.end)]), (then, whole)]
    assert anaphora.with_antecedents(quoted) == quoted
    then.pointed = frozenset()
    assert anaphora.with_antecedents([(then, whole)]) == [(then, whole)]
