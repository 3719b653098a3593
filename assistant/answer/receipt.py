"""The verification receipt: what a journalist attaches to a draft for the fact-checking
desk. For every claim of an answer: the verbatim quote, its file, lines, title, outlet,
date and URL; whether the quote was found again in the file just now (and on the lines
cited); the other printings of the story; and the conflicts between reports.

Verification reads the file as it is on disk now, through the indexer's own loader (a
collection's record body; an HTML page's extracted text and its markup), never a path
outside the indexed folder: an answer from an index whose files changed since says so.

Three renderings of one ``Receipt``: Markdown for people, CSV for a spreadsheet (one row
per claim; a cell that would start a formula gets a leading apostrophe), JSON for
programs. ``FORMATS`` maps a file's extension to one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..ingest.sources import SourceTexts
from ..text.normalise import find_quote
from ..types import Answer, Citation, Copy, Hit

FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8",
               "json": "application/json"}
CSV_FIELDS = ("claim", "quote", "source", "record", "line_start", "line_end", "title", "outlet", "date", "url",
              "verified", "lines_verified", "copies", "conflicts")


@dataclass(frozen=True)
class Claim:
    """One cited quote of the answer, checked against its file."""

    n: int  # the passage number the answer cites as [n]
    citation: Citation
    url: str | None
    verified: bool  # the quote is in the file (its record, for a collection) as it is now
    lines_verified: bool | None  # found on the lines cited (None: the file's lines are not its text)
    copies: tuple[Copy, ...]

    def to_json(self) -> dict[str, Any]:
        c = self.citation
        return {"n": self.n, "quote": c.quote, "source": c.source, "record": c.record,
                "lines": [c.line_start, c.line_end], "title": c.title, "outlet": c.outlet, "date": c.date,
                "url": self.url, "verified": self.verified, "lines_verified": self.lines_verified,
                "copies": [x.to_json() for x in self.copies]}


@dataclass(frozen=True)
class Receipt:
    answer: Answer
    claims: tuple[Claim, ...]
    created: str  # UTC, ISO 8601

    @property
    def verified(self) -> bool:
        return bool(self.claims) and all(c.verified for c in self.claims)

    def to_json(self) -> dict[str, Any]:
        a = self.answer
        return {"question": a.question, "answer": a.text, "short": a.short, "answered": a.answered,
                "mode": a.mode, "created": self.created, "all_verified": self.verified,
                "independent_sources": a.independent_sources, "claims": [c.to_json() for c in self.claims],
                "conflicts": [c.to_json() for c in a.conflicts], "notes": list(a.notes)}

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"
        if fmt == "csv":
            return self._csv()
        if fmt == "md":
            return self._markdown()
        raise ConfigError(f"unknown receipt format {fmt!r}; use md, csv or json")

    def _csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        conflicts = "; ".join(_conflict_line(c) for c in self.answer.conflicts)
        for i, claim in enumerate(self.claims, 1):
            c = claim.citation
            writer.writerow({"claim": i, "quote": _cell(c.quote), "source": _cell(c.source), "record": _blank(c.record),
                             "line_start": c.line_start, "line_end": c.line_end, "title": _cell(c.title),
                             "outlet": _cell(_blank(c.outlet)), "date": _blank(c.date), "url": _blank(claim.url),
                             "verified": "yes" if claim.verified else "NO",
                             "lines_verified": {True: "yes", False: "NO", None: "n/a"}[claim.lines_verified],
                             "copies": "; ".join(_copy_line(x) for x in claim.copies), "conflicts": conflicts})
        return out.getvalue()

    def _markdown(self) -> str:
        a = self.answer
        lines = [f"# Verification receipt: {md_text(a.question)}", "",
                 f"- Created: {self.created}", f"- Answer: {md_text(a.short) if a.short else '(see text)'}",
                 f"- Independent sources: {a.independent_sources}",
                 f"- Every quote found in its file: {'yes' if self.verified else 'NO'}", "",
                 "## Answer", "", md_text(a.text), ""]
        if not a.answered:
            lines += ["The corpus does not answer this question; nothing below backs a claim.", ""]
        for i, claim in enumerate(self.claims, 1):
            c = claim.citation
            where = f"`{_code(c.source)}`" + (f" record {c.record}" if c.record is not None else "")
            lines += [f"## Claim {i} [{claim.n}]", "", f"> {md_text(c.quote)}", "",
                      f"- File: {where}, lines {c.line_start}-{c.line_end}",
                      f"- Title: {md_text(c.title) or '(untitled)'}", f"- Outlet: {md_text(c.outlet or '(not given)')}",
                      f"- Published: {c.date or '(not given)'}", f"- URL: {md_text(claim.url or '(not given)')}",
                      f"- Quote found in the file now: {'yes' if claim.verified else 'NO'}",
                      "- On the lines cited: " + {True: "yes", False: "NO", None: "n/a (not a plain-text file)"}[
                          claim.lines_verified]]
            if claim.copies:
                lines.append("- Also printed as: " + "; ".join(md_text(_copy_line(x)) for x in claim.copies))
            lines.append("")
        if a.conflicts:
            lines += ["## Conflicts between reports", ""]
            lines += [f"- {md_text(_conflict_line(c))}" for c in a.conflicts]
            lines.append("")
        if a.notes:
            lines += ["## Notes", ""] + [f"- {md_text(n)}" for n in a.notes] + [""]
        return "\n".join(lines)


def build(answer: Answer, root: str | Path | None, texts: SourceTexts | None = None) -> Receipt:
    """The receipt of ``answer``, each quote checked against the files under ``root``."""
    texts = texts or SourceTexts(root)
    hits = answer.cited_hits()
    claims = []
    for i, c in enumerate(answer.citations):
        hit: Hit | None = hits[i] if i < len(hits) else None
        verified = find_quote(texts.text(c.source, c.record), c.quote) is not None
        claims.append(Claim(n=c.n, citation=c, url=hit.url if hit else None, verified=verified,
                            lines_verified=_on_lines(texts, c), copies=hit.copies if hit else ()))
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return Receipt(answer, tuple(claims), created)


def format_of(path: str | Path) -> str:
    """The receipt format a file name asks for by its extension."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ConfigError(f"cannot tell the receipt format of {Path(path).name}; name the file .md, .csv or .json")
    return fmt


