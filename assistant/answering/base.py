"""What an answer is, and the one small base class every answerer subclasses.

An ``Answerer`` turns a standalone question and the retrieved passages into an
``Answer``: text whose every claim carries ``[n]`` (the n-th passage given) and a
``Citation`` (file, lines, verbatim quote, title, outlet, date). Built-in answerers
register themselves exactly like a third-party one would, through
``register_answerer``. Does not retrieve (see ``engine``) or check citations (see
``citations``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..records import Hit

if TYPE_CHECKING:
    from ..citations import SourceReader


@dataclass(frozen=True)
class Citation:
    """One quoted span backing a claim: ``[n]`` points at the n-th passage given."""

    n: int
    source: str
    line_start: int
    line_end: int
    quote: str
    title: str
    outlet: str | None
    date: str | None
    record: int | None = None

    @property
    def lines(self) -> tuple[int, int]:
        return (self.line_start, self.line_end)

    def to_json(self) -> dict[str, Any]:
        """The shape of one citation in ``assistant ask --json`` (a contract)."""
        out: dict[str, Any] = {
            "n": self.n, "source": self.source, "lines": [self.line_start, self.line_end],
            "quote": self.quote, "title": self.title, "outlet": self.outlet, "date": self.date,
        }
        if self.record is not None:
            out["record"] = self.record
        return out


@dataclass(frozen=True)
class Answer:
    """A cited answer. ``answered`` is False when the corpus does not answer the question;
    ``text`` then says so and names the closest passages, and ``citations`` is empty."""

    question: str
    text: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    query: str = ""  # the standalone question retrieval and answering used
    mode: str = "extractive"  # "extractive", "llm", or "fallback" (LLM answer replaced)
    notes: tuple[str, ...] = field(default=())  # what the citation check removed, and why

    def to_json(self) -> dict[str, Any]:
        """The ``assistant ask --json`` contract (the eval runner reads the same fields)."""
        return {
            "question": self.question,
            "answer": self.text,
            "answered": self.answered,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {"rank": r, "source": h.source, "title": h.title, "date": h.date,
                 "score": round(h.score, 6), "text": h.text}
                for r, h in enumerate(self.hits, 1)
            ],
            "query": self.query,
            "mode": self.mode,
            "notes": list(self.notes),
        }


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


AnswererFactory = Callable[..., Answerer]
_REGISTRY: dict[str, AnswererFactory] = {}


def register_answerer(name: str, factory: AnswererFactory) -> None:
    """Make ``get_answerer(name, index, **options)`` build an answerer with ``factory``."""
    _REGISTRY[name] = factory


def get_answerer(name: str, index: Any, **options: Any) -> Answerer:
    """The answerer registered as ``name``, built for ``index`` (its embedder and files)."""
    from . import extractive, llm  # noqa: F401  (built-ins register on import)

    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigError(f"no answerer named {name!r}; use one of: {', '.join(sorted(_REGISTRY))}")
    return factory(index, **options)


def answerer_names() -> list[str]:
    from . import extractive, llm  # noqa: F401

    return sorted(_REGISTRY)
