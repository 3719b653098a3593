"""The candidates of one search, and everything that scored them.

The retriever gathers a ``Pool`` (dense, chunk and sentence BM25, per-outlet and
per-clause scores) and hands it whole to the fusion order and to the ranker, so
neither has to go back to the indexes for a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Pool:
    """The candidates of one search, best fused score first, with what scored them."""

    query: str
    rows: np.ndarray
    fused: np.ndarray
    vector: np.ndarray | None
    lex_scores: np.ndarray
    sent_scores: np.ndarray | None
    keep: np.ndarray | None
    outlets: list[tuple[np.ndarray, str]]  # each named outlet's chunks, and the question's words about it
    clauses: list[tuple[str, np.ndarray, np.ndarray]]  # each clause, its chunk and sentence BM25
    dates: set[int]
    # For each candidate, the best static-vector cosine of its sentences with the question
    # (column 0) and with each clause (or the question again when it has none); None
    # unless clauses were asked for.
    static: np.ndarray | None = None
    # Chunk and sentence BM25 of each named outlet's clause, in the order of ``outlets``
    # (empty unless clauses were asked for).
    outlet_scores: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
