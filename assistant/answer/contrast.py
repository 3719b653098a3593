"""A yes/no question answered No by a sentence that gives another thing in the same role.

"Did Lecornu give his speech at a British war cemetery?" is answered by "Lecornu delivers
his speech at the US cemetery": the sentence says everything the question does but the
country, and gives another country where the question has its own. The issue's word for it
is a claim "contradicted by a different entity in the same role". Only words of a closed
kind count, where two different ones are two different things: a country (by name or
adjective), a weekday, a month, a material ("built of wood" against "the steel bridge").
"At a war cemetery" against "at the US cemetery" is no contrast (the question says less,
not otherwise), nor "a new bridge" against "a steel bridge". The role is read from the
knowledge layer's spaCy parse: the noun a word modifies ("British" -> "cemetery", "US" ->
"cemetery"; "built of wood" -> "bridge"), or the preposition and the word it hangs on
("opened on Monday", "opened on Tuesday"). The question's word must be nowhere in the
sentence: "the British and the US cemeteries" gives both, and does not deny either.

Numbers likewise (``figures_against``): "Did the wing open with 50 beds?" is No by "a wing
with 40 beds", and a sentence without the number asked about, or with a rough one
("millions", "more than 25,000"), decides nothing: no Yes rests on a quote that does not
give the number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.names import fold
from .compared import times
from .countries import country_of
from .language import DEMONYMS, main_clause, norm, same_term
from .lexicon import MONTHS, STOPWORDS, WEEKDAYS, words_of
from .mentions import numbers, partitive

_MODIFIERS = frozenset({"amod", "compound", "nmod", "poss"})
# What a thing is made of, lowercase ("Stone", "Glass" and "Steel" open names): two of
# them are two different things ("the steel bridge" is not "built of wood").
_MATERIALS = {"wood": "wood", "wooden": "wood", "timber": "wood", "steel": "steel", "concrete": "concrete",
              "stone": "stone", "brick": "brick", "glass": "glass", "iron": "iron", "aluminium": "aluminium",
              "aluminum": "aluminium", "copper": "copper", "bronze": "bronze", "marble": "marble",
              "granite": "granite", "plastic": "plastic", "leather": "leather", "cotton": "cotton", "wool": "wool",
              "woollen": "wool", "rubber": "rubber", "clay": "clay", "gold": "gold", "silver": "silver"}
# "… built of wood", "… made from steel": the material stands to the thing made, as "wooden" does.
_MAKING = frozenset(words_of("make makes made making build builds built building construct constructed carve carved "
                             "cast form formed"))  # forms: the knowledge layer's parse has no lemmas
_WORD = re.compile(r"[\w’'.]+")


def kind(word: str) -> tuple[str, str] | None:
    """The closed kind of ``word`` and what it names: ("country", "USA") for "US" or "American",
    ("weekday", "monday"), ("month", "june"), ("material", "wood") for "wooden"; None for any
    other word. A capital is needed but for a material ("us" is no country, "may" no month)."""
    if word in _MATERIALS:
        return "material", _MATERIALS[word]
    if not word[:1].isupper():
        return None
    low = word.lower().replace("’", "'").removesuffix("'s").replace(".", "")
    if low in WEEKDAYS:
        return "weekday", low
    if low in MONTHS:
        return "month", low
    country = country_of(DEMONYMS.get(low, low)) or country_of(word)
    return ("country", country) if country else None


def _role(tok: Any) -> tuple[str, ...] | None:
    """Where ``tok`` stands: modifying a noun, or after a preposition, by the word it hangs on."""
    if tok.dep_ == "conj" and tok.head is not tok:  # "the US and Canadian cemeteries"
        tok = tok.head
    if tok.dep_ in _MODIFIERS and tok.head is not tok:
        return "of", norm(tok.head.lower_)
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
        verb = tok.head.head
        if tok.lower_ in _MATERIALS and tok.head.lower_ in ("of", "from") and verb.lower_ in _MAKING:
            made = verb.head if verb.dep_ in ("acl", "relcl") else next(
                (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return ("of", norm(made.lower_)) if made is not None else None
        return tok.head.lower_, norm(verb.lower_)
    return None


def _same_role(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a[0] == b[0] and same_term(a[1], b[1])


# Examples, not the whole list: "met with allies, in particular, the Norwegian and Spanish
# ministers" does not say he met no Italian one.
_SOME_OF = re.compile(r"\b(?:in particular|particularly|including|such as|among them|among others|for example|"
                      r"for instance|notably|e\.g\.)", re.I)


@lru_cache(maxsize=512)  # one question against the few sentences that may decide it
def contrasts(question: str, text: str) -> tuple[tuple[str, str], ...]:
    """The (question's word, sentence's word) pairs where ``text`` gives, in the role a word
    of ``question`` has, another word of its kind, and nowhere the question's own: (("British",
    "US"),) for the cemetery above; not one given after "in particular", "including" or
    "such as" (examples of more). Empty without a spaCy pipeline."""
    if not any(kind(w) for w in _WORD.findall(question)):
        return ()  # nothing of a closed kind asked about: no parse on every yes/no's sentences
    try:
        nlp = pipeline.load()
    except ConfigError:
        return ()
    said = [(tok, k) for tok in nlp(text) if (k := kind(tok.text)) is not None]
    given = {k for _, k in said}
    out: list[tuple[str, str]] = []
    for tok in nlp(question):
        k = kind(tok.text)
        role = _role(tok) if k is not None else None
        if k is None or role is None or k in given:
            continue
        other = next((t for t, o in said if o[0] == k[0] and (r := _role(t)) is not None and _same_role(role, r)), None)
        if other is not None and not _SOME_OF.search(text, 0, other.idx):
            out.append((tok.text, other.text))
    return tuple(out)


def unsaid_kinds(question: str, text: str) -> list[str]:
    """The words of a closed kind ``question`` gives that ``text`` gives nowhere ("wood" for
    "The footbridge was built with a steel railing."), its times told from the day of the
    report ("next year") and what it asks a thing came before or after: no Yes rests on a
    quote that does not say the very thing asked about."""
    when = sorted(times(question) - times(text))
    when += [m.group() for m in _ORDER.finditer(question) if not _sides(m, text)]  # "after the budget": of what?
    asked = [(w, k) for w in _WORD.findall(question) if (k := kind(w)) is not None]
    if not asked:
        return when  # most questions: no n-grams of every deciding sentence read
    words = _WORD.findall(text)
    # a country of several words too ("the United States", "South Korea")
    given = {k for n in (1, 2, 3) for i in range(len(words) - n + 1)
             if (k := kind(" ".join(words[i:i + n]))) is not None}
    return when + [w for w, k in asked if k not in given]


_ORDER = re.compile(r"\b(before|after|prior to|ahead of|following)\s+((?:[\w'’-]+\s*){1,5})", re.I)
_BEFORE = frozenset({"before", "prior to", "ahead of"})


def other_order(question: str, text: str) -> bool:
    """Whether ``text`` puts what the question asks about on the other side of the same
    thing: "Did Holm announce the fund after the budget review?" by "Before the budget
    review, Holm announced the fund". A text that also gives the question's side decides nothing."""
    m = _ORDER.search(main_clause(question))
    return m is not None and _sides(m, text) == {m.group(1).lower() not in _BEFORE}


