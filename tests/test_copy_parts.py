"""Pairing a run's new articles by looking their shingles up in sorted parts kept beside
the copies store (``assistant.indexing.shingle_files``), instead of scanning every stored
shingle: the same pairs, parts kept current through adds, removals and rewrites."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from test_copies import _page, _paras, _story, assert_a_new_clustering_agrees, reprinted  # noqa: F401

from assistant.indexing import shingle_files
from assistant.indexing.copies import CopyStore
from assistant.knowledge import copies


def _articles(rng: np.random.Generator, n: int) -> list[copies.Printed]:
    """Random articles, every third with a reprint missing a tenth, all holding 8 furniture shingles."""
    furniture = np.arange(8, dtype=np.uint32)
    printed = []
    for k in range(n):
        own = np.unique(np.concatenate([rng.integers(1000, 2**31, 60).astype(np.uint32), furniture]))
        printed.append(copies.Printed(f"a{k:02d}", own, "2024-01-01", "Outlet", ""))
        if k % 3 == 0:
            printed.append(copies.Printed(f"c{k:02d}", np.sort(rng.permutation(own)[: len(own) * 9 // 10]),
                                          "2024-01-02", "Other", ""))
    return printed


def test_looking_up_in_several_parts_finds_the_pairs_a_scan_finds(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(copies, "MAX_HOLDERS", 5)
    printed = _articles(np.random.default_rng(7), 30)
    # Furniture no one part shows: a shingle two articles of each third hold (6 in all).
    spread = np.uint32(999)
    for k in (0, 3, 16, 19, 32, 35):
        printed[k] = copies.Printed(printed[k].doc, np.unique(np.append(printed[k].shingles, spread)),
                                    printed[k].date, printed[k].outlet, printed[k].credit)
    # A reprint that is one only when that shingle counts.
    printed.append(copies.Printed("x00", np.unique(np.append(printed[0].shingles[8:21], spread)), "2024-01-03"))
    docs, shingles = [p.doc for p in printed], [p.shingles for p in printed]
    thirds = [printed[:15], printed[15:31], printed[31:]]
    parts = [copies.sorted_shingles(t) for t in thirds]
    for new in (thirds[2], printed[10:20], printed):
        scanned = copies.pairs_of_new(new, docs, shingles)
        assert copies.pairs_in(parts, new) == scanned
        assert copies.pairs_in([copies.merged(parts)], new) == scanned
    assert copies.pairs_in(parts, printed) and copies.pairs_in(parts, []) == []
    assert not any("x00" in (a, b) for _, a, b in copies.pairs_in(parts, printed))
    # Saved and memory-mapped (doc names read back as bytes): the same.
    names = [shingle_files.write(tmp_path, p) for p in parts]
    assert copies.pairs_in(shingle_files.load(tmp_path, names), printed) == copies.pairs(printed)


def test_parts_less_removed_articles_find_what_a_scan_of_the_rest_finds(tmp_path: Path) -> None:
    printed = _articles(np.random.default_rng(11), 30)
    halves = [printed[:20], printed[20:]]
    names = [shingle_files.write(tmp_path, copies.sorted_shingles(h)) for h in halves]
    gone = {p.doc for p in printed[::4]}  # originals and reprints alike
    parts, renamed = shingle_files.without(tmp_path, shingle_files.load(tmp_path, names), names, gone)
    assert all(a != b for a, b in zip(names, renamed, strict=True))  # both held one: both written again
    rest = [p for p in printed if p.doc not in gone]
    assert copies.pairs_in(shingle_files.load(tmp_path, renamed), rest) == copies.pairs(rest)
    assert copies.pairs_in(parts, rest) == copies.pairs_of_new(rest, [p.doc for p in rest], [p.shingles for p in rest])
    found = copies.pairs_in(parts, printed)  # the removed ones as new articles: paired only with the rest
    assert found and not any(a in gone and b in gone for _, a, b in found)
    same, kept = shingle_files.without(tmp_path, parts, renamed, {"not-stored"})
    assert kept == renamed and all(a is b for a, b in zip(same, parts, strict=True))


def test_parts_round_trip_and_a_damaged_one_is_not_read(tmp_path: Path) -> None:
    printed = _articles(np.random.default_rng(2), 9)
    name = shingle_files.write(tmp_path, copies.sorted_shingles(printed))
    (loaded,) = shingle_files.load(tmp_path, [name])
    assert [loaded.doc(n) for n in range(len(printed))] == [p.doc for p in printed]
    assert copies.pairs_in([loaded], printed) == copies.pairs(printed)
    assert shingle_files.load(tmp_path, [name, "missing"]) is None
    lengths = tmp_path / f"{name}_lengths.npy"
    saved = lengths.read_bytes()
    np.save(lengths, np.zeros(len(printed), np.int64))  # no longer adds up
    assert shingle_files.load(tmp_path, [name]) is None
    np.save(lengths, np.zeros((1, len(printed)), np.int64))  # not a list of lengths
    assert shingle_files.load(tmp_path, [name]) is None
    lengths.write_bytes(b"")  # what a power cut can leave
    assert shingle_files.load(tmp_path, [name]) is None
    lengths.write_bytes(saved)
    assert shingle_files.load(tmp_path, [name]) is not None
    shingle_files.prune(tmp_path, [])
    assert list(tmp_path.iterdir()) == []


def test_past_max_parts_only_those_added_since_the_whole_write_are_merged(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shingle_files, "MAX_PARTS", 3)
    printed = _articles(np.random.default_rng(5), 90)
    first, rest = printed[:30], printed[30:]
    names = [shingle_files.write(tmp_path, copies.sorted_shingles(first))]
    whole = names[0]
    parts = shingle_files.load(tmp_path, names)
    counts = []
    for added in (rest[0:2], rest[2:4], rest[4:6], rest[6:-2], rest[-2:]):
        parts = [*parts, copies.sorted_shingles(added)]
        names = shingle_files.saved(tmp_path, names, parts)
        parts = shingle_files.load(tmp_path, names)
        counts.append(len(names))
        if len(counts) == 3:  # the three small ones merged, the first part kept as it was
            assert names[0] == whole
    # The fifth part: those added since outgrew the first, so everything is merged into one.
    assert counts == [2, 3, 2, 3, 1]
    assert sorted(parts[0].doc(n) for n in range(len(parts[0].lengths))) == sorted(p.doc for p in printed)
    assert copies.pairs_in(parts, printed) == copies.pairs(printed)


def _scan_forbidden(monkeypatch) -> None:
    def scan(*args, **kwargs):
        raise AssertionError("a run that only added articles scanned every stored shingle")

    monkeypatch.setattr(copies, "pairs_of_new", scan)
    monkeypatch.setattr(copies, "pairs", scan)


def _files(store: CopyStore) -> set[str]:
    return {p.name.split("_", 1)[0] for p in shingle_files.folder_of(store.path.parent).iterdir()}


def _named_files(store: CopyStore) -> set[str]:
    """The files the store's parts name: each part's, and its tombstones' (``name/dead``)."""
    return {name for entry in store._named() for name in entry.split("/")}


