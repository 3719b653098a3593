"""Which of the figures a sentence gives is the one a question asks about, where the sentence
sets two against each other: another thing's ("room for 60 stalls, twice as many as the
current square"), an earlier one ("cut the drive from 40 minutes to 12", "up from 11 in
July"), the level a change led to ("fell 12% to 410 million") or another measure's change;
and the time a figure is of, told from the day of the report ("last year's record of
19,000"), or a month or a year its clause names ("in 1998, killed 11").
"""

from __future__ import annotations

import re
from typing import Any

from .found import Found
from .language import Question, norms, same_term
from .lexicon import CHANGE_NOUNS, CHANGE_VERBS, MONEY_WORDS, QUANTITY_NOUNS, RATIO_NOUNS
from .parsed import parsed, verb_above
from .shortfall import short_elsewhere
from .tally import other_side

_AMOUNTS = frozenset(norms(" ".join(MONEY_WORDS - {"money", "euro", "euros", "dollar", "dollars", "pound", "pounds"})))
# What a figure measures: "profit", "shares", "turnout", "prices".
_MEASURES = _AMOUNTS | frozenset(norms(" ".join(QUANTITY_NOUNS | RATIO_NOUNS | {"shares", "prices", "output"})))

_EARLIER = re.compile(r"\b(?:before|previous(?:ly)?|used to|original(?:ly)?|formerly|at first|until now|ago|"
                      r"(?:a|one|the)\s+(?:year|month|quarter|week|decade)\s+earlier)\b", re.I)


# A time told from the day of the report: "Is the forum scheduled for next year?" is not
# answered Yes by "scheduled to take place in the coming days".
RELATIVE = re.compile(r"\b(?:(?:next|last|this|coming)\s+(?:year|month|week|weekend|season|"
                      r"decade|spring|summer|autumn|fall|winter|night|morning|evening)|tomorrow|yesterday|tonight|"
                      r"today)\b", re.I)


def times(text: str) -> set[str]:
    """The times ``text`` tells from the day of its report, lower case, one space apart."""
    return {" ".join(m.group().lower().split()) for m in RELATIVE.finditer(text)}


def time_named(question: str, before: str) -> bool:
    """Whether ``before``, the words right before a number, say a time the question asks
    about: "beating last year's record of" names the 19,000 that "How many visitors came
    last year?" asks for, though the number has no unit of its own."""
    return bool(times(question) & times(before))


