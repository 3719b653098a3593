"""What an opened index reads from disk, and when: rows a few bytes at a time, postings
ahead in the background, Chroma's graph beside the lexical side on the first search.

The page cache is read with ``mincore`` and emptied of a file with
``posix_fadvise(DONTNEED)``; where the filesystem keeps its pages regardless (tmpfs), the
tests that need a cold file are skipped.
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import gc
import mmap
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.indexing import readahead
from assistant.indexing.lexical import DIRNAME, LexicalIndex
from assistant.indexing.rows import OFFSETS, ROWS, SavedRows, save_rows
from tests.conftest import index_articles, news_record

pytestmark = pytest.mark.skipif(not hasattr(os, "posix_fadvise") or not Path("/proc/self/fd").is_dir(),
                                reason="needs posix_fadvise and /proc (Linux)")
_libc = ctypes.CDLL(None, use_errno=True)


def _cached(path: Path) -> int:
    """Bytes of ``path`` in the page cache."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        mapping = mmap.mmap(fh.fileno(), size, access=mmap.ACCESS_COPY)  # writable, so ctypes can take its address
    try:
        start = ctypes.c_char.from_buffer(mapping)
        pages = -(-size // mmap.PAGESIZE)
        flags = (ctypes.c_ubyte * pages)()
        if _libc.mincore(ctypes.c_void_p(ctypes.addressof(start)), ctypes.c_size_t(size), flags) != 0:
            raise OSError(ctypes.get_errno(), "mincore failed")
        del start
        return sum(f & 1 for f in flags) * mmap.PAGESIZE
    finally:
        mapping.close()


def _whole(path: Path, seconds: float = 20.0) -> bool:
    """Whether all of ``path`` reaches the page cache within ``seconds`` (reading ahead is
    asked for, and the kernel reads it in its own time)."""
    deadline = time.monotonic() + seconds
    while _cached(path) < path.stat().st_size - mmap.PAGESIZE:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _evict(path: Path) -> None:
    """Drop ``path`` from the page cache, or skip where the filesystem cannot."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)  # only clean pages can be dropped
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    if _cached(path) > path.stat().st_size // 4:
        pytest.skip(f"the filesystem of {path} keeps its pages cached (tmpfs?)")


def _rows_of(n: int, width: int) -> tuple[list[str], list[str], list[dict]]:
    ids = [f"made/up {i:06d}.txt::{i}" for i in range(n)]
    texts = [f"Row {i} of made-up text. " + "word " * (width // 5) for i in range(n)]
    return ids, texts, [{"source": f"made/up {i}.txt", "position": i} for i in range(n)]


def test_saved_rows_read_the_file_they_opened_and_close_it_when_dropped(tmp_path: Path) -> None:
    ids, texts, metas = _rows_of(40, 300)
    save_rows(tmp_path, ids, texts, metas, range(40))
    rows = SavedRows(tmp_path)
    fd = rows._file.fd
    assert os.readlink(f"/proc/self/fd/{fd}") == str(tmp_path / ROWS)
    # A later save replaces the file (a new inode): these rows still read the one they opened.
    other = tmp_path / "other"
    other.mkdir()
    save_rows(other, ids, [t.upper() for t in texts], metas, range(40))
    os.replace(other / ROWS, tmp_path / ROWS)
    assert rows.parse(7)["text"] == texts[7]
    # Threads reading at once each get their own row (no shared file position).
    got: dict[int, str] = {}

    def read(saved: SavedRows, i: int) -> None:
        for _ in range(50):
            got[i] = saved.parse(i)["text"]

    threads = [threading.Thread(target=read, args=(rows, i)) for i in range(0, 40, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == {i: texts[i] for i in range(0, 40, 3)}
    with pytest.raises(TypeError, match="cannot be copied"):
        copy.copy(rows._file)
    del rows
    gc.collect()
    with contextlib.suppress(FileNotFoundError):  # closed, or the number taken again since:
        assert os.readlink(f"/proc/self/fd/{fd}") != str(tmp_path / ROWS)


def test_a_few_rows_read_from_a_cold_file_read_little_more_than_themselves(tmp_path: Path) -> None:
    """Through a memory map, each row read on a cold page cache read the disk's whole
    read-ahead window around it (8 MB on the cloud disk measured); rows are read, not mapped."""
    ids, texts, metas = _rows_of(16_000, 2000)  # ~32 MB
    save_rows(tmp_path, ids, texts, metas, range(len(ids)))
    path = tmp_path / ROWS
    _evict(path)
    rows = SavedRows(tmp_path)
    for i in (11, 3_001, 7_500, 12_345, 15_999):
        assert rows.parse(i)["text"] == texts[i]
    assert _cached(path) < 2 * 1024 * 1024
    assert str(path) not in Path("/proc/self/maps").read_text()


def test_read_ahead_fills_the_page_cache_and_waits_while_held(tmp_path: Path) -> None:
    path = tmp_path / "postings.npy"
    np.save(path, np.arange(3_000_000, dtype=np.int32))  # 12 MB
    _evict(path)
    release = readahead.hold()
    try:
        readahead.read_ahead(path)
        assert not readahead.idle(0.5)  # held: nothing read yet
        assert _cached(path) < path.stat().st_size // 4
    finally:
        release()
    release()  # twice is once
    assert readahead.idle(30) and _whole(path)


def test_the_first_search_reads_the_searched_files_ahead_and_indexing_does_not(tmp_path: Path,
                                                                                 tiny_embedder) -> None:
    from assistant.retrieval.index import Index

    built = index_articles(tmp_path, tiny_embedder, [
        news_record("Coast Gazette", f"2024-04-{1 + d % 28:02d}", f"Harbour story {d}",
                    " ".join(f"Sentence {i} of story {d} names pier {i % 7}, ferry {d % 11} and rate {i * d}."
                             for i in range(60)))
        for d in range(150)])
    segment = next((built.index_dir / DIRNAME).glob("seg-*"))
    ahead = [segment / name for name in readahead.SEARCHED]
    for path in [*ahead, segment / ROWS, segment / OFFSETS]:
        _evict(path)
    assert LexicalIndex.load(built.index_dir, None) is not None  # what an indexing run loads
    assert readahead.idle(30)
    time.sleep(0.5)
    big = [path for path in ahead if path.stat().st_size > 256 * 1024]  # opening reads a small file's pages
    assert big and all(_cached(path) < path.stat().st_size // 2 for path in big)
    Index(built.index_dir, embedder=tiny_embedder, ranker="none").search("ferry pier", k=3)
    assert readahead.idle(30)
    for path in ahead:
        assert _whole(path), path.name
    assert _cached(segment / ROWS) < (segment / ROWS).stat().st_size // 2  # rows are read when asked for


def _stories() -> list[dict]:
    return [news_record("Coast Gazette", f"2024-03-{d:02d}", f"Ferry story {d}",
                        f"The harbour ferry crew met on day {d} about pay. A strike was called off by the union. "
                        f"Councillor Mara Voss said the timetable would change in spring number {d}.")
            for d in range(1, 9)]


def test_the_first_search_loads_chromas_graph_beside_the_rest(tmp_path: Path, tiny_embedder,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the size searched exactly in memory, the first search opens Chroma in a thread
    while it loads the lexical side, and takes that store: same passages as opening it in
    turn; below that size, or with no dense side, Chroma is not opened at all."""
    from assistant.indexing import store as store_mod
    from assistant.retrieval.fusion import FusionParams
    from assistant.retrieval.index import Index

    built = index_articles(tmp_path, tiny_embedder, _stories())
    small = Index(built.index_dir, embedder=tiny_embedder, ranker="none")
    small.search("ferry strike pay", k=3)
    assert small._prefetch is None and small._store is None

    lexical_only = Index(built.index_dir, embedder=tiny_embedder, ranker="none",
                         fusion=FusionParams(exact_dense_max=0, dense_weight=0.0))
    lexical_only.search("ferry strike pay", k=3)
    assert lexical_only._prefetch is None and lexical_only._store is None

    opened_in: list[str] = []
    real_open = store_mod.ChromaStore._open

    def recording_open(self) -> None:
        opened_in.append(threading.current_thread().name)
        real_open(self)

    monkeypatch.setattr(store_mod.ChromaStore, "_open", recording_open)
    chroma = FusionParams(exact_dense_max=0)
    index = Index(built.index_dir, embedder=tiny_embedder, fusion=chroma, ranker="none")
    found = [h.chunk_id for h in index.search("ferry strike pay", k=3)]
    assert opened_in == ["assistant-store-prefetch"] and not index._prefetch.is_alive()
    # A copy with other settings shares that store as it is, without reopening it.
    reopened: list[bool] = []
    monkeypatch.setattr(store_mod.ChromaStore, "reopen", lambda self: reopened.append(True))
    other = index.reconfigured(ranker="none")
    assert [h.chunk_id for h in other.search("ferry strike pay", k=3)] == found
    assert other.store is index.store and not reopened and opened_in == ["assistant-store-prefetch"]
    in_turn = Index(built.index_dir, embedder=tiny_embedder, fusion=chroma, ranker="none")
    in_turn._prefetch = threading.Thread(target=lambda: None)  # as if one had run and failed
    in_turn._prefetch.start()
    assert [h.chunk_id for h in in_turn.search("ferry strike pay", k=3)] == found
    assert readahead.idle(30)  # the hold on reading ahead was released


def test_a_prefetch_that_fails_leaves_the_search_to_open_the_store(tmp_path: Path, tiny_embedder,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.indexing import store as store_mod
    from assistant.retrieval.fusion import FusionParams
    from assistant.retrieval.index import Index

    built = index_articles(tmp_path, tiny_embedder, _stories())
    expected = [h.chunk_id for h in Index(built.index_dir, embedder=tiny_embedder, ranker="none",
                                          fusion=FusionParams(exact_dense_max=0)).search("union strike", k=3)]
    real_query = store_mod.ChromaStore.query
    failed: list[str] = []

    def query(self, *args, **kwargs):
        if threading.current_thread().name == "assistant-store-prefetch":
            failed.append("prefetch")
            raise RuntimeError("the graph could not be read")
        return real_query(self, *args, **kwargs)

    monkeypatch.setattr(store_mod.ChromaStore, "query", query)
    index = Index(built.index_dir, embedder=tiny_embedder, fusion=FusionParams(exact_dense_max=0), ranker="none")
    assert [h.chunk_id for h in index.search("union strike", k=3)] == expected
    assert failed == ["prefetch"] and index._prefetched is None and index._store is not None
    assert readahead.idle(30)
