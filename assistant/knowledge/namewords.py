"""The words of a name as the text writes it, read off the parse: a name's capitalised words without titles ("Rep.
Jada Pinkett Smith's" → Jada, Pinkett, Smith), the tokens of the name a word heads, a surname the model called an
organisation, a name the parse took for a modal ("Will said") and a name whose verb is plural ("United are"). Used
by ``speakers``, ``quotes`` and ``headlines``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .names import clean

if TYPE_CHECKING:
    from spacy.tokens import Token

_NAME_WORD = re.compile(r"[A-ZÀ-Þ][\w'’.-]*")

def name_words(text: str) -> list[str]:
    """The capitalised words of a name, without titles or a possessive: "Rep. Jada Pinkett Smith's" → Jada, …; a
    name that is all titles is its own words ("King" for Billie Jean King)."""
    return _NAME_WORD.findall(clean(text, "person")) or _NAME_WORD.findall(re.sub(r"['’]s$", "", text.strip()))


def doc_text(doc: Any) -> str:
    """``doc.text``, joined once per doc: spaCy joins every token's text on each access."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def name_tokens(h: Token) -> list[Token]:
    """The words of the name ``h`` heads: it and its compound and flat words, not a name further down its phrase
    ("Paro, who sparred with Devin Haney": Paro)."""
    out, todo, text = [h], [h], doc_text(h.doc)
    while todo:  # not across a line: "Advertisement\n\nFoster said"
        todo += (new := [c for c in todo.pop().children if c.dep_ in ("compound", "flat")
                         and "\n" not in text[min(c.idx, h.idx):max(c.idx, h.idx)]])
        out += new
    return sorted(out, key=lambda t: t.i)


def plural_verb(t: Token) -> bool:
    """A name whose verb is plural ("United are", "Everton have"): a team or a family, not one person."""
    v = t.head
    return t.tag_ in ("NNP", "NN") and any(x.tag_ == "VBP" or x.lower_ == "were"
                                          for x in (v, *(c for c in v.children if c.dep_ in ("aux", "auxpass"))))


def surname_like(text: str) -> bool:
    """One capitalised word, not an acronym: a surname the model may have called an organisation ("Goeller")."""
    words = clean(text, "person").split()
    return len(words) == 1 and words[0][:1].isupper() and not words[0].isupper() and words[0].isalpha()


def name_as_modal(t: Token) -> bool:
    """A name the parse took for a modal: "Will said" ("will" before a past or present tense or a participle is no
    modal)."""
    return t.dep_ == "aux" and t.tag_ == "MD" and t.is_title and t.head.tag_ in ("VBD", "VBZ", "VBN") \
        and t.i < t.head.i and not any(c.dep_ == "nsubj" for c in t.head.children)
