"""Removed and rewritten articles stay in the copies store's sorted parts as tombstones
(``Sorted.dead``): they pair with nothing and count as no holder of a shingle, the parts'
files are not written again, and past a share of the part (or a count) they are dropped
by writing it anew."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_copies import assert_a_new_clustering_agrees, reprinted  # noqa: F401
from test_copy_parts import _files, _named_files, assert_a_new_reprint_pairs_with_the_others, rewrite_original

from assistant.indexing import shingle_files
from assistant.indexing.copies import CopyStore
from assistant.knowledge import copies


def _articles(rng: np.random.Generator, n: int) -> list[copies.Printed]:
    """Random articles, every third with a reprint missing a tenth."""
    printed = []
    for k in range(n):
        own = np.unique(rng.integers(1000, 2**31, 60).astype(np.uint32))
        printed.append(copies.Printed(f"a{k:02d}", own, "2024-01-01", "Outlet", ""))
        if k % 3 == 0:
            printed.append(copies.Printed(f"c{k:02d}", np.sort(rng.permutation(own)[: len(own) * 9 // 10]),
                                          "2024-01-02", "Other", ""))
    return printed


def _with(p: copies.Printed, shingle: int) -> copies.Printed:
    return copies.Printed(p.doc, np.unique(np.append(p.shingles, np.uint32(shingle))), p.date, p.outlet, p.credit)


def _scan(new: list[copies.Printed], stored: list[copies.Printed]) -> list[copies.Pair]:
    return copies.pairs_of_new(new, [p.doc for p in stored], [p.shingles for p in stored])


@pytest.fixture
def marked(monkeypatch) -> None:
    """Removals always leave tombstones (never written again), unless a test says otherwise."""
    monkeypatch.setattr(shingle_files, "RECLAIM_SHARE", 1.0)
    monkeypatch.setattr(shingle_files, "MAX_DEAD", 10**6)


def test_tombstones_pair_with_nothing_and_hold_no_shingle(tmp_path: Path, monkeypatch, marked) -> None:
    monkeypatch.setattr(copies, "MAX_HOLDERS", 5)
    printed = _articles(np.random.default_rng(3), 30)
    # A shingle seven articles hold: furniture, until three of them go (then four hold it).
    spread = 999
    holders = [0, 4, 8, 12, 16, 25, 33]
    for k in holders:
        printed[k] = _with(printed[k], spread)
    # A reprint that is one only when that shingle counts.
    x = copies.Printed("x00", np.unique(np.append(printed[0].shingles[:13], np.uint32(spread))), "2024-01-03")
    halves = [printed[:20], printed[20:]]
    names = [shingle_files.write(tmp_path, copies.sorted_shingles(h)) for h in halves]
    files = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    parts = shingle_files.load(tmp_path, names)
    assert not any(d for _, a, b in copies.pairs_in([*parts, copies.sorted_shingles([x])], [x]) for d in (a, b)
                   if d == "x00")  # seven hold the shingle: not counted

    gone = {printed[k].doc for k in (4, 12, 33)} | {"c03"}  # three holders, and a reprint
    parts, renamed = shingle_files.without(tmp_path, parts, names, gone)
    assert [n.split("/")[0] for n in renamed] == names and all("/" in n for n in renamed)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir() if p.name in files} == files  # untouched
    rest = [p for p in printed if p.doc not in gone]
    for loaded in (parts, shingle_files.load(tmp_path, renamed)):
        for new in ([x], rest[:10], rest):
            with_new = [*loaded, copies.sorted_shingles(new)]
            assert copies.pairs_in(with_new, new) == _scan(new, rest + ([x] if new == [x] else []))
    found = copies.pairs_in([*parts, copies.sorted_shingles([x])], [x])
    assert found and {a for _, a, b in found} | {b for _, a, b in found} >= {"a00", "x00"}
    # Removed articles come back as new ones (a rewrite): paired with the live articles only.
    back = [p for p in printed if p.doc in gone]
    found = copies.pairs_in([*parts, copies.sorted_shingles(back)], back)
    assert found == _scan(back, rest + back) and ("a03", "c03") in {(a, b) for _, a, b in found}
    # Removing more adds to a part's tombstones; one not stored, or dead already, changes nothing.
    more, again = shingle_files.without(tmp_path, parts, renamed, {"a20"})
    assert again[0] == renamed[0] and again[1] != renamed[1] and int(more[1].dead.sum()) == 2
    same, kept = shingle_files.without(tmp_path, more, again, {"not-stored", "a03"})
    assert kept == again and all(a is b for a, b in zip(same, more, strict=True))
    # Writing a part, a merge, or dropping other articles drops them too.
    live = sorted(p.doc for p in printed[20:] if p.doc not in gone | {"a20"})
    (saved,) = shingle_files.load(tmp_path, [shingle_files.write(tmp_path, more[1])])
    assert saved.dead is None and sorted(saved.doc(n) for n in range(len(saved.lengths))) == live
    docs = [more[1].doc(n) for n in range(len(more[1].lengths))]
    fewer = copies.without_articles(more[1], np.asarray([d == live[0] for d in docs]))
    assert fewer.dead is None and sorted(fewer.doc(n) for n in range(len(fewer.lengths))) == live[1:]
    whole = copies.merged(more)
    assert whole.dead is None and sorted(whole.doc(n) for n in range(len(whole.lengths))) == sorted(
        p.doc for p in printed if p.doc not in gone | {"a20"})
    shingle_files.prune(tmp_path, again)
    assert {p.name.split("_")[0] for p in tmp_path.iterdir()} == {n for e in again for n in e.split("/")}


@pytest.mark.parametrize("limit", ["share", "count"])
def test_a_part_past_its_limit_is_written_again_without_them(tmp_path: Path, monkeypatch, limit: str) -> None:
    printed = _articles(np.random.default_rng(4), 12)
    (name,) = [shingle_files.write(tmp_path, copies.sorted_shingles(printed))]
    monkeypatch.setattr(shingle_files, "RECLAIM_SHARE", 0.2 if limit == "share" else 1.0)
    monkeypatch.setattr(shingle_files, "MAX_DEAD", 2 if limit == "count" else 10**6)
    parts, names = shingle_files.without(tmp_path, shingle_files.load(tmp_path, [name]), [name], {"a00", "c00"})
    assert "/" in names[0] and names[0].startswith(name)  # 2 of 16 articles: under either limit
    parts, names = shingle_files.without(tmp_path, parts, names, {"a01", "a02"})
    assert "/" not in names[0] and names[0] != name and parts[0].dead is None  # past it: written anew
    rest = [p for p in printed if p.doc not in {"a00", "c00", "a01", "a02"}]
    (loaded,) = shingle_files.load(tmp_path, names)
    assert len(loaded.lengths) == len(rest) and copies.pairs_in([loaded], rest) == copies.pairs(rest)


def test_damaged_tombstones_are_not_read(tmp_path: Path, marked) -> None:
    printed = _articles(np.random.default_rng(5), 9)
    name = shingle_files.write(tmp_path, copies.sorted_shingles(printed))
    _, (entry,) = shingle_files.without(tmp_path, shingle_files.load(tmp_path, [name]), [name], {"a01", "a03"})
    dead = tmp_path / f"{entry.split('/')[1]}_dead.npy"
    (loaded,) = shingle_files.load(tmp_path, [entry])
    assert [loaded.doc(n) for n in np.flatnonzero(loaded.dead)] == ["a01", "a03"]
    saved = dead.read_bytes()
    for bad in (np.array([3, 1], np.int32), np.array([1, 1], np.int32), np.array([-1], np.int32),
                np.array([len(loaded.lengths)], np.int32), np.array([1], np.int64), np.zeros((1, 1), np.int32),
                np.zeros(0, np.int32)):
        np.save(dead, bad)
        assert shingle_files.load(tmp_path, [entry]) is None, bad
    dead.write_bytes(b"")
    assert shingle_files.load(tmp_path, [entry]) is None
    dead.unlink()
    assert shingle_files.load(tmp_path, [entry]) is None
    dead.write_bytes(saved)
    assert shingle_files.load(tmp_path, [entry]) is not None


def test_an_edit_keeps_the_parts_files_and_pairs_as_a_new_clustering(reprinted, monkeypatch,  # noqa: F811
                                                                    marked) -> None:
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    (first,) = store._named()
    folder = shingle_files.folder_of(index.index_dir)
    written = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    rewrite_original(corpus)  # its old version stays in the part, dead
    index.add(corpus)
    entries = store._named()
    assert entries[0].startswith(f"{first}/") and len(entries) == 2
    assert {n: t for n, t in ((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) if n in written} == written
    assert store.map().copies("original.txt") == ()
    assert_a_new_reprint_pairs_with_the_others(index, corpus, store)
    assert_a_new_clustering_agrees(store)


def test_furniture_many_new_articles_hold_is_read_once(monkeypatch, marked) -> None:
    """The dead holders of a shingle near the cap are counted once for the shingle, not once
    for each new article holding it (a footer on every page of a new file)."""
    monkeypatch.setattr(copies, "MAX_HOLDERS", 45)  # 51 hold the footer, 9 of them dead: 42, not furniture
    footer = 7
    stored = [_with(p, footer) for p in _articles(np.random.default_rng(6), 8)]  # 11 hold it
    new = [_with(copies.Printed(f"n{k:02d}", np.arange(2000 + 100 * k, 2060 + 100 * k, dtype=np.uint32),
                                "2024-02-01"), footer) for k in range(40)]
    part = copies.sorted_shingles(stored)
    dead = np.zeros(len(stored), bool)
    dead[:9] = True
    parts = [copies.Sorted(part.shingles, part.article, part.docs, part.lengths, dead), copies.sorted_shingles(new)]
    read: list[int] = []
    real = copies._ranges
    monkeypatch.setattr(copies, "_ranges", lambda lo, hi: read.append(int((hi - lo).sum())) or real(lo, hi))
    assert copies.pairs_in(parts, new) == _scan(new, [p for p, d in zip(stored, dead, strict=True) if not d] + new)
    assert read[0] == 11  # the footer's 11 entries in the stored part, once (40 times: 440)


def test_an_edit_past_the_reclaim_share_writes_the_part_again(reprinted, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(shingle_files, "RECLAIM_SHARE", 0.0)
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    (first,) = store._named()
    rewrite_original(corpus)
    index.add(corpus)
    entries = store._named()
    assert len(entries) == 2 and not any("/" in e for e in entries) and first not in entries
    assert shingle_files.load(shingle_files.folder_of(index.index_dir), entries)[0].dead is None
    assert_a_new_reprint_pairs_with_the_others(index, corpus, store)
    assert_a_new_clustering_agrees(store)


def test_tombstones_written_by_a_run_killed_before_its_commit_are_removed_and_marked_again(
        reprinted, monkeypatch, marked) -> None:  # noqa: F811
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    (first,) = store._named()
    folder = shingle_files.folder_of(index.index_dir)
    rewrite_original(corpus)  # its old version goes dead in the part: a tombstones file is written

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(CopyStore, "_regroup", killed)  # after the tombstones are written, before the commit
        index.add(corpus)
    assert store._named() == [first]  # the part as committed, with no tombstones yet
    orphans = {p.name for p in folder.iterdir() if p.name.endswith("_dead.npy")}
    assert len(orphans) == 1
    assert shingle_files.load(folder, [first])[0].dead is None
    index.add(corpus)
    entries = store._named()
    assert entries[0].startswith(f"{first}/") and len(entries) == 2
    assert not orphans & {p.name for p in folder.iterdir()}  # the killed run's file is pruned, a new one named
    assert _files(store) == _named_files(store)
    assert store.map().copies("original.txt") == ()
    assert_a_new_reprint_pairs_with_the_others(index, corpus, store)
    assert_a_new_clustering_agrees(store)
