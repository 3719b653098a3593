"""Answers composed from several articles (``answer.compose``): the entity that the
articles of every outlet a question names share is the short answer, cited in each; a
question whose parts no shared entity answers is not given one. Articles are our own
writing, as benchmark-style records (outlet, date, body).
"""

from __future__ import annotations

import pytest
from conftest import assistant_over as _bot
from conftest import news_record as _record

import assistant
from assistant.answer import compose
from assistant.answer.compose import bridge
from assistant.answer.language import read_question
from assistant.answer.order import order

pytest.importorskip("spacy")


ARTICLES = [
    _record("Northern Courier", "2023-10-02", "Solar founder charged",
            "Nadia Okafor, the founder of the solar startup Brightwell, was charged with fraud on Monday.\n\n"
            "Prosecutors said Okafor moved investor money into private accounts for her own gain.\n\n"
            "Her lawyer, Tom Reyes, said she would plead not guilty.\n"),
    _record("Coastal Wire", "2023-10-05", "Brightwell trial opens",
            "The trial of Nadia Okafor opened in Boston on Thursday.\n\n"
            "Okafor, who built Brightwell into a billion-dollar company, is accused of lying to investors "
            "about the company's sales.\n\n"
            "Judge Helen Park told the jury the case would last six weeks.\n"),
    _record("Northern Courier", "2023-10-03", "Bridge opens downtown",
            "Mayor Paul Greene opened the new river bridge on Tuesday.\n\n"
            "Greene said the bridge would cut travel times for commuters by half.\n"),
    _record("Coastal Wire", "2023-10-04", "Harbour dredging begins",
            "Harbour master Ingrid Dahl said dredging of the channel began this week.\n\n"
            "Dahl said the work would let larger cargo ships dock by the spring.\n"),
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "compose", ARTICLES, 6)


def test_the_entity_both_outlets_report_is_the_short_answer_cited_in_each(bot) -> None:
    answer = bot.ask("Who is the founder accused of moving investor money into private accounts, according to "
                     "the Northern Courier, and of lying to investors about sales, as reported by the Coastal Wire?")
    assert answer.answered, answer.text
    assert answer.short == "Nadia Okafor"
    titles = {c.title for c in answer.citations}
    assert titles == {"Solar founder charged", "Brightwell trial opens"}
    assert all("Okafor" in c.quote for c in answer.citations)  # each quote names her
    assert answer.to_json()["short"] == "Nadia Okafor"


def test_a_company_question_gets_an_organisation_not_a_person(bot) -> None:
    answer = bot.ask("Which company, founded by the person charged with fraud according to the Northern Courier, "
                     "was built into a billion-dollar business, as the Coastal Wire reported?")
    assert answer.answered, answer.text
    assert answer.short == "Brightwell"


def test_a_question_neither_outlet_answers_is_refused_though_both_name_someone(bot) -> None:
    answer = bot.ask("Who is the chef of the Blue Anchor restaurant on the waterfront, according to the "
                     "Northern Courier, and won a cooking award, as reported by the Coastal Wire?")
    assert not answer.answered, answer.text
    assert answer.short is None and not answer.citations


def test_an_entity_both_outlets_name_is_no_answer_when_their_sentences_do_not_say_what_is_asked(bot) -> None:
    # Nadia Okafor is in both outlets' passages, but nothing there is about a chef or an award.
    question = ("Who is the chef who opened a seafood restaurant on the waterfront, according to the "
                "Northern Courier, and won a cooking award, as reported by the Coastal Wire?")
    answerer = bot.answerer
    hits = bot.search(question)
    assert {h.outlet for h in hits} >= {"Northern Courier", "Coastal Wire"}
    sentences = answerer.sentences(hits)
    named = answerer.facts.named(question)
    q = answerer.score(read_question(question), question, sentences, named)
    assert bridge(q, question, sentences, answerer.facts, named, floor=0.0) is None
    # the same reading of the founder question does compose
    founder = ("Who is the founder accused of moving investor money into private accounts, according to "
               "the Northern Courier, and of lying to investors about sales, as reported by the Coastal Wire?")
    hits = bot.search(founder)
    sentences = answerer.sentences(hits)
    q = answerer.score(read_question(founder), founder, sentences, answerer.facts.named(founder))
    assert bridge(q, founder, sentences, answerer.facts, [], floor=0.0).entity.name == "Nadia Okafor"


