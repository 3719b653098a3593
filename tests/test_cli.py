"""The command line as outside scripts see it: help, JSON contracts, line numbers, info,
and one ``Error:`` line with a non-zero exit for each kind of mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STORIES, cli_env, write_corpus

import assistant

HIT_FIELDS = {"rank", "score", "source", "title", "date", "outlet", "url", "lines", "text"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, tiny_embedder) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(base / "corpus", STORIES)
    index = assistant.open_index(base / "idx", embedder=tiny_embedder, create=True)
    report = index.add(corpus)
    assert len(report.files_added) == 3
    return corpus, base / "idx"


def _one_error_line(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode != 0, out.stdout
    assert "Traceback" not in out.stderr, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, out.stderr
    return errors[0]


def test_help_does_not_import_torch() -> None:
    code = (
        "import json, sys\n"
        "import assistant.cli\n"
        "from click.testing import CliRunner\n"
        "runs = [CliRunner().invoke(assistant.cli.cli, args) for args in "
        "(['--help'], ['index', '--help'], ['search', '--help'], ['info', '--help'])]\n"
        "print(json.dumps({'codes': [r.exit_code for r in runs], 'out': runs[0].output,\n"
        "                  'heavy': sorted(m for m in ('torch', 'sentence_transformers', 'chromadb',\n"
        "                                               'transformers') if m in sys.modules)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["codes"] == [0, 0, 0, 0]
    assert result["heavy"] == []
    for command in ("index", "search", "info"):
        assert command in result["out"]


def test_python_dash_m_assistant(run_cli) -> None:
    out = run_cli("--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Usage: assistant ")
    for command in ("index", "search", "info"):
        assert f"  {command} " in out.stdout
    search_help = run_cli("search", "--help")
    assert search_help.returncode == 0
    for option in ("-k", "--since", "--until", "--outlet", "--source", "--json", "--index-dir"):
        assert option in search_help.stdout
    index_help = run_cli("index", "-h")
    assert index_help.returncode == 0
    for option in ("--index-dir", "--embed-model", "--chroma-url", "--json"):
        assert option in index_help.stdout


def test_search_json_contract_and_lines(built, run_cli) -> None:
    corpus, idx = built
    out = run_cli("search", "library flooded by rain", "-k", "10", "--index-dir", idx, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"query", "hits"}
    assert data["query"] == "library flooded by rain"
    hits = data["hits"]
    assert hits
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    # Nested folders give POSIX paths relative to the indexed folder.
    assert {h["source"] for h in hits} == {"bridge.txt", "festival.md", "storm/flood.txt"}
    for hit in hits:
        assert set(hit) >= HIT_FIELDS, hit
        assert isinstance(hit["score"], float)
        first, last = hit["lines"]
        assert isinstance(first, int) and isinstance(last, int) and 1 <= first <= last
        lines = (corpus / hit["source"]).read_text(encoding="utf-8").split("\n")
        assert last <= len(lines)
        # 1-based, inclusive: exactly those lines hold the passage, and no fewer.
        assert hit["text"] in "\n".join(lines[first - 1:last])
        assert hit["text"].split("\n")[0] in lines[first - 1]
        assert hit["text"].split("\n")[-1] in lines[last - 1]
    flood = next(h for h in hits if h["source"] == "storm/flood.txt" and h["section"] == "body")
    assert flood["title"] == "Storm floods the old library"
    assert flood["date"] == "2024-03-05"
    festival = next(h for h in hits if h["source"] == "festival.md")
    assert festival["date"] == "2024-08-03"


def test_search_filters_on_the_command_line(built, run_cli) -> None:
    _, idx = built
    out = run_cli("search", "library", "-k", "10", "--index-dir", idx, "--json", "--source", "storm",
                  "--since", "2024-01-01", "--until", "2024-12-31")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)["hits"]
    assert hits and {h["source"] for h in hits} == {"storm/flood.txt"}


def test_info_shows_files_chunks_model_dates(built, tiny_model: str, run_cli, tiny_embedder) -> None:
    _, idx = built
    chunks = assistant.open_index(idx, embedder=tiny_embedder).info().chunks
    out = run_cli("info", "--index-dir", idx)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "files:     3 (3 articles)" in text
    assert f"chunks:    {chunks}\n" in text
    assert f"model:     {tiny_model} (32 dimensions, vectors in fp32)" in text
    assert "dates:     2024-03-05 to 2024-08-03" in text
    assert f"index:     {idx}" in text


def test_no_index_is_one_error_line(tmp_path: Path, run_cli) -> None:
    for args in (("search", "bridge"), ("info",)):
        out = run_cli(*args, "--index-dir", tmp_path / "nothing")
        line = _one_error_line(out)
        assert line == (f"Error: no index at {tmp_path / 'nothing'}; build one with: assistant index PATH "
                        f"--index-dir {tmp_path / 'nothing'}")


def test_a_mistyped_chroma_url_is_one_error_line_even_when_chroma_is_not_needed(built, run_cli) -> None:
    """A small index's search never starts Chroma; a ``--chroma-url`` that cannot name a
    server is still refused when the index is opened, not left for a larger index to find."""
    _, idx = built
    for url, why in (("http://:8000", "has no host"), ("http://127.0.0.1:99999", "has an impossible port")):
        line = _one_error_line(run_cli("search", "bridge", "--index-dir", idx, "--chroma-url", url))
        assert line == f"Error: --chroma-url {url!r} {why}; use http://HOST:PORT"


def test_bad_date_is_one_error_line(built, run_cli) -> None:
    _, idx = built
    line = _one_error_line(run_cli("search", "bridge", "--since", "5 March", "--index-dir", idx))
    assert "'5 March' is not a date; use YYYY-MM-DD" in line
    line = _one_error_line(run_cli("search", "bridge", "--since", "2024-09-01", "--until", "2024-01-01",
                                   "--index-dir", idx))
    assert "--since is after --until" in line


def test_unknown_option_is_one_error_line(run_cli) -> None:
    line = _one_error_line(run_cli("search", "bridge", "--colour", "red"))
    assert "No such option" in line and "--colour" in line
    line = _one_error_line(run_cli("reindex"))
    assert "No such command" in line and "reindex" in line


def test_missing_path_is_one_error_line(tmp_path: Path, tiny_model: str, run_cli) -> None:
    missing = tmp_path / "no-such-folder"
    line = _one_error_line(run_cli("index", missing, "--index-dir", tmp_path / "idx", "--embed-model", tiny_model))
    assert line == f"Error: {missing} does not exist; pass a file or folder of articles"
