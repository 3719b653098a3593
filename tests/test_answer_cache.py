"""The answerer's shortcuts give what the long way gives: term matching word by word,
and sentence vectors kept between questions."""

from __future__ import annotations

import random

import numpy as np
import pytest

from assistant.answer.language import matching, same_term
from assistant.indexing.vector_cache import CachedDocuments


def test_matching_equals_every_pair():
    rng = random.Random(7)
    letters = "abcdeiou"
    vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(300)]
    for _ in range(400):
        norms = rng.sample(vocab, rng.randint(0, 8))
        words = [rng.choice(vocab) for _ in range(rng.randint(0, 40))]
        # near misses too: one letter changed, dropped or added
        words += [w[:-1] for w in norms if rng.random() < 0.3] + [w + "a" for w in norms if rng.random() < 0.3]
        expected = frozenset(t for t in norms if any(same_term(t, w) for w in words))
        assert matching(norms, words) == expected


def test_matching_spelling_variants_of_long_names_only():
    assert matching(["umerov"], ["umierov"]) == {"umerov"}
    assert matching(["paris"], ["parish"]) == frozenset()  # short words must match exactly
    assert matching(["umerov", "kyiv"], []) == frozenset()


class Counting:
    dimension = 4

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed_for_query(self, texts):
        self.seen.extend(texts)
        return np.array([[len(t), t.count("a"), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_cached_documents_embeds_each_text_once_and_keeps_order():
    model = Counting()
    cached = CachedDocuments(model, size=3)  # type: ignore[arg-type]
    first = cached(["aa", "b", "aa"])
    assert model.seen == ["aa", "b"]  # a repeated sentence is embedded once
    np.testing.assert_array_equal(first, model.embed_for_query(["aa", "b", "aa"]))
    model.seen.clear()
    second = cached(["b", "ccc", "aa"])
    assert model.seen == ["ccc"]
    np.testing.assert_array_equal(second[0], first[1])
    cached(["dddd"])  # over the bound: the least recently used ("b") goes
    model.seen.clear()
    cached(["b", "aa"])
    assert model.seen == ["b"]
    assert cached([]).shape[0] == 0


class Hashing:
    """Unit vectors from words, so cosines are real and texts sharing words are close."""

    dimension = 64

    def __init__(self) -> None:
        self.embedded = 0

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dimension, dtype=np.float32)
        for w in text.lower().split():
            v[hash(w) % self.dimension] += 1.0
        return v / (np.linalg.norm(v) or 1.0)

    def embed_for_query(self, texts):
        self.embedded += len(texts)
        return np.array([self._one(t) for t in texts])

    def embed_query(self, text):
        return self._one(text)


def test_similarity_embeds_all_of_few_sentences_and_the_likeliest_of_many():
    from assistant.answer.similarity import FIRST_CUT, Similarity

    model = Hashing()
    sim = Similarity(model, weight=0.45)
    query = "harbour festival parade crowds"
    few = [f"story {i} about the weather and the sea" for i in range(40)]
    exact = np.array([model._one(t) @ model._one(query) for t in few])
    np.testing.assert_allclose(sim(query, few, np.zeros(40), [False] * 40), exact, rtol=1e-5)

    many = [f"line {i} on rain, tides and the price of fish" for i in range(200)]
    many[150] = "The harbour festival parade drew record crowds"
    many[170] = "Crowds at the festival saw 40 boats"  # holds a candidate answer
    words_part = np.zeros(200)
    words_part[[150, 170]] = 0.3
    holds = [i == 170 for i in range(200)]
    model.embedded = 0
    cos = sim(query, many, words_part, holds)
    assert model.embedded <= 2 * FIRST_CUT  # not all 200
    for i in (150, 170):  # the likeliest get the model's own cosine
        assert cos[i] == pytest.approx(float(model._one(many[i]) @ model._one(query)), rel=1e-5)
    assert int(np.argmax(cos)) == 150
    model.embedded = 0
    sim(query, many, words_part, holds)
    assert model.embedded == 0  # the same sentences again: kept, not embedded


def test_coverage_finds_a_name_spelled_another_way():
    from assistant.answer.extractive import coverage
    from assistant.answer.language import norms, read_question

    q = read_question("What did Umerov say about the offensive?")
    share, got = coverage(q, norms("Umierov said the offensive stalled"))
    assert "umerov" in got and share == pytest.approx(1.0)


def test_unembedded_sentences_never_outrank_the_embedded_best():
    from assistant.answer.similarity import FIRST_CUT, Similarity

    model = Hashing()
    sim = Similarity(model, weight=0.45)
    query = "river bridge opened by the mayor"
    texts = [f"note {i} on bridge river mayor opened" if i % 7 == 0 else f"item {i} about weather" for i in range(120)]
    words_part = np.linspace(0.4, 0.0, 120)  # the words favour the first, whatever their static cosine
    cos = sim(query, texts, words_part, [False] * 120)
    order = np.argsort(-(words_part + 0.45 * cos))  # what was embedded holds the top
    embedded = {i for i in range(120) if cos[i] == pytest.approx(float(model._one(texts[i]) @ model._one(query)))}
    assert len(embedded) >= FIRST_CUT
    floor = min(cos[i] for i in embedded)
    assert all(cos[i] <= floor + 1e-6 for i in range(120) if i not in embedded)
    assert order[0] in embedded
