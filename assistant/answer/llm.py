"""The generative answerer: a language model through llama-index, every citation checked.

Any OpenAI-compatible server (llama.cpp server, vLLM, LM Studio, OpenAI itself) through
``OpenAILike``, and Ollama through its own integration; both register here like any
other answerer ("openai", "ollama"). The model sees the passages numbered, with title,
outlet and date, inside delimiters it is told are data (``prompts/``). Its answer goes
through ``citations.check_answer``: a claim survives only with a given passage number
and a quote found verbatim in that passage. When nothing survives, the extractive
answer is returned instead, saying so. Connection, key and timeout problems become one
``LLMError`` line naming the fix.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from ..errors import ConfigError, LLMError
from ..types import Answer, Hit, Query
from .base import Answerer
from .citations import SourceReader, check_answer
from .extractive import ExtractiveAnswerer, refusal
from .prompting import render

KEY_ENVS = ("ASSISTANT_LLM_API_KEY", "OPENAI_API_KEY")
DEFAULT_TIMEOUT = 120.0
FALLBACK_NOTE = "The model's answer had no citation that checks out against the passages; quoting them instead:"
T = TypeVar("T")


def describe_error(exc: BaseException, where: str, timeout: float | None) -> LLMError:
    """One line for what went wrong talking to the model, and what to do."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    text = str(exc).splitlines()[0][:160] if str(exc) else name
    if "Timeout" in name or "timed out" in text.lower():
        return LLMError(f"the model at {where} did not answer within {timeout or DEFAULT_TIMEOUT:g}s; "
                        "raise --llm-timeout, or use a smaller or already loaded model")
    if status == 401 or "Authentication" in name:
        return LLMError(f"the model server at {where} rejected the API key (401); set {KEY_ENVS[0]} "
                        "to a valid key")
    if status == 403 or "PermissionDenied" in name:
        return LLMError(f"the model server at {where} refused access (403); check the key's permissions")
    if status == 404 or "NotFound" in name:
        return LLMError(f"the model server at {where} has no such model or endpoint (404); check "
                        "--llm-model and that --llm-url ends in /v1")
    if "Connect" in name or isinstance(exc, ConnectionError | OSError):
        return LLMError(f"cannot reach the model server at {where} ({text}); start it, or fix the URL")
    if status:
        return LLMError(f"the model server at {where} answered HTTP {status} ({text}); check its log")
    return LLMError(f"the model at {where} failed ({name}: {text}); check the server and the model name")


