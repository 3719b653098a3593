"""int8 embeddings (issue 17): ONNX Runtime's per-channel dynamic quantisation of a model
exported here from its own weights; vectors close to fp32's, the export cached, the
precision chosen by the CPU and recorded in the manifest."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError, EmbeddingModelError
from assistant.indexing import embedding
from assistant.indexing.embedding import SentenceTransformerEmbedder

TEXTS = ["The mayor opened the bridge on Monday.", "Police said the festival drew record crowds.",
         "The council voted to close the library for repairs."]


def test_int8_vectors_agree_with_fp32_and_the_export_is_made_once(tiny_model: str, tmp_path: Path,
                                                                  monkeypatch, capfd, recwarn) -> None:
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    fp32 = SentenceTransformerEmbedder(tiny_model, precision="fp32").embed_documents(TEXTS)
    capfd.readouterr()
    handlers = list(logging.getLogger().handlers)
    first = SentenceTransformerEmbedder(tiny_model, precision="int8")
    assert capfd.readouterr() == ("", "")  # the export and the quantiser print nothing
    assert logging.getLogger().handlers == handlers  # nor leave the root logger printing others' debug lines
    assert not [w for w in recwarn if "onnx" in str(w.filename).lower()]
    int8 = first.embed_documents(TEXTS)
    assert first.precision == "int8" and int8.dtype == np.float32 and int8.shape == fp32.shape
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    cosines = np.sum(fp32 * int8, axis=1)
    assert np.all(cosines > 0.98), cosines
    assert not np.allclose(int8, fp32, atol=1e-6)  # really another computation, not fp32 again
    made = sorted((tmp_path / "cache" / "int8").iterdir())
    key = made[0].name.split(".")[0]
    # the model, its fp32 twin and its recipe, no work folder left
    assert [p.name for p in made] == [f"{key}.fp32.onnx", f"{key}.json", f"{key}.onnx"]
    stamp = made[2].stat().st_mtime_ns
    again = SentenceTransformerEmbedder(tiny_model, precision="int8")
    assert again._onnx.path == made[2] and made[2].stat().st_mtime_ns == stamp  # read from the cache
    # Activations are quantised per batch, so a text alone differs a little from it in a batch.
    assert np.allclose(again.embed_query(TEXTS[0]), int8[0], atol=2e-3)


def test_the_export_writes_attention_out_and_leaves_the_model_as_it_was(tiny_model: str, tmp_path: Path,
                                                                          monkeypatch) -> None:
    """Exported through torch's fused attention, the int8 graph ran slower than fp32 on a CPU
    without VNNI; written out (matrix products and a softmax per layer) it ran faster. The
    loaded model keeps the attention it had, for the fp32 vectors it gives."""
    import onnx
    import torch
    from sentence_transformers import SentenceTransformer

    from assistant.indexing.int8 import Int8Model

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    model = SentenceTransformer(tiny_model, device="cpu")
    config = model[0].auto_model.config
    if config._attn_implementation == "eager" or not hasattr(model[0].auto_model, "set_attn_implementation"):
        pytest.skip("this transformers version loads eager attention, or cannot switch to it")
    before = config._attn_implementation

    def fused(*args, **kwargs):
        raise AssertionError("exported through torch's fused attention")

    with monkeypatch.context() as patched:
        patched.setattr(torch.nn.functional, "scaled_dot_product_attention", fused)
        made = Int8Model(model, Path(tiny_model))
    assert model[0].auto_model.config._attn_implementation == before
    ops = [node.op_type for node in onnx.load(str(made.path)).graph.node]
    assert ops.count("Softmax") == config.num_hidden_layers and "IsNaN" not in ops
    assert np.allclose(model.encode(TEXTS, normalize_embeddings=True),  # the model itself is as it was
                       SentenceTransformer(tiny_model, device="cpu").encode(TEXTS, normalize_embeddings=True),
                       atol=1e-5)


def test_a_failed_export_leaves_nothing_in_the_cache(tiny_model: str, tmp_path: Path, monkeypatch) -> None:
    from sentence_transformers import SentenceTransformer

    from assistant.indexing.int8 import Int8Model

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))

    def killed(self, target: Path) -> None:
        target.write_bytes(b"half an export")
        raise MemoryError("out of memory mid-export")

    monkeypatch.setattr(Int8Model, "_export", killed)
    # what killed processes left: an old work folder, and one another process may be filling now
    cache = tmp_path / "cache" / "int8"
    (cache / ".int8-killed").mkdir(parents=True)
    (cache / ".int8-killed" / "model.onnx").write_bytes(b"half")
    os.utime(cache / ".int8-killed", (time.time() - 7200, time.time() - 7200))
    (cache / ".int8-busy").mkdir()
    with pytest.raises(MemoryError):
        Int8Model(SentenceTransformer(tiny_model, device="cpu"), Path(tiny_model))
    assert [p.name for p in cache.iterdir()] == [".int8-busy"]


def test_int8_refuses_a_model_it_cannot_pool(tiny_model: str, tmp_path: Path, monkeypatch) -> None:
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    loaded = SentenceTransformer(tiny_model, device="cpu")
    dimension = (getattr(loaded, "get_embedding_dimension", None) or loaded.get_sentence_embedding_dimension)()
    maxed = tmp_path / "max-pooled"
    SentenceTransformer(modules=[loaded[0], models.Pooling(dimension, "max")], device="cpu").save(str(maxed))
    with pytest.raises(EmbeddingModelError, match="ASSISTANT_EMBED_PRECISION=fp32"):
        SentenceTransformerEmbedder(str(maxed), precision="int8")


def test_the_precision_is_chosen_by_the_cpu_unless_asked(monkeypatch) -> None:
    monkeypatch.delenv("ASSISTANT_EMBED_PRECISION", raising=False)
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: True)
    assert embedding.resolve_precision() == "bf16"
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: False)
    assert embedding.resolve_precision() == "int8"
    assert embedding.resolve_precision("fp32") == "fp32"
    monkeypatch.setenv("ASSISTANT_EMBED_PRECISION", "INT8")
    assert embedding.resolve_precision() == "int8"
    with pytest.raises(ConfigError, match="auto, fp32, bf16 or int8, got 'int4'"):
        embedding.resolve_precision("int4")


def test_the_manifest_records_which_precision_made_the_vectors(tiny_model: str, tmp_path: Path,
                                                               monkeypatch) -> None:
    from conftest import write_corpus

    import assistant

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "Bridge opens\n\n" + TEXTS[0] + "\n"})
    index = assistant.open_index(tmp_path / "idx", embedder=SentenceTransformerEmbedder(tiny_model, precision="int8"),
                                 create=True)
    index.add(corpus)
    assert index.info().embed_precision == "int8"
    (corpus / "b.txt").write_text("Festival crowds\n\n" + TEXTS[1] + "\n", encoding="utf-8")
    other = assistant.open_index(tmp_path / "idx", embedder=SentenceTransformerEmbedder(tiny_model, precision="fp32"))
    other.add(corpus)
    assert other.info().embed_precision == "int8+fp32"
    assert {h.source for h in other.search("festival crowds", k=5)} >= {"b.txt"}


def test_a_quantised_model_folder_embeds_in_a_new_process_without_torch(tiny_model: str, tmp_path: Path,
                                                                       monkeypatch) -> None:
    """Once an index run has quantised a model folder, a new process (``assistant search``)
    embeds with ONNX Runtime and the tokenizer alone: the same vectors and token counts,
    and neither torch nor sentence-transformers imported."""
    import json
    import os
    import subprocess
    import sys

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    full = SentenceTransformerEmbedder(tiny_model, precision="int8")  # makes the file and its recipe
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    env.pop("ASSISTANT_EMBED_PRECISION", None)
    script = (
        "import json, sys\n"
        "from assistant.indexing.embedding import SentenceTransformerEmbedder\n"
        f"e = SentenceTransformerEmbedder({tiny_model!r}, precision='int8')\n"
        f"f = SentenceTransformerEmbedder({tiny_model!r}, recorded='fp32')  # an fp32 index's queries\n"
        f"texts = {TEXTS!r}\n"
        "print(json.dumps({'vectors': e.embed_documents(texts).tolist(), 'tokens': e.count_tokens(texts),"
        " 'fp32': f.embed_documents(texts).tolist(), 'fp32_precision': f.precision,"
        " 'spans': e.token_spans(texts[0]), 'dimension': e.dimension, 'max_tokens': e.max_tokens,"
        " 'torch': 'torch' in sys.modules, 'st': 'sentence_transformers' in sys.modules}))\n")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    light = json.loads(done.stdout)
    assert light["torch"] is False and light["st"] is False
    assert np.allclose(np.asarray(light["vectors"], dtype=np.float32), full.embed_documents(TEXTS), atol=1e-4)
    fp32 = SentenceTransformerEmbedder(tiny_model, precision="fp32")
    assert fp32._onnx is None  # fp32 named by the caller keeps torch, to compare engines
    monkeypatch.setenv("ASSISTANT_EMBED_PRECISION", "fp32")
    assert SentenceTransformerEmbedder(tiny_model, recorded="fp32")._onnx is None  # named by the environment
    assert light["fp32_precision"] == "fp32"
    assert np.allclose(np.asarray(light["fp32"], dtype=np.float32), fp32.embed_documents(TEXTS), atol=1e-5)
    assert light["tokens"] == fp32.count_tokens(TEXTS)
    assert [tuple(s) for s in light["spans"]] == fp32.token_spans(TEXTS[0])
    assert (light["dimension"], light["max_tokens"]) == (fp32.dimension, fp32.max_tokens)


def test_a_bf16_index_is_queried_without_torch_once_its_model_is_exported(tiny_model: str, tmp_path: Path,
                                                                         monkeypatch) -> None:
    """Where the CPU has bf16, a bf16 index's first process exports the model (from its fp32
    weights); a later process embeds the one-text query with that export and neither torch
    nor sentence-transformers, to a cosine of fp32's (an answer's sentences too), and loads
    torch only for documents, which stay bf16 (what its vectors are, and what is recorded
    when it grows)."""
    import json
    import os
    import subprocess
    import sys

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ASSISTANT_EMBED_PRECISION", raising=False)
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: True)
    first = SentenceTransformerEmbedder(tiny_model, recorded="bf16")  # no export yet: torch, and makes it
    assert first.precision == "bf16" and first._queries is None
    assert any(p.name.endswith(".fp32.onnx") for p in (tmp_path / "cache" / "int8").iterdir())
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    script = (
        "import json, sys\n"
        "from assistant.indexing import embedding\n"
        "embedding.cpu_supports_bf16 = lambda: True\n"
        f"e = embedding.SentenceTransformerEmbedder({tiny_model!r}, recorded='bf16')\n"
        f"texts = {TEXTS!r}\n"
        "out = {'precision': e.precision, 'query': e.embed_query(texts[0]).tolist(), 'tokens': e.count_tokens(texts),"
        " 'sentences': e.embed_for_query(texts).tolist(),"
        " 'torch': 'torch' in sys.modules, 'st': 'sentence_transformers' in sys.modules}\n"
        "out['docs'] = e.embed_documents(texts).tolist()\n"
        "out['torch_after'] = 'torch' in sys.modules\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    light = json.loads(done.stdout)
    assert light["precision"] == "bf16" and light["torch"] is False and light["st"] is False
    fp32 = SentenceTransformerEmbedder(tiny_model, precision="fp32")
    assert float(np.dot(np.asarray(light["query"], dtype=np.float32), fp32.embed_query(TEXTS[0]))) > 0.9999
    assert light["tokens"] == fp32.count_tokens(TEXTS)
    # An answer's sentences are embedded as the query is, so `ask` does not load torch either.
    sentences = np.asarray(light["sentences"], dtype=np.float32)
    assert np.min(np.sum(sentences * fp32.embed_documents(TEXTS), axis=1)) > 0.9999
    assert light["torch_after"] is True  # documents: the model itself, in bf16
    assert np.allclose(np.asarray(light["docs"], dtype=np.float32), first.embed_documents(TEXTS), atol=1e-5)


def test_a_bf16_load_goes_on_through_torch_when_the_export_fails(tiny_model: str, tmp_path: Path,
                                                                 monkeypatch) -> None:
    from assistant.indexing import int8

    def broken(*args, **kwargs):
        raise RuntimeError("the exporter does not know this operator")

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ASSISTANT_EMBED_PRECISION", raising=False)
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: True)
    monkeypatch.setattr(int8, "Int8Model", broken)
    bf16 = SentenceTransformerEmbedder(tiny_model, recorded="bf16")
    assert bf16.precision == "bf16" and bf16._queries is None
    fp32 = SentenceTransformerEmbedder(tiny_model, precision="fp32")
    assert float(np.dot(bf16.embed_query(TEXTS[0]), fp32.embed_query(TEXTS[0]))) > 0.99


def test_an_index_is_queried_and_grown_in_the_precision_of_its_vectors(tiny_model: str, tmp_path: Path,
                                                                       monkeypatch) -> None:
    """An fp32 index opened where the CPU would pick int8 still embeds in fp32: queries
    match its vectors, and an article added later does not make it a mixture."""
    from conftest import write_corpus

    import assistant

    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ASSISTANT_EMBED_PRECISION", raising=False)
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: False)
    assert embedding.resolve_precision() == "int8"  # what a new index gets here
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "Bridge opens\n\n" + TEXTS[0] + "\n"})
    built = assistant.open_index(tmp_path / "idx", embedder=SentenceTransformerEmbedder(tiny_model, precision="fp32"),
                                 create=True)
    built.add(corpus)
    reopened = assistant.open_index(tmp_path / "idx")
    assert reopened.embedder.precision == "fp32"
    assert np.allclose(reopened.embedder.embed_query(TEXTS[0]), built.embedder.embed_query(TEXTS[0]), atol=1e-5)
    (corpus / "b.txt").write_text("Festival crowds\n\n" + TEXTS[1] + "\n", encoding="utf-8")
    reopened.add(corpus)
    assert reopened.info().embed_precision == "fp32"
    monkeypatch.setenv("ASSISTANT_EMBED_PRECISION", "int8")  # asked for: obeyed
    assert assistant.open_index(tmp_path / "idx").embedder.precision == "int8"


def test_an_existing_index_asks_for_the_precision_of_its_vectors(monkeypatch) -> None:
    monkeypatch.delenv("ASSISTANT_EMBED_PRECISION", raising=False)
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: False)
    kept = {r: embedding.resolve_precision(None, r) for r in ("int8", "fp32", "bf16", "bf16+fp32", "int8+fp32", "")}
    # bf16 is emulated without AMX: queried in fp32; a mixture with int8, or a new index: the CPU's choice
    assert kept == {"int8": "int8", "fp32": "fp32", "bf16": "fp32", "bf16+fp32": "fp32", "int8+fp32": "int8",
                    "": "int8"}
    monkeypatch.setattr(embedding, "cpu_supports_bf16", lambda: True)
    assert [embedding.resolve_precision(None, r) for r in ("bf16", "bf16+fp32", "fp32", "int8")] == \
        ["bf16", "bf16", "fp32", "int8"]
    monkeypatch.setenv("ASSISTANT_EMBED_PRECISION", "fp32")
    assert embedding.resolve_precision(None, "int8") == "fp32"  # asked for: obeyed


def test_an_index_from_before_precisions_were_recorded_counts_as_bf16_or_fp32(tmp_path: Path) -> None:
    from assistant.indexing.manifest import FileEntry, Manifest, vectors_precision

    manifest = Manifest(embed_model="m", dimension=4, chunking={}, root=str(tmp_path))
    assert vectors_precision(None) == "" and vectors_precision(manifest) == ""  # a new index: the CPU's choice
    manifest.files["a.txt"] = FileEntry(hash="h", chunks=1, documents=1)
    assert vectors_precision(manifest) == "bf16+fp32"
    manifest.embed_precision = "int8"
    assert vectors_precision(manifest) == "int8"


def test_an_answer_s_sentence_gets_one_vector_whatever_it_is_embedded_beside(tiny_model: str, tmp_path: Path,
                                                                              monkeypatch) -> None:
    # int8 quantises a batch's activations together: beside other sentences a sentence's vector
    # moved, and with it which sentence answered. Made one a pass, as the query is, it does not.
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path / "cache"))
    e = SentenceTransformerEmbedder(tiny_model, precision="int8")
    long = "The council voted late on Thursday night, after a debate of fourteen hours, to close the library."
    alone = e.embed_for_query([TEXTS[0]])
    beside = e.embed_for_query([TEXTS[0], long, TEXTS[1]])
    np.testing.assert_array_equal(alone[0], beside[0])
    np.testing.assert_array_equal(e.embed_query(TEXTS[0]), alone[0])
