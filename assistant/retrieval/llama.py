"""A llama-index retriever over an ``assistant.Index``, for query and chat engines.

    >>> from assistant.llama import AssistantRetriever
    >>> from llama_index.core.query_engine import RetrieverQueryEngine
    >>> retriever = AssistantRetriever(index, k=5)                   # doctest: +SKIP
    >>> engine = RetrieverQueryEngine.from_args(retriever, llm=llm)  # doctest: +SKIP

What it does: each llama-index retrieval calls ``Index.search`` (hybrid dense + BM25,
with our ``Filters``) and turns every ``Hit`` into a ``NodeWithScore``: a ``TextNode``
whose id is the chunk id, whose text is the verbatim passage, and whose metadata carries
the citation (source, title, date, outlet, url, lines, section, ...), in our rank order.
The LLM sees title, outlet, date, source and lines with each passage; offsets and ids
are kept out of the prompt and out of any embedding text.

What it does not: it never embeds with llama-index's ``embed_model`` (the index embeds
the query with its own model, and ``QueryBundle.embedding`` is ignored), it does not
understand llama-index ``MetadataFilters`` (pass ``Filters``), it never writes to the
index, and the node scores are fused reciprocal-rank scores, not cosine similarities, so
a ``SimilarityPostprocessor`` cutoff tuned for cosine does not fit them. Importing this
module imports llama-index; ``import assistant`` alone does not.
"""

from __future__ import annotations

import asyncio
from typing import Any

from llama_index.core.callbacks import CallbackManager
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode

from ..types import Filters, Hit
from .index import Index

# Kept in node.metadata for programs, but not shown to the LLM or embedded.
_HIDDEN = ["chunk_id", "char_start", "char_end", "line_start", "line_end", "record", "section"]


def hit_to_node(hit: Hit) -> NodeWithScore:
    """One search hit as a llama-index node: flat metadata (str/int only, no None), so
    the node can also go into any llama-index vector store."""
    metadata: dict[str, Any] = {
        "source": hit.source,
        "title": hit.title,
        "date": hit.date,
        "outlet": hit.outlet,
        "url": hit.url,
        "author": hit.author,
        "lines": f"{hit.line_start}-{hit.line_end}",
        "line_start": hit.line_start,
        "line_end": hit.line_end,
        "char_start": hit.char_start,
        "char_end": hit.char_end,
        "section": hit.section,
        "record": hit.record,
        "chunk_id": hit.chunk_id,
    }
    metadata = {k: v for k, v in metadata.items() if v is not None and v != ""}
    hidden = [k for k in _HIDDEN if k in metadata]
    node = TextNode(
        id_=hit.chunk_id,
        text=hit.text,
        metadata=metadata,
        excluded_llm_metadata_keys=list(hidden),
        excluded_embed_metadata_keys=list(hidden),
    )
    # chunk ids are "<doc_id>::<position>": the article is the node's source document.
    doc_id, sep, _ = hit.chunk_id.rpartition("::")
    if sep:
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=doc_id)
    return NodeWithScore(node=node, score=hit.score)


class AssistantRetriever(BaseRetriever):
    """llama-index ``BaseRetriever`` returning ``index.search(query, k, filters)``."""

    def __init__(self, index: Index, k: int = 5, filters: Filters | None = None,
                 callback_manager: CallbackManager | None = None, verbose: bool = False) -> None:
        if k <= 0:
            raise ValueError(f"k must be positive, got {k}")
        self.index = index
        self.k = k
        self.filters = filters
        super().__init__(callback_manager=callback_manager, verbose=verbose)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self.index.search(query_bundle.query_str, k=self.k, filters=self.filters)
        return [hit_to_node(hit) for hit in hits]

    async def _aretrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        # Search is CPU-bound and synchronous: run it off the event loop.
        return await asyncio.to_thread(self._retrieve, query_bundle)