class LLMAnswerer(Answerer):
    """Answers with a llama-index LLM; falls back to ``fallback`` when no claim checks out."""

    name = "llm"

    def __init__(self, llm: Any, fallback: Answerer | None = None, where: str = "the LLM",
                 timeout: float | None = None) -> None:
        self.llm = llm
        self.fallback = fallback or ExtractiveAnswerer()
        self.where = where
        self.timeout = timeout

    def _guard(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except LLMError:
            raise
        except Exception as exc:  # the clients raise their own types: name them in one line
            raise describe_error(exc, self.where, self.timeout) from exc

    def messages(self, question: str, hits: Sequence[Hit]) -> list[Any]:
        from llama_index.core.llms import ChatMessage, MessageRole

        main, context = Query.of(question).parts()
        passages = "\n\n".join(
            render("passage", n=n, title=h.title or "(untitled)", outlet=h.outlet or "unknown outlet",
                   date=h.date or "undated", source=h.source, text=h.text.strip())
            for n, h in enumerate(hits, 1))
        asked = f"{main} (earlier in this conversation: {context})" if context else main
        return [ChatMessage(role=MessageRole.SYSTEM, content=render("answer_system")),
                ChatMessage(role=MessageRole.USER, content=render("answer_user", passages=passages, question=asked))]

    def answer(self, question: str, hits: Sequence[Hit], sources: SourceReader) -> Answer:
        if not hits:
            return refusal(question, hits, mode="llm")
        response = self._guard(lambda: self.llm.chat(self.messages(question, hits)))
        return self.finish(question, hits, sources, response.message.content or "")

    def stream(self, question: str, hits: Sequence[Hit], sources: SourceReader) -> Iterator[str | Answer]:
        if not hits:
            answer = refusal(question, hits, mode="llm")
            yield answer.text
            yield answer
            return
        parts: list[str] = []
        chunks = self._guard(lambda: iter(self.llm.stream_chat(self.messages(question, hits))))
        while True:
            chunk = self._guard(lambda: next(chunks, None))
            if chunk is None:
                break
            if chunk.delta:
                parts.append(chunk.delta)
                yield chunk.delta
        yield self.finish(question, hits, sources, "".join(parts))

    def finish(self, question: str, hits: Sequence[Hit], sources: SourceReader, raw: str) -> Answer:
        """The model's text after the citation check, or the extractive answer."""
        checked = check_answer(raw, hits, sources)
        if checked.refused:
            return refusal(question, hits, mode="llm")
        if checked.text:
            return Answer(question=question, text=checked.text, answered=True,
                          citations=tuple(checked.citations), hits=tuple(hits), query=question,
                          mode="llm", notes=tuple(checked.notes))
        fallback = self.fallback.answer(question, hits, sources)
        text = f"{FALLBACK_NOTE} {fallback.text}" if fallback.answered else fallback.text
        return replace(fallback, text=text, mode="fallback", notes=(*checked.notes, FALLBACK_NOTE))


def complete(llm: Any, prompt: str, where: str | None = None) -> str:
    """One completion, errors turned into ``LLMError`` (used by the condense step)."""
    place = where or getattr(llm, "api_base", None) or getattr(llm, "base_url", None) or "the LLM"
    try:
        return llm.complete(prompt).text
    except Exception as exc:
        raise describe_error(exc, place, getattr(llm, "timeout", None)) from exc


def api_key(explicit: str | None = None) -> str | None:
    return explicit or next((os.environ[e] for e in KEY_ENVS if os.environ.get(e)), None)


def openai_like(url: str | None, model: str | None, key: str | None = None,
                timeout: float | None = None) -> Any:
    """An ``OpenAILike`` LLM for any OpenAI-compatible server (key from the environment)."""
    if not url or not model:
        raise ConfigError("an OpenAI-compatible model needs both --llm-url URL (ending in /v1) "
                          "and --llm-model NAME")
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(model=model, api_base=url.rstrip("/"), api_key=api_key(key) or "not-needed",
                      is_chat_model=True, temperature=0.0, max_tokens=400, max_retries=0,
                      timeout=timeout or DEFAULT_TIMEOUT, context_window=8192)


def ollama(model: str | None, url: str | None = None, timeout: float | None = None) -> Any:
    if not model:
        raise ConfigError("--ollama-model needs a model name, e.g. --ollama-model llama3.2")
    try:
        from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise ConfigError("Ollama support is not installed; pip install llama-index-llms-ollama") from exc
    return Ollama(model=model, base_url=url or os.environ.get("OLLAMA_HOST", "http://localhost:11434"),
                  request_timeout=timeout or DEFAULT_TIMEOUT, temperature=0.0)


def openai_factory(index: Any, *, url: str | None = None, model: str | None = None,
                    key: str | None = None, timeout: float | None = None) -> LLMAnswerer:
    llm = openai_like(url, model, key, timeout)
    return LLMAnswerer(llm, ExtractiveAnswerer(getattr(index, "embedder", None)), where=str(url), timeout=timeout)


def ollama_factory(index: Any, *, model: str | None = None, url: str | None = None,
                    timeout: float | None = None) -> LLMAnswerer:
    llm = ollama(model, url, timeout)
    return LLMAnswerer(llm, ExtractiveAnswerer(getattr(index, "embedder", None)), where=llm.base_url,
                       timeout=timeout)
