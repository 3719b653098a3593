"""Articles as loaded: the text we index, which parts of it are the story, and how
offsets in that text map back to lines of the original file.

Does not read files (see ``loaders``) or decide what is page furniture (see ``cleaning``).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field

BODY = "body"
SIDEBAR = "sidebar"

# Longest title, outlet, URL or author kept: each is stored with every chunk of its article,
# so a field of megabytes would be stored thousands of times.
MAX_FIELD_CHARS = 1_000


@dataclass(frozen=True)
class Block:
    """A contiguous span of ``Article.text`` with one role (body or sidebar)."""

    start: int
    end: int
    section: str


@dataclass(frozen=True)
class Article:
    """One news article. ``text`` is what character spans point into: the whole file for
    plain text, the extracted text for HTML and PDF, the record body for JSON collections."""

    source: str  # path relative to the indexed folder, POSIX separators
    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    record: int | None = None  # position in a JSON/JSONL collection
    # text line index (0-based) -> file line (1-based); None means the text is the file
    line_map: tuple[int, ...] | None = None
    # every offset maps to this file line (a JSON record's body sits on one line)
    fixed_line: int | None = None
    _newlines: list[int] = field(default_factory=list, compare=False, repr=False)

    @property
    def doc_id(self) -> str:
        return self.source if self.record is None else f"{self.source}#{self.record}"

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.text, self.title, self.date or "", self.outlet or "", self.url or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def line_of(self, offset: int) -> int:
        """The 1-based line in the original file holding character ``offset`` of ``text``."""
        if self.fixed_line is not None:
            return self.fixed_line
        if not self._newlines:
            self._newlines.extend(m.start() for m in re.finditer("\n", self.text))  # C speed on megabytes
            self._newlines.append(len(self.text) + 1)  # sentinel: never empty again
        idx = bisect.bisect_left(self._newlines, offset)
        if self.line_map is not None:
            return self.line_map[min(idx, len(self.line_map) - 1)]
        return idx + 1

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """First and last line (1-based, inclusive) of the span ``text[start:end]``."""
        return self.line_of(start), self.line_of(max(start, end - 1))