@pytest.mark.parametrize("max_parts", [8, 1])
def test_adding_and_removing_reprints_never_scans_every_stored_shingle(reprinted, monkeypatch,  # noqa: F811
                                                                      max_parts) -> None:
    monkeypatch.setattr(shingle_files, "MAX_PARTS", max_parts)  # 1: every add merges those after the first
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    story = _story("t08", 0)
    paras = _paras(story)
    assert store._named() and _files(store) == _named_files(store)  # the first clustering wrote one part

    _scan_forbidden(monkeypatch)
    (corpus / "reprint-c.txt").write_text(
        _page(story, "Hillside Courier", "2026-06-12", "\n\n".join(paras[1:])), encoding="utf-8")
    index.add(corpus)
    assert len(store._named()) == 2 and _files(store) == _named_files(store)
    assert sorted(c.source for c in store.map().copies("reprint-c.txt")) == [
        "original.txt", "reprint-a.txt", "reprint-b.txt"]

    # A removal: the part holding it marks it dead, its files untouched (no scan, no sort)…
    first, second = store._named()
    folder = shingle_files.folder_of(store.path.parent)
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name.startswith(first)}
    (corpus / "reprint-a.txt").unlink()
    index.add(corpus)
    marked = store._named()[0]
    assert marked.startswith(f"{first}/") and store._named()[1:] == [second] and _files(store) == _named_files(store)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.name.startswith(first)} == written
    # …so the next add finds the removed reprint nowhere.
    (corpus / "reprint-d.txt").write_text(
        _page(story, "Lakeside Times", "2026-06-13", "\n\n".join(paras[:-1])), encoding="utf-8")
    index.add(corpus)
    assert sorted(c.source for c in store.map().copies("reprint-d.txt")) == [
        "original.txt", "reprint-b.txt", "reprint-c.txt"]
    monkeypatch.undo()
    assert_a_new_clustering_agrees(store)



def test_a_rewritten_article_is_not_counted_with_its_old_shingles(reprinted, monkeypatch) -> None:  # noqa: F811
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    # The original rewritten as another story: the parts hold its old shingles, which go.
    rewrite_original(corpus)
    _scan_forbidden(monkeypatch)
    index.add(corpus)
    assert store.map().copies("original.txt") == ()
    assert_a_new_reprint_pairs_with_the_others(index, corpus, store)


def rewrite_original(corpus: Path) -> None:
    """The original of ``reprinted`` rewritten as another story."""
    (corpus / "original.txt").write_text(_page(_story("t02"), "Harbour Gazette", "2026-06-01"), encoding="utf-8")


