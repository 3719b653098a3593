"""Words as BM25 counts them: bm25s's tokenizer for chunks at index time, and a quicker
one for questions that gives the same tokens (Snowball-stemmed, English stop words out).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path

from ..text import stemming


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=stemming.fresh(), return_ids=False,
                          show_progress=False)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's (and scikit-learn's) token pattern


class QueryTokenizer:
    """``tokenize`` for one question at a time, without bm25s's per-call set-up (a
    progress bar object per call cost 0.1 ms, and a search tokenizes ten texts), and
    with the last few hundred texts remembered. Same tokens as ``tokenize``
    (tests/test_ranking.py compares them)."""

    def __init__(self, size: int = 512) -> None:
        self._stop = _stopwords()
        self._stem = stemming.english()
        self._lock = threading.Lock()  # the cache is shared by the API's threads
        self._cache: OrderedDict[str, list[str]] = OrderedDict()
        self._size = size

    def __call__(self, text: str) -> list[str]:
        with self._lock:
            found = self._cache.get(text)
            if found is not None:
                self._cache.move_to_end(text)
                return found
            words = [w for w in _TOKEN.findall(text.lower()) if w not in self._stop]
            tokens = self._stem.stem_words(words) if words else []
            self._cache[text] = tokens
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)
            return tokens


def _stopwords() -> frozenset[str]:
    """bm25s's English stop words, read from its ``stopwords`` module alone: importing
    the package first imports scipy.sparse, 0.23 s of a new process's first search
    (python -X importtime)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("bm25s")  # finds the package without running it
        origin = spec.origin if spec is not None else None
        if origin is not None:
            module_spec = importlib.util.spec_from_file_location("_bm25s_stopwords",
                                                                 Path(origin).parent / "stopwords.py")
            if module_spec is not None and module_spec.loader is not None:
                module = importlib.util.module_from_spec(module_spec)
                module_spec.loader.exec_module(module)
                return frozenset(module.STOPWORDS_EN)
    except (ImportError, OSError, AttributeError, SyntaxError):
        pass  # another layout of bm25s: import it the usual way
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)
