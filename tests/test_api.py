"""The HTTP API on a live server (uvicorn on a free loopback port, the Gradio UI mounted):
every endpoint, the CLI's JSON shapes, malformed requests, 20 clients at once, and
``assistant serve`` as outside scripts start it. Tiny model, real Chroma."""

from __future__ import annotations

import concurrent.futures as cf
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("gradio")
httpx = pytest.importorskip("httpx")

from conftest import STORIES, cli_env, write_corpus  # noqa: E402

import assistant  # noqa: E402
from assistant import Assistant  # noqa: E402

# Twenty made-up towns, each with one story only it has: a question names its town.
TOWNS = ["Avelmoor", "Brindlecott", "Carrowvale", "Dunmerrow", "Elsworthy", "Fenwick", "Glenhollow",
         "Harrowgate", "Ivybridge", "Jessamine", "Kilderry", "Larkspur", "Marlowe", "Northam",
         "Oakhurst", "Pennywell", "Quarrington", "Rosslare", "Stourbridge", "Thistledown"]
THINGS = ["clocktower", "aquarium", "observatory", "velodrome", "greenhouse", "planetarium", "bandstand",
          "lighthouse", "boathouse", "orangery"]


def town_stories() -> dict[str, str]:
    return {
        f"towns/{town.lower()}.txt": (
            f"{town} unveils its {THINGS[i % len(THINGS)]}\n\n"
            f"Councillor Ines Varga of {town} unveiled the restored {THINGS[i % len(THINGS)]} on Friday, "
            f"residents reported. Repairs took {i + 2} months.\n"
        )
        for i, town in enumerate(TOWNS)
    }


@contextmanager
def live_server(app: Any, port: int = 0) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread on a loopback port (a free one unless given);
    yields its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the same port again after a restart
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, tiny_embedder) -> tuple[Path, Path, Assistant]:
    root = write_corpus(tmp_path_factory.mktemp("api") / "corpus", {**STORIES, **town_stories()})
    index = assistant.open_index(root.parent / "idx", embedder=tiny_embedder, create=True)
    index.add(root)
    return root, root.parent / "idx", Assistant(index)


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    from assistant.serve.app import create_app

    with live_server(create_app(built[2])) as url:
        yield url


def post(url: str, path: str, timeout: float = 60, **kwargs: Any) -> httpx.Response:
    return httpx.post(url + path, timeout=timeout, **kwargs)


def test_health_and_info_match_the_cli(server: str, built, run_cli) -> None:
    health = httpx.get(server + "/api/health", timeout=30)
    assert health.status_code == 200 and health.json()["status"] == "ok" and health.json()["indexed"] is True
    info = httpx.get(server + "/api/info", timeout=30).json()
    cli = run_cli("info", "--json", "--index-dir", built[1])
    assert cli.returncode == 0, cli.stderr
    assert info == json.loads(cli.stdout)
    assert info["files"] == len(STORIES) + len(TOWNS)


def test_search_and_ask_match_the_cli_json(server: str, built, run_cli) -> None:
    search = post(server, "/api/search", json={"query": "Who opened the new river bridge?", "k": 3})
    assert search.status_code == 200
    cli = run_cli("search", "Who opened the new river bridge?", "-k", "3", "--json", "--index-dir", built[1])
    assert cli.returncode == 0, cli.stderr
    assert search.json() == json.loads(cli.stdout)
    assert search.json()["hits"][0]["source"] == "bridge.txt"

    ask = post(server, "/api/ask", json={"question": "Who opened the new river bridge?"})
    assert ask.status_code == 200
    cli = run_cli("ask", "Who opened the new river bridge?", "--json", "--index-dir", built[1])
    assert cli.returncode == 0, cli.stderr
    assert ask.json() == json.loads(cli.stdout)
    data = ask.json()
    assert data["answered"] and data["citations"][0]["source"] == "bridge.txt"
    assert data["citations"][0]["lines"] == [3, 3]


def test_search_filters(server: str) -> None:
    body = {"query": "library flood books", "k": 5, "filters": {"sources": ["storm"]}}
    hits = post(server, "/api/search", json=body).json()["hits"]
    assert hits and {h["source"] for h in hits} == {"storm/flood.txt"}
    body["filters"] = {"since": "2024-08-01", "until": "2024-08-31"}
    hits = post(server, "/api/search", json=body).json()["hits"]
    assert hits and {h["date"] for h in hits} == {"2024-08-03"}


