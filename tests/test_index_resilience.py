"""Indexing that survives what the outside tester did: a build killed with SIGKILL resumes
from its last batch, a full disk is one error line and leaves the index usable, a server
sees what another process indexed and never writes an older manifest back, and a missing
path leaves no index folder behind. Tiny model, real Chroma, real processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import STORIES, WORDS, cli_env, write_corpus

import assistant
from assistant.errors import DiskFullError
from assistant.indexing import manifest as manifest_mod
from assistant.indexing.manifest import ManifestConflictError


def _records(n: int, seed: int = 3) -> list[dict[str, str]]:
    import random

    rng = random.Random(seed)
    content = [w for w in WORDS if len(w) > 3]
    return [{"title": f"Report number {i} on the {rng.choice(content)}",
             "body": " ".join(rng.choice(content) for _ in range(40)) + f". Item {i} ends here.",
             "source": "Wire", "published_at": f"2024-03-{1 + i % 28:02d}"} for i in range(n)]


def _corpus(root: Path, records: int = 30) -> Path:
    return write_corpus(root, {**STORIES, "wire/news.json": json.dumps(_records(records))})


def _ids(index_dir: Path, embedder) -> list[str]:
    index = assistant.open_index(index_dir, embedder=embedder, ranker="none")
    return sorted(index.lexical.table.ids)


# -- kill -9 in the middle of a build ------------------------------------------------------

KILLED_BUILD = """
import sys, time
from pathlib import Path
import assistant.indexing.build as indexer
from assistant.indexing.store import ChromaStore

corpus, index_dir, marker, model = sys.argv[1:5]
indexer.EMBED_BATCH_CHUNKS = 8
stored = ChromaStore.upsert
calls = [0]

def upsert(self, *args, **kwargs):
    calls[0] += 1
    if calls[0] == 3:  # two batches are in; hold the third until the test kills us
        Path(marker).write_text("2")
        time.sleep(600)
    return stored(self, *args, **kwargs)

