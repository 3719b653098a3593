"""Numbers as short answers: which number of a sentence the question's words name
(``named_number``), and how it is written: with its unit where the unit says what it is
("146 km/h", "18 million euros", "six years"), bare where the question already says it
("How many passengers …?": "11.2 million")."""

from __future__ import annotations

import re
from typing import Any

from .ages import age_given, age_of, asks_age
from .compared import BY_CHANGE, RELATIVE, time_named, times
from .counting import HYPHENED
from .language import MEASURE_UNITS, Question, norm, norms, same_term
from .lexicon import CHANGE_VERBS, CURRENCY, NUMBER_WORDS, QUANTITY_NOUNS, RATIO_NOUNS, STOPWORDS
from .mentions import PART_OF
from .parsed import parsed, verb_above
from .tally import in_tally, side_asked
from .told import teller


def with_unit(text: str, start: int, end: int) -> str:
    """The number at ``text[start:end]`` with the unit right after it ("450 metres", "5km"),
    or in it ("five-year")."""
    if HYPHENED.match(text[start:end]):
        return text[start:end]
    unit = re.match(r"[\s-]*[A-Za-z]*(?:/[a-z]\b|-old\b)?", text[end:end + 30]).group()  # type: ignore[union-attr]
    more = _MORE_SPAN.match(text, end + len(unit)) if _SPAN_UNIT.fullmatch(unit.strip()) else None
    return (text[start:end] + unit + (more.group() if more else "")).strip()  # "2 hours 6 minutes 12 seconds"


_SPAN_UNIT = re.compile(r"(?:years?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?)", re.I)
# … and the smaller units after it: "three years and six months" (a sentence), "2 hours 6 minutes 12 seconds"
_MORE_SPAN = re.compile(r"(?:(?:\s+and\s+|,?\s+)(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+"
                        r"(?:months?|weeks?|days?|hours?|minutes?|mins?|seconds?|secs?)\b)+", re.I)


_UNITS = frozenset([u for units in MEASURE_UNITS.values() for u in units]  # "km", "year"; not "electric"
                   + ["point", "degre", "centimetr", "millimetr", "litr"])


# The words that bound a figure, which the figure is not true without: "at least 14", "more than 200".
_BOUND = re.compile(r"\b(?:(?:more|fewer|less)\s+than|at\s+(?:least|most)|about|around|nearly|almost|roughly|"
                    r"approximately|some|over|under|up\s+to|just\s+(?:over|under))\s+$", re.I)


_RANGE = re.compile(rf"\b(?:\d[\d,.]*|{'|'.join(sorted(NUMBER_WORDS))})\s*(?:to|-|–)\s*$", re.I)
_FROM = re.compile(r"\bfrom\s+$", re.I)  # "from 6 to 3" is a change, not a range


def figure(q: Question, text: str, start: int, end: int) -> str:
    """The short for the number at ``text[start:end]``, for a count, measure or sum question,
    with the words that bound it ("at least 14 people" were killed, not 14)."""
    start, end = side_asked(q.text, text, start, end)  # one side of "27-14"
    bound = m.group().lower() if (m := _BOUND.search(text, max(0, start - 30), start)) else ""
    if (span := _RANGE.search(text, max(0, start - 24), start)) and not _FROM.search(text, 0, span.start()) and (
            not in_tally(text, start)):
        bound = span.group()  # "two to three cups": a range, not its top
    said = _figure(q, text, start, end)
    if sign := _SIGN.search(text, max(0, start - 8), start):
        said = f"{sign.group(1).lower()} {said}" if sign.group(1) else f"-{said}"  # "minus 45.2C", "-20C"
    if bound.startswith(("over", "under")) and re.search(r"\b(?:years?|months?|weeks?|days?|hours?|decades?)$", said):
        return said  # "over two years" is the time it takes, "more than" only of a count
    return bound + said


_SIGN = re.compile(r"\b(minus|plus)\s+$|(?<![\w.,])[-−]$", re.I)