def _bridged(bot, question: str) -> str | None:
    answerer = bot.answerer
    sentences = answerer.sentences(bot.search(question))
    named = answerer.facts.named(question)
    q = answerer.score(read_question(question), question, sentences, named)
    shared = bridge(q, question, sentences, answerer.facts, named, floor=0.0)
    return None if shared is None else shared.entity.name


def test_an_entity_clearly_theirs_answers_a_long_question_its_sentences_say_little_of(bot, monkeypatch) -> None:
    # Most of this question is said in other words than the articles' (or not at all): the quoted
    # sentences hold under a fifth of it ("charges", "trial"). Nadia Okafor is still the one both
    # outlets' articles are about, over twice as strongly as anyone else they name.
    question = ("Who is the entrepreneur whose venture, once praised by analysts for its rapid expansion across "
                "several markets, its glossy campaigns and its lavish parties for celebrities, collapsed into "
                "charges, according to the Northern Courier, and whose trial drew crowds of reporters and "
                "photographers outside, as reported by the Coastal Wire?")
    assert _bridged(bot, question) == "Nadia Okafor"
    monkeypatch.setattr(compose, "CLEAR", 10.0)  # without so clear a lead, so little said answers nothing
    assert _bridged(bot, question) is None


@pytest.mark.parametrize("question", [
    # Clearly hers, but all the quotes hold of it is a name ("Boston"): no answer.
    "Who is the chef whose seafood restaurant on the waterfront was praised by critics for its oysters and its "
    "lavish parties for celebrities, according to the Northern Courier, and who won a national cooking award for "
    "her chowder in Boston, as reported by the Coastal Wire?",
    # The only company the passages name is not clearly anything; "company" is the kind asked, not a word said.
    "Which company, praised by critics for its seafood restaurants on the waterfront according to the Northern "
    "Courier, won a national cooking award in Boston, as the Coastal Wire reported?",
])
def test_a_lead_is_no_answer_when_the_quotes_say_nothing_the_question_asks(bot, question) -> None:
    assert _bridged(bot, question) is None