ChromaStore.upsert = upsert
sys.argv = ["assistant", "index", corpus, "--index-dir", index_dir, "--embed-model", model]
from assistant.cli.main import main
main()
"""


def test_a_build_killed_with_sigkill_resumes_from_its_last_batch(tmp_path: Path, tiny_model: str,
                                                                tiny_embedder, monkeypatch) -> None:
    import assistant.indexing.build as indexer

    corpus = _corpus(tmp_path / "corpus")
    idx, marker = tmp_path / "idx", tmp_path / "two-batches"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(corpus), str(idx), str(marker), tiny_model],
                            env=cli_env(), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "the build never reached its third batch"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    saved = manifest_mod.load(idx)
    assert saved is not None and not saved.complete
    committed = sum(e.chunks for e in saved.files.values()) + sum(p.written for p in saved.partial.values())
    assert committed == 16, "both finished batches are committed"
    assert saved.partial, "the JSON collection was cut across batches and resumes inside the file"

    # The killed state opens and searches.
    half = assistant.open_index(idx, embedder=tiny_embedder, ranker="none")
    assert len(half.lexical.table) == 16 and half.search("bridge river", k=3)

    monkeypatch.setattr(indexer, "EMBED_BATCH_CHUNKS", 8)
    report = assistant.open_index(idx, embedder=tiny_embedder, ranker="none").add(corpus)
    assert report.chunks_embedded == report.chunks_total - 16, "only what was not committed is embedded"
    assert not report.files_skipped

    clean = assistant.open_index(tmp_path / "clean", embedder=tiny_embedder, create=True, ranker="none")
    assert clean.add(corpus).chunks_total == report.chunks_total
    assert _ids(idx, tiny_embedder) == _ids(tmp_path / "clean", tiny_embedder), "no duplicates, nothing lost"
    resumed = assistant.open_index(idx, embedder=tiny_embedder, ranker="none")
    assert resumed.manifest.complete and not resumed.manifest.partial
    for query in ("library flooded by rain", "report on the harbour festival", "Item 17 ends here"):
        assert [h.chunk_id for h in resumed.search(query, k=5)] == [h.chunk_id for h in clean.search(query, k=5)]


def test_a_file_changed_after_a_killed_build_is_redone_not_resumed(tmp_path: Path, tiny_embedder,
                                                                 monkeypatch) -> None:
    import assistant.indexing.build as indexer
    from assistant.indexing.store import ChromaStore

    corpus = _corpus(tmp_path / "corpus")
    monkeypatch.setattr(indexer, "EMBED_BATCH_CHUNKS", 8)
    stored, calls = ChromaStore.upsert, [0]

    def upsert(self, *args, **kwargs):
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt  # the run stops between two batches
        return stored(self, *args, **kwargs)

    monkeypatch.setattr(ChromaStore, "upsert", upsert)
    with pytest.raises(KeyboardInterrupt):
        assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True).add(corpus)
    monkeypatch.setattr(ChromaStore, "upsert", stored)
    assert manifest_mod.load(tmp_path / "idx").partial

    (corpus / "wire/news.json").write_text(json.dumps(_records(12, seed=9)), encoding="utf-8")
    report = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder).add(corpus)
    assert "wire/news.json" in report.files_updated
    clean = assistant.open_index(tmp_path / "clean", embedder=tiny_embedder, create=True)
    assert report.chunks_total == clean.add(corpus).chunks_total
    assert _ids(tmp_path / "idx", tiny_embedder) == _ids(tmp_path / "clean", tiny_embedder)


# -- another process indexes while a server serves -----------------------------------------

def test_server_sees_a_cli_index_and_its_upload_keeps_every_file(tmp_path: Path, tiny_model: str,
                                                                 tiny_embedder, run_cli) -> None:
    from test_api import live_server

    from assistant.answer.assistant import Assistant
    from assistant.serve.app import create_app
    from assistant.serve.service import Service

    corpus = write_corpus(tmp_path / "corpus", STORIES)
    idx = tmp_path / "idx"
    index = assistant.open_index(idx, embedder=tiny_embedder, create=True)
    index.add(corpus)
    service = Service(Assistant(index), max_file_mb=5)
    httpx = pytest.importorskip("httpx")
    with live_server(create_app(service, ui=False)) as url:
        assert httpx.post(f"{url}/api/search", json={"query": "bridge", "k": 3}, timeout=60).status_code == 200
        # Another process adds files to the corpus and indexes them.
        write_corpus(corpus, {f"more/day{i}.txt": f"Council votes on the airport train plan\n\nThe council met on "
                              f"day {i} to vote on the new airport train station plan, the mayor said.\n"
                              for i in range(4)})
        out = run_cli("index", corpus, "--index-dir", idx, "--embed-model", tiny_model, "--json")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["files_added"] == 4
        # The running server searches the new files without a restart.
        hits = httpx.post(f"{url}/api/search", json={"query": "council vote airport train station plan",
                                                     "k": 10}, timeout=60).json()["hits"]
        assert any(h["source"].startswith("more/") for h in hits)
        assert httpx.get(f"{url}/api/info", timeout=60).json()["files"] == len(STORIES) + 4

        # Then an upload through the same server: the manifest it writes keeps every file.
        museum = b"Museum opens a new wing\n\nThe museum opened a new wing for children on Friday.\n"
        answer = httpx.post(f"{url}/api/upload", files=[("files", ("museum.txt", museum, "text/plain"))],
                            timeout=120)
        assert answer.status_code == 200, answer.text
        assert answer.json()["saved"] == ["uploads/museum.txt"]
        info = httpx.get(f"{url}/api/info", timeout=60).json()
        # What the upload reports as in the index is what the index holds (the UI's corpus
        # panel said "49 in the index" beside a summary of 165).
        assert answer.json()["chunks_total"] == info["chunks"]
    out = run_cli("info", "--index-dir", idx, "--json")
    assert out.returncode == 0, out.stderr
    on_disk = json.loads(out.stdout)
    assert on_disk["files"] == info["files"] == len(STORIES) + 5
    assert on_disk["chunks"] == info["chunks"]
    # A re-index finds nothing to redo: nothing was dropped from the manifest.
    again = run_cli("index", corpus, "--index-dir", idx, "--embed-model", tiny_model, "--json")
    assert json.loads(again.stdout)["chunks_embedded"] == 0, again.stdout


def test_an_older_copy_of_the_manifest_is_never_written_back(tmp_path: Path, tiny_embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    idx = tmp_path / "idx"
    server = assistant.open_index(idx, embedder=tiny_embedder, create=True)
    server.add(corpus)
    stale = manifest_mod.load(idx)
    other = assistant.open_index(idx, embedder=tiny_embedder)
    write_corpus(corpus, {"extra/one.txt": "The harbour market opens on Sunday, the council said.\n"})
    other.add(corpus)
    with pytest.raises(ManifestConflictError, match="changed by another process"):
        manifest_mod.save(idx, stale)
    write_corpus(corpus, {"extra/two.txt": "The old station reopens in May, the operator said.\n"})
    server.add(corpus / "extra")  # the server's own copy predates extra/one.txt
    assert {"extra/one.txt", "extra/two.txt"} <= set(manifest_mod.load(idx).files)
    assert server.info().files == len(STORIES) + 2


# -- full disk, missing paths ---------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MB tmpfs (needs root and mount; skipped where the machine does not allow it)."""
    where = tmp_path / "small"
    where.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_one_error_line_and_the_index_keeps_working(small_disk: Path, tmp_path: Path,
                                                                  tiny_model: str, tiny_embedder,
                                                                  run_cli) -> None:
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    idx = small_disk / "idx"
    out = run_cli("index", corpus, "--index-dir", idx, "--embed-model", tiny_model)
    assert out.returncode == 0, out.stderr
    before = run_cli("search", "library flooded by rain", "--index-dir", idx, "--json")
    assert before.returncode == 0 and json.loads(before.stdout)["hits"]

    write_corpus(corpus, {"big/news.json": json.dumps(_records(3000))})
    out = run_cli("index", corpus, "--index-dir", idx, "--embed-model", tiny_model)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr[-3000:]
    assert lines[0].startswith("Error: no space left on the disk holding") and str(idx) in lines[0]
    assert " MB more" in lines[0] and "re-run" in lines[0]

    # Every state opens and searches: the stories are still found.
    after = run_cli("search", "library flooded by rain", "--index-dir", idx, "--json")
    assert after.returncode == 0, after.stderr
    assert {h["source"] for h in json.loads(after.stdout)["hits"]} >= {"storm/flood.txt"}
    with pytest.raises(DiskFullError):
        assistant.open_index(idx, embedder=tiny_embedder).add(corpus)


