"""A sentence about another one of the thing asked for: of "Who won best new artist?", "Lund
also won best female artist" names the winner of another prize, with "female" where the
question says "new" after the same word. Its names answer another question, however close its
score."""

from __future__ import annotations

import re
from typing import Any

from ..knowledge.names import fold, same_surname
from ..text.clauses import clause_spans
from .language import Question, norm, norms, tokens
from .lexicon import STOPWORDS
from .parsed import parsed, verb_above


def says_another(question: str, text: str, missing: set[str], verb: str | None = None) -> bool:
    """Whether ``text`` puts another word where the question has one of ``missing`` (normalised
    question words it lacks) in a phrase of common words of the question's (its ``verb`` is
    none): "best female artist" for "best new artist", "best singer" for "best debut"; not
    "Umerov discussed" for "Umerov in Brussels" (a name is no phrase's modifier)."""
    asked = [norm(w) for w, _, _ in tokens(question) if w.lower() not in STOPWORDS and w[:1].islower()]
    asked = [w for w in asked if w != verb]
    said = [(norm(w), w.lower() in STOPWORDS or not w[:1].islower()) for w, _, _ in tokens(text)] + [("", True)]
    for i, word in enumerate(asked[1:], 1):
        if word not in missing:
            continue
        after = asked[i + 1] if i + 1 < len(asked) else None
        for j, (w, _) in enumerate(said[:-2]):
            other, stop = said[j + 1]
            if w == asked[i - 1] and other != word and not stop and (after is None or said[j + 2][0] == after):
                return True
    return False


def in_other_clause(q: Question, text: str, start: int) -> bool:
    """Whether the name at ``text[start]`` stands in a part of ``text`` (parts split at a
    semicolon) that says none of the question's words while another part says some: of "Per
    Aas will lead it; Mona Lie will become his deputy", Per Aas is no answer to "Who will be
    deputy?" (a role asked with no verb of its own: the second half of "proposed by the Greens;
    the Conservatives voted against" may answer "Who opposed it?" in words of its own)."""
    parts, at = [], 0
    for part in text.split(";"):
        parts.append((at, at + len(part), sum(q.has(w) for w in set(norms(part)))))
        at += len(part) + 1
    own = next((n for a, b, n in parts if a <= start < b), 0)
    return len(parts) > 1 and own == 0 and any(n for _, _, n in parts)


def another_in_clause(question: str, text: str, start: int, verb: str | None) -> bool:
    """Whether the clause of ``text`` holding the name at ``text[start]`` puts another word in
    the question's phrase (``says_another``) while another clause says all of it: of "Best actor
    went to Tobias Lien, while Hanne Moe won best actress", Hanne Moe won no best actor."""
    asked = {norm(w) for w, _, _ in tokens(question) if w.lower() not in STOPWORDS and w[:1].islower()} - {verb}
    spans = clause_spans(text, 0, len(text))
    own = next(((a, b) for a, b in spans if a <= start < b), None)
    if own is None or len(spans) < 2 or not asked:
        return False
    clause = text[own[0]:own[1]]
    others = [text[a:b] for a, b in spans if (a, b) != own]
    return says_another(question, clause, asked - set(norms(clause)), verb) and any(
        asked <= set(norms(o)) for o in others)


# The common noun a do-question makes its subject: "agents" of "What sentences did the shipping agents get?"
_AUX_SUBJECT = re.compile(r"\b(?:did|does|do|will|would|can|could|shall|should)\s+(?:the|a|an|its|their|his|her)\s+"
                          r"(?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*)\s+[a-z]+\b", re.I)
# A name set beside a noun in commas (with the names listed after it): "The shipping agents, Leif Bakken and Tore Mo,"
_BESIDE_NOUN = re.compile(r"\b([a-z][\w-]*)\s*,\s*(?:[A-Z][\w'’.-]*\s+)*(?:(?:[A-Z][\w'’.-]*\s*,\s*)*"
                          r"(?:[A-Z][\w'’.-]*\s+)*(?:and|or)\s+(?:[A-Z][\w'’.-]*\s+)*)?$")


def the_asked_subject(question: str, text: str, start: int) -> bool:
    """Whether the name at ``text[start]`` is set beside the noun the question makes its
    subject ("The shipping agents, Leif Bakken and Tore Mo, were given suspended sentences"
    for "What sentences did the shipping agents get?"): who the question asks about, no answer."""
    asked = _AUX_SUBJECT.search(question)
    beside = _BESIDE_NOUN.search(text, 0, start) if asked else None
    return beside is not None and norm(beside.group(1)) == norm(asked.group(1))


def by_another(question: str, text: str, verb: str | None) -> bool:
    """Whether ``text`` has another name do the question's ``verb`` than the one the question
    makes its subject, and does not name that one: "The previous record was the 45 million
    kroner Brann paid Hammarby for Sander Kvist" tells of Brann's deal, not "Who did Viking
    pay 55 million kroner for?"."""
    asked, said = parsed(question), parsed(text)
    if not verb or asked is None or said is None:
        return False
    subject = next((c for t in asked if _is(t, verb) for c in t.children
                    if c.dep_ == "nsubj" and c.tag_.startswith("NNP")), None)
    # … named in any spelling: "Umierov" is the question's "Umerov"
    if subject is None or any(same_surname(fold(subject.text), fold(w)) for w in re.findall(r"[A-Z][\w'’-]*", text)):
        return False
    return any(_is(t, verb) and any(c.dep_ == "nsubj" and c.tag_.startswith("NNP") for c in t.children)
               for t in said)


def _is(tok: Any, verb: str) -> bool:
    """Whether the parsed word ``tok`` is a form of the (normalised) ``verb``."""
    return tok.tag_.startswith("VB") and norm(tok.text) == verb


def other_conjunct(q: Question, text: str, start: int) -> bool:
    """Whether the name at ``text[start]`` stands in one of two verbs' phrases joined by "and"
    that says none of the question's words, while the other says some: of "Viking sold winger
    Tobias Moe to Celtic and loaned defender Eirik Sæther to Strømsgodset", Eirik Sæther is no
    answer to "Who left Viking for Celtic?"."""
    doc = parsed(text)
    tok = next((t for t in doc if t.idx == start), None) if doc is not None else None
    verb = verb_above(tok) if tok is not None else None
    if verb is None:
        return False
    partner = verb.head if verb.dep_ == "conj" and verb.head.tag_.startswith("VB") else next(
        (c for c in verb.children if c.dep_ == "conj" and c.tag_.startswith("VB")), None)
    if partner is None:
        return False
    mine, theirs = {t.i for t in verb.subtree}, {t.i for t in partner.subtree}
    if partner.i in mine:
        mine -= theirs
    else:
        theirs -= mine

    def says(part: set[int]) -> bool:
        return any(q.has(norm(t.text)) for t in doc if t.i in part and t.lower_ not in STOPWORDS and (
            t.dep_ not in ("nsubj", "nsubjpass")))  # the subject both verbs share says nothing of either

    return not says(mine) and says(theirs)
