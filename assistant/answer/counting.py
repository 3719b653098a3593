"""Whether a number of a sentence counts what the question asks about: "how many drones"
wants a number of drones ("2,300 UAVs" under another name is ``lexicon``'s), "How long is the
bridge?" a number before a unit of length; never the question's own number, what was added
where a total is asked, nor a count for two places of which the question asks one."""

from __future__ import annotations

import re

from .ages import asks_age, not_this_age
from .compared import WAS_BEFORE, another_figure, another_time, compared, time_named
from .found import Found
from .language import COUNTRIES, DEMONYMS, Question, norm, same_term
from .lexicon import NUMBER_WORDS, STOPWORDS
from .tally import counted_vote

_TOTAL = re.compile(r"\b(?:altogether|in total|in all|overall|all told|total|so far|to date|cumulative\w*)\b", re.I)
_INCREMENT = re.compile(r"\b(?:another|a further|further|additional|more|extra|a new batch of|an additional)\s*"
                        r"(?:\w+\s+)?$", re.I)


# A number word joined to a unit of time or length: "a five-year contract", "a two-week delay".
HYPHENED = re.compile(r"(?:" + "|".join(sorted(NUMBER_WORDS)) + r")-(?:year|month|week|day|hour|minute|metre|meter|"
                       r"mile|kilometre|kilometer|km|storey|story)s?(?:-old|-long)?$", re.I)
_AGE = re.compile(r"[\s-](?:year|month|week)s?[\s-]old\b", re.I)
_COUNTED_BEFORE = re.compile(r"([A-Za-z][\w'-]*)\s+of\s+(?:the\s+)?$")
_NUMBER_OF = re.compile(r"\b(?:[Nn]umber|[Tt]otal|[Cc]ount)\s+of\s+([a-z]+)(?:\s+([a-z]+))?")  # "of measles cases"


# Two places a count is given for together: "trained in France or in Poland".
_PLACES_JOINED = re.compile(r"\b(?:[Ii]n|[Aa]t|[Ff]rom)\s+(?:the\s+)?([A-Z][\w'’-]+)\s*,?\s+(?:or|and)\s+"
                            r"(in\s+|at\s+|from\s+)?(?:the\s+)?([A-Z][\w'’-]+)")
_COUNTRY_NAMES = COUNTRIES - set(DEMONYMS)  # "Denmark", not "Norwegian officials"
_PLACE_ASKED = re.compile(r"\b(?:[Ii]n|[Aa]t|[Ff]rom)\s+(?:the\s+)?([A-Z][\w'’-]+)")
# Where the words that say what a number counts end: "… killed in Kabul, officials in Washington and Kabul said"
_CLAUSE_END = re.compile(r"[,;:]|\b(?:said|says|while|whereas|after|before|as|when|but)\b")


def excluded_count(question: Question, found: Found, text: str) -> bool:
    """The question's own number, what was added where a total is asked ("another 1,500
    drones" is not how many "altogether"), or a count for two places of which the question
    asks one ("7,000 trained in France or in Poland" is not how many in Poland), the others
    beside one ("four other books"): never the answer, whatever it counts."""
    if question.has(found.key.partition(" ")[0]):
        return True
    after = text[found.end:found.end + 160]
    if re.match(r"\s+other\b", after) and "other" not in question.text.lower():
        return True  # "beating four other books on the shortlist": four is not how many were on it
    clause = after[:m.start()] if (m := _CLAUSE_END.search(after)) else after
    # Two places: the second after its own "in" ("in France or in Poland"), or both countries
    # ("in France and Poland"); not "in Kabul and Taliban officials", "in January and February".
    joined = [(norm(j.group(1)), norm(j.group(3)), j.group(2)) for j in _PLACES_JOINED.finditer(clause)
              if j.group(2) or {j.group(1).lower(), j.group(3).lower()} <= _COUNTRY_NAMES]
    if joined:  # the question's own places: "trained in Poland", not "thanks to France"
        asked = {norm(m.group(1)) for m in _PLACE_ASKED.finditer(question.text)} | {
            norm(m.group(g)) for m in _PLACES_JOINED.finditer(question.text) for g in (1, 3)}
        if any((a in asked) != (b in asked) for a, b, _ in joined):
            return True
    return bool(_TOTAL.search(question.text) and _INCREMENT.search(text[max(0, found.start - 24):found.start])) or (
        compared(question, found, text)) or another_time(question.text, clause) or (
        another_figure(question, text, found.start, found.end))


_RATE = re.compile(r"[\s-]*[A-Za-z]+(?:\s+(?:per|an?)\s+(?:second|minute|hour|day|week|month|year)\b|/[a-z]\b)")


def counts_unit(question: Question, found: Found, text: str) -> bool:
    """Does this number count what the question asks about? Money questions take any
    amount of money; "how many drones" wants a number followed by drones."""
    if excluded_count(question, found, text):
        return False
    if question.kind == "money":
        return found.kind == "money"
    if not question.unit:
        return True
    unit = found.key.partition(" ")[2].split()
    if question.measure:  # the unit right after the number ("12 minutes") or joined to it ("5km", "300-metre")
        if _RATE.match(text, found.end):
            return False  # "winds of 38 metres per second" is a speed, no length
        last = text[found.start:found.end].split()[-1]
        joined = last.split("-", 1)[1] if HYPHENED.match(last) else re.sub(r"^[$£€]?[\d.,]+-?", "", last)
        # "a 38-year-old" is 38 years; "a five-year contract", five years
        if _AGE.match(text, found.end) and not asks_age(question.text):
            return False  # "a 24-year-old" is how old, not how long
        if asks_age(question.text):  # "Kyle Benton, 27, and …", "She was 84.", "a 19-year-old"; not "for 14 years"
            return not not_this_age(question.text, text, found.start, found.end, True)
        said = [norm(joined), norm(joined.split("-")[0]), *unit[:1], *(norm(w.split("-")[0]) for w in unit[:1])]
        return any(same_term(u, w) for u in question.unit for w in said if w)
    # "the bodies of 79 soldiers" counts bodies too
    of = _COUNTED_BEFORE.search(text[max(0, found.start - 40):found.start])
    if of:
        unit.append(norm(of.group(1)))
    # No noun of its own: "last year's record of 19,000." (or "…'s 11,000, after …") counts what the question does
    rest = found.key.partition(" ")[2].split()
    bare = not rest or rest[0] in STOPWORDS
    if bare and (number := _NUMBER_OF.search(text, 0, found.start)) and (not re.search(
            r"\d", text[number.end():found.start]) or WAS_BEFORE.search(text, 0, found.start)):  # "up from 21"
        unit += [norm(w) for w in number.groups() if w]  # "The number of patients waiting … fell to 120,000"
    return any(same_term(u, w) for u in question.unit for w in unit) or counted_vote(
        question.text, text, found.start, found.end) or (
        bare and time_named(question.text, text[max(0, found.start - 40):found.start]))
