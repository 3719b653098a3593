"""A big file's facts are read by a worker process beside the embedding: the same facts
as read inline, a worker that dies is replaced by reading inline, and the worker never
re-runs the caller's script (as ``multiprocessing``'s spawn would). Our own articles.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env, write_corpus

import assistant
from assistant.indexing import build as build_mod
from assistant.indexing import facts as facts_mod
from assistant.knowledge import worker

pytest.importorskip("spacy")

ARTICLES = {
    "port.txt": (
        "Port strike ends after talks\n"
        "March 4, 2025\n\n"
        "Union leader Maria Costa met harbour director Paul Meyer in Rotterdam on Monday.\n\n"
        "\u201cThe ships will move again tomorrow,\u201d Costa said after the talks.\n\n"
        "Meyer said the port would pay the overtime owed since January.\n"
    ),
    "mill.txt": (
        "Mill to reopen in spring\n"
        "March 5, 2025\n\n"
        "Owner Jan de Vries told workers on Tuesday that the mill would reopen in April.\n\n"
        "\u201cWe have the orders,\u201d de Vries said.\n"
    ),
}
TABLES = {
    "mentions": 'SELECT source, start, "end", text, kind FROM mentions ORDER BY source, start',
    "quotes": 'SELECT source, start, "end", kind, verb, said_as FROM quotes ORDER BY source, start',
    "events": 'SELECT source, start, date_text, date, precision FROM events ORDER BY source, start',
    "entities": "SELECT name, type, aliases, mentions FROM entities ORDER BY name",
}


def _facts(index_dir: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(index_dir / "knowledge.sqlite")
    try:
        return {name: db.execute(query).fetchall() for name, query in TABLES.items()}
    finally:
        db.close()


def _build(root: Path, name: str, model: str) -> Path:
    corpus = root / "corpus"
    if not corpus.exists():
        write_corpus(corpus, ARTICLES)
    index = assistant.open_index(root / name, embed_model=model, create=True, ranker="none")
    index.add(corpus)
    return root / name


def test_the_worker_reads_the_same_facts_as_the_indexer(tmp_path, tiny_model, monkeypatch) -> None:
    inline = _facts(_build(tmp_path, "inline", tiny_model))
    started = []
    real = worker.Worker.__init__
    monkeypatch.setattr(worker, "MIN_CHARS", 0)
    monkeypatch.setattr(worker.Worker, "__init__", lambda self, name: started.append(name) or real(self, name))
    beside = _facts(_build(tmp_path, "worker", tiny_model))
    assert started, "the worker was not used"
    assert beside == inline
    assert any(q[3] == "direct" for q in beside["quotes"]) and beside["events"]


def test_a_worker_that_dies_is_replaced_by_reading_inline(tmp_path, tiny_model, monkeypatch) -> None:
    inline = _facts(_build(tmp_path, "inline", tiny_model))
    monkeypatch.setattr(worker, "MIN_CHARS", 0)
    real = worker.Worker.submit

    def killed(self, articles):
        self.proc.kill()
        self.proc.wait()
        return real(self, articles)

    monkeypatch.setattr(worker.Worker, "submit", killed)
    assert _facts(_build(tmp_path, "killed", tiny_model)) == inline


def test_the_worker_does_not_run_the_callers_script_again(tmp_path, tiny_model) -> None:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    script = tmp_path / "unguarded.py"
    # No `if __name__ == "__main__"`: a multiprocessing child would index a second time.
    script.write_text(
        "import assistant\nfrom assistant.knowledge import worker\n"
        "worker.MIN_CHARS = 0\n"
        "print('indexing', flush=True)\n"
        f"index = assistant.open_index({str(tmp_path / 'idx')!r}, embed_model={tiny_model!r}, create=True)\n"
        f"print(index.add({str(corpus)!r}).chunks_total, flush=True)\n",
        encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          env=cli_env(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("indexing") == 1, done.stdout
    assert _facts(tmp_path / "idx")["quotes"]


def test_small_files_go_to_the_worker_once_the_run_has_read_enough(tmp_path, tiny_model, monkeypatch) -> None:
    inline = _facts(_build(tmp_path, "inline", tiny_model))
    started = []
    real = worker.Worker.__init__
    # Neither file alone reaches it; the two together do: the second goes to the worker.
    monkeypatch.setattr(worker, "MIN_CHARS", max(len(t) for t in ARTICLES.values()) + 1)
    monkeypatch.setattr(worker.Worker, "__init__", lambda self, name: started.append(name) or real(self, name))
    assert _facts(_build(tmp_path, "worker", tiny_model)) == inline
    assert len(started) == 1


def test_files_waiting_for_their_facts_are_finished_by_the_next_run(tmp_path, tiny_model, monkeypatch) -> None:
    """Chunks stored, facts not yet read, run killed: the manifest does not list the files;
    the next run reads their facts without embedding anything again."""
    inline = _facts(_build(tmp_path, "inline", tiny_model))
    monkeypatch.setattr(facts_mod.FileFacts, "ready", lambda self: False)  # a worker slower than the embedding

    def killed(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_mod._Writer, "settle", killed)
    with pytest.raises(KeyboardInterrupt):
        _build(tmp_path, "killed", tiny_model)
    manifest = json.loads((tmp_path / "killed" / "manifest.json").read_text(encoding="utf-8"))
    assert not manifest["files"] and not manifest["complete"]
    assert sorted(manifest["partial"]) == sorted(ARTICLES)
    assert all(p["written"] == p["chunks"] for p in manifest["partial"].values())
    monkeypatch.undo()

    index = assistant.open_index(tmp_path / "killed", embed_model=tiny_model, ranker="none")
    report = index.add(tmp_path / "corpus")
    assert report.chunks_embedded == 0
    assert sorted(report.files_updated) == sorted(ARTICLES)
    assert _facts(tmp_path / "killed") == inline
    assert index.search("harbour director", k=1)[0].source == "port.txt"


def test_the_embedding_leaves_a_core_to_a_busy_worker(tmp_path, tiny_model, monkeypatch) -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        seen: list[int] = []
        busy = iter([True, True, False])
        monkeypatch.setattr(facts_mod.FactsReader, "busy", lambda self: next(busy, False))
        from assistant.indexing.embedding import SentenceTransformerEmbedder
        real = SentenceTransformerEmbedder._encode
        monkeypatch.setattr(SentenceTransformerEmbedder, "_encode",
                            lambda self, texts, bs: seen.append(torch.get_num_threads()) or real(self, texts, bs))
        _build(tmp_path, "shared", tiny_model)
        assert seen and seen[0] == 1  # the worker was busy when the embedding began
        assert torch.get_num_threads() == 2  # given back
    finally:
        torch.set_num_threads(before)
