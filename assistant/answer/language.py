"""Reading questions and sentences: the question's type, its key terms, and the names,
numbers, dates and places a sentence holds.

Rules of English, not of our corpus: a question word and its head noun give the type
("how many drones" wants a number of drones, "which minister" a name); capitalised runs
are names; a month, weekday or year is a date. Used by the extractive answerer to score
sentences and by the conversation to carry entities from turn to turn. Does not embed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import stemming
from ..text.dates import MENTION as _DATE


def _words(text: str) -> list[str]:
    return text.split()


STOPWORDS = frozenset(_words("""
a an the of to in on at for from by with about as into onto over under after before during
between through against without within among and or but nor so yet if than then that this these
those there here it its it's he him his she her hers they them their theirs we us our you your i
me my mine is are was were be been being am do does did done doing has have had having will
would shall should can could may might must not no yes who whom whose which what when where why
how whether any all some each every both either neither other another such same own more most
much many few very too also just only even still already again ever never up down out off now
according said say says told tell asked ask came come comes going go goes get got make made take
took one ones thing things way ways do s t
"""))
# Words that carry no topic (and "they", "it" point back to an earlier turn).
ANAPHORA = frozenset(_words("""
they them their theirs he him his she her it its this that these those there the company the
minister the two both
"""))

PERSON_NOUNS = frozenset(_words("""
minister ministers president prime premier official officials person people man woman men women
leader leaders spokesman spokeswoman spokesperson secretary general chief ceo head journalist
reporter politician mayor governor ambassador envoy commander counterpart diplomat lawmaker
senator chancellor king queen director founder chairman chair negotiator analyst expert author
"""))
PLACE_NOUNS = frozenset(_words("""
city cities town towns country countries region regions place places village capital location
locations province state states territory area areas site sites port base
"""))
TIME_NOUNS = frozenset(["date", "day", "days", "year", "years", "month", "months", "time", "week", "weekday"])
QUANTITY_NOUNS = frozenset(_words("""
value cost price amount number total size budget figure sum worth
"""))
MONEY_WORDS = frozenset(_words("""
money funding fund funds cost costs price budget value worth investment financing aid euros euro
dollars dollar pounds pound
"""))
AUX = frozenset(_words("""
did does do is are was were will would can could has have had should must shall may might
"""))

MONTHS = list(_words("""
january february march april may june july august september october november december
"""))
_MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"sept": "september"}
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
NUMBER_WORDS = frozenset(_words("""
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
hundreds thousand thousands million millions billion billions trillion dozen dozens half
"""))
_MONEY_VERBS = re.compile(r"\b(?:costs?|price[ds]?|worth|fund\w*|invest\w*|budget\w*|paid|pay|spen[dt]\w*)\b", re.I)
_CURRENCY = re.compile(r"[$£€¥₴]|\b(?:euros?|dollars?|pounds?|hryvnias?|usd|eur|gbp)\b", re.I)
# Countries and the adjectives news copy uses for them: "France's minister" ~ "French minister".
DEMONYMS = {
    "french": "france", "ukrainian": "ukraine", "russian": "russia", "british": "britain",
    "english": "england", "german": "germany", "italian": "italy", "spanish": "spain",
    "norwegian": "norway", "polish": "poland", "american": "america", "chinese": "china",
    "dutch": "netherlands", "belgian": "belgium", "swedish": "sweden", "finnish": "finland",
    "danish": "denmark", "turkish": "turkey", "greek": "greece", "japanese": "japan",
    "korean": "korea", "indian": "india", "israeli": "israel", "iranian": "iran",
    "latvian": "latvia", "lithuanian": "lithuania", "estonian": "estonia", "czech": "czechia",
    "romanian": "romania", "hungarian": "hungary", "portuguese": "portugal", "swiss": "switzerland",
    "austrian": "austria", "canadian": "canada", "european": "europe", "belarusian": "belarus",
    "georgian": "georgia", "moldovan": "moldova", "irish": "ireland", "scottish": "scotland",
}
COUNTRIES = frozenset(DEMONYMS) | frozenset(DEMONYMS.values()) | {"kiev", "kyiv", "moscow", "paris",
                                                                   "london", "brussels", "washington"}
SPELLINGS = {"defence": "defense", "armour": "armor", "armoured": "armored", "programme": "program",
             "kiev": "kyiv", "organisation": "organization", "centre": "center", "uk": "britain"}

TOKEN = re.compile(r"[$£€]?\d+(?:[.,:/]\d+)*%?|\w+(?:[’'/&.-]\w+)*", re.UNICODE)
_NEGATION = frozenset(_words("""
no not never none nobody nothing neither nor without n't cannot declined denied refused rejected
"""))
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules)\b|\bsystem prompt\b|"
    r"\byou are (?:an? )?(?:ai|assistant|language model|chatbot)\b|\b(?:answer|reply|respond) (?:only )?with\b",
    re.I,
)


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """A word's comparable form: lower case, possessive dropped, British spelling and
    demonyms folded, stemmed ("France's" -> "franc", "French" -> "franc")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'.-")
    w = SPELLINGS.get(w, w)
    w = DEMONYMS.get(w, w)
    if w.isalpha():
        return stemming.english().stem_word(w)
    return w


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their offsets."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def looks_like_instruction(text: str) -> bool:
    """Text that talks to a model rather than about the news ("ignore previous instructions")."""
    return bool(_INSTRUCTION.search(text))


