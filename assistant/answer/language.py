"""Reading a question: its type, its key terms, and the words that matter to it (what a
sentence holds is ``mentions``).

Rules of English, not of our corpus: a question word and its head noun give the type
("how many drones" wants a number of drones, "which minister" a name); capitalised runs
are names; a month, weekday or year is a date. Used by the extractive answerer to score
sentences and by the conversation to carry entities from turn to turn. Does not embed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..text import stemming, verbs
from ..text.normalise import one_edit_apart
from .asked_words import past_verb, plural_after_of, role_after, what_noun
from .demonyms import DEMONYMS
from .lexicon import (
    AUX,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    DURATION_NOUNS,
    MONEY_WORDS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    QUANTITY_NOUNS,
    QUESTION_OPENERS,
    RATIO_NOUNS,
    STOPWORDS,
    SUMS,
    TIME_NOUNS,
    words_of,
)
from .partitive import referred_noun
from .progressive import asks_ongoing
from .roles import Led, asked, held_by_title, vocabulary

POSSESSIVE = re.compile(r"['’]s$")  # "Musk's", "France’s"
# "What is Renault's role …?", "What role did …?", "What training would it give …?" ask for a clause, not a name.
_DESCRIPTION = frozenset(words_of("role roles position stance view views plan plans goal aim purpose reason strategy "
                                  "training experience support help assistance advice "
                                  "job occupation profession career"))
# "What was it formerly called?" asks for a name, whatever noun comes before.
ASKS_NAME = re.compile(r"\b(?:called|named|renamed|known as|dubbed|titled)(?:\s+(?:now|today|then|originally|"
                       r"formerly|at first|before|these days))?\s*\??\s*$")
_TO_VERB = re.compile(r"\bto [a-z]+\W*$")  # "… eager to establish?": "what" is the verb's object
_STAKE_VERBS = frozenset(words_of("own owns owned hold holds held control controls controlled"))  # a share of it
_COSTS = frozenset(words_of("cost costs pay pays paid spend spends spent"))
# Terms bargained over, as often a share as a sum: "How much had the union demanded?" (6 percent)
_TERMS_VERBS = frozenset(words_of("demand demands demanded propose proposes proposed accept "
                                  "accepts accepted seek seeks sought"))
_FUNDING = frozenset(words_of("funding financing"))  # "What is the UK's annual funding commitment?": an amount

# "How long is the bridge?" asks for a number before one of its units; not "how high" (prices are high too) nor "big"
_LENGTHS = ("m metre metres meter meters km kilometre kilometres kilometer kilometers mile miles foot feet ft "
            "yard yards inch inches cm mm")
_DURATIONS = ("second seconds minute minutes min mins hour hours hr hrs day days week weeks month months year years "
              "decade decades century centuries")
_MEASURES = {"long": f"{_LENGTHS} {_DURATIONS}", "far": f"{_LENGTHS} {_DURATIONS}", "length": _LENGTHS,
             "tall": f"{_LENGTHS} storey storeys", "deep": _LENGTHS, "wide": _LENGTHS, "lasting": _DURATIONS,
             "old": "year years month months week weeks day days", "cold": "c f degree degrees celsius fahrenheit",
             "heavy": "kg kilo kilos kilogram kilograms tonne tonnes ton tons pound pounds lb lbs gram grams"}
_MEASURES |= dict.fromkeys(("warm", "hot"), _MEASURES["cold"])
COUNTRIES = frozenset(DEMONYMS) | frozenset(DEMONYMS.values()) | {"kiev", "kyiv", "moscow", "paris",
                                                                   "london", "brussels", "washington"}
SPELLINGS = {"defence": "defense", "armour": "armor", "armoured": "armored", "programme": "program", "kiev": "kyiv",
             "organisation": "organization", "centre": "center", "uk": "britain", "depth": "deep", "length": "long",
             "height": "high", "width": "wide", "strength": "strong"}  # a measure's noun is its adjective's

TOKEN = re.compile(r"[$£€]?\d+(?:[.,:/]\d+)*%?|\w+(?:[’'/&.-]\w+)*", re.UNICODE)
# "little difference"; "fell short of a majority", "five short of a majority"
_LITTLE = re.compile(r"(?<!\ba )\blittle\s+(?:or\s+no\s+)?(?:difference|effect|impact|change|evidence|chance)\b|"
                     r"\bshort\s+of\s+(?:a|an|the|its|their)\b")
_REFUSALS = frozenset(words_of("declined denied refused rejected"))
_NEGATION = frozenset(words_of("no not never none nobody nothing neither nor without n't cannot")) | _REFUSALS
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules)\b|\bsystem prompt\b|"
    r"\byou are (?:an? )?(?:ai|assistant|language model|chatbot)\b|\b(?:answer|reply|respond) (?:only )?with\b",
    re.I,
)


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """A word's comparable form: lower case, possessive dropped, British spelling, a measure's noun ("depth" -> "deep")
    and demonyms folded, stemmed ("French" -> "franc"), an irregular verb form brought to its base ("met" -> "meet")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'.-")
    w = SPELLINGS.get(w, w)
    w = DEMONYMS.get(w, w)
    if w.isalpha():
        base = None if word[:1].isupper() else verbs.stem_bases().get(w)
        return base or stemming.english().stem_word(w)
    return w