def test_indexing_a_missing_path_leaves_no_index_folder(tmp_path: Path, run_cli) -> None:
    out = run_cli("index", tmp_path / "missing", "--index-dir", tmp_path / "D")
    assert out.returncode == 1 and "does not exist" in out.stderr
    assert not (tmp_path / "D").exists()


def test_resume_state_survives_an_old_reader(tmp_path: Path) -> None:
    """A manifest with partial files round-trips through load and save."""
    saved = manifest_mod.Manifest(embed_model="m", dimension=4, chunking={"chunk_tokens": 1})
    saved.partial["a.json"] = manifest_mod.PartialEntry(hash="h", written=8, chunks=20)
    manifest_mod.save(tmp_path, saved)
    loaded = manifest_mod.load(tmp_path)
    assert loaded.partial == saved.partial and loaded.disk_nonce == loaded.nonce != ""



def test_a_path_through_dotdot_out_of_the_corpus_is_refused(tmp_path: Path, tiny_embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    write_corpus(tmp_path / "outside", {"secret.txt": "The council kept a secret plan for the airport.\n"})
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(corpus)
    with pytest.raises(assistant.ConfigError, match="outside"):
        index.add(corpus / ".." / "outside")
    assert not any(s.startswith("..") for s in index.manifest.files)
    assert all("secret" not in h.text for h in index.search("secret plan airport", k=10))


# -- what an earlier run indexed from what discover now skips --------------------------------

def test_an_unreadable_folder_keeps_its_indexed_files(stories: Path, tmp_path: Path, tiny_embedder,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    real_scandir = os.scandir

    def scandir(path):  # as root, chmod stops nothing: the listing fails as it would for others
        if Path(path).name == "storm":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = index.add(stories)
    assert report.files_removed == [] and [s.source for s in report.files_skipped] == ["storm"]
    assert "storm/flood.txt" in index.manifest.files
    assert any(h.source == "storm/flood.txt" for h in index.search("library flooded by rain", k=5))


def test_a_link_out_of_the_folder_indexed_on_request_goes_when_no_longer_followed(
        stories: Path, tmp_path: Path, tiny_embedder) -> None:
    outside = write_corpus(tmp_path / "outside", {"memo.txt": "Memo on the harbour market prices.\n"})
    (stories / "memo.txt").symlink_to(outside / "memo.txt")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    assert "memo.txt" in index.add(stories, follow_symlinks=True).files_added
    report = index.add(stories)
    assert report.files_removed == ["memo.txt"] and "memo.txt" not in index.manifest.files
    assert all(h.source != "memo.txt" for h in index.search("harbour market prices memo", k=10))


def test_replace_onto_an_empty_folder_leaves_a_consistent_index(tmp_path: Path, tiny_embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    (tmp_path / "empty").mkdir()
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(corpus)
    index.add(tmp_path / "empty", replace=True)
    saved = manifest_mod.load(tmp_path / "idx")
    assert saved.root == str(tmp_path / "empty") and saved.files == {} and saved.complete
    reopened = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder)
    assert len(reopened.lexical.table) == 0 and reopened.info().files == 0


def test_a_symlink_given_as_the_path_is_not_followed_out_of_the_corpus(tmp_path: Path, tiny_embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    outside = write_corpus(tmp_path / "outside", {"secret.txt": "The council kept a secret plan for the airport.\n"})
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(corpus)
    (corpus / "link").symlink_to(outside, target_is_directory=True)
    for target in (corpus / "link", corpus / "link" / "secret.txt"):
        with pytest.raises(assistant.ConfigError, match="follow-symlinks"):
            index.add(target)
    assert not [s for s in index.manifest.files if "secret" in s]
    assert "link/secret.txt" in index.add(corpus / "link", follow_symlinks=True).files_added


def test_a_writer_waits_out_a_reader_probing_the_lock(tmp_path: Path, tiny_embedder) -> None:
    import fcntl
    import threading

    corpus = write_corpus(tmp_path / "corpus", STORIES)
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(corpus)
    held = open(tmp_path / "idx" / ".lock", "a")  # noqa: SIM115
    fcntl.flock(held, fcntl.LOCK_SH)  # what a reader's probe holds for a moment
    threading.Timer(0.5, lambda: (fcntl.flock(held, fcntl.LOCK_UN), held.close())).start()
    write_corpus(corpus, {"late.txt": "The ferry timetable changes in June, the operator said.\n"})
    assert index.add(corpus).files_added == ["late.txt"]


def test_a_manifest_copy_is_refused_after_any_other_save_even_at_the_same_generation(
        tmp_path: Path, tiny_embedder) -> None:
    """Generations restart when an index is rebuilt and stay put across saves within a run:
    what a copy was read from is told by the nonce each save writes."""
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(corpus)
    stale = manifest_mod.load(tmp_path / "idx")
    other = manifest_mod.load(tmp_path / "idx")
    other.files.pop("bridge.txt")
    manifest_mod.save(tmp_path / "idx", other)
    assert manifest_mod.load(tmp_path / "idx").generation == stale.generation
    with pytest.raises(ManifestConflictError):
        manifest_mod.save(tmp_path / "idx", stale)
    manifest_mod.save(tmp_path / "idx", other)  # the copy that saved last may save again


def test_queries_running_while_the_store_reopens_all_succeed(tmp_path: Path, stories: Path, tiny_embedder) -> None:
    """A server reopens Chroma after another process indexed; requests in flight meanwhile
    must not fail ("Could not connect to tenant")."""
    import threading

    import numpy as np

    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    store = index.store
    vector = tiny_embedder.embed_query("library flooded by rain")
    errors: list[str] = []
    answered = [0]
    stop = threading.Event()

    def query() -> None:
        while not stop.is_set():
            try:
                assert store.query(np.asarray(vector), 2)
                assert sum(1 for _ in store.iter_sorted(page=2)) == store.count()
                answered[0] += 1
            except Exception as exc:  # every failure is what this test counts
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=query) for _ in range(3)]
    for t in threads:
        t.start()
    for _ in range(15):
        store.reopen()
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and answered[0] > 0
