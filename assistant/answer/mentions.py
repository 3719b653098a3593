"""What a sentence holds: the names, numbers, dates and places an answer can be, and
which of them answer a given question (``answer_entities``).

Rules of English, not of our corpus: capitalised runs are names (a trailing "Council" or
"Ministry" makes one an organisation), a month, weekday or year is a date, a figure with
a unit is a number of that unit. How the question is read is ``language``'s (and ``asked``'s).
"""

from __future__ import annotations

import re
from itertools import takewhile

from ..text.dates import MENTION as _DATE
from .asked import asked_noun, asked_phrase, of_type, role_runs
from .compared import WAS_BEFORE, asks_earlier, earlier_figure
from .counting import HYPHENED, counts_unit
from .countries import country_of, named_countries
from .crowds import sizes_crowd
from .found import Found
from .language import COUNTRIES, DEMONYMS, Question, norm, norms, tokens
from .lexicon import (
    CURRENCY,
    MONEY_VERBS,
    MONTH_ABBR,
    MONTHS,
    NUMBER_WORDS,
    PERSON_NOUNS,
    STOPWORDS,
    WEEKDAYS,
    words_of,
)
from .name_ends import bare, no_count, numbered
from .own_names import key_words, named_in, surname_asked
from .ranks import asked_rank, rank_given
from .relation import BE, asks_deed, body_named, does, main_verb, verb_at
from .superlatives import said_tops
from .unnamed import unnamed_place

_PLACE_BEFORE = frozenset(["in", "at", "near", "from", "outside", "inside", "above", "below"])
_THE_OR_SIDE = frozenset(["the", "northern", "southern", "eastern", "western", "central"])
# Last words that make a capitalised run an organisation, not a person or a place.
ORG_WORDS = frozenset(words_of("""
council ministry ministries forces force army navy agency union party group company companies
review industry concern office department committee commission parliament government bank fund
institute university court police service services news info channel organization organisation
alliance corporation inc ltd pravda authority authorities bureau board regulator
"""))
# Lower-case words that, right after a capitalised run, make it an organisation.
_ORG_AFTER = frozenset({"authority", "authorities", "bureau", "board", "regulator"})
OPENERS = frozenset(words_of("""
while although though however meanwhile thanks earlier later last next speaking following
despite since until among instead moreover furthermore still yet also according during prior
"""))


TITLE_WORDS = frozenset(PERSON_NOUNS | {"defense", "defence", "foreign", "armed", "forces", "affairs", "interior",
                                        "deputy", "vice", "first", "state", "economy", "finance", "mr", "mrs",
                                        "ms", "dr", "gen", "the", "of", "pm", "mp", "mep"})
# Words that are never a name on their own, whatever their case: "Everything you need to know"
# after a colon, the "Year" of "Player of the Year".
_NEVER_NAMES = frozenset(words_of("""
everything everyone everybody anything anyone anybody something someone somebody nothing nobody
year years week weeks day days month months decade century today tonight tomorrow yesterday
"""))
# A plural of initials is a common noun ("UAVs", "SUVs", "NGOs"), and a name made an
# adjective describes a thing ("Toulouse-based", "Kremlin-backed"): neither is a name.
_NO_NAME = re.compile(r"[A-Z]{2,}s|\S+-(?:based|born|made|led|backed|owned|run|funded|linked|controlled)")


_PARTICLES = frozenset({"de", "la", "von", "van", "al", "bin"})
# What a plural possessive names as one body with it: "the Tenants' Federation", "the Workers' Party".
_OWNED_BODIES = ORG_WORDS | frozenset(words_of("federation association society league guild trust fund union"))
# A body named with "of" as one name: "the Bank of England", "the Court of Appeal" (not "Sam Altman of OpenAI").
_OF_BODIES = ORG_WORDS | frozenset(words_of("""museum academy college school church chamber institute tribunal
house republic kingdom federation association society league states"""))
# Who heard it: "told the Courier", "said in a statement to several outlets, including Coastline Radio"
_TOLD = re.compile(r"\b(?:told|(?:statement|remarks|comments)\s+to(?:\s+[^.;,]{1,40},\s+(?:including|such\s+as))?)"
                   r"\s+(?:the\s+)?$", re.I)
