"""Copies and reprints (issue 15): near-duplicate articles clustered at index time, shown
once in search and answers with the others as ``copies``, counted once as a source.

The stories are our own (``eval/copies/stories.jsonl``); the real-corpus test writes two
reprints of one of ../shared/corpus's pages into a temporary folder at run time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import assistant
from assistant.indexing.copies import CopyStore
from assistant.knowledge import copies

REPO = Path(__file__).resolve().parent.parent
STORIES = [json.loads(x) for x in (REPO / "eval/copies/stories.jsonl").read_text(encoding="utf-8").splitlines()
           if x.strip()]


def _story(topic: str, n: int = 0) -> dict:
    return [s for s in STORIES if s["topic"] == topic][n]


def _paras(story: dict) -> list[str]:
    return story["body"].split("\n\n")


def _printed(doc: str, text: str, date: str | None = None, outlet: str | None = None) -> copies.Printed:
    return copies.Printed(doc, copies.shingles(text), date, outlet, copies.credit(text))


# -- the method -------------------------------------------------------------------------------

def test_shingles_ignore_line_wrapping_quote_style_and_case() -> None:
    body = _story("t01")["body"]
    wrapped = "\n".join(textwrap.wrap(body, 40))
    straight = body.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})).upper()
    assert copies.shingles(wrapped).tolist() == copies.shingles(body).tolist()
    assert copies.shingles(straight).tolist() == copies.shingles(body).tolist()
    assert len(copies.shingles(body)) > 100


def test_a_copy_missing_a_paragraph_or_with_one_added_joins_its_original() -> None:
    story = _story("t01")
    paras = _paras(story)
    trimmed = "\n\n".join(paras[:2] + paras[3:])
    extended = story["body"] + "\n\n" + story["extra_paragraph"]
    found = copies.cluster([_printed("a", story["body"], "2026-03-04"), _printed("b", trimmed, "2026-03-05"),
                            _printed("c", extended, "2026-03-06")])
    assert [c.docs for c in found] == [["a", "b", "c"]]
    assert found[0].origin == "a"  # the earliest, nothing credited


def test_two_outlets_reporting_the_same_event_are_not_copies() -> None:
    one, other = _story("t02", 0), _story("t02", 1)
    assert one["topic"] == other["topic"]
    share, _ = copies.containment(copies.shingles(one["body"]), copies.shingles(other["body"]))
    assert share < 0.2
    assert copies.cluster([_printed("a", one["body"]), _printed("b", other["body"])]) == []


def test_a_roundup_holding_two_briefs_does_not_chain_the_briefs_together() -> None:
    first, second = _story("t11"), _story("t12")
    roundup = first["body"] + "\n\n" + second["body"]
    found = copies.cluster([_printed("brief-1", first["body"]), _printed("brief-2", second["body"]),
                            _printed("roundup", roundup)])
    assert len(found) == 1 and "roundup" in found[0].docs and len(found[0].docs) == 2


def test_the_credited_outlet_is_the_origin_even_when_printed_later() -> None:
    story = _story("t05")
    credited = story["body"] + f"\n\nThis story was originally published by The {story['outlet']}."
    found = copies.cluster([_printed("reprint", credited, "2026-01-01", "Valley Wire Service"),
                            _printed("original", story["body"], "2026-01-05", story["outlet"])])
    assert found[0].origin == "original"
    assert copies.credit("First appeared in the Northern Ledger on Monday.") == "Northern Ledger on Monday"
    assert copies.credit("No credit line here.") is None


# -- the labelled corpus --------------------------------------------------------------------

def test_the_labelled_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    subprocess.run([sys.executable, str(REPO / "eval/copies/make_corpus.py"), str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == (REPO / "eval/copies/corpus.jsonl").read_bytes()


def test_eval_copies_meets_its_targets_on_the_labelled_corpus(run_cli) -> None:
    out = run_cli("eval-copies", REPO / "eval/copies/corpus.jsonl", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["copies"]["labelled"] >= 40
    assert report["copies"]["recall"] >= 0.95
    assert report["false_merges"] == []
    # Room on both sides of the threshold, not a knife edge.
    assert report["margins"]["highest_different_pair"] < 0.3 < report["margins"]["lowest_true_pair"]


def test_eval_copies_says_what_to_pass_for_a_file_without_labels(run_cli, tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"title": "t", "body": "Some words here."}) + "\n", encoding="utf-8")
    out = run_cli("eval-copies", plain)
    assert out.returncode != 0
    assert out.stderr.strip().startswith("Error:") and "'story' label" in out.stderr


# -- through the index ----------------------------------------------------------------------

def _page(story: dict, outlet: str, date: str, body: str | None = None, title: str | None = None) -> str:
    return f"date {date} {outlet}\n\n{title or story['title']}\n\n{body or story['body']}\n"


@pytest.fixture
def reprinted(tmp_path: Path, tiny_embedder) -> tuple[assistant.Index, Path]:
    story, rival = _story("t08", 0), _story("t08", 1)
    paras = _paras(story)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "original.txt").write_text(_page(story, story["outlet"], story["published_at"]), encoding="utf-8")
    (corpus / "reprint-a.txt").write_text(
        _page(story, "Valley Wire Service", "2026-06-10", "\n\n".join(paras[:2] + paras[3:])), encoding="utf-8")
    (corpus / "reprint-b.txt").write_text(
        _page(story, "Coastline Daily", "2026-06-11", "\n".join(textwrap.wrap(story["body"], 50)),
              title="Landfill solar array goes live"), encoding="utf-8")
    (corpus / "rival.txt").write_text(_page(rival, rival["outlet"], rival["published_at"]), encoding="utf-8")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True, ranker="none")
    index.add(corpus)
    return index, corpus


def _question(story: dict) -> str:
    return " ".join(_paras(story)[0].split()[:25])


def test_search_shows_one_printing_with_the_others_as_copies(reprinted) -> None:
    index, _ = reprinted
    story = _story("t08", 0)
    hits = index.search(_question(story), k=8)
    printings = {"original.txt", "reprint-a.txt", "reprint-b.txt"}
    shown = [h for h in hits if h.source in printings]
    assert shown and len({h.source for h in shown}) == 1
    assert sorted(c.source for c in shown[0].copies) == sorted(printings - {shown[0].source})
    assert "rival.txt" in {h.source for h in hits}  # the independent report keeps its place
    assert next(h for h in hits if h.source == "rival.txt").copies == ()
    everything = index.search(_question(story), k=8, all_copies=True)
    assert printings <= {h.source for h in everything}


def test_the_origin_is_the_earliest_printing(reprinted) -> None:
    index, _ = reprinted
    hit = index.search(_question(_story("t08", 0)), k=8, all_copies=True)
    reprint = next(h for h in hit if h.source == "reprint-a.txt")
    assert [c.source for c in reprint.copies if c.origin] == ["original.txt"]
    assert reprint.story == "original.txt"


def test_deleting_a_reprint_and_adding_another_updates_the_clusters(reprinted) -> None:
    index, corpus = reprinted
    (corpus / "reprint-a.txt").unlink()
    index.add(corpus)
    hits = index.search(_question(_story("t08", 0)), k=8)
    shown = next(h for h in hits if h.source in {"original.txt", "reprint-b.txt"})
    assert [c.source for c in shown.copies] in (["reprint-b.txt"], ["original.txt"])
    (corpus / "reprint-b.txt").unlink()
    index.add(corpus)
    assert CopyStore(index.index_dir).map().copies("original.txt") == ()


def test_rows_of_a_file_the_manifest_does_not_list_go_and_clusters_are_redone(reprinted) -> None:
    """What a run killed between committing a file's rows and listing it leaves behind."""
    index, corpus = reprinted
    store = CopyStore(index.index_dir)
    from assistant.indexing.copies import rows_of
    from assistant.ingest.loaders import load_file

    stray = rows_of(load_file(corpus / "original.txt", "gone.txt", 1 << 20)[0])
    store.replace("gone.txt", stray)
    assert not store.clustered()
    index.add(corpus)  # nothing changed on disk
    assert store.clustered() and "gone.txt" not in store.sources()
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT count(*) FROM clusters WHERE doc = 'gone.txt'").fetchone() == (0,)