@pytest.fixture(scope="module")
def three_outlets(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    court = _record("Harbor Times", "2023-10-06", "Solar founder in court",
                    "The founder of the solar startup appeared in court in Boston on Thursday.\n\n"
                    "Her trial is expected to last six weeks, the court said.\n")
    return _bot(tmp_path_factory, tiny_model, "three", [*ARTICLES, court], 8)


def test_an_entity_clearly_theirs_may_go_unnamed_by_one_of_three_outlets(three_outlets, monkeypatch) -> None:
    # The Harbor Times's article is about her appearance in court but never gives her name; the
    # other two outlets' articles name her, far ahead of anyone else.
    question = ("Who is the founder accused of moving investor money into private accounts, according to the "
                "Northern Courier, of lying to investors about sales, as reported by the Coastal Wire, and who "
                "appeared in court in Boston, according to the Harbor Times?")
    assert "Harbor Times" in {h.outlet for h in three_outlets.search(question)}
    assert _bridged(three_outlets, question) == "Nadia Okafor"
    monkeypatch.setattr(compose, "OUTLETS_MISSED", 0)  # every named outlet's articles must name her
    assert _bridged(three_outlets, question) is None
    monkeypatch.setattr(compose, "OUTLETS_MISSED", 1)
    monkeypatch.setattr(compose, "CLEAR", 10.0)  # not clearly hers: every named outlet's articles must name her
    assert _bridged(three_outlets, question) is None
    # Of two outlets named, both must: one outlet's article is no answer shared.
    two = ("Who is the founder accused of moving investor money into private accounts, according to the Northern "
           "Courier, and who appeared in court in Boston, according to the Harbor Times?")
    monkeypatch.setattr(compose, "CLEAR", 2.0)
    assert _bridged(three_outlets, two) is None


def test_before_and_after_are_decided_by_the_two_reports_publication_dates(bot) -> None:
    before = bot.ask("Did the Northern Courier report that Nadia Okafor was charged with fraud before the "
                     "Coastal Wire reported that her trial opened in Boston?")
    assert before.answered and before.short == "Yes", before.text
    assert [c.title for c in before.citations] == ["Solar founder charged", "Brightwell trial opens"]
    assert "2023-10-02" in before.text and "2023-10-05" in before.text
    after = bot.ask("Did the Northern Courier report that Nadia Okafor was charged with fraud after the "
                    "Coastal Wire reported that her trial opened in Boston?")
    assert after.short == "No" and after.citations
    # the first report denied: the Courier's dated report before the Wire's says No, after it Yes
    failed = bot.ask("Did the Northern Courier fail to report that Nadia Okafor was charged with fraud before the "
                     "Coastal Wire reported that her trial opened in Boston?")
    assert failed.short == "No" and failed.citations, failed.text
    # "not … until after" is no plain denial of "after", and what each report says does not answer it
    late = bot.ask("Was it not reported by the Northern Courier that Nadia Okafor was charged with fraud until after "
                   "the Coastal Wire reported that her trial opened in Boston?")
    assert late.short is None, late.text
    missed = bot.ask("Did the Northern Courier fail to report that Nadia Okafor was charged with fraud after the "
                     "Coastal Wire reported that her trial opened in Boston?")
    assert missed.short == "Yes" and missed.citations, missed.text
    # the second report's outlet may close its part ("… was reported by the Coastal Wire")
    closing = bot.ask("Was it not reported by the Northern Courier that Nadia Okafor was charged with fraud before "
                      "her trial opening in Boston was reported by the Coastal Wire?")
    assert closing.short == "No" and closing.citations, closing.text
    # the second part's article must exist: no report of a verdict, no composed answer
    unknown = ("Did the Northern Courier report that Nadia Okafor was charged with fraud before the "
               "Coastal Wire reported the verdict of the jury in her appeal?")
    assert order(unknown, bot.answerer.sentences(bot.search(unknown))) is None


SALE = [
    _record("Northern Courier", "2023-11-24", "Rowing machine deal",
            "The Halden rowing machine is on sale for over $300 off this Black Friday.\n\n"
            "The Halden rowing machine folds flat and weighs 30 kg.\n"),
    _record("Coastal Wire", "2023-11-28", "Cyber Monday ferry fares",
            "The Coastal Wire found fares cut on 12 ferry routes to Brightwell for Cyber Monday.\n"),
]


@pytest.fixture(scope="module")
def sale(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "sale", SALE, 4)


def test_a_report_giving_the_number_otherwise_did_not_report_what_the_question_says(sale) -> None:
    # The dates alone would say Yes; the Courier gave "over $300 off", not "less than $300 off".
    told = ("Did the Northern Courier report the Halden rowing machine on sale for {} off before the "
            "Coastal Wire reported fares cut on {} ferry routes to Brightwell?")
    right = sale.ask(told.format("over $300", "12"))
    assert right.short == "Yes", right.text
    for wrong in (told.format("less than $300", "12"), told.format("over $300", "15")):
        answer = sale.ask(wrong)
        assert answer.short == "No", answer.text
        assert "over $300 off" in answer.citations[0].quote and "12 ferry routes" in answer.citations[1].quote


SAME_DAY = [
    _record("Harbour Gazette", "2023-10-09", "Ferry terminal opens",
            "Harbour master Lena Berg opened the new ferry terminal on Monday morning.\n"),
    _record("Bay Times", "2023-10-09", "Terminal draws crowds",
            "The new ferry terminal drew 3,000 visitors on its first day, harbour master Lena Berg said.\n"),
]


@pytest.fixture(scope="module")
def same_day(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "same-day", SAME_DAY, 4)


def test_which_report_came_first_is_not_answered_by_what_each_says(same_day) -> None:
    # Both reports say so, but on the same day: "each report says so" does not say which came first.
    answer = same_day.ask("Did the Harbour Gazette report that Lena Berg opened the new ferry terminal before "
                          "the Bay Times reported that the terminal drew 3,000 visitors?")
    assert answer.short is None, answer.text
    assert "each report says so" not in answer.text
    opened = same_day.ask("According to the harbour's own log, did the Harbour Gazette report that Lena Berg opened "
                          "the new ferry terminal before the Bay Times reported that the terminal drew 3,000 visitors?")
    assert "each report says so" not in opened.text and opened.short is None, opened.text


TRAM = [
    _record("Valley Herald", "2023-11-01", "Tramline budget approved",
            "The city council approved 40 million dollars for the new tramline on Tuesday.\n\n"
            "Council leader Maria Lund said construction of the tramline would start in March.\n"),
    _record("River Post", "2023-11-03", "Council backs the tramline",
            "Construction of the tramline will start in March, council leader Maria Lund said.\n\n"
            "The council voted to spend 40 million dollars on the tramline and its six stations.\n"),
    _record("Hill Gazette", "2023-11-04", "Tramline cost disputed",
            "The tramline will cost 65 million dollars, the regional auditor said on Friday.\n\n"
            "The auditor said the council had not counted the price of the six stations.\n"),
]


@pytest.fixture(scope="module")
def tram(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "tram", TRAM, 6)


def test_a_claim_each_report_supports_is_yes_citing_both(tram) -> None:
    answer = tram.ask("Does the Valley Herald report that the council approved 40 million dollars for the "
                      "tramline, while the River Post says construction of the tramline will start in March?")
    assert answer.answered and answer.short == "Yes", answer.text
    assert {c.outlet for c in answer.citations} == {"Valley Herald", "River Post"}
    assert "each report says so" in answer.text


def test_a_claim_one_report_contradicts_is_no_and_its_quote_comes_first(tram) -> None:
    # the number differs from the Valley Herald's
    answer = tram.ask("Does the Valley Herald report that the council approved 75 million dollars for the "
                      "tramline, while the River Post says construction of the tramline will start in March?")
    assert answer.short == "No", answer.text
    assert answer.citations[0].outlet == "Valley Herald" and "40 million" in answer.citations[0].quote
    # the River Post never says construction will never start: a denial its sentence does not make
    denied = tram.ask("Does the River Post report that construction of the tramline will never start, while "
                      "the Valley Herald says the council approved 40 million dollars for the tramline?")
    assert denied.short == "No", denied.text
    assert denied.citations[0].outlet == "River Post"
    # the report's sentence denies the part's own word: "had not counted" against "had counted"
    uncounted = tram.ask("Does the Hill Gazette report that the council had counted the price of the six stations, "
                         "while the Valley Herald says the council approved 40 million dollars for the tramline?")
    assert uncounted.short == "No", uncounted.text
    assert uncounted.citations[0].outlet == "Hill Gazette" and "not counted" in uncounted.citations[0].quote
    # a part that itself speaks of a lack is said by the denial, not contradicted
    absent = tram.ask("Does the Hill Gazette report the absence of a count of the price of the six stations, "
                      "while the Valley Herald says the council approved 40 million dollars for the tramline?")
    assert absent.short != "No", absent.text
    # a lack named is what a report says, not its denial ("failed to count" would be one)
    lack = tram.ask("Does the Valley Herald report that the city council approved 40 million dollars for the new "
                    "tramline for a lack of buses, while the River Post says construction of the tramline will start "
                    "in March?")
    assert lack.short != "No", lack.text
    # "without" gives a circumstance of the claim, not its denial
    without = tram.ask("Does the Valley Herald report that the council approved 40 million dollars for the "
                       "tramline without the six stations, while the River Post says construction of the "
                       "tramline will start in March?")
    assert without.short != "No", without.text


def test_a_claim_its_reports_are_only_on_the_topic_of_gets_no_yes_or_no(tram) -> None:
    # Both articles are about the tramline's money and start, but neither says it doubled.
    answer = tram.ask("Does the Valley Herald report that the council doubled the tramline budget after a "
                      "public vote, while the River Post says construction of the tramline will start in March?")
    assert answer.short is None, answer.text
    assert answer.text.startswith("The passages found do not settle it") and answer.citations
    # what a report leaves out is no denial: this River Post part is said
    left_out = tram.ask("Does the Valley Herald report that the council approved 40 million dollars for the "
                        "tramline, while the River Post says construction of the tramline will start in March "
                        "without mentioning the auditor?")
    assert left_out.short == "Yes", left_out.text
    # an absolute the report does not make is not said: "always" is more than "would start in March"
    absolute = tram.ask("Does the Valley Herald report that the council approved 40 million dollars for the "
                        "tramline, while the River Post says construction of the tramline will always start in March?")
    assert absolute.short is None, absolute.text


def test_reports_giving_different_numbers_for_the_same_thing_do_not_agree(tram) -> None:
    differ = tram.ask("Is the Valley Herald's report on the 40 million dollars approved for the tramline "
                      "consistent with the Hill Gazette's report on what the tramline will cost?")
    assert differ.short == "No", differ.text
    assert {c.outlet for c in differ.citations} == {"Valley Herald", "Hill Gazette"}
    assert any("65 million" in c.quote for c in differ.citations)
    # no contradiction found is not agreement found: both quoted, side by side, undecided
    same = tram.ask("Is the Valley Herald's report on the 40 million dollars approved for the tramline "
                    "consistent with the River Post's report on the council's spending on the tramline?")
    assert same.answered and same.short is None, same.text
    assert same.text.startswith("The passages found do not settle it")
    assert {c.outlet for c in same.citations} == {"Valley Herald", "River Post"}
    changed = tram.ask("Was there a change between the Valley Herald's report on the 40 million dollars approved "
                       "for the tramline and the Hill Gazette's report on what the tramline will cost?")
    assert changed.short == "Yes", changed.text
    # a question that opens on its reports rather than on a verb is the same question
    between = tram.ask("Between the Valley Herald report on the 40 million dollars approved for the tramline "
                       "published on November 1, 2023, and the River Post report on the council's spending on "
                       "the tramline, was there consistency in the reporting?")
    assert between.short is None and "2023-11-01" in between.text, between.text
    assert {c.outlet for c in between.citations} == {"Valley Herald", "River Post"}


PORT = [
    _record("Harbor Times", "2023-11-02", "Ferry sales up",
            "Ferry ticket sales rose 12 percent in October, the port authority said on Wednesday.\n\n"
            "Bus ticket sales at the terminal rose 3 percent, though the authority declined to comment on fares.\n"),
    _record("Bay Ledger", "2023-11-06", "Cargo slows",
            "Cargo volumes at the port fell 8 percent in October, the harbour master said.\n\n"
            "The harbour master said the cranes on the north quay were repaired.\n"),
]


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory, tiny_model: str) -> assistant.Assistant:
    return _bot(tmp_path_factory, tiny_model, "port", PORT, 6)


