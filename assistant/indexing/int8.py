"""A sentence-transformers model run in int8: its transformer exported to ONNX on this
machine from the weights already loaded (nothing downloaded), its weights quantised per
channel by ONNX Runtime's dynamic quantisation, run by ONNX Runtime on the CPU.

On a CPU without bfloat16 instructions (AVX2, AVX-512, VNNI) int8 matrix products are where
the speed is; per-channel weights keep MiniLM's vectors within a cosine of about 0.99 of
fp32 (per-tensor weights, or torch's dynamic quantisation of the same layers, fell to
0.92-0.98). The export and quantisation take a few seconds, so the file is kept in a cache
folder keyed by the weights' hash and the library versions. Only models whose pipeline is a
transformer then mean or CLS pooling (MiniLM, MPNet, BERT-style models) are supported;
others are told to use fp32. The unquantised export is kept beside the int8 file: an fp32
index's queries run it without torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EmbeddingModelError

CACHE_ENV = "ASSISTANT_CACHE_DIR"
FORMAT = "int8-per-channel-3"  # bump when the export or the quantisation changes
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")  # what the transformer reads
STALE_WORK_S = 3600


def available() -> bool:
    """Whether ONNX Runtime and onnx (for the quantiser) are installed. onnx is looked up,
    not imported: a cold search only runs a model (0.4 s of its start was that import)."""
    from importlib.util import find_spec

    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return find_spec("onnx") is not None


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsroom-assistant"


class _OnnxEncoder:
    """Batches through an exported file's ONNX Runtime session (int8, or its fp32 twin), pooled and normalised as
    the model pools; a subclass says how texts become the transformer's inputs."""

    path: Path
    mode: str
    dimension: int
    inputs: list[str]
    _sessions: dict[int, Any]
    _lock: threading.Lock

    def _feed(self, texts: list[str]) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        session = _session(self.path, self._sessions, self._lock)
        out = []
        for i in range(0, len(texts), max(1, batch_size)):
            feed = self._feed(texts[i:i + batch_size])
            out.append(_pooled(session.run(None, feed)[0], feed["attention_mask"], self.mode))
        return np.concatenate(out).astype(np.float32) if out else np.zeros((0, self.dimension), np.float32)


