"""Whether a sentence decides a yes/no question, and which way.

A "Yes" that rests on a quote which does not say it is the worst answer a newsroom can
get: it looks sourced. So a sentence decides only when it holds nearly everything the
question says (``DECIDES`` of its words, names weighing more; a word no passage has
counts in full, as what is not said) and every absolute the question makes ("only",
"never", "all"). "Has Renault decided to make drones?" is not decided by "Renault said it
had been contacted about making drones", nor "Will production always happen in
France?" by "in France". The answer is "No" when the clause of the sentence that holds
most of the question is negated and the question is not, or the reverse, or when what
the question restricts ("only on French soil") the sentence gives together with
something else ("both in Ukraine and in France"); otherwise "Yes". The question's main
verb (read with the knowledge layer's spaCy pipeline: "cancel" in "Did the council
cancel the stations?", or the complement of "is") must be in the sentence: the rest of
the question can all be there while what it asks about is not. And so must every name
the question asks about, in the sentence's own words (``named``: "Bankman-Fried" names
Sam Bankman-Fried, "the United States" the U.S., "Sam Altman" not him), not through "It"
or "The company" pointing back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..knowledge.tags import is_verb
from ..text.clauses import clause_spans as clauses
from ..text.sentences import split_sentences
from .absolutes import EXCLUSIVE, shared_with, unsaid_absolutes
from .contrast import (
    contrasts,
    denial_asked,
    figures_against,
    opposite,
    other_distance,
    other_order,
    other_side,
    unsaid_kinds,
)
from .definite import resolved
from .language import (
    POSSESSIVE,
    Question,
    is_capitalized,
    key_terms,
    main_clause,
    negated,
    norm,
    norms,
    same_term,
    tokens,
    word_parts,
)
from .lexicon import MONTHS, QUESTION_OPENERS, STOPWORDS, WEEKDAYS, words_of
from .mentions import OPENERS, numbers
from .objects import object_elsewhere
from .parsed import parsed, with_verbs
from .predicate import predicate
from .relation import only_intended, placed_elsewhere
from .retracted import asks
from .shortfall import falls_short
from .subject_clause import subject_clause
from .years import covered, year_unsaid

# Of a yes/no question's weighted words, in the sentence that says Yes or No: on
# eval/dev_qa_hard.jsonl's yes/no questions, 0.75 let three undecided quotes say "Yes".
DECIDES = 0.75
CANDIDATES = 3  # best-scored sentences looked at for one that decides
# A clause that leaves open what it speaks of; its "not" denies nothing the question asks.
# "may" in lower case only: "closed in May" hedges nothing.
_HEDGED = re.compile(r"\b(?:whether|unclear|uncertain|(?-i:may)|might|could|perhaps|possibly|"
                     r"not (?:yet )?(?:clear|known|sure|certain|decided)|(?:do|does|did)(?: not|n't) know|"
                     r"rul(?:e|ed|es|ing) out|(?:do|does|did)(?: not|n't) (?:prove|show|establish|mean))\b", re.I)
_UNSETTLED = re.compile(r"\b(?:unclear|not (?:yet )?(?:clear|known|proven|decided)|(?:do|does|did)(?: not|n't) "
                        r"(?:know|prove|show|establish))\b", re.I)  # of all it asks: no weaker sentence decides
_ASKS_SAID = re.compile(r"\W*(?:has|have|had|did|does|do)\s+(?:[\w'’-]+\s+){1,4}?(?:said|say|confirmed?|revealed?|"
                        r"disclosed?|announced?|stated?)\b", re.I)
_NOT_SAID_WHETHER = re.compile(r"\b(?:not|never|yet to|declined to|refused to)\s+(?:yet\s+)?(?:say|said|confirm|"
                               r"confirmed|reveal|revealed|disclose|disclosed|announce|announced|state|stated)\s+"
                               r"(?:whether|if)\b", re.I)
_QUALIFIED = re.compile(r"\b(?:not|no[ -]one|nobody|none|never|n't)\b[^,.;]{0,30}?\b([a-z]{3,}ly)\b", re.I)
_NO_ONE = re.compile(r"\b(?:no[ -]one|nobody|none)\b", re.I)  # "No one was hurt" says of anyone
_RELATIVE = re.compile(r"[\s\"“'‘(]*(?:which|who|whom|whose|that)\b", re.I)  # a clause opening so
# Verbs that say little but that their object happened: "give a speech" is "deliver a
# speech"; any of them stands for another (not "take" or "have": "took no decision", "has").
_LIGHT = frozenset(norm(w) for w in words_of("give deliver make hold"))


def held(q: Question, text: str) -> float:
    """Share of the question's term weight that ``text`` holds."""
    words = norms(text)
    total = sum(t.weight for t in q.terms) or 1.0
    # A name spelt another way is the name ("Zelensky"); a common word's longer form is not ("contractor").
    said = [t for t in q.terms if any((same_name if t.proper else same_term)(t.norm, w) for w in words)]
    return sum(t.weight for t in said) / total