_TITLES = vocabulary(norm)  # "hospital director" runs the hospital: ``roles``
MEASURE_UNITS = {k: tuple(dict.fromkeys(norm(w) for w in v.split())) for k, v in _MEASURES.items()}
_MEASURE_TUPLES = frozenset(MEASURE_UNITS.values())
_ASKED = "|".join(k for k in _MEASURES if k not in ("length", "lasting"))  # "how long is", "how long will … orbit"
# Verbs whose "how long" may be a distance: "How long did they walk?"
_BE = frozenset({"is", "are", "was", "were"})
_MOVING = frozenset(words_of("""walk walked run ran drive drove driven travel travelled traveled fly flew flown swim
swam stretch stretched extend extended reach reached sail sailed cycle cycled march marched hike hiked flow flowed span
spanned go went move moved"""))
_HOW_MEASURE = re.compile(rf"\bhow ({_ASKED})\b(?!\s+ago\b)(?:\s+(\w+))?")


def asks_measure(text: str) -> str | None:
    """The dimension a "how long/far/tall/…" question asks about ("long"), else None."""
    low = " ".join(main_clause(text).lower().split())
    m = _HOW_MEASURE.search(low)
    if m is None:
        return "old" if re.search(r"\b(?:what|which) age\b|\bat what age\b", low) else "lasting" if re.search(
            r"\bwhat\s+(?:is|was|will\s+be)\s+the\s+(?:[a-z]+\s+){0,2}(?:wait|delay|(?:winning|finishing|journey|travel|"
            r"waiting)\s+time)(?:\s+(?:in|of|for|at)\b[^?]*)?\W*$", low) else None  # "The average wait was 62 days"
    # "How long is the bridge?" asks its length, not "two years of detours" (the past asks a time as often)
    said = set(re.findall(r"[a-z]+", text.lower()))
    lasting = DURATION_NOUNS & said  # "How long is the contract?"
    if m.group(1) == "long" and m.group(2) in AUX and m.group(2) not in _BE and not said & _MOVING:
        return "lasting"  # "How long will it orbit the asteroid?": for six months, not the 500 metres across
    return "length" if m.group(1) == "long" and m.group(2) in ("is", "are") and not lasting else m.group(1)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their offsets."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def looks_like_instruction(text: str) -> bool:
    """Text that talks to a model rather than about the news ("ignore previous instructions")."""
    return bool(_INSTRUCTION.search(text))


def negated(text: str, deeds: bool = True) -> bool:
    """Whether ``text`` denies something; with ``deeds`` False not by refusing ("rejected an offer")."""
    low = re.sub(r"\bnot (?:only|just|merely)\b", " ", text.lower().replace("’", "'"))  # "… but also" affirms
    words = _NEGATION if deeds else _NEGATION - _REFUSALS
    return any(w in words for w in re.findall(r"[a-z']+", low)) or "n't" in low or _LITTLE.search(low) is not None


