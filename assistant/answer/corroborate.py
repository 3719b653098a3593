"""Corroboration: which independent reports support a claim, which contradict it, and
which only repeat another's copy, each with the sentence that says so.

The claim is searched with every printing kept; the passages are grouped by story (copies
of one story are one report, ``Hit.story``), and the story's first-ranked printing speaks
for it. A report supports the claim when one of its sentences decides it "Yes", and
contradicts it when one decides it "No" (``decide.decided``: the sentence holds the
claim's main verb, its absolutes and nearly all its words, and is or is not negated as the
claim is) or when it gives the thing a number of the claim counts only with other numbers
("75 jobs" against "340 jobs"). A report with a sentence holding most of the claim's words
(``agree.MIN_SAID``) that does neither is listed as related, never counted for or against. The other printings of a
story that holds a deciding sentence are listed as repeats of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..types import Filters, Hit
from .agree import MIN_HELD, MIN_SAID, other_number
from .decide import decided, held
from .language import Question, key_terms

DEFAULT_K = 20  # passages searched: several printings of several stories


@dataclass(frozen=True)
class Report:
    """One article's word on the claim: the sentence that decides it (or comes closest)."""

    hit: Hit
    quote: str
    lines: tuple[int, int]
    stance: str  # "supports", "contradicts", "related" or "repeats"
    copy_of: str | None = None  # for a repeat: the source of the printing that speaks for its story

    def to_json(self) -> dict[str, Any]:
        h = self.hit
        out: dict[str, Any] = {"source": h.source, "outlet": h.outlet, "date": h.date, "title": h.title,
                               "url": h.url, "lines": list(self.lines), "quote": self.quote}
        if h.record is not None:
            out["record"] = h.record
        if self.copy_of is not None:
            out["copy_of"] = self.copy_of
        else:
            out["copies"] = [c.to_json() for c in h.copies]
        return out


@dataclass(frozen=True)
class Corroboration:
    claim: str
    supporting: tuple[Report, ...] = ()
    contradicting: tuple[Report, ...] = ()
    related: tuple[Report, ...] = ()
    repeats: tuple[Report, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The ``assistant corroborate --json`` shape (and ``POST /api/corroborate``)."""
        return {"claim": self.claim, "independent_supporting": len(self.supporting),
                "independent_contradicting": len(self.contradicting),
                "supporting": [r.to_json() for r in self.supporting],
                "contradicting": [r.to_json() for r in self.contradicting],
                "related": [r.to_json() for r in self.related],
                "repeats": [r.to_json() for r in self.repeats]}


def corroborate(claim: str, index: Any, answerer: Any, sources: Any, k: int = DEFAULT_K,
                filters: Filters | None = None) -> Corroboration:
    """Each independent report's stance on ``claim`` among the ``k`` passages found for it."""
    hits = index.search(claim, k=k, filters=filters, all_copies=True)
    sentences = answerer.sentences(hits)
    q = Question(claim, "yesno", tuple(key_terms(claim)))
    by_doc: dict[str, list[Any]] = {}
    for s in sentences:
        by_doc.setdefault(s.hit.doc, []).append(s)
    speaking: dict[str, str] = {}  # story -> the doc that speaks for it
    out: dict[str, list[Report]] = {"supports": [], "contradicts": [], "related": [], "repeats": []}
    for hit in hits:
        if hit.doc not in by_doc:  # its sentences were read with its first passage
            continue
        report = _stance(claim, q, by_doc.pop(hit.doc), hits, sources)
        if report is None:
            continue
        first = speaking.setdefault(hit.story, hit.doc)
        if first != hit.doc:
            out["repeats"].append(Report(report.hit, report.quote, report.lines, "repeats",
                                         copy_of=first.split("#")[0]))
        else:
            out[report.stance].append(report)
    return Corroboration(claim, tuple(out["supports"]), tuple(out["contradicts"]), tuple(out["related"]),
                         tuple(out["repeats"]))


def _stance(claim: str, q: Question, sentences: Sequence[Any], hits: Sequence[Hit], sources: Any) -> Report | None:
    ranked = sorted(sentences, key=lambda s: -held(q, s.text))
    if not ranked or held(q, ranked[0].text) < MIN_HELD:
        return None
    text = " ".join(h.text for h in hits if h.doc == ranked[0].hit.doc)
    for s in ranked[:3]:
        verdict = decided(claim, s)
        if verdict is not None:
            return _report(s, "supports" if verdict == "Yes" else "contradicts", sources)
    if other_number(claim, text):
        return _report(ranked[0], "contradicts", sources)
    # Related only when one sentence holds most of the claim: words scattered over a passage are not.
    return _report(ranked[0], "related", sources) if held(q, ranked[0].text) >= MIN_SAID else None


def _report(sentence: Any, stance: str, sources: Any) -> Report:
    cit = sources.cite(sentence.n, sentence.hit, sentence.start, sentence.end)
    return Report(sentence.hit, cit.quote, cit.lines, stance)
