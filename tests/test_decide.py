"""Whether one sentence decides a yes/no question (``decide.decided``): it must name whom
the question asks about, however the name is written there, and not by pointing back.
Sentences are our own writing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answer.contrast import contrasts
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



# What decides, and what must not: a wrong Yes or No looks sourced. (A review's cases.)
@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # Asked what was said, the verb said of is what decides, in the clause that decides; a
    # "not" that leaves it open denies nothing.
    ("Did Orsik say the ferries would be delayed?",
     "Orsik said he did not know whether the ferries would be delayed.", None),
    ("Did Orsik say the ferries would be delayed?",
     "Orsik said it was not yet clear whether the ferries would be delayed.", None),
    ("Did the company tell investors it would cut jobs?",
     "The company told investors it could not rule out having to cut jobs.", None),
    ("Did Orsik say the council cancelled the ferry contract?",
     "Orsik said the council had signed the ferry contract, which critics wanted cancelled.", None),
    ("Did the ministry say the drones were destroyed?",
     "The ministry said the drones, which it feared would be destroyed, had landed safely.", None),
    # "only X?" is No only when the parse joins X with something else the question does not
    # say, in a clause that neither denies nor hedges; "exclusively" says "only".
    ("Will the ferries be built only in Norland?",
     "Both Orsik and Vale said the ferries would be built in Norland.", None),
    ("Was the attack carried out by Hamas alone?",
     "Israeli officials as well as US intelligence said the attack was carried out by Hamas.", None),
    ("Will the new tax apply only to large banks?",
     "The new tax will apply to large banks, both domestic banks and foreign banks.", None),
    ("Will the ferries be built only in Norland?",
     "The ferries will be built exclusively in Norland, with both Norland steel and Vestrian engines.", "Yes"),
    ("Will the ferries be built only in Norland?",
     "Orsik denied that the ferries would be built both in Norland and in Vestria.", None),
    ("Will the ferries be built only in Norland?",
     "The ferries might be built both in Norland and in Vestria.", None),
    ("Did the ministry say the funds would go only to Kyiv?",
     "The ministry said the funds would go to Kyiv as well as it had promised.", None),
    ("Did the storm kill 30 people in Texas alone?",
     "The storm killed 30 people in Texas as well as two in Louisiana.", None),
    # An absolute in the opener still has to be said.
    ("In Texas alone, did the storm kill 30 people?",
     "The storm killed 30 people across Texas and Louisiana.", None),
    ("In all three reports, was the bridge described as unsafe?",
     "The bridge was described as unsafe.", None),
    # An irregular form is its verb's only when it is that verb's: "wounded", "founded", "lay" are not.
    ("Were three soldiers wounded near Bakhmut on Monday?",
     "Strong winds near Bakhmut on Monday kept three soldiers from advancing.", None),
    ("Did the inspectors find cracks in the bridge?",
     "The inspectors, whose agency was founded in 1990, reported no cracks in the bridge.", None),
    ("Did Orsik lie about the ferry contract?",
     "Orsik did not lay out the ferry contract's terms.", None),
    # ... and these are decided.
    ("Did Orsik say the ferries would be built only in Norland?",
     "The ferries will be built both in Norland and in Vestria, Orsik said.", "No"),
    ("Will the ferries from the new yard serve the islanders alone?",
     "The ferries from the new yard will serve the tourists as well as the islanders.", "No"),
    ("Did the Portwell harbour festival beat the previous year's attendance record?",
     "More than 25,000 visitors came to the Portwell harbour festival over the weekend, organisers said on Sunday, "
     "beating last year's record of 19,000.", "Yes"),
    ("Did Orsik meet Vale in Tallinn on Monday?",
     "Orsik met Vale in Tallinn on Monday.", "Yes"),
    ("Did Orsik say the ferries would be delayed?",
     "Orsik said the ferries would be delayed by a month.", "Yes"),
    ("Did Orsik say the ferries would be delayed?",
     "Orsik said the ferries would not be delayed.", "No"),
])
def test_a_yes_or_no_rests_on_what_the_sentence_says(question, sentence, verdict) -> None:
    assert decided(question, _sentence(sentence)) == verdict


# Another thing of the question's kind in the same role says No: a country, a weekday, a
# month that the sentence gives where the question has its own, which it gives nowhere.
@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    ("Did Mayor Berg place the wreath at the Danish war memorial?",
     "Mayor Berg placed the wreath at the Swedish war memorial on Sunday.", "No"),
    ("Did the Halden ferry yard open on Monday?", "The Halden ferry yard opened on Tuesday after a delay.", "No"),
    ("Did the Halden ferry yard open in June?", "The Halden ferry yard opened in August, two months late.", "No"),
    # The question's own word is there too: both were visited, nothing is denied.
    ("Did Mayor Berg place the wreath at the Danish war memorial?",
     "Mayor Berg placed the wreath at the Swedish war memorial and at the Danish war memorial.", "Yes"),
    # Another role is no contrast: a Tuesday delay says nothing of a Monday opening.
    ("Did the Halden ferry yard open on Monday?", "The Halden ferry yard opened after a delay announced on Tuesday.",
     None),
    # A denied contrast is no denial of the question.
    ("Did Mayor Berg place the wreath at the Danish war memorial?",
     "Mayor Berg did not place the wreath at the Swedish war memorial.", None),
    # "Give a speech" is "deliver a speech"; "refuse" a speech is not.
    ("Did Mayor Berg give a speech at the Danish war memorial?",
     "Mayor Berg delivered a speech at the Danish war memorial on Sunday.", "Yes"),
    ("Did Mayor Berg give a speech at the Danish war memorial?",
     "Mayor Berg cancelled a speech at the Danish war memorial on Sunday.", None),
    # A material: "built of wood" is the bridge's, as "steel" in "the steel Halden bridge" is.
    ("Was the Halden footbridge built of wood?", "The steel Halden footbridge was built in two years.", "No"),
    ("Was the Halden footbridge built of wood?", "The Halden footbridge was built of steel and glass.", "No"),
    ("Was the Halden footbridge built of wood?", "The wooden Halden footbridge was built in two years.", "Yes"),
    # the steel is the railing's, not the footbridge's
    ("Was the Halden footbridge built of wood?", "The Halden footbridge was built with a steel railing.", None),
    # Examples of more ("in particular", "including") deny no other.
    ("Did Mayor Berg meet the Danish minister in Oslo?",
     "Mayor Berg held talks in Oslo with several ministers, in particular, he met the Swedish minister.", None),
    ("Did Mayor Berg meet the Danish minister in Oslo?", "Mayor Berg met the Swedish minister in Oslo on Monday.",
     "No"),
])
def test_another_country_or_day_in_the_same_role_says_no(question, sentence, verdict) -> None:
    assert decided(question, _sentence(sentence)) == verdict


def test_a_contrast_is_read_only_between_words_of_one_closed_kind() -> None:
    assert contrasts("Did the yard open on Monday?", "The yard opened on Tuesday.") == (("Monday", "Tuesday"),)
    # The question says less, not otherwise.
    assert contrasts("Did Berg speak at a war memorial?", "Berg spoke at the Swedish war memorial.") == ()
    # Two words of other kinds: a name and a country are not two answers to one thing.
    assert contrasts("Did Berg speak at the Danish memorial?", "Berg spoke at the Halden memorial.") == ()
    # A lower-case word is no country, weekday or month.
    assert contrasts("Did Berg speak at the Danish memorial?", "Berg may speak at the us memorial.") == ()
    # A material is one in lower case only ("Stone" opens names), and "wooden" is wood.
    assert contrasts("Is the Halden pier made of wood?", "The Halden pier is a Stone Harbour project.") == ()
    assert contrasts("Is the Halden pier made of wood?", "The old wooden Halden pier stood next to a stone one.") == ()


# A number the question gives decides only when the sentence gives it: another exact number of
# the same thing says No; none, or a rough one, says nothing.
@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    ("Did the Halden ferry yard open with 50 berths?", "The Halden ferry yard opened with 40 berths on Tuesday.", "No"),
    ("Did the Halden ferry yard open with 40 berths?", "The Halden ferry yard opened with 40 berths on Tuesday.",
     "Yes"),
    ("Did the Halden bridge cost 20 million euros?", "The Halden bridge cost 18 million euros in the end.", "No"),
    ("Did the Halden bridge cost 20 million euros?", "The Halden bridge cost millions of euros in the end.", None),
    ("Did the Halden bridge cost 20 million euros?", "The Halden bridge cost the council dearly in the end.", None),
    ("Did 30,000 visitors come to the Halden festival?", "More than 25,000 visitors came to the Halden festival.",
     None),
    ("Did more than 25,000 visitors come to the Halden festival?",
     "More than 25,000 visitors came to the Halden festival.", "Yes"),
    # the very number bounded the other way says No; the same way, or "about" it, does not
    ("Did fewer than 400 visitors come to the Halden festival?",
     "More than 400 visitors came to the Halden festival.", "No"),
    ("Did the Halden bike sell for over $400 off?", "The Halden bike sold for less than $400 off on Friday.", "No"),
    ("Did the Halden bike sell for over $400 off?", "The Halden bike sold for over $400 off on Friday.", "Yes"),
    ("Did fewer than 400 visitors come to the Halden festival?",
     "About 400 visitors came to the Halden festival, and more than 400 left early.", None),
    # "2 of which" counts what the number before it counts: 2 ferries, not another number of them
    ("Did the Halden yard lose 2 ferries in the storm?",
     "The Halden yard had 5 ferries, 2 of which were lost in the storm.", "Yes"),
    ("Did the Halden yard lose 3 ferries in the storm?",
     "The Halden yard had 5 ferries, 2 of which were lost in the storm.", "No"),
    # the question's own "2 of which" is a claim the sentence may not make: no No by it
    ("Did the Halden ferry yard open with 40 berths, 2 of which are new?",
     "The Halden ferry yard opened with 40 berths on Tuesday.", None),
])
def test_a_number_asked_about_must_be_the_sentences(question, sentence, verdict) -> None:
    assert decided(question, _sentence(sentence)) == verdict


# A report names its subject in full in the title and then says "the bridge": the title
# says which bridge. Another name in the reference, no definite article, or a title that
# names another thing leaves it undecided.
@pytest.mark.parametrize(("title", "sentence", "verdict"), [
    ("Mayor opens the new Halden river footbridge", "The steel footbridge was built by Norland Works.", "No"),
    ("Mayor opens the new Halden river footbridge", "The old wooden footbridge was built by Norland Works.", "Yes"),
    ("Mayor opens the new Halden river footbridge", "The steel Brekke footbridge was built by Norland Works.", None),
    ("Mayor opens the new Halden river footbridge", "A steel footbridge was built by Norland Works.", None),
    ("Mayor opens the new Brekke river footbridge", "The steel footbridge was built by Norland Works.", None),
])
def test_a_definite_reference_is_the_thing_its_title_names(title, sentence, verdict) -> None:
    question = "Was the new Halden river footbridge built of wood?"
    assert decided(question, _sentence(sentence, title=title)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # The other side of the same verb says No; the same side says Yes.
    ("Did the ferry crews vote against the new timetable?", "The ferry crews voted 212 to 40 for the new timetable.",
     "No"),
    ("Did the ferry crews vote for the new timetable?", "The ferry crews voted 212 to 40 for the new timetable.",
     "Yes"),
    ("Did the ferry crews vote in favour of the new timetable?",
     "The ferry crews voted against the new timetable on Friday.", "No"),
    # Both sides given ("for or against") decide nothing of which it was.
    ("Did the ferry crews vote against the new timetable?",
     "The ferry crews voted on Friday, for or against the new timetable, by secret ballot.", "Yes"),
    # "Permanently" is not said by a closure of three weeks.
    ("Was the harbour museum closed permanently?", "The harbour museum will stay closed for three weeks.", None),
    ("Was the harbour museum closed permanently?", "The harbour museum was closed permanently in May.", "Yes"),
    # A time told from the day of the report must be the sentence's own.
    ("Is the Halden ferry fair scheduled for next year?",
     "The Halden ferry fair is scheduled to take place in the coming days.", None),
    ("Is the Halden ferry fair scheduled for next year?", "The Halden ferry fair is scheduled for next  year.", "Yes"),
    ("Did the Halden ferry yard open last week?", "The Halden ferry yard opened on Tuesday.", None),
])
def test_a_side_or_a_permanence_the_question_asks_about_must_be_said(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # The name asked about only where nothing is said of it: No.
    ("Did Mayor Berg discuss Halden in his call with Lena Holm?",
     "Mayor Berg says during call with Lena Holm he discussed ferries, nothing concerning Halden or Hull", "No"),
    # In the clause that says the rest, it is said.
    ("Did Mayor Berg discuss Halden in his call with Lena Holm?",
     "Mayor Berg says he discussed ferries and Halden during his call with Lena Holm, not the budget", "Yes"),
    # A denial further off from the name decides nothing.
    ("Did Mayor Berg discuss Halden in his call with Lena Holm?",
     "Mayor Berg says during call with Lena Holm he discussed ferries, the budget was not raised in Halden",
     None),
])
def test_a_name_said_only_in_a_denied_clause_is_not_said(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict


SPLIT = ('When asked by the Courier, Bluefin confirmed talks with the council but added that "no decision has '
         'been taken yet."')


@pytest.mark.parametrize(("question", "verdict"), [
    # The name in one clause, the verb denied in another: the denial decides.
    ("Has Bluefin taken a decision?", "No"),
    ("Did Bluefin say a decision had been taken?", "No"),
    ("Did Bluefin say no decision had been taken?", "Yes"),
    ("Did Bluefin confirm talks with the council?", "Yes"),
])
def test_the_clause_that_says_the_verb_decides_its_denial(question, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(SPLIT)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # "Not only … but also" denies nothing.
    ("Does the council plan a ferry link with Hull?",
     "The council plans to not only widen the harbour but also create a ferry link with Hull.", "Yes"),
    # The other side of the same thing says No; a thing the sentence never places decides nothing.
    ("Did Mayor Berg announce the fund after the budget review?",
     "Before the budget review on May 1, Mayor Berg announced a harbour fund of 2 million euros.", "No"),
    ("Did Mayor Berg announce the fund before the budget review?",
     "Before the budget review on May 1, Mayor Berg announced a harbour fund of 2 million euros.", "Yes"),
    ("Did Mayor Berg announce the fund after the ferry strike?",
     "Before the budget review on May 1, Mayor Berg announced a harbour fund of 2 million euros.", None),
])
def test_what_comes_before_or_after_and_what_is_not_only_said(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # Far from a place is not near it, nor the reverse; a sentence also saying near decides by the rest.
    ("Was the new ferry depot built near the harbour wall?",
     "The new ferry depot was built far from the harbour wall, on the old rail yard.", "No"),
    ("Will the ferry depot be built away from the harbour wall?",
     "The ferry depot will be built near the harbour wall.", "No"),
    ("Was the new ferry depot built near the harbour wall?",
     "The new ferry depot was built near the harbour wall, on the old rail yard.", "Yes"),
    # A distance in units is neither: whether it is near is not the report's to say.
    ("Was the new ferry depot built near the harbour wall?",
     "The new ferry depot was built two kilometres from the harbour wall.", None),
    ("Was the new ferry depot built far from the harbour wall?",
     "The new ferry depot was built 200 metres away from the harbour wall.", None),
    # Far from another thing says nothing of the harbour wall.
    ("Was the new ferry depot built near the harbour wall?",
     "The new ferry depot was built far from the town centre, close to the harbour wall.", "Yes"),
    # The verb is not the word right after the opening auxiliary ("Will ferry production
    # take place …": "ferry" is the subject's), so a sentence without "take" decides nothing.
    ("Will ferry production take place near the harbour wall?",
     "Ferry production is planned to happen away from harbour-wall areas.", None),
])
def test_near_or_far_from_the_same_thing(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # What a copula question asks is its complement's adjective, not the noun alone.
    ("Is the Norwegian shipyard a small company?",
     "Norway's largest shipyard, Fjordvik, is building the ferries, the company has confirmed.", None),
    ("Is Fjordvik the largest shipyard in Norway?",
     "Norway's largest shipyard, Fjordvik, is building the ferries, the company has confirmed.", "Yes"),
])
def test_a_copula_question_asks_its_complements_adjective(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # A bound asked against a number, or a bound, of the same thing given.
    # a rough number decides only a tenth or more away
    ("Did more than 2,000 visitors come to the ferry fair?", "About 2,300 visitors came to the ferry fair.", "Yes"),
    ("Did more than 2,000 visitors come to the ferry fair?", "About 2,050 visitors came to the ferry fair.", None),
    ("Did more than 2,000 visitors come to the ferry fair?", "About 1,500 visitors came to the ferry fair.", "No"),
    ("Did more than 2,000 visitors come to the ferry fair?", "2,300 visitors came to the ferry fair.", "Yes"),
    ("Did more than 3,000 visitors come to the ferry fair?", "2,300 visitors came to the ferry fair.", "No"),
    ("Did fewer than 5,000 visitors come to the ferry fair?",
     "More than 7,000 visitors came to the ferry fair.", "No"),
    ("Did more than 5,000 visitors come to the ferry fair?",
     "More than 7,000 visitors came to the ferry fair.", "Yes"),
    # more than 7,000 says nothing of more than 9,000
    ("Did more than 9,000 visitors come to the ferry fair?",
     "More than 7,000 visitors came to the ferry fair.", None),
    # "up to 300 a day" states the most there will be: it does not say "up to 500?"
    ("Will the ferry carry up to 500 passengers a day?", "The ferry will carry up to 300 passengers a day.", None),
])
def test_a_bound_asked_is_read_against_the_number_given(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict


@pytest.mark.parametrize(("question", "sentence", "verdict"), [
    # The one thing asked, what the strike was over, is not said: no Yes on the rest.
    ("Did the dock workers strike over pay?",
     "About 1,400 dock workers went on strike on Wednesday after talks over automated cranes collapsed.", None),
    ("Did the dock workers strike over automated cranes?",
     "About 1,400 dock workers went on strike on Wednesday over automated cranes.", "Yes"),
    ("Did the ferry operator talk with the union?", "The ferry operator talked with the union on Monday.", "Yes"),
    ("Did the ferry operator talk with the union?", "The ferry operator talked with the minister on Monday.", None),
    # Another name won it: the loser named in the sentence does not make it Yes.
    ("Did Vance win the election?",
     "Mira Castell of the Green Party won the election on Sunday, defeating the incumbent, Peter Vance.", None),
    ("Did Castell win the election?",
     "Mira Castell of the Green Party won the election on Sunday, defeating the incumbent, Peter Vance.", "Yes"),
    ("Did Vance concede the election?", "Vance conceded the election on Sunday night.", "Yes"),
])
def test_what_the_deed_was_over_and_who_did_it_must_be_said(question, sentence, verdict) -> None:
    pytest.importorskip("spacy")
    assert decided(question, _sentence(sentence)) == verdict
