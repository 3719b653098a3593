"""The candidates of one search, and everything that scored them.

The retriever gathers a ``Pool`` (dense, chunk and sentence BM25, per-outlet and
per-clause scores and, when the ranker will read them, each candidate's ``Evidence``)
and hands it whole to the ranker, so ranking never goes back to the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..indexing.lexical import LexicalIndex
    from ..indexing.topk import QueryScores


@dataclass(frozen=True)
class Evidence:
    """What the ranker reads of each candidate beyond its scores, in the pool's order: the
    candidates' rows of the chunk table and how much of the question's words they hold."""

    dense: np.ndarray  # float32 cosine with the question (zeros without a question vector)
    date_int: np.ndarray  # YYYYMMDD, 0 when undated
    day: np.ndarray  # days since 1970-01-01, -1 when undated
    sidebar: np.ndarray
    doc_code: np.ndarray  # which article
    position: np.ndarray  # chunk position within its article
    coverage: np.ndarray  # IDF-weighted share of the question's indexed words each holds
    # Per named outlet (the pool's ``outlets`` order): its clause's coverage of the
    # candidates inside that outlet (empty when none is).
    outlet_coverage: list[np.ndarray]
    clause_coverage: np.ndarray  # (clauses, candidates): each clause's coverage


def gather_evidence(lexical: LexicalIndex, query: str, rows: np.ndarray, vector: np.ndarray | None,
                    outlets: list[tuple[np.ndarray, str]], clauses: list[str]) -> Evidence:
    """The ``Evidence`` of candidates ``rows``, read from the index once."""
    t = lexical.table
    n = len(rows)
    if vector is not None:
        dense = t.vectors[rows].astype(np.float32) @ vector.astype(np.float32)
    else:
        dense = np.zeros(n, dtype=np.float32)
    outlet_coverage = []
    for mask, clause in outlets:
        inside = mask[rows]
        outlet_coverage.append(lexical.coverage(clause, rows[inside]) if inside.any() else np.zeros(0))
    cover = np.zeros((len(clauses), n))
    if clauses:
        # One pass over the posting lists of every clause's words together.
        clause_ids = [lexical.term_ids(text) for text in clauses]
        union = sorted({i for ids in clause_ids for i in ids})
        has, idf = lexical.terms(union, rows)
        column = {tid: j for j, tid in enumerate(union)}
        for i, ids in enumerate(clause_ids):
            cols = [column[tid] for tid in ids]
            total = idf[cols].sum()
            if total > 0:
                cover[i] = has[:, cols] @ idf[cols] / total
    return Evidence(dense=dense, date_int=t.date_int[rows], day=t.day[rows], sidebar=t.sidebar[rows],
                    doc_code=t.doc_code[rows], position=t.chunk_position[rows],
                    coverage=lexical.coverage(query, rows), outlet_coverage=outlet_coverage,
                    clause_coverage=cover)


@dataclass
class Pool:
    """The candidates of one search, best fused score first, with what scored them."""

    query: str
    rows: np.ndarray
    fused: np.ndarray
    vector: np.ndarray | None
    lex_scores: QueryScores  # chunk BM25
    sent_scores: QueryScores | None  # best-sentence BM25 by chunk
    keep: np.ndarray | None
    outlets: list[tuple[np.ndarray, str]]  # each named outlet's chunks, and the question's words about it
    clauses: list[tuple[str, QueryScores, QueryScores]]  # each clause, its chunk and sentence BM25
    dates: set[int]
    # For each candidate, the best static-vector cosine of its sentences with the question
    # (column 0) and with each clause (or the question again when it has none); None
    # unless clauses were asked for.
    static: np.ndarray | None = None
    # Chunk and sentence BM25 of each named outlet's clause, in the order of ``outlets``
    # (empty unless clauses were asked for).
    outlet_scores: list[tuple[QueryScores, QueryScores]] = field(default_factory=list)
    evidence: Evidence | None = None  # gathered with the clauses, for the ranker
