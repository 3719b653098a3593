"""Removals kept as tombstones: a file changed or deleted in a large index marks its old
chunks removed instead of writing every segment again. What a search sees must be what an
index built without them gives (the same scores, the same results), the saved segments stay
untouched, the tombstones survive a reopen, and a damaged tombstone file is rebuilt from
the store, never trusted."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from conftest import WORDS
from test_postings import GENERATED, QUERY, _bm25s, _documents, _rows

import assistant
from assistant.indexing import lexical as lexical_mod
from assistant.indexing.lexical import DIRNAME, LexicalIndex
from assistant.indexing.postings import Postings
from assistant.indexing.topk import QueryScores


def test_tombstoned_documents_score_nothing_and_the_rest_as_if_never_there() -> None:
    documents = _documents(500, seed=21)
    postings = Postings.build(documents[:200]).appended(documents[200:])
    for seg in postings.segments[1:]:
        seg.by_document()  # one segment counts the dead documents' words by document, one by postings
    dead = np.zeros(len(documents), dtype=bool)
    dead[np.random.default_rng(2).choice(len(documents), 60, replace=False)] = True
    first, second = dead.copy(), dead.copy()
    first[250:] = False
    second[:250] = False
    marked = postings.deleting(first).deleting(second)  # two runs' removals add up
    assert marked.n_docs == len(documents) and marked.n_live == int((~dead).sum())
    kept = [d for d, gone in zip(documents, dead, strict=True) if not gone]
    scores = marked.scores(marked.ids(QUERY))
    assert np.allclose(scores[~dead], _bm25s(kept, QUERY), rtol=1e-5, atol=1e-6)
    assert not scores[dead].any()
    assert np.array_equal(scores, postings.without(dead).scores(postings.ids(QUERY))[np.cumsum(~dead) - 1] * ~dead)
    # Every term's document count leaves the dead out, as a build without them counts it.
    rebuilt = Postings.build(kept)
    for word in ("w1", "w2", "w9", "w57", "w399"):
        assert marked.df(marked.vocab[word]) == rebuilt.df(rebuilt.vocab[word]), word
    # The best documents (MaxScore pruning, lookups, gathering by document) never name a dead one.
    for words in (QUERY, ["w1"], ["w1", "w399"]):
        top, _ = QueryScores(marked, marked.ids(words), marked.n_docs).top(50)
        assert len(top) and not dead[top].any()
        docs = np.flatnonzero(dead)
        assert not marked.lookup(marked.ids(words)[0], docs).any()
        assert not marked.gathered(marked.asked(marked.ids(words)), docs).any()
    # A merge keeps them out; removing for good takes the tombstones with it.
    assert np.array_equal(marked.merged().scores(marked.ids(QUERY)), scores)
    assert marked.without(np.zeros(len(documents), bool)).dead is None


def _many_files(files: int = 12, per_file: int = 12) -> list[list[tuple]]:
    out = [_rows(per_file, f"f{i}.txt", 30 + i) for i in range(files)]
    for n, row in enumerate(out[5]):
        row[2]["outlet"] = "Gone Gazette"  # an outlet only a file about to go names: no question may find it
        out[5][n] = (row[0], row[1] + " Zanzibarite.", *row[2:])  # and a word only it holds
    return out


def _same_live(a: LexicalIndex, b: LexicalIndex, queries: list[str] = GENERATED) -> None:
    """``a`` (with tombstones) holds what ``b`` (built without them) holds, and scores it alike."""
    t = a.table
    live = np.flatnonzero(t.live) if t.live is not None else np.arange(len(t))
    assert t.live_count == len(live) == len(b.table) == b.table.live_count
    assert sorted(t.ids[i] for i in live) == sorted(b.table.ids)
    assert set(t.position) == set(b.table.position)
    assert t.outlet_names() == b.table.outlet_names()
    for doc in set(b.table.docs) | set(t.docs):
        assert [t.ids[i] for i in t.rows_of(doc)] == [b.table.ids[i] for i in b.table.rows_of(doc)], doc
    for query in queries:
        ca, sa = a.scores(query).dense(), a.sentence_scores(query).dense()
        cb, sb = b.scores(query).dense(), b.sentence_scores(query).dense()
        assert ca.any()
        if t.dead is not None:
            assert not ca[t.dead].any() and not sa[t.dead].any()
            for size in (3, 40):
                assert not t.dead[a.scores(query).top(size)[0]].any()
                assert not t.dead[a.sentence_scores(query).top(size)[0]].any()
        for row in live.tolist():
            other = b.table.position[t.ids[row]]
            assert (ca[row], sa[row]) == pytest.approx((cb[other], sb[other]), rel=1e-5, abs=1e-6), t.ids[row]


def _mtimes(folder: Path) -> dict[Path, int]:
    return {p: os.stat(p).st_mtime_ns for p in folder.rglob("*") if p.is_file() and p.parent != folder}


def test_a_small_removal_keeps_the_segments_and_marks_the_rows(tmp_path: Path) -> None:
    files = _many_files()
    index = LexicalIndex.build([r for f in files for r in f], generation=1)
    index.save(tmp_path)
    folder = tmp_path / DIRNAME
    segments = _mtimes(folder)

    # f2.txt rewritten (new chunks, same ids), f5.txt deleted: 24 of 144 rows, under the reclaim share.
    rewritten = _rows(5, "f2.txt", 99)
    changed = index.updated({"f2.txt", "f5.txt"}, rewritten, generation=2)
    assert changed.table.dead is not None and int(changed.table.dead.sum()) == 24
    assert len(changed.table) == 144 + 5 and changed.segments == 2
    left = [r for n, f in enumerate(files) for r in f if n not in (2, 5)] + rewritten
    expected = LexicalIndex.build(left, generation=0)
    _same_live(changed, expected)
    assert "gone gazette" in index.table.outlet_names() and "gone gazette" not in changed.table.outlet_names()
    # A word only removed chunks held weighs nothing in coverage (a ranker feature), as in a fresh build.
    question = f"zanzibarite {WORDS[45]} {WORDS[52]}"
    live = np.flatnonzero(changed.table.live)
    same = np.asarray([expected.table.position[changed.table.ids[r]] for r in live])
    assert np.allclose(changed.coverage(question, live), expected.coverage(question, same))
    assert expected.coverage(question, same).max() > 0
    # A rewritten chunk's id names its new row, not its tombstone.
    assert changed.table.position["f2.txt::0"] == 144
    changed.save(tmp_path)
    assert _mtimes(folder).items() >= segments.items()  # the first segment's files untouched
    state = json.loads((folder / "state.json").read_text())
    assert len(state["segments"]) == 2 and state["deleted"] in os.listdir(folder)
    # Code from before tombstones knows format 5 only: it must rebuild from the store, not
    # read the removed rows as live. A folder without them keeps format 5.
    assert state["format"] == lexical_mod.FORMAT_DELETED != lexical_mod.FORMAT
    unmarked = tmp_path / "unmarked"
    index.save(unmarked)
    assert json.loads((unmarked / DIRNAME / "state.json").read_text())["format"] == lexical_mod.FORMAT
    reopened = LexicalIndex.load(tmp_path, 2)
    assert reopened is not None and reopened.table.dead is not None
    _same_live(reopened, expected)

    # A second removal adds to the tombstones; the next file replaces the last one.
    again = reopened.updated({"f6.txt"}, [], generation=3)
    again.save(tmp_path)
    newer = json.loads((folder / "state.json").read_text())["deleted"]
    assert newer != state["deleted"]
    assert (folder / state["deleted"]).exists()  # the one the last state named: a reader may be opening it
    left = [r for r in left if r[2]["source"] != "f6.txt"]
    _same_live(LexicalIndex.load(tmp_path, 3), LexicalIndex.build(left, generation=0))

    # Past the reclaim share the index is written again without them.
    reclaimed = again.updated({"f0.txt", "f1.txt"}, [], generation=4)
    assert reclaimed.table.dead is None and len(reclaimed.table) == reclaimed.table.live_count
    assert not {"f0.txt", "f1.txt", "f5.txt", "f6.txt"} & set(reclaimed.table.sources)
    reclaimed.save(tmp_path)
    assert "deleted" not in json.loads((folder / "state.json").read_text())
    assert not [n for n in os.listdir(folder) if n.startswith("deleted-")]
    left = [r for r in left if r[2]["source"] not in ("f0.txt", "f1.txt")]
    _same_live(LexicalIndex.load(tmp_path, 4), LexicalIndex.build(left, generation=0))


def test_a_tombstoned_index_grows_and_merges_without_losing_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(lexical_mod, "MAX_SEGMENTS", 2)
    files = _many_files()
    index = LexicalIndex.build([r for f in files for r in f], generation=1)
    index = index.updated({"f3.txt"}, [], generation=2)
    extra = [_rows(4, f"g{i}.txt", 70 + i) for i in range(3)]
    for n, part in enumerate(extra):
        index = index.updated((), part, generation=3 + n)
        index.save(tmp_path)
    assert index.segments <= 2 and index.table.dead is None  # written again whole: the tombstones go
    left = [r for n, f in enumerate(files) for r in f if n != 3] + [r for p in extra for r in p]
    expected = LexicalIndex.build(left, generation=0)
    _same_live(index, expected)
    _same_live(LexicalIndex.load(tmp_path, 5), expected)


@pytest.mark.parametrize("damage", ["missing", "garbage", "row out of range", "too many dead", "negative term",
                                    "2-D terms", "format", "name"])
def test_a_damaged_tombstone_file_is_rebuilt_not_trusted(tmp_path: Path, damage: str) -> None:
    files = _many_files()
    index = LexicalIndex.build([r for f in files for r in f], generation=1).updated({"f4.txt"}, [], generation=2)
    index.save(tmp_path)
    folder = tmp_path / DIRNAME
    state = json.loads((folder / "state.json").read_text())
    path = folder / state["deleted"]
    assert LexicalIndex.load(tmp_path, 2) is not None
    with np.load(path) as z:
        parts = {k: z[k] for k in z.files}
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"not an npz")
    elif damage == "row out of range":
        parts["rows"] = parts["rows"] + 1000
        np.savez(path, **parts)
    elif damage == "too many dead":  # more dead documents holding a word than hold it at all
        parts["c_counts"] = parts["c_counts"] + 1000
        np.savez(path, **parts)
    elif damage in ("negative term", "2-D terms"):
        parts["c_terms"] = -parts["c_terms"] - 10**6 if damage == "negative term" else parts["c_terms"][None, :]
        np.savez(path, **parts)
    elif damage == "format":  # tombstones named in a state of the older format
        state["format"] = lexical_mod.FORMAT
        (folder / "state.json").write_text(json.dumps(state))
    else:
        state["deleted"] = "../../elsewhere.npz"
        (folder / "state.json").write_text(json.dumps(state))
    assert LexicalIndex.load(tmp_path, 2) is None  # the caller rebuilds it from the store


def test_editing_one_file_of_an_index_through_the_api(tmp_path: Path, tiny_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(8):
        (corpus / f"story{i}.txt").write_text(
            f"Council story {i}\n\nThe council met {WORDS[40 + i]} on Monday about the {WORDS[60 + i]}.\n\n"
            f"A second paragraph of story {i} names {WORDS[70 + i]} and {WORDS[80 + i]}.\n")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True, ranker="none")
    index.add(corpus)
    folder = tmp_path / "idx" / DIRNAME
    first = _mtimes(folder)
    only3 = assistant.Filters(sources=("story3.txt",))
    old_texts = {h.text for h in index.search("council story", k=10, filters=only3)}
    assert old_texts

    (corpus / "story3.txt").write_text("Harbour story\n\nThe harbour board sold the old ferry Quillon.\n")
    (corpus / "story5.txt").unlink()
    index.add(corpus)
    lexical = index.lexical
    assert lexical.table.dead is not None  # kept as tombstones: the first segment untouched
    assert _mtimes(folder).items() >= first.items()
    fresh = assistant.open_index(tmp_path / "fresh", embedder=tiny_embedder, create=True, ranker="none")
    fresh.add(corpus)
    _same_live(lexical, fresh.lexical, ["harbour ferry", "council Monday", f"{WORDS[45]} {WORDS[75]}"])
    assert index.info().chunks == index.store.count() == fresh.info().chunks
    reopened = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, ranker="none")
    for query in ("harbour ferry Quillon", "council met on Monday", "story 3", "story 5"):
        found = [h.chunk_id for h in reopened.search(query, k=4)]
        assert found == [h.chunk_id for h in fresh.search(query, k=4)], query
        assert not old_texts & {h.text for h in reopened.search(query, k=10)}
        assert all(h.source != "story5.txt" for h in reopened.search(query, k=10))
    # Filtered searches (outlet, source, dates) score the chunks that pass one by one: never a removed one.
    for sources in (("story3.txt",), ("story5.txt",)):
        hits = reopened.search("council story", k=10, filters=assistant.Filters(sources=sources))
        assert all(h.source == sources[0] and h.text not in old_texts for h in hits)
        assert not hits if sources == ("story5.txt",) else hits
    hit = reopened.search("harbour ferry", k=1)[0]
    assert [h.chunk_id for h in reopened.article(hit)] == [h.chunk_id for h in fresh.article(hit)]