def negated(text: str) -> bool:
    low = text.lower().replace("’", "'")
    return any(w in _NEGATION for w in re.findall(r"[a-z']+", low)) or "n't" in low


def _edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit (Umerov ~ Umierov)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def same_term(a: str, b: str) -> bool:
    """Two normalised terms name the same thing (spelling variants of long names too)."""
    return a == b or (len(a) >= 6 and len(b) >= 6 and _edit1(a, b))


@dataclass(frozen=True)
class Term:
    norm: str
    text: str
    proper: bool  # capitalised mid-question: a name, place or organisation
    weight: float


@dataclass(frozen=True)
class Question:
    """A question as the answerer reads it."""

    text: str
    kind: str  # person, entity, place, date, quantity, money, yesno, open
    terms: tuple[Term, ...]
    unit: tuple[str, ...] = ()  # "how many drones" -> ("drone",): what the number counts

    @property
    def term_norms(self) -> frozenset[str]:
        return frozenset(t.norm for t in self.terms)

    def has(self, norm_word: str) -> bool:
        return any(same_term(norm_word, t) for t in self.term_norms)


TYPE_WORDS = frozenset(TIME_NOUNS | PLACE_NOUNS | {"money", "amount", "number", "total"})


def key_terms(text: str, carried: bool = False) -> list[Term]:
    """Content words of ``text``, names weighted above common words; the words that only
    say what kind of answer is wanted ("date", "city") are not terms."""
    out: dict[str, Term] = {}
    words = tokens(text)
    for i, (word, _, _) in enumerate(words):
        low = word.lower()
        if low in STOPWORDS or low in TYPE_WORDS or (len(low) < 2 and not low.isdigit()):
            continue
        proper = is_capitalized(word) and (i > 0 or low not in STOPWORDS)
        for part in re.split(r"[-/]", word) if "-" in word and not word[0].isdigit() else [word]:
            n = norm(part)
            if not n or n in STOPWORDS:
                continue
            weight = (1.5 if proper else 1.0) * (0.6 if carried else 1.0)
            if n not in out or out[n].weight < weight:
                out[n] = Term(n, part, proper, weight)
    return list(out.values())


_WH = re.compile(r"\b(who|whom|whose|which|what|when|where|why|how)\b", re.I)