def _sides(asked: re.Match[str], text: str, pattern: re.Pattern[str] = _ORDER,
           first: frozenset[str] = _BEFORE) -> set[bool]:
    """The sides (True: before, or ``first``'s) on which ``text`` puts something of the
    thing ``asked`` (a question's "after the budget review") names."""
    thing = [norm(w) for w in _WORD.findall(asked.group(2)) if w.lower() not in STOPWORDS and not w[0].isdigit()][:3]
    return {" ".join(g.group(1).lower().split()) in first for g in pattern.finditer(text)
            if thing and all(t in {norm(w) for w in _WORD.findall(g.group(2))} for t in thing)}


# Near or far from a place. A distance in units ("two kilometres from", "200 metres away
# from") is neither: whether it is near is the reader's judgement, not the report's.
_DISTANCE = re.compile(r"\b(near|close to|next to|nearby|beside|(?:far\s+|well\s+)?away from|far from|distant from)"
                       r"\s+((?:[\w'’-]+\s*){1,5})", re.I)
_NEAR = frozenset({"near", "close to", "next to", "nearby", "beside"})
_MEASURED = re.compile(r"\b(?:metres|meters|kilomet(?:re|er)s|km|miles|yards|feet)\s+(?:away\s+)?from\s+"
                       r"((?:[\w'’-]+\s*){1,5})", re.I)


