""""What did X say about Y?" answered from the knowledge layer's attributed quotes.

The question names a speaker (any spelling of a person or organisation the store knows)
and, optionally, a topic. The answer quotes what the store attributes to that speaker in
the articles retrieval found (the assistant adds the passages naming the speaker), most
relevant to the topic first, each quote verbatim, cited at its file and lines, introduced by
the speaker's name: the one thing the answer says in its own words is who said it, and
that comes from the attribution, not from a guess. No quote on the topic: the ordinary
extractive answer takes over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.sentences import split_sentences
from ..types import Answer, Citation, Hit, Quote
from .facts import Facts, Named

SPEECH = re.compile(
    r"^\s*(?:and\s+)?(?:so\s+)?what\s+(?:did|does|do|has|have|had|was|is|were)\s+(?P<who>.+?)\s+"
    r"(?:say|said|saying|tell|told|telling|think|thought|claim|claimed|state|stated|announce|announced|"
    r"comment|commented|write|wrote|written|argue|argued|declare|declared|remark|remarked|warn|warned)"
    r"\b(?P<rest>.*?)[\s?.!]*$", re.IGNORECASE | re.DOTALL)
_TOPIC = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:about|on|of|regarding|concerning|over|in\s+relation\s+to)\s+(?P<about>.+)$",
    re.IGNORECASE | re.DOTALL)
MAX_QUOTES = 3
MAX_WORDS = 55


@dataclass(frozen=True)
class SpeechQuestion:
    speaker: Named
    about: str | None


def speech_question(question: str, named: Sequence[Named]) -> SpeechQuestion | None:
    """The speaker and topic of "What did X say (about Y)?", when X is a known entity
    that can speak (a person or an organisation)."""
    m = SPEECH.match(question)
    if m is None:
        return None
    who = m.group("who")
    speaker = next((n for n in named if n.words in who
                    and any(e.type in {"person", "org"} for e in n.entities)), None)
    if speaker is None:
        return None
    topic = _TOPIC.match(m.group("rest") or "")
    about = topic.group("about").strip() if topic else None
    return SpeechQuestion(speaker, about or None)


def answer_from_quotes(question: str, speech: SpeechQuestion, facts: Facts, hits: Sequence[Hit],
                       sources: object) -> Answer | None:
    """The speaker's quotes on the topic, cited; None when the store holds none."""
    entity = next(e for e in speech.speaker.entities if e.type in {"person", "org"})
    found = [q for q in facts.quotes(entity.name, speech.about, None)
             if q.speaker_id == entity.id and q.char_start is not None]
    if not found:
        return None
    # Only from the articles retrieval found (the assistant adds those naming the speaker):
    # what the search's filters let through, the same articles the rest of an answer reads.
    retrieved = {(h.source, h.record) for h in hits}
    found = [q for q in found if (q.source, q.record) in retrieved]
    all_hits = list(hits)
    parts: list[str] = []
    citations: list[Citation] = []
    words = 0
    for q in found:
        if len(parts) >= MAX_QUOTES:
            break
        hit = facts.hit_at(q.source, q.record, q.char_start, q.char_end)  # type: ignore[arg-type]
        if hit is None:
            continue
        a, b = _within_budget(q, hit, speech.about, MAX_WORDS - words)
        if b <= a:
            continue
        n = next((i for i, h in enumerate(all_hits, 1) if h.chunk_id == hit.chunk_id), 0)
        if not n:
            all_hits.append(hit)
            n = len(all_hits)
        cit = sources.cite(n, hit, a, b)  # type: ignore[attr-defined]
        if any(c.source == cit.source and c.quote == cit.quote for c in citations):
            continue  # the same words reported twice in one article
        citations.append(cit)
        words += len(cit.quote.split())
        said = "" if q.kind == "direct" else " (reported)"
        parts.append(f"{entity.name}{said}: “{cit.quote}” [{n}]")
    if not parts:
        return None
    return Answer(question=question, text=" ".join(parts), answered=True, citations=tuple(citations),
                  hits=tuple(all_hits), query=question, mode="extractive")


def _within_budget(q: Quote, hit: Hit, about: str | None, budget: int) -> tuple[int, int]:
    """The quote's offsets in ``hit.text``, cut to its sentences that fit ``budget`` words,
    the ones holding the topic's words first."""
    start = q.char_start - hit.char_start  # type: ignore[operator]
    end = q.char_end - hit.char_start  # type: ignore[operator]
    if len(hit.text[start:end].split()) <= budget:
        return start, end
    sentences = split_sentences(hit.text, start, end)
    topic = {w.lower() for w in re.findall(r"\w{3,}", about or "")}
    best = max(sentences, key=lambda s: (len(topic & {w.lower() for w in re.findall(r"\w{3,}", hit.text[s[0]:s[1]])}),
                                         -s[0]), default=(start, start))
    if len(hit.text[best[0]:best[1]].split()) > budget:
        return start, start
    return best