_COPULA = re.compile(r"\W*(?:is|are|was|were)\b", re.I)


def decided(question: str, sentence: Any) -> str | None:
    """"Yes" or "No" when ``sentence`` (the extractive answerer's) decides ``question``, else None."""
    # Plain weights: the boost a yes/no question's subject gets for ranking would let the
    # subject alone ("the new Millbrook bridge") decide whether it is "built of wood".
    asked = main_clause(question)
    if year_unsaid(asked, sentence.text):
        return None  # "Waiting times fell in the north" says nothing of 2024
    q = Question(asked, "yesno", tuple(key_terms(asked)))
    # What the sentence gives otherwise in the same role ("the US cemetery" for "a British
    # war cemetery") is the question's word read and denied: it counts as held, and says No.
    against = contrasts(asked, sentence.text)
    # "The steel bridge" says "the new Millbrook river bridge" where the report's title names it.
    # "Far from the border" reads the question's "near the border", and denies it.
    distance = other_distance(asked, sentence.text)
    if distance == "measured":
        return None  # "two kilometres from the border" says neither near nor far
    flipped = opposite(asked, sentence.text)  # "was rejected" for "Was the amendment accepted?": read, and denied
    figures = figures_against(asked, sentence.text)
    if figures == "missing":
        return None
    verb = predicate(question)
    # Its numbers are read too, given or not: "more than 7,000 soldiers" answers "fewer than 5,000?"
    read = " ".join([sentence.text, *(word for word, _ in against), distance or "",
                     resolved(asked, sentence.text, sentence.hit.title),
                     *(asked[f.start:f.end] for f in numbers(asked)),
                     # "… collided on the E16. No one was hurt": of anyone in that collision
                     # … and "One shop worker was slightly injured" says someone was
                     f"anyone anybody {_told_before(sentence)}" if _NO_ONE.search(sentence.text) or (
                         _ANYONE.search(asked) and verb is not None and any(
                             same_term(verb, w) for w in norms(sentence.text))) else "",
                     flipped[0] if flipped else "",
                     *covered(sentence.text)])  # "in every year from 2022 to 2025" says 2024
    if held(q, read) < DECIDES:
        return None
    # "It later delivered the drones", after "Skylark and Bluefin signed a deal", does not
    # say which of them did.
    outlet = norms(sentence.hit.outlet or "")
    if not all(named(name, read, outlet) for name in names(asked)):
        return None
    opener = question[:len(question) - len(asked)]
    # Whose account: the names of "According to the Valley Herald, did …?" are held by the
    # report (its outlet, title or text). Only names: "Between the two reports, …" frames
    # ("Overall" or "Despite" opening it is no name: ``QUESTION_OPENERS``).
    told = Question(opener, "open", tuple(t for t in key_terms(opener) if t.proper))
    if told.terms and held(told, f"{sentence.text} {sentence.hit.title} {sentence.hit.outlet or ''}") < DECIDES:
        return None
    text = sentence.hit.text
    spans = with_verbs(sentence.text, sentence.start, clauses(text, sentence.start, sentence.end))
    parts = [text[a:b] for a, b in spans]
    clause = max(parts, key=lambda p: held(q, p))
    # The verb outside a relative clause: "signed the contract, which critics wanted
    # cancelled" does not say the contract was cancelled.
    own = [w for p in parts if not _RELATIVE.match(p) for w in norms(p)]
    if verb and not flipped and not any(same_term(verb, w) for w in own) and not (verb in _LIGHT and _LIGHT & set(own)):
        return None
    if not flipped and only_intended(asked, sentence.text, verb):
        return None  # "turned down offers to open in London" does not say it opened there
    # Denied or not where the verb is said: "Renault confirmed government contact but added
    # that no decision has been taken" names Renault in one clause and denies the taking in
    # another; "Has Renault taken a decision?" is answered by the second.
    saying = [p for p in parts if not _RELATIVE.match(p) and verb and any(same_term(verb, w) for w in norms(p))]
    if (own := subject_clause(asked, verb, parts, saying)) is not None:  # "…, while Molde lost" for "Did Molde win?"
        return "No" if opposite(asked, own) and not negated(own) and not negated(asked) else None
    clause = max(saying, key=lambda p: held(q, p)) if saying else clause
    hedge = _HEDGED.search(clause)
    # … unless what is hedged is what is asked: "the cause was not yet known" for "Is the cause known?"
    if hedge and not _HEDGED.search(asked) and hedge.group().split()[-1].lower() not in re.findall(
            r"[a-z]+", asked.lower()):
        # "did not know whether the ferries would be delayed" says neither, but "Police have not said
        # whether the raids are linked" answers "Have police said the raids are linked?"
        return "No" if _ASKS_SAID.match(asked) and _NOT_SAID_WHETHER.search(clause) else None
    if focus_unsaid(asked, sentence.text) or done_by_another(asked, sentence.text, verb) or placed_elsewhere(
            asked, sentence.text, verb):
        return None
    # "the US cemetery" for "a British cemetery?"; "40 beds" for "50 beds?"; "voted for" for "vote against?"
    if flipped:  # "rejected" is no denial of its own here, but the other side of "accepted"
        plain = [re.sub(rf"\b{w}\b", " ", t, flags=re.I) for w, t in zip(flipped, (asked, clause), strict=True)]
        return None if any(negated(t) for t in plain) else "No"
    # the side of the clause that holds the question too: "Labour voted in favour; the Conservatives … voted against"
    sides = other_side(asked, clause) or other_side(asked, sentence.text)
    if against or figures == "other" or distance or sides or other_order(
            asked, sentence.text):
        return None if negated(clause) or negated(asked) else "No"
    unsaid = unsaid_absolutes(question, sentence.text)
    if unsaid:
        # "only on French soil?" is answered No by "both in Ukraine and in France"; other absolutes are left undecided.
        exclusive = set(unsaid) <= EXCLUSIVE and not negated(asked) and not negated(clause)
        return "No" if exclusive and shared_with(asked, sentence.text) else None
    # An opener's denial ("Despite not naming the firm, did …?") is not the question's. A denial
    # qualified by what the question does not say denies less: "No one was seriously hurt" is
    # no answer to "Was anyone hurt?". The deed asked is no denial: "denied wrongdoing" says
    # "Did Lumora deny wrongdoing?" Yes, if what was denied is what is asked.
    clause, plain_asked = denial_asked(asked, clause)
    if clause is None:
        return None
    deeds = not _COPULA.match(asked)  # "Is Alpen a Swiss firm?" is not denied by "rejected an offer from the Swiss …"
    if negated(clause, deeds) != negated(plain_asked, deeds):
        hedge = _QUALIFIED.search(clause)
        return None if hedge and hedge.group(1).lower() not in asked.lower() else "No"
    denied = denied_apart(q, parts, clause)
    if denied is not None and not negated(asked):
        return "No" if denied else None
    if (elsewhere := object_elsewhere(asked, sentence.text, verb)) is not None and not negated(asked):
        return elsewhere or None  # "cuts income tax … and raises spending" for "Did it raise income tax?"
    if falls_short(asked, sentence.text) and not negated(asked):
        return "No"  # "won 31 of the 71 seats, five short of a majority" for "Did the Greens win a majority?"
    return None if unsaid_kinds(asked, f"{sentence.text} {sentence.hit.title or ''}") else "Yes"