class Int8Model(_OnnxEncoder):
    """The int8 twin of a loaded ``SentenceTransformer`` (``model``): ``encode`` gives the
    same pooled, normalised vectors the model gives, from ONNX Runtime."""

    def __init__(self, model: Any, folder: Path | None = None) -> None:
        if not available():
            raise EmbeddingModelError("int8 embeddings need onnxruntime and onnx; run make setup "
                                      "(or set ASSISTANT_EMBED_PRECISION=fp32)")
        self.model = model
        modules = list(model)
        pooling = modules[1] if len(modules) > 1 else None
        mode = getattr(pooling, "pooling_mode", None) or _pooling_mode(pooling)
        if type(modules[0]).__name__ != "Transformer" or mode not in ("mean", "cls") or any(
                type(m).__name__ not in ("Normalize",) for m in modules[2:]):
            raise EmbeddingModelError("int8 embeddings support a transformer with mean or CLS pooling; this model "
                                      "is not one: set ASSISTANT_EMBED_PRECISION=fp32")
        self.mode = mode
        self.folder = folder if folder is not None and folder.is_dir() else None
        self.inputs = list(self._features(["a"]))  # the transformer's input names, read once
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        self.path = self._quantised()
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()

    def _features(self, texts: list[str]) -> dict[str, Any]:
        """The model's own tokenisation (padding, truncation to its length) of ``texts``."""
        prepare = getattr(self.model, "preprocess", None) or self.model.tokenize
        return {k: v for k, v in prepare(texts).items() if k in _INPUTS}

    def _quantised(self) -> Path:
        """The quantised file, from the cache or made now. Each file is renamed into place,
        the fp32 twin and the recipe before the int8 file whose presence marks the whole."""
        if self.folder is not None:
            key = folder_key(self.folder)
        else:  # a model by hub name: its weights as loaded
            digest = hashlib.sha256(_versions().encode())
            for name, tensor in sorted(self.model.state_dict().items()):
                digest.update(name.encode())
                digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
            key = digest.hexdigest()[:32]
        folder = cache_dir() / "int8"
        path = folder / f"{key}.onnx"
        if path.is_file() and path.with_suffix(".json").is_file():
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _sweep(folder)
            work = Path(tempfile.mkdtemp(prefix=".int8-", dir=folder))
        except OSError:  # a read-only cache: made for this process only
            work = Path(tempfile.mkdtemp(prefix="assistant-int8-"))
            path = work / "model-int8.onnx"
        try:
            with _quiet():  # the exporter's and quantiser's advice is for their developers, not our users
                from onnxruntime.quantization import QuantType, quantize_dynamic

                self._export(work / "model.onnx")
                quantize_dynamic(str(work / "model.onnx"), str(work / "model-int8.onnx"),
                                 weight_type=QuantType.QInt8, per_channel=True)
            (work / "model-int8.json").write_text(json.dumps(self._recipe()), encoding="utf-8")
            if path.parent != work:
                # The unquantised export is kept too: an fp32 index's queries embed with it
                # without torch (``OnnxLight``), to a cosine of 0.9999999 of torch's vectors.
                # Not for a model whose weights the exporter wrote beside the graph (over 2 GB).
                if {p.name for p in work.iterdir()} == {"model.onnx", "model-int8.onnx", "model-int8.json"}:
                    os.replace(work / "model.onnx", fp32_twin(path))
                os.replace(work / "model-int8.json", path.with_suffix(".json"))
                os.replace(work / "model-int8.onnx", path)
        finally:
            if path.parent != work:  # a failed export leaves no work folder in the cache
                shutil.rmtree(work, ignore_errors=True)
        return path

    def _recipe(self) -> dict[str, Any]:
        """What a process needs to embed with the quantised file without loading torch or
        sentence-transformers (``OnnxLight``): the tokenizer as this model uses it, its
        length, lower-casing, pooling and width."""
        transformer = self.model[0]
        return {"format": FORMAT, "tokenizer": transformer.tokenizer.backend_tokenizer.to_str(),
                "max_seq_length": int(self.model.max_seq_length), "mode": self.mode,
                "lower": bool(getattr(transformer, "do_lower_case", False)), "dimension": self.dimension,
                "inputs": self.inputs, "pad_id": int(transformer.tokenizer.pad_token_id or 0),
                "pad_token": str(transformer.tokenizer.pad_token or "[PAD]")}

    def _export(self, target: Path) -> None:
        import torch

        transformer = self.model[0].auto_model.eval()
        names = self.inputs

        class _Hidden(torch.nn.Module):  # the last hidden states, for pooling outside
            def __init__(self) -> None:
                super().__init__()
                self.inner = transformer

            def forward(self, *args: torch.Tensor) -> torch.Tensor:
                return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

        sample = self._features(["an example sentence", "another"])
        axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"hidden": {0: "batch", 1: "tokens"}}
        with torch.no_grad(), _eager_attention(transformer):
            torch.onnx.export(_Hidden(), tuple(sample[n] for n in names), str(target), input_names=names,
                              output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False)

    def _feed(self, texts: list[str]) -> dict[str, np.ndarray]:
        features = self._features(texts)
        return {n: features[n].numpy().astype(np.int64) for n in self.inputs}


class OnnxLight(_OnnxEncoder):
    """The quantised file (or its unquantised twin, for fp32) and its recipe, without torch
    or sentence-transformers: what a new process needs to embed a query in a fraction of the
    time (``open`` gives None until an ``Int8Model`` of the same model folder has made them)."""

    def __init__(self, path: Path, recipe: dict[str, Any]) -> None:
        from tokenizers import Tokenizer

        self.path = path
        self.mode = recipe["mode"]
        self.lower = recipe["lower"]
        self.inputs = list(recipe["inputs"])
        self.dimension = int(recipe["dimension"])
        self.max_tokens = int(recipe["max_seq_length"])
        self.measurer = Tokenizer.from_str(recipe["tokenizer"])  # counting: whole texts, no special tokens
        self.measurer.no_truncation()
        self.measurer.no_padding()
        self.tokenizer = Tokenizer.from_str(recipe["tokenizer"])  # embedding: as the model reads its input
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.enable_padding(pad_id=int(recipe["pad_id"]), pad_token=recipe["pad_token"])
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path, precision: str = "int8") -> OnnxLight | None:
        if not available():
            return None
        path = cache_dir() / "int8" / f"{folder_key(folder)}.onnx"
        try:
            recipe = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        model = fp32_twin(path) if precision == "fp32" else path
        if recipe.get("format") != FORMAT or not model.is_file():
            return None
        return cls(model, recipe)

    def _feed(self, texts: list[str]) -> dict[str, np.ndarray]:
        encoded = self.tokenizer.encode_batch([t.strip().lower() if self.lower else t.strip() for t in texts])
        columns = {"input_ids": [e.ids for e in encoded], "attention_mask": [e.attention_mask for e in encoded],
                   "token_type_ids": [e.type_ids for e in encoded]}
        return {n: np.asarray(columns[n], dtype=np.int64) for n in self.inputs}