def _figure(q: Question, text: str, start: int, end: int) -> str:
    bare, whole = text[start:end].strip(), with_unit(text, start, end)
    if aged := _AGED.match(text, end):  # "a 31-year-old woman" is 31; "a six-month-old" six months
        return bare if aged.group(1).lower() == "year" else f"{bare} {aged.group(1).lower()}s"
    if spell := _SPELL.fullmatch(whole):  # "an 11-day strike" lasted 11 days
        return f"{spell.group(1)} {spell.group(2).lower()}s"
    if whole[len(bare):].strip().lower() == "percent":
        return whole  # "6 percent", as "6%" is kept whole
    if CURRENCY.fullmatch(whole[len(bare):].strip()):
        return whole  # "18 million euros": a sum, in its currency (by how much spending rose too)
    if q.measure or re.fullmatch(r"-?[\d.,]+°?[CF]", whole):
        return whole  # "450 metres" for "How long is the bridge?"; "34.3C", a temperature
    unit = whole.split()[-1].lower()
    if not bare.endswith("%") and norm(unit.split("/")[0]) in _UNITS and not q.has(norm(unit)):
        return whole  # "What was the highest gust?": 146 km/h; "How much snow …?": 30 centimetres
    return bare


# A number the words before it name: "beating last year's record of 19,000", "a death toll of 12".
_DONE_BEFORE = re.compile(r"\b([a-z]+)\s+(?:(?:more|fewer|less)\s+than\s+|at\s+(?:least|most)\s+|about\s+|nearly\s+|"
                          r"almost\s+|some\s+|over\s+|up\s+to\s+)?$")  # the verb right before a count
_SPELL = re.compile(r"([\w,.]+)-(year|month|week|day|hour|minute)(?:-long)?", re.I)
_AGED = re.compile(r"[\s-]+(year|month|week|day)s?[\s-]+old\b", re.I)
_NAMED_AFTER = re.compile(r"\s+([a-z]+(?:ed|en))\b")  # a participle right after the number
_AGED_NOUN = re.compile(r"([A-Za-z][\w'’-]*),\s+(?:a|an|the)\s+$")
_HOW_BIG = re.compile(r"\W*how\s+(?:big|large|small)\s+(?:is|was|are|were|will\s+be)\s+.*?([a-z]+)\W*$", re.I)
_SIZED = re.compile(r"(?:[\s-]+(?:million|billion|thousand|euros?|dollars?|pounds?|crowns?|kroner|[a-z]+-[a-z]+))*"
                    r"[\s-]+([a-z]+)")  # the noun a sum sizes: "9 million euro gap"
_COUNTED = re.compile(r"\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?")  # what the number counts, perhaps after a word
_NAMED_BY = re.compile(r"([A-Za-z][\w'-]*)\s+(?:of|was|is|were|are|at|on|stood at)\s+"
                       r"(?:about\s+|around\s+|nearly\s+|almost\s+|more than\s+|over\s+|some\s+|just\s+)?[$£€]?$")


_WHAT_MEASURE = re.compile(rf"\W*(?:what|which)\s+(?:{'|'.join(sorted(QUANTITY_NOUNS | RATIO_NOUNS))})\b", re.I)


# "Two of the five board members": the whole in words
_PART_WORD = re.compile(rf"\s+of\s+(?:the|its|their)\s+(?:{'|'.join(sorted(NUMBER_WORDS))})\s+([a-z]+)")


def _deed_above(text: str, start: int) -> str | None:
    """The verb (as ``norm`` gives it) that the word at ``text[start]`` hangs from in the parse."""
    doc = parsed(text)
    tok = next((t for t in doc if t.idx == start), None) if doc is not None else None
    verb = verb_above(tok) if tok is not None else None
    return norm(verb.text) if verb is not None else None


_WHOLE = re.compile(r"\b(?:\d[\d,.]*|[A-Za-z]+)\s+of\s+(?:the|its|their)\s+(?:[\w-]+['’]s\s+)?$")


