"""Static word-piece vectors: the sentence vector arithmetic, the packaged table, distilling
a table from a model, and the per-chunk sentence similarity the ranker reads."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import index_articles

import assistant
from assistant.indexing import static_vectors
from assistant.indexing.lexical import DIRNAME, LexicalIndex
from assistant.indexing.static_vectors import StaticVectors, distill, read_table, write_table


def _word_tokenizer(words: list[str]):
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    tok = Tokenizer(WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    return tok


def test_a_text_is_the_mean_of_its_pieces_at_unit_length(monkeypatch) -> None:
    words = ["[UNK]", "red", "green", "blue"]
    table = np.array([[0, 0, 0], [1, 0, 0], [0, 2, 0], [0, 0, 4]], dtype=np.float32)
    vectors = StaticVectors(table, _word_tokenizer(words))
    monkeypatch.setattr(static_vectors, "_BATCH", 2)  # texts cross a batch boundary
    out = vectors.encode(["red green", "", "blue", "red red blue", "purple"])
    expected = np.array([[0.5, 1, 0], [0, 0, 0], [0, 0, 4], [2 / 3, 0, 4 / 3], [0, 0, 0]])
    norms = np.linalg.norm(expected, axis=1, keepdims=True)
    expected = np.divide(expected, norms, out=np.zeros_like(expected), where=norms > 0)
    assert np.allclose(out, expected, atol=1e-6)
    assert out.dtype == np.float32


def test_a_table_that_does_not_fit_the_tokenizer_says_how_to_rebuild() -> None:
    with pytest.raises(assistant.EmbeddingModelError, match=r"distill_static\.py"):
        StaticVectors(np.zeros((3, 2)), _word_tokenizer(["[UNK]", "a", "b", "c"]))


def test_saved_table_round_trips_within_int8_precision(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    table = rng.normal(size=(50, 16)).astype(np.float32)
    table[7] = 0  # a special piece: stays zero
    write_table(tmp_path / "t.npz", table)
    back = read_table(tmp_path / "t.npz")
    assert back.shape == table.shape and not back[7].any()
    cos = (back * table).sum(1)[table.any(1)] / (
        np.linalg.norm(back, axis=1) * np.linalg.norm(table, axis=1))[table.any(1)]
    assert cos.min() > 0.999


def test_packaged_table_puts_paraphrases_closer_than_unrelated_text() -> None:
    vectors = static_vectors.packaged()
    assert vectors is static_vectors.packaged()  # loaded once
    assert vectors.dimension == 128
    a, b, c = vectors.encode([
        "the minister was seen as a trustworthy face of the banking world",
        "regarded as a reliable figure in finance",
        "heavy rain flooded the football pitch on saturday",
    ])
    assert float(a @ b) > float(a @ c) + 0.1


def test_distill_gives_one_vector_per_word_piece(tiny_model: str) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    table = distill(Path(tiny_model), dims=8, batch=64)
    assert table.shape == (len(tokenizer.get_vocab()), 8)
    special = tokenizer.all_special_ids
    assert not table[special].any()
    others = [i for i in range(len(table)) if i not in special]
    assert (np.abs(table[others]).sum(axis=1) > 0).all()
    assert np.array_equal(table, distill(Path(tiny_model), dims=8, batch=64))  # deterministic


STORIES = [
    {"title": "Bridge closes for repairs", "source": "Valley Post", "published_at": "2024-05-01T08:00:00+00:00",
     "body": "The old bridge closed on Monday for repairs. Engineers found cracks in two supports.\n\n"
             "Drivers must take the ring road until June."},
    {"title": "Bakery wins national prize", "source": "Valley Post", "published_at": "2024-05-02T08:00:00+00:00",
     "body": "A family bakery on Mill Street won the national bread prize. The owners thanked their staff."},
]


@pytest.fixture
def index(tmp_path: Path, tiny_embedder):
    return index_articles(tmp_path, tiny_embedder, STORIES, "news.json")


def _brute_force(lexical: LexicalIndex, vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    from assistant.text.sentences import split_sentences

    encoder = static_vectors.packaged()
    out = np.zeros((len(rows), len(vectors)), dtype=np.float32)
    for i, row in enumerate(rows):
        text = lexical.table.texts[row]
        sentences = [text[a:b] for a, b in split_sentences(text, 0, len(text))]
        if sentences:
            out[i] = (encoder.encode(sentences) @ vectors.T).max(axis=0)
    return out


def test_sentence_similarity_is_each_chunks_best_sentence(index) -> None:
    lexical = index.retriever.lexical
    queries = static_vectors.packaged().encode(["cracks in the bridge", "prize for bread"])
    rows = np.array([len(lexical.table) - 1, 0, *range(len(lexical.table))])  # any order, repeats
    got = lexical.sentence_similarity(queries, rows)
    # float16 storage of the sentence vectors
    assert np.allclose(got, _brute_force(lexical, queries, rows), atol=2e-3)
    assert lexical.sentence_similarity(queries, np.array([], dtype=np.int64)).shape == (0, 2)


def test_sentence_vectors_survive_reopening_and_an_old_copy_is_rebuilt(index, tmp_path: Path,
                                                                        tiny_embedder) -> None:
    queries = static_vectors.packaged().encode(["bridge repairs"])
    rows = np.arange(len(index.retriever.lexical.table))
    before = index.retriever.lexical.sentence_similarity(queries, rows)
    assert before.max() > 0
    saved = tmp_path / "idx" / DIRNAME
    assert (_first_segment(saved) / "sentence_vectors.npy").exists()
    reopened = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, ranker="none")
    assert np.array_equal(reopened.retriever.lexical.sentence_similarity(queries, rows), before)
    # A copy saved before sentence vectors existed: the index rebuilds it on open.
    (_first_segment(saved) / "sentence_vectors.npy").unlink()
    state = json.loads((saved / "state.json").read_text())
    assert LexicalIndex.load(tmp_path / "idx", state["generation"]) is None
    again = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, ranker="none")
    assert np.allclose(again.retriever.lexical.sentence_similarity(queries, rows), before)
    assert (_first_segment(saved) / "sentence_vectors.npy").exists()
    # Sentences out of chunk order (a damaged copy) are rebuilt too, not searched wrongly.
    order = np.load(_first_segment(saved) / "sentence_chunk.npy")
    np.save(_first_segment(saved) / "sentence_chunk.npy", order[::-1].copy())
    assert LexicalIndex.load(tmp_path / "idx", state["generation"]) is None


def _first_segment(saved: Path) -> Path:
    return saved / json.loads((saved / "state.json").read_text())["segments"][0]