def test_pairing_new_articles_finds_the_pairs_a_full_clustering_finds() -> None:
    """Articles added to a clustered store are paired in one scan; with the pairs kept
    from before, that is every pair a clustering of all of them finds."""
    printed = []
    for n, story in enumerate(STORIES):
        printed.append(_printed(f"s{n}", story["body"], story["published_at"], story["outlet"]))
        paras = _paras(story)
        if len(paras) > 3:  # a reprint missing a paragraph, and one re-wrapped
            printed.append(_printed(f"r{n}", "\n\n".join(paras[:2] + paras[3:])))
            printed.append(_printed(f"w{n}", "\n".join(textwrap.wrap(story["body"], 45))))
    everything = copies.pairs(printed)
    assert len(everything) > 20
    old, new = printed[::2], printed[1::2]
    kept = copies.pairs(old)
    added = copies.pairs_of_new(new, [p.doc for p in printed], [p.shingles for p in printed])
    assert sorted(set(kept) | set(added)) == everything
    assert {(a, b) for _, a, b in added}.isdisjoint({(a, b) for _, a, b in kept})
    by_doc = {p.doc: p for p in printed}
    assert copies.groups(kept + added, by_doc) == copies.cluster(printed)
    assert copies.pairs_of_new([], [p.doc for p in printed], [p.shingles for p in printed]) == []


