"""The one error hierarchy of the assistant.

Every message says what went wrong and what to do about it, in one line, so the CLI
can print it as ``Error: <message>`` unchanged.
"""


class AssistantError(Exception):
    """Base class: anything the assistant raises on purpose."""


class ConfigError(AssistantError):
    """A setting, option or argument is missing or invalid."""


class IndexNotFoundError(AssistantError):
    """There is no index where one was expected."""


class IndexMismatchError(AssistantError):
    """The index on disk was built differently (another model, schema or chunking)."""


class IndexBusyError(AssistantError):
    """Another process is writing to the same index."""


class EmbeddingModelError(AssistantError):
    """The embedding model cannot be loaded."""


class StoreError(AssistantError):
    """The vector store (Chroma) cannot be reached or used."""


class LoadError(AssistantError):
    """One input file cannot be read; indexing skips it and goes on."""


class LLMError(AssistantError):
    """The language model server cannot be reached, refuses us, or answers badly."""


class PromptError(AssistantError):
    """A prompt template is missing or is rendered without one of its variables."""


class DiskFullError(AssistantError):
    """The disk holding the index is full; the index keeps its last committed state."""
