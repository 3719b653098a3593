"""Chunk rows read from disk on access (indexing/rows.py) and the table's saved columns."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.indexing.lexical import DIRNAME, LexicalIndex
from assistant.indexing.rows import IDS, OFFSETS, ROWS, Chain, Field, Picked, SavedRows, load_rows, save_rows
from assistant.indexing.table import Columns


def _table(n: int, tag: str) -> tuple[list[str], list[str], list[dict]]:
    ids = [f"{tag}/file {i}.txt::{i}" for i in range(n)]
    texts = [f"Line one of {tag} {i}.\nLine two, “quoted”, ünïcode — {'x' * i}" for i in range(n)]
    metas = [{"source": f"{tag}/file {i % 3}.txt", "outlet": ["Ledger", "LEDGER", None, "Wire"][i % 4],
              "date_int": 20240100 + i % 28 + 1, "position": i, "section": "sidebar" if i % 4 == 3 else "body",
              "doc_id": f"{tag}#{i // 2}", "line_start": 1, "line_end": 2, "char_start": 0, "char_end": 9}
             for i in range(n)]
    return ids, texts, metas


def test_saved_rows_read_back_what_was_saved(tmp_path: Path) -> None:
    ids, texts, metas = _table(12, "a")
    save_rows(tmp_path, ids, texts, metas, range(2, 12))
    got_ids, got_texts, got_metas = load_rows(tmp_path)
    assert got_ids == ids[2:]
    assert list(got_texts) == texts[2:] and list(got_metas) == metas[2:]
    assert got_texts[0] == texts[2] and got_texts[-1] == texts[-1] and got_metas[3] == metas[5]
    assert got_texts[1:4] == texts[3:6]
    with pytest.raises(IndexError):
        got_texts[10]
    with pytest.raises(IndexError):
        got_metas[-11]


def test_a_saved_segment_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    ids, texts, metas = _table(5, "a")
    save_rows(tmp_path, ids, texts, metas, range(5))
    data = (tmp_path / ROWS).read_bytes()
    (tmp_path / ROWS).write_bytes(data[:-10])  # cut short: the offsets no longer fit
    with pytest.raises(ValueError, match="does not match"):
        SavedRows(tmp_path)
    (tmp_path / ROWS).write_bytes(data)
    (tmp_path / IDS).write_text(json.dumps(ids[:4]))
    with pytest.raises(ValueError, match="ids"):
        load_rows(tmp_path)
    (tmp_path / IDS).write_text(json.dumps(list(reversed(ids))))
    with pytest.raises(ValueError, match="disagree"):
        load_rows(tmp_path)
    np.save(tmp_path / OFFSETS, np.array([0, 5, 5, len(data)]))
    with pytest.raises(ValueError):
        SavedRows(tmp_path)


def test_chain_and_picked_index_like_the_joined_list(tmp_path: Path) -> None:
    ids, texts, _ = _table(9, "a")
    save_rows(tmp_path, ids, texts, [{}] * 9, range(9))
    saved = Field(SavedRows(tmp_path), "text")
    chained = Chain([saved, [], ["extra one", "extra two"], Chain([["last"]])])
    joined = [*texts, "extra one", "extra two", "last"]
    assert len(chained) == len(joined) and list(chained) == joined
    assert [chained[i] for i in range(-len(joined), len(joined))] == joined + joined
    assert chained[7:11] == joined[7:11]
    with pytest.raises(IndexError):
        chained[len(joined)]
    keep = np.array([11, 0, 9, 4])
    picked = Picked(chained, keep)
    assert list(picked) == [joined[i] for i in keep]
    assert picked[2] == joined[9] and picked[1:3] == [joined[0], joined[9]]


def test_columns_joined_decode_like_columns_of_the_whole(tmp_path: Path) -> None:
    _, _, first = _table(10, "a")
    _, _, second = _table(7, "b")
    joined = Columns.joined([Columns.of(first), Columns.of(second)])
    whole = Columns.of(first + second)

    def decoded(c: Columns) -> list[tuple]:
        return [(c.outlets[o], c.sources[s], c.docs[d]) for o, s, d in zip(c.outlet_code, c.source_code, c.doc_code,
                                                                               strict=True)]

    assert decoded(joined) == decoded(whole)
    for name in ("date_int", "chunk_position", "sidebar"):
        assert np.array_equal(getattr(joined, name), getattr(whole, name))
    # One outlet, two spellings: two codes, one casefolded outlet.
    assert joined.spellings == ["Ledger", "LEDGER", "", "Wire"]
    assert joined.outlets == ["ledger", "ledger", "", "wire"]
    joined.save(tmp_path)
    loaded = Columns.load(tmp_path, 17)
    assert decoded(loaded) == decoded(whole) and loaded.spellings == joined.spellings
    with pytest.raises(ValueError, match="does not hold"):
        Columns.load(tmp_path, 16)
    (tmp_path / "columns.npz").write_bytes((tmp_path / "columns.npz").read_bytes()[:-40])  # cut short
    with pytest.raises(ValueError, match="damaged"):
        Columns.load(tmp_path, 17)
    joined.save(tmp_path)
    codes = json.loads((tmp_path / "codes.json").read_text())
    codes["docs"] = codes["docs"][:1]
    (tmp_path / "codes.json").write_text(json.dumps(codes))
    with pytest.raises(ValueError, match="outside"):
        Columns.load(tmp_path, 17)


def _rows(ids: list[str], texts: list[str], metas: list[dict]) -> list[tuple]:
    rng = np.random.default_rng(0)
    return [(i, t, m, rng.normal(size=8).astype(np.float32)) for i, t, m in zip(ids, texts, metas, strict=True)]


def test_an_opened_index_reads_rows_only_when_asked(tmp_path: Path) -> None:
    ids, texts, metas = _table(30, "a")
    index = LexicalIndex.build(_rows(ids, texts, metas), generation=1)
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path, 1)
    assert loaded is not None
    saved = loaded.table.texts.parts[0].rows  # the one segment's rows on disk
    assert isinstance(saved, SavedRows) and saved.parsed.cache_info().currsize == 0
    row = loaded.table.position[ids[5]]
    hit = loaded.table.hit(row, 1.0)
    assert (hit.chunk_id, hit.text, hit.outlet, hit.section) == (ids[5], texts[5], "LEDGER", "body")
    assert saved.parsed.cache_info().currsize == 1
    # Outlets for the question reader come from the columns, first spelling first.
    assert loaded.table.outlet_names() == {"ledger": "Ledger", "wire": "Wire"}
    at = loaded.table.position  # rows are in id order
    assert np.array_equal(loaded.table.rows_of("a#3"), sorted([at[ids[6]], at[ids[7]]]))


def test_a_corrupt_columns_file_rebuilds_the_lexical_side(tmp_path: Path) -> None:
    ids, texts, metas = _table(6, "a")
    LexicalIndex.build(_rows(ids, texts, metas), generation=1).save(tmp_path)
    segment = next((tmp_path / DIRNAME).glob("seg-*"))
    good = (segment / "columns.npz").read_bytes()
    for damaged in (b"not an npz", good[:len(good) // 2], good[:-10]):
        (segment / "columns.npz").write_bytes(damaged)
        assert LexicalIndex.load(tmp_path, 1) is None  # the caller rebuilds it from the store


def test_deleted_rows_take_their_values_and_spellings_with_them(tmp_path: Path) -> None:
    ids, texts, metas = _table(12, "a")
    metas[0]["outlet"] = "LeDgEr"  # the first spelling met (row 0 comes first), on a row about to go
    index = LexicalIndex.build(_rows(ids, texts, metas), generation=1)
    assert index.table.outlet_names()["ledger"] == "LeDgEr"
    gone = {m["source"] for m in metas if m["source"].endswith("file 0.txt")}
    kept = index.updated(gone, [], generation=2)
    left = [r for r in _rows(ids, texts, metas) if r[2]["source"] not in gone]
    assert kept.table.outlet_names() == LexicalIndex.build(left, generation=0).table.outlet_names()
    assert kept.table.outlet_names() != index.table.outlet_names()  # the row that spelled it first went
    assert not gone & set(kept.table.sources)
    assert sorted(kept.table.docs) == sorted({m["doc_id"] for m in metas if m["source"] not in gone})
    kept.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path, 2)
    assert loaded is not None and loaded.table.outlet_names() == kept.table.outlet_names()
    assert set(loaded.table.sources) == set(kept.table.sources)
    for doc in loaded.table.docs:
        rows = loaded.table.rows_of(doc)
        assert len(rows) and all(loaded.table.metas[r]["doc_id"] == doc for r in rows) and list(rows) == sorted(rows)
    assert len(loaded.table.rows_of("no such article")) == 0


def test_a_damaged_row_is_refused_when_read_with_the_fix(tmp_path: Path) -> None:
    from assistant.errors import StoreError

    ids, texts, metas = _table(6, "a")
    LexicalIndex.build(_rows(ids, texts, metas), generation=1).save(tmp_path)
    segment = next((tmp_path / DIRNAME).glob("seg-*"))
    data = bytearray((segment / ROWS).read_bytes())
    offsets = np.load(segment / OFFSETS)
    data[int(offsets[2]) + 1] = ord("#")  # row 2 is no longer JSON; same length, same offsets
    (segment / ROWS).write_bytes(bytes(data))
    loaded = LexicalIndex.load(tmp_path, 1)  # the first and last rows are fine
    assert loaded is not None
    with pytest.raises(StoreError, match="damaged; delete the folder"):
        [loaded.table.texts[i] for i in range(len(loaded.table))]


def test_a_pick_of_a_pick_reads_the_first_sequence() -> None:
    base = list("abcdefgh")
    twice = Picked(Picked(base, np.array([7, 5, 3, 1])), np.array([3, 0]))
    assert twice.base is base and list(twice) == ["b", "h"]