_TOLD_ASKED = re.compile(r"\b(?:statements?|remarks|comments)\b", re.I)
# A source named after what it reports, in a clause of its own: "Denmark signed the deal,
# Transport Minister Ole Holm said." or ", said Ole Holm." or ", according to Ole Holm."
_SAYING = (r"(?:said|says|told\s+\w+|added|announced|stated|noted|wrote|confirmed|emphasi[sz]ed|stressed|insisted|"
           r"argued|claimed|explained|warned|acknowledged|admitted|maintained|reported)")
_TITLED = r"(?:(?:(?!(?:and|or|but|which|that|who|whom|while|as)\s)[^\W\d_][\w'’.-]*\s+){0,5})"  # "port director"
_SOURCE_BEFORE = re.compile(rf"[^\s\"”’'],\s*(?:{_SAYING}\s+|according\s+to\s+)?{_TITLED}$")
_SOURCE_AFTER = re.compile(rf"\s+{_SAYING}(?:\s+(?:on|in|last|this)\s+[\w\s]{{0,30}})?\s*[.!]?\s*$")
_SOURCE_END = re.compile(r"\s*[.!]?\s*$")
_ACCORDING = re.compile(rf"\W*according\s+to\s+{_TITLED}$", re.I)


# ", the director,"; "said, noting that …"
_SAYS_NEXT = re.compile(rf"(?:\s*,[^,.;\"“]{{1,60}},)?\s+{_SAYING}(?:,\s+(?:noting|adding|saying|stressing|explaining)"
                        rf"\s+that)?\s+(?:that\s+)?(\w+)")
_OWN = frozenset(words_of("he she they we i it"))  # "Okafor said she would open it": her own deed


def says_of_another(text: str, end: int, verb: str | None) -> bool:
    """Whether the name ending at ``end`` says that someone else did the question's
    ``verb``: "Head librarian Priya Natarajan said volunteers carried the rarest maps" does
    not answer "Who carried the maps?" with her. A passive leaves the doer unsaid ("told
    the Gazette that the bridge was designed to …"): the speaker may be it."""
    m = _SAYS_NEXT.match(text, end)
    if not m or (m.group(1).lower() in _OWN and (m.group(1).lower() != "it" or body_named(text, end))):
        return False
    words = [w.lower() for w, _, _ in tokens(text[m.start(1):])]
    return any(not (i and words[i - 1] in BE) for i in verb_at(verb, words))


def speaks(text: str, end: int) -> bool:
    """Whether the name ending at ``text[end]`` says the rest of its sentence ("Archaeologist
    Tor Vik said the coins had been minted …"): who tells it, not who did what it tells."""
    return _SAYS_NEXT.match(text, end) is not None


