"""A research assistant over news articles: hybrid retrieval with cited passages.

    >>> import assistant
    >>> index = assistant.open_index("index", create=True)
    >>> index.add("examples/articles")                          # doctest: +SKIP
    >>> for hit in index.search("who opened the bridge?", k=3):   # doctest: +SKIP
    ...     print(hit.source, hit.lines, hit.text[:60])
"""

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
from .retrieval.index import Index, open_index
from .types import Filters, Hit, IndexInfo, IndexReport, SkippedFile

__all__ = [
    "AssistantError",
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
    "LoadError",
    "SkippedFile",
    "StoreError",
    "open_index",
]

from .answer.assistant import Assistant
from .types import Answer, Citation

__all__ += ["Answer", "Assistant", "Citation", "LLMError", "PromptError"]