def test_a_run_that_adds_a_reprint_pairs_only_the_new_article(reprinted, monkeypatch) -> None:
    index, corpus = reprinted
    story = _story("t08", 0)
    paras = _paras(story)

    def whole_clustering(*args, **kwargs):
        raise AssertionError("a run that added one file clustered the whole store again")

    monkeypatch.setattr(copies, "pairs", whole_clustering)
    (corpus / "reprint-c.txt").write_text(
        _page(story, "Hillside Courier", "2026-06-12", "\n\n".join(paras[1:])), encoding="utf-8")
    index.add(corpus)
    store = CopyStore(index.index_dir)
    found = store.map().copies("reprint-c.txt")
    assert sorted(c.source for c in found) == ["original.txt", "reprint-a.txt", "reprint-b.txt"]
    assert [c.source for c in found if c.origin] == ["original.txt"]
    # Rewriting the original so it is no longer a copy: its pairs go, the reprints stay together.
    (corpus / "original.txt").write_text(_page(_story("t02"), "Harbour Gazette", "2026-06-01"), encoding="utf-8")
    index.add(corpus)
    assert store.map().copies("original.txt") == ()
    assert sorted(c.source for c in store.map().copies("reprint-c.txt")) == ["reprint-a.txt", "reprint-b.txt"]
    monkeypatch.undo()
    assert_a_new_clustering_agrees(store)


def assert_a_new_clustering_agrees(store: CopyStore) -> None:
    """The pairs kept run after run are those a clustering from scratch finds."""
    with sqlite3.connect(store.path) as db:
        kept = sorted(db.execute("SELECT a, b, share FROM pairs"))
    store.recluster()
    with sqlite3.connect(store.path) as db:
        assert sorted(db.execute("SELECT a, b, share FROM pairs")) == kept


@pytest.mark.slow
def test_reprints_of_a_real_page_are_one_story_with_one_independent_source(tmp_path: Path, run_cli) -> None:
    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not there (CI puts ../shared beside the clone)")
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    [page] = sorted(corpus.glob("003_*"))
    lines = [x for x in page.read_text(encoding="utf-8").splitlines() if x.strip()]
    title, body = lines[0], lines[1:]
    (corpus / "reprint-valley.txt").write_text(
        "date 2025-06-07 Valley Wire Service\nHome | World | Business\n\n" + "\n\n".join([title, *body[:3], *body[4:]])
        + "\n", encoding="utf-8")
    wrapped = "\n\n".join("\n".join(textwrap.wrap(p, 60)) for p in body)
    (corpus / "reprint-harbour.txt").write_text(
        "date 2025-06-08 Harbour Gazette\n\nCarmaker to build drones in Ukraine, minister says\n\n" + wrapped + "\n",
        encoding="utf-8")
    idx = tmp_path / "idx"
    assert run_cli("index", corpus, "--index-dir", idx).returncode == 0  # the packaged MiniLM
    # The page's own words about who Lecornu told: only that story says it.
    told = next(x for x in body if "told LCI" in x)
    query = " ".join(told.split()[:14])
    out = run_cli("search", query, "--index-dir", idx, "--json", "-k", "6")
    hits = json.loads(out.stdout)["hits"]
    printed = [h for h in hits if h["source"] in {page.name, "reprint-valley.txt", "reprint-harbour.txt"}]
    assert len({h["source"] for h in printed}) == 1
    others = {page.name: None, "reprint-valley.txt": "Valley Wire Service", "reprint-harbour.txt": "Harbour Gazette"}
    others.pop(printed[0]["source"])
    assert sorted((c["source"], c["outlet"]) for c in printed[0]["copies"]) == sorted(others.items())
    question = ("Which broadcaster did Lecornu tell about the unnamed French automaker partnering with a "
                "mid-sized defense firm?")
    out = run_cli("ask", question, "--index-dir", idx, "--json")
    answer = json.loads(out.stdout)
    assert answer["answered"] and answer["citations"]
    assert answer["independent_sources"] == 1
    assert {c["source"] for c in answer["citations"]} <= {page.name, "reprint-valley.txt", "reprint-harbour.txt"}


