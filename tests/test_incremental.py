"""Incremental indexing: unchanged files are not embedded again, a changed file is
re-embedded alone, a deleted file loses its chunks, another model is refused, and a run
killed mid-way leaves an index that works and that the next run completes."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import STORIES, WORDS, cli_env

import assistant
from assistant.indexing import manifest as manifest_mod


def _consistent(index: assistant.Index) -> None:
    """No duplicate or stray chunks: manifest, store and table agree."""
    manifest = manifest_mod.load(index.index_dir)
    assert manifest is not None and manifest.complete
    per_file = sum(e.chunks for e in manifest.files.values())
    table = index.lexical.table
    live = _live(table)
    assert len({table.ids[r] for r in live}) == len(live)
    assert index.store.count() == len(live) == table.live_count == per_file
    assert {table.metas[r]["source"] for r in live} == set(manifest.files)


def _live(table) -> list[int]:
    """The rows of chunks in the index (a removed chunk may keep its row as a tombstone)."""
    return list(range(len(table))) if table.live is None else np.flatnonzero(table.live).tolist()


@pytest.fixture
def built(stories: Path, tmp_path: Path, tiny_embedder) -> tuple[assistant.Index, Path]:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(stories)
    assert report.to_json()["files_added"] == 3
    return index, stories


def test_unchanged_corpus_embeds_nothing(built) -> None:
    index, corpus = built
    total = index.info().chunks
    report = index.add(corpus).to_json()
    assert report["chunks_embedded"] == 0
    assert report["files_unchanged"] == 3
    assert report["files_added"] == report["files_updated"] == report["files_removed"] == 0
    assert report["chunks_total"] == total
    _consistent(index)


def test_cli_rerun_on_unchanged_corpus_embeds_nothing(built, tiny_model: str, run_cli) -> None:
    index, corpus = built
    out = run_cli("index", corpus, "--index-dir", index.index_dir, "--embed-model", tiny_model, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["chunks_embedded"] == 0
    assert report["files_unchanged"] == 3
    assert report["chunks_total"] == index.info().chunks


def test_changed_file_is_reembedded_alone(built, tiny_embedder) -> None:
    index, corpus = built
    (corpus / "bridge.txt").write_text(
        "Mayor opens new river bridge\n\n"
        "The mayor opened the river bridge on Monday. It cost 15 million, not 12 million as planned.\n\n"
        "The council said the bridge took three years to build. Students from the school sang.\n\n"
        "The new train station by the bridge will open in May, the mayor said.\n",
        encoding="utf-8",
    )
    report = index.add(corpus)
    assert report.to_json()["files_updated"] == 1 and report.files_updated == ["bridge.txt"]
    assert sorted(report.files_unchanged) == ["festival.md", "storm/flood.txt"]
    chunks = index.manifest.files["bridge.txt"].chunks
    assert report.chunks_embedded == chunks > 0
    table = index.lexical.table
    texts = [table.texts[r] for r in _live(table) if table.metas[r]["source"] == "bridge.txt"]
    assert len(texts) == chunks
    assert any("15 million" in t for t in texts)
    assert not any("Farmers said" in t for t in texts)  # the old text is gone
    _consistent(index)
    _consistent(assistant.open_index(index.index_dir, embedder=tiny_embedder))


def test_deleted_file_loses_its_chunks(built, tiny_embedder) -> None:
    index, corpus = built
    before = index.info().chunks
    gone = index.manifest.files["festival.md"].chunks
    assert any(h.source == "festival.md" for h in index.search("harbour festival parade", k=10))
    (corpus / "festival.md").unlink()

    report = index.add(corpus)

    assert report.to_json()["files_removed"] == 1 and report.files_removed == ["festival.md"]
    assert report.chunks_embedded == 0
    assert report.chunks_total == before - gone
    reopened = assistant.open_index(index.index_dir, embedder=tiny_embedder)
    for q in ("harbour festival parade", "ten thousand people", "museum train station", "bridge"):
        assert all(h.source != "festival.md" for h in reopened.search(q, k=50))
    assert reopened.info().chunks == before - gone
    _consistent(reopened)


def test_other_embed_model_is_refused_with_how_to_rebuild(built, run_cli) -> None:
    index, corpus = built
    with pytest.raises(assistant.IndexMismatchError, match="rm -rf"):
        assistant.open_index(index.index_dir, embed_model="all-MiniLM-L6-v2")
    out = run_cli("index", corpus, "--index-dir", index.index_dir, "--embed-model", "all-MiniLM-L6-v2")
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("Error: ")
    assert "was built with embedding model" in lines[0]
    assert f"rm -rf {index.index_dir} && assistant index PATH --index-dir {index.index_dir}" in lines[0]
    assert "--embed-model all-MiniLM-L6-v2" in lines[0]
    # The refused run changed nothing.
    assert assistant.open_index(index.index_dir, embedder=index.embedder).info().files == 3


def _generated_corpus(root: Path, files: int) -> Path:
    rng = random.Random(7)
    for i in range(files):
        paras = [
            " ".join(" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(5))
            for _ in range(6)
        ]
        (root / f"part{i % 4}").mkdir(parents=True, exist_ok=True)
        (root / f"part{i % 4}" / f"story_{i:04d}.txt").write_text(
            f"Council report number {i}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    for name, text in STORIES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_killed_run_leaves_a_working_index_and_next_run_completes(tmp_path: Path, tiny_model: str,
                                                                    tiny_embedder, run_cli) -> None:
    files = 160  # ~1,000 chunks: two embedding batches, a few seconds with the tiny model
    corpus = _generated_corpus(tmp_path / "corpus", files)
    idx = tmp_path / "idx"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", str(corpus), "--index-dir", str(idx),
         "--embed-model", tiny_model, "--json"],
        cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    killed_with = None
    try:
        while proc.poll() is None:
            manifest = manifest_mod.load(idx) if (idx / manifest_mod.FILENAME).exists() else None
            if manifest is not None and manifest.files and not manifest.complete:
                proc.send_signal(signal.SIGKILL)
                killed_with = len(manifest.files)
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None and killed_with is None:
            proc.kill()
        _, err = proc.communicate()
    assert killed_with is not None, f"the run finished before it could be killed: {err.decode()[-500:]}"
    assert proc.returncode == -signal.SIGKILL

    # The half-built index opens and searches.
    half = assistant.open_index(idx, embedder=tiny_embedder)
    info = half.info()
    assert not info.complete
    assert 0 < info.files < files + len(STORIES)
    assert half.search("council report", k=3)

    out = run_cli("index", corpus, "--index-dir", idx, "--embed-model", tiny_model, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    total_files = files + len(STORIES)
    assert report["files_added"] + report["files_updated"] + report["files_unchanged"] == total_files
    assert report["files_unchanged"] >= killed_with
    assert report["files_skipped"] == report["files_removed"] == 0

    done = assistant.open_index(idx, embedder=tiny_embedder)
    assert done.info().complete and done.info().files == total_files
    assert report["chunks_total"] == done.info().chunks
    _consistent(done)
    assert any(h.source == "bridge.txt" for h in done.search("bridge cost 12 million", k=10))
