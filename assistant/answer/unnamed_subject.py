"""The common noun that does a question's verb where no name does: "Head librarian Priya
Natarajan said volunteers carried the rarest maps" answers "Who carried the maps?" with
"volunteers", not with the librarian, who only said so."""

from __future__ import annotations

from functools import lru_cache

from .language import norm, norms
from .parsed import parsed
from .relation import TELLING, asks_undergoer, main_verb, root_verb, says_verb

# What "says" things without being anyone: "the report said" names no one who said it.
_PAPERS = frozenset({"report", "reports", "statement", "statements", "study", "studies", "survey", "article",
                     "document", "documents", "data", "analysis", "filing", "review", "paper", "poll", "research",
                     "letter", "complaint", "lawsuit", "post", "video", "book", "story"})


_FROM = frozenset({"in", "from", "at"})


@lru_cache(maxsize=1024)  # asked of a question's few sentences that say its verb, by the pool and the short
def unnamed_subject(question: str, text: str) -> str | None:
    """The common noun that does the question's verb in ``text``, where no name does:
    "volunteers" of "Head librarian Priya Natarajan said volunteers carried the rarest maps
    to the upper floor" for "Who carried the rarest maps …?" (the librarian only said so),
    "Ukrainian workers" of "operated by Ukrainian workers", with the words that go on it
    before it; who tells it, for a question asking who did ("…, the town council said" for
    "Who said the library will stay closed?"); what the verb was done to where the question
    asks that ("Two men have been charged" for "Who was charged?"); None where a name, a
    pronoun or nothing does it, or without a spaCy pipeline."""
    verb = main_verb(question)
    telling = verb is None and root_verb(question) in TELLING
    if not telling and (verb is None or not says_verb(verb, text)):
        return None
    # "Who was charged?" asks what the verb was done to: "Two men have been charged …"
    undergoer = asks_undergoer(question)
    if undergoer and telling:
        return None
    doc = parsed(text)  # the sentence's one parse, shared with the other rules that read it
    for tok in doc if doc is not None else ():
        if tok.tag_.startswith("VB") and (tok.lower_ in TELLING if telling else norm(tok.lower_) == verb):
            # "volunteers carried …", or "operated by Ukrainian workers"
            by = next((c for c in tok.children if c.dep_ == "agent"), None)
            subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None) if undergoer else next(
                (c for c in (*tok.children, *(by.children if by is not None else ())) if c.dep_ in ("nsubj", "pobj")),
                None)
            # lower case, whatever the tag: the small model tags "council" of "the town council said" NNP
            # where it is from is no name of it: "a customer in Hamar found pieces of glass"
            where = next((c for c in subject.rights if c.dep_ == "prep" and c.lower_ in _FROM and not any(
                t.tag_.startswith("VB") or t.is_punct for t in c.subtree)), None) if subject is not None else None
            placed = {t.i for t in where.subtree} if where is not None else set()
            if subject is not None and subject.tag_.startswith("NN") and not subject.text[:1].isupper() and not (
                    telling and subject.lower_ in _PAPERS) and norm(subject.lower_) not in norms(question) and not any(
                    t.tag_ == "NNP" and t.text[:1].isupper() and t.i not in placed for t in subject.subtree):
                # no name in it either: "The minister, Ole Holm, announced …" is done by him
                words = [c for c in subject.lefts if c.dep_ in ("amod", "compound", "nummod")] + [subject]
                end = subject.idx + len(subject)
                of = next((c for c in subject.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
                if of is not None and not any(t.tag_.startswith("VB") or t.is_punct for t in of.subtree):
                    end = max(t.idx + len(t) for t in of.subtree)  # "group of 1,200 photographers"
                if placed:
                    end = max(end, *(t.idx + len(t) for t in where.subtree))  # "customer in Hamar"
                return text[words[0].idx:end]
    return None
