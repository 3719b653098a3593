"""Attributions the verb beside a quote does not give, read from the parse: quoted words deep inside the clause a
speech verb reports ("X said the counsellor led her to “a distorted sense of morality”"); the clause of a ruling,
an admission or a request ("ruled that …", "admitted to taking …", "called for X to be …"); an attribution set off
by commas inside or after its clause ("Part of it, she says, is luck", "…, says Lee"); a statement "from" or
"signed by" someone, a spokesperson "for" them; a claim held by someone ("X's claim that …"); titles joined to a
name ("co-founder and CEO Ann Lee") or split from it at a hyphen ("co-star Ann Lee" parsed with "co" as the subject);
and organisations named again and again that no "he" or "she" stands for. Used by ``quotes`` and ``speakers``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .tags import is_verb

if TYPE_CHECKING:
    from spacy.tokens import Token


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SPOKESMEN = _set("spokesperson spokesman spokeswoman representative")
# Nouns for what someone asserted: "X's claim that …" is X's reported speech.
CLAIMS = _set("claim claims contention assertion allegation allegations comments comment remarks insistence "
              "argument suggestion warning")


def embedding_verb(art: Any, a: int, b: int, speech: frozenset[str]) -> Token | None:
    """The speech verb whose reported clause (its ccomp) holds the quoted tokens ``a:b`` further down, in the same
    line, the quote after it: "Lee said the plan had led to “a decade of delays”" is Lee's. Not a title ("said
    the band played “Hey Jude”"), nor words another speech word nearer gives ("said Kim had called him “…”")."""
    start, end, _ = art.segs[art.qid[a]]
    long = [w for w in art.text[start:end].split() if len(w) > 3 and w[0].isalpha()]
    if not long or all(w[0].isupper() for w in long):
        return None
    for i in range(a, b):
        if a <= art.heads[i] < b or art.heads[i] == i:
            continue
        child, h = i, art.heads[i]
        for _ in range(10):
            # Up through words after the quote too ("find their “balance” this season" hangs it off "season"),
            # within its line, to a verb before it.
            lo, hi = sorted((art.tok_idx[h], art.tok_idx[a]))
            if art.qid[h] >= 0 or "\n" in art.text[lo:hi]:
                break
            if h in art.verb_set or art.doc[h].lower_ in speech:
                v = art.doc[h]
                return v if h < a and h in art.verb_set and (art.doc[child].dep_ == "ccomp" or (
                    (r := that_clause(v)) is not None and r.left_edge.i <= a < r.right_edge.i)) and (
                    v.lower_ != "according") else None
            if art.heads[h] == h:
                break
            child, h = h, art.heads[h]
    return None


def issuer(res: Any, h: Token) -> str | None:
    """Whose statement or spokesperson ``h`` is: one "from" or "by" someone ("a statement from Rep. Lee", "the
    letter signed by Lee", "a spokesperson from Acme"), a spokesperson "for" someone."""
    for c in h.children:
        preps = ("from", "by", "for") if h.lower_ in SPOKESMEN else ("from", "by")
        by = [c] if c.dep_ == "prep" and c.lower_ in preps else [
            g for g in c.children if g.dep_ == "agent"] if c.dep_ == "acl" else []
        for p in by:
            obj = next((g for g in p.children if g.dep_ == "pobj"), None)
            sp = res.mention(obj) if obj is not None else None
            if sp is not None and sp.kind in ("person", "org"):
                return sp.key
    return None


def claims(art: Any) -> list[tuple[int, int, Token, Token]]:
    """ "X's claim that …", "Lee's comments that …": (start, end of the clause, the noun, X) for each, the clause
    within its line and free of quote marks."""
    out = []
    for t in art.doc:
        if t.lower_ not in CLAIMS or t.tag_ not in ("NN", "NNS") or art.qid[t.i] >= 0:
            continue
        poss = next((c for c in t.children if c.dep_ == "poss" and c.tag_ in ("NNP", "NNPS")), None)
        clause = next((c for c in t.children if c.dep_ in ("acl", "ccomp") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if poss is None or clause is None:
            continue
        toks = [x for x in clause.subtree if x.dep_ != "mark" or x.head.i != clause.i]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if not toks or any(art.qid[x.i] >= 0 or "\n" in x.text for x in toks):
            continue
        out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text), t, poss))
    return out


