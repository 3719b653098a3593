"""An index on disk, opened: the manifest, Chroma, the lexical side and the embedder,
behind ``search``, ``add`` and ``info``. This is what the CLI, the app and other
programs hold; it loads the embedding model once and shares it.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from . import manifest as manifest_mod
from .chunking import ChunkParams
from .config import DEFAULT_EMBED_MODEL, DEFAULT_MAX_FILE_MB
from .embedding import CachedQueries, Embedder, load_embedder
from .errors import ConfigError, IndexBusyError, IndexNotFoundError
from .indexer import Progress, index_path
from .lexical import LexicalIndex
from .manifest import Manifest
from .ranking import load_ranker
from .records import Filters, Hit, IndexInfo, IndexReport
from .retriever import FusionParams, HybridRetriever
from .store import ChromaStore, describe


class Index:
    """A hybrid index of news articles. Use ``open_index`` to get one."""

    def __init__(self, index_dir: Path, *, embed_model: str | None = None,
                 chroma_url: str | None = None, embedder: Embedder | None = None,
                 chunking: ChunkParams | None = None, fusion: FusionParams | None = None,
                 ranker: str | None = None) -> None:
        self.index_dir = Path(index_dir).expanduser().absolute()
        self._manifest = manifest_mod.load(self.index_dir)
        if self._manifest is not None:
            self._manifest.check(embed_model or (embedder.name if embedder else None),
                                 chunking.as_dict() if chunking else None, self.index_dir)
            chroma_url = chroma_url or self._manifest.chroma_url
        self.chroma_url = chroma_url
        self.collection = self._manifest.collection if self._manifest else None
        self._embed_model = embed_model or (self._manifest.embed_model if self._manifest else None)
        self._embedder = embedder
        self._chunking = chunking or (ChunkParams(**self._manifest.chunking) if self._manifest else ChunkParams())
        self._fusion = fusion or FusionParams()
        self._ranker = ranker  # a spec for assistant.ranking.load_ranker; None = the default
        self._store: ChromaStore | None = None
        self._lexical: LexicalIndex | None = None
        self._retriever: HybridRetriever | None = None
        self._lock = threading.RLock()

    # -- parts, opened on first use -------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder(self._embed_model or "all-MiniLM-L6-v2")
            return self._embedder

    @property
    def store(self) -> ChromaStore:
        with self._lock:
            if self._store is None:
                self._store = ChromaStore(self.index_dir, self.chroma_url, self.collection)
            return self._store

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    def _require(self) -> Manifest:
        if self._manifest is None:
            raise IndexNotFoundError(
                f"no index at {self.index_dir}; build one with: assistant index PATH "
                f"--index-dir {self.index_dir}"
            )
        return self._manifest

    @property
    def lexical(self) -> LexicalIndex:
        with self._lock:
            manifest = self._require()
            if self._lexical is None or self._lexical.generation != manifest.generation:
                loaded = LexicalIndex.load(self.index_dir, manifest.generation) if manifest.complete else None
                if loaded is None:
                    # A killed run leaves the store ahead of the saved copy, and an older
                    # version saved another layout: rebuild from the store.
                    loaded = LexicalIndex.build(self.store.iter_all(), manifest.generation)
                    if manifest.complete:
                        self._save_lexical(loaded)
                self._lexical = loaded
                self._retriever = None
            return self._lexical

    @property
    def retriever(self) -> HybridRetriever:
        with self._lock:
            lexical = self.lexical
            if self._retriever is None:
                params = self._fusion
                if params.ranker is None:
                    params = replace(params, ranker=load_ranker(self._ranker))
                self._retriever = HybridRetriever(self.store, lexical, CachedQueries(self.embedder), params)
            return self._retriever

    def reconfigured(self, *, fusion: FusionParams | None = None, ranker: str | None = None) -> Index:
        """This index searched with other fusion settings or another final ordering
        (``ranker`` as for ``open_index``), for tuning and benchmarks. It shares this
        index's model, store and tables; settings not given are kept."""
        other = Index(self.index_dir, embedder=self.embedder, chroma_url=self.chroma_url,
                      fusion=fusion or self._fusion, ranker=self._ranker if ranker is None else ranker)
        with self._lock:
            other._store, other._lexical = self._store, self._lexical
        return other

    # -- the API ----------------------------------------------------------------------
    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first."""
        if k < 0:
            raise ConfigError(f"k must be positive, got {k}")
        return self.retriever.search(query, k, filters)

    def add(self, path: str | Path, *, progress: Progress | None = None,
            max_file_mb: float = DEFAULT_MAX_FILE_MB, replace: bool = False) -> IndexReport:
        """Index the articles under ``path`` (a file or folder): new and changed files are
        embedded, files deleted from a folder lose their chunks."""
        with self._write_lock():
            report, manifest, lexical = index_path(
                Path(path), self.index_dir, self.embedder, self.store, self._chunking,
                int(max_file_mb * 1e6), self._manifest, progress=progress, replace=replace,
            )
            if (manifest.chroma_url, manifest.collection) != (self.store.url, self.store.collection_name):
                manifest.chroma_url, manifest.collection = self.store.url, self.store.collection_name
                manifest_mod.save(self.index_dir, manifest)
            with self._lock:
                self._manifest = manifest
                if lexical is not None:
                    self._lexical = lexical
                    self._retriever = None
            return report

    def info(self) -> IndexInfo:
        manifest = self._require()
        table = self.lexical.table
        dates = sorted(m["date"] for m in table.metas if m.get("date"))
        outlets = sorted({m["outlet"] for m in table.metas if m.get("outlet")})
        return IndexInfo(
            index_dir=str(self.index_dir), root=manifest.root, files=len(manifest.files),
            documents=sum(e.documents for e in manifest.files.values()), chunks=len(table),
            embed_model=manifest.embed_model, dimension=manifest.dimension,
            date_first=dates[0] if dates else None, date_last=dates[-1] if dates else None,
            outlets=tuple(outlets), complete=manifest.complete,
            chroma=describe(self.index_dir, self.chroma_url),
        )

    def _save_lexical(self, lexical: LexicalIndex) -> None:
        """Keep a rebuilt copy for the next open, unless another process is writing."""
        try:
            with self._write_lock():
                lexical.save(self.index_dir)
        except (IndexBusyError, OSError):
            pass  # read-only folder or a busy writer: searching works all the same

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexBusyError(
                    f"another process is indexing into {self.index_dir}; wait for it to finish"
                ) from None
            try:
                fh.write(str(os.getpid()))
                fh.flush()
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def open_index(index_dir: str | Path | None = None, *, embed_model: str | None = None,
               chroma_url: str | None = None, embedder: Embedder | None = None,
               create: bool = False, ranker: str | None = None) -> Index:
    """Open the index at ``index_dir`` (settings resolved from the environment and
    ``assistant.toml`` when not given). ``create`` allows a folder with no index yet.
    ``ranker`` orders the final results: ``learned`` (default), ``none``, or a model path."""
    if index_dir is None or (embed_model is None and embedder is None) or chroma_url is None or ranker is None:
        from .config import resolve

        settings = resolve(index_dir=index_dir, chroma_url=chroma_url, ranker=ranker)
        index_dir = settings.index_dir
        chroma_url = chroma_url or settings.chroma_url
        ranker = settings.ranker
        if embed_model is None and embedder is None and settings.embed_model != DEFAULT_EMBED_MODEL:
            embed_model = settings.embed_model  # asked for by environment or config file
    index = Index(Path(index_dir), embed_model=embed_model, chroma_url=chroma_url, embedder=embedder,
                  ranker=ranker)
    if not create:
        index._require()
    return index
