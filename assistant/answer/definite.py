"""A sentence's "the bridge" read as the thing its report's title names.

A report names its subject in full once, in the title or the lead ("Mayor opens the new
Millbrook river bridge"), and then says "the bridge" or "the steel bridge". A yes/no
question names it in full ("Is the new Millbrook river bridge built of wood?"), so the
sentence that decides it ("The steel bridge … was built by …") holds too few of the
question's words and not its name, and decides nothing. Here a definite "the … bridge"
in a sentence stands for a thing the question names when the report's title names it
too, every word of it: the title says which bridge the report is about. Only a phrase
with a name in it ("Millbrook") and a common noun at its end, and only a definite
reference with no name of its own between "the" and the noun ("the Eastfield bridge" is
another bridge); a pronoun ("It later delivered …") is not read, as it may point to any
of several names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .asked import tagged
from .language import is_capitalized, norm, norms, same_term, tokens
from .parsed import parsed

_BETWEEN = 2  # lower-case words a definite reference may hold before its noun ("the old steel bridge")


@lru_cache(maxsize=256)  # asked for each sentence that may decide one question
def named_things(question: str) -> tuple[tuple[str, str], ...]:
    """The phrases of ``question`` that name a thing: a run of adjectives and nouns holding
    a proper noun and ending with a common noun, as (the phrase, its head noun normalised):
    ("new Millbrook river bridge", "bridg"). Empty without a spaCy pipeline."""
    doc = tagged(question)
    if doc is None:
        return ()
    out: list[tuple[str, str]] = []
    run: list = []
    for tok in [*doc, None]:
        if tok is not None and (tok.tag_.startswith("NN") or tok.tag_ in ("JJ", "HYPH")):
            run.append(tok)
            continue
        heads = [i for i, t in enumerate(run) if t.tag_ in ("NN", "NNS")]
        if heads and any(t.tag_.startswith("NNP") for t in run[:heads[-1]]):
            phrase = run[:heads[-1] + 1]
            out.append((" ".join(t.text for t in phrase), norm(phrase[-1].text)))
        run = []
    return tuple(out)


def refers(text: str, head: str) -> bool:
    """Whether ``text`` says "the … <head>" with at most ``_BETWEEN`` lower-case words between."""
    found = tokens(text)
    for i, (word, _, _) in enumerate(found):
        if not same_term(norm(word), head):
            continue
        for j in range(i - 1, max(i - _BETWEEN - 2, -1), -1):
            before = found[j][0]
            if before.lower() == "the":
                return True
            if is_capitalized(before) or not before.isalpha():
                break
    return False


def resolved(question: str, text: str, title: str) -> str:
    """The phrases of ``question`` that ``text`` refers to by a definite noun and ``title``
    names in full, joined: words the sentence says through its reference."""
    if not title:
        return ""
    said = norms(title)
    out = [phrase for phrase, head in named_things(question)
           if refers(text, head) and all(any(same_term(w, t) for t in said) for w in norms(phrase))]
    return " ".join([*out, *subject_named(question, text, title)])


# The report's subject, as a sentence opens on it: "The company also said …".
_THE_BODY = re.compile(r"\W*the\s+(?:company|firm|airline|carrier|group|bank|club|team|council|business|retailer|"
                       r"carmaker|manufacturer|orchestra|school|party|union|government|ministry|agency|court)\b", re.I)
_NAME_RUN = re.compile(r"[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*")


def subject_named(question: str, text: str, title: str) -> list[str]:
    """The question's name that ``text``, opening "The company …", stands for: the one name its
    report's title gives ("Kestrel Air swings to a profit …"). Nothing where the title names
    more than one thing, or is written in capitals throughout: then which is meant is unsure."""
    runs = _NAME_RUN.findall(title)
    if len(runs) > 1 and " " not in runs[0] and title.lstrip().startswith(runs[0]) and (
            (doc := parsed(title)) is not None and len(doc) and doc[0].tag_ not in ("NNP", "NNPS")):
        runs = runs[1:]  # "Shipping group Havline doubles profit": "Shipping" is capitalised as the first word
    if not _THE_BODY.match(text) or len(runs) != 1 or len(runs[0].split()) * 2 > len(title.split()):
        return []
    said = {norm(w) for w in runs[0].split()}
    return [word for word, _, _ in tokens(question)[1:] if is_capitalized(word) and norm(word) in said]
