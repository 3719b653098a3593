"""Attributions set by layout rather than by a parse: a paragraph that opens with who speaks and a colon ("Ann Lee,
the mayor: “…”", an interview's "LEE: We started …", a headline "Lee: Talks will go on"), and a headline that ends
with who spoke ("Talks will go on – Lee", "…: Lee") or opens with them and a speech verb ("Lee says talks will go
on"). Headlines parse badly, so these read the words and the caller's mentions, not the dependency tree; the one
who speaks must be a mention of the block, or a word of a person's full name given in it ("KING" for Billie Jean
King). Used by ``quotes.find_quotes``."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from .names import PLACES, clean, fold
from .namewords import name_words

_LEAD = re.compile(r"[ \t]*([^:\n\"“”«»]{1,90}?)[ \t]*:[ \t]+(?=\S)")  # "Ann Lee, the mayor: "
_TAIL = re.compile(r"(?:\s[–—-]|:)\s+([^–—:\n]{1,40}?)\s*$")  # " – Lee", ": Lee" at a headline's end
# An embedded post's credit line: "… — Ann Lee (@annlee) May 2, 2024" (the name, then anything before the handle).
_POST = re.compile(r"\s[—–-]+\s*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[^\n(@]{0,12}\(@\w{1,30}\)"
                   r"[ \t]*[A-Z][a-z]+\.?[ \t]+\d{1,2},[ \t]+\d{4}[ \t]*$")
_STOPS = tuple(".?!;\"“”'‘’)]…»")
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Words a headline opens with before a colon that say what the piece is, not who speaks ("Watch: …").
_KICKER_WORDS = ("watch live breaking opinion analysis exclusive update updated video photos photo pictures "
                 "explainer review editorial podcast interview poll quiz recap timeline factbox comment letters "
                 "obituary report read related revealed pictured listen latest more")
KICKERS = frozenset(_KICKER_WORDS.split())
_NOTE = re.compile(r"\b(?:[Tt]his|[Tt]he) (?:interview|conversation|transcript|Q&A) (?:has been|was|is)\b")
_SAID = frozenset({"said", "says", "added", "adds", "told", "explained", "recalled"})
_MAX_TITLE_WORDS = 4  # words before a name that say who it is: "Actor Sir Ian McKellen"


@dataclass(frozen=True)
class Layout:
    """A paragraph's attribution: what is said (character span), who says it (the name's span and key), the verb."""
    start: int
    end: int
    name_start: int
    name_end: int
    key: str
    verb: str | None
    heading: bool  # a line without a closing stop: a headline, a promotion
    turn: bool = False  # an interview's paragraph whose speaker its place in the exchange gives


def layouts(art: Any, speech: frozenset[str]) -> list[Layout]:
    """The attributions that the layout of ``art``'s paragraphs gives (``art``: a ``quotes._Article``)."""
    text, paragraphs = art.text, []
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        lo, hi = m.start(), m.start() + len(m.group().rstrip())
        heading = not text[lo:hi].endswith(_STOPS)
        found = _post(art, lo, hi) or _lead(art, lo, hi, heading) or (
            _tail(art, lo, hi) or _says(art, lo, hi, speech) if heading else None)
        paragraphs.append((lo, hi, heading, found))
    return [f for *_, f in paragraphs if f is not None] + _interview(art, paragraphs, speech)


def _interview(art: Any, paragraphs: list[tuple[int, int, bool, Layout | None]],
               speech: frozenset[str]) -> list[Layout]:
    """The turns of a question-and-answer interview after its first exchange ("AP: …" then "KING: …"), whose later
    paragraphs name no one: one that asks (ends with "?", or opens with "You") is the interviewer's, and those after
    it are the interviewee's until the next question. A heading, a paragraph with a layout of its own, or one that
    reports the interviewee's speech in the third person ("she said") ends the answer."""
    out: list[Layout] = []
    asker: Layout | None = None
    answerer: Layout | None = None
    turn: Layout | None = None
    for i, (lo, hi, heading, found) in enumerate(paragraphs):
        before = paragraphs[i - 1][3] if i else None
        if found is not None:
            exchange = (before is not None and before.verb is None and not before.heading and found.verb is None
                        and not found.heading and before.key != found.key)
            if exchange:
                asker, answerer = before, found
            turn = found if asker is not None and found.key in (asker.key, answerer.key) else None  # type: ignore[union-attr]
            if turn is None:
                asker = answerer = None
            continue
        words = art.text[lo:hi]
        if asker is None or answerer is None or heading or _NOTE.search(words):
            turn = None  # (and an editor's note, "This interview has been edited for length", ends it)
            continue
        if words.endswith("?") or re.match(r"(?:You|Your)\b", words):
            turn = asker
        elif turn is None or _told_of(art, lo, hi, answerer.key, speech):
            turn = None
            continue
        else:
            turn = answerer
        out.append(Layout(lo, hi, turn.name_start, turn.name_end, turn.key, None, False, turn=True))
    return out


