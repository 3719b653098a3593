"""Files that cannot be indexed: each is skipped with one clear line naming the fix, the
rest of the corpus is indexed, and an index that already exists keeps its hits."""

from __future__ import annotations

import ctypes
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import STORIES, cli_env, write_corpus

import assistant
from assistant.errors import LoadError
from assistant.ingest.discover import discover
from assistant.ingest.files import read_bytes

QUERIES = ("how much did the bridge cost?", "harbour festival parade", "flooded library books")


def _snapshot(index: assistant.Index) -> list[list[tuple[str, str, tuple[int, int]]]]:
    return [[(h.chunk_id, h.source, h.lines) for h in index.search(q, k=5)] for q in QUERIES]


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# name -> (content, a regex the skip reason must match: what is wrong and what to do)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "binary.txt": (b"GIF89a\x00\x01\x00\x00\xff\xff\x00binary junk" * 20,
                   r"binary \(NUL bytes\).*remove it or fix its extension"),
    "blank.txt": (b"   \n\n\t  \n", r"only whitespace; remove it or add the article text"),
    "zero.txt": (b"", r"empty \(0 bytes\); remove it or add the article text"),
    "broken.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref", r"not a readable PDF.*re-export"),
    "scan.pdf": (b"", r"no extractable text.*OCR"),  # content filled in below: a blank page
    "notes.docx": (b"PK\x03\x04 a word file", r"unsupported file type '\.docx'; supported: .*\.txt"),
    "broken.json": (b'[{"title": "A", "body": "B"', r"not valid JSON \(line \d+: .*\); fix the file"),
    # RecursionError out of json.loads used to end the whole run
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, r"is nested too deeply .*; flatten it or remove it"),
    "invisible.json": ('[{"title": "A", "body": "\u200b\u200d \ufeff\u2060"}]'.encode(),
                       r"no article text after cleaning"),
}


@pytest.fixture
def built(stories: Path, tmp_path: Path, tiny_embedder) -> tuple[assistant.Index, Path, list]:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(stories)
    assert len(report.files_added) == 3
    return index, stories, _snapshot(index)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_skipped_with_its_fix_and_index_stays(name: str, built, tiny_embedder) -> None:
    index, corpus, before = built
    content, reason = BAD_FILES[name]
    if name == "scan.pdf":
        content = _blank_pdf()
    (corpus / name).write_bytes(content)

    report = index.add(corpus)

    assert [s.source for s in report.files_skipped] == [name]
    message = report.files_skipped[0].reason
    assert re.search(reason, message), message
    assert "\n" not in message
    if not name.endswith(".docx"):
        assert message.startswith(name)  # names the file it is about
    assert sorted(report.files_unchanged) == sorted(STORIES)
    assert report.files_added == report.files_updated == report.files_removed == []
    assert report.to_json()["files_skipped"] == 1
    assert _snapshot(index) == before
    # A fresh open sees the same index.
    again = assistant.open_index(index.index_dir, embedder=tiny_embedder)
    assert _snapshot(again) == before
    assert again.info().files == 3


def test_bad_files_do_not_stop_a_first_index(stories: Path, tmp_path: Path, tiny_embedder) -> None:
    for name, (content, _) in BAD_FILES.items():
        (stories / "junk" / name).parent.mkdir(exist_ok=True)
        (stories / "junk" / name).write_bytes(_blank_pdf() if name == "scan.pdf" else content)
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(stories)
    assert sorted(report.files_added) == sorted(STORIES)
    assert sorted(s.source for s in report.files_skipped) == sorted(f"junk/{n}" for n in BAD_FILES)
    assert index.search("bridge cost", k=1)[0].source == "bridge.txt"


def test_cp1252_file_is_read_as_windows_1252_with_a_warning(built) -> None:
    index, corpus, _ = built
    text = ("Caf\u00e9 owner wins prize\n\n"
            "The caf\u00e9 on the harbour \u2013 run by Ren\u00e9e \u2013 won the city prize on Friday.\n")
    (corpus / "cafe.txt").write_bytes(text.encode("cp1252"))
    report = index.add(corpus)
    assert report.files_added == ["cafe.txt"]
    assert report.files_skipped == []
    assert report.warnings == [
        "cafe.txt is not valid UTF-8; read it as Windows-1252 (convert it to UTF-8 to be sure)"
    ]
    hit = next(h for h in index.search("cafe harbour prize Friday", k=10) if h.source == "cafe.txt")
    assert "caf\u00e9 on the harbour \u2013 run by Ren\u00e9e" in hit.text  # decoded, nothing lost