def test_a_claim_that_a_figure_went_the_other_way_is_no(port) -> None:
    """"A decrease" where the report says the figure rose is contradicted; "a drop" where
    it fell is said ("declined to comment" is no fall); a way its sentence does not say is not."""
    answer = port.ask("Does the Harbor Times report a decrease in ferry ticket sales in October, while the "
                      "Bay Ledger reports that cargo volumes at the port fell in October?")
    assert answer.short == "No", answer.text
    assert answer.citations[0].outlet == "Harbor Times" and "rose 12 percent" in answer.citations[0].quote
    both = port.ask("Does the Harbor Times report an increase in ferry ticket sales in October, while the "
                    "Bay Ledger reports a drop in cargo volumes at the port in October?")
    assert both.short == "Yes", both.text
    bus = port.ask("Does the Harbor Times report an increase in bus ticket sales at the terminal, while the "
                   "Bay Ledger reports a drop in cargo volumes at the port in October?")
    assert bus.short == "Yes", bus.text
    unsaid = port.ask("Does the Harbor Times report an increase in ferry ticket sales in October, while the "
                      "Bay Ledger reports an increase in the cranes the harbour master said were repaired on "
                      "the north quay?")
    assert unsaid.short is None, unsaid.text


def test_agreement_is_not_decided_when_a_report_is_not_in_the_corpus(tram) -> None:
    from assistant.answer.agree import agree

    question = ("Is the Valley Herald's report on the tramline budget consistent with the Hill Gazette's "
                "report on the mayor's bicycle lanes downtown?")
    assert agree(question, tram.answerer.sentences(tram.search(question))) is None


