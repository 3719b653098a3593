"""Index files read into the page cache ahead of the searches that need them.

Every search reads the chunks' postings of its words and the sentence postings of its
candidates, in scattered places: at a million chunks the first 200 searches after opening
on a cold page cache read 1.4 GB of them a fault at a time, and their p95 was 175 ms
against 67 ms warm. Asked for at open, the kernel reads those files sequentially in the
background, and the first searches find them there. While Chroma loads its vector graph,
which the first search waits for, reading ahead is held back so as not to share the disk
with it.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path

# The kernel reads at most its read-ahead window per request (128 KB on many disks), so a
# file is asked for in steps of that size.
STEP = 128 * 1024
HOLD_MAX_SECONDS = 60.0  # the longest a file waits on a hold (a load that never ends)

_pending: queue.SimpleQueue[Path] = queue.SimpleQueue()
_worker: threading.Thread | None = None
_holds = 0
_unread = 0  # files asked for and not yet read ahead
_changed = threading.Condition()


def read_ahead(path: Path) -> None:
    """Have the kernel read ``path`` into the page cache, in the background (a no-op where
    the platform has no ``posix_fadvise``)."""
    global _worker, _unread
    if not hasattr(os, "posix_fadvise"):
        return
    with _changed:
        _unread += 1
        _pending.put(path)
        if _worker is None:
            _worker = threading.Thread(target=_work, name="assistant-read-ahead", daemon=True)
            _worker.start()


def hold() -> Callable[[], None]:
    """Hold reading ahead back until the returned function is called (once or more)."""
    global _holds
    with _changed:
        _holds += 1
    released = threading.Event()

    def release() -> None:
        global _holds
        with _changed:
            if not released.is_set():
                released.set()
                _holds -= 1
                _changed.notify_all()

    return release


def idle(timeout: float) -> bool:
    """Wait until nothing is left to read ahead; whether that happened within ``timeout``."""
    with _changed:
        return _changed.wait_for(lambda: _unread == 0, timeout)


def _work() -> None:
    global _unread
    while True:
        path = _pending.get()
        with _changed:
            _changed.wait_for(lambda: _holds == 0, HOLD_MAX_SECONDS)
        try:
            _advise(path)
        finally:
            with _changed:
                _unread -= 1
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