# What a question asks the deed was over, about, for or with, at its end: "Did the workers strike over pay?"
_FOCUS = re.compile(r"\b(?:over|about|because\s+of|due\s+to|for|against|with)\s+(?:(?:the|a|an|its|their|his|her)\s+)?"
                    r"([a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?)\s*\?*\s*$")


def focus_unsaid(question: str, text: str) -> bool:
    """Whether the question ends asking what the deed was over, about, for or with, and
    ``text`` says none of it: "went on strike" holds nearly all of "Did the dock workers
    strike over pay?" but not the one thing asked."""
    m = _FOCUS.search(question)
    wanted = [w for w in norms(m.group(1)) if w not in STOPWORDS] if m else []
    said = norms(text)
    return bool(wanted) and not any(same_term(w, s) for w in wanted for s in said)


def done_by_another(question: str, text: str, verb: str | None) -> bool:
    """Whether ``text`` gives the question's ``verb`` a named subject that is not the one the
    question names: "Mira Castell … won the election, defeating … Peter Vance" does not say
    "Did Vance win the election?" Yes. Only where the question's subject is a name."""
    asked = [w for w in re.findall(r"[\w'’-]+", main_clause(question))[1:5] if is_capitalized(w)]
    # "Was Tomas Berg found guilty?": whom a passive names is not who did it ("A jury … found")
    doc = parsed(text) if verb is not None and asked and not _COPULA.match(main_clause(question)) else None
    mine = other = False  # "Labour voted in favour; the Conservatives voted against": one of them is asked
    for tok in doc if doc is not None else ():
        if is_verb(tok) and norm(tok.lower_) == verb:
            for subj in (c for c in tok.children if c.dep_ == "nsubj"):
                names = [t.text for t in subj.subtree if (t.tag_ == "NNP" or (t.text[:1].isupper() and t.i))
                         and t.lower_ not in WEEKDAYS and t.lower_ not in MONTHS]  # "A jury on Tuesday" names no one
                if any(same_name(norm(a), norm(n)) for a in asked for n in names):
                    mine = True
                elif names:
                    other = True
    return other and not mine


