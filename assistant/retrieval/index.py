"""The index the CLI, the app and other programs hold: an index folder (storage, kept
whole across processes: ``assistant.indexing.folder``) that can be searched.

    >>> index = open_index("index", create=True)                   # doctest: +SKIP
    >>> index.add("examples/articles")                              # doctest: +SKIP
    >>> [h.source for h in index.search("who opened the bridge?")]   # doctest: +SKIP
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from pathlib import Path

from ..config import DEFAULT_EMBED_MODEL
from ..errors import ConfigError
from ..indexing import readahead
from ..indexing.embedding import Embedder
from ..indexing.folder import IndexFolder
from ..indexing.lexical import DIRNAME
from ..indexing.vector_cache import CachedQueries
from ..ingest.chunking import ChunkParams
from ..knowledge import query as knowledge_query
from ..types import Assumption, Entity, Event, Filters, Hit, Quote
from .fusion import FusionParams
from .hybrid import HybridRetriever
from .ranker.model import load_ranker

TIMELINE_PASSAGES_PER_EVENT = 2  # passages searched for each event a timeline shows


class Index(IndexFolder):
    """A hybrid index of news articles. Use ``open_index`` to get one."""

    def __init__(self, index_dir: Path, *, embed_model: str | None = None,
                 chroma_url: str | None = None, embedder: Embedder | None = None,
                 chunking: ChunkParams | None = None, fusion: FusionParams | None = None,
                 ranker: str | None = None) -> None:
        super().__init__(index_dir, embed_model=embed_model, chroma_url=chroma_url, embedder=embedder,
                         chunking=chunking)
        self._fusion = fusion or FusionParams()
        self._ranker = ranker  # a spec for load_ranker; None = the default
        self._retriever: HybridRetriever | None = None

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:  # Chroma's graph loads while this loads the rest (none when unused)
            self.prefetch_store(self._fusion.exact_dense_max if self._fusion.dense_weight else math.inf)
        with self._lock:
            lexical = self.lexical
            # A new lexical side (another run indexed, or this one added) needs a new retriever.
            if self._retriever is None or self._retriever.lexical is not lexical:
                readahead.lexical_side(self.index_dir / DIRNAME)
                params = self._fusion
                if params.ranker is None:
                    params = replace(params, ranker=load_ranker(self._ranker))
                # The store is opened by the first search that needs it, then kept by this
                # retriever: asking the folder on every query would reopen Chroma after each
                # batch another process's indexing run saves.
                self._retriever = HybridRetriever(functools.cache(lambda: self.store), lexical,
                                                  CachedQueries(self.embedder), params,
                                                  knowledge=self.knowledge, copies=self.copies)
            return self._retriever

    def reconfigured(self, *, fusion: FusionParams | None = None, ranker: str | None = None) -> Index:
        """This index searched with other fusion settings or another final ordering
        (``ranker`` as for ``open_index``), for tuning and benchmarks. It shares this
        index's model, store and tables; settings not given are kept."""
        other = Index(self.index_dir, embedder=self.embedder, chroma_url=self.chroma_url,
                      fusion=fusion or self._fusion, ranker=self._ranker if ranker is None else ranker)
        if self._prefetch is not None:
            self.store  # noqa: B018 - the graph a prefetch is loading, shared rather than loaded twice
        with self._lock:
            other._store, other._store_sig, other._lexical = self._store, self._store_sig, self._lexical
            other._lexical_complete = self._lexical_complete
        return other

    def search(self, query: str, k: int = 5, filters: Filters | None = None, *,
               entity: str | None = None, all_copies: bool = False) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first, one article per story (its
        other printings in the hit's ``copies``; every printing with ``all_copies``); with
        ``entity``, only passages mentioning that entity (by any of its names)."""
        if k < 0:
            raise ConfigError(f"k must be positive, got {k}")
        if entity is not None:
            base = filters if filters is not None else Filters()  # an empty one may still carry ``ignore``
            filters = replace(base, chunk_ids=self.passages_mentioning(entity))
        return self.retriever.search(query, k, filters, all_copies=all_copies)

    def assumptions(self, query: str, filters: Filters | None = None) -> tuple[Assumption, ...]:
        """What a search for ``query`` reads into it: the outlets it names and the days it
        gives; put an ``Assumption.key`` in ``Filters.ignore`` to search without it."""
        return self.retriever.assumptions(query, filters)

    # -- the knowledge layer ----------------------------------------------------------------
    def entities(self, *, type: str | None = None, name: str | None = None,
                 limit: int | None = None) -> list[Entity]:
        """People, organisations, places and other named things, merged across spellings,
        most mentioned first."""
        return knowledge_query.entities(self.knowledge, type_=type, name=name, limit=limit)

    def quotes(self, *, speaker: str | None = None, about: str | None = None, filters: Filters | None = None,
               limit: int | None = None) -> list[Quote]:
        """Who said what: quotes attributed to ``speaker`` (any of its names), ranked by
        relevance to ``about`` when given, restricted by ``filters`` (dates, outlets, files)."""
        f = filters or Filters()
        return knowledge_query.quotes(self.knowledge, speaker=speaker, about=about, since=f.since, until=f.until,
                                      outlets=f.outlets, sources=f.sources, limit=limit)

    def timeline(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Event]:
        """The ``k`` dated events most relevant to ``query``, oldest first: events in the
        sentences of the passages a search finds, in the passages' order of relevance."""
        hits = self.search(query, k=max(k, 1) * TIMELINE_PASSAGES_PER_EVENT, filters=filters)
        spans = [(h.doc, h.char_start, h.char_end) for h in hits]
        events = knowledge_query.events_in(self.knowledge, spans)[:k]
        return sorted(events, key=lambda e: (e.date or "", e.source, e.line_start))

    def passages_mentioning(self, entity: str) -> frozenset[str]:
        """Chunk ids of the passages that mention ``entity``."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for doc, start, end in knowledge_query.mention_spans(self.knowledge, entity):
            spans.setdefault(doc, []).append((start, end))
        table = self.lexical.table
        out = set()
        for doc, found in spans.items():
            for row in table.rows_of(doc):  # none for a file the lexical side no longer holds
                meta = table.metas[row]
                if any(a < int(meta["char_end"]) and b > int(meta["char_start"]) for a, b in found):
                    out.add(table.ids[row])
        return frozenset(out)


def open_index(index_dir: str | Path | None = None, *, embed_model: str | None = None,
               chroma_url: str | None = None, embedder: Embedder | None = None,
               create: bool = False, ranker: str | None = None) -> Index:
    """Open the index at ``index_dir`` (settings resolved from the environment and
    ``assistant.toml`` when not given). ``create`` allows a folder with no index yet.
    ``ranker`` orders the final results: ``learned`` (default), ``none``, or a model path."""
    if index_dir is None or (embed_model is None and embedder is None) or chroma_url is None or ranker is None:
        from ..config import resolve

        settings = resolve(index_dir=index_dir, chroma_url=chroma_url, ranker=ranker)
        index_dir = settings.index_dir
        chroma_url = chroma_url or settings.chroma_url
        ranker = settings.ranker
        if embed_model is None and embedder is None and settings.embed_model != DEFAULT_EMBED_MODEL:
            embed_model = settings.embed_model  # asked for by environment or config file
    index = Index(Path(index_dir), embed_model=embed_model, chroma_url=chroma_url, embedder=embedder,
                  ranker=ranker)
    if not create:
        index.require()
    return index
