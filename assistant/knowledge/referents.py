"""What a pronoun or a description points back to, where the parse hides it: a subject split at a hyphen or joined
to its title ("says co-founder and CEO Ann Lee, who …" then "he explains"), someone spoken of inside a clause that a
speech verb reports (not the one who speaks next), the owner of "its statement", and "the company" for the one
organisation the last sentences name. Used by ``speakers.Resolver`` (``res``), which it must not import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .reported import hyphen_named, titled_name

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
    set apart by the description ("the rival company" is another one)."""
    if any(x.lower_ in RELATIONAL for x in h.lefts):
        return None
    found = set()
    for sp in named:
        t = res.sp_heads[res.speakers.index(sp)]
        if sp.start >= lo and not (t.dep_ == "compound" and t.head.tag_ in ("NN", "NNS")) and not res.a_person(t, sp):
            found.add(sp.key)
    return found.pop() if len(found) == 1 else None
