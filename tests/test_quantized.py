"""Int8 copies of the chunk vectors: the rows they keep for a filtered search always hold
the exact float16 top, every path ranks duplicate vectors by row, the codes are saved with
each segment and read back, and a filter that passes few chunks is scored from them
without asking Chroma."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import index_articles, news_record

from assistant import Filters
from assistant.indexing.quantized import CODES_FILE, SCALES_FILE, Quantized, ranked
from assistant.indexing.table import ChunkTable
from assistant.retrieval.fusion import FusionParams
from assistant.retrieval.index import Index


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float16)


def _vectors(seed: int, n: int = 3000, width: int = 64) -> np.ndarray:
    """Clustered unit vectors, as real embeddings are, with exact duplicates (ties)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, width))
    rows = centres[rng.integers(0, 12, n)] + 0.35 * rng.standard_normal((n, width))
    rows[rng.integers(0, n, 200)] = rows[rng.integers(0, n, 200)]
    return _unit(rows)


def _exact_top(vectors: np.ndarray, rows: np.ndarray, query: np.ndarray, size: int) -> set[int]:
    """Every row scoring at least the size-th best exact float16 score (ties at the edge kept)."""
    sims = vectors[rows].astype(np.float32) @ query
    floor = np.sort(sims)[::-1][min(size, len(sims)) - 1]
    return set(rows[sims >= floor].tolist())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_rows_kept_hold_the_exact_top_and_few_others(seed: int) -> None:
    vectors = _vectors(seed)
    quantized = Quantized.of(vectors)
    assert quantized.codes.dtype == np.int8 and quantized.scales.dtype == np.float32
    rng = np.random.default_rng(100 + seed)
    kept_shares = []
    for _ in range(60):
        rows = np.flatnonzero(rng.random(len(vectors)) < rng.choice([0.02, 0.2, 1.0]))
        # questions near the data (a row, disturbed) and far from it (random)
        query = vectors[rng.integers(len(vectors))].astype(np.float32) + rng.choice([0.0, 0.3, 3.0]) * \
            rng.standard_normal(vectors.shape[1]).astype(np.float32)
        query /= np.linalg.norm(query)
        size = int(rng.choice([1, 5, 50]))
        near = quantized.near(rows, query, size)
        assert _exact_top(vectors, rows, query, size) <= set(near.tolist())
        assert set(near.tolist()) <= set(rows.tolist())
        if len(rows) > 20 * size:
            kept_shares.append(len(near) / len(rows))
    # The int8 scores do the pruning: most rows are never read as float16.
    assert kept_shares and float(np.median(kept_shares)) < 0.25


def _table(vectors: np.ndarray, quantized: Quantized | None) -> ChunkTable:
    n = len(vectors)
    metas = [{"source": "a.txt", "date": "2024-01-01", "outlet": "X"} for _ in range(n)]
    return ChunkTable([f"c{i:05d}" for i in range(n)], [""] * n, metas, vectors, quantized=quantized)


def _paths(vectors: np.ndarray) -> dict[str, ChunkTable]:
    """A table for each way ``nearest`` scores: int8 codes, float16 vectors, the float32 copy."""
    in_memory = _table(vectors, None)
    _ = in_memory.vectors32  # made, as an exact search of a small index makes it
    return {"int8": _table(vectors, Quantized.of(vectors)), "float16": _table(vectors, None), "float32": in_memory}


def test_duplicate_vectors_rank_by_row_on_every_path() -> None:
    """Wire copies are chunks with identical vectors: whichever rows a filter passes and
    whichever path scores them, equal vectors tie and the first row comes first (a BLAS
    product scored copies an ulp apart by where they sat in the matrix)."""
    rng = np.random.default_rng(3)
    base = _unit(rng.standard_normal((40, 384)))
    vectors = base[rng.integers(0, 40, 2003)]
    tables = _paths(vectors)
    for trial in range(60):
        rows = np.flatnonzero(rng.random(len(vectors)) < rng.choice([0.05, 0.3, 1.0]))
        query = rng.standard_normal(384).astype(np.float32)
        query /= np.linalg.norm(query)
        size = int(rng.choice([3, 10, 50]))
        # Brute force: distinct vectors scored once each, rows ordered by (score, row).
        distinct, which = np.unique(vectors[rows], axis=0, return_inverse=True)
        score = (distinct.astype(np.float64) @ query.astype(np.float64))[which.ravel()]
        want = rows[np.lexsort((rows, -score))][:size].tolist()
        for name, table in tables.items():
            assert table.nearest(rows, query, size) == want, (trial, name)
    assert tables["float32"].nearest(None, query, 5) == tables["int8"].nearest(np.arange(len(vectors)), query, 5)