def test_ask_follow_up_with_history(server: str) -> None:
    data = post(server, "/api/ask", json={"question": "How much did it cost?",
                                          "history": ["Who opened the new river bridge?"]}).json()
    assert data["answered"] and "12 million" in data["answer"]
    turns = [{"question": "Who opened the new river bridge?", "answer": "The mayor of Springfield."}]
    assert post(server, "/api/ask", json={"question": "How much did it cost?", "history": turns}).status_code == 200
    # A turn's ``short`` names what a "she" in the next question means.
    named = [{"question": "Who opened the new river bridge?", "answer": "The mayor.", "short": "Ada Okafor"}]
    read = post(server, "/api/ask", json={"question": "When did she open the bridge?", "history": named}).json()
    assert read["query"] == "When did Ada Okafor open the bridge?" and read["assumed"][0]["applied"]


def test_a_hostile_history_cannot_blow_up_the_question(server: str) -> None:
    # A turn's short put in for every "he" (1.2 MB from 4 kB), and a last question that made
    # the search for "that hospital" backtrack for tens of seconds: both bounded now.
    many = {"question": ("he " * 600 + "that hospital " * 100)[:4000],
            "history": [{"question": "Who " + "Big " * 900 + "hospital said it?", "short": "Ab" + "c" * 70}]}
    read = post(server, "/api/ask", json=many, timeout=20)
    assert read.status_code == 200 and len(read.json()["query"]) < 2 * 4000
    slow = {"question": "that hospital " * 280, "history": [{"question": "Which " + "Aa " * 1300 + "x?", "short": "Z"}]}
    assert post(server, "/api/ask", json=slow, timeout=20).status_code == 200


def test_a_follow_up_says_what_it_was_read_with_and_can_be_asked_without_it(server: str, built,
                                                                          run_cli) -> None:
    body = {"question": "How much did it cost?", "history": ["Who opened the new river bridge?"]}
    read = post(server, "/api/ask", json=body).json()
    assert read["assumed"] == [{"kind": "context", "key": "context", "label": "Who opened the new river bridge?",
                                "applied": True}]
    assert read["query"] != body["question"]
    alone = post(server, "/api/ask", json=body | {"filters": {"ignore": ["context"]}}).json()
    assert alone["query"] == body["question"] and alone["assumed"][0]["applied"] is False
    cli = run_cli("ask", body["question"], "--history", body["history"][0], "--ignore", "context", "--json",
                  "--index-dir", built[1])
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["query"] == body["question"]
    bad = post(server, "/api/ask", json=body | {"filters": {"ignore": ["x" * 1001]}})
    assert bad.status_code == 422


def test_ask_stream_is_server_sent_events(server: str) -> None:
    body = {"question": "Who opened the new river bridge?", "k": 4}
    with httpx.stream("POST", server + "/api/ask/stream", json=body, timeout=60) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = [(block.split("\n")[0].removeprefix("event: "), json.loads(block.split("\n")[1].removeprefix("data: ")))
              for block in raw.strip().split("\n\n")]
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) == {"delta"}
    final = events[-1][1]
    assert final == post(server, "/api/ask", json=body).json()
    assert final["citations"] and "".join(d["text"] for _, d in events[:-1]).strip()


@pytest.mark.parametrize(("path", "body", "status", "names"), [
    ("/api/ask", {}, 422, "question: Field required"),
    ("/api/ask", {"question": "   "}, 422, "question"),
    ("/api/ask", {"question": 123}, 422, "question"),
    ("/api/ask", {"question": "Who?", "k": "5"}, 422, "k: Input should be a valid integer"),
    ("/api/ask", {"question": "Who?", "k": 2.5}, 422, "k"),
    ("/api/ask", {"question": "Who?", "k": 0}, 422, "k: Input should be greater than or equal to 1"),
    ("/api/ask", {"question": "Who?", "k": 51}, 422, "k: Input should be less than or equal to 50"),
    ("/api/ask", {"question": "Who?", "history": "not a list"}, 422, "history"),
    ("/api/ask", {"question": "Who?", "history": [{"q": 1}]}, 422, "history"),
    ("/api/ask", {"question": "Who?", "history": [{"question": "Who?", "short": 5}]}, 422, "history"),
    ("/api/ask", {"question": "Who?", "history": [{"question": "Who?", "short": "x" * 4001}]}, 422, "history"),
    ("/api/ask", {"question": "Who?", "mode": "gpt"}, 422, "mode"),
    ("/api/ask", {"question": "Who?", "colour": "red"}, 422, "colour: unknown field"),
    ("/api/ask", {"question": "Who?", "filters": {"since": "2024-02-30"}}, 422, "filters.since"),
    ("/api/ask", {"question": "Who?", "filters": {"since": "yesterday"}}, 422, "filters.since"),
    ("/api/ask", {"question": "Who?", "filters": {"since": "2024-05-01", "until": "2024-04-01"}}, 422,
     "since is after until"),
    ("/api/ask", {"question": "Who?", "filters": {"outlets": "BBC"}}, 422, "filters.outlets"),
    ("/api/ask", {"question": "Who?", "mode": "llm"}, 400, "no LLM endpoint is configured"),
    ("/api/ask", [1, 2], 422, "body: the body must be a JSON object"),
    ("/api/ask/stream", {"k": 3}, 422, "question: Field required"),
    ("/api/search", {"query": "bridge", "k": 1001}, 422, "k"),
    ("/api/search", {"q": "bridge"}, 422, "query: Field required"),
    ("/api/search", {"query": "bridge", "filters": {"until": "31/12/2024"}}, 422, "filters.until"),
    ("/api/feedback", {"kind": "great", "answer": {"question": "Who?"}}, 422, "kind"),
])
def test_malformed_requests_get_4xx_naming_the_problem(server: str, path: str, body: Any, status: int,
                                                      names: str) -> None:
    response = post(server, path, json=body)
    assert response.status_code == status, response.text
    assert names in response.json()["error"], response.json()


