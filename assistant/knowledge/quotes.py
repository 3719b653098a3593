"""Quote attribution: who said what in one parsed article, as direct quotes and reported speech.

``find_quotes(doc, speakers)`` finds quoted spans in any common style (“…”, "…", «…», ‘…’, '…'), links each to
its speech verb by spaCy's dependency parse (else by position: the verb beside it, the other half of a broken
quote, the sentence before or after) and resolves the verb's subject to one of the caller's keyed mentions,
directly or as a pronoun or description ("she", "the French minister") pointing back to the latest that fits.
Reported speech ("X said that …", "according to X, …") is kind "indirect". It finds and merges no entities
and never guesses: when the text does not settle who spoke, ``speaker_key`` is None."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from .continuation import carried_on, follows_on, runs_on, thinker
from .headlines import layouts
from .marks import segments, stray_mark
from .names import PLACES, clean, fold
from .namewords import name_as_modal, name_tokens, name_words
from .reported import aside as said_aside
from .reported import claims, colon_opener, credited, embedding_verb, goes_on, opens_clause, reported_clause
from .speakers import MEDIA, SUBJECTS, Resolver, Speaker
from .tags import is_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

@dataclass(frozen=True)
class FoundQuote:
    """A quote's verbatim span in ``doc.text``, how it was said, and whose it is (None: not settled)."""
    start: int  # direct: the quoted words without the marks; indirect: the reported clause
    end: int
    kind: str  # "direct" | "indirect"
    verb: str | None  # "said", "told", "is quoted as saying", "said in a statement", "according to"
    said_as: str | None  # the words naming the speaker there: "Lecornu", "he", "the ministry"
    speaker_key: str | None


def _set(words: str, verbs_too: str | None = None) -> frozenset[str]:
    """The words; or with ``verbs_too``, each as a verb in all its forms ("warn": warns, warned, warning) and those."""
    if verbs_too is None:
        return frozenset(words.split())
    out = set(verbs_too.split())
    for b in words.split():
        if b.endswith("e"):
            out |= {b, b + "s", b + "d", b[:-1] + "ing"}
        elif b.endswith("y") and b[-2] not in "aeiou":
            out |= {b, b[:-1] + "ies", b[:-1] + "ied", b + "ing"}
        else:
            out |= {b, b + ("es" if b.endswith(("s", "sh", "ch", "x")) else "s"), b + "ed", b + "ing"}
    return frozenset(out)


_SPEECH = _set("say tell add state note explain stress emphasise emphasize warn announce declare insist argue claim "
               "write tweet post ask reply answer comment remark observe acknowledge confirm deny suggest recall "
               "conclude predict promise pledge vow urge caution concede counter respond reiterate maintain assert "
               "report reveal mention joke shout speak criticise criticize disagree allege complain contend quote "
               "cite thank advise confess specify clarify speculate recommend point describe call rule order testify "
               "estimate share",
               "said told wrote spoke admit admits admitted admitting quip quipped continued read reads found sang "
               "sings")
# Verbs that call something by quoted words: speech when the words are quoted ("described it as a “win-win”").
_NAMING = _set("describe call refer label dub term brand hail characterise characterize frame",
               "referred referring")
# What a headline opens with after its speaker ("Lee says talks will go on", "UK promises to send drones").
_HEADLINE = _set("say confirm deny promise warn urge insist claim vow pledge admit reveal announce argue predict",
                 "tells")
_UP = frozenset({"ccomp", "xcomp", "parataxis", "conj", "advcl"})  # a clause reporting to the verb above it
# How a quote's own root may hang off the verb that gives it (not amod or compound: "a “historic” visit").
_FIRST = _UP | _set("dobj nsubj nsubjpass attr oprd dep acomp npadvmod intj prep csubj neg advmod")
_FINITE = _set("VBD VBZ VBP MD")
_STOPS = tuple(".?!:;\"“”'‘’)]…»")


