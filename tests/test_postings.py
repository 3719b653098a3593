"""The lexical side kept in segments: BM25 scored at query time equals bm25s built over
the same documents at once, however the documents arrived (segments, removals, merges);
an indexing run that adds files writes one new segment and leaves the saved ones alone;
one that changes or deletes files gives what a fresh index of the folder gives."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import WORDS

import assistant
from assistant.indexing import lexical as lexical_mod
from assistant.indexing.lexical import DIRNAME, LexicalIndex
from assistant.indexing.postings import Postings
from assistant.indexing.segment import summed
from assistant.indexing.stacked import Stacked


def _documents(n: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(400)]
    # Zipf-like: a few words in most documents, most words in few; some documents empty.
    return [[words[min(int(j), 399)] for j in rng.zipf(1.3, size=int(rng.integers(0, 50)))] for _ in range(n)]


def _bm25s(documents: list[list[str]], query: list[str]) -> np.ndarray:
    import bm25s

    reference = bm25s.BM25()
    reference.index(documents, show_progress=False)
    return reference.get_scores([t for t in query if t in reference.vocab_dict])


QUERY = ["w1", "w2", "w9", "w1", "w57", "w399", "nowhere"]


@pytest.mark.parametrize("cuts", [[], [10], [100, 250, 251, 400]])
def test_scores_equal_bm25s_however_the_documents_arrived(cuts: list[int]) -> None:
    documents = _documents(500, seed=len(cuts))
    postings = Postings.empty()
    for lo, hi in zip([0, *cuts], [*cuts, len(documents)], strict=True):
        postings = postings.appended(documents[lo:hi])
    assert len(postings.segments) == len(cuts) + 1
    expected = _bm25s(documents, QUERY)
    assert expected.max() > 0
    assert np.allclose(postings.scores(postings.ids(QUERY)), expected, rtol=1e-5, atol=1e-6)
    merged = postings.merged()
    assert len(merged.segments) == 1
    assert np.allclose(merged.scores(merged.ids(QUERY)), expected, rtol=1e-5, atol=1e-6)
    # The sparse form lists exactly the documents with a score, with the same scores.
    docs, scores = summed(*postings.contributions(postings.ids(["w57", "w399"])))
    dense = postings.scores(postings.ids(["w57", "w399"]))
    assert docs.tolist() == np.flatnonzero(dense).tolist()
    assert np.allclose(scores, dense[docs])


def test_a_lookup_equals_the_full_scores_for_few_or_many_documents() -> None:
    """``lookup`` (a binary search per document asked about) gives the scores of scoring
    everything, for common and rare words, few or many documents, from the segments or
    from the remembered postings."""
    documents = _documents(600, seed=11)
    postings = Postings.build(documents[:200]).appended(documents[200:])
    rng = np.random.default_rng(5)
    for term in postings.ids(["w1", "w9", "w57", "w399", "w200"]):  # common to rare
        dense = postings.scores([term])
        for size in (1, 3, 40, 400, 600):
            docs = np.sort(rng.choice(len(documents), size, replace=False))
            for memo in (False, True):  # read from the segments, then from the remembered postings
                if memo:
                    postings.weighted(term)
                assert np.array_equal(postings.lookup(term, docs), dense[docs]), (term, size, memo)


def test_scores_read_by_document_equal_the_full_scores(tmp_path: Path) -> None:
    """``gathered`` (each document's own words, read from the postings by document) gives
    the float32 scores of scoring everything, with repeated query words, after removals
    and merges (which carry the by-document postings along), from files saved with them,
    and from files saved before they existed (made from the postings when first read)."""
    documents = _documents(700, seed=13)
    built = Postings.build(documents[:250]).appended(documents[250:500]).appended(documents[500:])
    for seg in built.segments:
        seg.by_document()  # so removals and merges below carry it rather than make it again
    dead = np.random.default_rng(4).random(len(documents)) < 0.2
    folder = tmp_path / "seg"
    folder.mkdir()
    built.save_segment(0, folder, "c", by_document=True)
    saved = Postings.load([folder], "c")
    assert saved.segments[0].forward is not None
    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    np.save(damaged / "c_findptr.npy", np.load(folder / "c_findptr.npy")[::-1].copy())  # the right size
    with pytest.raises(ValueError, match="by document"):  # refused, so the lexical side is rebuilt
        Postings.load([damaged], "c")
    older_folder = tmp_path / "older"
    shutil.copytree(folder, older_folder)
    for part in ("findptr", "fterms", "ftfs"):
        (older_folder / f"c_{part}.npy").unlink()
    older = Postings.load([older_folder], "c")
    assert older.segments[0].forward is None
    cases = {"built": built, "removed": built.without(dead), "merged": built.merged(),
             "removed then merged": built.without(dead).merged(1), "saved": saved, "saved before": older}
    assert all(s.forward is not None for s in cases["removed"].segments + cases["merged"].segments)
    rng = np.random.default_rng(8)
    query = ["w1", "w1", "w2", "w9", "w57", "w57", "w57", "w399", "nowhere"]
    for name, postings in cases.items():
        for size in (1, 5, 60, postings.n_docs):
            docs = np.sort(rng.choice(postings.n_docs, size, replace=False))
            for words in (query, ["w3"], ["nowhere"]):
                terms = postings.ids(words)
                assert np.array_equal(postings.gathered(postings.asked(terms), docs),
                                      postings.scores(terms)[docs]), (name, size)


def test_removing_documents_equals_building_without_them() -> None:
    documents = _documents(400, seed=7)
    postings = Postings.build(documents[:150]).appended(documents[150:300]).appended(documents[300:])
    dead = np.zeros(len(documents), dtype=bool)
    dead[np.random.default_rng(3).choice(len(documents), 90, replace=False)] = True
    dead[150:300] = True  # a whole segment goes
    kept = [d for d, gone in zip(documents, dead, strict=True) if not gone]
    smaller = postings.without(dead, drop={1})
    assert [(s.first, s.count) for s in smaller.segments] == [
        (0, int((~dead[:150]).sum())), (int((~dead[:150]).sum()), int((~dead[300:]).sum()))]
    assert np.allclose(smaller.scores(smaller.ids(QUERY)), _bm25s(kept, QUERY), rtol=1e-5, atol=1e-6)
    # Words added later still score when a document with them is appended.
    grown = smaller.appended([["brandnew", "w1"]])
    assert grown.scores(grown.ids(["brandnew"]))[-1] > 0
    assert np.allclose(grown.scores(grown.ids(QUERY)), _bm25s([*kept, ["brandnew", "w1"]], QUERY), rtol=1e-5,
                       atol=1e-6)


def _rows(n: int, source: str, seed: int) -> list[tuple[str, str, dict, np.ndarray]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        count = int(rng.integers(1, 4))
        sentences = [" ".join(rng.choice(WORDS[40:], size=8)).capitalize() + "." for _ in range(count)]
        vector = rng.normal(size=8).astype(np.float32)
        outlet = ["The Daily Ledger", "the daily ledger", "Wire Service", None][int(rng.integers(4))]
        rows.append((f"{source}::{i}", " ".join(sentences) + " “Quoted”, ünïcode.",
                     {"source": source, "header": f"{source} header", "line_start": 1, "line_end": 1,
                      "char_start": 0, "char_end": 1, "outlet": outlet, "position": i,
                      "date_int": int(rng.integers(20230101, 20231231)), "doc_id": f"{source}#{i % 3}",
                      "section": "sidebar" if i % 5 == 4 else "body"}, vector / np.linalg.norm(vector)))
    return rows


def _by_id(index: LexicalIndex, query: str) -> dict[str, tuple[float, float]]:
    chunks, sentences = index.scores(query).dense(), index.sentence_scores(query).dense()
    return {cid: (float(chunks[i]), float(sentences[i])) for i, cid in enumerate(index.table.ids)}


GENERATED = [" ".join(WORDS[45:50]), WORDS[52], f"{WORDS[60]} {WORDS[70]} header"]


def _same(a: LexicalIndex, b: LexicalIndex, queries: list[str] = GENERATED) -> None:
    assert sorted(a.table.ids) == sorted(b.table.ids)
    for query in queries:
        left, right = _by_id(a, query), _by_id(b, query)
        assert any(v[0] > 0 for v in left.values())
        for cid, (chunk, sentence) in left.items():
            assert right[cid] == pytest.approx((chunk, sentence), rel=1e-5, abs=1e-6), cid
    rows = np.arange(len(a.table))
    order = np.asarray([b.table.position[c] for c in a.table.ids])
    probe = np.eye(a._sentence_vectors.shape[1], dtype=np.float32)[:2]
    assert np.allclose(a.sentence_similarity(probe, rows), b.sentence_similarity(probe, order), atol=1e-3)
    assert np.array_equal(a.table.vectors.astype(np.float32),
                          b.table.vectors[order].astype(np.float32))
    # Texts, metadata and columns too, however each side holds them (lists, or rows read from disk).
    assert [a.table.texts[i] for i in rows] == [b.table.texts[j] for j in order]
    assert [a.table.metas[i] for i in rows] == [b.table.metas[j] for j in order]
    assert list(a.table.texts) == [a.table.texts[i] for i in rows]  # iterating reads what indexing reads
    for codes, values in (("outlet_code", "outlets"), ("source_code", "sources"), ("doc_code", "docs")):
        left = [getattr(a.table, values)[c] for c in getattr(a.table, codes)]
        right = [getattr(b.table, values)[c] for c in getattr(b.table, codes)[order]]
        assert left == right, codes
    for column in ("date_int", "chunk_position", "sidebar"):
        assert np.array_equal(getattr(a.table, column), getattr(b.table, column)[order]), column


def test_an_index_updated_run_by_run_equals_one_built_at_once(tmp_path: Path) -> None:
    first, second, third = _rows(30, "a.txt", 1), _rows(20, "b.txt", 2), _rows(25, "c.txt", 3)
    index = LexicalIndex.build(first + second, generation=1)
    index.save(tmp_path)
    folder = tmp_path / DIRNAME
    saved = {p: os.stat(p).st_mtime_ns for p in folder.rglob("*") if p.is_file() and p.name != "state.json"}

    # Adding a file: one new segment on disk, the saved ones untouched.
    added = index.updated((), third, generation=2)
    added.save(tmp_path)
    state = json.loads((folder / "state.json").read_text())
    assert state["generation"] == 2 and len(state["segments"]) == 2
    assert {p: os.stat(p).st_mtime_ns for p in saved} == saved
    _same(added, LexicalIndex.build(first + second + third, generation=0))
    loaded = LexicalIndex.load(tmp_path, 2)
    assert loaded is not None and loaded.segments == 2
    _same(loaded, added)

    # Rewriting a file (its old chunks go, new ones come) and deleting one: the same as a
    # build of what is left; the whole folder is written again.
    rewritten = _rows(5, "b.txt", 9)
    changed = loaded.updated({"b.txt", "a.txt"}, rewritten, generation=3)
    changed.save(tmp_path)
    expected = LexicalIndex.build(third + rewritten, generation=0)
    _same(changed, expected)
    reloaded = LexicalIndex.load(tmp_path, 3)
    assert reloaded is not None
    _same(reloaded, expected)
    assert LexicalIndex.load(tmp_path, 2) is None  # another generation: rebuilt from the store


def test_many_small_runs_are_merged_into_one_segment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(lexical_mod, "MAX_SEGMENTS", 3)
    parts = [_rows(4, f"f{i}.txt", i) for i in range(5)]
    index = LexicalIndex.build(parts[0], generation=0)
    counts = []
    for n, part in enumerate(parts[1:], start=1):
        index = index.updated((), part, generation=n)
        index.save(tmp_path)
        counts.append(index.segments)
    assert counts == [2, 3, 1, 2]  # the fourth segment merged them all into one
    _same(index, LexicalIndex.build([r for p in parts for r in p], generation=0))
    loaded = LexicalIndex.load(tmp_path, 4)
    assert loaded is not None
    _same(loaded, index)


def test_adding_files_to_an_index_appends_a_segment_and_finds_them(tmp_path: Path, tiny_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"story{i}.txt").write_text(f"Council story {i}\n\nThe council met {WORDS[i]} on Monday.\n")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True, ranker="none")
    index.add(corpus)
    folder = tmp_path / "idx" / DIRNAME
    first = json.loads((folder / "state.json").read_text())["segments"]
    kept = {p: os.stat(p).st_mtime_ns for p in (folder / first[0]).iterdir()}

    (corpus / "zebra.txt").write_text("Zebra escapes the zoo\n\nA zebra named Quillon left the city zoo.\n")
    report = index.add(corpus)
    assert report.files_added == ["zebra.txt"]
    state = json.loads((folder / "state.json").read_text())
    assert state["segments"][:1] == first and len(state["segments"]) == 2
    assert {p: os.stat(p).st_mtime_ns for p in kept} == kept
    assert index.search("Quillon zebra", k=1)[0].source == "zebra.txt"
    # Opened again, both segments' vectors stay memory-mapped rather than joined in memory.
    opened = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, ranker="none").lexical
    for stacked in (opened.table.vectors, opened._sentence_vectors):
        assert isinstance(stacked, Stacked) and all(isinstance(part.base, np.memmap) for part in stacked.parts)
    assert np.array_equal(np.asarray(opened.table.vectors), np.asarray(index.lexical.table.vectors))

    # Changing one file and deleting another: what a fresh index of the folder holds.
    (corpus / "story1.txt").write_text("Council story one\n\nThe council voted on the harbour budget.\n")
    (corpus / "story2.txt").unlink()
    index.add(corpus)
    fresh = assistant.open_index(tmp_path / "fresh", embedder=tiny_embedder, create=True, ranker="none")
    fresh.add(corpus)
    queries = ["harbour budget", "zebra zoo", "council Monday"]
    _same(index.lexical, fresh.lexical, queries)
    assert index.store.count() == len(index.lexical.table)
    reopened = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, ranker="none")
    _same(reopened.lexical, fresh.lexical, queries)
    for query in queries:
        assert [h.chunk_id for h in index.search(query, k=3)] == [h.chunk_id for h in fresh.search(query, k=3)]


def test_best_sentence_scores_agree_whether_few_or_many_sentences_match() -> None:
    rows = _rows(300, "many.txt", 11)
    cid, text, meta, vector = rows[123]
    rows[123] = (cid, text + " The zyzzyva returned.", meta, vector)
    index = LexicalIndex.build(rows, generation=0)
    sentences = index._sentences
    for query in ["zyzzyva", " ".join(WORDS[45:52])]:  # two sentences match; most of them do
        dense = sentences.scores(sentences.ids(index._tokens(query)))
        expected = np.zeros(len(index.table), np.float32)
        np.maximum.at(expected, index._sentence_chunk, dense)
        docs, _ = sentences.contributions(sentences.ids(index._tokens(query)))
        assert (len(docs) * 32 > sentences.n_docs) == (query != "zyzzyva")
        assert np.allclose(index.sentence_scores(query).dense(), expected)
    assert np.flatnonzero(index.sentence_scores("zyzzyva").dense()).tolist() == [index.table.position[cid]]


def test_a_large_run_is_tokenised_in_batches_into_one_segment(monkeypatch) -> None:
    rows = _rows(40, "a.txt", 4) + _rows(33, "b.txt", 5)
    whole = LexicalIndex.build(rows, generation=0)
    monkeypatch.setattr(lexical_mod, "_BATCH", 7)
    batched = LexicalIndex.build(rows, generation=0)
    assert batched.segments == whole.segments == 1
    _same(batched, whole)
    grown = batched.updated((), _rows(20, "c.txt", 6), generation=1)
    assert grown.segments == 2
    _same(grown, LexicalIndex.build(rows + _rows(20, "c.txt", 6), generation=0))


def test_rows_read_from_the_store_must_come_in_id_order() -> None:
    rows = _rows(30, "order.txt", 8)
    shuffled = rows[10:] + rows[:10]
    built = LexicalIndex.build(shuffled, generation=0)  # a list is sorted here
    assert built.table.ids == sorted(r[0] for r in rows)
    assert LexicalIndex.build(iter(sorted(rows)), generation=0).table.ids == built.table.ids
    with pytest.raises(ValueError, match="ascending chunk-id order"):
        LexicalIndex.build(iter(shuffled), generation=0)  # a stream is not held to be sorted