def other_distance(question: str, text: str) -> str | None:
    """The question's word for near or far ("near", "away from") where ``text`` puts what it
    asks about on the other side of the same thing: "Was the depot built near the border?"
    by "The depot was built far from the border"; "Will production take place near the
    front line?" by "planned to occur away from front-line areas". "measured" where the text
    gives the distance from it in units instead ("two kilometres from the border"): that
    decides neither. None where the text says no distance to it, or also the question's side."""
    m = _DISTANCE.search(main_clause(question))
    if m is None:
        return None
    thing = [norm(w) for w in _WORD.findall(m.group(2)) if w.lower() not in STOPWORDS and not w[0].isdigit()][:3]
    if thing and any(all(t in {norm(w) for w in _WORD.findall(g.group(1))} for t in thing)
                     for g in _MEASURED.finditer(text)):
        return "measured"
    if _sides(m, text, _DISTANCE, _NEAR) != {" ".join(m.group(1).lower().split()) not in _NEAR}:
        return None
    return m.group(1)


def other_time(question: str, text: str) -> bool:
    """Whether ``text`` tells another time from the day of its report than ``question`` asks
    about, and not the question's: "holding around 200 meetings … last week" gives no count
    for "How many meetings did they hold last month?"."""
    asked, said = times(question), times(text)
    return bool(asked and said and not asked & said)


def contradicted(question: str, missing: Sequence[str], sentences: Sequence[str]) -> bool:
    """Whether one of ``sentences`` (the best few) gives, in their role, another word of the
    kind of every name of a yes/no ``question`` that no passage has (``missing``, folded
    terms): "the Swedish memorial" for "Did she speak at the Danish memorial?". The passages
    then answer No; they do not miss the question."""
    asked = main_clause(question)
    for text in sentences:
        said = {fold(norm(word)) for word, _ in contrasts(asked, text)}
        if said and set(missing) <= said:
            return True
    return False


# A number that bounds or rounds ("more than 25,000") does not deny another ("30,000").
_BOUND = re.compile(r"\b(?:(?:more|fewer|less) than|over|under|above|below|about|around|nearly|almost|roughly|some|"
                    r"approximately|up to|at least|at most|as many as|as much as)\s*$", re.I)


# Bounds that say which side of the number the thing is; "about", "nearly" say neither.
_ABOVE = re.compile(r"\b(?:more than|over|above|at least|upwards of|in excess of|exceeding)\s*$", re.I)
_BELOW = re.compile(r"\b(?:(?:fewer|less) than|under|below|at most|up to|no more than)\s*$", re.I)
_OPPOSITE = {"above": "below", "below": "above"}


def _direction(text: str, found: Any) -> str:
    """Which side of a number ``text`` puts the thing: "above" ("more than 400"), "below"
    ("less than 400", "no more than 400"), or "" (the number itself, or "about" it)."""
    before = text[:found.start]
    if _BELOW.search(before):  # first: "no more than" ends with "more than"
        return "below"
    return "above" if _ABOVE.search(before) else ""


def counted(found: Any) -> str:
    """What a number counts (``mentions.numbers``' find): the first content word after it
    ("euro" in "40 million euros")."""
    return next((w for w in found.key.split()[1:] if w not in STOPWORDS and not w[:1].isdigit()), "")


def figure(text: str, found: Any) -> str:
    """A number as written, comparable: "25,000" -> "25000", "18 Million" -> "18 million"."""
    return " ".join(text[found.start:found.end].lower().replace(",", "").split())


def figures_against(question: str, text: str) -> str | None:
    """How ``text`` stands to the numbers ``question`` gives: None when it gives each of them
    (of the same thing); "other" when it counts a thing of the question only with other exact
    numbers ("40 beds" for "50 beds?": No), or bounds the very number the other way ("over
    $400 off" for "less than $400 off?"); "missing" when it does not give one (no Yes rests
    on a quote without the number asked about), or gives a bounded one only as a number or
    "about" it ("about 400" says nothing of "fewer than 400")."""
    given: dict[str, list[tuple[str, bool]]] = {}
    bounds: dict[str, set[str]] = {}  # a number as written -> the ways the text bounds it ("above", "below")
    for f in numbers(text):
        value = figure(text, f)
        rough = bool(_BOUND.search(text[:f.start])) or not re.search(r"\d", value)  # "millions" is no exact number
        given.setdefault(counted(f), []).append((value, rough))
        bounds.setdefault(value, set()).add(_direction(text, f))
    verdict = None
    for f in numbers(question):
        if partitive(question, f):  # "40 berths, 2 of which are new?": a claim the sentence may just not make
            verdict = "missing"
            continue
        value, said = figure(question, f), given.get(counted(f), [])
        way = _direction(question, f)
        # "more than 2,000 UAVs?" by "2,300 UAVs": a number, or a bound, of the same thing on one side
        sides = {_beyond(way, value, v, bounds.get(v, set()), r) for v, r in said} if way and counted(f) else set()
        sides.discard(None)
        if sides == {True}:
            continue
        if sides == {False}:
            return "other"
        if way and value in bounds:  # "fewer than 400?": said only by "fewer than 400"
            if bounds[value] == {_OPPOSITE[way]}:
                return "other"
            if way not in bounds[value]:  # "400", "about 400": not said either way
                verdict = "missing"
            continue
        if any(v == value for v, _ in said) or (not counted(f) and any(v == value for vs in given.values()
                                                                           for v, _ in vs)):
            continue
        if counted(f) and said and not any(b for _, b in said) and not _BOUND.search(question[:f.start]):
            return "other"
        verdict = "missing"
    return verdict


