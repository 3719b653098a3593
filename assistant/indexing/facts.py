"""The knowledge layer's side of indexing: each file's facts, read beside the embedding.

Reading an article with spaCy costs about as much CPU as embedding its chunks. Once a
run has more text to read than ``knowledge.worker.MIN_CHARS``, a worker process reads
the facts while this process embeds, and the embedding gives up one core while the
worker is busy: torch's threads spin at their barriers, so a third busy thread on two
cores slowed the embedding more than the facts gained (150 MultiHop-RAG articles on 2
cores: 125 s with both on all cores, 114 s with the embedding on one; 63 s without the
layer). The indexer commits a file once both its chunks and its facts are in, so it
keeps embedding the next files while the worker catches up.
"""

from __future__ import annotations

import logging
import sys
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from ..knowledge import nlp as knowledge_nlp

if TYPE_CHECKING:
    from ..knowledge.extract import ArticleFacts

log = logging.getLogger(__name__)


class FileFacts:
    """A file's facts: read by a worker process (``future``) or, without one or when it
    failed, here on first use."""

    def __init__(self, articles: list[Any], nlp: Any, future: Future[list[ArticleFacts]] | None = None) -> None:
        self.articles, self.nlp, self.future = articles, nlp, future

    def ready(self) -> bool:
        """Whether ``result`` returns without waiting on the worker (reading inline is not waiting)."""
        return self.future is None or self.future.done()

    def result(self) -> list[ArticleFacts]:
        from ..knowledge.extract import extract
        from ..knowledge.worker import WorkerStopped

        if self.future is not None:
            try:
                return self.future.result()
            except WorkerStopped as exc:  # killed or out of memory: read here instead
                log.warning("the facts worker stopped (%s); reading the file's facts in the indexer", exc)
        return extract(self.articles, self.nlp)


class FactsReader:
    """Hands each file's articles to the worker process, once the run has read enough
    text to repay starting it, or reads them inline."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self._worker: Any = None  # a knowledge.worker.Worker
        self._chars = 0  # article text handed over so far in this run

    def read(self, articles: list[Any]) -> FileFacts:
        from ..knowledge import worker  # spaCy's world: only when indexing with it

        self._chars += sum(len(a.text) for a in articles)
        if self._worker is None and self._chars >= worker.MIN_CHARS:
            self._worker = worker.Worker(knowledge_nlp.model_name())
        if self._worker is not None:
            return FileFacts(articles, self.nlp, self._worker.submit(articles))
        return FileFacts(articles, self.nlp)

    def busy(self) -> bool:
        """Whether the worker is reading (so the embedding should leave it a core)."""
        return self._worker is not None and self._worker.pending() > 0

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None


class CoreShare:
    """Torch's thread count for the embedding: all it had, or one fewer while the facts
    worker is busy. Changed between slices of a batch, restored by ``close``."""

    def __init__(self, facts: FactsReader | None) -> None:
        self.facts = facts
        torch = sys.modules.get("torch")  # an embedder without torch has no threads to share
        self._torch = torch
        self._full = torch.get_num_threads() if torch is not None else 1

    def fit(self) -> None:
        if self._torch is None or self._full < 2:
            return
        want = self._full - 1 if self.facts is not None and self.facts.busy() else self._full
        if self._torch.get_num_threads() != want:
            self._torch.set_num_threads(want)

    def close(self) -> None:
        if self._torch is not None and self._torch.get_num_threads() != self._full:
            self._torch.set_num_threads(self._full)
