"""The extractive answerer (default; no language model, works offline).

It quotes. Every sentence of the retrieved passages is scored by the embedding model
(cosine to the question; past 48 sentences only the likeliest are embedded, see
``similarity``), by how much of the question it covers (names weigh more), and by
whether it holds what the question's type asks for: a name for "who"/"which", a number
of the right thing for "how many", a date for "when", a place for "where". The best
sentence is cut to the clauses that matter, and further sentences are added while they
bring answers not yet given ("who met X?" gathers every name the passages hold), within
about 60 words. Below a threshold calibrated on ``eval/``'s unanswerable questions, it says the corpus does
not answer and names the closest passages. Its only words of its own are "Yes"/"No" before the quote that decides."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..knowledge.names import fold
from ..text.clauses import clause_spans, past_open_quote, word_end
from ..text.sentences import split_sentences
from ..types import Answer, Citation, Hit, Query
from .agree import agree
from .anaphora import pointed, with_antecedents
from .asked import told
from .base import Answerer
from .candidates import carry_topic, counted_in_other_words, farther_first, finder
from .compose import SIDEBAR_MARK, UNSETTLED, bridge, composed
from .conflicts import votes, with_conflict
from .contrast import contradicted
from .decide import CANDIDATES, deciding
from .facts import Facts, Named, spoken_date
from .first import said_first
from .language import Question, looks_like_instruction, matching, norm, norms, read_question, same_term, tokens
from .lexicon import MONTHS, STOPWORDS
from .mentions import answer_entities
from .order import asks_order, order
from .relation import main_verb, says_verb, unnamed_doer, verb_first
from .retracted import retracted
from .said import answer_from_quotes, speech_question
from .shorts import TYPED, said_of, short_of
from .similarity import Similarity
from .unnamed_subject import unnamed_subject

MAX_WORDS = 55  # of quoted text; the [n] markers bring an answer to under 60
# Checked on eval/dev_qa.jsonl: every unanswerable question refused, 23 of 24 answerable ones answered. Most
# refusals come from the type checks (no number of the thing asked, no place, a name no passage has); this is the floor.
THRESHOLD = 0.42
W_DENSE, W_SENTENCE, W_PASSAGE = 0.45, 0.40, 0.15
_LEADERS = frozenset(" \t\n\u2022\u00b7\u25aa\u25cf*")
TYPED_RATIO = 0.7  # the best sentence of the wanted type must come near the best of all
BRIDGE_FLOOR = 0.5  # of the threshold: a sentence of one article's part of a composed answer (``compose``)


@dataclass
class Sentence:
    n: int  # passage number, 1-based
    hit: Hit
    start: int  # offsets in hit.text
    end: int
    score: float = 0.0
    cover: frozenset[str] = frozenset()  # the question's terms it says
    pointed: frozenset[str] = frozenset()  # a name of the question it holds by "The company …" (``anaphora``)
    before: Sentence | None = None  # the sentence it points back to, for those names
    found: list = field(default_factory=list)
    names_asked: bool = False  # names someone the question names (the knowledge layer's reading)
    tagged: bool = False  # whether the knowledge layer's people were looked up for it

    @property
    def text(self) -> str:
        return self.hit.text[self.start:self.end]


def coverage(question: Question, words: Sequence[str],
             skip: frozenset[str] = frozenset()) -> tuple[float, frozenset[str]]:
    """Share of the question's term weight found among ``words``, and which terms."""
    got = matching((t.norm for t in question.terms if t.norm not in skip), words, question.led)
    return share(question, got), got


def share(question: Question, got: frozenset[str]) -> float:
    """Share of the question's term weight that the terms ``got`` carry."""
    total = sum(t.weight for t in question.terms) or 1.0
    return sum(t.weight for t in question.terms if t.norm in got) / total


