"""Which verb takes the question's object in a sentence: "a budget that cuts income tax … and
raises spending on hospitals" holds "raise" and "income tax", yet raises spending and cuts the
tax; "Did the budget raise income tax?" is answered No by it, not Yes."""

from __future__ import annotations

from .language import norm
from .lexicon import words_of
from .parsed import parsed, verb_above

# Verbs of a change in opposite directions.
_UP = frozenset(words_of("raise raises raised increase increases increased lift lifts lifted hike hikes hiked "
                         "boost boosts boosted"))
_DOWN = frozenset(words_of("cut cuts lower lowers lowered reduce reduces reduced trim trims trimmed slash slashes "
                           "slashed"))
_UP_NORMS, _DOWN_NORMS = frozenset(map(norm, _UP)), frozenset(map(norm, _DOWN))  # as the question's verb is read
_NOUNS = ("NN", "NNS", "NNP", "NNPS")


def _object(question: str, verb: str) -> tuple[str, frozenset[str]] | None:
    """The head noun of the object the question's ``verb`` takes, and the words compounded into it."""
    doc = parsed(question)
    for tok in doc if doc is not None else ():
        if norm(tok.lower_) == verb:
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.tag_ in _NOUNS), None)
            if obj is not None:
                return obj.lower_, frozenset(c.lower_ for c in obj.children if c.dep_ == "compound")
    return None


def object_elsewhere(question: str, text: str, verb: str | None) -> str | None:
    """"No" where ``text`` says the question's ``verb`` of another object and the opposite verb
    of the question's object ("cuts income tax … and raises spending" for "raise income tax?");
    "" where another verb takes it (undecided); None where nothing says so."""
    asked = _object(question, verb) if verb else None
    doc = parsed(text) if asked else None
    if doc is None or asked is None:
        return None
    noun, compounds = asked
    held = [t for t in doc if t.lower_ == noun and compounds <= {c.lower_ for c in t.children if c.dep_ == "compound"}]
    said = [t for t in doc if norm(t.lower_) == verb]
    own = [c for t in said for c in t.children if c.dep_ == "dobj" and c.tag_ in _NOUNS]
    if not held or not own or any(c.lower_ == noun for c in own):
        return None  # the verb takes no other noun: "the plan, which the council approved"
    takers = {v.lower_ for t in held if (v := verb_above(t)) is not None}
    if not takers or any(norm(v) == verb for v in takers):
        return None
    opposed = (verb in _UP_NORMS and takers & _DOWN) or (verb in _DOWN_NORMS and takers & _UP)
    return "No" if opposed else ""
