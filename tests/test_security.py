"""Doing what the outside tester did, through the real server: a Gradio queue request that
names a server file as its upload, and "Add folder" pointed outside the corpus; then access
control: serving off loopback without a token, reader and editor tokens on the API and in
the UI, and the audit log of who changed the corpus. Tiny model, real Chroma, loopback only."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("gradio")
httpx = pytest.importorskip("httpx")

from conftest import STORIES, cli_env, write_corpus  # noqa: E402
from test_api import live_server  # noqa: E402

import assistant  # noqa: E402
from assistant import Assistant  # noqa: E402
from assistant.errors import ConfigError  # noqa: E402
from assistant.serve.access import Access, Who, is_loopback, read_audit, serving_access  # noqa: E402
from assistant.serve.service import Service  # noqa: E402
from assistant.serve.uploads import UploadError, check_uploaded  # noqa: E402

READER_TOKEN = "reader-" + "r" * 24
EDITOR_TOKEN = "editor-" + "e" * 24
SECRET = "Quarterly payroll ledger\n\nThe payroll password is hunter2 and the vault code is 7741, the admin said.\n"
ARTICLE = "Lantern parade lights the harbour\n\nThe lantern parade crossed the harbour on Sunday, organisers said.\n"


@pytest.fixture
def built(tmp_path: Path, tiny_embedder, monkeypatch: pytest.MonkeyPatch) -> tuple[Service, Path]:
    """A small index, Gradio's upload folder in this test's tmp, and a secret file outside both."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    root = write_corpus(tmp_path / "corpus", STORIES)
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(root)
    secret = tmp_path / "private" / "payroll.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    return Service(Assistant(index)), secret


def leaked(service: Service, secret: Path) -> list[str]:
    """Every trace of the secret: files under the corpus or Gradio's folder holding it, index hits."""
    traces = [str(p) for folder in (service.corpus_dir(), Path(os.environ["GRADIO_TEMP_DIR"])) if folder.exists()
              for p in folder.rglob("*") if p.is_file() and "hunter2" in p.read_text("utf-8", "replace")]
    traces += [h.source for h in service.index.search("payroll password hunter2 vault", k=10) if "hunter2" in h.text]
    traces += [s for s in (service.index.manifest.files if service.index.manifest else ()) if "payroll" in s]
    return traces


# -- talking to the Gradio queue as a browser (or an attacker) does -------------------------

def file_data(path: str | Path, name: str | None = None) -> dict[str, Any]:
    return {"path": str(path), "orig_name": name or Path(path).name, "meta": {"_type": "gradio.FileData"}}