def assert_a_new_reprint_pairs_with_the_others(index, corpus: Path, store: CopyStore) -> None:
    """After ``rewrite_original``: a new reprint of the story pairs with the reprints left."""
    story = _story("t08", 0)
    (corpus / "reprint-e.txt").write_text(
        _page(story, "Upland Post", "2026-06-14", "\n\n".join(_paras(story)[1:])), encoding="utf-8")
    index.add(corpus)
    assert sorted(c.source for c in store.map().copies("reprint-e.txt")) == ["reprint-a.txt", "reprint-b.txt"]


def test_a_part_written_by_a_run_killed_before_its_commit_is_removed_and_written_again(reprinted,  # noqa: F811
                                                                                        monkeypatch) -> None:
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    story = _story("t08", 0)
    (corpus / "reprint-c.txt").write_text(
        _page(story, "Hillside Courier", "2026-06-12", "\n\n".join(_paras(story)[1:])), encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(CopyStore, "_regroup", killed)  # after the part is written, before the commit
    with pytest.raises(KeyboardInterrupt):
        index.add(corpus)
    monkeypatch.undo()
    (before,) = store._named()
    assert len(_files(store)) == 2  # the named part and the killed run's
    index.add(corpus)
    assert len(store._named()) == 2 and _files(store) == _named_files(store) and store._named()[0] == before
    assert "original.txt" in {c.source for c in store.map().copies("reprint-c.txt")}


def test_clearing_the_store_forgets_its_parts_and_the_next_run_clusters_whole(reprinted) -> None:  # noqa: F811
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    assert store._named()
    store.clear()
    assert store._named() is None
    index.add(corpus, replace=True)  # everything stored again: clustered whole, in blocks, one part written
    assert len(store._named()) == 1 and _files(store) == _named_files(store)
    assert "original.txt" in {c.source for c in store.map().copies("reprint-a.txt")}


def _counting_scans(monkeypatch) -> list[int]:
    scans: list[int] = []
    real = copies.pairs_of_new
    monkeypatch.setattr(copies, "pairs_of_new", lambda *a, **k: scans.append(1) or real(*a, **k))
    return scans


def test_parts_of_a_clustering_older_code_replaced_are_not_trusted(reprinted, monkeypatch) -> None:  # noqa: F811
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    with sqlite3.connect(store.path) as db:  # what a clustering by code without the parts leaves
        db.execute("UPDATE meta SET value = 'other' WHERE key = 'token'")
    scans = _counting_scans(monkeypatch)
    story = _story("t08", 0)
    (corpus / "reprint-c.txt").write_text(
        _page(story, "Hillside Courier", "2026-06-12", "\n\n".join(_paras(story)[1:])), encoding="utf-8")
    index.add(corpus)
    assert scans == [1] and len(store._named()) == 1
    assert "original.txt" in {c.source for c in store.map().copies("reprint-c.txt")}


def test_an_article_removed_behind_the_parts_back_is_never_paired(reprinted, monkeypatch) -> None:  # noqa: F811
    """Older code removing a file leaves no note in ``dropped``: a pair naming an article
    no longer stored shows the parts are stale, and the run pairs by a scan instead."""
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    with sqlite3.connect(store.path) as db:
        db.execute("DELETE FROM printed WHERE source = 'reprint-a.txt'")
        db.execute("DELETE FROM pairs WHERE a LIKE 'reprint-a.txt%' OR b LIKE 'reprint-a.txt%'")
    (corpus / "reprint-a.txt").unlink()
    scans = _counting_scans(monkeypatch)
    story = _story("t08", 0)
    (corpus / "reprint-c.txt").write_text(
        _page(story, "Hillside Courier", "2026-06-12", "\n\n".join(_paras(story)[1:])), encoding="utf-8")
    index.add(corpus)
    assert scans == [1]
    assert "reprint-a.txt" not in {c.source for c in store.map().copies("reprint-c.txt")}
    assert "original.txt" in {c.source for c in store.map().copies("reprint-c.txt")}


def test_damaged_parts_are_written_anew_by_the_next_run(reprinted) -> None:  # noqa: F811
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    (name,) = store._named()
    (shingle_files.folder_of(index.index_dir) / f"{name}_shingles.npy").write_bytes(b"not an array")
    story = _story("t08", 0)
    (corpus / "reprint-c.txt").write_text(
        _page(story, "Hillside Courier", "2026-06-12", "\n\n".join(_paras(story)[1:])), encoding="utf-8")
    index.add(corpus)
    assert store._named() != [name] and shingle_files.load(shingle_files.folder_of(index.index_dir),
                                                           store._named()) is not None
    assert "original.txt" in {c.source for c in store.map().copies("reprint-c.txt")}
