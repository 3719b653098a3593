"""The plain llama-index pipeline, as a yardstick for ``assistant eval --baseline``.

What it does: reads the same corpus files an ``Index`` was built from (its manifest's
root and files; a JSON/JSONL collection gives one llama ``Document`` per record, text =
body), splits them with ``SentenceSplitter(chunk_size=256, chunk_overlap=20)`` (the MultiHop-RAG
authors' chunk size; see ``CHUNK_OVERLAP`` for the overlap), embeds the chunks with
``HuggingFaceEmbedding`` of the index's own model (the packaged MiniLM for the default
name; never a download), stores them in Chroma and retrieves the top k by cosine. Its
``search(query, k)`` returns our ``Hit`` records, so the evaluation scores it exactly as
it scores our retriever.

The Chroma collection lives in a temporary folder, or under ``cache_dir`` keyed on the
corpus bytes, the model and the splitter settings, so a repeated run does not re-embed.

What it does not: no BM25, no reciprocal-rank fusion, no cleaning of page furniture, no
token-exact chunk sizing: that is the point of a baseline. It never writes to the
``Index`` it was given. llama-index, torch and chromadb are imported when it is built.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ConfigError, IndexNotFoundError, LoadError
from ..types import Hit

Progress = Callable[[str, int, int], None]  # (stage, done, total)

CHUNK_SIZE = 256
# llama-index's default overlap (200 tokens) is sized for its 1024-token default chunks; at
# 256 it would make every chunk mostly repeat its neighbour (33k chunks instead of 7.4k on
# MultiHop-RAG, 4x the embedding time). 20 keeps the chunk count of the order of ours.
CHUNK_OVERLAP = 20
COLLECTION = "baseline"
MARKER = "complete.json"
CACHE_VERSION = 1
_EMBED_BATCH = 256  # chunks per progress step


def model_location(name: str) -> str:
    """Where ``HuggingFaceEmbedding`` loads ``name`` from: the packaged MiniLM for the
    default name, the name itself (a local folder) otherwise."""
    from ..indexing.embedding import PACKAGED_NAMES, packaged_model_path

    if name.lower() in PACKAGED_NAMES:
        return str(packaged_model_path())
    if ":" in name and not Path(name).exists():
        raise ConfigError(f"the baseline needs a sentence-transformers model; {name!r} is a custom embedder")
    return name


class BaselinePipeline:
    """SentenceSplitter(256) → HuggingFaceEmbedding → Chroma → top-k retriever."""

    def __init__(self, root: str | Path, sources: list[str], embed_model: str, *,
                 cache_dir: str | Path | None = None, chunk_size: int = CHUNK_SIZE,
                 chunk_overlap: int | None = CHUNK_OVERLAP, progress: Progress | None = None,
                 embed_batch_size: int = 32) -> None:
        self.root = Path(root)
        self.sources = sorted(sources)
        self.embed_model_name = embed_model
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap  # None: llama-index's default (200)
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._progress = progress
        self._tmp: str | None = None
        self.cached = False  # True when the collection was reused from the cache
        self.chunks = 0
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # library code never prints
        self._embed = HuggingFaceEmbedding(model_name=model_location(embed_model), device="cpu",
                                           embed_batch_size=embed_batch_size)
        self._index = self._build()
        self._retrievers: dict[int, Any] = {}

    @classmethod
    def for_index(cls, index: Any, **kwargs: Any) -> BaselinePipeline:
        """A baseline over the corpus ``index`` (an ``assistant.Index``) was built from."""
        manifest = index.manifest
        if manifest is None or not manifest.root:
            raise IndexNotFoundError(f"no index at {index.index_dir}; build it first with assistant index PATH")
        return cls(manifest.root, list(manifest.files), manifest.embed_model, **kwargs)

    # -- building -------------------------------------------------------------------
    def _documents(self) -> tuple[list[Any], str]:
        """llama Documents of the corpus files, and a hash of everything that shapes them."""
        from llama_index.core import Document

        from ..ingest.loaders import load_file

        digest = hashlib.sha256(json.dumps({
            "version": CACHE_VERSION, "model": self.embed_model_name, "chunk_size": self.chunk_size,
            "chunk_overlap": self.chunk_overlap,
        }, sort_keys=True).encode())
        docs: list[Any] = []
        total = len(self.sources)
        for done, source in enumerate(self.sources, start=1):
            path = self.root / source
            try:
                data = path.read_bytes()
                articles, _ = load_file(path, source, max(len(data), 1) + 1)
            except (OSError, LoadError):
                continue  # the index skipped or lost it too; the baseline goes without
            digest.update(source.encode() + b"\x00" + hashlib.sha256(data).digest())
            for a in articles:
                meta: dict[str, Any] = {"source": source, "title": a.title, "date": a.date,
                                        "outlet": a.outlet, "url": a.url, "record": a.record}
                meta = {k: v for k, v in meta.items() if v not in (None, "")}
                doc = Document(text=a.text, metadata=meta, id_=a.doc_id)
                # Like the MultiHop-RAG authors: title, source and date go with the text.
                doc.excluded_embed_metadata_keys = ["url", "record", "outlet"]
                doc.excluded_llm_metadata_keys = ["url", "record", "outlet"]
                docs.append((doc, a))
            if self._progress:
                self._progress("baseline: reading", done, total)
        return docs, digest.hexdigest()

    def _folder(self, key: str) -> Path:
        if self.cache_dir is None:
            self._tmp = tempfile.mkdtemp(prefix="assistant-baseline-")
            return Path(self._tmp)
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(self.embed_model_name).name)[:40]
        return self.cache_dir / f"{slug}-{key[:16]}"

    def _build(self) -> Any:
        import chromadb
        from llama_index.core import VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.core.schema import MetadataMode
        from llama_index.vector_stores.chroma import ChromaVectorStore

        pairs, key = self._documents()
        folder = self._folder(key)
        marker = folder / MARKER
        if marker.exists():
            client = chromadb.PersistentClient(path=str(folder), settings=chromadb.Settings(anonymized_telemetry=False))
            collection = client.get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})
            self.cached = True
            self.chunks = collection.count()
            store = ChromaVectorStore(chroma_collection=collection)
            return VectorStoreIndex.from_vector_store(store, embed_model=self._embed)
        if folder.exists() and self.cache_dir is not None:
            shutil.rmtree(folder)  # a run that did not finish
        folder.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(folder), settings=chromadb.Settings(anonymized_telemetry=False))
        collection = client.get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})
        store = ChromaVectorStore(chroma_collection=collection)

        kwargs: dict[str, Any] = {"chunk_size": self.chunk_size}
        if self.chunk_overlap is not None:
            kwargs["chunk_overlap"] = self.chunk_overlap
        splitter = SentenceSplitter(**kwargs)
        nodes: list[Any] = []
        for doc, article in pairs:
            for node in splitter.get_nodes_from_documents([doc]):
                start = node.start_char_idx if node.start_char_idx is not None else 0
                end = node.end_char_idx if node.end_char_idx is not None else len(article.text)
                first, last = article.lines_of(start, max(start + 1, end))
                node.metadata["line_start"] = first
                node.metadata["line_end"] = last
                for keys in (node.excluded_embed_metadata_keys, node.excluded_llm_metadata_keys):
                    keys.extend(k for k in ("line_start", "line_end") if k not in keys)
                nodes.append(node)
        self.chunks = len(nodes)
        total = len(nodes)
        if self._progress:
            self._progress("baseline: embedding", 0, total)
        for lo in range(0, total, _EMBED_BATCH):
            batch = nodes[lo:lo + _EMBED_BATCH]
            vectors = self._embed.get_text_embedding_batch(
                [n.get_content(metadata_mode=MetadataMode.EMBED) for n in batch])
            for node, vector in zip(batch, vectors, strict=True):
                node.embedding = vector
            store.add(batch)
            if self._progress:
                self._progress("baseline: embedding", min(lo + _EMBED_BATCH, total), total)
        marker.write_text(json.dumps({"key": key, "chunks": total, "model": self.embed_model_name}),
                          encoding="utf-8")
        return VectorStoreIndex.from_vector_store(store, embed_model=self._embed)

    # -- searching --------------------------------------------------------------------
    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Top ``k`` chunks by cosine similarity, as ``Hit`` records."""
        if k <= 0 or not query.strip():
            return []
        retriever = self._retrievers.get(k)
        if retriever is None:
            retriever = self._retrievers[k] = self._index.as_retriever(similarity_top_k=k)
        return [_to_hit(n) for n in retriever.retrieve(query)]

    def close(self) -> None:
        """Remove the temporary Chroma folder (a cached one stays)."""
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _to_hit(scored: Any) -> Hit:
    node = scored.node
    meta = node.metadata
    start = node.start_char_idx if node.start_char_idx is not None else 0
    end = node.end_char_idx if node.end_char_idx is not None else start + len(node.text)
    record = meta.get("record")
    return Hit(
        chunk_id=node.node_id, text=node.text, score=float(scored.score or 0.0),
        source=str(meta.get("source", "")), title=str(meta.get("title", "")), date=meta.get("date"),
        outlet=meta.get("outlet"), url=meta.get("url"),
        line_start=int(meta.get("line_start", 1)), line_end=int(meta.get("line_end", 1)),
        char_start=int(start), char_end=int(end), record=int(record) if record is not None else None,
    )
