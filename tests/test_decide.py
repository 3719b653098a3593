"""Whether one sentence decides a yes/no question (``decide.decided``): it must name whom
the question asks about, however the name is written there, and not by pointing back.
Sentences are our own writing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer.decide import decided, names


def _sentence(text: str, outlet: str | None = None, title: str = "Council news") -> SimpleNamespace:
    return SimpleNamespace(text=text, start=0, end=len(text),
                           hit=SimpleNamespace(text=text, title=title, outlet=outlet))


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # "It" may stand for either company named before: no Yes rests on it.
    ("Did Bluefin ship ferry parts to the port of Hull?", "It later shipped ferry parts to the port of Hull.", None),
    ("Did Bluefin ship ferry parts to the port of Hull?", "Bluefin later shipped ferry parts to the port of Hull.",
     "Yes"),
    # A surname is the name: "Sam" and "Bankman-Fried" are one name, and one of its words says it.
    ("Was Sam Bankman-Fried found guilty of fraud by the jury?",
     "Bankman-Fried was found guilty of fraud by the jury on Thursday.", "Yes"),
    # Another Sam is not him.
    ("Was Sam Altman found guilty of fraud by the jury?", "Sam Bankman-Fried was found guilty of fraud by the jury.",
     None),
    # An abbreviation in either form, or spelt out.
    ("Did the U.S. Senate pass the tramline bill in March?", "The US Senate passed the tramline bill in March.", "Yes"),
    ("Did the US Senate pass the tramline bill in March?",
     "The United States Senate passed the tramline bill in March.", "Yes"),
    ("Did the US ship ferry parts to Hull in March?", "The UK shipped ferry parts to Hull in March.", None),
    ("Did the US ship ferry parts to Hull in March?", "The United States shipped ferry parts to Hull in March.",
     "Yes"),
    # A possessive ends a name: "Musk's Tesla" names Musk.
    ("Did Elon Musk deliver electric cars to Hull in March?", "Musk's Tesla delivered electric cars to Hull in March.",
     "Yes"),
    ("Did Renault Group deliver electric cars to Hull in March?", "Renault delivered electric cars to Hull in March.",
     "Yes"),
    # A transliteration's ending.
    ("Did Zelenskyy visit Umerov in Brussels on Monday?", "Zelensky visited Umerov in Brussels on Monday.", "Yes"),
    ("Did Zelenskyy visit Umerov in Brussels on Monday?", "Zelensky did not visit Umerov in Brussels on Monday.", "No"),
])
def test_a_sentence_decides_only_when_it_names_whom_the_question_asks_about(question, sentence, verdict) -> None:
    assert decided(question, _sentence(sentence)) == verdict


def test_the_outlet_that_reports_is_named_by_the_report_itself() -> None:
    question = "Did Reuters report that the city council cancelled the six tram stations on Monday?"
    said = "The city council cancelled the six tram stations on Monday, the agency reported."
    assert decided(question, _sentence(said, outlet="Reuters")) == "Yes"
    assert decided(question, _sentence(said, outlet="Valley Herald")) is None
    # The title is what the story is about, not who tells it: it names no one for the sentence.
    assert decided(question, _sentence(said, title="Reuters cuts back")) is None


def test_a_claims_opening_word_is_not_taken_for_a_name() -> None:
    # corroborate asks ``decided`` of claims, which open with any word.
    claim = "Reportedly, the council cancelled the six tram stations."
    assert decided(claim, _sentence("The council cancelled the six tram stations on Monday.")) == "Yes"


def test_names_are_runs_of_capitalised_words_without_titles_or_the_opening_word() -> None:
    assert list(names("Is Sam Bankman-Fried in New York?")) == [("sam", "bankman", "fri"), ("new", "york")]
    assert list(names("Did the U.S. and the EU agree?")) == [("U.S",), ("EU",)]
    assert list(names("Did the U.S. Senate and Mr. Musk agree?")) == [("U.S", "senat"), ("musk",)]
    assert list(names("Renault makes drones")) == [("renault",)]  # a claim may open with a name
    assert list(names("Reportedly, Renault makes drones")) == [("renault",)]
    assert list(names("Did Musk's Tesla sell?")) == [("musk",), ("tesla",)]
    assert list(names("Did Tesla, Ford and GM recall cars?")) == [("tesla",), ("ford",), ("GM",)]
    assert list(names("Did President Joe Biden speak?")) == [("joe", "biden")]


@pytest.mark.parametrize(("question", "sentence"), [
    # A claim's subject is checked like any name (corroborate asks ``decided`` of claims).
    ("Google sued Epic Games over app store fees in a federal court on Monday.",
     "Apple sued Epic Games over app store fees in a federal court on Monday."),
    # Part of a name is not the name unless it is the last word.
    ("Did Paris Hilton open the new harbour hotel in Leeds on Monday?",
     "Paris opened the new harbour hotel in Leeds on Monday."),
    ("Did Elon Musk ban electric scooters in Leeds on Monday?", "Elon banned electric scooters in Leeds on Monday."),
    # A comma parts two names.
    ("Did Tesla, Ford recall electric cars in Hull in May?", "Ford recalled electric cars in Hull in May."),
    # An abbreviation does not stand for the rest of the name.
    ("Did the U.S. Senate pass the tramline bill in March?", "The U.S. House passed the tramline bill in March."),
    # Initials are read from capitalised words in a row, not across "of" or from an opening word.
    ("Did the US ban the contractor's ferries from Hull in March?",
     "The University of Sheffield banned the contractor's ferries from Hull in March."),
])
def test_another_name_decides_nothing(question: str, sentence: str) -> None:
    assert decided(question, _sentence(sentence)) is None


def test_a_title_is_not_part_of_the_name() -> None:
    assert decided("Did Joe Biden visit the tramline depot in Leeds on Monday?",
                   _sentence("President Biden visited the tramline depot in Leeds on Monday.")) == "Yes"


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # An irregular past is the question's verb: "met" says "meet", "sold" says "sell".
    ("Did Orsik meet Vale in Tallinn on Monday?", "Orsik met Vale in Tallinn on Monday.", "Yes"),
    ("Did the council sell the old tram depot in May?", "The council sold the old tram depot in May.", "Yes"),
    ("Did the council sell the old tram depot in May?", "The council never sold the old tram depot in May.", "No"),
    # "only here" is answered No by "both here and there"...
    ("Did Orsik say the ferries would be built only in Norland?",
     "The ferries will be built both in Norland and in Vestria, Orsik said.", "No"),
    ("Will the ferries from the new yard serve the islanders alone?",
     "The ferries from the new yard will serve the tourists as well as the islanders.", "No"),
    # ... and Yes by "only here", undecided when what is given together is not what the question restricts.
    ("Did Orsik say the ferries would be built only in Norland?",
     "The ferries will be built only in Norland, Orsik said.", "Yes"),
    ("Did Orsik say the ferries would be built only in Norland?",
     "Both the ferries and the cranes will be built in Norland, Orsik said.", None),
    # Other absolutes are not decided by what is given together.
    ("Did Orsik say the ferries would always be built in Norland?",
     "The ferries will be built both in Norland and in Vestria, Orsik said.", None),
])
def test_irregular_verbs_and_what_only_restricts(question, sentence, verdict) -> None:
    assert decided(question, _sentence(sentence)) == verdict