def test_file_over_the_size_limit_is_skipped(built) -> None:
    index, corpus, before = built
    big = corpus / "huge.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing written past the first line
        fh.write(b"A very long article\n")
        fh.truncate(50 * 1024 * 1024)
    report = index.add(corpus)
    assert [s.source for s in report.files_skipped] == ["huge.txt"]
    assert report.files_skipped[0].reason == (
        "huge.txt is 52.4 MB, over the 25 MB limit; split it or raise --max-file-mb"
    )
    assert _snapshot(index) == before


def test_indexed_file_that_turns_bad_keeps_its_old_chunks(built) -> None:
    """A file that breaks after it was indexed is skipped, not treated as deleted."""
    index, corpus, before = built
    (corpus / "bridge.txt").write_bytes(b"\x00\x00\x00 corrupted on disk")
    report = index.add(corpus)
    assert [s.source for s in report.files_skipped] == ["bridge.txt"]
    assert report.files_removed == []
    assert _snapshot(index) == before


def test_cli_prints_skipped_lines_and_counts_them(stories: Path, tmp_path: Path, tiny_embedder,
                                                   tiny_model: str, run_cli) -> None:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    before = _snapshot(index)
    chunks_before = _chunks(index)
    for name, (content, _) in BAD_FILES.items():
        (stories / name).write_bytes(_blank_pdf() if name == "scan.pdf" else content)
    (stories / "cafe.txt").write_bytes("The caf\u00e9 opened on Monday, the mayor said.\n".encode("cp1252"))

    out = run_cli("index", stories, "--index-dir", tmp_path / "idx", "--embed-model", tiny_model, "--json")

    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["files_skipped"] == len(BAD_FILES)
    assert report["files_added"] == 1 and report["files_unchanged"] == 3
    assert {s["source"] for s in report["skipped"]} == set(BAD_FILES)
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    skipped = [line for line in lines if line.startswith("skipped ")]
    assert len(skipped) == len(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        line = next(x for x in skipped if x.startswith(f"skipped {name}: "))
        assert re.search(reason, line), line
    assert "warning: cafe.txt is not valid UTF-8; read it as Windows-1252" in out.stderr
    # Nothing else on stderr: no library noise around the one-line messages.
    assert all(x.startswith(("skipped ", "warning: ")) for x in lines), lines
    reopened = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder)
    # Every chunk that was there is still there, unchanged, beside the new file's; the new
    # chunk may take a place in a top 5 of six, but each question's best passage stays.
    chunks_after = _chunks(reopened)
    assert {c for c in chunks_after if c[1] != "cafe.txt"} == chunks_before
    assert any(c[1] == "cafe.txt" for c in chunks_after)
    assert [s[0] for s in _snapshot(reopened)[1:]] == [s[0] for s in before[1:]]