def _told_of(art: Any, lo: int, hi: int, key: str, speech: frozenset[str]) -> bool:
    """Whether the paragraph at ``lo:hi`` reports ``key``'s speech as a reporter would ("she said", "King added")."""
    for t in _tokens(art, lo, hi):
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lower_ in speech | _SAID and (
                t.lower_ in ("he", "she") or art.resolve(t, False) == key):
            return True
    return False


def _lead(art: Any, lo: int, hi: int, heading: bool) -> Layout | None:
    """ "NAME[, who they are]: what they said"."""
    m = _LEAD.match(art.text, lo, hi)
    if m is None or len(art.text[m.end():hi].split()) < 2 or art.text[lo:hi].upper() == art.text[lo:hi]:
        return None  # nor a headline in capitals: "FLU VACCINES ARE AVAILABLE: SEE WHAT DOCTORS SAY"
    a, b = m.span(1)
    # then who they are or what about: "Ann Lee, the mayor:", "Lee on the floods:"
    name_end = a + len(re.split(r",| on ", art.text[a:b])[0].rstrip())
    if any(t.tag_ in _FINITE for t in _tokens(art, a, name_end)):
        return None  # "The ban was proposed in a statement: …": a sentence, not a name
    key = _key(art, a, name_end)
    return None if key is None else Layout(m.end(), hi, a, name_end, key, None, heading)


def _post(art: Any, lo: int, hi: int) -> Layout | None:
    """ "what they posted — NAME (@handle) Month D, YYYY": an embedded post, their words."""
    m = _POST.search(art.text, lo, hi)
    key = _key(art, *m.span(1)) if m is not None and len(art.text[lo:m.start()].split()) >= 3 else None
    return None if key is None else Layout(lo, m.start(), *m.span(1), key, None, False)


def _tail(art: Any, lo: int, hi: int) -> Layout | None:
    """ "what they said – NAME" """
    m = _TAIL.search(art.text, lo, hi)
    if m is None or len(art.text[lo:m.start()].split()) < 3 or "/" in m.group(1) or re.search(
            r"[.!?]\s", art.text[lo:m.start()]):
        return None  # not a caption's credit: "… in nine games. Photograph: Ann Lee/Getty Images"
    key = _key(art, *m.span(1))
    return None if key is None else Layout(lo, m.start(), *m.span(1), key, None, True)


def _says(art: Any, lo: int, hi: int, speech: frozenset[str]) -> Layout | None:
    """ "NAME says what" """
    toks = _tokens(art, lo, hi)
    for n in range(1, min(4, len(toks) - 2) + 1):
        verb = toks[n]
        if verb.lower_ in speech and (verb.lower_.endswith("s") or verb.tag_ in _FINITE):
            key = _key(art, lo, toks[n - 1].idx + len(toks[n - 1].text))
            rest = [t for t in toks[n + 1:] if not (t.i == verb.i + 1 and t.lower_ == "that")]
            if key is None or len(rest) < 2:
                return None
            return Layout(rest[0].idx, hi, lo, toks[n - 1].idx + len(toks[n - 1].text), key, verb.text, True)
    return None


def _tokens(art: Any, a: int, b: int) -> list[Any]:
    return list(art.doc[bisect_left(art.tok_idx, a):bisect_left(art.tok_idx, b)])


def _key(art: Any, a: int, b: int) -> str | None:
    """Who the words at ``a:b`` name: a mention ending there (after at most a few title words), a mention elsewhere
    in the block written the same, or the one person whose full name holds them."""
    name = art.text[a:b].strip()
    words = name.split()
    if not words or len(words) > _MAX_TITLE_WORDS + 3 or not all(w[:1].isupper() or w[:1] in "&'" for w in words) or (
            len(name) < 2):
        return None  # not an interview's "Q:"
    for sp in art.speakers:
        # A place speaks only as the whole name ("UK: …").
        if a <= sp.start < b and abs(sp.end - b) <= 2 and len(art.text[a:sp.start].split()) <= _MAX_TITLE_WORDS and (
                sp.kind in ("person", "org") or sp.start - a <= 4):
            return sp.key
    if len(words) > 3:
        return None
    folded = fold(clean(name, "person") or name)
    same = [sp for sp in art.speakers if sp.kind in ("person", "org") and fold(clean(sp.text, sp.kind)) == folded]
    if same:
        return same[0].key
    toks = _tokens(art, a, b)
    titled = " ".join(w.title() if w.isupper() and len(w) > 2 else w for w in words)
    if toks and name_words(titled) and (j := art.named_at(toks[0], titled)) is not None:
        return art.speakers[j].key
    # A name the model missed in a headline of its own ("Merz: …"): keyed "+start:end" for the caller to add.
    if toks and all(t.tag_ in ("NNP", "NNPS", "NN") and t.is_alpha and t.is_title for t in toks) and (
            fold(name) not in PLACES and clean(name, "person") == name and fold(words[0]) not in KICKERS):
        return f"+{toks[0].idx}:{toks[-1].idx + len(toks[-1].text)}"
    return None
