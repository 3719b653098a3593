"""Scoring functions for the ``assistant eval`` command.

What this module does: pure, deterministic metrics over plain Python values --
answer matching (SQuAD-style normalisation, containment, token F1, required
strings), retrieval quality (hits@k, reciprocal rank, source recall, and
MultiHop-RAG style fact matching), citation precision, refusal accuracy,
latency summaries, and per-group aggregation of per-question rows.

What it does not do: it never reads files, calls a model, retrieves passages or
prints. Callers pass in answers, ranked passages, citations and timings that
they produced elsewhere, and format the numbers themselves.
"""

from __future__ import annotations

import math
import numbers
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..text.normalise import normalize_quote_text, squash

__all__ = [
    "aggregate",
    "all_facts_at_k",
    "all_of_satisfied",
    "citation_precision",
    "fact_hits",
    "fact_recall_at_k",
    "fact_relevant_ranks",
    "gold_contained",
    "hits_at_k",
    "normalize_answer",
    "normalize_quote_text",
    "percentile",
    "reciprocal_rank",
    "refusal_accuracy",
    "source_recall_at_k",
    "squash",
    "summarize_latency",
    "token_f1",
    "word_count",
]

# ---------------------------------------------------------------------------
# Answer matching
# ---------------------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_ASCII_PUNCT = frozenset(string.punctuation)


def _is_punct(ch: str) -> bool:
    # SQuAD only strips ASCII punctuation; news text is full of curly quotes and
    # en/em dashes, which would otherwise make "Ukraine–NATO" and "Ukraine-NATO"
    # different answers.
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def normalize_answer(s: str) -> str:
    """Lowercase, drop punctuation and English articles, collapse whitespace.

    This is the SQuAD v1.1 normaliser, extended to Unicode punctuation.
    """
    s = s.lower()
    s = "".join(ch for ch in s if not _is_punct(ch))
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def _normalized_nonempty(values: Iterable[str]) -> list[str]:
    # A gold that normalises to "" (e.g. "the") is a substring of everything and
    # would make every answer look correct, so it is dropped.
    out = []
    for v in values:
        n = normalize_answer(v)
        if n:
            out.append(n)
    return out


def gold_contained(answer: str, golds: Sequence[str]) -> bool:
    """True when any normalised gold answer occurs in the normalised answer as whole
    words: "no" must not be found inside "not", nor "yes" inside "yesterday".

    False when ``golds`` is empty (or every gold normalises to nothing).
    """
    padded = f" {_word_normal(answer)} "
    return any(f" {g} " in padded for g in (_word_normal(x) for x in golds) if g)


def _word_normal(s: str) -> str:
    # Like normalize_answer, but punctuation splits words ("Toulouse-based" holds
    # "toulouse") except inside numbers ("7,000" is "7000").
    s = re.sub(r"(?<=\d)[,.](?=\d)", "", s.lower())
    s = "".join(" " if _is_punct(ch) else ch for ch in s)
    return " ".join(_ARTICLES.sub(" ", s).split())


def _f1_tokens(pred: list[str], gold: list[str]) -> float:
    # SQuAD convention: two empty token lists agree perfectly, one empty list
    # agrees with nothing.
    if not pred or not gold:
        return float(pred == gold)
    common = Counter(pred) & Counter(gold)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = same / len(pred)
    recall = same / len(gold)
    return 2 * precision * recall / (precision + recall)


def token_f1(answer: str, golds: Sequence[str]) -> float:
    """SQuAD token-level F1 of ``answer`` against the best-matching gold; 0.0 if no golds."""
    if not golds:
        return 0.0
    pred = normalize_answer(answer).split()
    return max(_f1_tokens(pred, normalize_answer(g).split()) for g in golds)


def all_of_satisfied(answer: str, required: Sequence[str]) -> bool:
    """True when every required string appears (normalised) in the answer.

    Vacuously True when nothing is required, so questions without an ``all_of``
    list never count against an answer.
    """
    norm_answer = normalize_answer(answer)
    return all(r in norm_answer for r in _normalized_nonempty(required))