def _sweep(folder: Path, now: float | None = None) -> None:
    """Remove work folders that a process killed mid-export left (an export takes seconds;
    one untouched for ``STALE_WORK_S`` is no other process's, still at work)."""
    now = time.time() if now is None else now
    for work in folder.glob(".int8-*"):
        try:
            if work.is_dir() and now - work.stat().st_mtime > STALE_WORK_S:
                shutil.rmtree(work, ignore_errors=True)
        except OSError:  # gone already: another process swept it
            continue


def fp32_twin(path: Path) -> Path:
    """Where the unquantised export of the int8 file ``path`` is kept."""
    return path.with_suffix(".fp32.onnx")


def folder_key(folder: Path) -> str:
    """The cache key of a model folder: its files' names and bytes, and the versions of what
    exports and runs it (read without importing them)."""
    digest = hashlib.sha256(_versions().encode())
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode())
        with open(file, "rb") as fh:
            while block := fh.read(1 << 22):
                digest.update(block)
    return digest.hexdigest()[:32]


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("onnxruntime", "torch", "sentence-transformers", "transformers"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return f"{FORMAT} " + " ".join(found)


def _session(path: Path, sessions: dict[int, Any], lock: threading.Lock) -> Any:
    """An ONNX Runtime session using as many threads as torch is set to where torch is loaded
    (a server or an indexing run sets that), else the cores this process may use; not
    spinning between calls."""
    import onnxruntime as ort

    torch = sys.modules.get("torch")
    threads = max(1, torch.get_num_threads() if torch is not None else len(os.sched_getaffinity(0)))
    with lock:
        session = sessions.get(threads)
        if session is None:
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = sessions[threads] = ort.InferenceSession(str(path), options,
                                                               providers=["CPUExecutionProvider"])
    return session


@contextmanager
def _eager_attention(model: Any) -> Iterator[None]:
    """The model's attention written out as matrix products and a softmax while it is
    exported, and as it was after. Exported through PyTorch's fused attention
    (``sdpa``, the default), each layer carries a NaN guard and shape arithmetic, and the
    int8 graph encoded MultiHop-RAG passages at 0.75-0.92x torch's fp32 on a CPU without
    VNNI; exported eager, the same quantised weights ran at 1.05-1.25x
    (benchmarks/bench_precision_encode.py, docs/eval/int8.md)."""
    before = getattr(getattr(model, "config", None), "_attn_implementation", None)
    switch = getattr(model, "set_attn_implementation", None)
    switched = False
    if before not in (None, "eager") and switch is not None:
        try:
            switch("eager")
            switched = True
        except Exception:  # a model that cannot switch is exported as it is: slower, not wrong
            pass
    try:
        yield
    finally:
        if switched:
            switch(before)


def _pooled(hidden: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    if mode == "cls":
        pooled = hidden[:, 0]
    else:
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


@contextmanager
def _quiet() -> Iterator[None]:
    """No warnings and no root-logger records below ERROR (ONNX Runtime's quantiser logs its
    advice there) while exporting and quantising, and the root logger as it was after: one
    of the quantiser's modules calls ``logging.basicConfig`` on import, which would make every
    library's debug records print. Library code does not print."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root.setLevel(logging.ERROR)
        try:
            yield
        finally:
            root.setLevel(level)
            root.handlers[:] = handlers


def _pooling_mode(pooling: Any) -> str | None:
    """The pooling mode of an older sentence-transformers Pooling module."""
    if pooling is None:
        return None
    if getattr(pooling, "pooling_mode_mean_tokens", False):
        return "mean"
    if getattr(pooling, "pooling_mode_cls_token", False):
        return "cls"
    return None
