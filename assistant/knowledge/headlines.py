"""Attributions set by layout rather than by a parse: a paragraph that opens with who speaks and a colon ("Ann Lee,
the mayor: “…”", an interview's "LEE: We started …", a headline "Lee: Talks will go on"), and a headline that ends
with who spoke ("Talks will go on – Lee", "…: Lee") or opens with them and a speech verb ("Lee says talks will go
on"). Headlines parse badly, so these read the words and the caller's mentions, not the dependency tree; the one
who speaks must be a mention of the block, or a word of a person's full name given in it ("KING" for Billie Jean
King). A listing's fields ("Cast: …", "Date: …") and a caption's credit ("… Photograph: Apple") are no one speaking.
Used by ``quotes.find_quotes``; a change to what these rules find raises ``nlp.RULES_VERSION``."""

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
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my|we|We|we're|we’re|us|our|Our)\b")
_YOU = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ou're|[Yy]ou’re|[Yy]ou've|[Yy]ou’ve)\b")
_NOTE = re.compile(r"\b(?:[Tt]his|[Tt]he) (?:interview|conversation|transcript|Q&A) (?:has been|was|is)\b")
_SAYING = _FINITE | {"VB"}  # verbs that make words a saying, not a listing's value
_OPENING_MARKS = "\"“‘«'"
_MEANING = ("NN", "JJ", "RB")  # nouns, adjectives, adverbs
# A caption's credit before its colon: "… their own demise Credit: Getty", "Photo: Ann Lee".
_CREDIT = re.compile(r"(?i)\b(?:credits?|photo(?:graph)?s?|images?|pictures?|pictured|illustrations?|via|source)\s*$")
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
    """The turns of a question-and-answer interview after its first exchange ("AP: …" then "KING: We started …"),
    whose later paragraphs name no one: one that asks (ends with "?", opens with "You" or with the first name of
    someone the story names, "Sam, you said …") is the interviewer's, and those after it are the interviewee's until
    the next question. The exchange must be a person or organisation asking and a person answering in the first
    person, so that a list of players, teams or countries with a colon ("Ann Lee: the favourite at +300",
    "Canada: DAZN") and a FAQ after it are no interview. The asker stays for the article; each new name that
    answers ("Mulligan: …", then "Reich: …") is the one answering, a question to "Anna, …" is answered by Anna,
    and "AH: …" is the one of them with those initials (initials of no one end the turn). A heading, a line in
    capitals or an editor's note ends the interview, and a paragraph that reports the interviewee's speech in the
    third person ("she said") the answer; a line of three words or fewer that asks nothing (a subheading) is passed
    over. (A key the layout made for a name the model missed, "+start:end", has no name here.)"""
    kinds = {sp.key: sp.kind for sp in art.speakers}
    names = {sp.key: tuple(name_words(sp.text)) for sp in art.speakers}  # a key is one mention: its name
    firsts = {w[0] for k, w in names.items() if kinds[k] == "person" and len(w) > 1}
    out: list[Layout] = []
    asker: Layout | None = None
    answerer: Layout | None = None
    turn: Layout | None = None
    answered: list[Layout] = []  # everyone who has answered so far
    for i, (lo, hi, heading, found) in enumerate(paragraphs):
        if found is not None:
            if asker is None:
                if i and _exchange(art, paragraphs[i - 1][3], found, kinds):
                    asker, answerer = paragraphs[i - 1][3], found
            elif found.verb is None and not found.heading:
                answerer = found if found.key != asker.key else answerer  # several answer: "Mulligan: …", "Reich: …"
            else:  # a headline's "… – Lee", "Lee says …": the page has moved on
                asker = answerer = None
            if answerer is not None and all(x.key != answerer.key for x in answered):
                answered.append(answerer)
            keys = (asker.key, answerer.key) if asker is not None and answerer is not None else ()
            turn = found if found.key in keys else None
            continue
        words = art.text[lo:hi]
        if asker is None or answerer is None or (len(words.split()) <= 3 and not words.endswith("?")):
            continue
        if heading or _NOTE.search(words) or sum(c.isupper() for c in words) > sum(c.islower() for c in words):
            asker = answerer = turn = None  # a headline, or the editor's "This interview has been edited …"
            continue
        label = _LEAD.match(art.text, lo, hi)
        if label is not None and re.fullmatch(r"[A-Z]{2,4}", label.group(1)):  # "AH: …" for Alex Heath
            turn = next((x for x in (asker, *answered) if label.group(1) == _initials(names.get(x.key, ()))), None)
            if turn is not None:
                out.append(Layout(label.end(), hi, turn.name_start, turn.name_end, turn.key, None, False, turn=True))
            continue
        vocative = re.match(r"([A-Z][a-z]+), ", words)
        if words.endswith("?") or re.match(r"(?:You|Your)\b", words) or (vocative and vocative.group(1) in firsts):
            turn = asker
            if vocative is not None:  # "Anna, you said …": the answer after it is Anna's
                answerer = next((x for x in reversed(answered) if names.get(x.key, ())[:1] == (vocative.group(1),)),
                                answerer)
        elif turn is None or _told_of(art, lo, hi, answerer.key, speech):
            turn = None
            continue
        else:
            turn = answerer
        out.append(Layout(lo, hi, turn.name_start, turn.name_end, turn.key, None, False, turn=True))
    return out