# A denial that falls on what follows it: "nothing concerning Ukraine", "no mention of Iran", "not Halden".
_DENIED = re.compile(r"\b(?:no|not|never|none|nothing|neither|nor)\s+(?:(?:[a-z]+\s+)?(?:concerning|about|regarding|"
                     r"on|of|including|involving|for|with)\s+)?(?:the\s+)?$", re.I)


def denied_apart(q: Question, parts: Sequence[str], clause: str) -> bool | None:
    """Whether a name the question asks about is said only in another, negated clause of
    the sentence: "Trump says during call with Xi Jinping he discusses trade, nothing
    concerning Ukraine and Iran" holds every word of "Did Trump discuss Ukraine in his call
    with Xi Jinping?", and Ukraine only where nothing is discussed. True where the denial
    falls on the name ("nothing concerning Ukraine", "not Ukraine": the answer is No), False
    where it falls elsewhere in that clause (undecided), None where no name is said so."""
    verdict = None
    for term in (t for t in q.terms if t.proper):
        holding = [p for p in parts if any(same_name(term.norm, w) for w in norms(p))]
        if not holding or clause in holding or not all(negated(p) for p in holding):
            continue
        near = any(_DENIED.search(p[:a]) for p in holding for w, a, _ in tokens(p)
                   if any(same_name(term.norm, n) for n in norms(w)))
        verdict = near if verdict is None else verdict and near
    return verdict


