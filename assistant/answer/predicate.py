"""The verb a yes/no question asks about, read from its parse: "cancel" of "Did the council
cancel the contract?", "suspect" of "Is the arrested man a suspect?"."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError
from ..knowledge import nlp as pipeline
from ..knowledge.tags import is_verb
from ..text.verbs import stem_bases
from .asked_words import SAME_PAST
from .language import main_clause, norm
from .lexicon import words_of

# Verbs of saying: what a question asks with one is the verb of what was said.
_REPORTING = frozenset(norm(w) for w in words_of("say tell report claim announce state add write think believe "
                                                  "suggest note"))
# A parse's root among these is not what the question asks: "Did … comment …?", "Is … built of wood?"
_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have",
                          "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall"})


@lru_cache(maxsize=1)
def _irregular_bases() -> frozenset[str]:
    """The stems of irregular verbs' bases ("rise" of "rose"): a verb where one ends a do-question."""
    return frozenset(stem_bases().values())


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
    # reliably than the parser does. Never the word right after it: a subject comes between
    # ("Will drone production take place …?", where the small model tags "drone" a verb).
    opens = len(doc) > 0 and doc[0].lower_ in _AUXILIARIES
    # … nor a participle between an article and its noun: "Is the arrested man a suspect?" asks of "suspect"
    verbs = [t for t in list(doc)[2 if opens else 1:] if is_verb(t) and t.lower_ not in _AUXILIARIES]
    verb = next((t for t in verbs if not (t.tag_ in ("VBN", "VBG") and t.i + 1 < len(doc) and doc[
        t.i + 1].tag_.startswith("NN") and doc[t.i - 1].tag_ in ("DT", "PRP$"))), None)
    top = next((t for t in doc if t.dep_ == "ROOT"), None)
    if verb is None and opens and top is not None:  # "Did Petter Aas comment?", "comment" tagged a noun
        verb = top if top.tag_ == "NN" and any(c.dep_ == "aux" for c in top.children) else next(
            (c for c in top.children if top.i == 0 and c.tag_ == "NN" and any(
                k.dep_ == "compound" and k.tag_.startswith("NNP") for k in c.children)), None)
    if verb is None:
        verb = next((c for c in top.children if c.dep_ in ("acomp", "attr", "oprd")), None) if top else None
        verb = verb or next((c for s in top.children if s.dep_ == "nsubj" for c in s.children if (  # the parser's
            c.dep_ == "appos")), None) if top is not None and verbs else verb  # "man a suspect", the participle left
        # "Is the automaker a small company?" asks whether it is small: "France's largest
        # automaker, … the company" says company, and not that.
        verb = next((c for c in verb.children if c.dep_ == "amod" and c.tag_.startswith("JJ")), verb) if (
            verb is not None) else None
    if verb is None and opens and (last := next((t for t in reversed(doc) if t.is_alpha), None)) is not None and (
            last.i > 1 and (last.lower_.endswith("ed") or last.lower_ in SAME_PAST or last.lower_ in stem_bases() or (
                doc[0].lower_ in ("do", "does", "did") and norm(last.lower_) in _irregular_bases()))):
        verb = last  # "Was the shop assistant hurt?", "Did prices in Tromso rise?": the small model tags a noun
    if verb is None:
        return None
    if norm(verb.lower_) in _REPORTING:  # "Did Orsik say the ferries would be delayed?" asks of "delayed"
        verb = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and is_verb(c)), verb)
    word = norm(verb.lower_)
    return word if word and word.isalpha() else None
