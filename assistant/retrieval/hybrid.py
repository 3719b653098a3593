"""Hybrid retrieval: dense (Chroma) and lexical (BM25) candidates fused by weighted
reciprocal rank, with filters on date, outlet and source file.

A question that names outlets ("reported by both The Verge and TechCrunch") gets one
sub-search per outlet, fused with the plain search, so evidence from each outlet reaches
the top; articles dated on a day the question names are favoured; a cap on chunks per
article leaves room for the other articles a multi-hop question needs.

Filters are applied to the candidates rather than pushed into Chroma: a Chroma ``where``
filter costs ~60x an unfiltered query at 100k vectors, so one wide dense query serves
every sub-search, and a filter too selective for it scores the chunks it passes exactly
from the vectors the lexical side keeps (their int8 copies first:
:mod:`assistant.indexing.quantized`) and asks Chroma nothing, so a filter makes a search
cheaper (one outlet of 50: p50 5.7 ms against 10.5 unfiltered at 101k chunks, 9.3 against 14.9 at 303k).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ..indexing import static_vectors
from ..indexing.copies import EMPTY, CopyMap, CopyStore
from ..indexing.lexical import LexicalIndex
from ..indexing.store import ChromaStore
from ..knowledge.store import KnowledgeStore
from ..text.clauses import split_clauses
from ..types import Assumption, Filters, Hit
from .candidates import Pool, gather_evidence
from .entity_signal import EntitySignal
from .fusion import FusionParams, lead_sidebars, reciprocal_rank
from .query import OutletMatcher, QueryPlan, assumptions, plan


class HybridRetriever:
    """Gathers, fuses and (with a ranker) orders the candidates of one search; see the
    module docstring for how."""

    def __init__(self, store: Callable[[], ChromaStore], lexical: LexicalIndex,
                 embed_query: Callable[[str], np.ndarray], params: FusionParams | None = None,
                 knowledge: KnowledgeStore | None = None, copies: CopyStore | None = None) -> None:
        # Asked for only when a search needs Chroma (an index above ``exact_dense_max``):
        # importing and starting Chroma was over a second of a new process's first search,
        # which below that size reads the vectors the lexical side holds.
        self._store = store
        self.knowledge = knowledge
        self.copies = copies
        self._entities: EntitySignal | None = None
        self.lexical = lexical
        self.embed_query = embed_query
        self.params = params or FusionParams()
        t = lexical.table
        self._outlet_names = t.outlet_names()
        self._matcher = OutletMatcher(self._outlet_names.values())

    def entity_overlap(self, query: str, rows: np.ndarray) -> np.ndarray | None:
        """Each candidate's share of the question's entities (``EntitySignal``); None
        without a knowledge store or an entity the question names."""
        if self.knowledge is None:
            return None
        if self._entities is None:
            self._entities = EntitySignal(self.knowledge, self.lexical.table, self._outlet_names.values())
        found = self._entities.overlap(query, rows)
        return found.passage if found is not None else None

    def _plan(self, query: str, filters: Filters) -> QueryPlan:
        return plan(query, self._matcher if self.params.decompose and not filters.outlets else None)

    def assumptions(self, query: str, filters: Filters | None = None) -> tuple[Assumption, ...]:
        """What a search for ``query`` reads into it (outlets named, days given), those
        ``filters.ignore`` names marked not applied."""
        filters = filters if filters is not None else Filters()
        return assumptions(self._plan(query, filters), filters.ignore, self._outlet_names)

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Which chunks pass ``filters`` (None when there are none)."""
        if not filters:
            return None
        t = self.lexical.table
        keep = np.ones(len(t), dtype=bool) if t.live is None else t.live.copy()
        if filters.since:
            keep &= t.date_int >= int(filters.since.strftime("%Y%m%d"))
        if filters.until:
            keep &= (t.date_int <= int(filters.until.strftime("%Y%m%d"))) & (t.date_int > 0)
        if filters.outlets:
            keep &= self._outlet_mask({o.casefold() for o in filters.outlets})
        if filters.sources:
            wanted = {s.rstrip("/") for s in filters.sources}
            codes = [i for i, s in enumerate(t.sources) if s in wanted or any(s.startswith(w + "/") for w in wanted)]
            keep &= np.isin(t.source_code, codes)
        if filters.chunk_ids is not None:
            allowed = np.zeros(len(t), dtype=bool)
            allowed[[t.position[c] for c in filters.chunk_ids if c in t.position]] = True
            keep &= allowed
        return keep

    def _outlet_mask(self, outlets: set[str]) -> np.ndarray:
        t = self.lexical.table
        inside = np.isin(t.outlet_code, [i for i, o in enumerate(t.outlets) if o in outlets])
        return inside if t.live is None else inside & t.live

    # -- candidates ---------------------------------------------------------------------
    def _dense(self, vector: np.ndarray, size: int) -> list[int]:
        table = self.lexical.table
        if table.live_count <= self.params.exact_dense_max:
            # Exact scoring over the in-memory vectors: 0.14 ms for 8k chunks against
            # 4 ms for Chroma's approximate top 200, and no neighbour missed (removed
            # chunks, tombstones, are never found).
            return table.nearest(None, vector, size)
        found = self._store().query(vector, min(size, table.live_count))
        return [table.position[cid] for cid, _ in found if cid in table.position]

    def _dense_filtered(self, vector: np.ndarray, wide: Callable[[], list[int]], keep: np.ndarray | None,
                        pool: int) -> list[int]:
        if keep is None:
            return wide()[:pool]
        table, p = self.lexical.table, self.params
        # A filter expected to leave fewer than ``pool`` of the wide list gets the chunks it
        # passes scored exactly, and Chroma is not asked (it would be, then scored anyway);
        # a broader one reads the wide list, and only when too few of it pass, scores them.
        if int(np.count_nonzero(keep)) * p.dense_pool >= pool * table.live_count:
            found = [r for r in wide() if keep[r]]
            if len(found) >= pool:
                return found[:pool]
        return table.nearest(np.flatnonzero(keep), vector, pool)

    # -- search -------------------------------------------------------------------------
    def _ranks(self, query: str) -> bool:
        """Whether the learned ranker orders this question's results."""
        return self.params.ranker is not None and len(query.split()) >= self.params.ranker_min_words

    def pool(self, query: str, k: int = 5, filters: Filters | None = None,
             clauses: bool | None = None) -> Pool | None:
        """Every candidate passage for ``query`` with its fused score, before the final
        ranking; None when nothing can match. ``clauses`` adds each clause's best passages
        and scores (what the ranker reads; by default only when there is one)."""
        table = self.lexical.table
        filters = filters if filters is not None else Filters()
        if k <= 0 or len(table) == 0 or not query.strip():
            return None
        keep = self.mask(filters)
        if keep is not None and not keep.any():
            return None
        p = self.params
        pool = max(p.pool, k * 3)
        dense_weight = p.dense_weight
        if p.dense_full_words:
            dense_weight *= min(1.0, p.dense_full_words / max(1, len(query.split())))
        vector = self.embed_query(query) if dense_weight or p.ranker else None
        held: list[list[int]] = []

        def wide() -> list[int]:  # one Chroma query for all sub-searches, made when one needs it
            if not held:
                held.append(self._dense(vector, max(p.dense_pool, pool)))
            return held[0]

        lex_scores = self.lexical.scores(query if p.lexical_weight else "")
        sent_scores = self.lexical.sentence_scores(query) if p.sentence_weight else None

        scoped = table.live_count > p.sentence_exact_max  # see FusionParams

        def ranked(mask: np.ndarray | None) -> dict[int, float]:
            dense = self._dense_filtered(vector, wide, mask, pool) if vector is not None and dense_weight else []
            # (the sentence scope needs the chunk BM25 ranking even where it is not fused)
            by_chunk = lex_scores if p.lexical_weight or not scoped else self.lexical.scores(query)
            lexical = by_chunk.top(max(pool, p.sentence_scope if scoped else 0), mask)[0]
            sentences: list[int] = []
            if sent_scores is not None:
                scope = np.concatenate([lexical, np.asarray(dense, dtype=np.int64)]) if scoped else None
                sentences = sent_scores.top(pool, mask, scope)[0].tolist()
            fused_lexical = lexical[:pool].tolist() if p.lexical_weight else []
            return reciprocal_rank(((dense_weight, dense), (p.lexical_weight, fused_lexical),
                                    (p.sentence_weight, sentences)))

        qplan = self._plan(query, filters).without(filters.ignore)
        # Scores add up across the plain search and each outlet's sub-search, so a chunk
        # that is strong overall and for its outlet rises above one that is either alone.
        lists: list[tuple[float, dict[int, float]]] = [(1.0, ranked(keep))]
        groups: list[tuple[np.ndarray, str]] = []
        for group, clause in zip(qplan.outlets, qplan.clauses, strict=True):
            sub = self._outlet_mask(set(group))
            if keep is not None:
                sub &= keep
            if sub.any():
                groups.append((sub, clause))
                lists.append((p.outlet_weight, ranked(sub)))
        scores: dict[int, float] = {}
        for weight, fused in lists:
            for row, value in fused.items():
                scores[row] = scores.get(row, 0.0) + weight * value
        dates = set(qplan.dates)
        for row in scores:
            if table.sidebar[row]:
                scores[row] *= p.sidebar_factor
            if dates and int(table.date_int[row]) in dates:
                scores[row] *= 1.0 + p.date_boost
        if p.entity_weight and scores:
            candidates = np.fromiter(scores, dtype=np.int64, count=len(scores))
            overlap = self.entity_overlap(query, candidates)
            if overlap is not None:
                for row, share in zip(candidates.tolist(), overlap.tolist(), strict=True):
                    scores[row] *= 1.0 + p.entity_weight * share
        order = sorted(scores, key=lambda r: (-scores[r], table.ids[r]))
        fused = [scores[r] for r in order]
        per_clause: list[tuple[str, np.ndarray, np.ndarray]] = []
        static = None
        outlet_scores: list[tuple[np.ndarray, np.ndarray]] = []
        evidence = None
        if clauses if clauses is not None else self._ranks(query):
            # Each clause of a multi-hop question asks for its own fact, which a search
            # with the whole question can rank too low to reach the pool at all.
            seen = set(order)
            for clause in split_clauses(query):
                c_lex, c_sent = self.lexical.scores(clause), self.lexical.sentence_scores(clause)
                per_clause.append((clause, c_lex, c_sent))
                c_top = c_lex.top(max(p.clause_pool, p.sentence_scope if scoped else 0), keep)[0]
                scope = np.concatenate([c_top, np.asarray(order, dtype=np.int64)]) if scoped else None
                for row in np.concatenate([c_sent.top(p.clause_pool, keep, scope)[0], c_top[:p.clause_pool]]).tolist():
                    if row not in seen:
                        seen.add(row)
                        order.append(row)
                        fused.append(0.0)
            outlet_scores = [(self.lexical.scores(c), self.lexical.sentence_scores(c)) for _, c in groups]
            texts = [query] + ([c for c, _, _ in per_clause] or [query])
            static = self.lexical.sentence_similarity(static_vectors.packaged().encode(texts),
                                                      np.asarray(order, dtype=np.int64))
            evidence = gather_evidence(self.lexical, query, np.asarray(order, dtype=np.int64), vector, groups,
                                       [c for c, _, _ in per_clause])
        return Pool(query=query, rows=np.asarray(order, dtype=np.int64),
                    fused=np.asarray(fused, dtype=np.float64),
                    vector=vector, lex_scores=lex_scores, sent_scores=sent_scores,
                    keep=keep, outlets=groups, dates=dates, clauses=per_clause, static=static,
                    outlet_scores=outlet_scores, evidence=evidence)

    def search(self, query: str, k: int = 5, filters: Filters | None = None, *,
               all_copies: bool = False) -> list[Hit]:
        """The ``k`` best passages, one article per story: a copy of an article already
        found is left out and listed in that hit's ``copies`` (unless ``all_copies``)."""
        found = self.pool(query, k, filters)
        if found is None:
            return []
        rows, scores = found.rows, found.fused
        if self._ranks(query) and len(rows) > 1:
            rows, scores = self.params.ranker.rank(found)
            overlap = self.entity_overlap(query, rows) if self.params.entity_rank_weight else None
            if overlap is not None:
                scores = scores + self.params.entity_rank_weight * overlap
                order = np.lexsort((-scores, self.lexical.table.sidebar[rows]))  # sidebars last, as ranked
                rows, scores = rows[order], scores[order]
        rows, scores = lead_sidebars(rows, np.asarray(scores), self.lexical.table.sidebar[rows],
                                     found.sent_scores.at(rows) if found.sent_scores is not None else None)
        order = rows.tolist()
        score_of = dict(zip(order, scores.tolist(), strict=True))
        copies = self.copy_map()
        if not all_copies:
            order = self._one_printing(order, copies)
        hits = [self.lexical.table.hit(row, score_of[row]) for row in self._cap(order, k)]
        return [replace(h, copies=copies.copies(h.doc)) if len(copies) else h for h in hits]

    def copy_map(self) -> CopyMap:
        return self.copies.map() if self.copies is not None else EMPTY

    def _one_printing(self, order: list[int], copies: CopyMap) -> list[int]:
        """``order`` without the passages of a copy of an article ranked higher."""
        if not len(copies):
            return order
        shown: dict[str, str] = {}  # story -> the article shown for it
        out = []
        for row in order:
            doc = self.lexical.table.doc_of(row)
            if shown.setdefault(copies.cluster(doc), doc) == doc:
                out.append(row)
        return out

    def _cap(self, order: list[int], k: int) -> list[int]:
        cap = self.params.max_per_doc
        if cap <= 0:
            return order[:k]
        taken: list[int] = []
        spill: list[int] = []
        per_doc: dict[str, int] = {}
        for row in order:
            doc = self.lexical.table.doc_of(row)
            if per_doc.get(doc, 0) < cap:
                per_doc[doc] = per_doc.get(doc, 0) + 1
                taken.append(row)
                if len(taken) == k:
                    return taken
            else:
                spill.append(row)
        return (taken + spill)[:k]  # too few articles: fill up rather than return less
