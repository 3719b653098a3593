"""A big file's facts are read by a worker process beside the embedding: the same facts
as read inline, a worker that dies is replaced by reading inline, and the worker never
re-runs the caller's script (as ``multiprocessing``'s spawn would). Our own articles.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env, write_corpus

import assistant
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