# "3.4% in January", "29 at the last election in 2022"
_TIME_AFTER = re.compile(r"\s*(?:at\s+the\s+(?:[a-z]+\s+){1,2})?((?:in|during|for|on)\s+(?:[A-Z][a-z]+|(?:19|20)\d\d)"
                         r"(?:\s+(?:19|20)\d\d)?)")


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PART_SAID = re.compile(r"\s+of\s+(?:them|those|whom|which)\s+(?:were\s+|was\s+)?([a-z]+)")
_WHOLE_SAID = re.compile(r"(?:\s+[a-z]+)?,\s+[\w,.]+\s+of\s+(?:them|those|whom|which)\s+(?:were\s+|was\s+)?([a-z]+)")
_RELATIVE_AFTER = re.compile(rf"\s+(?:in\s+|during\s+)?(?:{RELATIVE.pattern})", re.I)  # "89.5% last year"
# The one whose figure it is, named right before it: "beating Ole Rud, who got 42%", "Rud's 42%" (not "Kvist
# offered 30 euros" for "What premium did Kvist offer?": the premium may be another figure)
_WHOSE = re.compile(r"([A-Z][\w'’.-]*)(?:['’]s\s+|,?\s+(who\s+)?([a-z]+)\s+(?:(?:about|around|nearly|almost|"
                    r"over|under|just)\s+)?)$")


def _clause_of(text: str, start: int, end: int) -> str:
    """The words of ``text`` between the marks around ``text[start:end]``."""
    a = max(text.rfind(m, 0, start) for m in ",;:")
    b = min([i for i in (text.find(m, end) for m in ",;:") if i >= 0] or [len(text)])
    return text[a + 1:b]


def names_in_clause(q: Question, text: str, start: int, end: int) -> bool:
    """Whether the clause of ``text`` holding the number at ``text[start:end]`` names every name
    of the question the sentence names: of "A still life by Backer fetched 4.1 million, while a
    drawing by Munch went for 2.8 million", only 2.8 million is said of Munch's drawing."""
    names = {t.norm for t in q.terms if t.proper} & set(norms(text))
    return names <= set(norms(_clause_of(text, start, end)))


def _same_time(question: str, said: str) -> bool:
    """Whether ``said`` ("in January") names a month or year the question names: "3.4% in January"."""
    words = set(re.findall(r"[a-z0-9]+", said.lower())) - {"in", "during", "for", "on"}
    return bool(words) and words <= set(re.findall(r"[a-z0-9]+", question.lower()))


