"""Whether a sentence decides a yes/no question, and which way.

A "Yes" that rests on a quote which does not say it is the worst answer a newsroom can
get: it looks sourced. So a sentence decides only when it holds nearly everything the
question says (``DECIDES`` of its words, names weighing more; a word no passage has
counts in full, as what is not said) and every absolute the question makes ("only",
"never", "all"). "Has Renault decided to make drones?" is not decided by "Renault said it
had been contacted about making drones", nor "Will production happen only on French
soil?" by "both in Ukraine and in France". The answer is "No" when the clause of the
sentence that holds most of the question is negated and the question is not, or the
reverse; otherwise "Yes". The question's main verb (read with the knowledge layer's
spaCy pipeline: "cancel" in "Did the council cancel the stations?", or the complement of
"is") must be in the sentence: the rest of the question can all be there while what it
asks about is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.tags import is_verb
from ..text.clauses import clause_spans as clauses
from .language import Question, key_terms, main_clause, negated, norm, norms, same_term

# Of a yes/no question's weighted words, in the sentence that says Yes or No: on
# eval/dev_qa_hard.jsonl's yes/no questions, 0.75 let three undecided quotes say "Yes".
DECIDES = 0.75
ABSOLUTES = frozenset({"only", "alone", "solely", "exclusively", "entirely", "always", "never", "all", "every"})
CANDIDATES = 3  # best-scored sentences looked at for one that decides
# A parse's root among these is not what the question asks: "Did … comment …?", "Is … built of wood?"
_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have",
                          "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall"})


def held(q: Question, text: str) -> float:
    """Share of the question's term weight that ``text`` holds."""
    words = norms(text)
    total = sum(t.weight for t in q.terms) or 1.0
    return sum(t.weight for t in q.terms if any(same_term(t.norm, w) for w in words)) / total


def decided(question: str, sentence: Any) -> str | None:
    """"Yes" or "No" when ``sentence`` (the extractive answerer's) decides ``question``, else None."""
    # Plain weights: the boost a yes/no question's subject gets for ranking would let the
    # subject alone ("the new Millbrook bridge") decide whether it is "built of wood".
    asked = main_clause(question)
    q = Question(asked, "yesno", tuple(key_terms(asked)))
    if held(q, sentence.text) < DECIDES:
        return None
    # The names it asks about, the sentence's own: "It later delivered the drones", after
    # "Skylark and Bluefin signed a deal", does not say which of them did.
    own = norms(sentence.text)
    if any(t.proper and not any(same_term(t.norm, w) for w in own) for t in q.terms):
        return None
    opener = question[:len(question) - len(asked)]
    # Whose account: the names of "According to the Valley Herald, did …?" are held by the
    # report (its outlet, title or text). Only names: "Between the two reports, …" frames
    # ("Overall" or "Despite" opening it is no name: ``QUESTION_OPENERS``).
    told = Question(opener, "open", tuple(t for t in key_terms(opener) if t.proper))
    if told.terms and held(told, f"{sentence.text} {sentence.hit.title} {sentence.hit.outlet or ''}") < DECIDES:
        return None
    verb = predicate(question)
    if verb and not any(same_term(verb, w) for w in norms(sentence.text)):
        return None
    said = set(re.findall(r"[a-z]+", sentence.text.lower()))
    if any(w not in said for w in re.findall(r"[a-z]+", question.lower()) if w in ABSOLUTES):
        return None
    text = sentence.hit.text
    a, b = max(clauses(text, sentence.start, sentence.end), key=lambda p: held(q, text[p[0]:p[1]]))
    # An opener's denial ("Despite not naming the firm, did …?") is not the question's.
    return "No" if negated(text[a:b]) != negated(asked) else "Yes"


def deciding(question: str, ranked: Sequence[Any]) -> tuple[str, Any] | None:
    """The answer and the sentence, among the best ``CANDIDATES`` of ``ranked``, that decides."""
    for sentence in ranked[:CANDIDATES]:
        verdict = decided(question, sentence)
        if verdict is not None:
            return verdict, sentence
    return None


@lru_cache(maxsize=256)  # asked once for each sentence that may decide the question: one parse
def predicate(question: str) -> str | None:
    """The normalised main verb of ``question`` (the complement of a copula), or None when
    the parse finds none or no spaCy pipeline is installed."""
    try:
        nlp = pipeline.load()
    except ConfigError:
        return None
    doc = nlp(main_clause(question))
    # The first verb after the opening auxiliary, else the complement of a copula ("free"
    # in "Is the festival free?"): the tagger reads "Did the ministry comment …" more
    # reliably than the parser does.
    verb = next((t for t in list(doc)[1:] if is_verb(t) and t.lower_ not in _AUXILIARIES), None)
    if verb is None:
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        verb = next((c for c in root.children if c.dep_ in ("acomp", "attr", "oprd")), None) if root else None
    if verb is None:
        return None
    word = norm(verb.text)
    return word if word and word.isalpha() else None