def test_copies_through_the_http_api(reprinted) -> None:
    import httpx
    from test_api import live_server

    from assistant import Assistant
    from assistant.serve.app import create_app

    index, _ = reprinted
    query = _question(_story("t08", 0))
    printings = {"original.txt", "reprint-a.txt", "reprint-b.txt"}
    with live_server(create_app(Assistant(index))) as url:
        merged = httpx.post(url + "/api/search", json={"query": query, "k": 8}, timeout=60).json()["hits"]
        shown = [h for h in merged if h["source"] in printings]
        assert len({h["source"] for h in shown}) == 1 and len(shown[0]["copies"]) == 2
        assert {"source", "outlet", "date", "title"} <= set(shown[0]["copies"][0])
        every = httpx.post(url + "/api/search", json={"query": query, "k": 8, "all_copies": True}, timeout=60)
        assert printings <= {h["source"] for h in every.json()["hits"]}
        bad = httpx.post(url + "/api/search", json={"query": query, "all_copies": "yes"}, timeout=60)
        assert bad.status_code == 422 and "all_copies" in bad.text
        asked = httpx.post(url + "/api/ask", json={"question": query, "k": 8}, timeout=60).json()
        assert "independent_sources" in asked and "conflicts" in asked
        assert asked["independent_sources"] == len({c["source"] for c in asked["citations"]} - printings) + \
            (1 if {c["source"] for c in asked["citations"]} & printings else 0)


def test_an_unreadable_copies_or_knowledge_store_is_rebuilt_by_the_next_index_run(reprinted) -> None:
    index, corpus = reprinted
    for name in ("copies.sqlite", "knowledge.sqlite"):
        for suffix in ("-wal", "-shm"):
            (index.index_dir / f"{name}{suffix}").unlink(missing_ok=True)
        (index.index_dir / name).write_bytes(b"overwritten: not a database")
    hits = index.search(_question(_story("t08", 0)), k=8)  # searching still works, merging nothing
    assert hits
    report = index.add(corpus)
    assert report.chunks_embedded == 0 and report.files_skipped == []  # nothing embedded again
    shown = index.search(_question(_story("t08", 0)), k=8)
    assert len(next(h for h in shown if h.source in {"original.txt", "reprint-a.txt", "reprint-b.txt"}).copies) == 2
    assert index.entities(limit=5)  # the knowledge store is back too


def test_the_copies_map_is_read_again_only_when_the_store_changed(reprinted, monkeypatch) -> None:
    index, _ = reprinted
    store = CopyStore(index.index_dir)

    def age() -> None:  # as if the last write were long ago
        old = time.time_ns() - 60_000_000_000
        for suffix in ("", "-wal"):
            path = Path(f"{store.path}{suffix}")
            if path.exists():
                os.utime(path, ns=(old, old))

    age()
    first = store.map()
    age()
    assert store.map() is first
    reads: list[bool] = []
    real = CopyStore._connect
    monkeypatch.setattr(CopyStore, "_connect", lambda self, write=False: reads.append(write) or real(self, write))
    assert store.map() is first and reads == []  # unchanged files: not read
    store.recluster()
    reads.clear()
    assert store.map() is not first and reads == [False]  # written: read again at once


def test_a_whole_clustering_looks_up_the_pairs_one_scan_finds(monkeypatch) -> None:
    """A clustering looks each block's shingles up in the stored ones sorted once (a scan of
    every stored shingle per block grew with the square of the corpus): the same pairs, with
    page furniture (shingles too many articles hold) left out the same way."""
    import numpy as np

    monkeypatch.setattr(copies, "MAX_HOLDERS", 5)
    monkeypatch.setattr(copies, "BLOCK_SHINGLES", 150)  # many blocks
    rng = np.random.default_rng(3)
    furniture = np.arange(8, dtype=np.uint32)  # held by every article
    printed = []
    for n in range(40):
        own = np.unique(np.concatenate([rng.integers(1000, 2**31, 60).astype(np.uint32), furniture]))
        printed.append(copies.Printed(f"a{n:02d}", own, "2024-01-01", "Outlet", ""))
        if n % 3 == 0:  # a reprint that drops a tenth of it
            printed.append(copies.Printed(f"c{n:02d}", np.sort(rng.permutation(own)[: len(own) * 9 // 10]),
                                          "2024-01-02", "Other", ""))
    found = copies.pairs(printed)
    scanned = copies.pairs_of_new(printed, [p.doc for p in printed], [p.shingles for p in printed])
    assert found == scanned
    assert {(a, b) for _, a, b in found} == {(f"a{n:02d}", f"c{n:02d}") for n in range(0, 40, 3)}
