"""Index files read into the page cache ahead of the searches that need them.

Every search reads the chunks' postings of its words and the sentence postings of its
candidates, in scattered places. At a million chunks on a cold page cache, the first 200
searches after opening faulted in about 1.4 GB of them a page or a read-ahead window at a
time: their p95 was 107-113 ms, against 61-71 ms with these files asked for at open, which
the kernel then reads sequentially in the background. While Chroma loads its vector graph,
which the first search waits for, reading ahead is held back so as not to share the disk
with it.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

# The kernel reads at most its read-ahead window per request (128 KB on many disks), so a
# file is asked for in steps of that size.
STEP = 128 * 1024
HOLD_MAX_SECONDS = 60.0  # the longest a hold holds reading back (a load that never ends)
# What searches read of a lexical segment in scattered places (the names Segment.save gives):
# the chunks' postings and the sentences' postings by document. Not the sentences' postings
# by word (a search reads a few words' worth), nor rows and vectors (read a few at a time).
SEARCHED = ("c_indptr.npy", "c_docs.npy", "c_tfs.npy", "s_findptr.npy", "s_fterms.npy", "s_ftfs.npy")

_pending: queue.SimpleQueue[Path] = queue.SimpleQueue()
_queued: set[Path] = set()  # asked for and not yet read ahead: a reload does not ask twice
_worker: threading.Thread | None = None
_holds: dict[object, float] = {}  # each hold's deadline
_changed = threading.Condition()


def lexical_side(folder: Path) -> None:
    """Read ahead what searches read of the lexical side saved in ``folder``, as its
    ``state.json`` lists it (nothing when that cannot be read: a hint only)."""
    try:
        names = json.loads((folder / "state.json").read_text())["segments"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    for name in names if isinstance(names, list) else ():
        if isinstance(name, str) and name and "/" not in name and "\\" not in name and not name.startswith("."):
            for part in SEARCHED:
                read_ahead(folder / name / part)


def read_ahead(path: Path) -> None:
    """Have the kernel read ``path`` into the page cache, in the background (a no-op where
    the platform has no ``posix_fadvise``)."""
    global _worker
    if not hasattr(os, "posix_fadvise"):
        return
    with _changed:
        if path in _queued:
            return
        _queued.add(path)
        _pending.put(path)
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="assistant-read-ahead", daemon=True)
            _worker.start()


def hold() -> Callable[[], None]:
    """Hold reading ahead back until the returned function is called (once or more), or
    for ``HOLD_MAX_SECONDS`` at most."""
    token = object()
    with _changed:
        _holds[token] = time.monotonic() + HOLD_MAX_SECONDS

    def release() -> None:
        with _changed:
            if _holds.pop(token, None) is not None:
                _changed.notify_all()

    return release


def idle(timeout: float) -> bool:
    """Wait until nothing is left to ask for; whether that happened within ``timeout``.
    (The kernel may still be reading what was asked for.)"""
    with _changed:
        return _changed.wait_for(lambda: not _queued, timeout)


def _held() -> float:
    """Seconds until the last live hold's deadline (0: nothing holds reading back)."""
    now = time.monotonic()
    return max((deadline - now for deadline in _holds.values()), default=0.0)


def _work() -> None:
    while True:
        path = _pending.get()
        with _changed:
            while (left := _held()) > 0:
                _changed.wait(left)
        try:
            _advise(path)
        except Exception:  # a hint only (a path gone bad): searches read what they need anyway
            pass
        finally:
            with _changed:
                _queued.discard(path)
                _changed.notify_all()


def _advise(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # replaced or removed since: nothing to read ahead
        return
    try:
        size = os.fstat(fd).st_size
        for offset in range(0, size, STEP):
            os.posix_fadvise(fd, offset, STEP, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass  # a hint only: searches read what they need anyway
    finally:
        os.close(fd)


def _forget() -> None:
    """In a forked child: the worker thread did not come along, nor may a held lock."""
    global _pending, _worker, _changed
    _pending, _worker, _changed = queue.SimpleQueue(), None, threading.Condition()
    _queued.clear()
    _holds.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)
