"""Incremental indexing: load, chunk, embed and store only what changed.

A file's manifest entry is written only after all its chunks are in the store, and the
manifest is marked incomplete while a run writes; so a run killed at any point leaves an
index that opens and searches (the lexical side is rebuilt from the store), and the
next run redoes exactly the files whose entries are missing or stale.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import manifest as manifest_mod
from .chunking import Chunk, ChunkParams, chunk_article
from .embedding import Embedder
from .errors import ConfigError, LoadError
from .lexical import LexicalIndex
from .loaders import discover, load_file, read_bytes
from .manifest import FileEntry, Manifest
from .records import IndexReport, SkippedFile
from .store import ChromaStore

# progress(stage, done, total): stage is "reading" or "embedding"
Progress = Callable[[str, int, int], None]
EMBED_BATCH_CHUNKS = 512


@dataclass
class _Pending:
    source: str
    hash: str
    chunks: list[Chunk]
    documents: int


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    a = chunk.article
    first, last = a.lines_of(chunk.start, chunk.end)
    return {
        "source": a.source,
        "doc_id": a.doc_id,
        "record": a.record,
        "title": a.title,
        "date": a.date,
        "date_int": int(a.date.replace("-", "")) if a.date else 0,
        "outlet": a.outlet,
        "url": a.url,
        "author": a.author,
        "line_start": first,
        "line_end": last,
        "char_start": chunk.start,
        "char_end": chunk.end,
        "section": chunk.section,
        "position": chunk.position,
        "header": chunk.header,
    }


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
    replace: bool = False,
) -> tuple[IndexReport, Manifest, LexicalIndex | None]:
    """Bring the index in line with the files under ``path``.

    Returns the report, the saved manifest, and the rebuilt lexical index (None when
    nothing changed and the saved one is current).
    """
    started = time.perf_counter()
    report = IndexReport()
    target = path.expanduser().absolute()
    found_root, files, unsupported = discover(target)
    if target.is_dir():
        found_root = target

    if manifest is None or (replace and manifest.root != str(found_root)):
        if manifest is not None and manifest.files:
            store.delete_sources(list(manifest.files))
        manifest = Manifest(embed_model=embedder.name, dimension=embedder.dimension,
                            chunking=params.as_dict(), root=str(found_root),
                            chroma_url=store.url, collection=store.collection_name,
                            generation=manifest.generation + 1 if manifest else 0)
    root = Path(manifest.root) if manifest.root else found_root
    try:
        target.relative_to(root)
    except ValueError:
        raise ConfigError(
            f"{target} is outside {root}, the folder this index was built from; index it into "
            "another --index-dir, or pass --replace to rebuild this index from it"
        ) from None
    scope = _scope(root, target)
    for source, reason in unsupported:
        report.files_skipped.append(SkippedFile(_rel(root, target, source), reason))

    pending: list[_Pending] = []
    seen: set[str] = set()
    max_mb = max_bytes / 1e6
    for n, (file_path, _) in enumerate(files, start=1):
        source = file_path.relative_to(root).as_posix()
        seen.add(source)
        if progress:
            progress("reading", n, len(files))
        try:
            data = read_bytes(file_path, source, max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            old = manifest.files.get(source)
            if old and old.hash == digest:
                report.files_unchanged.append(source)
                continue
            articles, warnings = load_file(file_path, source, int(max_mb * 1e6))
        except LoadError as exc:
            report.files_skipped.append(SkippedFile(source, str(exc)))
            continue
        report.warnings.extend(warnings)
        chunks = [c for a in articles for c in chunk_article(a, embedder, params)]
        pending.append(_Pending(source, digest, chunks, len(articles)))
        (report.files_updated if source in manifest.files else report.files_added).append(source)

    skipped_sources = {s.source for s in report.files_skipped}
    if scope is not None:
        removed = [s for s in manifest.files
                   if s.startswith(scope) and s not in seen and s not in skipped_sources]
    else:
        removed = []
    report.files_removed.extend(sorted(removed))

    changed = bool(pending or removed) or not manifest.complete
    if changed:
        manifest.complete = False
        manifest.generation += 1
        manifest_mod.save(index_dir, manifest)
    if removed:
        store.delete_sources(removed)
        for source in removed:
            del manifest.files[source]
        manifest_mod.save(index_dir, manifest)

    total = sum(len(p.chunks) for p in pending)
    done = 0
    batch: list[_Pending] = []
    for item in pending:
        batch.append(item)
        if sum(len(p.chunks) for p in batch) >= EMBED_BATCH_CHUNKS:
            done = _write_batch(batch, embedder, store, manifest, index_dir, done, total, progress)
            batch = []
    if batch:
        done = _write_batch(batch, embedder, store, manifest, index_dir, done, total, progress)
    report.chunks_embedded = done

    lexical = None
    if changed:
        lexical = LexicalIndex.build(store.iter_all(), manifest.generation)
        lexical.save(index_dir)
        manifest.complete = True
        manifest_mod.save(index_dir, manifest)
    report.chunks_total = sum(e.chunks for e in manifest.files.values())
    report.seconds = time.perf_counter() - started
    return report, manifest, lexical


def _write_batch(batch: list[_Pending], embedder: Embedder, store: ChromaStore,
                 manifest: Manifest, index_dir: Path, done: int, total: int,
                 progress: Progress | None) -> int:
    chunks = [c for p in batch for c in p.chunks]
    counter = [done]

    def tick(n: int) -> None:
        counter[0] += n
        if progress:
            progress("embedding", counter[0], total)

    vectors = embedder.embed_documents([c.indexed_text for c in chunks], progress=tick)
    # Old chunks of a changed file go first: positions may shrink, so upsert alone would leave strays.
    store.delete_sources([p.source for p in batch])
    if chunks:
        store.upsert([c.chunk_id for c in chunks], vectors, [c.text for c in chunks],
                     [chunk_metadata(c) for c in chunks])
    for p in batch:
        manifest.files[p.source] = FileEntry(hash=p.hash, chunks=len(p.chunks), documents=p.documents)
    manifest_mod.save(index_dir, manifest)
    return counter[0]


def _rel(root: Path, target: Path, source: str) -> str:
    base = target if target.is_dir() else target.parent
    return (base / source).relative_to(root).as_posix()