def test_rows_holding_inf_or_nan_leave_the_rest_ranked() -> None:
    vectors = _vectors(5, n=500, width=384)
    vectors[[10, 20]] = np.float16(np.inf)
    vectors[30] = np.float16(np.nan)
    quantized = Quantized.of(vectors)
    broken = [10, 20, 30]
    assert np.isinf(quantized.scales[broken]).all() and np.isfinite(np.delete(quantized.scales, broken)).all()
    query = vectors[3].astype(np.float32)
    rows = np.arange(len(vectors))
    near = quantized.near(rows, query, 5)
    assert {10, 20, 30, 3} <= set(near.tolist())  # rows without a bound stay for the exact pass
    found = _table(vectors, quantized).nearest(rows, query, 5)
    assert found == _table(vectors, None).nearest(rows, query, 5) and not set(found) & set(broken)


def test_ranked_reads_only_what_the_scores_leave() -> None:
    vectors = _vectors(6, n=300, width=384)
    query = vectors[7].astype(np.float32)
    rows = np.arange(300)
    sims = vectors.astype(np.float32) @ query
    full = ranked(vectors, rows, query, 4)
    assert full[0] == 7 and ranked(vectors, rows, query, 4, sims).tolist() == full.tolist()


def test_every_path_of_the_table_finds_the_same_nearest_rows() -> None:
    vectors = _vectors(7, n=800)
    n = len(vectors)
    tables = _paths(vectors)
    rng = np.random.default_rng(3)
    for _ in range(20):
        rows = np.flatnonzero(rng.random(n) < 0.3)
        query = rng.standard_normal(vectors.shape[1]).astype(np.float32)
        query /= np.linalg.norm(query)
        sims = vectors[rows].astype(np.float32) @ query
        want = rows[np.lexsort((rows, -sims))][:10].tolist()
        for table in tables.values():
            assert table.nearest(rows, query, 10) == want


def test_codes_load_only_when_they_fit(tmp_path: Path) -> None:
    vectors = _vectors(4, n=100)
    Quantized.of(vectors).save(tmp_path)
    loaded = Quantized.load(tmp_path, (100, 64))
    assert loaded is not None
    np.testing.assert_array_equal(loaded.codes, Quantized.of(vectors).codes)
    assert Quantized.load(tmp_path, (99, 64)) is None  # of another segment
    assert Quantized.load(tmp_path, (100, 384)) is None  # of another model
    np.save(tmp_path / SCALES_FILE, np.ones(100, np.float64))
    assert Quantized.load(tmp_path, (100, 64)) is None
    assert Quantized.load(tmp_path / "none", (100, 64)) is None
    assert Quantized.stacked([loaded, None]) is None
    both = Quantized.stacked([loaded, loaded])
    assert both is not None and len(both) == 200 and np.asarray(both.codes[150]).tolist() == \
        np.asarray(loaded.codes[50]).tolist()


OUTLETS = [f"Outlet {chr(65 + i)}" for i in range(8)]


def _articles() -> list[dict]:
    topics = ["ferry strike over pay", "harbour terminal budget", "museum flood repairs", "school roof collapse",
              "bridge toll rise", "library opening hours", "bus route cuts", "hospital wing opens"]
    return [news_record(OUTLETS[i % 8], f"2024-0{1 + i % 6}-1{i % 9}", f"{topics[i % 8].title()} {i}",
                        f"Report {i} on the {topics[(i * 3) % 8]} and the {topics[i % 8]}. Officials met on day {i}.")
            for i in range(48)]


@pytest.fixture
def built(tmp_path: Path, tiny_embedder):
    return index_articles(tmp_path, tiny_embedder, _articles())


def test_each_segment_saves_its_codes_and_an_index_without_them_still_searches(built, tiny_embedder) -> None:
    folder = built.index_dir / "lexical"
    segments = json.loads((folder / "state.json").read_text())["segments"]
    assert segments and all((folder / s / name).exists() for s in segments for name in (CODES_FILE, SCALES_FILE))
    reopened = Index(built.index_dir, embedder=tiny_embedder, ranker="none")
    table = reopened.lexical.table
    assert table.quantized is not None
    np.testing.assert_array_equal(np.asarray(table.quantized.codes), Quantized.of(table.vectors).codes)
    one = Filters(outlets=(OUTLETS[2],))
    want = [h.chunk_id for h in reopened.search("ferry strike over pay", k=3, filters=one)]
    # An index saved before the codes were: read as it is, scored from the float16 vectors.
    for s in segments:
        (folder / s / CODES_FILE).unlink()
    older = Index(built.index_dir, embedder=tiny_embedder, ranker="none")
    assert older.lexical.table.quantized is None
    assert [h.chunk_id for h in older.search("ferry strike over pay", k=3, filters=one)] == want


