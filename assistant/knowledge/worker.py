"""Reading a big file's facts in a process of its own, while the indexer embeds it.

spaCy reads one core's worth at a time and holds Python's lock while it does, so a thread
beside the embedding gains little; a second interpreter does not share that lock. It is a
plain subprocess (``python -m assistant.knowledge.worker``), not ``multiprocessing``:
a spawned child re-runs the caller's main module, which an unguarded script or
``python -m assistant`` would turn into a second indexing run. It starts only for files
big enough to repay its second or two of start-up, once a run, loads the pipeline the
indexer checked, and trades pickles (of our own dataclasses, with our own child) over
its stdin and stdout.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

from ..ingest.documents import Article
from .extract import ArticleFacts, extract

MIN_CHARS = 400_000  # of article text in one file: below this, reading it inline is as quick
_HEAD = struct.Struct("<Q")


class WorkerStopped(Exception):
    """The worker process ended before it answered (killed, out of memory)."""


class Worker:
    """One worker process with the spaCy pipeline ``name``; ``submit`` returns a future."""

    def __init__(self, name: str) -> None:
        env = dict(os.environ)
        # The child imports this very package, wherever the parent found it.
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        self.proc = subprocess.Popen([sys.executable, "-m", "assistant.knowledge.worker", name],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=env)
        self._io = ThreadPoolExecutor(1, thread_name_prefix="facts")  # waits on the pipe, lock released
        self._futures: list[Future[list[ArticleFacts]]] = []

    def submit(self, articles: Sequence[Article]) -> Future[list[ArticleFacts]]:
        future = self._io.submit(self._round_trip, list(articles))
        self._futures.append(future)
        return future

    def pending(self) -> int:
        """Jobs submitted and not answered yet."""
        self._futures = [f for f in self._futures if not f.done()]
        return len(self._futures)

    def _round_trip(self, articles: list[Article]) -> list[ArticleFacts]:
        try:
            _send(self.proc.stdin, articles)  # type: ignore[arg-type]
            answer = _receive(self.proc.stdout)  # type: ignore[arg-type]
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            raise WorkerStopped(str(exc)) from exc
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def close(self) -> None:
        self._io.shutdown(wait=True, cancel_futures=True)
        try:
            if self.proc.stdin:
                self.proc.stdin.close()  # the child's loop ends on end of input
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def _send(stream: IO[bytes], obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEAD.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> object:
    head = stream.read(_HEAD.size)
    if len(head) < _HEAD.size:
        raise EOFError("the facts worker closed its output")
    size = _HEAD.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the facts worker stopped mid-answer")
    return pickle.loads(data)


def serve(name: str, stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The child's loop: articles in, their facts (or the exception) out, until end of input."""
    from .nlp import load

    nlp = load(name)
    while True:
        try:
            articles = _receive(stdin)
        except EOFError:
            return
        try:
            answer: object = extract(articles, nlp)  # type: ignore[arg-type]
        except Exception as exc:  # the parent raises it where it would have raised inline
            answer = exc
        _send(stdout, answer)


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