def test_a_yes_no_answer_needs_a_quote_that_decides_it(tram) -> None:
    decided = tram.ask("Did the city council approve 40 million dollars for the new tramline?")
    assert decided.short == "Yes" and "40 million" in decided.citations[0].quote, decided.text
    # the sentences are about the stations, but none says whether they were cancelled
    undecided = tram.ask("Did the council cancel the six stations of the tramline?")
    assert undecided.short is None, undecided.text
    assert undecided.text.startswith("The passages found do not settle it") and undecided.citations
    # "only" is the question's, not the sentence's
    only = tram.ask("Did the city council approve 40 million dollars only for the new tramline?")
    assert only.short is None, only.text


def test_a_yes_no_question_after_an_opener_is_still_yes_no(tram) -> None:
    # Read as an open question, the first was given a whole sentence as its short answer.
    decided = tram.ask("According to the Valley Herald, did the city council approve 40 million dollars for "
                       "the new tramline?")
    assert decided.short == "Yes" and "40 million" in decided.citations[0].quote, decided.text
    # whose account the opener names must be the deciding report's: the Hill Gazette does not say it
    one_word = tram.ask("Overall, did the city council approve 40 million dollars for the new tramline?")
    assert one_word.short == "Yes", one_word.text  # the opener's first word is capitalised for opening it
    other = tram.ask("According to the Hill Gazette, did the city council approve 40 million dollars for the "
                     "new tramline?")
    assert other.short is None, other.text
    undecided = tram.ask("According to the Valley Herald, did the council cancel the six stations of the tramline?")
    assert undecided.short is None, undecided.text
    assert undecided.text.startswith("The passages found do not settle it") and undecided.citations


