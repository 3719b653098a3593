"""Answerers: turn a question and retrieved passages into a short cited answer.

``extractive`` (the default) quotes the sentences that answer; ``llm`` asks a language
model through llama-index and checks every citation it gives.
"""

from .base import Answer, Answerer, Citation, get_answerer, register_answerer

__all__ = ["Answer", "Answerer", "Citation", "get_answerer", "register_answerer"]
