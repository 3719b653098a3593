"""Turning one input file into ``Article`` objects.

Handles .txt, .md, .html/.htm, .pdf, and JSON/JSONL article collections
(``collections``). A file that cannot be used raises ``LoadError`` with a one-line reason
naming the fix; the indexer records it as skipped and goes on. ``load_file`` turns any
failure of a parser on hostile input into that file's ``LoadError``. Finding the files
is ``discover``; reading their bytes is ``files``. Does not chunk or embed.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import replace
from itertools import chain
from pathlib import Path

from ..errors import LoadError
from ..text.dates import parse_date
from .cleaning import clean_text_page, sidebar_lines
from .collections import _load_json, _load_jsonl
from .discover import HTML_SUFFIXES, file_suffix
from .documents import BODY, MAX_FIELD_CHARS, SIDEBAR, Article, Block
from .files import decode_text, has_visible_text, read_bytes


def load_file(path: Path, source: str, max_bytes: int) -> tuple[list[Article], list[str]]:
    """Articles in one file, and warnings. Raises ``LoadError`` when none can be used,
    whatever the parsers underneath raise: one bad file never ends an indexing run."""
    try:
        return _load_file(path, source, max_bytes)
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError(f"{source} is nested too deeply to read; flatten it or remove it") from exc
    except MemoryError as exc:
        raise LoadError(f"{source} is too large to load in memory; split it or remove it") from exc
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise LoadError(f"{source} holds a number too long to read; shorten it or remove it") from exc
        raise LoadError(_failed(source, exc)) from exc
    except Exception as exc:  # a parser's bug on hostile input must not end the run
        raise LoadError(_failed(source, exc)) from exc


def _failed(source: str, exc: BaseException) -> str:
    detail = " ".join(str(exc).split())[:160]
    return (f"{source} could not be read ({type(exc).__name__}{': ' + detail if detail else ''}); "
            "check the file or remove it")


def _load_file(path: Path, source: str, max_bytes: int) -> tuple[list[Article], list[str]]:
    suffix = file_suffix(path)
    data = read_bytes(path, source, max_bytes)
    warnings: list[str] = []
    if suffix == ".pdf":
        articles = [_load_pdf(data, source)]
    else:
        text, warning = decode_text(data, source)
        if warning:
            warnings.append(warning)
        if not text.strip():
            raise LoadError(f"{source} holds only whitespace; remove it or add the article text")
        if not has_visible_text(text):
            raise LoadError(f"{source} holds only whitespace and zero-width characters; "
                            "remove it or add the article text")
        if suffix in HTML_SUFFIXES:
            articles = [_load_html(text, source)]
        elif suffix == ".json":
            articles = _load_json(text, source, warnings)
        elif suffix == ".jsonl":
            articles = _load_jsonl(text, source, warnings)
        else:
            articles = [_load_text(text, source)]
    # A block of only zero-width characters would be indexed as an empty passage.
    articles = [replace(a, blocks=tuple(b for b in a.blocks if has_visible_text(a.text[b.start:b.end])))
                for a in articles]
    articles = [a for a in articles if a.blocks]
    if not articles:
        raise LoadError(f"{source} has no article text after cleaning; check that it is an article")
    return articles, warnings


def _load_text(text: str, source: str) -> Article:
    page = clean_text_page(text)
    return Article(
        source=source, text=text, blocks=page.blocks, title=page.meta.title,
        date=page.meta.date, outlet=page.meta.outlet,
    )


# A tag: "<" up to the next ">" with no "<" between, so a run of "<" without a ">" costs
# one pass rather than one pass per "<".
_TAG = re.compile(r"<[^<>]*>")
# Characters searched mapping extracted lines to HTML lines, after which a line maps to the
# last one found: a page of a hundred thousand lines must not cost a hundred thousand squared.
_LINE_MAP_BUDGET = 100_000_000


def _load_html(markup: str, source: str) -> Article:
    import logging

    import trafilatura  # heavy; only when HTML is indexed

    # trafilatura logs what it discards on odd pages; the LoadError or the index says it.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    raw = trafilatura.extract(
        markup, output_format="json", with_metadata=True, include_comments=False,
        include_tables=True, favor_precision=True,
    )
    if not raw:
        raise LoadError(f"{source}: no article text found in the HTML; check it is an article page")
    meta = json.loads(raw)
    text = meta.get("text") if isinstance(meta.get("text"), str) else ""
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    title = title.strip()
    # The title is indexed with every chunk already: skip its line in the text.
    start = len(text.split("\n", 1)[0]) + 1 if text.split("\n", 1)[0].strip() == title else 0
    blocks = [Block(start, len(text), BODY)] if text[start:].strip() else []
    # trafilatura keeps the story alone; what a page sets beside it (<aside>) is kept too, as
    # sidebar, as a text page's "Related" list is: sometimes the only source of a fact.
    side = sidebar_lines(_asides(markup), text) if blocks else []  # no story, no sidebar beside it
    if side:
        text = f"{text}\n\n" if text else ""
        blocks.append(Block(len(text), len(text) + len("\n".join(side)), SIDEBAR))
        text += "\n".join(side)
    lines = text.split("\n")
    # Map each extracted line to the HTML line that shows it, so citations point at the file.
    visible = [html_lib.unescape(_TAG.sub(" ", line)) for line in markup.split("\n")]
    squashed = [re.sub(r"\s+", " ", v).strip() for v in visible]
    lengths = [len(v) + 1 for v in squashed]
    line_map: list[int] = []
    cursor = 0
    budget = _LINE_MAP_BUDGET
    for line in lines:
        probe = re.sub(r"\s+", " ", line.lstrip()[:400]).strip()[:40]
        found = None
        # Forward from the last line found, then from the top (text the page shows out of order).
        for i in chain(range(cursor, len(squashed)), range(cursor)) if probe and budget > 0 else ():
            budget -= lengths[i]
            if probe in squashed[i]:
                found = i
                break
            if budget <= 0:
                break
        if found is not None and found >= cursor:
            cursor = found
        line_map.append((cursor if found is None else found) + 1)
    date_text = _text(meta.get("date"))
    return Article(
        source=source, text=text, blocks=tuple(blocks),
        title=title[:MAX_FIELD_CHARS], date=parse_date(date_text) if date_text else None,
        outlet=_text(meta.get("sitename")) or _text(meta.get("source-hostname")) or _text(meta.get("hostname")),
        url=_text(meta.get("source")), author=_text(meta.get("author")), line_map=tuple(line_map),
    )


# Elements whose text is one line of a sidebar; what sits in a <nav> or <form> is no text to index.
_LINE_TAGS = ("aside", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "dt", "dd", "blockquote",
              "figcaption", "td", "th", "section")
_SIDEBAR_XPATH = ("//aside[not(ancestor::aside) and not(ancestor::*[@role='complementary'])]"
                  "|//*[@role='complementary' and not(ancestor::aside)]")
_TEXT_XPATH = ".//text()[not(ancestor::script or ancestor::style or ancestor::nav or ancestor::form " \
              "or ancestor::button or ancestor::template)]"
MAX_SIDEBAR_LINES = 200  # a page's sidebar lines kept: the story is the page, not its hundred links


def _asides(markup: str) -> list[str]:
    """The text lines of what a page sets beside its story (<aside>, role=complementary),
    one per innermost block element, in page order."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):  # nothing to parse: no sidebar
        return []
    lines: list[str] = []
    for side in root.xpath(_SIDEBAR_XPATH):
        elements = list(side.iter(*_LINE_TAGS))
        inner = set()  # elements holding another: their text is their children's lines
        for el in elements[1:]:  # each walks up to the nearest line element only: linear however deep
            up = el.getparent()
            while up is not None and up.tag not in _LINE_TAGS:
                up = up.getparent()
            inner.add(up)
        for el in elements:
            line = "" if el in inner else " ".join("".join(el.xpath(_TEXT_XPATH)).split())
            if line:
                lines.append(line[:MAX_FIELD_CHARS])
            if len(lines) >= MAX_SIDEBAR_LINES:
                return lines
    return lines


