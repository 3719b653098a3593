"""Reading indexed files back: the one place that turns a source path under the index
root into text after indexing.

Two readers share one cache per source:

- ``plain(source)``: the decoded text of a plain-text file, exactly as the indexer read
  it, so a passage's character offsets map to the file's lines (citations, the UI's line
  view); None for HTML, PDF and JSON files, whose indexed text is not the file itself,
  and for files that are gone or cannot be decoded;
- ``text(source, record=None)``: everything a quote from the file may legitimately
  match (the evaluation's citation check): the extracted articles plus the raw text for
  text and HTML files, a record's body for JSON/JSONL collections (all bodies when no
  record is named); "" when the file cannot be read or resolves outside the root.

Does not index, chunk or locate quotes (see ``answer.citations``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LoadError
from .files import decode_text, read_bytes
from .loaders import load_file

# Files whose indexed text is the file itself, so offsets map straight to lines.
NOT_PLAIN = frozenset({".html", ".htm", ".xhtml", ".pdf", ".json", ".jsonl"})
COLLECTIONS = frozenset({".json", ".jsonl"})


class SourceTexts:
    """Text of the files under ``root`` (None: no files, every read comes back empty),
    each read once. ``max_bytes`` bounds what ``text`` loads, as the indexer's limit."""

    def __init__(self, root: str | Path | None, max_bytes: int = 200_000_000) -> None:
        self.root = Path(root) if root else None
        self.max_bytes = max_bytes
        self._plain: dict[str, str | None] = {}
        self._texts: dict[str, tuple[str, dict[int, str]]] = {}

    def plain(self, source: str) -> str | None:
        """The text of a plain-text source file as the indexer read it; None for HTML,
        PDF and JSON files, and for files that are gone or unreadable."""
        if source in self._plain:
            return self._plain[source]
        text: str | None = None
        if self.root is not None and Path(source).suffix.lower() not in NOT_PLAIN:
            try:
                # decode_text is the indexer's own decoder, so offsets match the index
                text, _ = decode_text((self.root / source).read_bytes(), source)
            except (OSError, LoadError):
                text = None
        self._plain[source] = text
        return text

    def text(self, source: str, record: int | None = None) -> str:
        """What a quote from ``source`` may match: record ``record``'s body when the file
        is a collection holding it, else the whole file's text; "" when unreadable."""
        whole, records = self._load(source)
        if record is not None and record in records:
            return records[record]
        return whole

    def _load(self, source: str) -> tuple[str, dict[int, str]]:
        if source in self._texts:
            return self._texts[source]
        whole, records = "", {}
        path = (self.root / source) if self.root else None
        # A cited source is data from a results file: never read outside the corpus.
        if path is not None and path.is_file() and path.resolve().is_relative_to(self.root.resolve()):
            try:
                articles, _ = load_file(path, source, self.max_bytes)
                records = {a.record: a.text for a in articles if a.record is not None}
                texts = [a.text for a in articles]
                if path.suffix.lower() not in COLLECTIONS:
                    # The file as written too: a verbatim quote of it counts even where
                    # extraction changed the text (markup, cleaning).
                    raw, _ = decode_text(read_bytes(path, source, self.max_bytes), source)
                    texts.append(raw)
                whole = "\n\n".join(texts)
            except LoadError:
                pass
        self._texts[source] = (whole, records)
        return whole, records
