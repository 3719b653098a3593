"""Sentence-aligned chunks that fit the embedding model's window.

A chunk never crosses a block (story and sidebar stay apart), keeps whole sentences,
overlaps its neighbour by a sentence or so, and is measured in the model's own tokens:
MiniLM silently drops everything past 256 word pieces, so a chunk that does not fit
would be half-embedded. Each chunk's text is a verbatim slice of the article text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..text.sentences import MAX_SENTENCE_CHARS, split_sentences
from .documents import Article


class Tokenizer(Protocol):
    """What chunking needs of an embedding model: its window and its word pieces
    (``assistant.indexing.embedding.Embedder`` is one)."""

    @property
    def max_tokens(self) -> int: ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def token_spans(self, text: str) -> list[tuple[int, int]]: ...


SPECIAL_TOKENS = 2  # [CLS] and [SEP]
HEADER_MAX_TOKENS = 48


@dataclass(frozen=True)
class ChunkParams:
    # As large as the window allows after the header: on MultiHop-RAG dev, 240 beat 200
    # and 120 (facts found more often whole in one passage).
    chunk_tokens: int = 240
    overlap_tokens: int = 40

    def as_dict(self) -> dict[str, int]:
        return {"chunk_tokens": self.chunk_tokens, "overlap_tokens": self.overlap_tokens}


@dataclass(frozen=True)
class Chunk:
    article: Article
    start: int
    end: int
    section: str
    position: int  # order within the article
    header: str  # title, outlet and date: embedded and matched with the text

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]

    @property
    def chunk_id(self) -> str:
        return f"{self.article.doc_id}::{self.position}"

    @property
    def indexed_text(self) -> str:
        """What the embedding model and BM25 see."""
        return f"{self.header}\n{self.text}" if self.header else self.text


# Nor is a chunk longer than this, whatever its token count (a piece the tokenizer reads
# as one unknown token can be 2,000 characters).
MAX_CHUNK_CHARS = 2 * MAX_SENTENCE_CHARS


# A header longer than this is cut before it is measured: a "title" can be a line of
# megabytes that the tokenizer reads as a few unknown tokens.
HEADER_MAX_CHARS = 400


def make_header(article: Article, embedder: Tokenizer) -> str:
    parts = [p for p in (article.title, article.outlet, article.date) if p]
    header = " | ".join(parts)
    if not header:
        return ""
    if len(header) > HEADER_MAX_CHARS:
        header = header[:HEADER_MAX_CHARS].rstrip()
    count = embedder.count_tokens([header])[0]
    while count > HEADER_MAX_TOKENS and len(header) > 20:
        header = header[: int(len(header) * HEADER_MAX_TOKENS / count) - 1].rstrip()
        count = embedder.count_tokens([header])[0]
    return header


def chunk_article(article: Article, embedder: Tokenizer, params: ChunkParams) -> list[Chunk]:
    header = make_header(article, embedder)
    header_tokens = embedder.count_tokens([header])[0] + 1 if header else 0
    budget = min(params.chunk_tokens, embedder.max_tokens - SPECIAL_TOKENS - header_tokens - 2)
    if budget < 16:
        raise ValueError(f"model window {embedder.max_tokens} leaves no room for chunks")
    chunks: list[Chunk] = []
    for block in article.blocks:
        sentences = split_sentences(article.text, block.start, block.end)
        sentences, counts = _cut_long(article.text, sentences, embedder, budget)
        i = 0
        while i < len(sentences):
            total = 0
            j = i
            while (j < len(sentences) and total + counts[j] <= budget
                   and sentences[j][1] - sentences[i][0] <= MAX_CHUNK_CHARS):
                total += counts[j]
                j += 1
            j = max(j, i + 1)  # a sentence the tokenizer counts long still goes somewhere
            chunks.append(Chunk(article, sentences[i][0], sentences[j - 1][1], block.section,
                                len(chunks), header))
            if j >= len(sentences):
                break
            # Step back over trailing sentences that fit the overlap, but always move on.
            back = j
            kept = 0
            while (back - 1 > i and kept + counts[back - 1] <= params.overlap_tokens
                   and sentences[j - 1][1] - sentences[back - 1][0] <= MAX_CHUNK_CHARS // 4):
                back -= 1
                kept += counts[back]
            i = back
    return chunks


def _cut_long(text: str, sentences: list[tuple[int, int]], embedder: Tokenizer,
              budget: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Split any sentence longer than ``budget`` tokens at token boundaries; the spans and
    their token counts. The pieces of a sentence cover all of it, so nothing is lost
    between them (not even characters the tokenizer drops)."""
    counts = embedder.count_tokens([text[a:b] for a, b in sentences])
    out: list[tuple[int, int]] = []
    out_counts: list[int | None] = []  # None: a new piece, counted below
    for (a, b), n in zip(sentences, counts, strict=True):
        if n <= budget:
            out.append((a, b))
            out_counts.append(n)
            continue
        firsts = [span[0] for span in embedder.token_spans(text[a:b])]
        step = max(8, budget - 8)  # a piece starting mid-word may tokenize a little longer
        starts, lo = [a], 0
        while lo + step < len(firsts):
            # A piece starts where a word does: a cut between the word pieces of "together"
            # quoted "… to" and "gether …". Its tokens are then counted from there, the
            # word's earlier pieces too. A word longer than a piece is cut inside.
            lo += step
            cut = back = a + firsts[lo]
            while back > starts[-1] and text[back - 1].isalnum() and text[back].isalnum():
                back -= 1
            if back > starts[-1]:
                cut, lo = back, bisect_left(firsts, back - a)
            starts.append(cut)
        for k, lo in enumerate(starts):
            hi = starts[k + 1] if k + 1 < len(starts) else b
            piece = text[lo:hi].rstrip()
            if piece:  # a cut at a space before a word: nothing but the space
                out.append((lo, lo + len(piece)))
                out_counts.append(None)
    fresh = [i for i, c in enumerate(out_counts) if c is None]
    for i, c in zip(fresh, embedder.count_tokens([text[a:b] for a, b in (out[i] for i in fresh)]), strict=True):
        out_counts[i] = c
    return out, [c or 0 for c in out_counts]


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """What the store keeps beside a chunk's vector and text."""
    a = chunk.article
    first, last = a.lines_of(chunk.start, chunk.end)
    return {
        "source": a.source,
        "doc_id": a.doc_id,
        "record": a.record,
        "title": a.title,
        "date": a.date,
        "date_int": int(a.date.replace("-", "")) if a.date else 0,
        "outlet": a.outlet,
        "url": a.url,
        "author": a.author,
        "line_start": first,
        "line_end": last,
        "char_start": chunk.start,
        "char_end": chunk.end,
        "section": chunk.section,
        "position": chunk.position,
        "header": chunk.header,
    }
