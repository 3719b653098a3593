"""What a pronoun or a description points back to, where the parse hides it: a subject split at a hyphen or joined
to its title ("says co-founder and CEO Ann Lee, who …" then "he explains"), someone spoken of inside a clause that a
speech verb reports (not the one who speaks next), the owner of "its statement", and "the company" for the one
organisation the last sentences name. Used by ``speakers.Resolver`` (``res``), which it must not import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .names import clean, fold
from .namewords import name_tokens, name_words
from .reported import hyphen_named, issuer, titled_name

if TYPE_CHECKING:
    from spacy.tokens import Token


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Modifiers that set an organisation apart from the one last spoken of ("the rival company"): never a description.
RELATIONAL = _set("other another rival parent sister former new same second third competing acquiring acquired "
                  "smaller larger bigger biggest largest different partner subsidiary joint")


def split_name(res: Any, t: Token) -> str | None:
    """The key of the person a subject names through a title the parse split off it: "co-founder and CEO Ann Lee"
    (parsed with "co" or "founder" as the subject), else None."""
    key = hyphen_named(res, t)
    if key is None and any(c.dep_ == "conj" for c in t.children) and (n := titled_name(res, t)) is not None:
        sp = res.mention(n)
        key = sp.key if sp is not None else None
    return key


def spoken_of(res: Any, t: Token, person: bool) -> bool:
    """Whether subject ``t`` sits in the clause an earlier speech verb reports and that verb's own subject could be
    the one meant ("a spokesperson said the company is looking into it … they said"): someone spoken about, not the
    speaker. Not when the speaker cannot be it ("the club said Lee had left … he said": Lee)."""
    h = t.head
    for _ in range(3):
        if h.dep_ in ("ccomp", "xcomp") and h.head.i in res.verb_set and h.head.i < t.i:
            subj = next((c for c in h.head.children if c.dep_ == "nsubj"), None)
            if subj is None:
                return False
            if person:
                return bool(res.is_person(subj))
            sp = res.mention(subj)
            if sp is not None:
                return bool(sp.kind == "org")
            return res.owner(subj) is not None or possessor(res, subj) is not None
        if h.dep_ != "conj" or h.head.i == h.i:
            return False
        h = h.head
    return False


def possessor(res: Any, t: Token) -> str | None:
    """Whose "its statement" or "their spokesperson" ``t`` is: the organisation the possessive stands for."""
    poss = next((c for c in t.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    return res.antecedent(poss, ("org",), strict=True) if poss is not None else None


def acting_org(res: Any, h: Token, named: list[Any], lo: int) -> str | None:
    """ "The company said" with no name to match: the one organisation named since ``lo`` (a character offset) other
    than as a word of another noun ("EU regulators", "a Google search" name the regulators and the search), and not
    set apart by the description ("the rival company" is another one). Of several, the one the text has had speak
    (of "OpenAI" and "AI", OpenAI)."""
    if any(x.lower_ in RELATIONAL for x in h.lefts):
        return None
    found = {sp.key: _form(sp.text) for sp in named if sp.start >= lo}  # ``named``: no person's organisation
    if len(found) > 1:  # (an outlet that reports on a company is not that company)
        spoke = {_form(sp.text) for i in res.verbs if i < h.i and not res.doc[i].lower_.startswith("report")
                 for n in res.doc[i].children if n.dep_ == "nsubj" for c in (n, *n.conjuncts)
                 if (sp := res.mention(c)) is not None and sp.kind == "org"}  # ("Acme and Harbor said": both)
        found = {k: f for k, f in found.items() if f in spoke}
    return next(iter(found)) if len(set(found.values())) == 1 else None


def a_word_of(res: Any, t: Token) -> bool:
    """Whether a name is a word of another noun ("EU regulators", "an Apple ID"), not of a person's title ("Acme
    CEO Ann Lee": Acme's chief speaks for it)."""
    if t.dep_ != "compound":
        return False
    h = t.head
    while h.dep_ == "compound" and h.head.i != h.i:
        h = h.head
    sp = res.mention(h)
    return sp is None or sp.kind != "person"


def _form(text: str) -> str:
    """A name without spaces, case or possessive: "Open AI" and "OpenAI's" are one."""
    return "".join(text.lower().split()).removesuffix("’s").removesuffix("'s")


# Verbs that put out a statement without being speech ("X issued a statement", "released a letter").
_ISSUING = frozenset(("issued", "released", "published", "posted", "sent", "shared", "put"))


def issued(res: Any, h: Token) -> str | None:
    """ "The statement said" with no owner in the phrase: who spoke through the statement the text last spoke of ("X
    said in a statement", "X issued a statement", "a statement from X"; "X announced on its blog" for "the blog
    post"), back past "the statement" again. None when that one has no owner the text gives ("according to a
    filing": whose is not said)."""
    memo = res.issued_by  # "The statement said … The statement added …": each once
    if h.i not in memo:
        memo[h.i] = _issued(res, h) if _definite(h) else None
    return memo[h.i]


def _definite(t: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)


def _issued(res: Any, h: Token) -> str | None:
    same = {h.lower_} | {c.lower_ for c in h.children if c.dep_ == "compound"}
    for t in reversed(res.doc[:h.i]):
        if t.lower_ not in same or res.qid[t.i] >= 0 or t.dep_ == "compound":
            continue
        if (key := issuer(res, t)) is not None:
            return key  # "a statement from X"
        if t.dep_ == "nsubj" and t.head.i in res.verb_set:
            return res.resolve(t)
        # Spoken through ("said in a statement") or put out ("issued a statement"), not answered ("criticised the
        # statement"); by someone before it, not by the "statement" asked about.
        v = t.head.head if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in (
            "in", "on", "through", "via") and t.head.head.i in res.verb_set else (
            t.head if t.dep_ == "dobj" and t.head.lower_ in _ISSUING else None)
        if v is not None:
            subj = res.subject_of(v) or next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i < h.i and subj.i != t.i and (key := res.resolve(subj)) is not None:
                return key
        if not _definite(t):
            return None  # the one first spoken of, and nothing says whose
    return None


def who_is(h: Token) -> Token | None:
    """The noun a relative "who" stands for: "a statement from Ann Lee, who voted no and said …" → Lee."""
    w = h.head
    while w.dep_ == "conj" and w.head.i != w.i:
        w = w.head
    return w.head if w.dep_ == "relcl" else None


def same_org(res: Any, h: Token) -> str | None:
    """A name the model missed here that it labels an organisation, word for word, elsewhere in the text: that one
    ("Beeper", not the "Beeper Mini" a person-name match would give), unless it is a person's surname."""
    form = fold(clean(" ".join(t.text for t in name_tokens(h)), "org"))
    if not form or any(fold(n[-1]) == form for n in (name_words(sp.text) for sp in res.speakers
                                                     if sp.kind == "person") if n):
        return None
    same = [sp for sp in res.speakers if sp.kind == "org" and fold(clean(sp.text, "org")) == form]
    return (next((sp for sp in reversed(same) if sp.start < h.idx), None) or same[0]).key if same else None
