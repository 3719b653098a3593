"""A file that is one line of megabytes indexes in bounded time (issue 11: a 5 MB line of
words, or a 200,000-character "word", took more than 15 minutes with no output).

The bounds are generous, for a busy CI machine, yet far below what the quadratic code
took: splitting a 5 MB line of "Mr. Smith" took hours, cleaning a line of 200,000 "*"
minutes. ``pytest -s`` prints the times."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from conftest import WORDS

import assistant
from assistant.ingest.cleaning import clean_text_page
from assistant.ingest.loaders import load_file
from assistant.text.sentences import MAX_SENTENCE_CHARS, split_sentences

MAX = 25_000_000


def _words(n_chars: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        word = rng.choice(WORDS)
        parts.append(word)
        size += len(word) + 1
    return " ".join(parts)[:n_chars].rstrip()


@pytest.fixture
def one_torch_thread():
    """Time the indexing code, not thread contention: on a busy 2-core machine torch's
    default threads made embedding these 10,000 chunks 4x slower (140 s against 33 s)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _index_one_line(tmp_path: Path, embedder, text: str) -> tuple[float, assistant.Index]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "line.txt").write_text(text, encoding="utf-8")
    index = assistant.open_index(tmp_path / "idx", embedder=embedder, create=True)
    started = time.perf_counter()
    report = index.add(corpus)
    seconds = time.perf_counter() - started
    assert report.files_added == ["line.txt"] and report.files_skipped == []
    return seconds, index


def _assert_verbatim_and_complete(index: assistant.Index, text: str) -> None:
    """Every chunk is the file's text at its offsets, and between chunks lies only space
    (after the first line: the headline, indexed with every chunk instead)."""
    table = index.lexical.table
    spans = []
    for chunk_text, meta in zip(table.texts, table.metas, strict=True):
        start, end = meta["char_start"], meta["char_end"]
        assert chunk_text == text[start:end]
        assert len(chunk_text) <= 2 * MAX_SENTENCE_CHARS
        spans.append((start, end))
    spans.sort()
    covered = text.index("\n") + 1
    for start, end in spans:
        assert not text[covered:start].strip(), f"text {covered}..{start} is in no chunk"
        covered = max(covered, end)
    assert not text[covered:].strip()


def test_five_megabyte_line_of_words_indexes(tmp_path: Path, tiny_embedder, one_torch_thread) -> None:
    text = "Council minutes\n" + _words(5_000_000)
    seconds, index = _index_one_line(tmp_path, tiny_embedder, text)
    print(f"\n5 MB line of words: {len(index.lexical.table)} chunks indexed in {seconds:.1f} s")
    assert seconds < 180  # 33 s on a loaded 2-core machine, most of it embedding 10,000 chunks
    _assert_verbatim_and_complete(index, text)
    assert index.search("mayor bridge council", k=1)[0].source == "line.txt"


def test_200000_character_word_indexes(tmp_path: Path, tiny_embedder, one_torch_thread) -> None:
    text = "Council minutes\n" + _words(300) + " " + "x" * 200_000 + " " + _words(300, seed=1) + ".\n"
    seconds, index = _index_one_line(tmp_path, tiny_embedder, text)
    print(f"\n200,000-character word: {len(index.lexical.table)} chunks indexed in {seconds:.1f} s")
    assert seconds < 60
    _assert_verbatim_and_complete(index, text)


def test_splitting_a_line_that_never_ends_a_sentence_is_linear() -> None:
    # Every stop follows an abbreviation, so there is no cut: each stop used to rescan the
    # line from its start.
    text = "The " + "Mr. Smith and Dr. Jones met J. Doe and Mr. Brown " * 100_000
    started = time.perf_counter()
    spans = split_sentences(text, 0, len(text))
    seconds = time.perf_counter() - started
    print(f"\nsplit_sentences on {len(text) / 1e6:.1f} MB of abbreviations: {seconds:.2f} s")
    assert seconds < 20
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_cleaning_a_long_run_of_emphasis_marks_is_linear() -> None:
    text = "Headline of the story\n\nQ" + "*" * 200_000 + "x said the mayor on Monday.\n"
    started = time.perf_counter()
    page = clean_text_page(text)
    seconds = time.perf_counter() - started
    print(f"\nclean_text_page on 200,000 '*': {seconds:.2f} s")
    assert seconds < 10  # the old pattern took minutes
    assert page.blocks


def test_html_with_a_run_of_open_brackets_loads(tmp_path: Path) -> None:
    page = ("<html><head><title>Museum reopens</title></head><body><article><h1>Museum reopens</h1>"
            "<p>The city museum reopened on Friday after two years of repairs, the council said.</p>"
            + "<" * 1_000_000 + "</article>\n" + "<p>More text</p>\n" * 20_000 + "</body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    started = time.perf_counter()
    try:
        articles, _ = load_file(path, "page.html", MAX)
    except assistant.LoadError as exc:  # refused is fine too, as long as it is quick and says why
        articles = []
        assert str(exc).startswith("page.html")
    seconds = time.perf_counter() - started
    print(f"\nHTML with 1,000,000 '<' and 20,000 lines: {seconds:.2f} s")
    assert seconds < 60
    assert all(a.line_map and max(a.line_map) <= page.count("\n") + 1 for a in articles)


def test_pdf_that_inflates_to_megabytes_of_drawing_is_refused_quickly(tmp_path: Path) -> None:
    """40 kB that inflate to 60 MB of drawing instructions: pypdf would read them for minutes."""
    from test_fuzz_loaders import pdf_document

    draw = b"BT /F1 12 Tf 72 720 Td " + b"(word ) Tj " * 5_500_000 + b"ET"
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_document(draw, deflate=True))
    started = time.perf_counter()
    with pytest.raises(assistant.LoadError, match=r"^bomb\.pdf page 1 holds 60\.5 MB of drawing instructions, over "
                                                  r"the 2 MB read for text; export its text instead$"):
        load_file(path, "bomb.pdf", MAX)
    assert time.perf_counter() - started < 30
    # A page of a few hundred kilobytes of drawing is read as before.
    path.write_bytes(pdf_document(b"BT /F1 12 Tf 72 720 Td 14 TL " + b"(The mayor spoke.) ' " * 20_000 + b"ET",
                                  deflate=True))
    (article,), _ = load_file(path, "bomb.pdf", MAX)
    assert article.text.count("The mayor spoke.") == 20_000