def _majority(speakers: Sequence[Speaker]) -> list[Speaker]:
    """The speakers, a "person" the model labels an organisation as often in the article made one ("OpenAI" twice
    a person, twice an organisation), unless a full name ends in it ("Gellar"); a place label says less (the model
    makes many first names places)."""
    kinds: dict[str, Counter[str]] = {}
    for sp in speakers:
        kinds.setdefault(fold(clean(sp.text, sp.kind)), Counter())[sp.kind] += 1
    surnames = {fold(n[-1]) for sp in speakers if sp.kind == "person" and len(n := name_words(sp.text)) > 1}
    return [replace(sp, kind="org") if sp.kind == "person" and (form := fold(clean(sp.text, sp.kind))) not in surnames
            and kinds[form]["org"] >= kinds[form]["person"] else sp for sp in speakers]


class _Article(Resolver):
    """One article's parse, its quoted spans and speaker mentions, and the lookups that link and resolve them."""

    def __init__(self, doc: Doc, speakers: Sequence[Speaker]) -> None:
        self.doc, self.text = doc, doc.text
        self.segs = segments(self.text)
        # Whole-document passes read spaCy's arrays: a Token object per word would be most of the cost.
        num = doc.to_array(["IDX", "HEAD", "SENT_START", "IS_ALPHA"]).astype(np.int64).reshape(-1, 4)
        lower, dep = doc.to_array(["LOWER", "DEP"]).reshape(-1, 2).T
        self.tok_idx, self.alpha = num[:, 0].tolist(), num[:, 3].astype(bool)
        self.heads = (np.arange(len(doc)) + num[:, 1]).tolist()
        qid = np.full(len(doc), -1)  # the quoted span each token sits in, -1 for none
        self.ranges = [(bisect_left(self.tok_idx, s), bisect_left(self.tok_idx, e)) for s, e, _ in self.segs]
        for k, (a, b) in enumerate(self.ranges):
            qid[a:b] = k
        self.qid, outside = qid.tolist(), qid < 0
        starts = (num[:, 2] == 1) | (np.arange(len(doc)) == 0)
        # A paragraph starts a sentence whatever the parser says; a line that ends without a stop is an aside (a
        # caption, a heading, a newsletter promotion) that a pronoun does not point into.
        tok_arr, aside = np.asarray(self.tok_idx), np.zeros(len(doc), dtype=bool)
        paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", self.text)]
        starts[np.searchsorted(tok_arr, [a + len(self.text[a:b]) - len(self.text[a:b].lstrip()) for a, b in paras])
               .clip(0, max(len(doc) - 1, 0))] = len(doc) > 0
        for a, b in paras:  # and a line in capitals: a promotion ("SEE WHAT DOCTORS SAY")
            if (not self.text[a:b].rstrip().endswith(_STOPS) and b < paras[-1][1]) or (
                    len((line := self.text[a:b]).split()) >= 3 and line.upper() == line != line.lower()):
                aside[np.searchsorted(tok_arr, a):np.searchsorted(tok_arr, b)] = True
        self.sent_starts = [*np.flatnonzero(starts).tolist(), len(doc)]  # and where the last one ends
        self.prose = np.zeros(len(self.sent_starts), dtype=bool)  # sentences with words outside quotes
        self.prose[(np.cumsum(starts) - 1)[outside & self.alpha & ~aside]] = True
        strings = doc.vocab.strings
        self.first_dep = np.isin(dep, [strings[d] for d in _FIRST]).tolist()
        self.subjects = np.flatnonzero(outside & ~aside & np.isin(dep, [strings[d] for d in SUBJECTS])).tolist()
        ids = {strings[w] for w in (*_SPEECH, "according")}  # a set: np.isin would sort all the words
        self.verbs = [i for i, w in enumerate(lower.tolist()) if w in ids and self.qid[i] < 0 and self.speech(doc[i])]
        self.speakers = sorted((s for s in _majority(speakers)
                                if self.qid[bisect_right(self.tok_idx, s.start) - 1] < 0), key=lambda s: s.start)
        self.speakers = sorted(self.speakers + self.unnamed(aside), key=lambda s: s.start)
        self.verb_set = set(self.verbs)
        self.subjects = sorted(self.subjects + [i for i in np.flatnonzero(outside & ~aside & (dep == strings["aux"]))
                                                .tolist() if self.heads[i] in self.verb_set and name_as_modal(doc[i])])
        self.sp_aside = [bool(aside[bisect_right(self.tok_idx, s.start) - 1]) for s in self.speakers]
        self.sp_starts, self.sp_heads = [s.start for s in self.speakers], []  # head: "Minister Ann Lee" → Lee
        for sp in self.speakers:
            t = doc[bisect_right(self.tok_idx, sp.end - 1) - 1]
            while t.dep_ in ("compound", "flat") and sp.start <= t.head.idx < sp.end:
                t = t.head
            self.sp_heads.append(t)
        self.init_resolver()

    def speech(self, t: Token, words: frozenset[str] = _SPEECH) -> bool:
        """An act of saying: not "was told", "must acknowledge", "did not say", "declined to comment"."""
        low = t.lower_
        if low == "according":
            return any(c.lower_ == "to" for c in t.children)
        if not t.tag_.startswith("VB") or low not in words:
            return False
        if (low.startswith("point") and not any(c.dep_ == "prt" and c.lower_ == "out" for c in t.children)) or (
                words is _SPEECH and low.startswith("call") and not any(c.lower_ == "for" or any(
                    g.lower_ == "for" and g.dep_ == "mark" for g in c.children) for c in t.children)):
            return False  # "pointed out that …", not "pointed to the door"; "called for", not "called him"
        if low.startswith("read") and not any(c.dep_ in ("nsubj", "dobj") and c.lower_ in MEDIA for c in t.children):
            return False  # "the statement reads", not "she read the book"
        if low.startswith("continu") and any(c.dep_ in ("xcomp", "dobj") and self.qid[c.i] < 0 for c in t.children):
            return False  # "continued to do", "continued her work"
        passive = ("auxpass", "nsubjpass") if low not in ("quoted", "cited") else ()
        if passive and t.tag_ == "VBN" and not any(c.dep_ == "aux" for c in t.children):
            return False  # a bare participle is passive too: "Asked about it, she replied"
        return not any(c.dep_ in passive or c.dep_ == "neg" or (
            c.dep_ == "aux" and c.tag_ in ("MD", "TO") and not name_as_modal(c) and not (c.tag_ == "TO" and goes_on(t)))
            for c in t.children if self.qid[c.i] < 0)

    def unnamed(self, aside: np.ndarray) -> list[Speaker]:
        """People the model missed who speak by name ("Brus said"): a speech verb's subject of one to three
        capitalised words that no mention covers, not a known place; keyed "+start:end" for the caller to add."""
        out, taken = [], [(sp.start, sp.end) for sp in self.speakers]
        known = {w for sp in self.speakers if sp.kind == "person" for w in name_words(sp.text)}  # "Oliver": resolved
        for v in self.verbs:
            t = self.subject_of(self.doc[v])
            if t is None or t.tag_ != "NNP" or aside[t.i]:
                continue
            words = name_tokens(t)
            lo, hi = words[0].idx, words[-1].idx + len(words[-1].text)
            name = self.text[lo:hi]
            if (len(words) > 3 or words[-1].i - words[0].i != len(words) - 1 or not all(
                    w.is_title and w.is_alpha for w in words) or fold(name) in PLACES or clean(name, "person") != name
                    or any(a < hi and lo < b for a, b in taken) or set(name.split()) <= known):
                continue
            taken.append((lo, hi))
            out.append(Speaker(lo, hi, name, "person", f"+{lo}:{hi}"))
        return out

    def is_person(self, t: Token) -> bool:
        """Whether ``t`` is a person: he or she, a person mention, a word of a person's name."""
        sp = self.mention(t)
        return t.lower_ in ("he", "she") or (sp.kind == "person" if sp is not None else
                                              self.is_name(t) and self.named_at(t) is not None)

    def verbs_between(self, lo: int, hi: int) -> list[Token]:
        return [self.doc[i] for i in self.verbs[bisect_left(self.verbs, lo):bisect_left(self.verbs, hi)]]

    def verb_of(self, a: int, b: int) -> Token | None:
        """The speech verb the parse hangs quoted tokens ``a:b`` off (either way round), else one right beside."""
        found = []
        for i in range(a, b):
            if a <= self.heads[i] < b or self.heads[i] == i or not self.first_dep[i]:
                continue
            h = self.doc[self.heads[i]]
            for _ in range(3):
                if self.qid[h.i] >= 0 or self.speech(h) or h.dep_ not in _UP or h.head.i == h.i:
                    found += [h] if self.qid[h.i] < 0 and self.speech(h) else []
                    break
                h = h.head
        s0, s1 = self.sent(a), self.sent(b - 1)
        nearby = self.verbs_between(self.sent_starts[s0], self.sent_starts[s1 + 1])
        for v in nearby:  # or the verb hangs off the quote ("“…,” he said" parsed as its parataxis)
            h = v.i
            for _ in range(3):
                h = self.heads[h]
                if a <= h < b or self.qid[h] >= 0 or self.heads[h] == h:
                    found += [v] if a <= h < b else []
                    break
        found = [v for v in found if "\n" not in self.text[min(v.idx, self.tok_idx[a]):max(v.idx, self.tok_idx[b - 1])]]
        if any(v.lower_ != "according" for v in found):  # "X told them, “…”, according to Y": X spoke, Y passed it on
            found = [v for v in found if v.lower_ != "according"]
        # "After a fan shouted: “…”, he responded": the verb that opens the quote, whatever the parse hangs it off.
        opening = [v for v in nearby if v.i < a and all(t.is_punct for t in self.doc[v.i + 1:a])]
        opening = opening or colon_opener(self, a, nearby)
        if not opening and not found:  # "She described it as a “win-win”": the words it is called, further down
            found = [h for h in (self.naming(i) for i in range(a, b) if not a <= self.heads[i] < b) if h is not None]
        if opening or found:
            return self.inner(opening[-1] if opening else min(found, key=lambda v: min(abs(v.i - a), abs(v.i - b))), b)
        # The parse went astray, or split a bare "he said." off: a verb with only its subject or listener between.
        for v in self.verbs_between(self.sent_starts[s0], self.sent_starts[min(s1 + 2, len(self.sent_starts) - 1)]):
            gap = [t for t in (self.doc[b:v.i] if v.i >= b else self.doc[v.i + 1:a]) if not t.is_punct]
            subj = self.subject_of(v)  # after the quote, its subject must come after it too: not "X, titled “Y”, warns"
            if len(gap) <= 5 and not any(self.qid[t.i] >= 0 or is_verb(t) or "\n" in t.text
                                         for t in gap) and (
                    v.tag_ in _FINITE or v.lower_ == "according") and (v.i < b or subj is None or subj.i >= b) and (
                    v.i < b or self.sent(v.i) <= s1 or not any(c.dep_ == "ccomp" for c in v.children)):
                return v
        return None

    def naming(self, i: int) -> Token | None:
        """The verb that calls something by the quoted words token ``i`` heads, directly or through "as": "described
        him as an appointment “…”", "called it “…”" (not "so-called")."""
        start, end, _ = self.segs[self.qid[i]]
        long = [w for w in self.text[start:end].split() if len(w) > 3 and w[0].isalpha()]
        if not (self.first_dep[i] or self.doc[i].dep_ == "pobj") or all(w[0].isupper() for w in long):
            return None  # not a title: "called the film “Gone With the Wind” a classic"
        h = self.heads[i]
        if self.doc[h].tag_ == "IN" and self.heads[h] != h:  # "as a “…”"
            h = self.heads[h]
        v = self.doc[h]
        ok = v.lower_ in _NAMING and self.qid[h] < 0 and not self.text[max(v.idx - 3, 0):v.idx].endswith("so-")
        return v if ok and self.speech(v, _NAMING) else None

    def inner(self, v: Token, b: int) -> Token:
        """The speech verb the quote ending at token ``b`` is given by: ``v``, or the one ``v`` reports after it
        ("“…,” Binder said the comedian responded": the comedian's words)."""
        said = (c for c in v.children if c.dep_ == "ccomp" and c.i >= b and self.qid[c.i] < 0 and self.speech(c)
                and any(g.dep_ == "nsubj" and g.left_edge.i == v.i + 1 for g in c.children))
        return next(said, v)

    def lone_verb(self, s: int) -> Token | None:
        """The speech verb of the quote-free sentence ``s`` beside a quote that stands alone."""
        lo, hi = (self.sent_starts[s], self.sent_starts[s + 1]) if 0 <= s < len(self.sent_starts) - 1 else (0, 0)
        if hi == 0 or not self.prose[s] or any(self.qid[i] >= 0 for i in range(lo, hi)):
            return None
        verbs = [v for v in self.verbs_between(lo, hi) if self.subject_of(v) is not None]
        return verbs[-1] if verbs else None

    def subject_of(self, v: Token) -> Token | None:
        """Who speaks through ``v``: its subject (or its clause's: "…, adding"), X in "according to X" and in
        "Reuters quoted X as saying"."""
        if v.lower_ == "according":
            to = next((c for c in v.children if c.lower_ == "to"), None)
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        w = v
        for _ in range(3):
            quoting = w.lower_ in ("quoted", "cited")
            subjs = [c for c in w.children if c.dep_ in (("nsubjpass", "dobj") if quoting else ("nsubj",))
                     or (not quoting and name_as_modal(c))]  # of two ("his co-star Ann Lee said"), the name
            if all(self.qid[c.i] >= 0 for c in subjs):  # none outside the quote ("“… LinkedIn,” Cselle jokes."):
                subjs = [c for c in w.children if c.dep_ == "compound" and c.tag_ == "NNP" and c.i == w.i - 1] or subjs
                # the name just before the verb, parsed as a word of it
            subj = next((c for c in subjs if c.tag_ in ("NNP", "NNPS")), subjs[0]) if subjs else None
            if subj is None and w.tag_ in _FINITE and self.doc[w.i - 1].is_punct:  # "“…,” added his deputy, X"
                subj = next((c for c in w.rights if c.dep_ == "dobj" and c.left_edge.i == w.i + 1), None) or (
                    credited(self, w))  # "“…,” Ann Lee, a nurse, said"
            if subj is not None or quoting:
                return subj if subj is not None and self.qid[subj.i] < 0 else None
            if w.dep_ == "acl" and w.head.lower_ in MEDIA:  # "issued a statement saying": who issued it
                w = w.head.head
            elif w.dep_ == "advcl" and w.tag_ == "VBG" and w.head.dep_ == "relcl" and self.doc[w.i - 1].text == ",":
                w = w.head.head.head  # "rejected claims that it is slipping, saying": who rejected them
            elif w.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep") and w.head.i != w.i:
                w = w.head
            else:
                return None
        return None

    def phrase(self, h: Token) -> tuple[int, int]:
        """Character span of the noun phrase headed by ``h`` (with an "of …" after it), within its line."""
        lo, hi = h.left_edge, next((c.right_edge for c in h.rights if c.dep_ == "prep" and c.lower_ == "of"), h)
        while lo.i < h.i and (lo.is_punct or self.qid[lo.i] >= 0):
            lo = self.doc[lo.i + 1]
        return max(lo.idx, self.text.rfind("\n", lo.idx, h.idx) + 1), hi.idx + len(hi.text)

    def verb_text(self, v: Token) -> str:
        """The speech verb as written, with "is quoted as saying" and "said in a statement" kept whole."""
        if v.lower_ == "according":
            return "according to"
        first, last = v, v
        q = next((w for w in (v, v.head, v.head.head) if w.lower_ in ("quoted", "cited")), None)
        aux = next((c for c in q.children if c.dep_ == "auxpass"), None) if q is not None else None
        if aux is not None:  # "is quoted as saying" whole, from either end
            saying = (g for c in q.children if c.lower_ == "as" for g in c.children if g.tag_ == "VBG")
            first, last = aux, next(saying, v)
        nxt = self.doc[last.i + 1:last.i + 5]
        if len(nxt) and nxt[0].lower_ == "in":  # "said in a statement"
            last = next((t for t in nxt[1:] if t.lower_ in MEDIA), last)
        return self.text[first.idx:last.idx + len(last.text)]