@pytest.mark.parametrize(("content", "headers"), [
    (b"{not json", {"content-type": "application/json"}),
    (b"question=Who", {"content-type": "application/x-www-form-urlencoded"}),
    (b"", {"content-type": "application/json"}),
    (b'{"question": "\xff"}', {"content-type": "application/json"}),  # not UTF-8: FastAPI's own 400 before
])
def test_non_json_bodies_get_422(server: str, content: bytes, headers: dict[str, str]) -> None:
    response = post(server, "/api/ask", content=content, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"].startswith("body: ")


def test_wrong_method_and_unknown_path_are_json_errors(server: str) -> None:
    response = httpx.get(server + "/api/ask", timeout=30)
    assert response.status_code == 405 and "use POST" in response.json()["error"]
    response = httpx.get(server + "/api/nothing-here", timeout=30)
    assert response.status_code == 404 and "/docs" in response.json()["error"]
    assert httpx.get(server + "/api/health", timeout=30).status_code == 200  # still serving


def test_openapi_schema_is_served(server: str) -> None:
    schema = httpx.get(server + "/openapi.json", timeout=30).json()
    assert {"/api/search", "/api/ask", "/api/ask/stream", "/api/health", "/api/info", "/api/feedback",
            "/api/upload", "/api/reindex"} <= set(schema["paths"])
    assert "question" in schema["components"]["schemas"]["AskIn"]["required"]
    assert httpx.get(server + "/docs", timeout=30).status_code == 200


def test_twenty_concurrent_clients_get_their_own_answers(server: str, built) -> None:
    """20 clients at once get exactly what each would get alone, for their own question."""
    index = built[2].index
    embedder = index.embedder

    def request(i: int) -> tuple[dict[str, Any], dict[str, Any]]:
        town, thing = TOWNS[i], THINGS[i % len(THINGS)]
        with httpx.Client(timeout=120) as client:
            answer = client.post(server + "/api/ask", json={"question": f"Who unveiled the {thing} in {town}?",
                                                            "k": 3 + i % 3}).json()
            hits = client.post(server + "/api/search", json={"query": town, "k": 2}).json()
        return answer, hits

    alone = [request(i) for i in range(20)]
    with cf.ThreadPoolExecutor(20) as pool:
        together = list(pool.map(request, range(20)))
    for i, ((answer, hits), expected) in enumerate(zip(together, alone, strict=True)):
        town = TOWNS[i]
        assert answer["question"] == f"Who unveiled the {THINGS[i % len(THINGS)]} in {town}?"
        assert (answer, hits) == expected
        assert len(answer["retrieved"]) == 3 + i % 3
        assert hits["query"] == town and hits["hits"][0]["source"] == f"towns/{town.lower()}.txt"
    assert index.embedder is embedder  # one engine, shared, never reloaded


def test_feedback_is_appended_beside_the_index(server: str, built) -> None:
    from assistant.serve.feedback import read_feedback

    answer = post(server, "/api/ask", json={"question": "Who opened the new river bridge?"}).json()
    before = len(read_feedback(built[1]))
    saved = post(server, "/api/feedback", json={"kind": "wrong_citation", "answer": answer, "comment": "line 4"})
    assert saved.status_code == 200 and saved.json()["saved"]
    lines = read_feedback(built[1])
    assert len(lines) == before + 1
    assert lines[-1]["kind"] == "wrong_citation" and lines[-1]["comment"] == "line 4"
    assert lines[-1]["question"] == answer["question"] and lines[-1]["citations"] == answer["citations"]


def test_upload_reindex_and_feedback_export_on_a_local_server(tmp_path: Path, tiny_embedder) -> None:
    """Without tokens (loopback) everyone is an editor, as before: no Authorization needed;
    the changes still go to the audit log, as the anonymous local user."""
    from assistant.serve.access import read_audit
    from assistant.serve.app import create_app

    root = write_corpus(tmp_path / "corpus", STORIES)
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(root)
    story = "Lantern parade lights the harbour\n\nThe lantern parade crossed the harbour on Sunday, organisers said.\n"
    with live_server(create_app(Assistant(index), ui=False, max_file_mb=0.001)) as url:
        files = [("files", ("Lantern parade.txt", story.encode(), "text/plain")),
                 ("files", ("../../notes.md", b"# Notes\n\nThe harbour notes.\n", "text/markdown"))]
        uploaded = httpx.post(url + "/api/upload", files=files, timeout=120)
        assert uploaded.status_code == 200, uploaded.text
        assert uploaded.json()["saved"] == ["uploads/Lantern_parade.txt", "uploads/notes.md"]
        assert uploaded.json()["files_added"] == 2
        too_big = httpx.post(url + "/api/upload", files=[("files", ("big.txt", b"x" * 2000, "text/plain"))], timeout=60)
        assert too_big.status_code == 400 and "over the" in too_big.json()["error"]
        wrong = httpx.post(url + "/api/upload", files=[("files", ("run.exe", b"MZ", "application/octet-stream"))],
                           timeout=60)
        assert wrong.status_code == 400 and "unsupported file type '.exe'" in wrong.json()["error"]
        for kwargs in ({}, {"json": {"files": ["/etc/passwd"]}}, {"data": {"files": "/etc/passwd"}}):
            nothing = httpx.post(url + "/api/upload", timeout=60, **kwargs)  # type: ignore[arg-type]
            assert nothing.status_code == 400 and "multipart form field 'files'" in nothing.json()["error"]
        broken = httpx.post(url + "/api/upload", content=b"--x\r\nnonsense", timeout=60,
                            headers={"content-type": "multipart/form-data; boundary=x"})
        assert broken.status_code == 400 and "multipart form" in broken.json()["error"]
        (root / "bridge.txt").unlink()
        report = httpx.post(url + "/api/reindex", timeout=120).json()
        assert (report["files_removed"], report["files_unchanged"]) == (1, 4)
        hits = post(url, "/api/search", json={"query": "lantern parade harbour", "k": 1}).json()["hits"]
        assert hits[0]["source"] == "uploads/Lantern_parade.txt"
        assert httpx.get(url + "/api/feedback", timeout=30).json() == {"count": 0, "feedback": []}
    audit = [(a["user"], a["action"], a["result"].split(":")[0]) for a in read_audit(tmp_path / "idx")]
    assert audit == [("anonymous", "upload", "ok"), ("anonymous", "upload", "error"),
                     ("anonymous", "upload", "error"), ("anonymous", "reindex", "ok"),
                     ("anonymous", "feedback-export", "ok")]


def test_an_empty_index_says_how_to_build_one(tmp_path: Path, tiny_embedder) -> None:
    from fastapi.testclient import TestClient

    from assistant.serve.app import create_app

    bot = Assistant(assistant.open_index(tmp_path / "none", embedder=tiny_embedder, create=True))
    client = TestClient(create_app(bot, ui=False), base_url="http://127.0.0.1")
    assert client.get("/api/health").json()["indexed"] is False
    for response in (client.get("/api/info"), client.post("/api/ask", json={"question": "Who?"}),
                     client.post("/api/search", json={"query": "bridge"})):
        assert response.status_code == 404
        assert "no index at" in response.json()["error"] and "assistant index" in response.json()["error"]


def test_assistant_serve_as_outside_scripts_start_it(built, tmp_path: Path) -> None:
    """``assistant serve --host --port --index-dir`` in a subprocess, then /api/ask over HTTP."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--index-dir", str(built[1])], cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "assistant serve did not come up"
            time.sleep(0.5)
        data = httpx.post(url + "/api/ask", json={"question": "Who opened the new river bridge?"}, timeout=60).json()
        assert data["answered"] and data["citations"][0]["source"] == "bridge.txt"
        assert httpx.get(url + "/", timeout=30).status_code == 200  # the UI, same server
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out