def test_a_person_quoted_by_surname_is_answered_by_the_full_name_the_layer_resolved(bot) -> None:
    answer = bot.ask("Who moved investor money into private accounts for her own gain, prosecutors said?")
    assert answer.answered, answer.text
    assert "Prosecutors said Okafor" in answer.text  # the quote as written
    assert answer.short.split(", ")[0] == "Nadia Okafor"  # the best sentence's name first



@pytest.mark.parametrize(("text", "way"), [
    ("Sales came in 2% higher at $1.57 billion", "up"), ("Shares were up 5% on Monday", "up"),
    ("Volumes fell 8 percent", "down"), ("Fares were 3 points lower", "down"), ("Prices are down $3", "down"),
    ("A 5% increase since January", "up"), ("Inflation declined to 3.2%", "down"),
    ("Unemployment falls to 3.5%", "down"), ("Sales rose 4%, then fell 2%", None),
    ("Its revenue dropped sharply in the quarter, though its swapping service grew, up 10.4%", None),
    # a way needs a number near it in a report: no figure went anywhere here
    ("Sales rose sharply", None), ("Prosecutors dropped the charges", None), ("He fell ill in 2020", None),
    ("They were up 5-0 at half time", None), ("Rose Byrne starred in 12 films", None),
    ("The ministry declined to comment on the 5 cases", None), ("The school reopens in the fall of 2024", None),
    ("A higher court ruled on 3 appeals", None), ("The 2 cranberry growers met", None),
    ("The surgery on 2 patients went well", None), ("Growth slowed to 2%", None),
])
def test_which_way_a_figure_went_in_a_report(text: str, way: str | None) -> None:
    from assistant.answer.agree import direction

    assert direction(text, figures=True) == way


@pytest.mark.parametrize(("text", "way"), [
    ("both report a decrease in their respective financial figures", "down"),
    ("suggest an increase in revenue", "up"), ("report higher prices", "up"),
    ("did prosecutors drop the charges", None), ("the school reopens in the fall", None),
    ("the ministry declined to comment", None),
])
def test_which_way_a_question_says_a_figure_went(text: str, way: str | None) -> None:
    from assistant.answer.agree import direction

    assert direction(text) == way


def test_a_full_name_the_quotes_lack_is_cited_where_the_article_writes_it(bot) -> None:
    # ``composed`` with ``in_full`` (what ``named_first_in_full`` finds): the name is quoted from
    # its passage, which joins the answer's passages when retrieval had not given it.
    from assistant.answer.compose import composed

    question = "Who is the founder accused of lying to investors, as reported by the Coastal Wire?"
    hits = bot.index.search("Okafor accused of lying to investors about the company's sales", k=6)
    answerer = bot.answerer
    sentences = answerer.sentences(hits)
    q = read_question(question)
    said = next(s for s in sentences if "lying to investors" in s.text)
    named = bot.index.search("The trial of Nadia Okafor opened in Boston", k=1)[0]
    a = named.text.index("Nadia Okafor")
    kept = [h for h in hits if h.chunk_id != named.chunk_id]
    answer = composed(answerer, question, q, kept, bot.sources, "Nadia Okafor", [(said, None)],
                      in_full=(named, a, a + len("Nadia Okafor")))
    cited = answer.citations[-1]
    assert cited.quote == "Nadia Okafor" and cited.title == "Brightwell trial opens"
    assert answer.text.endswith(f"(named in full: “Nadia Okafor” [{len(kept) + 1}])")
    assert answer.hits[-1].chunk_id == named.chunk_id and len(answer.hits) == len(kept) + 1
    assert said.hit.chunk_id in {h.chunk_id for h in kept}