# "May" capitalised only: "cases may rise" names no month.
_MONTH = re.compile(r"\b(?:[Jj]anuary|[Ff]ebruary|[Mm]arch|[Aa]pril|May|[Jj]une|[Jj]uly|[Aa]ugust|[Ss]eptember|"
                    r"[Oo]ctober|[Nn]ovember|[Dd]ecember)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_OF = re.compile(r"\b(?:[Ii]n|[Tt]he)\s+((?:19|20)\d\d)\b")
_SET_AGAINST = re.compile(r"\b(?:up|down|rising|falling|rose|fell)\s+from\b|\bcompared\s+(?:with|to)\b|\bagainst\b",
                          re.I)
_YEAR_WHEN = re.compile(r"\b((?:19|20)\d\d),?\s+when\b")
# A figure given after another, its unit left unsaid: "86 cases in August, up from 11 in July".
# "rose to 410 million dollars from 190 million": the figure after "from" is what it was.
_TO_FROM = (r"\b(?:rose|rising|fell|falling|grew|climbed|jumped|dropped|increased|decreased|slipped|surged)\s+"
            r"(?:\w+\s+)?to\s+[$£€]?\d[\d.,]*%?(?:\s+[a-z]+){0,2}\s+from\s+$")
# The figure right after is what it was before: "down from 79", "compared with 11".
WAS_BEFORE = re.compile(_TO_FROM + r"|\b(?:(?:up|down|rising|falling|rose|fell|climbing|dropping|increased|decreased)"
                        r"\s+from|(?:against|compared with|compared to)(?:\s+an?\s+\w+\s+of)?|"
                        r"(?:beating|surpassing|topping|eclipsing)\s+(?:the|its|their))\s+$", re.I)  # a record beaten
_EARLIER_FIGURE = re.compile(_TO_FROM + r"|\b(?:up|down|rising|falling|rose|fell|climbing|dropping)\s+from\s+$|"
                             r"\bcompared\s+(?:with|to)\s+$|"
                             # "killing at least 23 people and injuring more than 140": 140 people
                             r"\band\s+[a-z]+(?:ing|ed)\s+(?:(?:more|fewer|less)\s+than\s+|at\s+(?:least|most)\s+|"
                             r"about\s+|nearly\s+|almost\s+|some\s+|over\s+)?$", re.I)


# The level a figure changed to or from: "fell 12% to 410 million kroner".
_LEVEL = re.compile(r"\b(?:fell|rose|dropped|increased|decreased|grew|declined|climbed|jumped|slipped|gained|shrank|"
                    r"raised|cut|lowered|reduced|lifted|boosted|up(?!\s+to\s+\S*$)|down)\b[^.;:]{0,50}?\b(?:to|from)\s+"
                    r"(?:about\s+|around\s+|nearly\s+)?[$£€]?$", re.I)
_CHANGE_WORDS = CHANGE_VERBS | CHANGE_NOUNS | frozenset(["up", "down", "lost", "lose", "loses", "added", "adds",
                                                           "higher", "lower", "more", "less", "fewer", "by"])
# A change's size: "raises spending on hospitals by 6 billion kroner", "grew by 0.9% to 5.6 million"
BY_CHANGE = re.compile(r"\b(?:rais|ris|rose|increas|cut|lower|reduc|fell|fall|grew|grow|dropp?|climb|jump|boost|lift)"
                       r"[a-z]*\b[^.;:,]{0,50}?\bby\s+(?:about\s+|around\s+|nearly\s+|some\s+)?[$£€]?$", re.I)


def another_figure(question: Question, text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is another figure than the one ``question``
    asks of: a level it changed to or from, another measure's sum, not the shortfall asked, the
    other side's count of a vote ("by 112 votes to 49" for "How many voted against?")."""
    return other_side(question.text, text, start, end) or changed_level(
        question, text[max(0, start - 60):start], text[end:end + 30]) or (
        other_amount(question, text[max(0, start - 80):start])) or short_elsewhere(question.text, text, end) or (
        _gap_not_asked(question, text, end)) or (asks_earlier(question.text) and _SET_TO.search(
            text, max(0, start - 40), start) is not None) or _no_ratio(question, text, start, end)


def _no_ratio(question: Question, text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is no percentage where the question asks a share:
    "What share of the market will the chains have?" is 30%, not "two"."""
    return _WHAT_RATIO.match(question.text) is not None and not text[start:end].endswith("%") and not re.match(
        r"\s*per\s*cent", text[end:])


# The level a figure was set to, not what it was: "had his sentence reduced to four years"
_SET_TO = re.compile(r"\b(?:reduced|cut|raised|increased|lowered|extended|shortened|changed|halved|doubled|"
                     r"trimmed)\s+to\s+(?:about\s+|around\s+)?$", re.I)
_WHAT_RATIO = re.compile(r"\W*(?:what|which)\s+(?:share|percentage|proportion|stake)\b", re.I)
# A time between two events, not how long one lasts: "five months after its first launch"
_GAP = re.compile(r"\s+[a-z]+\s+(?:after|before|later|earlier|ago)\b", re.I)
_FOR_SPAN = re.compile(r"\bfor\s+(?:about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|at\s+least\s+|"
                       r"some\s+|up\s+to\s+)?(?:\S+\s+)?\S+$", re.I)
_ASKS_GAP = re.compile(r"\b(?:after|before|later|earlier|ago|since|between|take|takes|took|taken|wait|waited)\b", re.I)


def _gap_not_asked(question: Question, text: str, end: int) -> bool:
    """Whether the span of time ending at ``end`` is how long after something else a thing
    happened, where the question asks how long a thing lasts: "reached orbit five months
    after its first launch" is no answer to "How long will the satellite work?". A span after
    "for" is how long ("banned for four years after testing positive", "buried for 40 minutes
    before rescuers found her"): what follows it says why or until when, not from when."""
    return question.measure and _GAP.match(text, end) is not None and not _ASKS_GAP.search(question.text) and (
        _FOR_SPAN.search(text, max(0, end - 40), end) is None)


def changed_level(question: Question, before: str, after: str = "") -> bool:
    """Whether a number right after ``before`` (``after`` it: the words that follow) is not by
    how much the thing a question asks about changed: the level it changed to or from (of
    "profit fell 12% to 410 million kroner", "How much did profit fall?" is 12%), a figure no
    change is said of ("expected to hold the rate at 4.5%"), or the change of another measure
    its clause names ("its operating profit fell 12%" is not how much "Norlind's shares" fell);
    where the question asks no change, the change ("What is the population?" is not 0.9% of
    "grew by 0.9% to 5.6 million")."""
    words = re.findall(r"[a-z']+", question.text.lower())
    changed = [i for i, w in enumerate(words) if w in CHANGE_VERBS]
    if question.kind != "quantity" or question.unit:
        return False
    if not changed:
        return BY_CHANGE.search(before) is not None and not set(words) & CHANGE_NOUNS

    if _LEVEL.search(before) or (words[0] in ("how", "by") and not set(re.findall(
            r"[a-z]+", f"{before} {after}".lower())) & _CHANGE_WORDS):
        return True  # a level, or a figure no change is said of: "expected to hold the rate at 4.5%"
    asked = set(norms(" ".join(words[:changed[0]]))) & _MEASURES  # "how much did norlind's shares"
    said = set(norms(re.split(r"[,;:]", before)[-1])) & _MEASURES
    return bool(asked and said) and not asked & said


_RESULT = frozenset(norms("profit profits loss losses earnings income"))  # one measure, either side of zero
_RESULTS = _RESULT | frozenset(norms("revenue revenues dividend dividends sales"))
_WHAT = re.compile(r"\W*(?:what|which)\b", re.I)


def other_amount(question: Question, before: str) -> bool:
    """Whether the sum right after ``before`` is another amount's than the one a money
    question names: of "its operating profit fell 12% to 410 million kroner", 410 million is
    no revenue. Read from the words of its clause before it."""
    # "What was Havline's revenue?" names its amount as "How much revenue …?" does; not "How much did it
    # cost?", which a budget may answer
    asked = question.unit or (tuple(w for w in norms(question.text) if w in _RESULTS) if _WHAT.match(
        question.text) else ())
    if question.kind != "money" or not asked:
        return False
    said = set(norms(re.split(r"[,;:.]", before)[-1])) & _AMOUNTS
    asked = (*asked, *(_RESULT if set(asked) & _RESULT else ()))  # "against a loss of 9 million" was its profit
    return bool(said) and not any(same_term(u, w) for u in asked for w in said)


def earlier_figure(before: str) -> bool:
    """Whether a number right after ``before`` counts what the number before it counts, its
    unit left unsaid: "up from 11" of "86 cases …, up from 11", "injuring more than 140" of
    "killing at least 23 people and injuring more than 140"."""
    return _EARLIER_FIGURE.search(before) is not None


def another_time(question: str, after: str) -> bool:
    """Whether ``after``, the words a number's clause goes on with, give it a month or a
    year the question does not ask about: of "86 cases in August, up from 11 in July", 86
    is not how many there were in July. Months against months, years against years, times
    told from the report's day against their like ("1.2% of output next year" is not this year's)."""
    for pattern in (_MONTH, _YEAR, RELATIVE):
        asked = {m.group().lower() for m in pattern.finditer(question)}
        said = {m.group().lower() for m in pattern.finditer(after)}
        if asked and said and not asked & said:
            return True
    return False


def another_year(question: str, text: str, dated: str | None, at: int) -> bool:
    """Whether the figure at ``text[at]`` is of a year neither the question nor the report
    (dated ``dated``, ISO) is of, said in its clause ("in 1998", "the 2018 outbreak"; not "the
    most since 2019"): "The last deadly quake, in 1998, killed 11" is a past event's count,
    not another account of the one asked about; "founded in 1921 and employs 6,000" is not.
    Read by the spaCy parse: the year and the figure belong to one verb. False without one."""
    own = {(dated or "")[:4], *_YEAR.findall(question)}
    # not the year of a figure it is set against: "Turnout was 68%, up from 61% at the last election in 2022"
    years = [m for m in _YEAR_OF.finditer(text) if m.group(1) not in own
             and not (m.start() > at and _SET_AGAINST.search(text, at, m.start()))]
    when = [m for m in _YEAR_WHEN.finditer(text) if m.group(1) not in own]
    doc = parsed(text) if years or when else None
    if doc is None:
        return False
    figure = _verb_of(next((t for t in doc if t.idx >= at), None))
    if figure >= 0 and (_PAST_ASKED.search(question) or _names_asked(question, doc[figure])):
        return False  # "What was the previous record fee?"; "the steamer Frida, which sank in 1917 with 31 crew"
    # "the largest fire since 2017, when 9,000 hectares burned": the verb of a clause on the year
    return figure >= 0 and (any(_verb_of(next((t for t in doc if t.idx >= m.start(1)), None)) == figure
                                for m in years) or any(doc[figure].head.idx == m.start(1) for m in when))


_PAST_ASKED = re.compile(r"\b(?:previous|former|earlier|original|first|old)\b", re.I)


def _names_asked(question: str, verb: Any) -> bool:
    """Whether the clause of ``verb`` (with the noun a relative clause is of) names a name the question does."""
    asked = {w.lower() for w in re.findall(r"(?<!^)\b[A-Z][\w'’-]*", question.strip())}
    words = [*verb.subtree, *([verb.head] if verb.dep_ == "relcl" else [])]
    return any(t.tag_.startswith("NNP") and t.lower_ in asked for t in words)


def _verb_of(tok: Any) -> int:
    """The position of the nearest verb ``tok`` hangs from (itself, if a verb), or -1."""
    verb = tok if tok is None or tok.tag_.startswith("VB") else verb_above(tok)
    return verb.i if verb is not None else -1


def asks_earlier(question: str, text: str = "") -> bool:
    """Whether ``question`` asks what a figure was before it changed: "How long did the drive
    take before the bridge?" is the 40 minutes of "cut the drive from 40 minutes to 12"; of
    a change ``text`` says is to come, what it is now ("What is the pension age now?" of "will
    raise the pension age from 67 to 68")."""
    return _EARLIER.search(question) is not None or (_NOW.search(question) is not None and any(
        w in CHANGE_VERBS for w in re.findall(r"\b(?:will|would|is\s+to|are\s+to|plans?\s+to|set\s+to)\s+(?:be\s+)?"
                                              r"(?:[a-z]+\s+)??([a-z]+)", text)))


_NOW = re.compile(r"\b(?:now|currently|at\s+present|today|at\s+the\s+moment)\b", re.I)


# A number set against another thing's, right after it: "room for 60 stalls, twice as many as the current square".
_COMPARED = re.compile(r"\W*(?:[\w'-]+\W+){0,3}?(?:(?:twice|half|(?:\w+\s+)?times)\s+as\s+(?:many|much|large|big|"
                       r"long|high)\s+as|(?:more|fewer|less|larger|smaller|bigger|higher|lower|greater)\s+than|"
                       r"compared\s+(?:with|to)|up\s+from|down\s+from)\s+([^.;:]{1,80})", re.I)


def compared(question: Question, found: Found, text: str) -> bool:
    """Whether the number ``found`` is another thing's, set against the one the question
    asks about: of "The depot has room for 60 stalls, twice as many as the current square",
    60 is not how many the current square holds. So where the words it is set against hold
    more of the question's words (not what is counted) than the sentence before the number
    does: "How much did prices rise compared with last year?" is asked of the prices that rose."""
    m = _COMPARED.match(text, found.end)
    if m is None:
        return False
    asked = [t for t in question.terms if not t.carried and not any(same_term(u, t.norm) for u in question.unit)]
    said, before = set(norms(m.group(1))), set(norms(text[:found.start]))
    return sum(t.weight for t in asked if t.norm in said) > sum(t.weight for t in asked if t.norm in before)
