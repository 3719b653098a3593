"""The assistant: an index, an answerer and a conversation, behind ``ask``.

    >>> from assistant import Assistant, open_index
    >>> bot = Assistant(open_index("index"))                            # doctest: +SKIP
    >>> answer = bot.ask("Who met Umerov in Brussels?")                 # doctest: +SKIP
    >>> answer.text, [c.lines for c in answer.citations]                # doctest: +SKIP

A follow-up is made standalone first (``conversation``), the standalone question is
searched, and the answerer quotes the passages found. ``answer_from_hits`` skips the
search, for an evaluation runner that retrieved already. Does not print.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..types import Answer, Assumption, Filters, Hit, Query
from .backends import answerer_for, get_answerer
from .base import Answerer
from .citations import SourceReader
from .conversation import Conversation, Turn, as_turns, standalone
from .corroborate import DEFAULT_K as CORROBORATE_K
from .corroborate import Corroboration, corroborate
from .facts import Facts
from .language import read_question
from .said import SPEECH, speech_question

DEFAULT_K = 5
MAX_WIDENED = 2  # entities of a who/which question whose passages are searched too
CONTEXT = "context"  # the ``Assumption.key`` of the earlier turns a follow-up is read with


class Assistant:
    """Answers questions over an ``Index`` with citations. ``answerer`` defaults to the
    extractive one; ``condense_llm`` (a llama-index LLM) rewrites follow-ups."""

    def __init__(self, index: Any, answerer: Answerer | None = None, *, k: int = DEFAULT_K,
                 condense_llm: Any | None = None) -> None:
        self.index = index
        self.answerer = answerer or get_answerer("extractive", index)
        self.k = k
        self.condense_llm = condense_llm if condense_llm is not None else getattr(self.answerer, "llm", None)
        root = index.manifest.root if getattr(index, "manifest", None) is not None else None
        self.sources = SourceReader(root)
        self.facts = Facts(index)

    @classmethod
    def open(cls, index_dir: Any = None, *, llm_url: str | None = None, llm_model: str | None = None,
             ollama_model: str | None = None, ollama_url: str | None = None, k: int = DEFAULT_K,
             timeout: float | None = None) -> Assistant:
        """An assistant over the index at ``index_dir``, answering extractively unless an
        OpenAI-compatible server (``llm_url`` + ``llm_model``) or Ollama model is given."""
        from ..retrieval.index import open_index

        index = open_index(index_dir)
        answerer = answerer_for(index, llm_url=llm_url, llm_model=llm_model, ollama_model=ollama_model,
                                ollama_url=ollama_url, timeout=timeout)
        return cls(index, answerer, k=k)

    def retrieval_query(self, question: str, history: Sequence[Turn | str] | Conversation | None = None) -> str:
        """The standalone question a follow-up becomes (what is searched and answered)."""
        return standalone(question, history, self.condense_llm)

    def search(self, query: str, k: int | None = None, filters: Filters | None = None, *,
               all_copies: bool = False) -> list[Hit]:
        """The passages an answer reads: the ``k`` best, and for a who/which question that
        names someone, the best of the passages naming them by any spelling, after those.
        One article per story unless ``all_copies`` (see ``Index.search``)."""
        k = k or self.k
        hits = self.index.search(query, k=k, filters=filters, **_copies(all_copies))
        return self.widened(query, hits, k, filters, all_copies=all_copies)

    def widened(self, query: str, hits: list[Hit], k: int, filters: Filters | None = None, *,
                all_copies: bool = False) -> list[Hit]:
        """``hits`` and, for "Which ministers has Umerov met?", up to ``k`` more passages
        that mention a person the question names: the answer then gathers every name
        across the articles, not only the top passages'. For "What did X say about Y?",
        the passages naming X, where X's quotes are. Filters hold for these too."""
        main, context = Query.of(query).parts()
        if not hasattr(self.index, "knowledge"):
            return hits
        person = read_question(main, context).kind == "person"
        named = self.facts.named(main) if person or SPEECH.match(main) else []
        speech = speech_question(main, named)
        if speech is not None:
            wanted = [next(e for e in speech.speaker.entities if e.type in {"person", "org"})]
        elif person:
            wanted = [n.entities[0] for n in named if n.entities[0].type == "person"]
        else:
            return hits
        have = {h.chunk_id for h in hits}
        # Another printing of a story already read adds nothing but a second vote.
        shown = {h.story: h.doc for h in hits}
        extra: list[Hit] = []
        for entity in wanted[:MAX_WIDENED]:
            for hit in self.index.search(query, k=k, filters=filters, entity=entity.name, **_copies(all_copies)):
                if hit.chunk_id in have or len(extra) >= k:
                    continue
                if not all_copies and shown.setdefault(hit.story, hit.doc) != hit.doc:
                    continue
                have.add(hit.chunk_id)
                extra.append(hit)
        return [*hits, *extra]

    def ask(self, question: str, history: Sequence[Turn | str] | Conversation | None = None,
            filters: Filters | None = None, k: int | None = None, *, all_copies: bool = False) -> Answer:
        """A cited answer to ``question``, read in the light of ``history`` (earlier
        questions, oldest first, or ``Turn``s with their answers); copies of one story are
        read once unless ``all_copies``."""
        query, context = self._read(question, history, filters)
        hits = self.search(query, k, filters, all_copies=all_copies)
        return self._finish(question, query, self.answerer.answer(query, hits, self.sources), filters, context)

    def ask_stream(self, question: str, history: Sequence[Turn | str] | Conversation | None = None,
                   filters: Filters | None = None, k: int | None = None, *,
                   all_copies: bool = False) -> Iterator[str | Answer]:
        """Text deltas as the answer is written, then the final checked ``Answer`` (whose
        text may differ: claims whose citations fail are removed)."""
        query, context = self._read(question, history, filters)
        hits = self.search(query, k, filters, all_copies=all_copies)
        for part in self.answerer.stream(query, hits, self.sources):
            yield self._finish(question, query, part, filters, context) if isinstance(part, Answer) else part

    def corroborate(self, claim: str, k: int | None = None, filters: Filters | None = None) -> Corroboration:
        """Which independent reports support ``claim``, which contradict it, and which only
        repeat a copy of another, each with its sentence (``answer.corroborate``)."""
        reader = self.answerer if self.answerer.name == "extractive" else get_answerer("extractive", self.index)
        return corroborate(claim, self.index, reader, self.sources, k=k or CORROBORATE_K, filters=filters)

    def answer_from_hits(self, question: str, history: Sequence[Turn | str] | None, hits: Sequence[Hit]) -> Answer:
        """Answer from passages already retrieved (the evaluation runner's ``answer_fn``);
        retrieve them with ``retrieval_query(question, history)`` for follow-ups."""
        query = standalone(question, as_turns(history), self.condense_llm)
        hits = self.widened(query, list(hits), max(len(hits), 1))
        return self._finish(question, query, self.answerer.answer(query, hits, self.sources))

    def _read(self, question: str, history: Sequence[Turn | str] | Conversation | None,
              filters: Filters | None) -> tuple[str, Assumption | None]:
        """The question as searched, and the earlier turn it leans on as an assumption
        (read without it when ``filters.ignore`` holds ``"context"``)."""
        query = self.retrieval_query(question, history)
        if str(query) == question:
            return query, None
        context = Query.of(query).context
        ignored = filters is not None and CONTEXT in filters.ignore
        return (question if ignored else query), Assumption(
            "context", CONTEXT, context or f"read as: {query}", applied=not ignored)

    def _finish(self, question: str, query: str, answer: Answer, filters: Filters | None = None,
                context: Assumption | None = None) -> Answer:
        from dataclasses import replace

        stories = {h.story for h in answer.cited_hits()}
        read = getattr(self.index, "assumptions", None)  # an index of another kind may not say
        assumed = (*([context] if context else []), *(read(query, filters) if read is not None else ()))
        return replace(answer, question=question, query=query, independent_sources=len(stories), assumed=assumed)


def _copies(all_copies: bool) -> dict[str, bool]:
    # An index of another kind (a test's, a caller's) may not know the option: pass it only when set.
    return {"all_copies": True} if all_copies else {}
