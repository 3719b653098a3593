"""The best documents of a question found by MaxScore pruning are exactly those, with
exactly the scores, that scoring every document gives; for chunks and for chunks scored
by their best sentence, with and without a filter, over several segments; and the
pruning does skip the postings of the common words."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.indexing import postings as postings_module
from assistant.indexing import topk
from assistant.indexing.postings import Postings
from assistant.indexing.topk import Groups, QueryScores


@pytest.fixture(autouse=True)
def _prune_small_corpora(monkeypatch) -> None:
    """These corpora are small enough to score whole; prune them all the same."""
    monkeypatch.setattr(topk, "_SMALL", 0)


def _documents(n: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    # Zipf-like: a few words in most documents, most words in few; some documents empty.
    return [[f"w{min(int(j), 2999)}" for j in rng.zipf(1.2, size=int(rng.integers(0, 30)))] for _ in range(n)]


def _postings(documents: list[list[str]], cuts: list[int]) -> Postings:
    postings = Postings.empty()
    for lo, hi in zip([0, *cuts], [*cuts, len(documents)], strict=True):
        postings = postings.appended(documents[lo:hi])
    return postings


def _groups(n_docs: int, seed: int) -> tuple[Groups, int]:
    """Documents in runs of 0-4 per group (some groups without any)."""
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < n_docs:
        sizes.append(int(rng.integers(0, 5)))
    sizes[-1] -= sum(sizes) - n_docs
    count = np.asarray(sizes, dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(count)[:-1]))
    owner = np.repeat(np.arange(len(count)), count)
    return Groups(owner, first, count), len(count)


def _expected(scores: np.ndarray, keep: np.ndarray | None, size: int) -> tuple[list[int], list[float]]:
    if keep is not None:
        scores = np.where(keep, scores, 0)
    rows = [r for r in sorted(range(len(scores)), key=lambda r: (-scores[r], r)) if scores[r] > 0][:size]
    return rows, [float(scores[r]) for r in rows]


QUERIES = [["w1", "w2", "w700", "w1500"], ["w0", "w1", "w2", "w3", "w4", "w5"], ["w2999", "w0"],
           ["w40", "w41", "w40", "w0", "w1"], ["w1234"], ["w0"], ["nowhere"]]


@pytest.mark.parametrize("grouped", [False, True, "by document"])
@pytest.mark.parametrize("cuts", [[], [700, 1900]])
def test_the_pruned_top_is_the_exhaustive_top(grouped: bool | str, cuts: list[int]) -> None:
    """Exact, for chunks and for sentences grouped by chunk, read from each word's postings
    or (as saved indexes do for sentences) from each sentence's own words."""
    documents = _documents(3000, seed=len(cuts) + bool(grouped))
    postings = _postings(documents, cuts)
    if grouped == "by document":
        for seg in postings.segments:
            seg.by_document()
    assert postings.forward_ready == (grouped == "by document")
    groups, items = _groups(len(documents), seed=3) if grouped else (None, len(documents))
    rng = np.random.default_rng(7)
    filters = [None, rng.random(items) < 0.5, rng.random(items) < 0.02, np.zeros(items, bool)]
    for words in QUERIES:
        scores = QueryScores(postings, postings.ids(words), items, groups)
        every = QueryScores(postings, postings.ids(words), items, groups).dense()  # apart: once made, reads use it
        for keep in filters:
            for size in (1, 5, 50, 5000):
                rows, values = scores.top(size, keep)
                assert (rows.tolist(), values.tolist()) == _expected(every, keep, size), (words, size)
            assert scores.max(keep) == (_expected(every, keep, 1)[1] or [0.0])[0]
        some = rng.choice(items, size=200)
        assert scores.at(some).tolist() == every[some].tolist()


def test_the_dense_scores_are_those_of_every_posting() -> None:
    documents = _documents(800, seed=4)
    postings = _postings(documents, [300])
    groups, items = _groups(len(documents), seed=5)
    for words in QUERIES:
        ids = postings.ids(words)
        flat = postings.scores(ids)
        assert QueryScores(postings, ids, len(documents)).dense().tolist() == flat.tolist()
        best = np.zeros(items, np.float32)
        np.maximum.at(best, groups.owner, flat)
        assert QueryScores(postings, ids, items, groups).dense().tolist() == best.tolist()


def test_a_rare_word_spares_the_common_words_postings(monkeypatch) -> None:
    # (without the common words' weights kept one per document, which read them once)
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 0)
    documents = [["common"] * 3 + [f"filler{i % 50}"] for i in range(5000)]
    for i in range(0, 5000, 500):
        documents[i].append("rare")
    postings = Postings.build(documents)
    read: list[str] = []
    real = Postings.weighted

    def weighted(self: Postings, term: int) -> tuple[np.ndarray, np.ndarray]:
        read.append(self.terms[term])
        return real(self, term)

    monkeypatch.setattr(Postings, "weighted", weighted)
    scores = QueryScores(postings, postings.ids(["rare", "common"]), len(documents))
    rows, values = scores.top(5)
    assert rows.tolist() == list(range(0, 2500, 500)) and (values > 0).all()
    assert set(read) == {"rare"}  # "common" was only looked up for the ten documents found
    every = QueryScores(postings, postings.ids(["rare", "common"]), len(documents)).dense()
    assert values.tolist() == every[rows].tolist()