_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _amount(value: str) -> float | None:
    """A figure as ``figure`` writes it, as a number ("2300", "1.5 million"); None for words."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(thousand|million|billion|trillion))?", value)
    return float(m.group(1)) * _SCALE.get(m.group(2) or "", 1.0) if m else None


def _beyond(way: str, asked: str, said: str, said_ways: set[str], rough: bool = False) -> bool | None:
    """Whether a text's number ``said`` (exact, or bounded ``said_ways``) puts the thing on the
    ``way`` side of the question's ``asked``: True (2,300 for "more than 2,000"), False (more
    than 7,000 for "fewer than 5,000"), None where it cannot tell (more than 1,000 for "more
    than 2,000"; "about 2,050" for "more than 2,000": a ``rough`` number decides only a
    tenth or more away)."""
    n, m = _amount(asked), _amount(said)
    if n is None or m is None or len(said_ways) > 1:
        return None
    bound = next(iter(said_ways), "")
    above = way == "above"
    if not bound and rough:  # "about 2,300"
        high, low = m > 1.1 * n, m < 0.9 * n
        if high if above else low:
            return True
        return False if (low if above else high) else None
    if not bound:  # an exact number
        return m > n if above else m < n
    if bound == way:  # "more than 7,000" for "more than 5,000?"; "up to 300" states a most, not a bound of 500
        return True if above and m >= n else None
    return False if (m <= n if above else m >= n) else None  # "more than 7,000" for "fewer than 5,000?"


# A side taken: "vote against" and "vote for" (or "in favour of") the same thing are opposites.
_SIDE = re.compile(r"\b([a-z]+)\s+(against|for|in favou?r of)\b", re.I)


def _side(word: str) -> str:
    return "against" if word.lower() == "against" else "for"


def other_side(question: str, text: str) -> bool:
    """Whether ``text`` has the question's verb take the other side: "Did stallholders vote
    against the move?" by "Stallholders voted 41 to 9 for the move". The side is the word
    right after the verb in the question, up to four words after it in the text; a text
    that also gives the question's side ("for or against") decides nothing."""
    m = _SIDE.search(main_clause(question))
    if m is None or m.group(1).lower() in STOPWORDS:
        return False
    verb, side = norm(m.group(1)), _side(m.group(2))
    sides = set()
    words = _WORD.findall(text)
    for i, w in enumerate(words):
        if norm(w) != verb:
            continue
        after = " ".join(words[i + 1:i + 6])
        sides |= {_side(s.group(2) or s.group(1)) for s in re.finditer(r"\b(against|for)\b|\b(in favou?r)\b",
                                                                          after, re.I)}
    return sides == {"against" if side == "for" else "for"}