def gradio_event(client: httpx.Client, url: str, button: str, data: list[Any]) -> dict[str, Any]:
    """Click the button with ``elem_id`` ``button`` with ``data`` as its inputs, through
    ``/gradio_api/queue/join``; returns the final queue message (``process_completed``)."""
    config = client.get(url + "/config")
    config.raise_for_status()
    ids = {c.get("props", {}).get("elem_id"): c["id"] for c in config.json()["components"]}
    dep = next(d for d in config.json()["dependencies"] if [ids[button], "click"] in map(list, d["targets"]))
    session = uuid.uuid4().hex
    joined = client.post(url + "/gradio_api/queue/join", json={
        "data": data, "fn_index": dep["id"], "trigger_id": ids[button], "session_hash": session, "event_data": None})
    joined.raise_for_status()
    with client.stream("GET", url + "/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return message
    raise AssertionError("the queue closed without completing the event")


def shown(message: dict[str, Any]) -> str:
    """What the user sees: the corpus status on success, else the error Gradio shows."""
    output = message["output"]
    return output["data"][0] if message["success"] else str(output.get("error"))


def upload_through_form(client: httpx.Client, url: str, name: str, text: str) -> dict[str, Any]:
    """Upload as the browser does (``/gradio_api/upload``), then click "Add uploaded files"."""
    stored = client.post(url + "/gradio_api/upload", files=[("files", (name, text.encode("utf-8"), "text/plain"))])
    stored.raise_for_status()
    return gradio_event(client, url, "add-uploads", [[file_data(stored.json()[0], name)]])


# -- 1. a server file named as "the upload" ---------------------------------------------------

def test_crafted_upload_naming_a_server_file_is_refused(built: tuple[Service, Path]) -> None:
    """The outside tester's request: a FileData whose path is a server file, straight to
    the queue. Nothing is copied, indexed or searchable, and the user is told why."""
    from assistant.serve.app import create_app

    service, secret = built
    files_before = set(service.index.manifest.files)
    with live_server(create_app(service)) as url, httpx.Client(timeout=60) as client:
        refused = gradio_event(client, url, "add-uploads", [[file_data(secret)]])
        assert "not uploaded" in shown(refused), refused
        # Also through a link planted in Gradio's own upload folder, pointing out of it.
        planted = Path(os.environ["GRADIO_TEMP_DIR"]) / ("0" * 64) / "payroll.txt"
        planted.parent.mkdir(parents=True, exist_ok=True)
        planted.symlink_to(secret)
        assert "not uploaded" in shown(gradio_event(client, url, "add-uploads", [[file_data(planted)]]))
        planted.unlink()  # (our own link: gone before looking for copies of the secret)
        # And a regular file in that folder that never came through the upload route: Gradio
        # lets it through, the handler does not.
        stray = Path(os.environ["GRADIO_TEMP_DIR"]) / ("1" * 64) / "payroll.txt"
        stray.parent.mkdir(parents=True)
        stray.write_text(SECRET, encoding="utf-8")
        message = gradio_event(client, url, "add-uploads", [[file_data(stray)]])
        assert message["success"] and "payroll.txt was not uploaded in this request; upload the file through " \
            "the form" in shown(message)
        stray.unlink()
        # A real upload through the form still works, in the same server.
        ok = upload_through_form(client, url, "lantern.txt", ARTICLE)
        assert ok["success"] and "uploads/lantern.txt" in shown(ok) and "1 added" in shown(ok), shown(ok)
    assert not (service.corpus_dir() / "uploads" / "payroll.txt").exists()
    assert leaked(service, secret) == []
    assert set(service.index.manifest.files) == files_before | {"uploads/lantern.txt"}
    assert service.index.search("lantern parade harbour", k=1)[0].source == "uploads/lantern.txt"
    actions = [(line["action"], line["result"].split(":")[0], line["files"]) for line in read_audit(service.index_dir)]
    assert actions == [("upload", "refused", ["payroll.txt"]), ("upload", "ok", ["uploads/lantern.txt"])]


def test_the_handler_refuses_a_server_file_even_when_gradio_lets_it_through(
        built: tuple[Service, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Mounted apps skipped Gradio's own check (it only runs once an app "has launched"), and
    Gradio then copies the named file into its upload folder: the handler's own check,
    against the files the upload route stored, must refuse that copy by itself."""
    import gradio.processing_utils

    from assistant.serve.app import create_app

    monkeypatch.setattr(gradio.processing_utils, "_check_allowed", lambda *args, **kwargs: None)
    service, secret = built
    with live_server(create_app(service)) as url, httpx.Client(timeout=60) as client:
        message = gradio_event(client, url, "add-uploads", [[file_data(secret)]])
    assert message["success"] and "payroll.txt was not uploaded in this request" in shown(message)
    assert not (service.corpus_dir() / "uploads").exists()
    assert not [h for h in service.index.search("payroll password hunter2 vault", k=10) if "hunter2" in h.text]
    assert [a["result"].split(":")[0] for a in read_audit(service.index_dir)] == ["refused"]


def test_check_uploaded_accepts_only_regular_files_the_upload_route_stored(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (folder / "abc").mkdir(parents=True)
    good = folder / "abc" / "story.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text(SECRET, encoding="utf-8")
    (folder / "abc" / "link.txt").symlink_to(outside)
    (folder / "abc" / "inner-link.txt").symlink_to(good)
    os.mkfifo(folder / "abc" / "pipe.txt")
    stored = {str(good)}
    assert check_uploaded(good, folder, stored) == good.resolve()
    assert check_uploaded(good, folder) == good.resolve()  # without the set: the folder alone
    for path in (outside, folder / "abc" / "link.txt", folder / "abc" / "inner-link.txt", folder / "abc" / "pipe.txt",
                 folder / "abc", folder, folder / "abc" / ".." / ".." / "secret.txt", tmp_path / "missing.txt",
                 "", "relative.txt", "/etc/passwd", "bad\0name.txt"):
        with pytest.raises(UploadError, match="was not uploaded in this request; upload the file through the form"):
            check_uploaded(path, folder, stored | {str(path)})
    other = folder / "abc" / "other.txt"
    other.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(UploadError, match=r"other\.txt was not uploaded"):
        check_uploaded(other, folder, stored)  # in the folder, but never uploaded


# -- "Add folder": a path on the server, from a request ---------------------------------------

def test_add_folder_stays_inside_the_corpus(built: tuple[Service, Path], tmp_path: Path) -> None:
    service, secret = built
    root = service.corpus_dir()
    (root / "escape").symlink_to(secret.parent, target_is_directory=True)
    for path in (secret.parent, secret, root / ".." / "private", root / "escape", f"{root}/../private/payroll.txt",
                 "/etc", "~"):
        with pytest.raises(ConfigError, match="is outside the corpus folder"):
            service.add_folder(path)
    with pytest.raises(ConfigError, match="no folder or file at"):
        service.add_folder(root / "nothing-here")
    (root / "escape").unlink()
    write_corpus(root / "more", {"lantern.txt": ARTICLE})
    assert service.add_folder(root / "more").files_added == ["more/lantern.txt"]
    assert leaked(service, secret) == []
    results = [line["result"].split(":")[0] for line in read_audit(service.index_dir)]
    assert results == ["error"] * 8 + ["ok"]


def test_add_folder_on_an_empty_index(tmp_path: Path, tiny_embedder) -> None:
    """Locally (no tokens) any folder starts a corpus, as before; a served assistant with
    tokens takes folders only from its corpus folder, even from an editor."""
    outside = write_corpus(tmp_path / "elsewhere", {"lantern.txt": ARTICLE})
    served = Service(Assistant(assistant.open_index(tmp_path / "a", embedder=tiny_embedder, create=True)),
                     access=Access(editor_token=EDITOR_TOKEN))
    with pytest.raises(ConfigError, match="is outside the corpus folder"):
        served.add_folder(outside, who=Who("editor", "editor"))
    assert not served.has_index()
    local = Service(Assistant(assistant.open_index(tmp_path / "b", embedder=tiny_embedder, create=True)))
    assert local.add_folder(outside).files_added == ["lantern.txt"]


# -- 2. who may serve, and how -----------------------------------------------------------------

def test_serving_access_decides_from_host_and_tokens() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST")] == [True] * 6
    exposed = ("0.0.0.0", "::", "", "192.168.1.5", "example.org", "localhost.evil")
    assert [is_loopback(h) for h in exposed] == [False] * len(exposed)
    assert not serving_access("127.0.0.1").enabled  # make run: open, as before
    assert not serving_access("0.0.0.0", no_auth=True).enabled
    assert serving_access("127.0.0.1", editor_token=EDITOR_TOKEN).enabled  # a token turns it on anywhere
    access = serving_access("0.0.0.0", reader_token=READER_TOKEN, editor_token=EDITOR_TOKEN)
    assert (access.role_of(READER_TOKEN), access.role_of(EDITOR_TOKEN), access.role_of("x" * 30)) == \
        ("reader", "editor", None)
    assert access.login("editor", EDITOR_TOKEN) and access.login("reader", READER_TOKEN)
    assert not access.login("editor", READER_TOKEN) and not access.login("admin", EDITOR_TOKEN)
    assert EDITOR_TOKEN not in repr(access)
    for host, kwargs, message in [
        ("0.0.0.0", {}, "pass --no-auth to serve it open on purpose"),
        ("::", {"reader_token": "  "}, "set --editor-token/--reader-token"),
        ("10.0.0.7", {}, "ASSISTANT_EDITOR_TOKEN"),
        ("0.0.0.0", {"no_auth": True, "editor_token": EDITOR_TOKEN}, "exclude each other"),
        ("0.0.0.0", {"editor_token": "short"}, "shorter than 16 characters"),
        ("0.0.0.0", {"editor_token": EDITOR_TOKEN, "reader_token": EDITOR_TOKEN}, "are the same"),
    ]:
        with pytest.raises(ConfigError, match=message) as info:
            serving_access(host, **kwargs)
        assert "\n" not in str(info.value)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_assistant_serve_off_loopback_without_a_token_refuses_to_start(tmp_path: Path) -> None:
    """``assistant serve --host 0.0.0.0``: one error line, exit 1, before anything listens."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "assistant", "serve", "--host", "0.0.0.0", "--port",
                             str(free_port()), "--index-dir", str(tmp_path / "idx")], cwd=tmp_path, env=cli_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result
    assert result.stderr.startswith("Error: serving on 0.0.0.0 lets anyone on the network in;")
    assert "--no-auth" in result.stderr and "ASSISTANT_EDITOR_TOKEN" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert not (tmp_path / "idx").exists() and time.monotonic() - started < 60


@pytest.fixture
def guarded(built: tuple[Service, Path]) -> Iterator[tuple[str, Service]]:
    """The server with both tokens (bound to loopback: a token turns auth on anywhere)."""
    from assistant.serve.app import create_app

    service = built[0]
    app = create_app(service, access=serving_access("127.0.0.1", reader_token=READER_TOKEN,
                                                    editor_token=EDITOR_TOKEN))
    with live_server(app) as url:
        yield url, service


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_needs_a_token_and_the_editor_token_to_change_the_corpus(guarded: tuple[str, Service]) -> None:
    url, service = guarded
    body = {"question": "Who opened the new river bridge?"}
    for headers in ({}, bearer("wrong-token-of-enough-length"), {"Authorization": EDITOR_TOKEN},
                    {"Authorization": f"Basic {EDITOR_TOKEN}"}):
        for method, path, kwargs in (("POST", "/api/ask", {"json": body}), ("GET", "/api/health", {}),
                                     ("POST", "/api/search", {"json": {"query": "bridge"}}),
                                     ("POST", "/api/reindex", {}), ("GET", "/api/feedback", {}),
                                     ("GET", "/api/entities", {}), ("GET", "/api/quotes", {"params": {"speaker": "x"}}),
                                     ("POST", "/api/timeline", {"json": {"query": "bridge"}})):
            response = httpx.request(method, url + path, headers=headers, timeout=60, **kwargs)
            assert response.status_code == 401, (path, headers, response.text)
            assert "Authorization: Bearer <token>" in response.json()["error"]
            assert response.headers["www-authenticate"].startswith("Bearer")
    answer = httpx.post(url + "/api/ask", json=body, headers=bearer(READER_TOKEN), timeout=60)
    assert answer.status_code == 200 and answer.json()["citations"][0]["source"] == "bridge.txt"
    assert httpx.post(url + "/api/search", json={"query": "bridge"}, headers=bearer(EDITOR_TOKEN),
                      timeout=60).status_code == 200  # the editor token reads too
    for method, path, kwargs in (("GET", "/api/entities", {}), ("GET", "/api/quotes", {}),
                                 ("POST", "/api/timeline", {"json": {"query": "bridge"}})):
        response = httpx.request(method, url + path, headers=bearer(READER_TOKEN), timeout=60, **kwargs)
        assert response.status_code == 200, (path, response.text)  # the knowledge layer reads with the reader token
    assert httpx.post(url + "/api/feedback", json={"kind": "helpful", "answer": answer.json()},
                      headers=bearer(READER_TOKEN), timeout=60).json()["saved"]

    files = [("files", ("lantern.txt", ARTICLE.encode(), "text/plain"))]
    for method, path, kwargs in (("POST", "/api/upload", {"files": files}), ("POST", "/api/reindex", {}),
                                 ("GET", "/api/feedback", {})):
        response = httpx.request(method, url + path, headers=bearer(READER_TOKEN), timeout=60, **kwargs)
        assert response.status_code == 403 and "needs the editor token" in response.json()["error"], response.text
    assert not (service.corpus_dir() / "uploads").exists()

    uploaded = httpx.post(url + "/api/upload", files=files, headers=bearer(EDITOR_TOKEN), timeout=120)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["saved"] == ["uploads/lantern.txt"] and uploaded.json()["files_added"] == 1
    hits = httpx.post(url + "/api/search", json={"query": "lantern parade harbour", "k": 1},
                      headers=bearer(READER_TOKEN), timeout=60).json()["hits"]
    assert hits[0]["source"] == "uploads/lantern.txt"
    exported = httpx.get(url + "/api/feedback", headers=bearer(EDITOR_TOKEN), timeout=60).json()
    assert exported["count"] == 1 and exported["feedback"][0]["kind"] == "helpful"
    assert httpx.post(url + "/api/reindex", headers=bearer(EDITOR_TOKEN), timeout=120).json()["files_unchanged"] == 4

    audit = [(a["role"], a["action"], a["files"], a["result"].split(":")[0], a["client"])
             for a in read_audit(service.index_dir)]
    assert audit == [
        ("reader", "feedback", [], "ok", "127.0.0.1"),
        ("reader", "upload", [], "refused", "127.0.0.1"),  # refused before its body is read
        ("reader", "reindex", [str(service.corpus_dir())], "refused", "127.0.0.1"),
        ("reader", "feedback-export", [], "refused", "127.0.0.1"),
        ("editor", "upload", ["uploads/lantern.txt"], "ok", "127.0.0.1"),
        ("editor", "feedback-export", [], "ok", "127.0.0.1"),
        ("editor", "reindex", [str(service.corpus_dir())], "ok", "127.0.0.1"),
    ]
    assert all(a["time"].endswith("+00:00") and a["user"] == a["role"] for a in read_audit(service.index_dir))


@contextmanager
def login(url: str, role: str, token: str) -> Iterator[httpx.Client]:
    """A client signed in to the UI as the browser's login form does it."""
    with httpx.Client(timeout=120) as client:
        response = client.post(url + "/login", data={"username": role, "password": token})
        assert response.status_code == 200, response.text
        yield client


def test_ui_needs_a_login_and_the_editor_login_to_change_the_corpus(guarded: tuple[str, Service]) -> None:
    url, service = guarded
    with httpx.Client(timeout=60) as anonymous:
        assert anonymous.get(url + "/config").status_code == 401
        assert anonymous.post(url + "/gradio_api/upload", files=[("files", ("a.txt", b"x", "text/plain"))]
                              ).status_code == 401
        assert anonymous.post(url + "/gradio_api/queue/join", json={"data": [None], "fn_index": 0,
                                                                    "session_hash": "x"}).status_code == 401
        assert anonymous.post(url + "/login", data={"username": "editor", "password": READER_TOKEN}
                              ).status_code == 400
    assert not Path(os.environ["GRADIO_TEMP_DIR"]).exists() or not any(
        p.is_file() for p in Path(os.environ["GRADIO_TEMP_DIR"]).rglob("*"))

    with login(url, "reader", READER_TOKEN) as reader:
        refused = upload_through_form(reader, url, "lantern.txt", ARTICLE)
        assert "uploading articles needs the editor token" in shown(refused)
        assert "needs the editor token" in shown(gradio_event(reader, url, "reindex", []))
        assert "needs the editor token" in shown(gradio_event(reader, url, "add-folder",
                                                              [str(service.corpus_dir())]))
        # Nor may a reader point the server at another LLM endpoint (it would send passages there).
        asked = gradio_event(reader, url, "ask", ["Who opened the new river bridge?", [], None, "llm", 5,
                                                  "http://127.0.0.1:9/v1", "some-model", "", "", [], [], "", None])
        assert "choosing another LLM endpoint needs the editor token" in str(asked["output"]["data"][0])
        answered = gradio_event(reader, url, "ask", ["Who opened the new river bridge?", [], None, "extractive", 5,
                                                     "", "", "", "", [], [], "", None])
        assert "bridge.txt" in str(answered["output"]["data"][0])
        # The browser's thread id comes from the page: one that is not a random id of ours
        # (a path, another user's name) is refused, never used as a thread owner.
        for forged in ("../../etc/passwd", "editor", "x" * 500, 42):
            refused = gradio_event(reader, url, "thread-new", [forged])
            assert not refused["success"] and "reload" in shown(refused), forged
    assert not (service.corpus_dir() / "uploads").exists()

    with login(url, "editor", EDITOR_TOKEN) as editor:
        outside = gradio_event(editor, url, "add-folder", [str(Path(os.environ["GRADIO_TEMP_DIR"]).parent / "private")])
        assert "is outside the corpus folder" in shown(outside)
        done = upload_through_form(editor, url, "lantern.txt", ARTICLE)
        assert "Saved 1 file(s): <code>uploads/lantern.txt</code>" in shown(done), shown(done)
    assert service.index.search("lantern parade harbour", k=1)[0].source == "uploads/lantern.txt"

    audit = [(a["role"], a["action"], a["result"].split(":")[0]) for a in read_audit(service.index_dir)]
    assert audit == [("reader", "upload", "refused"), ("reader", "reindex", "refused"),
                     ("reader", "add-folder", "refused"), ("editor", "add-folder", "error"),
                     ("editor", "upload", "ok")]


def test_assistant_serve_takes_tokens_from_the_environment(built: tuple[Service, Path], tmp_path: Path) -> None:
    """``assistant serve`` as a subprocess with ASSISTANT_*_TOKEN: the API wants the token."""
    service = built[0]
    port = free_port()
    env = cli_env(ASSISTANT_READER_TOKEN=READER_TOKEN, ASSISTANT_EDITOR_TOKEN=EDITOR_TOKEN)
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--index-dir", str(service.index_dir), "--no-ui"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                status = httpx.get(url + "/api/health", timeout=2).status_code
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "assistant serve did not come up"
                time.sleep(0.5)
        assert status == 401
        assert httpx.get(url + "/api/health", headers=bearer(READER_TOKEN), timeout=30).json()["indexed"]
        files = [("files", ("lantern.txt", ARTICLE.encode(), "text/plain"))]
        assert httpx.post(url + "/api/upload", files=files, headers=bearer(READER_TOKEN), timeout=60).status_code == 403
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "Access: tokens required (reader and editor)" in out and "audit.jsonl" in out
    assert READER_TOKEN not in out and EDITOR_TOKEN not in out
    assert [a["result"].split(":")[0] for a in read_audit(service.index_dir)] == ["refused"]


# -- what the second review found -------------------------------------------------------------

def test_another_site_cannot_post_and_a_foreign_host_is_refused(built: tuple[Service, Path],
                                                                tmp_path: Path) -> None:
    """A token-less server on 127.0.0.1 trusts whoever reaches it: a web page the user opens
    must not be able to post to it (cross-site request) nor read it through a name that
    resolves to 127.0.0.1 (DNS rebinding)."""
    from assistant.serve.app import create_app

    service, _ = built
    with live_server(create_app(service, ui=False)) as url:
        evil = {"Origin": "https://evil.example"}
        planted = ("files", ("planted.txt", ARTICLE.encode(), "text/plain"))
        refused = httpx.post(f"{url}/api/upload", files=[planted], headers=evil, timeout=60)
        assert refused.status_code == 403 and "another site" in refused.json()["error"]
        assert httpx.post(f"{url}/api/reindex", headers={"Origin": "null"}, timeout=60).status_code == 403
        assert not (service.corpus_dir() / "uploads").exists()
        rebound = httpx.get(f"{url}/api/info", headers={"Host": "attacker.example"}, timeout=60)
        assert rebound.status_code == 421 and "host" in rebound.json()["error"].lower()
        # The same origin, and scripts that send no Origin, still work.
        same = httpx.post(f"{url}/api/upload", files=[planted], headers={"Origin": url}, timeout=60)
        assert same.status_code == 200, same.text
        assert httpx.post(f"{url}/api/search", json={"query": "lantern"}, timeout=60).status_code == 200
        assert httpx.get(f"{url.replace('127.0.0.1', 'localhost')}/api/health", timeout=60).status_code == 200


def test_no_auth_off_loopback_still_confines_add_folder(tmp_path: Path, tiny_embedder) -> None:
    outside = write_corpus(tmp_path / "home", {"diary.txt": SECRET})
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    service = Service(Assistant(index), local=False)  # --host 0.0.0.0 --no-auth, nothing indexed yet
    with pytest.raises(ConfigError, match="outside the corpus folder"):
        service.confined(outside)


def test_the_index_folder_inside_the_corpus_is_never_indexed(tmp_path: Path, tiny_embedder) -> None:
    """``assistant index .`` with the default ./index: the feedback and audit files beside the
    index (a reader writes the first) must not become articles."""
    corpus = write_corpus(tmp_path / "corpus", STORIES)
    index = assistant.open_index(corpus / "index", embedder=tiny_embedder, create=True)
    index.add(corpus)
    service = Service(Assistant(index))
    answer = service.engine().ask("Who opened the new river bridge?").to_json()
    forged = {**answer, "body": "INJECTED harbour memo", "time": "1999-01-01", "kind": "forged"}
    from assistant.serve.feedback import read_feedback, record_feedback

    record_feedback(index.index_dir, "helpful", forged, comment="ok")
    line = read_feedback(index.index_dir)[-1]
    assert line["kind"] == "helpful" and line["time"] != "1999-01-01", "the server's fields win"
    report = index.add(corpus)
    assert not [s for s in index.manifest.files if s.startswith("index/")]
    assert report.files_added == [] and not any("INJECTED" in h.text for h in index.search("INJECTED memo", k=10))


def test_a_service_with_tokens_refuses_a_caller_it_cannot_name(built: tuple[Service, Path]) -> None:
    from assistant.serve.access import AuthRequiredError

    service, _ = built
    service.access = Access(reader_token=READER_TOKEN, editor_token=EDITOR_TOKEN)
    with pytest.raises(AuthRequiredError):
        service.authorize(None, "reindex")


def test_downloads_do_not_outlive_the_server(tmp_path: Path, tiny_embedder) -> None:
    """A receipt or an exported thread says who asked what: its folder goes with the service,
    whether the service is dropped or the process ends."""
    service = Service(Assistant(assistant.open_index(tmp_path / "a", embedder=tiny_embedder, create=True)))
    path = service.download("receipt", "md", "asked: who met the minister?")
    assert path.read_text(encoding="utf-8") == "asked: who met the minister?"
    folder = path.parent
    del service
    import gc

    gc.collect()
    assert not folder.exists()
    script = ("import sys; from pathlib import Path; from assistant import Assistant, open_index; "
              "from assistant.serve.service import Service; "
              "s = Service(Assistant(open_index(Path(sys.argv[1]), create=True))); "
              "print(s.download('thread', 'md', 'a thread'))")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], env=cli_env(),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip().splitlines()[-1])
    assert written.name.startswith("thread-") and not written.parent.exists()