def test_a_word_whose_documents_all_went_scores_nothing() -> None:
    documents = [["gone", "kept"], ["kept"], ["gone"], ["other", "kept"]]
    postings = Postings.build(documents)
    postings.weighted(postings.vocab["gone"])  # remembered before the removal, as a search would
    smaller = postings.without(np.array([True, False, True, False]))
    scores = QueryScores(smaller, smaller.ids(["gone", "kept"]), 2)
    assert scores.at(np.array([0, 1])).tolist() == smaller.scores(smaller.ids(["kept"])).tolist()
    assert QueryScores(smaller, smaller.ids(["gone"]), 2).top(5)[0].tolist() == []


def test_a_large_corpus_ranks_sentences_of_the_likely_chunks_only(tmp_path, tiny_embedder) -> None:
    """Above ``sentence_exact_max`` chunks, best-sentence BM25 ranks only the dense list and
    the ``sentence_scope`` best chunks by BM25: with a scope that covers every chunk, the
    results and scores are those of the exact ranking."""
    from dataclasses import replace

    from conftest import index_articles

    articles = [{"title": f"Report {i}", "source": "Wire", "published_at": "2025-03-01T08:00:00+00:00",
                 "body": f"The harbour board met on day {i}. Cranes were inspected and the ferry timetable "
                         f"changed for berth {i}. Officials counted containers at gate {i}."}
                for i in range(30)]
    index = index_articles(tmp_path, tiny_embedder, articles)
    question = "ferry timetable changed for the harbour cranes"
    params = index.retriever.params
    exact = index.reconfigured(fusion=replace(params, sentence_exact_max=10**9))
    wide = index.reconfigured(fusion=replace(params, sentence_exact_max=0, sentence_scope=10**6))
    assert [(h.chunk_id, h.score) for h in wide.search(question, k=10)] == \
        [(h.chunk_id, h.score) for h in exact.search(question, k=10)]


def test_scores_made_whole_once_serve_every_later_read(monkeypatch) -> None:
    documents = _documents(2000, seed=9)
    postings = _postings(documents, [900])
    groups, items = _groups(len(documents), seed=2)
    monkeypatch.setattr(topk, "_SMALL", 10**9)  # a question with few postings: one pass, then reads
    passes: list[int] = []
    real = QueryScores._dense
    monkeypatch.setattr(QueryScores, "_dense", lambda self: passes.append(1) or real(self))
    scores = QueryScores(postings, postings.ids(["w1", "w2", "w700"]), items, groups)
    keep = np.arange(items) % 3 == 0
    top, values = scores.top(50)
    assert scores.max() == values[0] and scores.max(keep) > 0
    assert scores.at(top).tolist() == values.tolist()
    assert scores.top(10, keep)[0].tolist() == _expected(scores.dense(), keep, 10)[0]
    assert passes == [1]
    with pytest.raises(ValueError):
        scores.dense()[0] = 1.0  # shared by every read: read-only


def test_common_words_are_read_once_then_looked_up_per_document(monkeypatch) -> None:
    """A word in a sixteenth of the documents or more is read whole once, then looked up in
    an array of its weights: the same scores as binary searches give, within the budget."""
    documents = _documents(3000, seed=11)
    postings = _postings(documents, [1000, 2000])
    read: list[int] = []
    real = Postings._weighed

    def weighed(self: Postings, term: int) -> tuple[np.ndarray, np.ndarray]:
        read.append(term)
        return real(self, term)

    monkeypatch.setattr(Postings, "_weighed", weighed)
    common = [t for t in range(len(postings.terms)) if postings.df(t) >= postings_module.DENSE_SHARE * 3000]
    rare = [t for t in range(len(postings.terms)) if 0 < postings.df(t) < 50]
    assert len(common) >= 3 and rare
    docs = np.arange(0, 3000, 7)
    plain = _postings(documents, [1000, 2000])
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 0)
    expected = {t: plain.lookup(t, docs).tolist() for t in common + rare[:3]}
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 4 * 3000 * 2)  # room for two words
    read.clear()
    for _ in range(3):
        for t in common + rare[:3]:
            assert postings.lookup(t, docs).tolist() == expected[t]
    assert sorted(postings._dense) == sorted(common[:2])  # the first two asked keep their places
    assert read.count(common[0]) == 1 and read.count(common[1]) == 1  # read whole once
    assert not any(t in read for t in rare[:3])  # a rare word is still searched in its postings
    assert not postings._memo  # nor remembered twice
    # With tombstones: the weights of the postings less them (removed documents weigh 0).
    gone = np.zeros(3000, bool)
    gone[::5] = True
    fewer, plainer = postings.deleting(gone), plain.deleting(gone)
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 0)
    expected = {t: plainer.lookup(t, docs).tolist() for t in common}
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 4 * 3000 * len(common))
    assert {t: fewer.lookup(t, docs).tolist() for t in common} == expected
    assert sorted(fewer._dense) == [t for t in common if fewer.df(t) >= postings_module.DENSE_SHARE * 3000]
    assert len(fewer._dense) >= 3
    assert all(v == 0 for t in common for v, d in zip(expected[t], docs, strict=True) if gone[d])
    assert expected != {t: postings.lookup(t, docs).tolist() for t in common}


