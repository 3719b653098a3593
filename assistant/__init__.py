"""A research assistant over news articles: hybrid retrieval with cited passages.

    >>> import assistant
    >>> index = assistant.open_index("index", create=True)
    >>> index.add("examples/articles")                          # doctest: +SKIP
    >>> for hit in index.search("who opened the bridge?", k=3):   # doctest: +SKIP
    ...     print(hit.source, hit.lines, hit.text[:60])
"""

from typing import TYPE_CHECKING

from .errors import (
    AssistantError,
    ConfigError,
    DiskFullError,
    EmbeddingModelError,
    IndexBusyError,
    IndexMismatchError,
    IndexNotFoundError,
    LLMError,
    LoadError,
    PromptError,
    StoreError,
)
from .types import Answer, Citation, Filters, Hit, IndexInfo, IndexReport, SkippedFile

if TYPE_CHECKING:  # for type checkers and editors; at run time they load on first use (below)
    from .answer.assistant import Assistant
    from .answer.conversation import Turn
    from .retrieval.index import Index, open_index

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Citation",
    "ConfigError",
    "DiskFullError",
    "EmbeddingModelError",
    "Filters",
    "Hit",
    "Index",
    "IndexBusyError",
    "IndexInfo",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexReport",
    "LLMError",
    "LoadError",
    "PromptError",
    "SkippedFile",
    "StoreError",
    "Turn",
    "open_index",
]

# The engine (numpy, Chroma's client, the answerers) loads on first use, not on import:
# ``assistant --help`` and a process that only reads a type start in a fraction of a second.
_LAZY = {"Index": ".retrieval.index", "open_index": ".retrieval.index", "Assistant": ".answer.assistant",
         "Turn": ".answer.conversation"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
