"""Who a quote's subject is: a keyed mention, a name the model missed, a pronoun or a description resolved back.

``Resolver`` is the half of ``quotes._Article`` that turns the subject of a speech verb into one of the caller's
mentions: directly ("Lecornu said"), through a word of a name given earlier ("Jada" for "Jada Pinkett Smith"), as a
pronoun pointing back to the latest subject that can be it (a "he" never to someone the text calls "she"), or as a
description ("the French minister", "the actor"). It never guesses: when two people could be meant, it gives None.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import referents as ref
from .names import FIRST_NAME_USES, PLACES, PRONOUN_GENDER, clean, fold
from .namewords import doc_text, name_tokens, name_words, plural_verb, surname_like
from .referents import RELATIONAL, a_word_of, acting_org, issued, possessor, split_name, spoken_of
from .reported import bare_name, hyphen_named, issuer, sure_orgs, titled_name
from .tags import is_nominal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class Speaker:
    """A person or organisation mention the caller found; the same ``key`` means the same entity. Another kind
    ("place", "other": a name the model labelled as a place or a title) speaks only as a verb's own subject."""
    start: int  # character offsets in doc.text
    end: int
    text: str  # as written: "Lecornu", "Defense Minister Rustem Umerov"
    kind: str  # "person" | "org" | "place" | "other"
    key: str
    # Words that describe it elsewhere in the text ("french", "minister"), so "the French minister" finds it.
    descriptors: frozenset[str] = frozenset()


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


GENERIC_ORG = _set("company firm group business corporation manufacturer producer organisation organization outlet "
                   "newspaper broadcaster startup bank airline carrier retailer insurer lender chain operator club")
INSTITUTION = _set("ministry government department agency council army navy military police court parliament "
                   "commission office committee kremlin cabinet administration authority senate congress embassy")
# Nouns a "he" or "she" may stand for when one of them, not a named mention, was the last subject.
PERSON_NOUNS = _set("man woman spokesman spokeswoman spokesperson official minister president secretary chief leader "
                    "director executive officer head chairman chairwoman mayor governor senator lawyer analyst expert "
                    "economist source witness coach author professor commissioner ambassador envoy general founder")
# A definite description that names a role ("the manager", "the actor") stands for the person last spoken of.
ROLE_NOUNS = PERSON_NOUNS | _set("star actor actress singer rapper player manager boss captain striker midfielder "
                                 "defender goalkeeper winger quarterback comedian filmmaker musician artist writer "
                                 "entrepreneur politician lawmaker congressman congresswoman candidate ceo veteran "
                                 "host presenter athlete champion boxer fighter doctor scientist researcher")
# What an organisation or a person says through ("Meta's blog post says", "a Roblox spokesperson said").
MEDIA = _set("statement interview post message video tweet letter email speech briefing release conference "
             "broadcast podcast column address announcement filing blog")
# "according to X data", "Defense Ministry estimates suggest"
VOICES = MEDIA | _set("spokesperson spokesman spokeswoman representative data figures estimates")
# "they" for one person is as often someone unnamed ("one user … they said") as the last one named: not resolved.
PRONOUN_KINDS = {"he": ("person",), "she": ("person",), "it": ("org",), "they": ("org",)}
# Unnamed people as subjects ("a fan", "one user", "someone else"): a "he" or "she" after them is not the last named.
SOMEONE = _set("someone somebody anyone user fan person viewer reader commenter follower resident passenger "
               "customer driver neighbour neighbor friend stranger onlooker bystander")
# An organisation's common noun written capitalised and alone ("the Ministry said"): a description, not a name.
CAPITALISED_NOUNS = (GENERIC_ORG | INSTITUTION) - _set("kremlin senate congress parliament cabinet")
INDEFINITE = _set("a an another some any one")
SUBJECTS = ("nsubj", "nsubjpass")
_DESCRIPTIVE = _set("NN NNS NNP NNPS JJ")
_GENDER_NOUNS = {**dict.fromkeys(_set("mr sir king prince lord husband father son brother boyfriend actor "
                                      "spokesman chairman congressman businessman"), "m"),
                 **dict.fromkeys(_set("mrs ms miss madam dame queen princess lady wife mother daughter sister "
                                      "girlfriend actress spokeswoman chairwoman congresswoman businesswoman"), "f")}