def same_term(a: str, b: str) -> bool:
    """Two normalised terms name the same thing (spelling variants of long names too)."""
    return a == b or (len(a) >= 6 and len(b) >= 6 and one_edit_apart(a, b))


def matching(norms: Iterable[str], words: Iterable[str], led: Led | None = None) -> frozenset[str]:
    """The terms of ``norms`` that some word of ``words`` (a text's, in order) names (``same_term``;
    and ``led``'s verb a title beside what is led: ``roles``). Equal to testing every pair, but each
    word is looked at once: the answerer asks this of every sentence and passage (pairwise: 40% of an ask)."""
    norms, words = tuple(norms), list(words)  # read more than once: a generator gives its items once
    have = set(words)
    got = {t for t in norms if t in have}
    spelled = [t for t in norms if t not in got and len(t) >= 6]
    if spelled:
        long = [w for w in have if len(w) >= 6]
        got.update(t for t in spelled if any(one_edit_apart(t, w) for w in long))
    return frozenset(got) | held_by_title(led, words, _TITLES)


@dataclass(frozen=True)
class Term:
    norm: str
    text: str
    proper: bool  # capitalised mid-question: a name, place or organisation
    weight: float
    carried: bool = False  # from earlier turns' context, not the question's own words


@dataclass(frozen=True)
class Question:
    """A question as the answerer reads it."""

    text: str
    kind: str  # person, entity, place, date, quantity, money, yesno, open
    terms: tuple[Term, ...]
    unit: tuple[str, ...] = ()  # "how many drones" -> ("drone",): what the number counts
    measure: bool = False  # "how long": ``unit`` holds the units, one of which must follow the number
    led: Led | None = None  # "Who runs Northgate hospital?": a title beside the hospital says "runs" (``roles``)

    @property
    def term_norms(self) -> frozenset[str]:
        return frozenset(t.norm for t in self.terms)

    def has(self, norm_word: str, own: bool = False) -> bool:
        """Whether a term names ``norm_word``; with ``own``, a term of the question's own
        words, not of the context carried from earlier turns."""
        return any(same_term(norm_word, t.norm) for t in self.terms if not (own and t.carried))


TYPE_WORDS = frozenset(TIME_NOUNS | PLACE_NOUNS | {"money", "amount", "number", "total"})


def word_parts(word: str) -> list[str]:
    """A hyphenated word's parts, as terms are read ("drone-maker", "Nord-Ost/Marelle");
    any other word, and a number ("300-350"), whole."""
    return re.split(r"[-/]", word) if "-" in word and not word[0].isdigit() else [word]


def key_terms(text: str, carried: bool = False) -> list[Term]:
    """Content words of ``text``, names weighted above common words; the words that only
    say what kind of answer is wanted ("date", "city") are not terms."""
    out: dict[str, Term] = {}
    words = tokens(text)
    for i, (word, _, _) in enumerate(words):
        low = word.lower()
        if low in STOPWORDS or low in TYPE_WORDS or (len(low) < 2 and not low.isdigit()):
            continue
        proper = is_capitalized(word) and (i > 0 or (low not in STOPWORDS and low not in QUESTION_OPENERS))
        for part in word_parts(word):
            n = norm(part)
            if not n or n in STOPWORDS:
                continue
            weight = (1.5 if proper else 1.0) * (0.6 if carried else 1.0)
            if n not in out or out[n].weight < weight:
                out[n] = Term(n, part, proper, weight, carried)
    return list(out.values())


_WH = re.compile(r"\b(who|whom|whose|which|what|when|where|why|how)\b", re.I)
# A comma, then an auxiliary opening what follows it: where an opener ("According to its
# engineers, was …?", "Between the two reports, did …?") gives way to the question itself.
# In lower case only: ", May 9" and ", Will Smith" open no question.
_CLAUSE_AUX = re.compile(r",\s*(?=(?:" + "|".join(sorted(AUX)) + r")\b)")
# "…, which discussed how …", "…, who was …": a relative clause inside the opener (up to its
# next comma), no question of its own; ", which company …" is one: a noun follows it, not a
# verb. Lower case only: "which Fed official", "which United Airlines executive".
_RELATIVE = re.compile(r",\s*(?:which|who)\s+(?:(?:" + "|".join(sorted(AUX))
                       + r"|said|says|found|finds|reports|shows|wrote|writes|claims|notes|argues|suggests)\b"
                       + r"|[a-z]{2,}ed\b)[^,]*")