def word_count(s: str) -> int:
    """Number of whitespace-separated words in ``s``."""
    return len(s.split())


# ---------------------------------------------------------------------------
# Retrieval
# ---------------------------------------------------------------------------


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def hits_at_k(relevant_ranks: Sequence[int], k: int) -> float:
    """1.0 if any relevant item is ranked within the top ``k`` (ranks are 1-based), else 0.0."""
    _check_k(k)
    return 1.0 if any(1 <= r <= k for r in relevant_ranks) else 0.0


def reciprocal_rank(relevant_ranks: Sequence[int], k: int = 10) -> float:
    """1 / rank of the best relevant item within the top ``k``; 0.0 if none is there."""
    _check_k(k)
    in_top = [r for r in relevant_ranks if 1 <= r <= k]
    return 1.0 / min(in_top) if in_top else 0.0


def source_recall_at_k(
    retrieved_sources: Sequence[str], gold_sources: Sequence[str], k: int
) -> float | None:
    """Share of distinct gold sources that appear among the top ``k`` retrieved sources.

    ``retrieved_sources`` is in rank order and may repeat a source (several
    chunks of one file). Returns None when there are no gold sources, since
    recall is undefined there (e.g. unanswerable questions).
    """
    _check_k(k)
    gold = set(gold_sources)
    if not gold:
        return None
    found = gold & set(retrieved_sources[:k])
    return len(found) / len(gold)


# MultiHop-RAG (Tang & Yang, 2024) judges a retrieved passage relevant when a
# gold evidence "fact", with whitespace removed, is a substring of the passage
# with whitespace removed. Removing whitespace makes the test immune to the
# line-wrapping and spacing differences introduced by chunking and cleaning.


def _distinct_facts(facts: Iterable[str]) -> list[str]:
    # Facts that differ only in whitespace are the same fact; an empty fact would
    # match every passage, so it is ignored.
    seen: dict[str, None] = {}
    for f in facts:
        sq = squash(f)
        if sq:
            seen.setdefault(sq, None)
    return list(seen)


def fact_hits(passages: Sequence[str], facts: Sequence[str]) -> list[list[int]]:
    """For each passage (rank order), the indices into ``facts`` of the facts it contains.

    Facts that squash to the empty string never match.
    """
    squashed_facts = [squash(f) for f in facts]
    out: list[list[int]] = []
    for passage in passages:
        sp = squash(passage)
        out.append([i for i, f in enumerate(squashed_facts) if f and f in sp])
    return out


def fact_relevant_ranks(passages: Sequence[str], facts: Sequence[str]) -> list[int]:
    """1-based ranks of the passages that contain at least one gold fact."""
    return [rank for rank, hits in enumerate(fact_hits(passages, facts), start=1) if hits]


def _facts_found_at_k(passages: Sequence[str], facts: Sequence[str], k: int) -> tuple[int, int]:
    _check_k(k)
    distinct = _distinct_facts(facts)
    top = [squash(p) for p in passages[:k]]
    found = sum(1 for f in distinct if any(f in p for p in top))
    return found, len(distinct)


def fact_recall_at_k(passages: Sequence[str], facts: Sequence[str], k: int) -> float | None:
    """Share of distinct gold facts found in at least one of the top ``k`` passages.

    None when the question has no (non-empty) gold facts.
    """
    found, total = _facts_found_at_k(passages, facts, k)
    return found / total if total else None


def all_facts_at_k(passages: Sequence[str], facts: Sequence[str], k: int) -> float | None:
    """1.0 if every distinct gold fact is found in the top ``k`` passages, else 0.0.

    None when the question has no (non-empty) gold facts.
    """
    found, total = _facts_found_at_k(passages, facts, k)
    if not total:
        return None
    return 1.0 if found == total else 0.0