def _text(value: object) -> str | None:
    """A metadata string from a parser, cut to ``MAX_FIELD_CHARS``; None for anything else."""
    return value[:MAX_FIELD_CHARS] if isinstance(value, str) and value else None


# Drawing instructions read for text, on one page and in all: pypdf reads them at about a
# megabyte a second, and a PDF of 40 kB can inflate to 75 MB of them (minutes of work).
PDF_PAGE_CONTENT_MAX = 2_000_000
PDF_CONTENT_MAX = 16_000_000


def _load_pdf(data: bytes, source: str) -> Article:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs damage ("EOF marker not found") straight to stderr; the LoadError says it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        total = 0
        for number, pdf_page in enumerate(reader.pages, start=1):
            contents = pdf_page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            total += size
            if size > PDF_PAGE_CONTENT_MAX:
                raise LoadError(f"{source} page {number} holds {size / 1e6:.1f} MB of drawing instructions, over "
                                f"the {PDF_PAGE_CONTENT_MAX / 1e6:.0f} MB read for text; export its text instead")
            if total > PDF_CONTENT_MAX:
                raise LoadError(f"{source} holds over {PDF_CONTENT_MAX / 1e6:.0f} MB of drawing instructions "
                                f"by page {number}, more than is read for text; split it or export its text")
            pages.append(pdf_page.extract_text() or "")
        meta = reader.metadata or {}
        pdf_title = str(meta.get("/Title") or "").strip()[:MAX_FIELD_CHARS]
    except (LoadError, RecursionError):
        raise  # load_file words a RecursionError
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        detail = " ".join(str(exc).split())[:160]
        raise LoadError(f"{source} is not a readable PDF ({detail}); re-export it or remove it") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise LoadError(f"{source} is not a readable PDF ({type(exc).__name__}); re-export it") from exc
    text = "\n".join(pages)
    if not has_visible_text(text):
        raise LoadError(f"{source} has no extractable text (a scan?); run OCR on it first")
    page = clean_text_page(text)
    title = page.meta.title or pdf_title
    return Article(source=source, text=text, blocks=page.blocks, title=title,
                   date=page.meta.date, outlet=page.meta.outlet)