_LOCATIVE = _set("in at from to near across into outside inside")


class Resolver:
    """Resolution over the parse; the attributes are set by ``quotes._Article``."""

    doc: Doc
    speakers: list[Speaker]
    sp_starts: list[int]
    sp_heads: list[Token]
    subjects: list[int]
    sent_starts: list[int]
    prose: np.ndarray
    qid: list[int]
    sp_aside: list[bool]
    verb_set: set[int]

    def sent(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def init_resolver(self) -> None:
        self.vocab = self._vocabulary()
        # A name's words, with the keys of the person mentions holding them, and what the text says of its gender.
        self.by_word: dict[str, list[int]] = {}
        for j, sp in enumerate(self.speakers):
            if sp.kind == "person":
                for w in set(name_words(sp.text)):
                    self.by_word.setdefault(w, []).append(j)
        self.genders = self._genders()
        self.located: set[str] | None = None  # places the text puts something in, read when first needed
        self._alone: Counter[str] | None = None
        self.issued_by: dict[int, str | None] = {}  # "the statement" at a token: whose (``referents.issued``)

    def mention(self, t: Token) -> Speaker | None:
        for x in (t, *(c for c in t.rights if c.dep_ == "appos")):  # "its head of sales, Ann Lee, said"
            if (j := bisect_right(self.sp_starts, x.idx) - 1) >= 0 and x.idx < self.speakers[j].end:
                return self.speakers[j]
        return None

    def resolve(self, h: Token, own: bool = True) -> str | None:
        """The key of subject ``h``; ``own``: the verb's own subject, which a name of another kind may be."""
        if self.mention(h) is None and (split := hyphen_named(self, h)) is not None:
            return split  # "co-founder Ann Lee said", parsed with "co" as the subject
        if any(c.dep_ == "conj" for c in h.children) and (h := titled_name(self, h)) is None:
            return None  # "Lecornu and Barrot said": no one speaker; "co-founder and CEO Ann Lee" is one
        if any(c.dep_ == "appos" and self.is_name(c) and any(g.dep_ == "conj" for g in c.children) for c in h.children):
            return None  # "Chen, Hart and Ross said", parsed with the others as an appositive: three speakers
        if (sp := self.mention(h)) is not None:
            if sp.kind == "org" and fold(clean(sp.text, "org")) in CAPITALISED_NOUNS:
                return self.described(h)
            if sp.kind in ("person", "org"):
                return sp.key
            # "Jada" read as a place: the person of that name, else the name itself ("Moscow said"), when it
            # is the whole subject ("the Fresh Prince of Bel-Air star" is not the show).
            whole = own and h.tag_ in ("NNP", "NNPS") and h.idx + len(h.text) >= sp.end - 3
            return self.named(h, sp.text) or (sp.key if whole else None)
        if (voice := self.owner(h) or (issuer(self, h) or possessor(self, h) if h.lower_ in VOICES else None)):
            return voice
        if h.lower_ in MEDIA and not any(c.dep_ == "poss" for c in h.children):
            return issued(self, h)  # "The statement said": the last one to speak through one
        if self.is_name(h):
            return ref.same_org(self, h) or self.named(h)
        if h.tag_ == "PRP":
            return self.antecedent(h, PRONOUN_KINDS[h.lower_]) if h.lower_ in PRONOUN_KINDS else None
        if h.tag_ == "WP" and h.lower_ == "who":
            return self.resolve(w, own) if (w := ref.who_is(h)) is not None else None
        if h.tag_ in ("NN", "NNP") and not any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in h.children):
            found = self.described(h)
            if found is None and h.lower_ in ROLE_NOUNS and any(
                    (c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in h.children):
                found = self.antecedent(h, ("person",), strict=True)
                # Its other words must be titles ("the King Richard star") or known of that person: not "the
                # French minister" for someone the text never calls French, nor "the United manager" for a player.
                plain = {x.lower_ for x in h.lefts if x.is_alpha and (x.tag_ in ("JJ", "NN", "NNS") or (
                    (m := self.mention(x)) is not None and m.kind != "person"))}  # "the United manager": of a club
                found = found if found is not None and plain <= self.vocab.get(found, set()) else None
            return found
        return None

    def owner(self, t: Token) -> str | None:
        """Whose statement or spokesperson ``t`` is: "Meta's blog post", "a Roblox spokesperson" (an organisation's
        for a spokesperson), when one mention names it."""
        if t.lower_ not in VOICES:
            return None
        kinds = ("org",) if t.lower_ not in MEDIA else ("org", "person")
        found = {sp.key for c in t.children if c.dep_ in ("poss", "compound") and c.tag_ in ("NNP", "NNPS")
                 and (sp := self.mention(c)) is not None and sp.kind in kinds}
        return found.pop() if len(found) == 1 else None

    def is_name(self, t: Token) -> bool:
        """A proper noun, or a capitalised word inside its sentence ("…, Will began")."""
        return (t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper()) or (
            t.is_title and t.i > self.sent_starts[self.sent(t.i)] and t.is_alpha and t.tag_ not in ("PRP", "DT"))

    def named(self, h: Token, text: str | None = None) -> str | None:
        j = self.named_at(h, text)
        return None if j is None else self.speakers[j].key

    def a_person(self, t: Token, sp: Speaker) -> bool:
        """Whether an organisation mention is a surname of a person named in full ("Gellar's complaint")."""
        j = self.named_at(t, sp.text) if surname_like(sp.text) else None
        return j is not None and len(name_words(self.speakers[j].text)) > 1

    def named_at(self, h: Token, text: str | None = None, want: str | None = None) -> int | None:
        """The one person whose name, given in full elsewhere, holds the words of the name at ``h`` ("Jada"); with
        ``want`` ("m"/"f", a pronoun's), the one of that gender when the name is two people's ("Goeller")."""
        if text is None:
            text = " ".join(t.text for t in name_tokens(h))
        words = name_words(text)
        if not words or any(w not in self.by_word for w in words):
            return None
        found = set.intersection(*(set(self.by_word[w]) for w in words))
        names = {tuple(name_words(self.speakers[j].text)) for j in found}
        full = {n for n in names if not any(set(n) < set(m) for m in names)}  # "Smith" is in "Will Smith"
        if len(full) == 2 and len(words) == 1 and all(n[-1] == words[0] for n in full):
            # a surname two share: not the one the story calls by first name ("James" of LeBron and of James Smith
            # is no shared surname)
            kept = {n for n in full if self._first_names()[n[0]] < FIRST_NAME_USES}
            uses = Counter(tuple(name_words(self.speakers[j].text)) for j in found)
            if len(kept) == 1 and uses[next(iter(kept))] >= max(uses[n] for n in full):
                full = kept  # (named in full as often as the other: not a stray "Echoing Bankman-Fried")
        if len(full) > 1 and want is not None:
            full = {n for n in full if self._gender_of(n) == want}
        if len(full) != 1:
            return None  # none, or two people: "Smith" for Will or Jada
        if len(words) == 1 and (n := next(iter(full)))[-1] != words[0] and not any(sum(self.genders.get(
                w, (0, 0))) for w in n) and sum(name_words(sp.text) == words for sp in self.speakers) >= 3:
            return None  # a first name used alone again and again is of someone called "he" or "she": not "Beeper"
        best = [j for j in found if tuple(name_words(self.speakers[j].text)) in full]
        before = [j for j in best if self.speakers[j].start < h.idx]
        return max(before) if before else min(best)

    def _first_names(self) -> Counter[str]:
        """How often each one-word name stands alone for a person in the article ("Jason" for Jason Kelce)."""
        if self._alone is None:
            names = {n for sp in self.speakers if sp.kind == "person" and len(n := tuple(name_words(sp.text))) > 1}
            firsts = Counter(n[0] for n in names)  # a first name two people of the story share calls neither
            self._alone = Counter(n[0] for sp in self.speakers if sp.kind == "person"
                                  and len(n := name_words(sp.text)) == 1 and firsts[n[0]] == 1)
        return self._alone

    def gender(self, sp: Speaker) -> str | None:
        return self._gender_of(name_words(sp.text))

    def _gender_of(self, names: list[str] | tuple[str, ...]) -> str | None:
        if not names:
            return None
        m, f = self.genders.get(names[0] if len(names) > 1 else names[-1], (0, 0))
        return "m" if m > f else "f" if f > m else None

    def antecedent(self, h: Token, kinds: tuple[str, ...], strict: bool = False, depth: int = 0) -> str | None:
        """What a pronoun stands for: the latest subject that can be it in this or the three sentences before (not
        counting quote-only ones), else the latest mention when all there name one person; None at a name it cannot
        place or a plural. A "he" skips a subject the text calls "she" and the other way round."""
        prior = np.flatnonzero(self.prose[:self.sent(h.i)])  # sentences before with words outside quotes
        lo = self.sent_starts[prior[-3] if len(prior) >= 3 else 0]
        person = kinds == ("person",)
        nouns = PERSON_NOUNS if person else GENERIC_ORG | INSTITUTION
        want = PRONOUN_GENDER.get(h.lower_)

        def fits(sp: Speaker) -> bool:
            return sp.kind in kinds and (want is None or self.gender(sp) in (None, want))

        for i in reversed(self.subjects[bisect_left(self.subjects, lo):bisect_left(self.subjects, h.i)]):
            t = self.doc[i]
            sp = self.mention(t)
            if person and sp is not None and sp.kind in ("org", "place") and bare_name(sp.text) in sure_orgs(self):
                continue  # "Reddit grew out of a forum … he said": not a he
            if t.tag_ == "PRP" and t.lower_ in ("he", "she") and person:
                if want in (None, PRONOUN_GENDER[t.lower_]):  # "he" after "he": the same one, wherever that leads
                    return self.antecedent(t, kinds, strict, depth + 1) if depth < 8 else None
                continue
            if t.tag_ == "PRP" and t.lower_ == "it" and h.lower_ == "it":
                return self.antecedent(t, kinds, strict, depth + 1) if depth < 8 else None
            if (is_nominal(t.head) and t.head.dep_ in ("ccomp", "xcomp", "oprd")) or spoken_of(self, t, person):
                continue  # "made James his captain": an object, not who acted; "said Lee left": spoken of
            if sp is None and person and (key := split_name(self, t)) is not None:  # "says co-founder Ann Lee"
                named = next(x for x in self.speakers if x.key == key)
                if fits(named):
                    return key
                continue
            if want is not None and (t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children)):
                continue  # "Will and Zampino share a son": two, not a he
            if want is not None and (plural_verb(t) or (t.tag_ in ("NNS", "NNPS") and (sp is None or any(
                    c.dep_ == "det" and c.lower_ == "the" for c in t.children)))):
                continue  # "United are …, as he says", "the All Blacks": not a he
            if sp is None and t.lower_ in VOICES and (voice := self.owner(t) or possessor(self, t)) is not None:
                return voice  # "a Roblox spokesperson … they said": the organisation's words
            if sp is None and (person or h.lower_ == "they") and (t.lower_ in SOMEONE or (
                    t.lower_ in ROLE_NOUNS and any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in t.children))):
                if t.head.dep_ == "ccomp":
                    continue  # "X acknowledges that someone may still get it": spoken of, not one who acts
                return None  # "one user … she said", "someone else … they said": someone unnamed
            if (sp is None or sp.kind in ("place", "other")) and person and self.is_name(t) and len(
                    (sp.text if sp is not None else t.text).split()) == 1 and any(
                    c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                # "the Queenslander": a description of the one last spoken of, as "the actor" is
                return self.antecedent(t, kinds, True, depth + 1) if depth < 8 else None
            if (sp is None and self.is_name(t)) or (sp is not None and (sp.kind not in ("person", "org") or (
                    sp.kind == "org" and surname_like(sp.text) and (person or self.a_person(t, sp))))):
                j = self.named_at(t, sp.text if sp is not None else None, want) if person else None
                if j is not None:
                    sp = self.speakers[j]
                elif want is not None and sp is not None and surname_like(sp.text) and t.head.i in self.verb_set \
                        and t.head.lower_ not in ("quoted", "cited") and fold(clean(sp.text, "place")) not in PLACES:
                    # "Foster said …": a surname the model called a place or a company speaks as a person
                    if want is not None and self.gender(sp) not in (None, want):
                        continue
                    return None if t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children) else sp.key
                elif sp is not None and want is not None and self.gender(sp) not in (None, want):
                    continue  # a name the text calls "she" is not a "he", placed or not
                elif t.head.dep_ == "ccomp" and t.head.head.i in self.verb_set and t.head.head.i < t.i:
                    continue  # someone spoken of in reported speech ("Goeller said Lucas is …"), not a speaker
                elif t.head.dep_ == "relcl" and t.head.head.i < t.i and t.head.head.tag_ in ("NNP", "NNPS", "NN"):
                    continue  # "… in San Francisco, where OpenAI is based": said of a place or thing, not who acts
                elif (person or sp is None) and not (sp is not None and self.a_place(sp)):
                    return None  # a name we cannot place may be the one meant ("Moscow" is not)
                else:
                    continue
            if sp is not None and sp.kind in kinds:
                if not fits(sp):
                    continue
                return None if t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children) else sp.key
            if sp is None and t.tag_ in ("NNS", "NNPS") and h.lower_ == "they":
                return None
            if sp is None and t.tag_ == "NN" and t.lower_ in nouns:
                return self.described(t)
            if sp is None and t.tag_ == "NN" and h.lower_ == "it":  # "The petition … it argues": a thing, not
                return self.owner(t) or possessor(self, t)  # not the one named before; "Meta's post … it says"
        if strict:
            return None
        seen = []
        for j in range(bisect_left(self.sp_starts, h.idx) - 1, bisect_left(self.sp_starts, self.doc[lo].idx) - 1, -1):
            sp, t = self.speakers[j], self.sp_heads[j]
            if self.sp_aside[j]:
                continue  # a caption or a promotion, not the story's thread
            if sp.kind in kinds and not person:
                if self.a_person(t, sp):
                    continue  # "Gellar's complaint": the person, though the model said organisation
                return None if t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children) else sp.key
            if sp.kind == "person":
                seen.append(sp)
        people = [sp for sp in seen if fits(sp)]
        names = [set(name_words(sp.text)) for sp in seen]  # all one person: "Ann Lee" and "Lee"
        return people[0].key if people and all(n <= names[0] or names[0] <= n for n in names) else None

    def a_place(self, sp: Speaker) -> bool:
        """Whether a mention is a place, not a name the model took for one: a known place, an abbreviation ("U.S."),
        or a name of several words or one the text puts somewhere ("in Liverpool") labelled a place."""
        form = fold(clean(sp.text, "place"))
        if form in PLACES:
            return True
        if sp.kind != "place":
            return False
        if self.located is None:
            self.located = {fold(clean(m.text, "place")) for m, t in zip(self.speakers, self.sp_heads, strict=True)
                            if m.kind == "place" and t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE}
        return "." in sp.text or sp.text.isupper() or len(sp.text.split()) > 1 or form in self.located

    def described(self, h: Token) -> str | None:
        """The latest mention (a subject first) whose entity's words hold the description's noun and modifiers."""
        head = h.lower_
        mods = self.words_of(h) - {head}
        generic = head in GENERIC_ORG or head.endswith("maker")
        # What kind of company it is says nothing of which ("the artificial intelligence company"); a name does.
        kinds_of = {x.lower_ for x in self.doc[h.left_edge.i:h.i] if x.is_lower and x.is_alpha and not x.ent_type_
                      and x.lower_ not in RELATIONAL}
        # An organisation's noun is an organisation (a person's title may read as one: "Minister of Defense X"); a
        # name inside the phrase is not what it describes ("the Premier League club").
        kinds = ("org",) if generic or head in INSTITUTION else ("person", "org")
        hi, latest, named = bisect_left(self.sp_starts, h.left_edge.idx), None, []
        for j in range(hi - 1, max(-1, hi - 60), -1):
            sp, words = self.speakers[j], self.vocab[self.speakers[j].key]
            if sp.kind not in kinds:
                continue
            if head in words and mods <= words:
                if self.sp_heads[j].dep_ in SUBJECTS:
                    return sp.key
                latest = latest or sp.key
            elif (generic or head in INSTITUTION) and not latest and sp.kind == "org" and mods - kinds_of <= words and (
                    not words & INSTITUTION if generic else bool(words & INSTITUTION) or sp.text.isupper()) and not (
                    self.a_person(self.sp_heads[j], sp)) and not (
                    self.sp_heads[j].dep_ == "pobj" and self.sp_heads[j].head.lower_ == "to") and not (  # "to Reuters"
                    self.sp_heads[j].dep_ == "dobj" and self.sp_heads[j].head.i in self.verb_set) and (  # told Reuters
                    not a_word_of(self, self.sp_heads[j])):  # "an Apple ID"
                named.append(sp)
        if latest or not named:
            return latest
        # "the company" alone: the organisation of the last sentences, when they name only one ("Apple" and "Beeper"
        # are two; "Open AI" and "OpenAI's" one); "the agency": the one institution, or acronym ("the DOJ").
        prior = np.flatnonzero(self.prose[:self.sent(h.i)])
        lo = self.doc[self.sent_starts[prior[-3] if len(prior) >= 3 else 0]].idx
        near = [set(name_words(sp.text.replace(" ", ""))) or {sp.text} for sp in named if sp.start >= lo]
        if near and named[0].start >= lo and all(n == near[0] for n in near):
            return named[0].key
        return acting_org(self, h, named, lo) if generic else None

    def _vocabulary(self) -> dict[str, set[str]]:
        """Per key, its descriptors, names and the titles around its mentions ("X, the French minister,")."""
        vocab: dict[str, set[str]] = {}
        for sp, t in zip(self.speakers, self.sp_heads, strict=True):
            vocab.setdefault(sp.key, set()).update(sp.descriptors, re.findall(r"[^\W\d_]+", sp.text.lower()))
            for n in [t, *(c for c in t.children if c.dep_ == "appos")] + ([t.head] if t.dep_ == "appos" else []):
                vocab[sp.key] |= self.words_of(n)
        return vocab

    def words_of(self, n: Token) -> set[str]:
        """The describing words of the phrase ``n`` heads: "France's new defence minister" → france, new, …"""
        span = list(self.doc[n.left_edge.i:n.i + 1])
        for c in n.rights:
            if c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i - c.i <= 6:
                span += list(c.subtree)
        return {x.lower_ for x in span if x.tag_ in _DESCRIPTIVE and x.is_alpha}

    def _genders(self) -> dict[str, tuple[int, int]]:
        """Per name word, how often the text calls its person "he" or "she": the first such pronoun after the name
        as a subject, in its sentence or the next with no other name between ("Kelce said he …"); titles and roles
        ("Mrs", "his wife, X"). A name the model took for a place counts too ("Jada … her children")."""
        count: dict[str, list[int]] = {}
        for j, (sp, t) in enumerate(zip(self.speakers, self.sp_heads, strict=True)):
            if sp.kind == "org" and not surname_like(sp.text):
                continue
            said = [_GENDER_NOUNS[w] for w in sp.descriptors if w in _GENDER_NOUNS]
            said += [_GENDER_NOUNS[n.lower_] for n in ([t.head] if t.dep_ == "appos" else []) +
                     [c for c in t.children if c.dep_ == "appos"] if n.lower_ in _GENDER_NOUNS]
            if t.dep_ in SUBJECTS:
                nxt = self.sp_starts[j + 1] if j + 1 < len(self.speakers) else len(doc_text(self.doc))
                end = self.sent_starts[min(self.sent(t.i) + 2, len(self.sent_starts) - 1)]
                for x in self.doc[t.i + 1:end]:
                    if x.idx >= nxt:
                        break
                    if x.tag_ in ("PRP", "PRP$") and x.lower_ in PRONOUN_GENDER and self.qid[x.i] < 0:
                        said.append(PRONOUN_GENDER[x.lower_])
                        break
            names = name_words(sp.text)
            for w in {names[0], names[-1]} if names else ():
                c = count.setdefault(w, [0, 0])
                c[0] += said.count("m")
                c[1] += said.count("f")
        return {w: (m, f) for w, (m, f) in count.items()}
