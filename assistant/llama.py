"""Kept so ``from assistant.llama import AssistantRetriever`` keeps working; the adapter
lives in ``assistant.retrieval.llama``."""

from .retrieval.llama import AssistantRetriever

__all__ = ["AssistantRetriever"]