def _exchange(art: Any, asks: Layout | None, answers: Layout, kinds: dict[str, str]) -> bool:
    """Whether two paragraphs in a row open an interview: an outlet, or a person who asks, then a person answering
    in the first person. A run of people's own comments ("Ann Lee, 34: I think …") asks nothing."""
    if asks is None or asks.verb is not None or asks.heading or answers.verb is not None or answers.heading or (
            asks.key == answers.key or kinds.get(answers.key) != "person"):
        return False
    asking = kinds.get(asks.key) == "org" or (kinds.get(asks.key) == "person" and (
        "?" in art.text[asks.start:asks.end] or _YOU.search(art.text, asks.start, asks.end) is not None))
    return asking and _FIRST_PERSON.search(art.text, answers.start, answers.end) is not None


def _initials(name: tuple[str, ...]) -> str:
    return "".join(w[0] for w in name) if len(name) > 1 else ""


def _told_of(art: Any, lo: int, hi: int, key: str, speech: frozenset[str]) -> bool:
    """Whether the paragraph at ``lo:hi`` reports ``key``'s speech as a reporter would ("King added", or "she said"
    in a paragraph that says nothing in the first person: "my coach told me, he said" is still an answer)."""
    own = _FIRST_PERSON.search(art.text, lo, hi) is not None
    for t in _tokens(art, lo, hi):
        if t.dep_ not in ("nsubj", "nsubjpass") or t.head.lower_ not in speech | _SAID:
            continue
        if (t.lower_ in ("he", "she") and not own) or (art.mention(t) is not None and art.resolve(t, False) == key):
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
    # A headline's words say something ("No more excuses"), a listing's field does not ("Brewers: Ann Lee, Bo Li",
    # "Date: Monday, Oct. 30"); under a label the text uses for nothing else, a saying needs a verb ("Genre: Action
    # and adventure").
    if heading and art.text[m.end()] not in _OPENING_MARKS and not _says_something(
            art, m.end(), hi, verb=not _named_elsewhere(art.text, art.text[a:name_end])):
        return None
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
            r"[.!?]\s", art.text[lo:m.start()]) or "," in m.group(1) or (art.text[m.start()] == ":" and (
            _CREDIT.search(art.text, lo, m.start()) or not _says_something(art, lo, m.start()))):
        # not a caption's credit ("… in nine games. Photograph: Ann Lee/Getty Images", "… Credit: Getty"), nor a
        # listing's line ("State League Club: Peel Thunder", "Our picks – Ann Lee, Bo Li")
        return None
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


def _says_something(art: Any, a: int, b: int, verb: bool = True) -> bool:
    """Whether the words at ``a:b`` are said: they ask or exclaim ("Crisis? What crisis?"), or hold a verb that is
    no participle ("is", "will", "to help"), or unless ``verb``, a noun, adjective or adverb in lower case ("No more
    excuses"); a listing's values do not ("Ann Lee, Bo Li", "Lions 26, Raiders 14", "1998 to 2002", with ``verb``
    "Action and adventure", "ball-winning")."""
    return any(t.tag_ in _SAYING or t.text in ("?", "!") or (
        not verb and t.is_alpha and t.is_lower and t.tag_.startswith(_MEANING)) for t in _tokens(art, a, b))


def _named_elsewhere(text: str, name: str) -> bool:
    """Whether ``name`` is in ``text``, capitalised, other than as a paragraph's opening label ("Cast: …"); in any
    case, so that an interview's "KING:" is the "King" of the story."""
    label = re.compile(rf"(?im)^[ \t]*{re.escape(name)}[ \t]*:")
    named = re.finditer(rf"(?i)(?<![\w-]){re.escape(name)}(?![\w-])", text)
    return sum(m.group()[:1].isupper() for m in named) > len(label.findall(text))


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
