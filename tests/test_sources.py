"""``SourceTexts``, the one reader of indexed files' text: ``plain`` (what citations map to
lines) and ``text`` (what the evaluation checks quotes against), on tiny files of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.citations import SourceReader
from assistant.ingest.sources import SourceTexts

STORY = "Bridge opens\n\nThe bridge cost 12 million.\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "story.txt").write_text(STORY, encoding="utf-8")
    (corpus / "sub" / "old.md").write_bytes("Caf\xe9 reopens\n".encode("cp1252"))  # not UTF-8
    (corpus / "page.html").write_text("<html><body><h1>Fair</h1><p>The fair opened on Monday.</p></body></html>",
                                      encoding="utf-8")
    records = [{"title": "One", "body": "First body."}, {"title": "Two", "body": "Second body."}]
    (corpus / "wire.json").write_text(json.dumps(records), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (tmp_path / "secret.txt").write_text("outside the corpus", encoding="utf-8")
    return corpus


def test_plain_is_the_decoded_file_for_text_files_only(root: Path) -> None:
    texts = SourceTexts(root)
    assert texts.plain("story.txt") == STORY
    assert texts.plain("sub/old.md") == "Café reopens\n"  # read as Windows-1252, as the indexer does
    # Files whose indexed text is not the file itself give None, so offsets are never mapped.
    assert texts.plain("page.html") is None
    assert texts.plain("wire.json") is None
    assert texts.plain("missing.txt") is None
    assert texts.plain("empty.txt") == ""  # readable, just empty: plain does not apply loader rules
    assert SourceTexts(None).plain("story.txt") is None


def test_plain_reads_each_file_once(root: Path) -> None:
    texts = SourceTexts(root)
    assert texts.plain("story.txt") == STORY
    (root / "story.txt").write_text("changed", encoding="utf-8")
    assert texts.plain("story.txt") == STORY


def test_text_is_the_article_and_the_file_as_written(root: Path) -> None:
    texts = SourceTexts(root)
    # A text file's article text is the file itself, then the raw file again: STORY twice.
    assert texts.text("story.txt") == f"{STORY}\n\n{STORY}"
    html = texts.text("page.html")
    assert "The fair opened on Monday." in html and "<p>The fair opened on Monday.</p>" in html


def test_text_of_a_collection_is_a_record_or_every_body(root: Path) -> None:
    texts = SourceTexts(root)
    assert texts.text("wire.json", 1) == "Second body."
    assert texts.text("wire.json", 7) == texts.text("wire.json")  # no such record: all bodies
    whole = texts.text("wire.json")
    assert "First body." in whole and "Second body." in whole and '"title"' not in whole


def test_text_is_empty_when_unreadable_or_outside_the_root(root: Path) -> None:
    texts = SourceTexts(root)
    assert texts.text("missing.txt") == ""
    assert texts.text("empty.txt") == ""  # the loaders refuse an empty file
    assert texts.text("../secret.txt") == ""
    assert SourceTexts(None).text("story.txt") == ""
    assert SourceTexts(root, max_bytes=10).text("story.txt") == ""  # over the size limit


def test_source_reader_reads_through_source_texts(root: Path) -> None:
    reader = SourceReader(root)
    assert reader.root == root
    assert reader.file_text("story.txt") == STORY
    assert reader.file_text("page.html") is None
    assert SourceReader(None).file_text("story.txt") is None
