"""Incremental indexing: load, chunk, embed and store only what changed.

Files are read, chunked and written in batches of about ``EMBED_BATCH_CHUNKS`` chunks,
and the manifest is saved after every batch: a file's entry is written only after all
its chunks are in the store (and its facts in the knowledge store), and a file cut
across batches is recorded in ``partial`` with the number of chunks written. So a run
killed at any point leaves an index that opens and searches (the lexical side is
rebuilt from the store), and the next run resumes: files whose entries are complete are
unchanged, a partial file continues from its last batch (chunk ids are positions, so
the chunks already stored are the same ones), the rest is redone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, LoadError
from ..ingest.chunking import Chunk, ChunkParams, chunk_article, chunk_metadata
from ..ingest.discover import discover, is_inside
from ..ingest.files import read_bytes
from ..ingest.loaders import load_file
from ..knowledge import nlp as knowledge_nlp
from ..knowledge.store import KnowledgeStore
from ..types import IndexReport, SkippedFile
from . import manifest as manifest_mod
from .copies import CopyStore, Row, rows_of
from .embedding import Embedder
from .facts import CoreShare, FactsReader, FileFacts
from .lexical import LexicalIndex, lexical_after
from .manifest import FileEntry, Manifest, PartialEntry, with_precision
from .store import ChromaStore

log = logging.getLogger(__name__)

# progress(stage, done, total): stage is "reading" or "embedding"
Progress = Callable[[str, int, int], None]
EMBED_BATCH_CHUNKS = 512
# Room a stored chunk takes with its text (vector in Chroma and in the lexical copy, HNSW
# links, metadata, the text twice): used only to say how much space a full disk needs.
_BYTES_PER_CHUNK = 12_000


@dataclass
class _Piece:
    """Chunks ``chunks`` of one file, the ``first``-th onwards; ``last`` when they end it."""

    source: str
    hash: str
    chunks: list[Chunk]
    first: int
    total: int
    documents: int
    facts: FileFacts | None = None  # what the file says (the knowledge layer), stored with its last chunk
    printed: list[Row] | None = None  # its articles' shingles (copies), stored with its last chunk

    @property
    def last(self) -> bool:
        return self.first + len(self.chunks) == self.total


def _scope(root: Path, target: Path) -> str | None:
    """Sources under ``target`` relative to ``root``: "" for all, a prefix, or None if a
    single file (which never removes anything)."""
    if target.is_file():
        return None
    rel = target.relative_to(root).as_posix()
    return "" if rel == "." else rel + "/"


def index_path(
    path: Path, index_dir: Path, embedder: Embedder, store: ChromaStore, params: ChunkParams,
    max_bytes: int, manifest: Manifest | None, progress: Progress | None = None,
    replace: bool = False, follow_symlinks: bool = False, knowledge: KnowledgeStore | None = None,
    lexical: LexicalIndex | None = None,
) -> tuple[IndexReport, Manifest, LexicalIndex | None]:
    """Bring the index in line with the files under ``path``. The caller holds the write
    lock and hands over the manifest as it is on disk.

    Returns the report, the saved manifest, and the rebuilt lexical index (None when
    nothing changed and the saved one is current). With ``knowledge``, what each file says
    (entities, quotes, events) is stored there too, each file's facts committed before the
    manifest lists the file; files indexed before the store existed are read for it.
    ``lexical``: the caller's copy of the lexical side, if it has one (saves loading it).
    """
    started = time.perf_counter()
    report = IndexReport()
    # abspath folds '..': root/../elsewhere must not pass as a folder inside root.
    target = Path(os.path.abspath(path.expanduser()))
    found_root, files, unsupported = discover(target, follow_symlinks=follow_symlinks)
    if target.is_dir():
        found_root = target

    # The lexical side is updated from the last finished state, if there is one.
    start = manifest.generation if manifest is not None and manifest.complete else None
    copy_store = CopyStore(index_dir)
    copy_store.open_for_writing()
    nlp = None
    if knowledge is not None:
        nlp = knowledge_nlp.load()
        knowledge.open_for_writing(knowledge_nlp.describe(nlp))
    if manifest is None or (replace and manifest.root != str(found_root)):
        fresh = Manifest(embed_model=embedder.name, dimension=embedder.dimension,
                         chunking=params.as_dict(), root=str(found_root),
                         chroma_url=store.url, collection=store.collection_name,
                         generation=manifest.generation + 1 if manifest else 0)
        fresh.disk_nonce = manifest.disk_nonce if manifest else None
        if manifest is not None and (manifest.files or manifest.partial):
            # The new manifest (unfinished, listing nothing) goes first: a run stopped right
            # after the delete must not leave a manifest listing chunks that are gone.
            fresh.complete = False
            manifest_mod.save(index_dir, fresh)
            store.delete_sources([*manifest.files, *manifest.partial])
        if knowledge is not None:
            knowledge.clear()
        copy_store.clear()
        manifest, start = fresh, None
    root = Path(manifest.root) if manifest.root else found_root
    try:
        target.relative_to(root)
    except ValueError:
        raise ConfigError(
            f"{target} is outside {root}, the folder this index was built from; index it into "
            "another --index-dir, or pass --replace to rebuild this index from it"
        ) from None
    if not follow_symlinks and not is_inside(os.path.realpath(target), os.path.realpath(root)):
        raise ConfigError(f"{target} is a symbolic link out of {root}, the folder this index was built from; "
                          "pass --follow-symlinks to index what it leads to")
    scope = _scope(root, target)
    # The index folder may sit inside the corpus (assistant index . with ./index): its
    # files (feedback, the audit log, Chroma's) are never articles.
    own = os.path.realpath(index_dir)
    if is_inside(own, os.path.realpath(_base(target))):
        files = [(f, s) for f, s in files if not is_inside(os.path.realpath(f), own)]
        unsupported = [(s, r) for s, r in unsupported
                       if not is_inside(os.path.realpath(_base(target) / s), own)]
    for source, reason in unsupported:
        report.files_skipped.append(SkippedFile(_rel(root, target, source), reason))

    writer = _Writer(index_dir, embedder, store, manifest, progress, copy_store, knowledge, nlp)
    sources = [file_path.relative_to(root).as_posix() for file_path, _ in files]
    # What discover could not read today keeps what an earlier run indexed from it (a
    # folder: everything under it); what it leaves out on purpose (a link out of the
    # folder, a pipe, a second path to one file) loses it.
    kept = [s.source for s in report.files_skipped if getattr(s.reason, "keep_indexed", False)]
    if scope is not None:
        present = set(sources) | set(kept)
        removed = sorted(s for s in [*manifest.files, *manifest.partial]
                         if s.startswith(scope) and s not in present
                         and not any(s.startswith(k + "/") for k in kept))
    else:
        removed = []
    try:
        if removed:
            writer.remove(removed)
            report.files_removed.extend(removed)
        for piece in _read(files, sources, manifest, params, embedder, max_bytes, report, writer, progress):
            writer.add(piece)
        writer.flush()
        writer.settle()
        report.chunks_embedded = writer.embedded
        base, lexical = lexical, None
        if knowledge is not None:
            # Facts of files the manifest no longer lists (a run killed between the two
            # commits, then the file deleted) go; then mentions merge into entities anew.
            stray = knowledge.sources() - set(manifest.files) - set(manifest.partial)
            if stray:
                knowledge.remove(stray)
            if stray or writer.facts_changed or not knowledge.resolved():
                knowledge.resolve()
        stray = copy_store.sources() - set(manifest.files) - set(manifest.partial)
        if stray:
            copy_store.remove(stray)
        if stray or writer.copies_changed or not copy_store.clustered():
            copy_store.update()
        if writer.changed or not manifest.complete:
            writer.begin()
            lexical = lexical_after(index_dir, store, base, start, writer.touched, writer.stored, manifest.generation)
            lexical.save(index_dir)
            manifest.complete = True
            manifest_mod.save(index_dir, manifest)
    except Exception as exc:  # Chroma words a full disk in its own ways, or not at all
        manifest_mod.raise_if_disk_full(exc, index_dir, writer.bytes_needed())
        raise
    finally:
        writer.close()
    report.chunks_total = sum(e.chunks for e in manifest.files.values()) + \
        sum(p.written for p in manifest.partial.values())
    report.seconds = time.perf_counter() - started
    return report, manifest, lexical


def _read(files: list[tuple[Path, str]], sources: list[str], manifest: Manifest, params: ChunkParams,
          embedder: Embedder, max_bytes: int, report: IndexReport, writer: _Writer,
          progress: Progress | None) -> Iterator[_Piece]:
    """Each new or changed file's chunks still to write, one file at a time (so memory
    holds one file's chunks, not the corpus's)."""
    for n, ((file_path, _), source) in enumerate(zip(files, sources, strict=True), start=1):
        if progress:
            progress("reading", n, len(files))
        try:
            data = read_bytes(file_path, source, max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            old = manifest.files.get(source)
            if old and old.hash == digest and source not in manifest.partial:
                report.files_unchanged.append(source)
                if writer.needs_facts(source) or writer.needs_copies(source):  # indexed before those stores
                    found = load_file(file_path, source, max_bytes)[0]
                    if writer.needs_facts(source):
                        writer.store_facts(source, writer.read_facts(found))
                    if writer.needs_copies(source):
                        writer.store_copies(source, rows_of(found))
                continue
            articles, warnings = load_file(file_path, source, max_bytes)
        except LoadError as exc:
            report.files_skipped.append(SkippedFile(source, str(exc)))
            if source in manifest.partial:  # half of an older version: nothing to keep
                writer.remove([source])
            continue
        try:
            chunks = [c for a in articles for c in chunk_article(a, embedder, params)]
        except Exception as exc:  # no input is known to do this; one file must not end the run
            report.files_skipped.append(SkippedFile(source, f"{source} could not be cut into passages "
                                                    f"({type(exc).__name__}: {str(exc)[:120]}); check the file"))
            if source in manifest.partial:
                writer.remove([source])
            continue
        report.warnings.extend(warnings)
        partial = manifest.partial.get(source)
        first = partial.written if partial and partial.hash == digest and partial.chunks == len(chunks) else 0
        (report.files_updated if source in manifest.files or partial else report.files_added).append(source)
        yield _Piece(source, digest, chunks[first:], first, len(chunks), len(articles), writer.read_facts(articles),
                     rows_of(articles))


class _Writer:
    """Embeds and stores pieces in batches, saving the manifest after each batch."""

    def __init__(self, index_dir: Path, embedder: Embedder, store: ChromaStore, manifest: Manifest,
                 progress: Progress | None, copies: CopyStore, knowledge: KnowledgeStore | None = None,
                 nlp: Any = None) -> None:
        self.index_dir, self.embedder, self.store, self.manifest = index_dir, embedder, store, manifest
        self.progress = progress
        self.copies = copies
        self.printed = copies.sources()
        self.copies_changed = False
        self.knowledge = knowledge
        self.known = knowledge.sources() if knowledge is not None else set()
        self.facts_changed = False
        self.facts = FactsReader(nlp) if knowledge is not None else None
        self.cores = CoreShare(self.facts)
        # Files whose chunks are all stored, waiting for their facts before the manifest lists them.
        self.waiting: list[_Piece] = []
        self.batch: list[_Piece] = []
        self.embedded = 0
        self.queued = 0  # chunks handed to the writer so far (the progress total)
        self.changed = False
        self.touched: set[str] = set()  # files whose chunks this run deleted
        self.stored: list[str] = []  # ids of the chunks this run stored

    def begin(self) -> None:
        """Before the first change: mark the index as being written, under a new generation."""
        if self.changed:
            return
        self.changed = True
        self.manifest.complete = False
        self.manifest.generation += 1
        manifest_mod.save(self.index_dir, self.manifest)

    # -- the knowledge layer: each file's facts, committed before the manifest lists it ----
    def needs_facts(self, source: str) -> bool:
        return self.knowledge is not None and source not in self.known

    def read_facts(self, articles: list[Any]) -> FileFacts | None:
        """What ``articles`` say: read now, or by a worker process while chunks are embedded (``facts``)."""
        return self.facts.read(articles) if self.facts is not None else None

    def store_facts(self, source: str, facts: FileFacts | None) -> None:
        """Commit a file's facts (once read): before the manifest lists the file."""
        if self.knowledge is not None and facts is not None:
            self.knowledge.replace(source, facts.result())
            self.known.add(source)
            self.facts_changed = True

    def needs_copies(self, source: str) -> bool:
        return source not in self.printed

    def store_copies(self, source: str, rows: list[Row] | None) -> None:
        """Commit a file's articles' shingles: before the manifest lists the file."""
        if rows is not None:
            self.copies.replace(source, rows)
            self.printed.add(source)
            self.copies_changed = True

    def close(self) -> None:
        self.cores.close()
        if self.facts is not None:
            self.facts.close()

    def remove(self, sources: list[str]) -> None:
        self.begin()
        if self.knowledge is not None:
            self.knowledge.remove(sources)
            self.known.difference_update(sources)
            self.facts_changed = True
        self.copies.remove(sources)
        self.printed.difference_update(sources)
        self.copies_changed = True
        self.store.delete_sources(sources)
        self.touched.update(sources)
        for source in sources:
            self.manifest.files.pop(source, None)
            self.manifest.partial.pop(source, None)
        manifest_mod.save(self.index_dir, self.manifest)

    def add(self, piece: _Piece) -> None:
        self.queued += len(piece.chunks)
        if piece.first == 0:
            self.begin()
            # An older version's chunks go first (positions may shrink: upsert alone would
            # leave strays); from now on the file is partial until its last chunk is stored.
            self.store.delete_sources([piece.source])
            self.touched.add(piece.source)
            self.manifest.files.pop(piece.source, None)
            self.manifest.partial[piece.source] = PartialEntry(piece.hash, 0, piece.total)
        room = EMBED_BATCH_CHUNKS - sum(len(p.chunks) for p in self.batch)
        while len(piece.chunks) > room:
            head = _Piece(piece.source, piece.hash, piece.chunks[:room], piece.first, piece.total,
                          piece.documents, piece.facts, piece.printed)
            self.batch.append(head)
            self.flush()
            piece = _Piece(piece.source, piece.hash, piece.chunks[room:], piece.first + room, piece.total,
                           piece.documents, piece.facts, piece.printed)
            room = EMBED_BATCH_CHUNKS
        self.batch.append(piece)
        if len(piece.chunks) == room:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        self.begin()
        chunks = [c for p in self.batch for c in p.chunks]
        counter = [self.embedded]

        def tick(n: int) -> None:
            counter[0] += n
            self.cores.fit()
            if self.progress:
                self.progress("embedding", min(counter[0], self.queued), self.queued)

        if chunks:
            self.cores.fit()
            # Before the manifest listing these chunks is saved: the precision that made their vectors.
            self.manifest.embed_precision = with_precision(self.manifest.embed_precision, self.embedder.precision)
            vectors = self.embedder.embed_documents([c.indexed_text for c in chunks], progress=tick)
            self.store.upsert([c.chunk_id for c in chunks], vectors, [c.text for c in chunks],
                              [chunk_metadata(c) for c in chunks])
            self.stored.extend(c.chunk_id for c in chunks)
        for p in self.batch:
            self.manifest.partial[p.source] = PartialEntry(p.hash, p.first + len(p.chunks), p.total)
            if p.last:  # its chunks are stored: only what the manifest needs waits
                self.waiting.append(_Piece(p.source, p.hash, [], p.total, p.total, p.documents, p.facts, p.printed))
        self._commit(wait=False)
        self.embedded += len(chunks)
        self.batch = []

    def settle(self) -> None:
        """After the last flush: wait for the facts still being read and list their files."""
        self._commit(wait=True)

    def _commit(self, wait: bool) -> None:
        """List the files whose chunks are stored and whose facts are read (committed first),
        then save the manifest; a kill before leaves them partial with every chunk written,
        which the next run finishes by reading their facts."""
        still = []
        for p in self.waiting:
            if wait or p.facts is None or p.facts.ready():
                self.store_facts(p.source, p.facts)
                self.store_copies(p.source, p.printed)
                self.manifest.partial.pop(p.source, None)
                self.manifest.files[p.source] = FileEntry(hash=p.hash, chunks=p.total, documents=p.documents)
            else:
                still.append(p)
        self.waiting = still
        manifest_mod.save(self.index_dir, self.manifest)

    def bytes_needed(self) -> int:
        """What the chunks not yet stored would take, roughly (said when the disk is full)."""
        waiting = self.queued - self.embedded
        return waiting * _BYTES_PER_CHUNK + 10_000_000


def _base(target: Path) -> Path:
    return target if target.is_dir() else target.parent


def _rel(root: Path, target: Path, source: str) -> str:
    return (_base(target) / source).relative_to(root).as_posix()

