"""Which answerers exist, and the one place that picks one from settings.

The built-ins are listed here (``BUILTINS``), explicitly, the way a third-party
answerer is added with ``register_answerer``: importing a module registers nothing.
``answerer_for`` turns the LLM settings every entry point takes (CLI, server, UI,
Python) into an answerer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import ConfigError
from . import extractive, llm
from .base import Answerer

AnswererFactory = Callable[..., Answerer]

# name -> factory(index, **options); the defaults every process starts with.
BUILTINS: dict[str, AnswererFactory] = {
    "extractive": extractive.factory,
    "openai": llm.openai_factory,  # any OpenAI-compatible endpoint (llama.cpp, vLLM, ...)
    "ollama": llm.ollama_factory,
}
_REGISTRY: dict[str, AnswererFactory] = dict(BUILTINS)


def register_answerer(name: str, factory: AnswererFactory) -> None:
    """Make ``get_answerer(name, index, **options)`` build an answerer with ``factory``."""
    _REGISTRY[name] = factory


def get_answerer(name: str, index: Any, **options: Any) -> Answerer:
    """The answerer registered as ``name``, built for ``index`` (its embedder and files)."""
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigError(f"no answerer named {name!r}; use one of: {', '.join(sorted(_REGISTRY))}")
    return factory(index, **options)


def answerer_names() -> list[str]:
    return sorted(_REGISTRY)


def answerer_for(index: Any, *, llm_url: str | None = None, llm_model: str | None = None,
                 ollama_model: str | None = None, ollama_url: str | None = None,
                 timeout: float | None = None) -> Answerer:
    """The answerer the settings ask for: an OpenAI-compatible endpoint when its URL or
    model is given, else Ollama when its model is, else the extractive one."""
    if llm_url or llm_model:
        return get_answerer("openai", index, url=llm_url, model=llm_model, timeout=timeout)
    if ollama_model:
        return get_answerer("ollama", index, model=ollama_model, url=ollama_url, timeout=timeout)
    return get_answerer("extractive", index)