@lru_cache(maxsize=1024)  # a sentence's names are read for each name a question asks about
def names(text: str) -> tuple[tuple[str, ...], ...]:
    """The names in ``text``: runs of capitalised words ("Sam Bankman-Fried", "the U.S.
    Senate"), each as its words' normalised forms, titles left out ("President Biden" is
    Biden). A possessive or any mark ends a run ("Musk's Tesla", "Tesla, Ford"). An opening
    word that is no name ("Did", "Reportedly," in a claim) is not one; "Lumora, which …" is."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    found = tokens(text)
    for i, (word, start, _) in enumerate(found):
        if run and _parts(text[found[i - 1][2]:start], found[i - 1][0]):
            out += _name(run)
            run = []
        opener = i == 0 and (word.lower() in STOPWORDS or word.lower() in QUESTION_OPENERS or word.lower() in OPENERS
                             or (text[found[0][2]:found[0][2] + 1] == "," and _adverb(text)))
        if is_capitalized(word) and not opener:
            run.append(word)
            if not POSSESSIVE.search(word):
                continue
        out += _name(run)  # a possessive ends its name ("Musk's Tesla")
        run = []
    return tuple(out + _name(run))


def _adverb(text: str) -> bool:
    """Whether ``text`` opens with an adverb ("Reportedly, …"), by the spaCy tagger; without
    one, whether its first word ends in "ly"."""
    doc = parsed(text)
    first = next((t for t in doc if not t.is_space), None) if doc is not None else None
    return first.tag_ == "RB" if first is not None else text.split(",", 1)[0].lower().endswith("ly")


def _parts(gap: str, before: str) -> bool:
    """Whether the marks between two words part names: any does but the dot of an
    abbreviation ("U.S. Senate" is one name)."""
    mark = gap.strip()
    return bool(mark) and not (mark == "." and "." in before)


def _name(run: Sequence[str]) -> list[tuple[str, ...]]:
    words: list[str] = []
    for w in run:
        bare = POSSESSIVE.sub("", w)
        # An abbreviation ("U.S.", "EU") stays as written: ``named`` spells it out.
        words += [bare] if _ACRONYM.fullmatch(bare) else [n for p in word_parts(w) if (n := norm(p))
                                                          and n not in STOPWORDS and p.lower() not in _TITLES]
    return [tuple(dict.fromkeys(words))] if words else []


_ACRONYM = re.compile(r"(?:[A-Z]\.){1,4}[A-Z]\.?|[A-Z]{2,5}")
_TITLES = frozenset(words_of("""mr mrs ms miss dr prof sir dame lord lady president vice prime minister senator sen rep
gov governor mayor king queen prince princess pope judge chancellor secretary ceo"""))
# Words that end an organisation's name without telling it apart ("Renault Group" is Renault).
_SUFFIXES = frozenset(norm(w) for w in words_of("group inc corp corporation ltd llc plc co company holdings sa"))


def named(name: Sequence[str], text: str, outlet: Sequence[str] = ()) -> bool:
    """Whether ``text`` names ``name``: one of its names holds every word of it ("the
    jailed Sam Bankman-Fried"), or only some but the last ("Bankman-Fried"; not "Sam" for
    Sam Altman, nor "Paris" for Paris Hilton); words spelt alike count ("Zelensky",
    "Zelenskyy"), and an abbreviation must be there in either form or spelt out ("US",
    "U.S.", "United States"). Or the name is the outlet's ("Did Reuters report …?"): who
    tells the story is not in its sentences."""
    short = [p for p in name if _ACRONYM.fullmatch(p)]
    words = [p for p in name if p not in short]
    if any(same_term(w, o) for w in words for o in outlet) or any(p.replace(".", "").lower() in outlet
                                                                     for p in short):
        return True
    if not all(_spelt(p.replace(".", ""), text) for p in short):
        return False
    if not words:
        return True
    last = next((w for w in reversed(words) if w not in _SUFFIXES), words[-1])

    def within(a: Sequence[str], b: Sequence[str]) -> bool:
        return all(any(same_name(x, y) for y in b) for x in a)

    return any(within(words, run) or (within(run, words) and within([last], run)) for run in names(text))


def same_name(a: str, b: str) -> bool:
    """``same_term``, or two spellings of a long name that differ only in their last
    letters ("zelenski", "zelenskyy": a transliteration's ending)."""
    if same_term(a, b):
        return True
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return shared >= 6 and shared >= max(len(a), len(b)) - 2


def _spelt(letters: str, text: str) -> bool:
    if re.search(r"\b" + r"\.?".join(letters) + r"\b", text):
        return True
    # The initials of capitalised words in a row ("United States"): not across "of" ("the
    # University of Sheffield" is no US), nor from an opening "Under".
    initials, run = [], ""
    for word, _, _ in [*tokens(text), (".", 0, 0)]:
        if is_capitalized(word) and word.lower() not in STOPWORDS:
            run += word[0]
        else:
            initials.append(run)
            run = ""
    return any(letters in r for r in initials)


_ANYONE = re.compile(r"\b(?:anyone|anybody)\b", re.I)


def _told_before(sentence: Any) -> str:
    """The sentence right before ``sentence`` in its passage ("" where it opens it)."""
    spans = split_sentences(sentence.hit.text, 0, sentence.start)
    before = sentence.hit.text[spans[-1][0]:spans[-1][1]].strip() if spans else ""
    return before if before.endswith((".", "!", "?")) else ""  # not a title line


def deciding(question: str, ranked: Sequence[Any]) -> tuple[str, Any] | None:
    """The answer and the sentence, among the best ``CANDIDATES`` of ``ranked``, that decides."""
    asked = main_clause(question)
    q = Question(asked, "yesno", tuple(key_terms(asked)))
    for sentence in ranked[:CANDIDATES]:
        verdict = None if asks(sentence.text) else decided(question, sentence)  # a question decides nothing
        if verdict is not None:
            return verdict, sentence
        if _UNSETTLED.search(sentence.text) and not _UNSETTLED.search(asked) and held(q, sentence.text) == 1.0:
            return None  # "did not prove that walking itself lowered the risk": no weaker sentence settles it
    return None
