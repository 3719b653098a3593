"""Entity names: cleaning one mention, and merging mentions into entities across the corpus.

A mention is cleaned of what is not the name ("Defense Minister Rustem Umerov's" →
"Rustem Umerov"; "the Renault Group" → "Renault") and folded for comparison (case and
diacritics: "Sébastien" = "Sebastien"). People are then merged by the rules a reader
uses: full names whose surnames match, allowing one letter of transliteration
("Umerov"/"Umierov", but not a plural: "Browns"), and whose first names agree (one letter, an initial, or the same
folded name: "Sebastian"/"Sébastien"); a bare surname joins the full name it stands for
in its own article, else the one full name in the corpus with that surname, else an
entity of its own. Two full names with the same surname and different first names stay
two people, and a bare surname that could be either is never merged into one of them.
The small model also calls a surname an organisation now and then: a mention that
matches a person's name is that person whatever its label.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.normalise import one_edit_apart


def _words(text: str) -> list[str]:
    return text.split()


# Words before a name that say what the person is, not who.
TITLES = frozenset(_words("""
mr mrs ms miss dr prof sir dame lord lady gen general lt col colonel maj major capt captain adm admiral sgt
president vice prime minister ministers secretary chancellor premier governor mayor senator sen rep
representative ambassador envoy spokesman spokeswoman spokesperson chief head director deputy chairman
chairwoman chair ceo cfo founder commander king queen prince princess pope judge justice attorney
defense defence foreign interior finance economy economic health armed forces state general's
french ukrainian russian american british german chinese spanish norwegian polish italian turkish israeli
former acting interim incoming outgoing then new late top senior
organiser organizer coach manager striker winger defender midfielder goalkeeper substitute sergeant inspector
detective constable officer professor painter architect novelist author singer actor actress
owner archaeologist prosecutor lawyer economist analyst researcher scientist chemist engineer doctor teacher
farmer fisherman skipper investor historian curator photographer writer poet composer conductor cellist
violinist pianist entrepreneur businessman businesswoman banker activist campaigner
"""))
ORG_SUFFIXES = frozenset(_words("inc inc. ltd ltd. llc plc corp corp. corporation co co. group sa ag gmbh nv"))
LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
          "NORP": "other", "EVENT": "other", "PRODUCT": "other", "WORK_OF_ART": "other", "LAW": "other"}
# Places the small model often takes for people ("Kiev said…" reads like a person).
PLACES = frozenset(_words("""
kiev kyiv moscow paris london berlin washington brussels beijing warsaw rome madrid tokyo ankara kharkiv odesa
odessa lviv donetsk luhansk crimea minsk vilnius riga tallinn prague budapest vienna stockholm oslo helsinki
copenhagen dublin lisbon athens tehran jerusalem cairo delhi istanbul ukraine russia france germany britain
china poland italy spain turkey iran israel sumy kursk belgorod zaporizhzhia kherson mykolaiv dnipro
"""))
# A form the model tags as something other than a person this many times may still be a
# person it slipped on ("Nadia Okafor" read once as an organisation); more often, only
# as often as the person is named (the small model reads a bare surname as an
# organisation several times for each time it names the person in full).
MAX_SLIPS = 2
# The merging rules' version, stored with the entities: a store merged by other rules is
# merged anew by the next index run (2: organisations no longer taken for surnames; 3: a surname two
# people of a story share, and a first name used alone, read as the writer meant them).
RESOLVER_VERSION = 3
SLIP_RATIO = 4
FIRST_NAME_USES = 2  # a first name used alone this often is how the story calls that person
KNOWN_ELSEWHERE = 3  # articles using a form alone as an organisation: then it is one
# Whose gender a personal pronoun says: which person "she" can be (speakers) or mean (a follow-up).
PRONOUN_GENDER = {**dict.fromkeys(("he", "him", "his", "himself"), "m"),
                  **dict.fromkeys(("she", "her", "hers", "herself"), "f")}
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_NAME_CHARS = re.compile(r"[^\w\s'’.-]")


@lru_cache(maxsize=1 << 16)  # merging folds each of a corpus's few thousand names hundreds of times
def fold(text: str) -> str:
    """Case and diacritics folded, for comparing names: "Sébastien" → "sebastien"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def clean(text: str, kind: str) -> str:
    """The name in a mention, as written, without titles, possessive, a leading "the" and,
    for organisations, a legal suffix; "" when nothing name-like is left."""
    words = _NAME_CHARS.sub(" ", text).split()
    if words and words[-1]:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    while words and fold(words[0]) == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in ("of", "from", "at", "and"):
        words = words[:-1]  # "Louis Brus of" (Columbia): the model ran the name on into what follows
    if kind == "person":
        # "Defense Minister Rustem Umerov": titles lead; keep at least the last word.
        while len(words) > 1 and fold(words[0]).rstrip(".") in TITLES:
            words = words[1:]
    if kind == "org":
        while len(words) > 1 and fold(words[-1]).rstrip(",") in ORG_SUFFIXES:
            words = words[:-1]
    name = " ".join(w.strip(".,'’-") if i == len(words) - 1 else w for i, w in enumerate(words)).strip()
    if all(fold(w).rstrip(".") in TITLES for w in name.split()):
        return ""  # "Defense" cut from "Defense Minister …": a title, not a name
    if kind == "person" and name.islower():
        return ""  # "van" of "driving that van": the model's guess, no one's name
    return name if any(c.isalpha() for c in name) else ""


