from __future__ import annotations

from pathlib import Path

import assistant
from assistant import Filters


def test_index_and_search_own_corpus(stories: Path, tmp_path: Path, tiny_embedder) -> None:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(stories)
    assert sorted(report.files_added) == ["bridge.txt", "festival.md", "storm/flood.txt"]
    assert report.chunks_embedded == report.chunks_total > 0
    hits = index.search("how much did the bridge cost?", k=3)
    assert hits[0].source == "bridge.txt"
    top = hits[0]
    assert "12 million" in top.text
    lines = (stories / "bridge.txt").read_text().split("\n")
    assert "12 million" in "\n".join(lines[top.line_start - 1: top.line_end])
    assert top.title == "Mayor opens new river bridge"


def test_filters_and_sidebar(stories: Path, tmp_path: Path, tiny_embedder) -> None:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    # Only a sidebar headline mentions the hospital: still findable, and marked as such.
    hits = index.search("hospital wing for children", k=3)
    sidebar = [h for h in hits if h.section == "sidebar"]
    assert sidebar and sidebar[0].source == "storm/flood.txt" and "Hospital" in sidebar[0].text
    dated = index.search("festival parade", k=5, filters=Filters(since=__import__("datetime").date(2024, 8, 1)))
    assert {h.source for h in dated} == {"festival.md"}
    only = index.search("library", k=5, filters=Filters(sources=("storm",)))
    assert only and all(h.source.startswith("storm/") for h in only)


def test_bf16_embeddings_agree_with_fp32(tiny_model: str) -> None:
    import numpy as np

    from assistant.indexing.embedding import SentenceTransformerEmbedder

    texts = ["The mayor opened the bridge on Monday.", "Police said the festival drew record crowds."]
    fp32 = SentenceTransformerEmbedder(tiny_model, precision="fp32").embed_documents(texts)
    bf16 = SentenceTransformerEmbedder(tiny_model, precision="bf16").embed_documents(texts)
    assert bf16.dtype == np.float32 and bf16.shape == fp32.shape
    cosines = np.sum(fp32 * bf16, axis=1)
    assert np.all(cosines > 0.98), cosines
