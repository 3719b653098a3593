"""Research threads (issue 16): conversations kept beside the index across restarts, per
user, over HTTP through the real server; their answers come back whole."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import assistant
from assistant import Assistant
from assistant.serve.threads import ThreadNotFoundError, ThreadStore, answer_from_state, answer_state


@pytest.fixture(scope="module")
def bridge_index(tmp_path_factory: pytest.TempPathFactory, tiny_embedder) -> Path:
    from conftest import STORIES, write_corpus

    folder = tmp_path_factory.mktemp("threads")
    root = write_corpus(folder / "corpus", STORIES)
    index = assistant.open_index(folder / "idx", embedder=tiny_embedder, create=True)
    index.add(root)
    return folder / "idx"


def _bot(idx: Path, tiny_embedder) -> Assistant:
    return Assistant(assistant.open_index(idx, embedder=tiny_embedder))


def test_an_answer_is_kept_whole(bridge_index: Path, tiny_embedder) -> None:
    answer = _bot(bridge_index, tiny_embedder).ask("Who opened the new river bridge?")
    assert answer.citations and answer.hits
    assert answer_from_state(answer_state(answer)) == answer


def test_threads_are_per_user_and_limited(bridge_index: Path, tiny_embedder, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store = ThreadStore(tmp_path)
    answer = _bot(bridge_index, tiny_embedder).ask("Who opened the new river bridge?")
    mine = store.create("ana")
    store.add_turn("ana", mine.id, "Who opened the new river bridge?", answer)
    assert [t.title for t in store.list("ana")] == ["Who opened the new river bridge?"]
    assert store.list("ben") == []
    with pytest.raises(ThreadNotFoundError):
        store.get("ben", mine.id)  # another user's thread is not there for them
    monkeypatch.setattr("assistant.serve.threads.MAX_TURNS", 1)
    with pytest.raises(assistant.errors.ConfigError, match="start a new thread"):
        store.add_turn("ana", mine.id, "Again?", answer)
    with pytest.raises(assistant.errors.ConfigError, match="X-Assistant-User"):
        store.list("../etc/passwd")
    store.delete("ana", mine.id)
    assert store.list("ana") == []


def test_a_thread_over_http_survives_a_server_restart(bridge_index: Path, tiny_embedder) -> None:
    from test_api import live_server

    from assistant.serve.app import create_app

    headers = {"X-Assistant-User": "desk.ana"}
    with live_server(create_app(_bot(bridge_index, tiny_embedder))) as url:
        made = httpx.post(url + "/api/threads", json={}, headers=headers, timeout=60).json()
        tid = made["id"]
        first = httpx.post(url + "/api/ask", json={"question": "Who opened the new river bridge?", "thread": tid},
                           headers=headers, timeout=60).json()
        assert first["thread"] == tid and first["answered"]
        follow = httpx.post(url + "/api/ask", json={"question": "How much did it cost?", "thread": tid},
                            headers=headers, timeout=60).json()
        assert follow["answered"] and "12 million" in follow["answer"]  # read with the thread's history
        listed = httpx.get(url + "/api/threads", headers=headers, timeout=60).json()["threads"]
        assert [(t["id"], t["title"], t["turns"]) for t in listed] == [(tid, "Who opened the new river bridge?", 2)]
        # Another user, a made-up id, a malformed id, a bad user name: refused, nothing leaks.
        other = httpx.get(url + f"/api/threads/{tid}", headers={"X-Assistant-User": "ben"}, timeout=60)
        assert other.status_code == 404 and "no thread" in other.json()["error"]
        assert httpx.get(url + "/api/threads/" + "0" * 32, headers=headers, timeout=60).status_code == 404
        assert httpx.get(url + "/api/threads/../../etc", headers=headers, timeout=60).status_code == 404
        assert httpx.get(url + "/api/threads/xyz", headers=headers, timeout=60).status_code == 422
        bad_user = httpx.get(url + "/api/threads", headers={"X-Assistant-User": "a/b"}, timeout=60)
        assert bad_user.status_code == 400 and "X-Assistant-User" in bad_user.json()["error"]
        wrong_thread = httpx.post(url + "/api/ask", json={"question": "Who?", "thread": "not-an-id"}, timeout=60)
        assert wrong_thread.status_code == 422
        renamed = httpx.patch(url + f"/api/threads/{tid}", json={"title": "Bridge <b>story</b>"},
                              headers=headers, timeout=60).json()
        assert renamed["title"] == "Bridge <b>story</b>"
        assert httpx.patch(url + f"/api/threads/{tid}", json={"title": "x" * 500}, headers=headers,
                           timeout=60).status_code == 422

    # A new server process over the same index folder: the thread and its answers are there.
    with live_server(create_app(_bot(bridge_index, tiny_embedder))) as url:
        kept = httpx.get(url + f"/api/threads/{tid}", headers=headers, timeout=60).json()
        assert kept["title"] == "Bridge <b>story</b>"
        assert [t["question"] for t in kept["turns"]] == ["Who opened the new river bridge?", "How much did it cost?"]
        assert kept["turns"][1]["answer"]["answer"] == follow["answer"]
        assert kept["turns"][1]["answer"]["citations"] == follow["citations"]
        md = httpx.get(url + f"/api/threads/{tid}/export", headers=headers, timeout=60)
        assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
        assert md.text.startswith("# Bridge &lt;b&gt;story&lt;/b&gt;")  # a title is text, never markup
        assert "## How much did it cost?" in md.text and "12 million" in md.text and "bridge.txt" in md.text
        assert httpx.delete(url + f"/api/threads/{tid}", headers=headers, timeout=60).json() == {"deleted": tid}
        assert httpx.get(url + f"/api/threads/{tid}", headers=headers, timeout=60).status_code == 404
        assert httpx.put(url + "/api/threads", headers=headers, timeout=60).status_code == 405