def same_surname(a: str, b: str) -> bool:
    """Folded surnames that are one name: equal, or (5 letters or more, same first letter)
    one letter apart, as transliterations are ("umerov"/"umierov")."""
    if a == b:
        return True
    if a + "s" == b or b + "s" == a:
        return False  # a plural is a team or a family ("the Browns"), not a spelling of "Brown"
    return min(len(a), len(b)) >= 5 and a[0] == b[0] and one_edit_apart(a, b)


def same_given(a: str, b: str) -> bool:
    """Folded first names that are one person's: equal, an initial of the other, or a
    spelling variant ("sebastian"/"sebastien", at most one letter per four)."""
    a, b = a.rstrip("."), b.rstrip(".")
    if not a or not b:
        return False  # a stray "." the model took for a first name
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= max(1, len(a) // 4)
    return one_edit_apart(a, b)


@dataclass
class Mention:
    """One mention as stored: where it is and what the model called it."""

    id: int
    doc: str  # the article (doc_id)
    start: int
    text: str  # as written
    kind: str  # from the model's label: person, org, place, other
    section: str
    source: str


@dataclass
class Cluster:
    """Mentions of one entity, while merging."""

    key: str
    kind: str
    members: list[Mention] = field(default_factory=list)


class _Near:
    """Folded surnames found by ``same_surname`` without comparing every pair: each is
    indexed under itself and, at 5 letters or more, each of its one-letter deletions; two
    names one edit apart share one of these keys (a symmetric-delete index). Over the 609
    MultiHop-RAG articles the pairwise scan made merging take 37 s."""

    def __init__(self, names: Iterable[str]) -> None:
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for name in names:
            for key in _deletions(name):
                self._by_key[key].add(name)

    def same(self, name: str) -> set[str]:
        """The indexed names that are ``name``'s surname (``same_surname``), itself included."""
        found: set[str] = set()
        for key in _deletions(name):
            found |= self._by_key.get(key, set())
        return {t for t in found if same_surname(name, t)}


def _deletions(name: str) -> set[str]:
    if len(name) < 5:  # same_surname allows no edit below 5 letters
        return {name}
    return {name, *(name[:i] + name[i + 1:] for i in range(len(name)))}


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(mentions: Sequence[Mention]) -> list[Cluster]:
    """Mentions merged into entities (see the module docstring for the rules)."""
    cleaned: dict[int, str] = {}
    for m in mentions:
        name = clean(m.text, m.kind)
        if name:
            cleaned[m.id] = name
    _split_titled_people(mentions, cleaned)
    people = _people(mentions, cleaned)
    union = _Union()
    key_of: dict[int, str] = {}
    # Full names: union those that are one person.
    full = sorted({fold(cleaned[m.id]) for m in mentions if m.id in people and " " in cleaned[m.id]})
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in full:
        by_surname[name.split()[-1]].append(name)
    near = _Near(by_surname)
    for s in sorted(by_surname):
        group = [n for t in near.same(s) if t >= s for n in by_surname[t]]
        for a, b in _given_pairs(group):
            union.join("p:" + a, "p:" + b)
    for m in mentions:
        if m.id in people and " " in cleaned[m.id]:
            key_of[m.id] = union.find("p:" + fold(cleaned[m.id]))
    # Bare surnames: the full name of their article, else the corpus's only one, else their own.
    in_doc: dict[str, set[str]] = defaultdict(set)
    given: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # doc → first name → people
    full_uses: dict[str, Counter[str]] = defaultdict(Counter)  # doc → person → namings in full
    for m in mentions:
        if m.id in key_of:
            in_doc[m.doc].add(key_of[m.id])
            given[m.doc][fold(cleaned[m.id]).split()[0]].add(key_of[m.id])
            full_uses[m.doc][key_of[m.id]] += 1
    alone: dict[str, Counter[str]] = defaultdict(Counter)  # the one-word names each article uses
    for m in mentions:
        if m.id in people and m.id not in key_of:
            alone[m.doc][fold(cleaned[m.id])] += 1
    persons_by_surname: dict[str, set[str]] = defaultdict(set)
    for name in full:
        persons_by_surname[name.split()[-1]].add(union.find("p:" + name))
    for m in mentions:
        if m.id not in people or m.id in key_of:
            continue
        surname = fold(cleaned[m.id])
        candidates = {k for s in near.same(surname) for k in persons_by_surname[s]}
        local = candidates & in_doc[m.doc]
        if len(local) == 2:
            # Two people of one surname in a story: the writer calls the one the story is about by the surname
            # and the other by the first name ("Kelce" is Travis where his brother is "Jason"); of three
            # (Will, Jada and Trey Smith) first names are too often their family's words in quotes.
            # (A first name seen alone once may be a name the line broke: "Devin / Haney".)
            called = {k for k in local for w, n in alone[m.doc].items()
                      if n >= FIRST_NAME_USES and given[m.doc][w] == {k}}  # "Sam" of two Sams calls no one
            kept = local - called
            if len(kept) == 1 and full_uses[m.doc][next(iter(kept))] >= max(full_uses[m.doc][k] for k in called):
                local = kept  # (and the one kept is named in full as often: not a stray "Echoing Bankman-Fried")
        if len(local) == 1:
            key_of[m.id] = next(iter(local))
        elif not local and len(given[m.doc].get(surname, ())) == 1 and (
                not candidates or alone[m.doc][surname] >= FIRST_NAME_USES):
            # "Jada": the one Jada the story names in full; a surname of someone named elsewhere ("Harris" beside
            # Harris Dickinson) only if the story uses it alone as often as a first name
            key_of[m.id] = next(iter(given[m.doc][surname]))
        elif not local and len(candidates) == 1:
            key_of[m.id] = next(iter(candidates))
        elif candidates:
            key_of[m.id] = "p?:" + surname  # could be either: a person of its own, never merged
        else:
            key_of[m.id] = "p1:" + surname
    # Lone surnames with no full name anywhere: transliterations are one person.
    lone = sorted({k[3:] for k in key_of.values() if k.startswith("p1:")})
    near_lone = _Near(lone)
    for a in lone:
        for b in near_lone.same(a):
            if b > a:
                union.join("p1:" + a, "p1:" + b)
    # Everything else by its folded name; its kind is what most of its mentions say
    # (a person the model named wrongly counts as a place when it is a known one).
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.id in cleaned and m.id not in key_of:  # a brand spaced two ways is one ("Open AI", "OpenAI")
            form = fold(cleaned[m.id]).replace(" ", "")
            key_of[m.id] = "n:" + form
            kinds[form]["place" if form in PLACES else m.kind] += 1
    kind_of = {form: max(c, key=lambda k: (c[k], k != "person")) for form, c in kinds.items()}
    clusters: dict[str, Cluster] = {}
    for m in mentions:
        if m.id not in key_of:
            continue
        key = union.find(key_of[m.id]) if key_of[m.id].startswith(("p:", "p1:")) else key_of[m.id]
        kind = kind_of[key[2:]] if key.startswith("n:") else "person"
        cluster = clusters.setdefault(key, Cluster(key, kind))
        cluster.members.append(m)
    return sorted(clusters.values(), key=lambda c: (-len(c.members), c.key))


def _given_pairs(names: Sequence[str]) -> Iterator[tuple[str, str]]:
    """The pairs (a < b) of ``names`` (folded full names) whose first names are one
    person's (``same_given``), without comparing every pair: such first names share their
    first letter and are an initial or differ in length by at most one. A common surname
    has thousands of full names in an archive; comparing all pairs made merging quadratic."""
    by_letter: dict[str, dict[int, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for name in names:
        given = name.split()[0].rstrip(".")
        if given:
            by_letter[given[0]][len(given)].append((name, given))
    for sizes in by_letter.values():
        for size, members in sizes.items():
            if size == 1:  # an initial: every first name of its letter
                others = [n for ms in sizes.values() for n, _ in ms]
                yield from ((min(a, b), max(a, b)) for a, _ in members for b in others if a != b)
                continue
            longer = sizes.get(size + 1, [])
            for i, (a, ga) in enumerate(members):
                for b, gb in (*members[i + 1:], *longer):
                    if same_given(ga, gb):
                        yield (a, b) if a < b else (b, a)


def _split_titled_people(mentions: Sequence[Mention], cleaned: dict[int, str]) -> None:
    """The small model reads "Minister of the Armed Forces Sébastien Lecornu" as one
    organisation: when an organisation's last two words are a person's name found
    elsewhere (same surname, first names that agree), the mention is that person."""
    # surname -> first letter -> the first names it has in full names (``same_given`` holds
    # only for first names of one letter: the others are not compared)
    given_of: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in mentions:
        if m.kind == "person" and m.id in cleaned and " " in cleaned[m.id]:
            pf, pl = fold(cleaned[m.id]).split()[-2:]
            given_of[pl][pf.rstrip(".")[:1]].add(pf)
    near = _Near(given_of)
    for i, m in enumerate(mentions):
        words = cleaned.get(m.id, "").split()
        if m.kind == "person" or len(words) < 3:
            continue
        first, last = (fold(w) for w in words[-2:])
        letter = first.rstrip(".")[:1]
        if letter and any(same_given(first, pf) for pl in near.same(last) for pf in given_of[pl].get(letter, ())):
            cleaned[m.id] = " ".join(words[-2:])
            mentions[i].kind = "person"  # type: ignore[index]


def _people(mentions: Iterable[Mention], cleaned: dict[int, str]) -> set[int]:
    """Mentions that name people: labelled so, or (the model's slips) written exactly as a
    person's full name or surname is elsewhere, which "Kiev" or "Renault" never are."""
    labelled = [m for m in mentions if m.kind == "person" and m.id in cleaned]
    person_forms = Counter(fold(cleaned[m.id]) for m in labelled)
    other_forms = Counter(fold(cleaned[m.id]) for m in mentions if m.kind != "person" and m.id in cleaned)
    surnames = {f.split()[-1] for f in person_forms if " " in f}
    full_named = Counter(f.split()[-1] for m in labelled if " " in (f := fold(cleaned[m.id])))
    in_doc: dict[str, set[str]] = defaultdict(set)  # surnames of the people an article names in full
    for m in labelled:
        if " " in (f := fold(cleaned[m.id])):
            in_doc[m.doc].add(f.split()[-1])
    # Articles that use a form alone as something else and name no one of that surname:
    # in several, it is an organisation ("Chelsea"), even where someone "X Chelsea" appears.
    elsewhere: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.kind != "person" and m.id in cleaned and (f := fold(cleaned[m.id])) not in in_doc[m.doc]:
            elsewhere[f].add(m.doc)
    # Surnames the model tagged as people when written alone ("Okafor said"): two
    # capitalised words ending in one are that person's full name, whatever the model
    # called them ("Nadia Okafor" read as an organisation).
    alone = {f for f in person_forms if " " not in f}
    people = set()
    for m in mentions:
        if m.id not in cleaned:
            continue
        form = fold(cleaned[m.id])
        # The surname of someone its article names in full is that person, whatever the model
        # called it there ("Kelce" read as a place), unless articles use it alone as something else.
        own = form in in_doc[m.doc] and len(elsewhere[form]) < KNOWN_ELSEWHERE
        if m.kind == "person":
            # A "person" the model names more often as something else is that something;
            # a well-known place is a place whatever the model said.
            if (other_forms[form] <= person_forms[form] or own) and form not in PLACES:
                people.add(m.id)
        elif m.kind in ("org", "other", "place") and form not in PLACES and (
                own or (m.kind != "place" and _slip(form, other_forms, person_forms, full_named) and (
                    form in surnames or person_forms[form] >= max(1, other_forms[form])
                    or _full_name_of(cleaned[m.id], alone)))):
            people.add(m.id)
    return people


def _slip(form: str, other: Counter[str], person: Counter[str], full_named: Counter[str]) -> bool:
    """Whether the model's calling ``form`` something other than a person, in an article
    that does not name that person in full, can be a slip: it does so no more than
    ``MAX_SLIPS`` times, or no more often than the model reads it alone as a person plus
    ``SLIP_RATIO`` times each naming in full with it as surname. "Google", an organisation
    600 times, is not the surname of a junk "Loading Google" the model once read as a
    person."""
    return other[form] <= max(MAX_SLIPS, person[form] + SLIP_RATIO * full_named[form])


def _full_name_of(name: str, alone: set[str]) -> bool:
    words = name.split()
    return (len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words)
            and fold(words[1]) in alone and fold(words[0]) not in alone)


def canonical(cluster: Cluster) -> tuple[str, tuple[str, ...]]:
    """The entity's name (its most used full form; ties: diacritics kept, then longest)
    and its other forms, cleaned, most used first."""
    forms = Counter(clean(m.text, cluster.kind) or m.text for m in cluster.members)
    full = [f for f in forms if " " in f] if cluster.kind == "person" else list(forms)
    pool = full or list(forms)
    name = max(pool, key=lambda f: (forms[f], f != fold(f), len(f), f))
    aliases = sorted((f for f in forms if f != name), key=lambda f: (-forms[f], f))
    return name, tuple(aliases)