def test_an_opened_index_is_warm_before_its_first_question(tmp_path, tiny_embedder) -> None:
    from conftest import index_articles

    import assistant

    articles = [{"title": f"Report {i}", "source": "Wire", "published_at": "2025-03-01T08:00:00+00:00",
                 "body": f"The harbour board met on day {i}. Officials counted containers at gate {i}."}
                for i in range(20)]
    index_articles(tmp_path, tiny_embedder, articles)
    chunks = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder).lexical._chunks
    commonest = max(range(len(chunks.terms)), key=chunks.df)
    assert commonest in chunks._dense and commonest in chunks._ceilings


def test_warming_makes_the_commonest_words_arrays_and_ceilings_and_changes_no_score(monkeypatch) -> None:
    """What the first questions after opening paid for is made at open: the weight arrays
    of the commonest words (by document frequency, across segments, within the budget)
    and their ceilings; nothing for a rarer word, and every score is as before."""
    documents = _documents(3000, seed=13)
    cold, warm = _postings(documents, [1000, 2000]), _postings(documents, [1000, 2000])
    by_df = sorted(range(len(warm.terms)), key=lambda t: (-warm.df(t), t))
    assert warm.df(by_df[2]) >= postings_module.DENSE_SHARE * 3000  # three common words at least
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 4 * 3000 * 3)  # room for three
    warm.warm()
    assert sorted(warm._dense) == sorted(by_df[:3])
    assert sorted(warm._ceilings) == sorted(by_df[:3])
    monkeypatch.setattr(postings_module, "DENSE_BYTES", 4 * 3000 * 10**3)  # room for every word
    everything = _postings(documents, [1000, 2000])
    everything.warm()
    common = [t for t in by_df if everything.df(t) >= postings_module.DENSE_SHARE * 3000]
    assert sorted(everything._dense) == sorted(common) and len(common) > 3
    docs = np.arange(0, 3000, 3)
    for query in QUERIES:
        terms = warm.ids(query)
        assert np.array_equal(warm.scores(terms), cold.scores(terms))
        for t in terms:
            assert warm.lookup(t, docs).tolist() == cold.lookup(t, docs).tolist()
            assert warm.ceiling(t) == cold.ceiling(t)
        got = QueryScores(warm, terms, 3000).top(10)
        want = QueryScores(cold, terms, 3000).top(10)
        assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()


def test_warming_ranks_words_by_the_documents_not_removed() -> None:
    """A word only removed documents hold is not the commonest: it does not end the
    warming before the live common words; nothing is warmed in an index with no document."""
    docs = [["x", "z"]] * 400 + [["y", "z"]] * 300 + [["w"]] * 300
    postings = Postings.build(docs).deleting(np.arange(1000) < 400)
    postings.warm()
    ids = [postings.vocab[w] for w in ("z", "y", "w")]
    assert sorted(postings._dense) == sorted(ids) and sorted(postings._ceilings) == sorted(ids)
    gone = Postings.build([["a"], ["b"]]).deleting(np.ones(2, bool))
    gone.warm()
    assert not gone._dense


@pytest.mark.parametrize("shape", ["random", "ties", "mostly_zero", "sorted", "spike"])
@pytest.mark.parametrize("size", [1, 10, 1000])
def test_the_rows_at_the_top_through_a_sample_are_the_exact_ones(shape: str, size: int) -> None:
    rng = np.random.default_rng(size)
    n = 300_000
    scores = {
        "random": lambda: rng.random(n, dtype=np.float32),
        "ties": lambda: rng.integers(0, 5, n).astype(np.float32),
        "mostly_zero": lambda: np.where(rng.random(n) < 0.002, rng.random(n), 0).astype(np.float32),
        "sorted": lambda: np.sort(rng.random(n, dtype=np.float32)),  # the sample sees a skewed slice
        # the best all where the sample looks: its bound lets too few through for 1000, and all are partitioned
        "spike": lambda: np.where((np.arange(n) % 32 == 0) & (np.arange(n) < 32 * 200), 9.0,
                                  rng.random(n)).astype(np.float32),
    }[shape]()
    positive = np.flatnonzero(scores > 0)
    floor = np.partition(scores, n - size)[n - size]
    expected = positive if len(positive) <= size else np.flatnonzero(scores >= floor)
    assert np.array_equal(topk.rows_at_top(scores, size), expected)