# Deeds that deny each other, as written (the stemmer does not join "rose" and "rise"): a
# sentence saying one answers a question asking the other No.
_OPPOSITES = tuple((frozenset(words_of(a)), frozenset(words_of(b))) for a, b in (
    ("accept accepts accepted", "reject rejects rejected"),
    ("approve approves approved", "reject rejects rejected"),
    ("pass passes passed", "reject rejects rejected fail fails failed"),
    ("win wins won", "lose loses lost"),
    ("rise rises rose risen increase increases increased grow grows grew grown",
     "fall falls fell fallen decrease decreases decreased drop drops dropped decline declines declined"),
    ("support supports supported", "oppose opposes opposed"),
    ("allow allows allowed permit permits permitted", "ban bans banned forbid forbids forbade forbidden prohibit "
                                                      "prohibits prohibited"),
    ("acquit acquits acquitted clear clears cleared", "convict convicts convicted"),
    ("confirm confirms confirmed", "deny denies denied"),
    ("admit admits admitted", "deny denies denied"),
    ("alive", "die dies died dead"), ("hurt injured harmed", "unhurt uninjured unharmed"), ("open", "closed shut"),
    ("uphold upholds upheld", "overturn overturns overturned quash quashes quashed"),
))
# A figure or plan said to stay as it was denies any change of it: "did not change its forecast" for "raise?".
_KEPT = re.compile(r"\b(?:not|never)\s+(?:change|alter|revise|adjust|amend)\b|\bunchanged\b|"
                   r"\b(?:kept|keeps|keep|left|leaves|held|holds)\s+(?:its|their|the|his|her)\s+(?:[a-z]+\s+){0,3}?"
                   r"(?:at|steady)\b", re.I)  # "kept its main interest rate at 3.75%"
_CHANGES = frozenset(words_of("""raise raises raised lift lifts lifted increase increases increased cut cuts lower
lowers lowered reduce reduces reduced trim trims trimmed hike hikes hiked boost boosts boosted change changes changed
revise revises revised"""))
_PHRASED = ((_KEPT, _CHANGES), (re.compile(r"\bnot guilty\b", re.I), frozenset(words_of("convict convicts convicted"))))


def _kept_asked(question: str, verb: str, text: str, kept: re.Match[str]) -> bool:
    """Whether what ``kept`` says stayed as it was is what the question asks was changed ("kept its
    interest rate at" for "Did the bank cut rates?", not "held its annual meeting at" for "cut jobs?")."""
    after = question.lower().split(verb, 1)[-1]
    asked = {norm(w) for w in re.findall(r"[a-z]+", after)} - {norm(w) for w in STOPWORDS}
    near = text[max(0, kept.start() - 30):kept.start()] if kept.group().lower() == "unchanged" else (
        text[kept.start():kept.end() + 30])
    return bool(asked & {norm(w) for w in re.findall(r"[a-z]+", near.lower())})


def opposite(question: str, text: str) -> tuple[str, str] | None:
    """The question's word and its opposite that ``text`` says instead (("accepted",
    "rejected") of "Was the amendment accepted?" against "The amendment was rejected"), where
    the text does not say the question's word too nor the question its opposite; None otherwise."""
    asked = set(re.findall(r"[a-z]+", main_clause(question).lower()))
    for phrase, deeds in _PHRASED:
        if (kept := phrase.search(text)) and (changed := sorted(asked & deeds)) and (
                phrase is not _KEPT or _kept_asked(question, changed[0], text, kept)):
            return changed[0], kept.group()
    said = set(re.findall(r"[a-z]+", text.lower()))
    for one, other in (*_OPPOSITES, *((b, a) for a, b in _OPPOSITES)):
        word = next(iter(sorted(asked & one)), None)
        if word and not said & one and said & other and not asked & other:
            return word, sorted(said & other)[0]
    return None


_DENIALS = frozenset(words_of("""deny denies denied denying refuse refuses refused refusing reject rejects rejected
rejecting decline declines declined declining"""))


def denial_asked(question: str, clause: str) -> tuple[str | None, str]:
    """The clause and the question without the denial the question asks about, so that the
    deed asked counts as no negation ("denied wrongdoing" answers "Did Lumora deny
    wrongdoing?" Yes; "was not rejected" still denies "Was the appeal rejected?"). The clause
    is None where it denies something other than what the question asks denied ("denied
    wrongdoing" for "Did Lumora deny it had 90 million users?")."""
    asked = [w for w in re.findall(r"[a-z]+", question.lower()) if w in _DENIALS]
    if not asked:
        return clause, question
    verbs = {norm(w) for w in asked}
    words = re.findall(r"[\w'’%-]+", clause)
    at = [i for i, w in enumerate(words) if w.lower() in _DENIALS and norm(w.lower()) in verbs]
    if at:
        wanted = [norm(w) for w in re.findall(r"[a-z]+", question.lower().split(asked[-1], 1)[-1])
                  if w not in STOPWORDS]
        denied = {norm(w.lower()) for w in words[at[0] + 1:]}
        if wanted and not all(w in denied for w in wanted):
            return None, question
    keep = [w for w in words if not (w.lower() in _DENIALS and norm(w.lower()) in verbs)]
    return " ".join(keep), re.sub(rf"\b(?:{'|'.join(asked)})\b", " ", question, flags=re.I)
