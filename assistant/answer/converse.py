"""The other party to what a question asks who did: of "Karlstrøm saved a penalty from Lehne
Olsen", Karlstrøm is no answer to "Who missed a penalty?", nor the seller to "Who bought
it?". Where a sentence does not say the question's verb, a name doing its converse (as the
subject right before it, or as the parse reads it) did the other side. A short list of
English pairs, each way round, not a thesaurus: a wrong "who" looks as sourced as a right one."""

from __future__ import annotations

from .language import norm
from .lexicon import words_of
from .parsed import last_word
from .relation import does, says_verb

_PAIRS = tuple((frozenset(norm(w) for w in words_of(a)), frozenset(norm(w) for w in words_of(b))) for a, b in (
    ("buy buys bought purchase purchases purchased", "sell sells sold"),
    ("borrow borrows borrowed", "lend lends lent"),
    ("miss misses missed", "save saves saved stop stops stopped"),
    ("lose loses lost", "beat beats defeat defeats defeated win wins won"),
    ("receive receives received", "give gives gave given award awards awarded"),
))


def other_party(verb: str | None, text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` does the converse of the question's (normalised)
    ``verb`` in ``text``, which does not say the verb itself."""
    if verb is None or says_verb(verb, text):
        return False
    converse = {other for one, others in (*_PAIRS, *((b, a) for a, b in _PAIRS)) if verb in one for other in others}
    return any(does(other, text, end, start) for other in converse) or bool(_deeds(text, start, end) & converse)


def _deeds(text: str, start: int, end: int) -> set[str]:
    """The (normalised) verbs the name at ``text[start:end]`` does, as the parse reads it: as
    the doer of a passive ("sell" for Thomas Olsen of "was sold by the heirs of shipowner Thomas
    Olsen"), or of a participle hanging on its clause ("win" for Berit Nes of "Berit Nes was
    elected mayor, winning 21 votes")."""
    tok = last_word(text, start, end, possessive=False)
    while tok is not None and tok.head.i != tok.i and (tok.dep_ in ("compound", "appos", "conj", "flat") or (
            tok.dep_ == "pobj" and tok.head.lower_ == "of") or (tok.dep_ == "prep" and tok.lower_ == "of")):
        tok = tok.head
    if tok is None:
        return set()
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return {norm(tok.head.head.text)}
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return {norm(c.text) for c in tok.head.children if c.dep_ == "advcl" and c.tag_ == "VBG" and not any(
            g.dep_.startswith("nsubj") for g in c.children)}
    return set()