def find_quotes(doc: Doc, speakers: Sequence[Speaker]) -> list[FoundQuote]:
    """Every direct quote and reported statement in ``doc``, in text order, attributed where the text settles it.

    ``speakers``: every person and organisation mention the caller found in ``doc.text``, keyed. A quote of three
    words or fewer (a scare quote, a title) is kept only when a speech verb gives it, and one nothing attributes
    only when it reads as a sentence."""
    art = _Article(doc, speakers)
    verbs = [art.verb_of(a, b) or embedding_verb(art, a, b, _SPEECH | _NAMING) if b > a else None
             for a, b in art.ranges]
    strong = [v is not None for v in verbs]  # given by the parse or a verb beside it, not a neighbouring sentence
    for k in range(len(verbs) - 2, -1, -1):  # the first half of a broken quote, a paragraph that runs on
        nv, (gap_lo, gap_hi) = verbs[k + 1], (art.ranges[k][1], art.ranges[k + 1][0])
        if verbs[k] is None and nv is not None and (art.segs[k][2] or (
                gap_lo <= nv.i < gap_hi <= gap_lo + 10 and art.sent(gap_lo - 1) == art.sent(nv.i))):
            verbs[k], strong[k] = nv, strong[k + 1]
    for k, (a, b) in enumerate(art.ranges):
        s0, par = art.sent(a), bisect_left(art.tok_idx, art.text.rfind("\n", 0, art.segs[k][0]) + 1)
        if verbs[k] is None and follows_on(art, k, verbs[k - 1] if k else None):
            verbs[k], strong[k] = verbs[k - 1], False  # "called it “A” that is good at “B”": more of the same words
            continue
        if verbs[k] is not None or b <= a or art.alpha[max(art.sent_starts[s0], par):a].any():
            continue  # attributed, or not opening its sentence: only those are given by a neighbour
        pv, pb = (verbs[k - 1], art.ranges[k - 1][1]) if k else (None, 0)
        # "…,” she said. “And more.”: the previous quote's speaker, with no other sentence between.
        if pv is not None and s0 - art.sent(max(pb - 1, 0)) <= 1 and (pb <= pv.i < a or not art.alpha[pb:a].any()):
            verbs[k], strong[k] = pv, art.segs[k - 1][2] and strong[k - 1]
        else:
            verbs[k] = art.lone_verb(s0 - 1) or thinker(art, s0 - 1, a) or (
                pv if pv is not None and runs_on(art, k) else None)
            # "She said:" then the quote's paragraph: given by that verb as surely as by the parse
            strong[k] = verbs[k] is not None and art.text[:art.segs[k][0]].rstrip(" \n“\"«‘'").endswith(":")
    quotes = []
    for k, (start, end, _) in enumerate(art.segs):
        (a, b), v, words = art.ranges[k], verbs[k], len(art.text[start:end].split())
        if (words < 4 and not strong[k]) or (v is None and not any(t.tag_ in _FINITE for t in doc[a:b])):
            continue  # a title or scare quote is not something anyone is said to have said
        quotes.append(_attributed(art, start, end, "direct", v))
    return carried_on(art, _laid_out(art, sorted(quotes + _indirect(art), key=lambda q: (q.start, q.end))))


