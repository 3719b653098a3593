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

from functools import lru_cache

from .asked import tagged
from .language import is_capitalized, norm, norms, same_term, tokens

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
    return " ".join(out)