class ExtractiveAnswerer(Answerer):
    """Quotes the sentences that answer, with citations; needs only the embedding model."""

    name = "extractive"

    def __init__(self, embedder: object | None = None, threshold: float = THRESHOLD,
                 max_words: int = MAX_WORDS, facts: Facts | None = None) -> None:
        self.embedder = embedder
        self.similarity = Similarity(embedder, W_DENSE) if embedder is not None else None
        self.facts = facts  # the knowledge layer: who a passage names, quotes, resolved dates
        self.threshold = threshold
        self.max_words = max_words

    # -- scoring ----------------------------------------------------------------------
    def sentences(self, hits: Sequence[Hit]) -> list[Sentence]:
        seen: set[tuple[str, int | None, int]] = set()
        out: list[Sentence] = []
        for n, hit in enumerate(hits, 1):
            for a, b in split_sentences(hit.text, 0, len(hit.text)):
                while a < b and hit.text[a] in _LEADERS:
                    a += 1  # a list's bullet is not part of what is quoted
                key = (hit.source, hit.record, hit.char_start + a)
                text = hit.text[a:b]
                if key in seen or len(text.split()) < 3 or looks_like_instruction(text) or retracted(hit.title, text):
                    continue  # data, never orders to a model; an error a correction withdraws
                seen.add(key)
                out.append(Sentence(n, hit, a, b))
        return out

    def score(self, question: Question, query: str, sentences: list[Sentence], named: Sequence[Named] = ()) -> Question:
        """Score every sentence; returns the question with its terms weighted by how
        rare they are among these sentences (a name found once says more than "France")."""
        words = [norms(s.text) for s in sentences]
        got = [told(question, matching(question.term_norms, ws, question.led), s.hit.outlet)
               for ws, s in zip(words, sentences, strict=True)]
        n, terms = len(sentences), []
        for t in question.terms:
            df = sum(1 for g in got if t.norm in g)
            idf = math.log(1 + (n + 1) / (df + 1))
            if df == 0 and not t.proper:
                idf *= 0.3  # a common word no passage uses is likely a synonym away ("speak"/"said")
            terms.append(replace(t, weight=t.weight * idf))
        question = replace(question, terms=tuple(terms))
        wider = pointed(question, sentences, got)  # after the rarities: a name pointed back to is not said again
        passage: dict[str, float] = {}  # coverage of each chunk (title and text)
        find = finder(self.facts, question, sentences, named)
        words_part = np.zeros(n, dtype=np.float32)  # the score but for the model's cosine
        pointed_part = np.zeros(n, dtype=np.float32)  # added after the model's first cut (``anaphora``)
        for i, (s, g, p) in enumerate(zip(sentences, got, wider, strict=True)):
            s.cover, s.pointed, s.before = g, p.names, None if p.before is None else sentences[p.before]
            lex = share(question, g)
            pointed_part[i] = W_SENTENCE * (share(question, g | p.names) - lex)
            if s.hit.chunk_id not in passage:
                passage[s.hit.chunk_id] = coverage(question, norms(f"{s.hit.title} {s.hit.text}"))[0]
            find(s)
            words_part[i] = (W_SENTENCE * lex + W_PASSAGE * passage[s.hit.chunk_id]
                             - (0.10 if s.hit.section == "sidebar" else 0.0) - 0.01 * (s.n - 1))
        cos = (self.similarity(query, [s.text for s in sentences], words_part, [bool(s.found) for s in sentences])
               if self.similarity is not None else np.zeros(n, dtype=np.float32))
        for s, c, w in zip(sentences, cos, words_part + pointed_part, strict=True):
            s.score = W_DENSE * float(c) + float(w)
        counted_in_other_words(question, sentences, self.embedder)
        if question.kind in TYPED:
            carry_topic(sentences)
        return question

    def missing_names(self, question: Question, main: str, hits: Sequence[Hit],
                      named: Sequence[Named] = ()) -> list[str]:
        """Names the question asks that no passage mentions ("which Italian minister", no Italian): none answers."""
        words: set[str] = set()
        for hit in hits:
            words.update(norms(f"{hit.title} {hit.outlet or ''} {hit.text}"))
            if hit.date:
                year, month = hit.date[:4], int(hit.date[5:7] or 0)
                words.update({year, norm(MONTHS[month - 1]) if 1 <= month <= 12 else year})
        words |= {fold(w) for w in words}  # "Sebastian" is one letter from "Sébastien", not two
        own = {fold(t.norm) for t in read_question(main).terms if t.proper}
        # A name the passages spell another way is not missing ("Umierov" for "Umerov").
        sources = {h.source for h in hits}
        for n in named:
            if any(sources & set(e.sources) for e in n.entities):
                own -= {fold(w) for w in norms(n.words)}
        return sorted(t for t in own if not any(same_term(t, w) for w in words))

    # -- the answer --------------------------------------------------------------------
    def answer(self, question: str, hits: Sequence[Hit], sources: object) -> Answer:
        main, context = Query.of(question).parts()
        q = read_question(main, context)
        named = self.facts.named(main) if self.facts is not None else []
        speech = speech_question(main, named)
        if speech is not None:
            said = answer_from_quotes(question, speech, self.facts, hits, sources)  # type: ignore[arg-type]
            if said is not None:
                return said
        sentences = self.sentences(hits)
        q = self.score(q, question, sentences, named)
        missing = self.missing_names(q, main, hits, named)
        if missing and not (q.kind == "yesno" and contradicted(
                main, missing, [s.text for s in sorted(sentences, key=lambda s: -s.score)[:CANDIDATES]])):
            return self.refuse(question, hits)  # the passages cannot answer, however composed
        ordered = order(main, sentences) if q.kind in ("yesno", "open") else None
        if ordered is not None:
            return composed(self, question, q, hits, sources, ordered.short,
                            [(s, None) for s in (ordered.first, ordered.second)], dated=True)
        # "Did A report X before B …?" undecided by the dates is not decided by what each says
        verdict = agree(main, sentences) if q.kind in ("yesno", "open") and not asks_order(main, sentences) else None
        if verdict is not None:
            return composed(self, question, q, hits, sources, verdict.short,
                            [(p.sentence, None) for p in verdict.parts], dated=True, lead=verdict.lead)
        shared = bridge(q, main, sentences, self.facts, named, BRIDGE_FLOOR * self.threshold)
        if shared is not None:
            return composed(self, question, q, hits, sources, shared.short, list(shared.sentences),
                            in_full=shared.in_full)
        ranked = sorted(sentences, key=lambda s: -s.score)
        pool = [s for s in ranked if s.found or (q.kind == "person" and unnamed_subject(main, s.text))] if (
            q.kind in TYPED) else ranked  # "volunteers carried the maps" answers who did, as no name does
        if not pool or pool[0].score < self.threshold or pool[0].score < TYPED_RATIO * ranked[0].score:
            return self.refuse(question, hits)
        verdict, verb, first = None, None, None
        if q.kind == "yesno":  # the sentence that decides it is quoted first
            found = deciding(main, pool)
            if found is not None:
                verdict, first = found
                pool = [first, *(s for s in pool if s is not first)]
        elif q.kind in TYPED and (said_first(q, main, pool) or (
                verb := verb_first(main, pool, farther_first(q, pool[0])))):
            pool = sorted(pool, key=lambda s: -s.score)  # the one saying the question's verb may go first
        elif q.kind in ("person", "entity") and unnamed_doer(main, ranked[0], pool[0]):
            pool = [ranked[0]]  # quoted as what the sources say, with no name for a short
        chosen = [(s, [(s.start, s.end)] if s is first and len(s.text.split()) <= 50 else spans)
                  for s, spans in self.gather(q, pool)]  # a verdict's quote shows the clause that decides it
        citations: list[Citation] = []
        parts: list[str] = []
        for sent, spans in with_antecedents(chosen):  # the short answer is read from ``chosen`` alone
            quotes = []
            for a, b in spans:
                cit = sources.cite(sent.n, sent.hit, a, b)  # type: ignore[attr-defined]
                citations.append(cit)
                quotes.append(f"“{cit.quote}”")
            parts.append(" … ".join(quotes) + f" [{sent.n}]" + (SIDEBAR_MARK if sent.hit.section == "sidebar" else ""))
        text = " ".join(parts)
        short = None
        if q.kind == "yesno":
            short, text = verdict, (f"{verdict}: {text}" if verdict else UNSETTLED + text)
        elif q.kind == "date":
            short = self.resolved_date(q, chosen) or None
            text = f"{short}: {text}" if short else text
        answer = Answer(question=question, text=text, answered=True, citations=tuple(citations),
                        hits=tuple(hits), query=question, mode="extractive",
                        short=short if q.kind == "yesno" else short or short_of(q, chosen, verb))
        if q.kind not in ("date", "quantity", "money"):
            return answer
        embed = getattr(getattr(self.facts, "index", None), "embedder", None)
        values = votes(main, q, sentences, self.facts, embed)
        return with_conflict(answer, values, sources, lambda short, items: composed(
            self, question, q, hits, sources, short, items, dated=True))

    def resolved_date(self, q: Question, chosen: list[tuple[Sentence, list[tuple[int, int]]]]) -> str:
        """The date the knowledge layer resolved for the first date the answer quotes
        ("on Friday" in an article of Saturday 7 June 2025 -> "Friday 6 June 2025")."""
        if self.facts is None:
            return ""
        for sent, spans in chosen:
            for found in sorted(sent.found, key=lambda f: not said_of(q, sent.text, f, None)):
                a, b = sent.start + found.start, sent.start + found.end
                if not any(sa <= a and b <= sb for sa, sb in spans):
                    continue
                for event in self.facts.events(sent.hit, sent.start, sent.end):
                    written = " ".join(event.date_text.lower().split())
                    if event.date and (written in found.key or found.key in written):
                        return spoken_date(event, found.key)
        return ""

    def refuse(self, question: str, hits: Sequence[Hit]) -> Answer:
        return refusal(question, hits)

    def gather(self, q: Question, pool: list[Sentence]) -> list[tuple[Sentence, list[tuple[int, int]]]]:
        """The best sentence, then others that add answers not given yet, within budget."""
        best = pool[0]
        chosen: list[tuple[Sentence, list[tuple[int, int]]]] = []
        covered: set[str] = set()
        given: set[str] = set()
        words = 0
        verb = main_verb(q.text) if q.kind in {"person", "entity"} else None
        for sent in pool:
            if len(chosen) >= 3:
                break
            if chosen:
                if q.kind in {"person", "entity"}:
                    # Every name the passages give: from the same article a weaker sentence
                    # will do ("met Lecornu ... had already met Sandvik and Robles"), and
                    # so will one naming the person asked about, from any article.
                    # Of the same article, one that says the question's verb where it has one
                    # ("had already met …") or names whom it asks about: not the director quoted
                    # beside "the wing was funded by …" for "Who donated …?".
                    asked = sent.names_asked and sent.hit.section == "body"
                    same = any(c[0].hit.source == sent.hit.source for c in chosen) and (
                        verb is None or asked or says_verb(verb, sent.text))
                    floor = max(0.75 * self.threshold, (0.4 if same else 0.5 if asked else 0.8) * best.score)
                    # With the knowledge layer, only the people it tagged: capital letters
                    # alone would gather "Telegram" from "said on the Telegram channel".
                    fresh = [f for f in sent.found if not any(_overlaps(f.key, g) for g in given)
                             and (f.kind == "person" or not sent.tagged)]
                    if sent.score < floor or not fresh:
                        continue
                elif q.kind in TYPED or words >= 15 or sent.score < max(self.threshold, 0.9 * best.score):
                    break
            spans = self.focus(q, sent, frozenset(covered))
            size = sum(len(sent.hit.text[a:b].split()) for a, b in spans)
            if chosen and words + size > self.max_words:
                continue
            chosen.append((sent, spans))
            words += size
            quoted = " ".join(sent.hit.text[a:b] for a, b in spans)
            covered |= coverage(q, norms(quoted))[1]
            given |= {f.key for f in answer_entities(q, quoted)}
            given |= {f.key for f in sent.found if any(a <= sent.start + f.start < b for a, b in spans)}
        # Read in document order within a file, files in rank order.
        first = {}
        for sent, _ in chosen:
            first.setdefault(sent.hit.source, sent.n)
        chosen.sort(key=lambda c: (first[c[0].hit.source], c[0].hit.record or 0, c[0].hit.char_start + c[0].start))
        return chosen

    def focus(self, q: Question, sent: Sentence, covered: frozenset[str]) -> list[tuple[int, int]]:
        """The parts of ``sent`` to quote: the clauses that hold the answer and the
        question's terms not covered yet, tail trimmed for short answers."""
        text = sent.hit.text
        parts = clause_spans(text, sent.start, sent.end)
        typed = q.kind in TYPED
        found = [(sent.start + f.start, sent.start + f.end) for f in sent.found]
        if len(sent.text.split()) > 30 and len(parts) > 1:
            own = replace(q, terms=tuple(t for t in q.terms if not t.carried))
            keep: set[int] = set()
            with_answer = [i for i, (a, b) in enumerate(parts) if any(a <= fa < b for fa, _ in found)]
            if with_answer:  # the clause holding an answer that says most of the question
                keep.add(max(with_answer, key=lambda i: (coverage(q, norms(text[parts[i][0]:parts[i][1]]))[0], -i)))
            have = set(covered).union(*(coverage(q, norms(text[parts[i][0]:parts[i][1]]))[1] for i in keep))
            size = sum(len(text[parts[i][0]:parts[i][1]].split()) for i in keep)
            while True:
                # A follow-up's own words first: "What did they discuss?" quotes what they discussed.
                gains = [((coverage(own, ws, frozenset(have))[0], coverage(q, ws, frozenset(have))[0]), i)
                         for i, (a, b) in enumerate(parts) if i not in keep for ws in [norms(text[a:b])]]
                gains = [g for g in gains if g[0][1] > 0]
                if not gains:
                    break
                i = max(gains)[1]
                words = len(text[parts[i][0]:parts[i][1]].split())
                if keep and size + words > 32:
                    break
                keep.add(i)
                size += words
                have |= coverage(q, norms(text[parts[i][0]:parts[i][1]]))[1]
                if not typed:
                    break
            if not typed and keep:  # the answer to "what" often follows the question's words
                last = max(keep)
                if last + 1 < len(parts) and len(text[parts[last][0]:parts[last][1]].split()) < 12:
                    keep.add(last + 1)
            spans = _runs(parts, sorted(keep or {0}))
        else:
            spans = [(sent.start, sent.end)]
        if typed and found:
            spans = [_trim_tail(text, a, b, q, found) for a, b in spans]
        return spans


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")  # the next word, with no punctuation before it