def test_a_filter_passing_few_chunks_asks_chroma_nothing(built, tiny_embedder) -> None:
    """Above ``exact_dense_max`` (0 here: every search asks Chroma), a filter that would leave
    fewer than ``pool`` of Chroma's wide list is scored exactly from the vectors instead,
    and gets the exact nearest chunks among those it passes; a broad filter still reads
    Chroma's list."""
    params = FusionParams(exact_dense_max=0, pool=3, dense_pool=10)
    index = Index(built.index_dir, embedder=tiny_embedder, fusion=params, ranker="none")
    retriever, table = index.retriever, index.lexical.table
    asked: list[int] = []
    store = retriever._store
    retriever._store = lambda: asked.append(1) or store()  # counts, then the real store
    one = Filters(outlets=(OUTLETS[2],))
    hits = index.search("ferry strike over pay", k=1, filters=one)
    assert hits and {h.outlet for h in hits} == {OUTLETS[2]} and not asked
    keep = retriever.mask(one)
    vector = index.embedder.embed_query("ferry strike over pay")
    rows = np.flatnonzero(keep)
    sims = table.vectors[rows].astype(np.float32) @ vector.astype(np.float32)
    exact = rows[np.lexsort((rows, -sims))][:3].tolist()
    assert retriever._dense_filtered(vector, lambda: [], keep, 3) == exact
    broad = Filters(since=__import__("datetime").date(2024, 3, 1))
    assert int(retriever.mask(broad).sum()) * params.dense_pool >= params.pool * table.live_count
    index.search("ferry strike over pay", k=1, filters=broad)
    assert asked
    index.search("ferry strike over pay", k=1)
    assert len(asked) == 2


def test_an_add_gives_older_segments_their_codes_and_computes_new_ones_once(built, tiny_embedder, monkeypatch) -> None:
    """An index saved before the codes takes the int8 path after its next add (one
    segment without codes turns them off for the whole table), and a new segment's codes
    are the ones made as its rows came in, not computed again on save."""
    folder, corpus = built.index_dir / "lexical", built.index_dir.parent / "corpus"
    first = json.loads((folder / "state.json").read_text())["segments"]
    for s in first:
        (folder / s / CODES_FILE).unlink()
    older = Index(built.index_dir, embedder=tiny_embedder, ranker="none")
    assert older.lexical.table.quantized is None

    def more(name: str, n: int) -> None:
        records = [news_record(OUTLETS[i % 3], "2024-07-01", f"Canal {name} {i}", f"Dredging report {i} on {name}.")
                   for i in range(n)]
        (corpus / f"{name}.json").write_text(json.dumps(records))

    more("dredging", 5)
    older.add(corpus)
    after = json.loads((folder / "state.json").read_text())["segments"]
    assert after[:len(first)] == first and len(after) > len(first)  # added to, not rewritten
    assert all((folder / s / CODES_FILE).exists() for s in after)
    reopened = Index(built.index_dir, embedder=tiny_embedder, ranker="none")
    table = reopened.lexical.table
    assert table.quantized is not None and len(table.quantized) == len(table) == 53
    np.testing.assert_array_equal(np.asarray(table.quantized.codes), Quantized.of(table.vectors).codes)
    np.testing.assert_array_equal(table.quantized.scales, Quantized.of(table.vectors).scales)
    made: list[int] = []
    of = Quantized.of
    monkeypatch.setattr(Quantized, "of", classmethod(lambda cls, v: made.append(len(v)) or of(v)))
    more("silting", 7)
    reopened.add(corpus)
    assert made == [7]  # the new segment's codes, made once as its rows came in
    again = Index(built.index_dir, embedder=tiny_embedder, ranker="none").lexical.table
    assert again.quantized is not None and len(again) == 60
    np.testing.assert_array_equal(np.asarray(again.quantized.codes), of(again.vectors).codes)
    # Codes that do not fit are written again; a segment that cannot be written is left as it is.
    np.save(folder / after[0] / CODES_FILE, np.zeros((1, 3), np.int8))
    Quantized.fill(folder / after[0])
    assert Quantized.load(folder / after[0], np.load(folder / after[0] / "vectors.npy").shape) is not None
    (folder / after[1] / CODES_FILE).write_bytes(b"not an array")
    Quantized.fill(folder / after[1])
    assert Quantized.load(folder / after[1], np.load(folder / after[1] / "vectors.npy").shape) is not None
    Quantized.fill(folder / "seg-missing")  # no such folder: nothing raised, nothing written
    assert not (folder / "seg-missing").exists()