def _chunks(index: assistant.Index) -> set[tuple[str, str, str]]:
    table = index.lexical.table
    return {(cid, m["source"], text) for cid, m, text in zip(table.ids, table.metas, table.texts, strict=True)}


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def _without_dac_override() -> None:
    """Stay root but lose the capabilities that let root read any file (dropped from the
    bounding set, so the exec'd interpreter does not get them back)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _unprivileged() -> tuple[object, bool] | None:
    """(preexec_fn, whether files must belong to nobody) for a subprocess that chmod 000
    blocks, or None when there is no way to get one. Not root: nothing to do."""
    if os.geteuid() != 0:
        return None, False
    probe_dir = Path(tempfile.mkdtemp(prefix="assistant-probe-"))
    try:
        probe_dir.chmod(0o777)
        secret = probe_dir / "secret"
        secret.write_text("x")
        secret.chmod(0o000)
        code = (f"import assistant.cli\ntry:\n    open({str(secret)!r}).read()\n"
                "except PermissionError:\n    print('blocked')")
        for preexec, chown in ((_as_nobody, True), (_without_dac_override, False)):
            try:
                out = subprocess.run([sys.executable, "-c", code], cwd=probe_dir, env=cli_env(HOME=str(probe_dir)),
                                     preexec_fn=preexec, capture_output=True, text=True, check=False)
            except (OSError, subprocess.SubprocessError):
                continue  # e.g. nobody cannot reach the interpreter under /root
            if out.returncode == 0 and out.stdout.strip() == "blocked":
                return preexec, chown
        return None
    finally:
        shutil.rmtree(probe_dir, ignore_errors=True)


@pytest.fixture
def unprivileged() -> Iterator[tuple[object, bool, Path]]:
    """(preexec_fn, whether files must belong to nobody, a folder anyone may write) for a
    subprocess that file permissions apply to; skips where there is no way to get one."""
    how = _unprivileged()
    if how is None:
        pytest.skip("cannot start a subprocess that file permissions apply to")
    work = Path(tempfile.mkdtemp(prefix="assistant-perm-"))
    work.chmod(0o777)
    try:
        yield how[0], how[1], work
    finally:
        for folder, _, _ in os.walk(work):  # what a test made unreadable, readable again
            os.chmod(folder, 0o755)
        shutil.rmtree(work, ignore_errors=True)


def test_unreadable_file_is_skipped(tiny_model: str, unprivileged: tuple[object, bool, Path]) -> None:
    """chmod 000 does not stop root: as root the indexing CLI runs as ``nobody``, or, where
    nobody cannot reach the interpreter, as root without the capabilities that bypass it."""
    preexec, chown, work = unprivileged
    model = Path(shutil.copytree(tiny_model, work / "model"))
    corpus = write_corpus(work / "corpus", STORIES)
    idx = work / "idx"
    from assistant.indexing.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(str(model), precision="fp32")
    index = assistant.open_index(idx, embedder=embedder, create=True)
    index.add(corpus)
    before = _snapshot(index)
    del index
    secret = corpus / "secret.txt"
    secret.write_text("Secret council report\n\nThe council met in secret on Friday.\n", encoding="utf-8")
    secret.chmod(0o000)
    if chown:  # everything but the secret belongs to nobody
        for path in [work, *work.rglob("*")]:
            if path != secret:
                os.chown(path, 65534, 65534)

    out = subprocess.run(
        [sys.executable, "-m", "assistant", "index", str(corpus), "--index-dir", str(idx),
         "--embed-model", str(model), "--json"],
        cwd=work, env=cli_env(HOME=str(work)), capture_output=True, text=True, check=False,
        preexec_fn=preexec,
    )

    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["files_skipped"] == 1 and report["files_unchanged"] == 3
    assert report["skipped"] == [{
        "source": "secret.txt",
        "reason": "secret.txt cannot be read (permission denied); fix with chmod a+r",
    }]
    assert "skipped secret.txt: secret.txt cannot be read (permission denied); fix with chmod a+r" in out.stderr
    reopened = assistant.open_index(idx, embedder=embedder)
    assert _snapshot(reopened) == before


# -- what else a folder can hold: links out of it, pipes, unreadable folders ------------------

SECRET = "Secret payroll memo\n\nThe payroll memo lists the zanzibar salaries of every teacher.\n"


@pytest.fixture
def with_links(stories: Path, tmp_path: Path) -> Path:
    """The stories, a file outside them, and links: to it, to /etc/passwd, to a story."""
    outside = write_corpus(tmp_path / "outside", {"memo.txt": SECRET}) / "memo.txt"
    (stories / "memo.txt").symlink_to(outside)
    (stories / "passwd.txt").symlink_to("/etc/passwd")
    (stories / "folder-out").symlink_to(outside.parent, target_is_directory=True)
    (stories / "bridge-again.txt").symlink_to(stories / "bridge.txt")
    (stories / "storm-again").symlink_to("storm", target_is_directory=True)
    (stories / "storm" / "loop").symlink_to("..", target_is_directory=True)
    return stories


def test_links_out_of_the_folder_are_skipped_and_not_read(with_links, tmp_path: Path, tiny_embedder,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = with_links
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)

    report = index.add(corpus)

    assert sorted(report.files_added) == sorted(STORIES)  # each story once, under its own name
    skipped = {s.source: s.reason for s in report.files_skipped}
    for name, what in (("memo.txt", "file"), ("passwd.txt", "file"), ("folder-out", "folder")):
        assert skipped[name] == (f"{name} is a symbolic link to a {what} outside {corpus}; "
                                 "pass --follow-symlinks to index it")
    assert skipped["bridge-again.txt"] == ("bridge-again.txt is the same file as bridge.txt (a symbolic link); "
                                           "indexed once, as bridge.txt")
    assert skipped["storm-again"].startswith("storm-again is a symbolic link to the folder storm, indexed already")
    assert skipped["storm/loop"].startswith("storm/loop is a symbolic link to the folder being indexed")
    assert not any("memo" in p or "passwd" in p for p in opened)  # never opened, not only not indexed
    assert all(h.source in STORIES for h in index.search("zanzibar salaries payroll memo", k=10))
    assert "root:" not in " ".join(index.lexical.table.texts)


def test_follow_symlinks_indexes_the_file_outside(with_links, tmp_path: Path, tiny_embedder) -> None:
    corpus = with_links
    (corpus / "passwd.txt").unlink()
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(corpus, follow_symlinks=True)
    assert sorted(report.files_added) == sorted([*STORIES, "memo.txt"])
    skipped = {s.source for s in report.files_skipped}
    # the folder link leads to the same memo: indexed once
    assert skipped == {"bridge-again.txt", "storm-again", "storm/loop", "folder-out/memo.txt"}
    assert index.search("zanzibar salaries payroll memo", k=1)[0].source == "memo.txt"


def test_named_pipe_is_skipped_at_once_and_never_opened(stories: Path, tmp_path: Path, tiny_embedder) -> None:
    os.mkfifo(stories / "pipe.txt")
    (stories / "pipe-link.md").symlink_to(stories / "pipe.txt")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    started = time.perf_counter()
    report = index.add(stories)  # opening the pipe for reading would block here forever
    assert time.perf_counter() - started < 60
    assert sorted(report.files_added) == sorted(STORIES)
    skipped = {s.source: s.reason for s in report.files_skipped}
    assert skipped == {
        "pipe.txt": "pipe.txt is not a regular file (a named pipe); move it out of the folder to stop this message",
        "pipe-link.md": "pipe-link.md is not a regular file (a named pipe); move it out of the folder to stop this "
                        "message",
    }
    # Named on its own, it is refused the same way; read_bytes refuses it too.
    assert discover(stories / "pipe.txt")[1:] == ([], [("pipe.txt", skipped["pipe.txt"])])
    with pytest.raises(LoadError, match=r"^pipe\.txt is not a regular file \(a named pipe\)"):
        read_bytes(stories / "pipe.txt", "pipe.txt", 1000)


def test_link_inside_the_folder_is_indexed(stories: Path, tmp_path: Path, tiny_embedder) -> None:
    hidden = write_corpus(stories / ".drafts", {"draft.txt": SECRET}) / "draft.txt"
    (stories / "draft.txt").symlink_to(hidden)  # a hidden file, reached only through the link
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(stories)
    assert sorted(report.files_added) == sorted([*STORIES, "draft.txt"]) and report.files_skipped == []
    assert index.search("zanzibar salaries payroll memo", k=1)[0].source == "draft.txt"


def test_unreadable_sub_folder_is_reported(stories: Path, tmp_path: Path, tiny_embedder,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, whom chmod does not stop: the folder's listing fails as it would
    for anyone else (test_unreadable_folder_is_reported_as_nobody does it for real)."""
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "storm":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(stories)
    assert sorted(report.files_added) == ["bridge.txt", "festival.md"]
    assert [(s.source, s.reason) for s in report.files_skipped] == [
        ("storm", "cannot read folder storm (permission denied); fix with chmod a+rx storm")]


