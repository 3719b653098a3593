"""An index folder on disk, opened: the manifest, Chroma, the lexical side and the
embedder, behind ``add``, ``info`` and reading articles back. It loads the embedding
model once and shares it; ``assistant.retrieval.Index`` adds searching.

Other processes may index into the same folder while this one serves: every read looks
at the saved manifest (a ``stat``, reloading it when it changed), searches go on over the
last complete state while another process is writing, and ``add`` works from the
manifest as saved, read under the write lock, never from the copy it opened with.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from ..config import DEFAULT_MAX_FILE_MB
from ..errors import IndexBusyError, IndexNotFoundError, LoadError, StoreError
from ..ingest.chunking import ChunkParams
from ..knowledge.store import KnowledgeStore
from ..types import Hit, IndexInfo, IndexReport
from . import manifest as manifest_mod
from . import readahead
from .build import Progress, index_path
from .copies import CopyStore
from .embedding import Embedder, load_embedder
from .lexical import LexicalIndex
from .manifest import Manifest
from .store import ChromaStore, describe, server_address

KNOWLEDGE_ENV = "ASSISTANT_KNOWLEDGE"  # "off": index without the knowledge layer (no spaCy run)
LOCK_WAIT_SECONDS = 10.0  # how long a writer waits for the lock before saying the index is busy
FALLBACK_RETRY_SECONDS = 30.0  # how often a store that could not be read back is tried again


class IndexFolder:
    """An index folder, opened: what is stored and how it is kept whole. Searching it is
    ``assistant.retrieval.Index`` (a subclass); use ``open_index`` to get one."""

    def __init__(self, index_dir: Path, *, embed_model: str | None = None,
                 chroma_url: str | None = None, embedder: Embedder | None = None,
                 chunking: ChunkParams | None = None) -> None:
        self.index_dir = Path(index_dir).expanduser().absolute()
        self._manifest_sig = self._signature()
        self._manifest = manifest_mod.load(self.index_dir)
        if self._manifest is not None:
            self._manifest.check(embed_model or (embedder.name if embedder else None),
                                 chunking.as_dict() if chunking else None, self.index_dir)
            chroma_url = chroma_url or self._manifest.chroma_url
        if chroma_url:
            server_address(chroma_url)  # a mistyped URL fails now, not at the first search that needs Chroma
        self.chroma_url = chroma_url
        self.collection = self._manifest.collection if self._manifest else None
        self._embed_model = embed_model or (self._manifest.embed_model if self._manifest else None)
        self._embedder = embedder
        self._chunking = chunking or (ChunkParams(**self._manifest.chunking) if self._manifest else ChunkParams())
        self._store: ChromaStore | None = None
        self._store_sig: tuple[int, int, int] | None = None  # the manifest's when the store was opened
        self._lexical: LexicalIndex | None = None
        self._lexical_complete = False  # whether _lexical is the saved copy of a finished run
        self._fallback_sig: tuple[int, int, int] | None = None  # manifest whose store could not be read
        self._fallback_until = 0.0
        self._lock = threading.RLock()
        self._copies: CopyStore | None = None
        self._prefetch: threading.Thread | None = None
        self._prefetched: tuple[ChromaStore, tuple[int, int, int] | None] | None = None

    @property
    def copies(self) -> CopyStore:
        """Which indexed articles are copies of one story (SQLite beside the manifest)."""
        if self._copies is None:
            self._copies = CopyStore(self.index_dir)
        return self._copies

    @property
    def knowledge(self) -> KnowledgeStore:
        """Entities, quotes and events of the indexed files (SQLite beside the manifest)."""
        return KnowledgeStore(self.index_dir)

    # -- parts, opened on first use -------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder(self._embed_model or "all-MiniLM-L6-v2",
                                               manifest_mod.vectors_precision(self._refresh()))
            return self._embedder

    def prefetch_store(self, above_chunks: float) -> None:
        """Open the in-process Chroma store and load its vector graph in a thread, when the
        index holds more than ``above_chunks`` chunks (below, searches need no Chroma). The
        first search loads the lexical side and the model meanwhile: Chroma reads its graph
        outside the GIL, which at a million chunks is seconds of the first search."""
        manifest = self._refresh()
        with self._lock:
            if (self.chroma_url or manifest is None or self._store is not None or self._prefetch is not None
                    or sum(e.chunks for e in manifest.files.values()) <= above_chunks):
                return
            sig, dimension = self._signature(), manifest.dimension
            # Files of the lexical side are read ahead after the graph, which the first search
            # waits for: at once, they share the disk and the graph takes seconds longer.
            release = readahead.hold()

            def load() -> None:
                # Takes no lock of this folder: ``store`` joins this thread holding one.
                try:
                    store = ChromaStore(self.index_dir, None, self.collection)
                    probe = np.zeros(dimension, dtype=np.float32)
                    probe[0] = 1.0
                    store.query(probe, 1)
                except Exception:  # the search that needs the store opens it, and says what failed
                    return
                finally:
                    release()
                self._prefetched = (store, sig)  # taken by ``store`` after joining

            # Not a daemon: leaving while Chroma's native code still reads would not be clean.
            thread = threading.Thread(target=load, name="assistant-store-prefetch")
            try:
                thread.start()
            except RuntimeError:  # no thread to be had: the search opens the store itself
                release()
                return
            self._prefetch = thread

    @property
    def store(self) -> ChromaStore:
        with self._lock:
            if self._store is None and self._prefetch is not None:
                # Under the lock, so no other thread opens a second client meanwhile; the
                # prefetch takes no lock of ours, so this cannot wait on itself.
                self._prefetch.join()
                if self._prefetched is not None:
                    self._store, self._store_sig = self._prefetched
                self._prefetched = None
            sig = self._signature()  # before opening: a write landing meanwhile reopens next time
            if self._store is None:
                self._store = ChromaStore(self.index_dir, self.chroma_url, self.collection)
                self._store_sig = sig
            elif sig != self._store_sig and not manifest_mod.saved_here(self.index_dir, sig):
                # Another process wrote since: Chroma here has not seen it (see ChromaStore.reopen).
                self._store.reopen()
                self._store_sig = sig
            return self._store

    @property
    def manifest(self) -> Manifest | None:
        """The manifest as saved now (re-read when another process changed it)."""
        return self._refresh()

    def _signature(self) -> tuple[int, int, int] | None:
        return manifest_mod.signature(self.index_dir)

    def _refresh(self) -> Manifest | None:
        # A stat per call: every save replaces the file (a new inode), so any write shows.
        sig = self._signature()
        if sig == self._manifest_sig:
            return self._manifest
        with self._lock:
            if sig != self._manifest_sig:
                loaded = manifest_mod.load(self.index_dir)
                if loaded is not None and self._embed_model is None and self._embedder is None:
                    self._embed_model = loaded.embed_model  # built by another process since we opened
                if loaded is not None:
                    loaded.check(self._embed_model, self._chunking.as_dict(), self.index_dir)
                self._manifest, self._manifest_sig = loaded, sig
            return self._manifest

    def require(self) -> Manifest:
        """The saved manifest; ``IndexNotFoundError`` (naming the command that builds one)
        when the folder holds no index."""
        manifest = self._refresh()
        if manifest is None:
            raise IndexNotFoundError(
                f"no index at {self.index_dir}; build one with: assistant index PATH "
                f"--index-dir {self.index_dir}"
            )
        return manifest

    @property
    def lexical(self) -> LexicalIndex:
        with self._lock:
            manifest = self.require()
            current = self._lexical is not None and self._lexical.generation == manifest.generation and (
                self._lexical_complete or not manifest.complete)
            if current or (self._lexical is not None and self._fallback_sig == self._manifest_sig
                           and time.monotonic() < self._fallback_until):
                return self._lexical  # type: ignore[return-value]
            if self._lexical is not None and not manifest.complete and self._writer_active():
                # Another process is writing: keep searching the last finished state (it is
                # whole) instead of a half-written store; its end shows as a new manifest.
                return self._lexical
            loaded = LexicalIndex.load(self.index_dir, manifest.generation) if manifest.complete else None
            complete = manifest.complete
            if loaded is None:
                # A killed run leaves the store ahead of the saved copy, and an older
                # version saved another layout: rebuild from the store.
                try:
                    loaded = LexicalIndex.build(self.store.iter_sorted(), manifest.generation)
                except Exception as exc:
                    # A store that cannot be read back (Chroma on a full disk cannot compact
                    # its log) still leaves the last finished state to search.
                    loaded = LexicalIndex.load(self.index_dir, None)
                    if loaded is None:
                        raise StoreError(f"cannot read the index in {self.index_dir} back from Chroma "
                                         f"({type(exc).__name__}: {str(exc)[:160]}); free disk space and "
                                         "re-run assistant index") from exc
                    complete = False
                    # Tried again when the manifest changes, or after a while (space freed).
                    self._fallback_sig = self._manifest_sig
                    self._fallback_until = time.monotonic() + FALLBACK_RETRY_SECONDS
                else:
                    if manifest.complete:
                        self._save_lexical(loaded)
            loaded.warm()
            self._lexical, self._lexical_complete = loaded, complete
            return self._lexical

    # -- the API ----------------------------------------------------------------------
    def add(self, path: str | Path, *, progress: Progress | None = None,
            max_file_mb: float = DEFAULT_MAX_FILE_MB, replace: bool = False,
            follow_symlinks: bool = False) -> IndexReport:
        """Index the articles under ``path`` (a file or folder): new and changed files are
        embedded, files deleted from a folder lose their chunks. Symbolic links that lead
        out of the folder are skipped unless ``follow_symlinks``."""
        target = Path(path).expanduser()
        if not target.exists():  # before the lock, which would create the index folder
            raise LoadError(f"{target.absolute()} does not exist; pass a file or folder of articles")
        with self._write_lock():
            # The saved manifest, not the one this object opened with: another process may
            # have indexed since, and writing an older copy back would drop its files.
            on_disk = manifest_mod.load(self.index_dir)
            if on_disk is not None:
                on_disk.check(self._embed_model or self.embedder.name, self._chunking.as_dict(), self.index_dir)
            report, manifest, lexical = index_path(
                target, self.index_dir, self.embedder, self.store, self._chunking,
                int(max_file_mb * 1e6), on_disk, progress=progress, replace=replace,
                follow_symlinks=follow_symlinks, knowledge=self.knowledge if knowledge_enabled() else None,
                lexical=self._lexical if self._lexical_complete else None,
            )
            if (manifest.chroma_url, manifest.collection) != (self.store.url, self.store.collection_name):
                manifest.chroma_url, manifest.collection = self.store.url, self.store.collection_name
                manifest_mod.save(self.index_dir, manifest)
            with self._lock:
                self._manifest, self._manifest_sig = manifest, self._signature()
                self._store_sig = self._manifest_sig
                if lexical is not None:
                    self._lexical, self._lexical_complete = lexical, True
            return report

    def article(self, hit: Hit) -> list[Hit]:
        """Every indexed passage of the article ``hit`` came from (the same ``doc_id``; a
        collection's record when the index has none), in the article's order; empty when
        the hit's passage is gone from the index."""
        table = self.lexical.table
        row = table.position.get(hit.chunk_id)
        doc = table.metas[row].get("doc_id") if row is not None else None
        # The table's article codes are doc ids, or sources for rows without one: only the
        # rows of those are read, not every row of the index.
        near = [doc] if doc is not None else [hit.doc, hit.source]
        candidates = sorted({int(i) for d in near for i in table.rows_of(d)})
        found = ((i, table.metas[i]) for i in candidates)
        rows = sorted((int(m.get("char_start", 0)), int(m.get("char_end", 0)), i) for i, m in found
                      if (doc is not None and m.get("doc_id") == doc)
                      or (doc is None and m.get("source") == hit.source and m.get("record") == hit.record))
        return [table.hit(i, 0.0) for _, _, i in rows]

    def info(self) -> IndexInfo:
        manifest = self.require()
        table = self.lexical.table
        dates = _date_range(table)
        outlets = sorted(set(table.outlet_names().values()))
        return IndexInfo(
            index_dir=str(self.index_dir), root=manifest.root, files=len(manifest.files),
            documents=sum(e.documents for e in manifest.files.values()), chunks=table.live_count,
            embed_model=manifest.embed_model, dimension=manifest.dimension,
            date_first=dates[0] if dates else None, date_last=dates[-1] if dates else None,
            outlets=tuple(outlets), complete=manifest.complete,
            chroma=describe(self.index_dir, self.chroma_url), embed_precision=manifest.embed_precision,
        )

    def _writer_active(self) -> bool:
        """Whether some process (this one included) holds the write lock now."""
        try:
            with open(self.index_dir / ".lock", "a") as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    return True
                fcntl.flock(fh, fcntl.LOCK_UN)
                return False
        except OSError:
            return False

    def _save_lexical(self, lexical: LexicalIndex) -> None:
        """Keep a rebuilt copy for the next open, unless another process is writing."""
        try:
            with self._write_lock(wait=0):
                lexical.save(self.index_dir)
        except (IndexBusyError, OSError):
            pass  # read-only folder or a busy writer: searching works all the same

    @contextmanager
    def _write_lock(self, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".lock", "a") as fh:
            # A reader's probe (_writer_active) or its save of a rebuilt table holds the lock
            # for a moment: wait that out; an indexing run holds it for longer.
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusyError(
                            f"another process is indexing into {self.index_dir}; wait for it to finish"
                        ) from None
                    time.sleep(0.05)
            fh.truncate(0)
            try:
                fh.write(str(os.getpid()))
                fh.flush()
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def knowledge_enabled() -> bool:
    """Whether indexing runs the knowledge layer (on unless ASSISTANT_KNOWLEDGE=off)."""
    return os.environ.get(KNOWLEDGE_ENV, "").strip().casefold() not in ("off", "0", "false", "no")


def _date_range(table: Any) -> list[str]:
    """The first and last publication dates of the table's chunks: the dates of one row of
    the first day and one of the last (``date_int`` is the date's digits), not every row's."""
    dated = np.flatnonzero((table.date_int > 0) if table.live is None else (table.date_int > 0) & table.live)
    if not len(dated):
        return []
    days = table.date_int[dated]
    rows = (int(dated[np.argmin(days)]), int(dated[np.argmax(days)]))
    return [d for r in rows if (d := table.metas[r].get("date"))]