# ---------------------------------------------------------------------------
# Citations and refusals
# ---------------------------------------------------------------------------


def citation_precision(citations: Sequence[tuple[str, str]]) -> float | None:
    """Share of ``(quote, cited_document_text)`` pairs whose quote occurs in the document.

    Both sides go through :func:`normalize_quote_text` first. A quote that is
    empty after normalisation counts as unsupported, since it proves nothing.
    Returns None when there are no citations.
    """
    if not citations:
        return None
    supported = 0
    for quote, document in citations:
        q = normalize_quote_text(quote)
        if q and q in normalize_quote_text(document):
            supported += 1
    return supported / len(citations)


def refusal_accuracy(records: Sequence[tuple[bool, bool]]) -> float | None:
    """Among ``(unanswerable, answered)`` records that are unanswerable, share not answered.

    None when no record is unanswerable.
    """
    flags = [answered for unanswerable, answered in records if unanswerable]
    if not flags:
        return None
    return sum(1 for answered in flags if not answered) / len(flags)


# ---------------------------------------------------------------------------
# Latency
# ---------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) with linear interpolation, as ``numpy.percentile``.

    Raises ValueError for an empty sequence or ``p`` outside [0, 100].
    """
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= p <= 100:
        raise ValueError(f"p must be within [0, 100], got {p}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    frac = pos - lo
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * frac)


def summarize_latency(seconds: Sequence[float]) -> dict[str, float | None]:
    """``{"p50", "p95", "mean"}`` of the given durations; all None when there are none."""
    if not seconds:
        return {"p50": None, "p95": None, "mean": None}
    return {
        "p50": percentile(seconds, 50),
        "p95": percentile(seconds, 95),
        "mean": sum(seconds) / len(seconds),
    }


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------

ALL_GROUP = "all"


def _is_number(v: Any) -> bool:
    # bool is included on purpose: per-question flags such as gold_contained
    # average into accuracies.
    # numbers.Real also admits numpy scalars, which callers may pass through.
    return isinstance(v, numbers.Real)


def _metric_keys(rows: Sequence[Mapping[str, Any]], by: str) -> list[str]:
    # A key is a metric when every row holds a number or None for it and at
    # least one row holds a number; text fields such as "id" never qualify.
    keys: dict[str, bool] = {}
    for row in rows:
        for key, value in row.items():
            if key == by:
                continue
            if value is None:
                keys.setdefault(key, True)
            elif _is_number(value):
                keys[key] = keys.get(key, True)
            else:
                keys[key] = False
    return [k for k, ok in keys.items() if ok and any(_is_number(r.get(k)) for r in rows)]


def _summarize_group(
    rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> dict[str, float | int | None]:
    out: dict[str, float | int | None] = {"n": len(rows)}
    for key in keys:
        values = [float(r[key]) for r in rows if r.get(key) is not None]
        out[key] = sum(values) / len(values) if values else None
    return out


def aggregate(
    rows: Sequence[Mapping[str, Any]], by: str = "type"
) -> dict[str, dict[str, float | int | None]]:
    """Mean of every numeric metric per group of ``rows[by]``, plus an ``"all"`` group.

    None values are skipped per metric; a metric with no values in a group is
    None there. Each group also carries ``"n"``, its number of rows. Rows
    missing ``by`` (or holding None) are grouped under ``"unknown"``. Groups
    are returned in sorted order with ``"all"`` last; a row whose group label
    is itself ``"all"`` raises ValueError.
    """
    keys = _metric_keys(rows, by)
    if any(row.get(by) == ALL_GROUP for row in rows):
        # Otherwise that group would be silently overwritten by the overall one.
        raise ValueError(f"a row's {by!r} is {ALL_GROUP!r}, which is reserved")
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        label = row.get(by)
        groups.setdefault("unknown" if label is None else str(label), []).append(row)
    result = {name: _summarize_group(groups[name], keys) for name in sorted(groups)}
    result[ALL_GROUP] = _summarize_group(rows, keys)
    return result
