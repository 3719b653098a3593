"""Answerers: turn a question and retrieved passages into a short cited answer.

``extractive`` (the default) quotes the sentences that answer; ``openai`` and
``ollama`` ask a language model through llama-index and check every citation it gives.
"""

from ..types import Answer, Citation
from .backends import answerer_for, get_answerer, register_answerer
from .base import Answerer

__all__ = ["Answer", "Answerer", "Citation", "answerer_for", "get_answerer", "register_answerer"]