def _on_lines(texts: SourceTexts, c: Citation) -> bool | None:
    plain = texts.plain(c.source) if c.record is None else None
    if plain is None:
        return None
    found = find_quote(plain, c.quote)
    if found is None:
        return False
    first = plain.count("\n", 0, found[0]) + 1
    last = plain.count("\n", 0, max(found[0], found[1] - 1)) + 1
    return c.line_start <= first and last <= c.line_end


def _copy_line(c: Copy) -> str:
    meta = ", ".join(x for x in (c.outlet, c.date) if x)
    return f"{c.source}" + (f" ({meta})" if meta else "") + (" — first published" if c.origin else "")


def _conflict_line(c: Any) -> str:
    return f"{c.about} — " + " vs ".join(f"{v.value} [{', '.join(map(str, v.citations))}]" for v in c.values)


def _cell(x: Any) -> Any:
    # A cell a spreadsheet would run as a formula (=, +, -, @) is written with a leading
    # apostrophe, the usual guard: article text is untrusted.
    return "'" + x if isinstance(x, str) and x[:1] in ("=", "+", "-", "@", "\t", "\r") else x


def _code(text: str) -> str:
    return " ".join(text.replace("`", "'").split())


def _blank(x: Any) -> Any:
    return "" if x is None else x


def md_text(text: str) -> str:
    # Article text is data: it must not become markup or HTML when the receipt is rendered.
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())
