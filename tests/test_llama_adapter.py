"""The llama-index adapter inside llama-index's own query and chat engines (MockLLM, so
nothing leaves the machine): the engines must see our hits, in our order, with citations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import MetadataMode, NodeRelationship

import assistant
from assistant import Filters
from assistant.retrieval.llama import AssistantRetriever

QUESTION = "how much did the bridge cost?"


@pytest.fixture
def index(stories: Path, tmp_path: Path, tiny_embedder) -> assistant.Index:
    idx = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    idx.add(stories)
    return idx


def _expect_same(nodes, hits) -> None:
    assert [n.node.node_id for n in nodes] == [h.chunk_id for h in hits]
    assert [n.node.get_content() for n in nodes] == [h.text for h in hits]
    assert [n.score for n in nodes] == pytest.approx([h.score for h in hits])
    for n, h in zip(nodes, hits, strict=True):
        meta = n.node.metadata
        assert meta["source"] == h.source
        assert meta["title"] == h.title
        assert meta["lines"] == f"{h.line_start}-{h.line_end}"
        assert (meta["line_start"], meta["line_end"]) == h.lines
        assert meta["section"] == h.section
        assert meta.get("date") == h.date and meta.get("outlet") == h.outlet
        assert None not in meta.values()


def test_retrieve_matches_search(index: assistant.Index) -> None:
    hits = index.search(QUESTION, k=3)
    assert len(hits) == 3 and hits[0].source == "bridge.txt"
    nodes = AssistantRetriever(index, k=3).retrieve(QUESTION)
    _expect_same(nodes, hits)
    top = nodes[0].node
    assert top.ref_doc_id and top.node_id.startswith(top.ref_doc_id + "::")
    assert top.relationships[NodeRelationship.SOURCE].node_id == top.ref_doc_id
    # The LLM sees the citation but not offsets or ids.
    llm_view = top.get_content(metadata_mode=MetadataMode.LLM)
    assert "Mayor opens new river bridge" in llm_view and "bridge.txt" in llm_view
    assert "char_start" not in llm_view and "chunk_id" not in llm_view


def test_filters_and_k(index: assistant.Index) -> None:
    nodes = AssistantRetriever(index, k=5, filters=Filters(sources=("storm",))).retrieve("library")
    assert nodes and {n.node.metadata["source"] for n in nodes} == {"storm/flood.txt"}
    assert len(AssistantRetriever(index, k=1).retrieve(QUESTION)) == 1
    with pytest.raises(ValueError):
        AssistantRetriever(index, k=0)


def test_query_engine_uses_our_hits(index: assistant.Index) -> None:
    hits = index.search(QUESTION, k=3)
    engine = RetrieverQueryEngine.from_args(AssistantRetriever(index, k=3), llm=MockLLM())
    response = engine.query(QUESTION)
    _expect_same(response.source_nodes, hits)
    # MockLLM echoes its prompt: the passages and their citations reached the LLM.
    assert "12 million" in str(response)
    assert "Mayor opens new river bridge" in str(response)
    assert "lines: " in str(response)

    async_response = asyncio.run(engine.aquery(QUESTION))
    _expect_same(async_response.source_nodes, hits)


def test_async_retrieve(index: assistant.Index) -> None:
    hits = index.search("harbour festival parade", k=2)
    nodes = asyncio.run(AssistantRetriever(index, k=2).aretrieve("harbour festival parade"))
    _expect_same(nodes, hits)


def test_chat_engine(index: assistant.Index) -> None:
    from llama_index.core.chat_engine import CondensePlusContextChatEngine

    hits = index.search(QUESTION, k=2)
    chat = CondensePlusContextChatEngine.from_defaults(AssistantRetriever(index, k=2), llm=MockLLM())
    reply = chat.chat(QUESTION)
    _expect_same(reply.source_nodes, hits)
    assert "12 million" in reply.response
