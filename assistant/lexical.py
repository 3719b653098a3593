"""The lexical side of the index: BM25 (bm25s, Snowball-stemmed) over every chunk, and
the in-memory table of chunk texts, metadata and vectors that search results are built
from (the vectors let filtered searches score a subset exactly, without a slow Chroma
``where``).

Rebuilt from the vector store after each indexing run that changed something (bm25s
builds thousands of chunks a second), and saved beside it with the manifest generation
it matches; a stale or missing copy is rebuilt from the store on open.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DIRNAME = "lexical"


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=False,
                          show_progress=False)


@dataclass
class ChunkTable:
    """Every chunk's id, passage text and metadata, with arrays for fast filtering."""

    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    vectors: np.ndarray  # float16, one unit vector per chunk

    def __post_init__(self) -> None:
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self.date_int = np.array([int(m.get("date_int", 0)) for m in self.metas], dtype=np.int64)
        self.outlet = np.array([(m.get("outlet") or "").casefold() for m in self.metas], dtype=object)
        self.source = np.array([m.get("source", "") for m in self.metas], dtype=object)
        self.sidebar = np.array([m.get("section") == "sidebar" for m in self.metas], dtype=bool)

    def __len__(self) -> int:
        return len(self.ids)


class LexicalIndex:
    def __init__(self, table: ChunkTable, bm25: Any, generation: int) -> None:
        self.table = table
        self._bm25 = bm25
        self.generation = generation
        self._stem = _stemmer()

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, dict[str, Any], Any]], generation: int) -> LexicalIndex:
        import bm25s

        ids, texts, metas, vectors = [], [], [], []
        for cid, text, meta, vector in rows:
            ids.append(cid)
            texts.append(text)
            metas.append(meta)
            vectors.append(np.asarray(vector, dtype=np.float16))
        # Keep a stable order so ranks do not depend on how the store pages results.
        order = sorted(range(len(ids)), key=lambda i: ids[i])
        matrix = np.stack([vectors[i] for i in order]) if order else np.zeros((0, 0), np.float16)
        table = ChunkTable([ids[i] for i in order], [texts[i] for i in order],
                           [metas[i] for i in order], matrix)
        bm25 = None
        if table.ids:
            corpus = [f"{m.get('header', '')}\n{t}" for t, m in zip(table.texts, table.metas, strict=True)]
            bm25 = bm25s.BM25()
            bm25.index(tokenize(corpus), show_progress=False)
        return cls(table, bm25, generation)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no query word is indexed)."""
        n = len(self.table)
        if self._bm25 is None or n == 0:
            return np.zeros(n, dtype=np.float32)
        import bm25s

        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self._stem, return_ids=False,
                                show_progress=False)[0]
        known = [t for t in tokens if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def save(self, index_dir: Path) -> None:
        final = index_dir / DIRNAME
        tmp = index_dir / f".{DIRNAME}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._bm25 is not None:
            self._bm25.save(str(tmp / "bm25"))
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for cid, text, meta in zip(self.table.ids, self.table.texts, self.table.metas, strict=True):
                fh.write(json.dumps({"id": cid, "text": text, "meta": meta}, ensure_ascii=False) + "\n")
        np.save(tmp / "vectors.npy", self.table.vectors)
        (tmp / "state.json").write_text(json.dumps({"generation": self.generation}))
        old = index_dir / f".{DIRNAME}.old"
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, index_dir: Path, generation: int) -> LexicalIndex | None:
        """The saved copy when it matches ``generation``, else None (rebuild it)."""
        import bm25s

        folder = index_dir / DIRNAME
        try:
            state = json.loads((folder / "state.json").read_text())
            if state.get("generation") != generation:
                return None
            ids, texts, metas = [], [], []
            with (folder / "chunks.jsonl").open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    ids.append(row["id"])
                    texts.append(row["text"])
                    metas.append(row["meta"])
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if ids else None
            vectors = np.load(folder / "vectors.npy")
            if len(vectors) != len(ids):
                return None
        except (OSError, ValueError, KeyError):
            return None
        return cls(ChunkTable(ids, texts, metas, vectors), bm25, generation)