def _overlaps(key: str, other: str) -> bool:
    a, b = set(key.split()), set(other.split())
    return bool(a & b)


def _runs(parts: list[tuple[int, int]], keep: list[int]) -> list[tuple[int, int]]:
    """Adjacent kept clauses joined into one span."""
    spans: list[tuple[int, int]] = []
    prev = -2
    for i in keep:
        if i == prev + 1 and spans:
            spans[-1] = (spans[-1][0], parts[i][1])
        else:
            spans.append(parts[i])
        prev = i
    return spans


def _trim_tail(text: str, a: int, b: int, q: Question, found: list[tuple[int, int]]) -> tuple[int, int]:
    """Drop six or more words after the last answer or question term: "…met Robles and spoke to them" ends at Robles."""
    last = max((fb for fa, fb in found if a <= fa < b), default=None)
    for word, _, wb in tokens(text[a:b]):
        if any(same_term(norm(word), t) for t in q.term_norms):
            last = max(last or 0, a + wb)
    if last is None:
        return a, b
    last = past_open_quote(text, a, _phrase_end(text, word_end(text, last, b), b), b)
    if len(text[last:b].split()) >= 6:
        return a, last
    return a, b


def _phrase_end(text: str, at: int, end: int, most: int = 3) -> int:
    """``at`` moved past the words that go on its noun phrase ("the Riverton | public library
    on Sunday" ends after "library"): a quote cut inside a name's phrase misleads. Stops at a
    function word, a word of a verb's form ("Renault | confirmed"), or punctuation."""
    for _ in range(most):
        m = _NEXT_WORD.match(text, at, end)
        word = m.group(1).lower() if m else ""
        if not word or word in STOPWORDS or word.endswith(("ed", "ing")):  # a verb's, not the phrase's
            break
        at = m.end()
    return at


def _refusal_text(hits: Sequence[Hit]) -> str:
    if not hits:
        return "The corpus does not answer this: no passage matches the question."
    shown = "; ".join(f"[{n}] {h.title or '(untitled)'} ({h.source}, lines {h.line_start}-{h.line_end})"
                      for n, h in enumerate(hits[:3], 1))
    return f"The corpus does not answer this. Closest passages: {shown}."


def refusal(question: str, hits: Sequence[Hit], mode: str = "extractive", notes: tuple[str, ...] = ()) -> Answer:
    return Answer(question=question, text=_refusal_text(hits), answered=False, citations=(),
                  hits=tuple(hits), query=question, mode=mode, notes=notes)


def factory(index: object, **options: object) -> ExtractiveAnswerer:
    facts = Facts(index) if hasattr(index, "knowledge") else None
    return ExtractiveAnswerer(getattr(index, "embedder", None), facts=facts, **options)  # type: ignore[arg-type]