_OWNING = _set("admit admits admitted acknowledge acknowledges acknowledged confess confesses confessed "
                    "concede concedes conceded")
_ASKING = _set("urge urges urged call calls called ask asks asked promise promises promised pledge pledges "
                    "pledged vow vows vowed")


def that_clause(v: Token) -> Token | None:
    """ "stated in an interview that Ukraine had lost …", "said at the time that …": the clause the parse hangs off
    the noun before it as a relative clause, though its "that" only introduces it (the clause has its own subject)."""
    for c in v.rights:
        if c.dep_ == "prep" and c.i == v.i + 1:
            for g in c.children:
                for r in g.children if g.dep_ == "pobj" else ():
                    kids = list(r.children)
                    if r.dep_ == "relcl" and any(x.lower_ == "that" and x.dep_ in ("mark", "advmod") for x in kids) \
                            and any(x.dep_ in ("nsubj", "nsubjpass") for x in kids):
                        return r
    return None


def reported_clause(v: Token) -> Token | None:
    """The clause the speech verb ``v`` reports: a clause with its subject ("said (that) the plan works"), what one
    admits doing ("admitted to kicking", "acknowledged abusing"), or what one urges, calls for or promises ("urged
    states to act", "called for the series to be extended", "promised to send drones")."""
    found = next((c for c in v.children if c.dep_ == "ccomp" and any(
        g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)), None) or that_clause(v)
    low = v.lower_
    if found is not None or low not in _OWNING | _ASKING:
        return found
    for c in v.children:
        if low in _OWNING and (c.tag_ == "VBG" and c.dep_ in ("xcomp", "ccomp", "dobj", "advcl")) and c.i > v.i:
            return c  # "acknowledged abusing her"
        if low in _OWNING and c.dep_ == "prep" and c.lower_ == "to":
            return next((g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)
        infinitive = any(g.dep_ in ("aux", "auxpass") and g.lower_ == "to" for g in c.children)
        if low in _ASKING and infinitive and c.dep_ in ("xcomp", "ccomp", "advcl") and c.i > v.i:
            return c  # "urged states to act"
        if low in _ASKING and low[:1] in "ca" and c.dep_ == "prep" and c.lower_ == "for" and (inner := next((
                g for g in c.subtree if any(x.dep_ in ("aux", "auxpass") and x.lower_ == "to" for x in g.children)),
                None)) is not None:
            return inner  # "called for the series to be extended": the clause under "for"
    return None


def aside(art: Any, v: Token) -> bool:
    """Whether ``v`` is said beside the clause it reports, set off by commas: "The plant will close, Lee said.", "…,
    says Lee.", "Part of it, she says, is luck." (the verb the parse hangs off that clause, with its own subject
    just before or after it and no clause of its own)."""
    h, subj = v.head, next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is None or not (v.dep_ in ("parataxis", "ccomp", "advcl") and is_verb(h) and h.i != v.i):
        return False
    after = "," in (art.doc[v.right_edge.i].text, art.doc[min(v.right_edge.i + 1, len(art.doc) - 1)].text)
    return (art.doc[min(subj.left_edge.i, v.i) - 1].text == "," and (h.i < v.i or after)
            and not any(c.dep_ in ("ccomp", "xcomp") for c in v.children)
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in h.children))


def titled_name(res: Any, h: Token) -> Token | None:
    """The name a title joined to it by "and" belongs to: "co-founder and CEO Ann Lee" is one person, Lee (not "the
    minister and Lee", nor two names)."""
    conj = [c for c in h.children if c.dep_ == "conj"]
    if len(conj) != 1 or h.tag_ != "NN" or res.mention(h) is not None or any(
            c.dep_ in ("det", "poss") for c in h.children):
        return None
    sp = res.mention(conj[0])
    return conj[0] if sp is not None and sp.kind == "person" and not any(
        c.dep_ == "conj" for c in conj[0].children) else None


