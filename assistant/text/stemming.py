"""The English Snowball stemmer, shared safely.

A PyStemmer ``Stemmer`` keeps state between calls and is not safe across threads, and
the HTTP API answers on many: every shared use goes through ``english()``, whose calls
take turns. ``fresh()`` gives a private one to code that stems a whole batch alone
(bm25s's tokenizer while an index is built).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any


def fresh() -> Any:
    """A new stemmer for one caller's own use."""
    import Stemmer

    return Stemmer.Stemmer("english")


class SharedStemmer:
    """A stemmer whose calls take turns (a lock per call: about 0.2 µs)."""

    def __init__(self) -> None:
        self._stemmer = fresh()
        self._lock = threading.Lock()

    def stem_word(self, word: str) -> str:
        with self._lock:
            return self._stemmer.stemWord(word)

    def stem_words(self, words: list[str]) -> list[str]:
        with self._lock:
            return self._stemmer.stemWords(words)


@lru_cache(maxsize=1)
def english() -> SharedStemmer:
    """The process's one shared English stemmer."""
    return SharedStemmer()