def _laid_out(art: _Article, quotes: list[FoundQuote]) -> list[FoundQuote]:
    """The quotes, with what a paragraph's layout attributes ("Lee: …", "… – Lee") given to its speaker: a quote
    there that has none, or the paragraph's words when nothing there is a quote."""
    out = list(quotes)
    for lay in layouts(art, _HEADLINE):
        said_as = art.text[lay.name_start:lay.name_end]
        inside = [k for k, q in enumerate(out) if lay.start <= q.start < lay.end]
        for k in inside if not lay.turn else ():  # in an interview's turn, "you said …" quotes someone else
            if out[k].speaker_key is None:
                out[k] = replace(out[k], said_as=said_as, speaker_key=lay.key)
        if not inside or lay.turn:  # the whole turn is its speaker's words, whatever it quotes
            kind = "indirect" if lay.heading or lay.verb else "direct"
            out.append(FoundQuote(lay.start, lay.end, kind, lay.verb, said_as, lay.key))
        elif art.text[lay.start] in "“\"«‘'":  # and a quote paragraph right after carries the same speech on
            nxt = art.text.find("\n", lay.end)
            follow = [k for k, q in enumerate(out) if nxt >= 0 and q.speaker_key is None and q.verb is None
                      and q.start > lay.end and not art.text[lay.end:q.start].strip(" \n“\"«‘'")]
            for k in follow:
                out[k] = replace(out[k], said_as=said_as, speaker_key=lay.key)
    return sorted(out, key=lambda q: (q.start, q.end))