def reports_it(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is only who reports the sentence: named in a
    reporting clause after it ("…, Transport Minister Ole Holm said.", "…, said Holm.",
    "…, according to Holm."), or opening it ("According to the newspaper Ouest-France, …"),
    not after a direct quote ("'We signed it,' Holm said": the speaker's own words may say
    they did it)."""
    before, after = text[:start], text[end:]
    if _ACCORDING.match(before) and after.lstrip().startswith(","):
        return True
    m = _SOURCE_BEFORE.search(before)
    if m is None:
        return False
    inverted = re.search(rf",\s*(?:{_SAYING}|according\s+to)\s+", before[m.start():])
    return bool(_SOURCE_END.fullmatch(after) if inverted else _SOURCE_AFTER.fullmatch(after))


def names(text: str) -> list[Found]:
    """Runs of capitalised words that are not just a capitalised sentence opener; the key
    leaves out titles ("Defense Minister Tore Sandvik" -> "tore sandvik")."""
    out: list[Found] = []
    words = tokens(text)
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if run:
            keep = [w for w in run if not (w[0].lower() in STOPWORDS or bare(w[0]) in WEEKDAYS  # "Thursday's draw"
                                           or bare(w[0]) in MONTHS or w[0].lower() in OPENERS)]
            key = " ".join(norm(w[0]) for w in keep if w[0].lower() not in TITLE_WORDS
                           and w[0].lower() not in DEMONYMS)
            common = all(w[0].lower() in _NEVER_NAMES or w[0].lower() in NUMBER_WORDS or _NO_NAME.fullmatch(w[0])
                         for w in keep)
            if keep and key and not common:
                out.append(Found("name", keep[0][1], keep[-1][2], key))
        run.clear()

    for i, (word, a, b) in enumerate(words):
        gap = text[words[i - 1][2]:a] if i else ""
        # "Harlan & Vos" is one name, and so is "Tenants' Federation" (not "Rovers' Joe Pike")
        owned = gap in ("' ", "’ ") and run and run[-1][0].endswith("s") and word.lower() in _OWNED_BODIES
        if run and not owned and (gap.strip() not in {"", "-", "&"} or "\n" in gap):
            flush()
        if word[:1].isupper() or (word.lower() in _PARTICLES and run) or (
                word == "of" and run and run[-1][0].lower() in _OF_BODIES and i + 1 < len(words)
                and words[i + 1][0][:1].isupper() and text[b:words[i + 1][1]] == " "):  # "Court of Appeal"
            run.append((word, a, b))
        elif run and gap == " " and numbered(text, run[0][1], run[-1][0], word, b):
            run.append((word, a, b))  # "Platform 3", "Ariane 6"
        else:
            flush()
    flush()
    return [_spelt_out(text, f) for f in out]


# Lower-case words of a name that its initials may skip: "Direction générale de l’armement (DGA)".
_SMALL = frozenset({"de", "des", "du", "la", "le", "les", "l", "d", "of", "the", "and", "for", "für", "der", "y", "e"})
_WORDS_THEN_INITIALS = re.compile(r"((?:\s+[a-zà-ÿ][\w’'-]*){1,6})\s*\(([A-Z]{2,8})\)")


def _spelt_out(text: str, found: Found) -> Found:
    """The name ``found`` with the lower-case words that go on it, where the initials in
    brackets after them spell it: "Direction" of "the Direction générale de l’armement (DGA)"
    is the whole agency (names of other languages do not capitalise each word)."""
    m = _WORDS_THEN_INITIALS.match(text, found.end)
    if m is None:
        return found
    words = text[found.start:found.end].split() + m.group(1).split()
    initials = "".join(re.split(r"[’']", w)[-1][:1] for w in words if w.lower() not in _SMALL)
    if initials.upper() != m.group(2):
        return found
    return Found(found.kind, found.start, m.end(1), f"{found.key} {' '.join(norms(m.group(1)))}", found.name)


_PARTITIVE = frozenset(("of", w) for w in ("which", "them", "those", "these", "whom"))
_PARTITIVE_AFTER = re.compile(r"\s+of\s+(?:which|them|those|these|whom)\b", re.I)


def partitive(text: str, found: Found) -> bool:
    """Whether the number ``found`` counts part of the number before it ("2 of which")."""
    return _PARTITIVE_AFTER.match(text, found.end) is not None


def numbers(text: str) -> list[Found]:
    """Counts and amounts; the key is the number and the words it counts."""
    out: list[Found] = []
    words = tokens(text)
    for i, (word, a, b) in enumerate(words):
        low = word.lower().lstrip("$£€")
        if not (low[:1].isdigit() or low in NUMBER_WORDS or HYPHENED.match(low)):
            continue
        if i and (words[i - 1][0].lower().lstrip("$£€")[:1].isdigit() or words[i - 1][0].lower() in NUMBER_WORDS) \
                and text[words[i - 1][2]:a].strip() in {"", "-", "or", "to"} and not words[i - 1][0].endswith("%"):
            continue  # part of the previous number ("300-350", "3 billion")
        if no_count(text, words, i):
            continue  # a year is a date, "17:15" a time of day, "Boeing 737" a name
        near = {words[k][0].lower().rstrip(".") for k in (i - 1, i + 1) if 0 <= k < len(words)}
        if low.isdigit() and len(low) <= 2 and near & (set(MONTHS) | set(MONTH_ABBR)):
            continue  # the day of a date
        if low in {"one", "half"} and not (i + 1 < len(words) and words[i + 1][0].lower() in NUMBER_WORDS):
            continue
        end = b
        j = i + 1
        while j < len(words) and (words[j][0].lower() in NUMBER_WORDS or words[j][0][:1].isdigit()) \
                and text[end:words[j][1]].strip() in {"", "-", "or", "to", "(", "($"} and not text[a:end].endswith("%"):
            end = words[j][2]
            j += 1
        around = text[max(0, a - 2):min(len(text), end + 12)]
        magnitude = re.search(r"\b(?:million|billion|trillion)s?\b", text[a:end], re.I)
        kind = "money" if (CURRENCY.search(around) or word[:1] in "$£€"
                           or (magnitude and MONEY_VERBS.search(text))) else "number"
        unit = " ".join(norm(w[0]) for w in words[j:j + 4])
        if out and tuple(w[0].lower() for w in words[j:j + 2]) in _PARTITIVE:
            unit = out[-1].key.split(" ", 1)[-1]  # "four losses, two of which …": two losses
        elif out and earlier_figure(text[max(0, a - 60):a]) and (
                (unit.split() or [""])[0] in STOPWORDS | {""} or re.match(r"\s*[,.;:)]", text[end:])):
            # "86 cases in August, up from 11 in July": 11 cases, what the first counts (not "in the three months")
            prior = next((o for o in reversed(out) if [*o.key.split(), ""][1] not in _SPANS), out[-1])
            unit = " ".join(takewhile(lambda w: w not in STOPWORDS, prior.key.split()[1:]))
            kind = "money" if prior.kind == "money" else kind  # "rose to 410 million dollars from 190 million"
        elif (of := _OF_THE.search(text, 0, a)) and _DID_NEXT.match(text, end):
            unit = norm(of.group(1))  # "Of the six members of the committee, five voted …": five members
        elif part := PART_OF.match(text, end):
            unit = norm(part.group(1))  # "Nine of the train's 22 wagons left the track": nine wagons
        elif sizes_crowd(text, a, end):
            unit = norm("people")  # "Police put the crowd at about 4,000"
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
        after = next((w for w in words if w[1] >= found.end), None)
        if text[found.start:found.end].split()[-1].lower() in ORG_WORDS or (
                after is not None and after[0].lower() in _ORG_AFTER and not text[found.end:after[1]].strip()):
            continue  # "the Federal Antimonopoly authority" is no place; "in Kharkiv, police said" is one
        before = [w for w in words if w[2] <= found.start][-2:]
        prev = [w[0].lower() for w in before]
        if (prev and prev[-1] in _PLACE_BEFORE) or (len(prev) == 2 and prev[0] in _PLACE_BEFORE
                                                    and prev[1] in _THE_OR_SIDE):  # "in northern Mali"
            out.append(Found("place", found.start, found.end, found.key))
    for m in re.finditer(r"\b([A-Z][\w’'-]+)-based\b", text):
        out.append(Found("place", m.start(1), m.end(1), norm(m.group(1))))
    return out


def answer_entities(question: Question, text: str, *, by_surname: bool = False) -> list[Found]:
    """The entities of the kind ``question`` asks for that ``text`` holds and the question
    does not already name: the candidate answers. ``by_surname`` keeps the names the
    question gives by their last word, for a caller that tells the person asked about itself."""
    kind = question.kind
    if kind in {"person", "entity"}:
        acted = main_verb(question.text) if kind == "person" else None
        # An organisation, a country or a people answers "who" where it does the question's
        # verb: "Ukrainians would handle the assembly", "…, France Info reported on Sunday".
        # … or where the question asks a place in a ranking the text gives: "with Poland in third place"
        ranked = (rank := asked_rank(question.text)) is not None and rank_given(rank, text)
        found = [f for f in names(text)
                 if not _org_or_country(text[f.start:f.end], kind) or does(acted, text, f.end, f.start) or ranked]
        if kind == "person":  # a role named in place of a person ("French Economy Minister"), if one is asked for
            roles = role_runs(asked_phrase(question.text), text)
            found = [f for f in found if not any(a < f.end and f.start < b for a, b in roles)] + [
                Found("role", a, b, " ".join(norm(w) for w in text[a:b].split())) for a, b in roles]
    elif kind == "place":  # … or a name said to be the top one asked for: "the Western region remained the slowest"
        found = [*said_tops(question.text, text, names(text)), *places(text)] or unnamed_place(question, text)
    elif kind == "date":
        found = dates(text)
    elif kind in {"quantity", "money"}:
        found = numbers(text)
    else:
        return []
    qlow = " ".join(question.text.lower().split())
    out = []
    changed: set[int] = set()  # where a figure that changed from starts
    if kind == "quantity":  # "cut from 40 minutes to 12": 12 minutes, and the 40 minutes it was is no answer
        for m in _CHANGED_TO.finditer(text):
            at = 1 if asks_earlier(question.text, text) else 3  # "How long did it take before?": the 40 minutes it was
            new = Found("number", m.start(at), m.end(at), f"{norm(m.group(at))} {norm(m.group(2))}")
            changed |= {m.start(1), m.start(3)}
            if counts_unit(question, new, text):
                out.append(new)
    earlier: set[int] = set()  # where a figure it was before starts: "down from 79", "from 2.50 to 3 euros"
    if kind in ("quantity", "money"):
        earlier = {m.start(1) for m in _FROM_TO.finditer(text)} | {
            f.start for f in found if WAS_BEFORE.search(text, 0, f.start)}
        # "will rise from 2.50 to 3 euros": it will cost 3 euros; "How many did they have before?": 79;
        # "in July?" of "86 in August, up from 11 in July" asks its own time (``another_time``)
        if asks_earlier(question.text, text):
            changed |= {f.start for f in found} - earlier if earlier else set()
        elif not _TIME_ASKED.search(question.text):
            changed |= earlier
    for f in found:
        if kind == "date":
            if f.key in qlow or f.key.split()[-1] in {"on", "by", "in"}:
                continue
            if question.unit == ("calendar",) and re.search(r"yesterday|last |this ", f.key):
                continue
        elif kind in {"quantity", "money"}:
            if not counts_unit(question, f, text) or f.start in changed:
                continue
        elif all(question.has(part) for part in key_words(f.key)) and (
                all(question.has(part, own=True) for part in key_words(f.key))
                or not of_type(asked_noun(question.text), text, f.start, f.end)):
            # Every word of the name is in the question ("Ouest-France", "Toulouse-based"); one only earlier turns
            # gave answers as what is asked for: "Which authority granted it …?" after "the Federal … authority".
            continue
        elif kind in {"person", "entity"} and named_in(question.text, text[f.start:f.end]):
            continue  # "Carlow City" answers no "Who did Carlow City draw with?", "City" no word of the question's
        elif kind in {"person", "entity"} and not by_surname and surname_asked(question, f.key):
            continue  # "Rustem Umierov" answers no question asking what Umierov listed
        elif kind in {"person", "entity"} and country_of(text[f.start:f.end]) in named_countries(question.text):
            continue  # "Which Russian factory …?" is not answered by "the Russian Federation"
        elif kind in {"person", "entity"} and _TOLD.search(text, 0, f.start) and main_verb(question.text) != "tell" \
                and not _TOLD_ASKED.search(question.text):
            continue  # who was told ("told the Courier that …") did not do what was told, unless asked
        elif kind in {"person", "entity"} and (
                (reports_it(text, f.start, f.end) and asks_deed(question.text))
                or ((verb := main_verb(question.text)) and says_of_another(text, f.end, verb))):
            continue  # who reports it did not do it: "Who signed the deal?" is not "…, Holm said"
        out.append(f)
    return out


# A figure that changed, its unit given once: "from 40 minutes to 12", "from 5 million people to 7".
_N = rf"(\d+(?:[.,]\d+)*|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
_CHANGED_TO = re.compile(rf"\bfrom\s+{_N}\s+(?:(?:million|billion|thousand)\s+)?([A-Za-z]+)\s+to\s+{_N}"
                         r"(?!\d|[.,]\d|\s*(?:%|[A-Za-z]))")
_OF_THE = re.compile(r"\b[Oo]f\s+(?:the|its|their)\s+[\w,.]+\s+([a-z]+)\b[^.;]{0,60},\s*$")
PART_OF = re.compile(r"\s+of\s+(?:the|its|their)\s+(?:[\w-]+['’]s\s+)?[\d,.]+\s+([a-z]+)")
_DID_NEXT = re.compile(r"\s+(?:[a-z]+ed|were|are|was|had|have|did)\b")
_SPANS = frozenset(map(norm, words_of("day days week weeks month months quarter quarters year years hours minutes")))
_TIME_ASKED = re.compile(rf"\b(?:(?:19|20)\d\d|{'|'.join(MONTHS)}|last|previous|earlier|this\s+year)\b", re.I)
_FROM_TO = re.compile(r"\bfrom\s+[$£€]?(\d+(?:[.,]\d+)*)\s+(?:[a-z]+\s+){0,2}?to\s+[$£€]?\d")