def named_number(q: Question, text: str, found: Any, acted: str | None = None) -> bool:
    """Whether a word of the question names the number ``found`` of ``text``: of "More than
    25,000 visitors came …, beating last year's record of 19,000", the record asked for is
    19,000, though 25,000 comes first; of "killing 23 people and injuring more than 140", the
    question's verb (``acted``) right before it names 140 for "How many were injured?"; the
    question's unit right after it names 9 of "212 votes to 188, with 9 abstentions"."""
    before = text[max(0, found.start - 40):found.start]
    told = teller(q.text)
    if told and any(same_term(t, w) for t in told for w in norms(text)):
        # "said 12,000 people had joined, though police estimated the crowd at 4,000": the police's is 4,000
        return any(same_term(t, w) for t in told for w in norms(_clause_of(text, found.start, found.end)))
    if BY_CHANGE.search(before) and set(re.findall(r"[a-z]+", q.text.lower())) & CHANGE_VERBS:
        return True  # "raises spending on hospitals by 6 billion kroner" for "How much will spending rise?"
    years = [y for y in _YEAR.findall(q.text) if y in text]
    if years and not any(y in _clause_of(text, found.start, found.end) for y in years):
        return False  # "with 22 seats, down from 29 at the last election in 2022": 29 for "… in 2022?"
    if re.search(r"(?:^|[.;:]\s+)Of\s+(?:the|its|their|these|those)\s+$", text[:found.start]):
        return False  # the whole, not the part: "Of the six members …, five voted"
    m = _NAMED_BY.search(before)
    after = _NAMED_AFTER.match(text, found.end)  # "the 95% needed to stop it" for "What coverage is needed …?"
    done = _DONE_BEFORE.search(before)  # "injuring more than 140" for "How many people were injured?"
    if (whole := _WHOLE_SAID.match(text, found.end)) and q.has(norm(whole.group(1))):
        return False  # the whole of "14 people, two of them seriously" for "How many were seriously injured?"
    if acted and done and norm(done.group(1)) == acted and not _WHAT_MEASURE.match(q.text):
        return True  # … unless a noun asks which: "What premium did Kvist offer?" is no "offered 30 euros"
    # "Nine of the train's 22 wagons left the track": nine left, of 22 the train had
    if (part := PART_OF.match(text, found.end) or _PART_WORD.match(text, found.end)) or _WHOLE.search(
            text, 0, found.start):
        deed = re.match(r"\s+([a-z]+)" if part else r"\s+[a-z]+\s+([a-z]+)", text[part.end() if part else found.end:])
        # … or the verb the parse hangs it from: "Two of the five board members voted", both numbers under "voted"
        did = bool(acted and ((deed and norm(deed.group(1)) == acted) or _deed_above(text, found.start) == acted))
        if part or did:
            return bool(part) and did  # the part did it; the whole, whose noun the deed follows, did not
    if asks_age(q.text) and age_given(text, found.start, found.end) and (
            m := re.search(r"([A-Z][\w'’.-]*)(?:,\s+|\s+\()$", text[:found.start])):
        return q.has(norm(m.group(1)), own=True) and age_of(q.text, m.group(1), text)  # "Marcus Reid, 31"
    if asks_age(q.text) and (m := _AGED_NOUN.search(text, 0, found.start)):
        return q.has(norm(m.group(1)), own=True)  # "his passenger, a 35-year-old woman": how old the passenger was
    # … unless another verb names it: "23" of "killing 23 people and injuring 140" is no count of the injured
    # … nor where the question asks of a time ("last year") the words before it do not say
    counted = _COUNTED.match(text, found.end) if q.unit and not q.measure and not (
        done and done.group(1).endswith(("ing", "ed")) and norm(done.group(1)) != acted) and not (
        times(q.text) and not time_named(q.text, before)) else None
    if counted and any(same_term(u, norm(w)) for u in q.unit for w in counted.groups() if w):
        return True  # "9 abstentions" of "approved by 212 votes to 188, with 9 abstentions"
    if (big := _HOW_BIG.match(q.text)) and (sized := _SIZED.match(text, found.end)) and same_term(
            norm(big.group(1)), norm(sized.group(1))):
        return True  # "a 9 million euro gap" for "How big was the gap?"
    if (part := _PART_SAID.match(text, found.end)) and q.has(norm(part.group(1))):
        return True  # "injuring 14 people, two of them seriously" for "How many were seriously injured?"
    if (whose := _WHOSE.search(before)) and q.has(norm(whose.group(1)), own=True) and (
            whose.group(3) is None or (whose.group(2) and (not acted or norm(whose.group(3)) == acted))):
        return True  # "What share did Ole Rud get?": not the 58% of "winning 58% …, beating Ole Rud, who got 42%"
    return (m is not None and m.group(1).lower() not in STOPWORDS and q.has(norm(m.group(1)), own=True)) or (
        time_named(q.text, before)) or (  # "last year's record of 19,000" for "… last year?"
        bool(times(q.text)) and bool(rel := _RELATIVE_AFTER.match(text, found.end)) and (  # "89.5% last year"
            " ".join(rel.group().lower().split()).removeprefix("in ").removeprefix("during ") in times(q.text))) or (
        bool(later := _TIME_AFTER.match(text, found.end)) and _same_time(q.text, later.group(1))) or (
        after is not None and q.has(norm(after.group(1)), own=True))