def hyphen_named(res: Any, h: Token) -> str | None:
    """The person a subject split at a hyphen names: "co-founder and CTO Ann Lee said", "his co-star Ann Lee said"
    parse with "co" as the subject; the speaker is the one person named in the rest of the phrase."""
    doc = h.doc
    if h.i + 2 >= len(doc) or doc[h.i + 1].text not in ("-", "–") or doc[h.i + 1].idx != h.idx + len(h.text):
        return None
    found = []
    for t in doc[h.i + 2:h.i + 12]:
        if t.tag_.startswith("VB") or t.tag_ == "MD" or (t.is_punct and t.text not in ("-", "–")) or res.qid[t.i] >= 0:
            break
        sp = res.mention(t)
        if sp is not None and sp.kind == "person" and sp.key not in found:
            found.append(sp.key)
    return found[0] if len(found) == 1 else None


def sure_orgs(res: Any) -> set[str]:
    """Organisation names no "he" or "she" stands for: written twice or more as an organisation or a place ("Reddit"
    the model calls a place), never as a speech verb's subject ("Foster said" may be a surname the model called a
    company), nor a word of a person's name."""
    if getattr(res, "orgs_cache", None) is None:
        count: dict[str, int] = {}
        spoke = set()
        for sp, t in zip(res.speakers, res.sp_heads, strict=True):
            if sp.kind in ("org", "place"):
                name = bare_name(sp.text)
                count[name] = count.get(name, 0) + 1
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.i in res.verb_set:
                    spoke.add(name)
        res.orgs_cache = {n for n, k in count.items() if k >= 2 and n not in spoke and n not in res.by_word}
    return res.orgs_cache


def bare_name(text: str) -> str:
    """A name without a possessive: "Acme's" → Acme."""
    text = text.strip()
    return text[:-2] if text.endswith(("'s", "’s")) else text


def credited(art: Any, v: Token) -> Token | None:
    """The name between a closing quote and its verb, before an appositive the parse hung elsewhere: "“…,” Ann Lee,
    a nurse and a neighbour, said" (its last word), when nothing but that phrase stands between (not "Lee, Kim and
    Park said")."""
    doc, k = v.doc, v.i - 1
    if k < 2 or doc[k].text != ",":
        return None
    while k > 0 and art.qid[k] < 0 and v.i - k < 16 and "\n" not in doc[k].text:
        k -= 1
    gap = list(doc[k + 1:v.i])
    while gap and gap[0].is_punct:
        gap = gap[1:]
    def mention(t: Token) -> Any:  # read while the mentions are being gathered too
        return next((sp for sp in art.speakers if sp.start <= t.idx < sp.end), None)

    if art.qid[k] < 0 or not gap or (sp := mention(gap[0])) is None or sp.kind not in ("person", "org"):
        return None
    name = [t for t in gap if t.idx < sp.end]
    rest = gap[len(name):]
    if len(rest) < 3 or rest[0].text != "," or any(
            is_verb(t) or ((m := mention(t)) is not None and m.kind == "person") for t in rest):
        return None
    return name[-1]


_GOING_ON = _set("went goes go going continued continues continue continuing proceeded proceeds proceed")


def goes_on(v: Token) -> bool:
    """Whether the infinitive ``v`` is said after all: "went on to explain", "proceeded to tell" (not "declined to
    comment", "must acknowledge")."""
    h = v.head
    return v.dep_ in ("xcomp", "advcl") and h.lower_ in _GOING_ON and (not h.lower_.startswith(("go", "went")) or any(
        c.dep_ == "prt" and c.lower_ == "on" for c in h.children))


def opens_clause(t: Token) -> bool:
    """ "that" opening a reported clause, whatever the parse calls it ("at the time that …" reads as "when")."""
    return t.dep_ == "mark" or (t.lower_ == "that" and t.dep_ == "advmod")


def colon_opener(art: Any, a: int, nearby: list[Token]) -> list[Token]:
    """The speech verb of the words a colon ends right before the quote at token ``a``: "Jason responded to the
    remark with: “…”" (no other verb, quote or sentence between)."""
    if a == 0:
        return []
    colon = a - 1
    while colon > 0 and art.doc[colon].is_punct and art.doc[colon].text != ":":
        colon -= 1
    if art.doc[colon].text != ":":
        return []
    return [v for v in nearby if v.i < colon and not any(
        is_verb(t) or art.qid[t.i] >= 0 or t.is_sent_start for t in art.doc[v.i + 1:colon])]