def classify(text: str) -> tuple[str, tuple[str, ...]]:
    """The question's type and, for counts, the unit counted.

    >>> classify("How many drones a month will they build?")
    ('quantity', ('drone',))
    >>> classify("In which city did they meet?")[0]
    'place'
    """
    low = " ".join(text.lower().replace("’", "'").split())
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
        if m.group(1) == "much" and (not unit or set(m.group(2).split()) & MONEY_WORDS):
            return "money", tuple(u for u in unit if u != "money")
        return "quantity", tuple(unit)
    wh = _WH.search(low)
    if wh is None or (words[0] in AUX and wh.start() > len(words[0]) + 20):
        return ("yesno", ()) if words[0] in AUX else ("open", ())
    word = wh.group(1)
    after = re.findall(r"[a-z0-9'-]+", low[wh.end():])[:4]
    head = next((w for w in after if w not in {"the", "a", "an", "is", "was", "are", "were"}
                 and w not in DEMONYMS and w not in {"new", "main", "other", "former", "first"}), "")
    following = set(after[:4])
    if word in {"who", "whom", "whose"}:
        return "person", ()
    if word == "when" or (word in {"what", "which"} and head.rstrip("s") in TIME_NOUNS):
        # "on what date" wants a calendar date; "when" also takes "last week"
        return "date", (("calendar",) if word != "when" else ())
    if word == "where" or (word in {"what", "which"} and (head in PLACE_NOUNS or following & PLACE_NOUNS)):
        return "place", ()
    if word in {"what", "which"} and following & QUANTITY_NOUNS:
        return ("money" if following & {"value", "cost", "price", "budget", "worth", "financial"}
                else "quantity"), ()
    if word in {"which", "what"} and (head in PERSON_NOUNS or following & PERSON_NOUNS):
        return "person", ()
    if word == "which" or (word == "what" and head and head not in AUX and head not in STOPWORDS):
        return "entity", ()
    if words[0] in AUX:
        return "yesno", ()
    return "open", ()


def subject(text: str) -> set[str]:
    """The subject of a yes/no question: "Will French personnel be sent..." -> french,
    personnel (what the answer must be about, more than the rest)."""
    words = re.findall(r"[\w'’-]+", text)
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
    return Question(text=text, kind=kind, terms=tuple(terms.values()), unit=unit)


# -- what a sentence holds ----------------------------------------------------------------

_PLACE_BEFORE = frozenset(["in", "at", "near", "from", "outside", "inside"])
# Last words that make a capitalised run an organisation, not a person or a place.
ORG_WORDS = frozenset(_words("""
council ministry ministries forces force army navy agency union party group company companies
review industry concern office department committee commission parliament government bank fund
institute university court police service services news info channel organization organisation
alliance corporation inc ltd pravda
"""))
OPENERS = frozenset(_words("""
while although though however meanwhile thanks earlier later last next speaking following
despite since until among instead moreover furthermore still yet also according during prior
"""))


@dataclass(frozen=True)
class Found:
    """An entity in a sentence: its span and comparable key."""

    kind: str  # name, number, money, date, place
    start: int
    end: int
    key: str


TITLE_WORDS = frozenset(PERSON_NOUNS | {"defense", "defence", "foreign", "armed", "forces", "affairs", "interior",
                                        "deputy", "vice", "first", "state", "economy", "finance", "mr", "mrs",
                                        "ms", "dr", "gen", "the", "of"})


_PARTICLES = frozenset({"de", "la", "von", "van", "al", "bin"})


def names(text: str) -> list[Found]:
    """Runs of capitalised words that are not just a capitalised sentence opener; the key
    leaves out titles ("Defense Minister Tore Sandvik" -> "tore sandvik")."""
    out: list[Found] = []
    words = tokens(text)
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if run:
            keep = [w for w in run if not (w[0].lower() in STOPWORDS or w[0].lower() in WEEKDAYS
                                           or w[0].lower() in MONTHS or w[0].lower() in OPENERS)]
            key = " ".join(norm(w[0]) for w in keep if w[0].lower() not in TITLE_WORDS
                           and w[0].lower() not in DEMONYMS)
            if keep and key:
                out.append(Found("name", keep[0][1], keep[-1][2], key))
        run.clear()

    for i, (word, a, b) in enumerate(words):
        gap = text[words[i - 1][2]:a] if i else ""
        if run and (gap.strip() not in {"", "-"} or "\n" in gap):
            flush()
        if word[:1].isupper() or (word.lower() in _PARTICLES and run):
            run.append((word, a, b))
        else:
            flush()
    flush()
    return out


