"""The one small base class every answerer subclasses.

An ``Answerer`` turns a standalone question and the retrieved passages into an
``Answer`` (``assistant.types``): text whose every claim carries ``[n]`` (the n-th
passage given) and a ``Citation`` (file, lines, verbatim quote, title, outlet, date).
Which answerers exist is ``backends``; retrieving is ``assistant``; checking a model's
citations is ``citations``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..types import Answer, Hit

if TYPE_CHECKING:
    from .citations import SourceReader


class Answerer(ABC):
    """Answers a standalone question from numbered passages (``hits[0]`` is ``[1]``)."""

    name: str = "answerer"

    @abstractmethod
    def answer(self, question: str, hits: Sequence[Hit], sources: SourceReader) -> Answer:
        """The cited answer; ``sources`` reads the indexed files for line numbers."""

    def stream(self, question: str, hits: Sequence[Hit], sources: SourceReader) -> Iterator[str | Answer]:
        """Text deltas as they come, then the final (checked) ``Answer``. Answerers that
        cannot stream yield the whole text at once."""
        answer = self.answer(question, hits, sources)
        yield answer.text
        yield answer