# "…, who was arrested, did police say?": what follows the comma only says whose account
# it is; the question is the one before it.
_REPORTING_TAIL = re.compile(r"^(?:do|does|did|has|have|had)\s+(?:[\w.'’-]+\s+){1,4}?"
                             r"(?:say|report|tell|write|claim|confirm|add|state)\s*\W*$", re.I)


def main_clause(text: str) -> str:
    """The question after a leading opener that ends at a comma, where what follows is
    a yes/no question ("According to its engineers, was the bridge designed …?" -> "was
    the bridge designed …?"); otherwise ``text``. The opener says whose account or which
    reports are meant; whether the question is yes/no, its subject and its verb are in
    what follows. Not where the opener asks itself ("Who, …") or the question already
    opens with an auxiliary; a relative clause in the opener ("Between the report of
    May 4, which discussed …, and …, was …?") asks nothing."""
    first = re.match(r"\W*([\w']+)", text)
    if first is None or first.group(1).lower() in AUX:
        return text
    comma = _CLAUSE_AUX.search(text)
    if comma is None:
        return text
    opener = _RELATIVE.sub(",", text[:comma.start()])
    if _WH.search(opener):
        return text
    if opener != text[:comma.start()] and _REPORTING_TAIL.match(text[comma.end():]):
        return text  # the "relative clause" was the question: "…, who was arrested, did police say?"
    return text[comma.end():]