def _attributed(art: _Article, start: int, end: int, kind: str, v: Token | None) -> FoundQuote:
    if v is not None and v.lower_ == "according" and kind == "direct" and any(  # (the parse may make "Will" an aux)
            c.dep_ in ("nsubj", "aux") and c.i < v.i and art.is_person(c) for c in v.head.children):
        # "X called it a “…”, according to the Banner": X's words, passed on by the outlet
        v = v.head if art.speech(v.head) or art.speech(v.head, _NAMING) else None
    subj = art.subject_of(v) if v is not None else None
    lo, hi = art.phrase(subj) if subj is not None else (0, 0)
    return FoundQuote(start, end, kind, art.verb_text(v) if v is not None else None, art.text[lo:hi] or None,
                      art.resolve(subj, kind == "direct" or v.lower_ == "according" or (
                          subj.head.i == v.i and subj.i < v.i))
                      if subj is not None and v is not None else None)


def _indirect(art: _Article) -> list[FoundQuote]:
    """Reported speech: the clause a speech verb reports ("X said (that) …", "…, according to X", "…, X said.")
    within its line, if free of quote marks (else a direct quote) and said by someone resolved, named or a pronoun
    (not "experts")."""
    out = []
    for v in (art.doc[i] for i in art.verbs):
        skip = range(v.left_edge.i, v.right_edge.i + 1) if v.lower_ == "according" or said_aside(art, v) else range(0)
        clause = v.head if skip else reported_clause(v)
        # (a verb the tagger took for a noun still has a subject and an object: "Children … face challenges")
        if clause is None or clause.i == v.i or not (is_verb(clause) or {"nsubj", "dobj"} <= {
                c.dep_ for c in clause.children}):
            continue
        line_end = art.text.find("\n", v.idx)
        line = (art.text.rfind("\n", 0, v.idx) + 1, len(art.text) if line_end < 0 else line_end)
        toks = [t for t in clause.subtree if t.i not in skip and line[0] <= t.idx < line[1]]
        between = range(min(v.i, clause.i), max(v.i, clause.i))  # a quote between: the parse ran two sentences on
        if any(art.qid[t.i] >= 0 or stray_mark(t) for t in toks) or any(art.qid[i] >= 0 for i in between):
            continue
        while toks and (toks[0].is_punct or opens_clause(toks[0]) or toks[-1].is_punct):  # "that", edge commas
            toks = toks[1:] if toks[0].is_punct or opens_clause(toks[0]) else toks[:-1]
        subj = art.subject_of(v)
        if toks and subj is not None:
            found = _attributed(art, toks[0].idx, toks[-1].idx + len(toks[-1].text), "indirect", v)
            if found.speaker_key is not None or subj.tag_ in ("NNP", "NNPS", "PRP"):
                out.append(found)
    return out + [FoundQuote(a, b, "indirect", n.text, w.text, key) for a, b, n, w in claims(art)  # "X's claim that"
                  if fold(w.text) not in PLACES and (key := art.resolve(w, False)) is not None]

