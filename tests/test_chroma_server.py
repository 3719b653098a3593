"""Indexing into and searching a real ``chroma run`` server, through the CLI and the API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import assistant


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a ``chroma run`` server on a free port, stopped at the end of the session."""
    binary = Path(sys.executable).parent / "chroma"
    if not binary.exists():
        pytest.skip(f"no chroma binary at {binary}")
    data = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen([str(binary), "run", "--path", str(data / "db"), "--port", str(port),
                             "--host", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}: {(data / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"chroma run did not answer its heartbeat: {(data / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def chroma_url(chroma_server: str) -> str:
    """The server, with the collection of any earlier test dropped (one collection per server)."""
    import chromadb
    from chromadb.config import Settings

    port = int(chroma_server.rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=Settings(anonymized_telemetry=False))
    if any(c.name == "articles" for c in client.list_collections()):
        client.delete_collection("articles")
    return chroma_server


def test_api_index_and_search_through_server(chroma_url: str, stories: Path, tmp_path: Path,
                                             tiny_embedder) -> None:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, chroma_url=chroma_url, create=True)
    report = index.add(stories)
    assert sorted(report.files_added) == ["bridge.txt", "festival.md", "storm/flood.txt"]
    assert index.store.count() == report.chunks_total > 0
    assert not (tmp_path / "idx" / "chroma").exists()  # vectors live on the server
    hits = index.search("how much did the bridge cost?", k=3)
    assert hits[0].source == "bridge.txt" and "12 million" in hits[0].text
    info = index.info()
    assert info.chroma == chroma_url and info.files == 3

    # Reopened without the URL: the manifest remembers the server.
    again = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder)
    assert again.chroma_url == chroma_url
    assert [h.chunk_id for h in again.search("how much did the bridge cost?", k=3)] == [h.chunk_id for h in hits]
    # A second run embeds nothing.
    assert again.add(stories).chunks_embedded == 0
    (stories / "festival.md").unlink()
    assert again.add(stories).files_removed == ["festival.md"]
    assert again.store.count() == again.info().chunks


def test_cli_index_and_search_through_server(chroma_url: str, stories: Path, tmp_path: Path,
                                             tiny_model: str, run_cli) -> None:
    idx = tmp_path / "idx"
    out = run_cli("index", stories, "--index-dir", idx, "--embed-model", tiny_model,
                  "--chroma-url", chroma_url, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["files_added"] == 3 and report["chunks_embedded"] == report["chunks_total"] > 0

    found = run_cli("search", "how much did the bridge cost?", "-k", "3", "--index-dir", idx,
                    "--chroma-url", chroma_url, "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert hits[0]["source"] == "bridge.txt" and "12 million" in hits[0]["text"]

    info = run_cli("info", "--index-dir", idx, "--json")
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["chroma"] == chroma_url
    assert json.loads(info.stdout)["chunks"] == report["chunks_total"]


def test_down_server_gives_one_error_line_naming_chroma_run(stories: Path, tmp_path: Path,
                                                            tiny_model: str, run_cli) -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    with pytest.raises(assistant.StoreError, match="chroma run"):
        index = assistant.open_index(tmp_path / "api", embed_model=tiny_model, chroma_url=url, create=True)
        index.store  # noqa: B018 -- opening the store is what fails

    out = run_cli("index", stories, "--index-dir", tmp_path / "idx", "--embed-model", tiny_model,
                  "--chroma-url", url)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("Error: cannot open Chroma at " + url)
    assert "start it with: chroma run --path DIR --port PORT" in lines[0]