def test_unreadable_folder_is_reported_as_nobody(unprivileged: tuple[object, bool, Path]) -> None:
    preexec, chown, work = unprivileged
    corpus = write_corpus(work / "corpus", STORIES)
    if chown:
        for path in [work, *work.rglob("*")]:
            os.chown(path, 65534, 65534)
    (corpus / "storm").chmod(0o000)
    code = ("import json, pathlib\nfrom assistant.ingest.discover import discover\n"
            f"root, found, skipped = discover(pathlib.Path({str(corpus)!r}))\n"
            "print(json.dumps([sorted(s for _, s in found), skipped]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=work, env=cli_env(HOME=str(work)),
                         capture_output=True, text=True, check=False, preexec_fn=preexec)
    assert out.returncode == 0, out.stderr
    found, skipped = json.loads(out.stdout)
    assert found == ["bridge.txt", "festival.md"]
    assert skipped == [["storm", "cannot read folder storm (permission denied); fix with chmod a+rx storm"]]


def test_skip_reasons_say_whether_earlier_chunks_stay(with_links, monkeypatch: pytest.MonkeyPatch) -> None:
    """For the indexer: a folder that cannot be read today keeps what it had indexed; a
    link out of the folder, a pipe or a second path to a file was left out on purpose."""
    corpus = with_links
    os.mkfifo(corpus / "pipe.txt")
    real_scandir = os.scandir

    def scandir(path):
        if not isinstance(path, int) and Path(path).name == "storm":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _, _, skipped = discover(corpus)
    keep = {source: reason.keep_indexed for source, reason in skipped}
    assert keep == {"storm": True, "memo.txt": False, "passwd.txt": False, "folder-out": False,
                    "bridge-again.txt": False, "storm-again": False, "pipe.txt": False}
