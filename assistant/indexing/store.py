"""The vector store: Chroma, in-process under the index folder or a ``chroma run`` server.

We always hand Chroma our own embeddings: its default embedding function would
download a model. Does not know about BM25 or fusion (see ``lexical``, ``retriever``).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from ..errors import ConfigError, StoreError

COLLECTION = "articles"
# folder -> how many times this process reopened it: every store of that folder in this
# process re-gets its collection when the count moves (the old system is stopped).
_EPOCHS: dict[str, int] = {}


class _SharedLock:
    """Many users at once, or one reopen: stopping Chroma's shared system under a running
    query fails that query ("Could not connect to tenant")."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._users = 0
        self._reopening = False

    @contextmanager
    def use(self) -> Iterator[None]:
        with self._cond:
            while self._reopening:
                self._cond.wait()
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                self._cond.notify_all()

    @contextmanager
    def reopen(self) -> Iterator[None]:
        with self._cond:
            while self._reopening:
                self._cond.wait()
            self._reopening = True
            while self._users:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._reopening = False
                self._cond.notify_all()


_LOCKS: dict[str, _SharedLock] = {}
_LOCKS_GUARD = threading.Lock()
_OPENING = threading.Lock()


def _lock_for(location: str) -> _SharedLock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(location, _SharedLock())


def _settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def describe(index_dir: Path, url: str | None) -> str:
    return url if url else str(index_dir / "chroma")


def collection_name(index_dir: Path, url: str | None) -> str:
    """Each index folder gets its own collection on a shared server, so two indexes
    pointed at one ``chroma run`` never see each other's chunks."""
    if not url:
        return COLLECTION
    digest = hashlib.sha1(str(index_dir.expanduser().absolute()).encode()).hexdigest()[:12]
    return f"{COLLECTION}-{digest}"


def server_address(url: str) -> tuple[str, int, bool]:
    """Host, port and whether TLS, of a ``--chroma-url``; ``ConfigError`` when it names no
    host or an impossible port (checked when an index is opened, before Chroma is needed)."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    try:
        port = parsed.port
    except ValueError:
        raise ConfigError(f"--chroma-url {url!r} has an impossible port; use http://HOST:PORT") from None
    if not parsed.hostname:
        raise ConfigError(f"--chroma-url {url!r} has no host; use http://HOST:PORT")
    return parsed.hostname, port or (443 if parsed.scheme == "https" else 8000), parsed.scheme == "https"


class ChromaStore:
    """One Chroma collection of chunks: ids, vectors, texts and metadata."""

    def __init__(self, index_dir: Path, url: str | None = None,
                 collection: str | None = None) -> None:
        self.index_dir = index_dir
        self.location = describe(index_dir, url)
        self.url = url
        self.collection_name = collection or collection_name(index_dir, url)
        self._shared = _lock_for(self.location)
        self._open_lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        import chromadb

        url, collection = self.url, self.collection_name
        try:
            if url:
                host, port, ssl = server_address(url)
                self._client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=_settings())
                self._client.heartbeat()
            else:
                (self.index_dir / "chroma").mkdir(parents=True, exist_ok=True)
                # One at a time: Chroma shares a client's system by path and registers it before
                # starting it, so a second open meanwhile (a search's prefetch beside an upload)
                # could get one not started.
                with _OPENING:
                    self._client = chromadb.PersistentClient(path=str(self.index_dir / "chroma"),
                                                             settings=_settings())
            self._collection = self._client.get_or_create_collection(
                collection, embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
            )
        except ConfigError:
            raise
        except Exception as exc:
            hint = ("start it with: chroma run --path DIR --port PORT" if url
                    else "check the folder is writable, or rebuild with: assistant index PATH --index-dir NEW")
            raise StoreError(f"cannot open Chroma at {self.location} ({type(exc).__name__}: "
                             f"{str(exc)[:160]}); {hint}") from exc
        self._max_batch = int(getattr(self._client, "get_max_batch_size", lambda: 5000)() or 5000)
        self._epoch = _EPOCHS.get(self.location, 0)

    @property
    def _live(self) -> Any:
        """The collection, re-got when another store of this folder reopened it. Callers
        hold ``self._shared.use()``."""
        with self._open_lock:
            if self._epoch != _EPOCHS.get(self.location, 0):
                self._open()
            return self._collection

    def reopen(self) -> None:
        """See what other processes wrote since this one opened the folder.

        Chroma's in-process client keeps its own copy of the vector segment, shared by every
        client of the folder in this process, and never re-reads it: after another process
        wrote, reads fail ("Error finding id") or miss rows. Stopping that shared system
        and starting a new one reads the folder afresh; queries wait meanwhile. A server
        keeps its own view fresh.
        """
        if self.url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        with self._shared.reopen(), self._open_lock:
            identifier = getattr(self._client, "_identifier", None)
            system = SharedSystemClient._identifier_to_system.pop(identifier, None) if identifier else None
            _EPOCHS[self.location] = _EPOCHS.get(self.location, 0) + 1
            if system is not None:
                system.stop()
            self._open()

    def count(self) -> int:
        with self._shared.use():
            return self._live.count()

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, texts: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        step = min(self._max_batch, 1000)
        with self._writing():
            for lo in range(0, len(ids), step):
                hi = lo + step
                self._live.upsert(
                    ids=list(ids[lo:hi]), embeddings=vectors[lo:hi], documents=list(texts[lo:hi]),
                    metadatas=[_clean(m) for m in metadatas[lo:hi]],
                )

    def delete_sources(self, sources: Sequence[str]) -> None:
        step = 100
        sources = list(sources)
        with self._writing():
            for lo in range(0, len(sources), step):
                self._live.delete(where={"source": {"$in": sources[lo:lo + step]}})

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with self._shared.use():
                yield
        except StoreError:
            raise
        except Exception as exc:  # Chroma's own error types, from Python or its Rust core
            raise StoreError(f"Chroma could not write to {self.location} ({type(exc).__name__}: "
                             f"{str(exc)[:160]}); check the disk and re-run: indexing resumes where it "
                             "stopped") from exc

    def query(self, vector: np.ndarray, n: int,
              where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first. ``n`` at most the collection size:
        the caller knows it, and asking Chroma costs a round trip per query."""
        if n <= 0:
            return []
        with self._shared.use():
            res = self._live.query(query_embeddings=[vector], n_results=n, where=where,
                                   include=["distances"])
        return [(cid, 1.0 - float(d))
                for cid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def ids(self, page: int = 10_000) -> list[str]:
        """Every chunk id in the collection."""
        out: list[str] = []
        while True:
            with self._shared.use():
                found = self._live.get(include=[], limit=page, offset=len(out))["ids"]
            if not found:
                return out
            out.extend(found)

    def iter_sorted(self, ids: Sequence[str] | None = None,
                    page: int = 2000) -> Iterator[tuple[str, str, dict[str, Any], np.ndarray]]:
        """(id, text, metadata, vector) of ``ids`` (default: every chunk) the collection
        holds, in id order, a page at a time: the caller need not hold them all to sort them."""
        ordered = sorted(set(self.ids() if ids is None else ids))
        for lo in range(0, len(ordered), page):
            with self._shared.use():
                res = self._live.get(ids=ordered[lo:lo + page], include=["documents", "metadatas", "embeddings"])
            yield from sorted(_rows(res), key=lambda r: r[0])


def _rows(res: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], np.ndarray]]:
    return zip(res["ids"], res["documents"], res["metadatas"], res["embeddings"], strict=True)


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    # Chroma metadata values must be str, int, float or bool: no None.
    return {k: v for k, v in meta.items() if v is not None}
