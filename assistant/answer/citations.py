"""Citations: where a quote sits in its file, and whether a model's citations hold.

``SourceReader`` turns a span of a retrieved passage into the lines of the original
file (reading plain-text files under the indexed folder; a JSON record's line for
collections). ``check_answer`` takes a model's answer, splits it into claims, and keeps
a claim only when every ``[n]`` names a passage that was given and every quoted span
occurs verbatim (after whitespace and quote normalisation) in the passage it cites.
Does not decide what to quote (see ``answering``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.sources import SourceTexts
from ..text.normalise import find_quote, normalize_quote_text
from ..types import Citation, Hit


class SourceReader:
    """Reads indexed files (once each) to put quotes on the right lines."""

    def __init__(self, root: str | Path | None) -> None:
        self.root = Path(root) if root else None
        self.texts = SourceTexts(root)

    def file_text(self, source: str) -> str | None:
        """The text of a plain-text source file as the indexer read it; None for HTML,
        PDF and JSON files, and for files that are gone (``SourceTexts.plain``)."""
        return self.texts.plain(source)

    def lines(self, hit: Hit, start: int, end: int) -> tuple[int, int]:
        """First and last line in the original file of ``hit.text[start:end]``."""
        if hit.record is not None or hit.line_start == hit.line_end:
            return hit.line_start, hit.line_end  # a JSON record's body sits on one line
        text = self.file_text(hit.source)
        if text is not None and text[hit.char_start:hit.char_end] == hit.text:
            a = hit.char_start + start
            b = hit.char_start + max(start, end - 1)
            return text.count("\n", 0, a) + 1, text.count("\n", 0, b) + 1
        # HTML/PDF (or a file changed since indexing): count lines inside the passage.
        first = min(hit.line_start + hit.text.count("\n", 0, start), hit.line_end)
        last = min(hit.line_start + hit.text.count("\n", 0, max(start, end - 1)), hit.line_end)
        return first, last

    def cite(self, n: int, hit: Hit, start: int, end: int) -> Citation:
        """A citation of ``hit.text[start:end]``, the n-th passage given."""
        first, last = self.lines(hit, start, end)
        return Citation(n=n, source=hit.source, line_start=first, line_end=last,
                        quote=hit.text[start:end], title=hit.title, outlet=hit.outlet,
                        date=hit.date, record=hit.record)


# -- checking a model's answer ----------------------------------------------------------

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_QUOTED = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"|«([^»]{3,})»")
_CLAIM_END = re.compile(r"(?<=[.!?\]])[\"”]?\s+(?=[\"“A-Z0-9(])|\n+")
REFUSAL = "NOT IN CORPUS"


@dataclass
class Checked:
    """A model answer after the citation check."""

    text: str  # the claims that passed, markers kept
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one line per claim removed
    refused: bool = False


def split_claims(text: str) -> list[str]:
    """An answer's claims: its sentences, each with the markers that follow it."""
    return [c.strip() for c in _CLAIM_END.split(text) if c and c.strip()]


def check_answer(text: str, hits: Sequence[Hit], sources: SourceReader) -> Checked:
    """Keep the claims whose citations hold; note each one removed, and why."""
    stripped = text.strip()
    if not stripped or normalize_quote_text(stripped).upper().rstrip(".").startswith(REFUSAL):
        return Checked(text="", refused=True)
    checked = Checked(text="")
    kept: list[str] = []
    for claim in split_claims(stripped):
        markers = [int(x) for m in _MARKER.finditer(claim) for x in re.split(r"\s*[,;]\s*", m.group(1))]
        quotes = [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(claim)]
        problems: list[str] = []
        given = [n for n in markers if 1 <= n <= len(hits)]
        for n in markers:
            if n not in given:
                problems.append(f"cites [{n}], but only passages 1-{len(hits)} were given")
        if not markers:
            problems.append("cites no passage")
        if not quotes:
            problems.append("quotes nothing from its passage")
        found: list[Citation] = []
        for quote in quotes:
            spot = next(((n, find_quote(hits[n - 1].text, quote)) for n in dict.fromkeys(given)
                         if find_quote(hits[n - 1].text, quote)), None)
            if spot is None:
                where = ", ".join(f"[{n}]" for n in dict.fromkeys(given)) or "any given passage"
                problems.append(f"quote “{_short(quote)}” is not in {where}")
            else:
                n, (a, b) = spot[0], spot[1]  # type: ignore[misc]
                found.append(sources.cite(n, hits[n - 1], a, b))
        if problems:
            checked.notes.append(f"removed “{_short(claim, 80)}”: {'; '.join(problems)}")
            continue
        kept.append(claim)
        checked.citations.extend(found)
    checked.text = " ".join(kept)
    return checked


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