def classify(text: str) -> tuple[str, tuple[str, ...]]:
    """The question's type and, for counts, the unit counted.

    >>> classify("How many drones a month will they build?")
    ('quantity', ('drone',))
    >>> classify("In which city did they meet?")[0]
    'place'
    """
    low = " ".join(main_clause(text).lower().replace("’", "'").split())
    words = re.findall(r"[a-z0-9']+", low)
    if not words:
        return "open", ()
    m = re.search(r"\bhow (many|much)\b((?: [a-z'-]+){0,4})", low)
    if m:
        unit = []
        for w in m.group(2).split():
            if w in AUX or w in {"a", "an", "the", "per", "each", "in", "of"}:
                break
            unit.append(norm(w))
        if m.group(1) == "much" and not set(unit) & MONEY_WORDS and not set(words) & _COSTS and (  # "the tax cut cost"
                set(words) & (CHANGE_VERBS | _STAKE_VERBS | _TERMS_VERBS) or m.group(2).startswith(" of ")):
            return "quantity", ()  # "How much did profit fall?": by 12%, or 40 million euros; "How much of it …?"
        if m.group(1) == "much" and (not unit or set(m.group(2).split()) & MONEY_WORDS):
            return "money", tuple(u for u in unit if u != "money")
        return "quantity", tuple(unit)
    if re.search(r"\bhow (?:big|large|small)\b", low) and set(words) & MONEY_WORDS:
        return "money", ()  # "How big is the council's budget?": a sum
    if measured := asks_measure(low):
        return "quantity", MEASURE_UNITS[measured]
    wh = _WH.search(low)
    if wh is None or (words[0] in AUX and wh.start() > len(words[0]) + 20):
        return ("yesno", ()) if words[0] in AUX else ("open", ())
    word = wh.group(1)
    after = [w.removesuffix("'s").rstrip("'") for w in re.findall(r"[a-z0-9'-]+", low[wh.end():])[:4]]  # "countries'"
    head = next((w for w in after if w not in {"the", "a", "an", "is", "was", "are", "were"}
                 and w not in DEMONYMS and w not in {"new", "main", "other", "former", "first"}), "")
    following = set(after[:4])
    if noun := referred_noun(text):  # "Of the seven countries whose …, which one …?" asks for a country
        word, head, following = "which", noun, {noun}
    if word in {"who", "whom", "whose"}:
        return "person", ()
    if word == "when" or (word in {"what", "which"} and head.rstrip("s") in TIME_NOUNS) or (
            word == "what" and what_noun(low[wh.end():]) in ("date", "day")):  # "What is the best-before date?"
        return "date", (("calendar",) if word != "when" else ())  # "when" also takes "last week"
    if word in {"what", "which"} and ASKS_NAME.search(low):
        return "entity", ()
    head_noun = what_noun(low[wh.end():]) if word == "what" else ""
    if word == "what" and ((_DESCRIPTION & set(re.findall(r"[a-z0-9'-]+", low[wh.end():])[:6]) and not (
            {head, head_noun} & QUANTITY_NOUNS)) or (  # not "What deficit does the plan …?"
            after[:1] in (["is"], ["are"], ["was"], ["were"]) and _TO_VERB.search(low))):
        return "open", ()  # "What are the firms eager to establish?": what they establish, not a firm
    if word in {"what", "which"} and head in {"kind", "kinds", "type", "types", "sort", "sorts"} \
            and plural_after_of(low):
        return "open", ()  # "what kinds of missions" asks for a description; "what type of missile" a name
    if word == "where" or (word in {"what", "which"} and (head in PLACE_NOUNS or following & PLACE_NOUNS)):
        return "place", ()
    measured = QUANTITY_NOUNS | _FUNDING | (RATIO_NOUNS if head_noun in RATIO_NOUNS else frozenset()) | (
        CHANGE_NOUNS if head_noun in CHANGE_NOUNS else frozenset()) | ({"record"} if set(after[:1]) & _BE else set())
    if head_noun in measured:
        following = {head_noun}  # "What was Norlind's third-quarter operating profit?", "What share of the vote …?"
    if word in {"what", "which"} and following & measured and not role_after(low[wh.end():]):
        return ("money" if following & (SUMS | _FUNDING) else "quantity"), ()
    if word == "what" and set(after[:1]) & _BE and asks_ongoing(text):
        return "open", ()  # "What was he wearing?", "What were people protesting against?": not a name
    if word in {"which", "what"} and (head in PERSON_NOUNS or following & PERSON_NOUNS or role_after(low[wh.end():])):
        return "person", ()
    if word == "what" and past_verb(after[:2]):
        return "open", ()  # "What sold out by Saturday?": what happened
    if word == "which" or (word == "what" and head and head not in AUX and head not in STOPWORDS):
        return "entity", ()
    if words[0] in AUX:
        return "yesno", ()
    return "open", ()


def subject(text: str) -> set[str]:
    """The subject of a yes/no question: "Will French personnel be sent..." -> french,
    personnel (what the answer must be about, more than the rest)."""
    words = re.findall(r"[\w'’-]+", main_clause(text))
    out: set[str] = set()
    for w in words[1:5]:
        if w.lower() in AUX or w.lower() in {"be", "been", "being"}:
            break
        if w.lower() not in STOPWORDS:
            out.add(norm(w))
    return out


def read_question(text: str, carried: str = "") -> Question:
    """``text`` is the question; ``carried`` the topic brought from earlier turns."""
    kind, unit = classify(text)
    terms = {t.norm: t for t in key_terms(carried, carried=True)}
    own = key_terms(text)
    if kind == "yesno":
        subj = subject(text)
        own = [Term(t.norm, t.text, t.proper, t.weight * 1.5) if t.norm in subj else t for t in own]
    terms.update({t.norm: t for t in own})
    # ``classify`` gives a measure's units as one of ``MEASURE_UNITS``' tuples: no second reading
    return Question(text=text, kind=kind, terms=tuple(terms.values()), unit=unit,
                    measure=kind == "quantity" and unit in _MEASURE_TUPLES, led=asked(text, norm, STOPWORDS, _TITLES))


def norms(text: str) -> list[str]:
    """The normalised words of ``text``, hyphenated words split ("drone-maker")."""
    out = []
    for word, _, _ in tokens(text):
        for part in word_parts(word):
            out.append(norm(part))
    return out