def numbers(text: str) -> list[Found]:
    """Counts and amounts; the key is the number and the words it counts."""
    out: list[Found] = []
    words = tokens(text)
    for i, (word, a, b) in enumerate(words):
        low = word.lower().lstrip("$£€")
        if not (low[:1].isdigit() or low in NUMBER_WORDS):
            continue
        if i and (words[i - 1][0].lower().lstrip("$£€")[:1].isdigit() or words[i - 1][0].lower() in NUMBER_WORDS) \
                and text[words[i - 1][2]:a].strip() in {"", "-", "or", "to"}:
            continue  # part of the previous number ("300-350", "3 billion")
        if re.fullmatch(r"\d{4}", low) and 1900 <= int(low) <= 2100:
            continue  # a year is a date
        near = {words[k][0].lower().rstrip(".") for k in (i - 1, i + 1) if 0 <= k < len(words)}
        if low.isdigit() and len(low) <= 2 and near & (set(MONTHS) | set(_MONTH_ABBR)):
            continue  # the day of a date
        if low in {"one", "half"} and not (i + 1 < len(words) and words[i + 1][0].lower() in NUMBER_WORDS):
            continue
        end = b
        j = i + 1
        while j < len(words) and (words[j][0].lower() in NUMBER_WORDS or words[j][0][:1].isdigit()) \
                and text[end:words[j][1]].strip() in {"", "-", "or", "to", "(", "($"}:
            end = words[j][2]
            j += 1
        around = text[max(0, a - 2):min(len(text), end + 12)]
        magnitude = re.search(r"\b(?:million|billion|trillion)s?\b", text[a:end], re.I)
        kind = "money" if (_CURRENCY.search(around) or word[:1] in "$£€"
                           or (magnitude and _MONEY_VERBS.search(text))) else "number"
        unit = " ".join(norm(w[0]) for w in words[j:j + 4])
        out.append(Found(kind, a, end, f"{norm(word)} {unit}"))
    return out


def dates(text: str) -> list[Found]:
    return [Found("date", m.start(), m.end(), " ".join(m.group().lower().split())) for m in _DATE.finditer(text)]


def _org_or_country(name: str, kind: str) -> bool:
    """A run that is only countries and their adjectives ("French", "Ukraine") answers no
    "which" question; for "who", organisations ("Ukraine-NATO Council") do not either."""
    words = [w.lower() for w in re.findall(r"[\w']+", name)]
    if all(w in COUNTRIES or w.rstrip("'s") in COUNTRIES for w in words):
        return True
    return kind == "person" and bool(words) and (words[-1] in ORG_WORDS or name.isupper())


def places(text: str) -> list[Found]:
    """Names after "in", "at", "near"... and "X-based"."""
    out: list[Found] = []
    words = tokens(text)
    for found in names(text):
        if text[found.start:found.end].split()[-1].lower() in ORG_WORDS:
            continue
        before = [w for w in words if w[2] <= found.start][-2:]
        prev = [w[0].lower() for w in before]
        if (prev and prev[-1] in _PLACE_BEFORE) or (len(prev) == 2 and prev[0] in _PLACE_BEFORE
                                                    and prev[1] == "the"):
            out.append(Found("place", found.start, found.end, found.key))
    for m in re.finditer(r"\b([A-Z][\w’'-]+)-based\b", text):
        out.append(Found("place", m.start(1), m.end(1), norm(m.group(1))))
    return out


def answer_entities(question: Question, text: str) -> list[Found]:
    """The entities of the kind ``question`` asks for that ``text`` holds and the question
    does not already name: the candidate answers."""
    kind = question.kind
    if kind in {"person", "entity"}:
        found = [f for f in names(text) if not _org_or_country(text[f.start:f.end], kind)]
    elif kind == "place":
        found = places(text)
    elif kind == "date":
        found = dates(text)
    elif kind in {"quantity", "money"}:
        found = numbers(text)
    else:
        return []
    qlow = " ".join(question.text.lower().split())
    out = []
    for f in found:
        if kind == "date":
            if f.key in qlow or f.key.split()[-1] in {"on", "by", "in"}:
                continue
            if question.unit == ("calendar",) and re.search(r"yesterday|last |this ", f.key):
                continue
        elif kind in {"quantity", "money"}:
            if not _counts_unit(question, f, text):
                continue
        elif all(question.has(part) for part in f.key.split()):
            continue  # every word of the name is already in the question
        out.append(f)
    return out


def _counts_unit(question: Question, found: Found, text: str) -> bool:
    """Does this number count what the question asks about? Money questions take any
    amount of money; "how many drones" wants a number followed by drones."""
    number, _, unit = found.key.partition(" ")
    if question.has(number):
        return False  # the question's own number is not its answer
    if question.kind == "money":
        return found.kind == "money"
    if not question.unit:
        return True
    return any(same_term(u, w) for u in question.unit for w in unit.split())
