"""Finding input files and turning each into ``Article`` objects.

Handles .txt, .md, .html/.htm, .pdf and JSON/JSONL article collections (records with
``title``, ``body`` and optional ``source``, ``published_at``, ``url``, ``author``).
A file that cannot be used raises ``LoadError`` with a one-line reason naming the fix;
the indexer records it as skipped and goes on. Does not chunk or embed.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .cleaning import clean_text_page, parse_date
from .documents import BODY, Article, Block
from .errors import LoadError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".json", ".jsonl"}


def discover(path: Path) -> tuple[Path, list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files under ``path`` (a file or a folder, recursive, hidden entries ignored).

    Returns the root that sources are relative to, the ``(path, source)`` pairs to load,
    and ``(source, reason)`` for files of unsupported types.
    """
    path = path.expanduser().absolute()
    if not path.exists():
        raise LoadError(f"{path} does not exist; pass a file or folder of articles")
    if path.is_file():
        return path.parent, [(path, path.name)], []
    found: list[tuple[Path, str]] = []
    unsupported: list[tuple[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(path, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = Path(dirpath) / name
            source = full.relative_to(path).as_posix()
            if full.suffix.lower() in SUPPORTED:
                found.append((full, source))
            else:
                unsupported.append(
                    (source, f"unsupported file type {full.suffix or '(none)'!r}; supported: "
                     + ", ".join(sorted(SUPPORTED)))
                )
    return path, found, unsupported


def read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(
                f"{source} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                "split it or raise --max-file-mb"
            )
        if size == 0:
            raise LoadError(f"{source} is empty (0 bytes); remove it or add the article text")
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except PermissionError as exc:
        raise LoadError(f"{source} cannot be read (permission denied); fix with chmod a+r") from exc
    except IsADirectoryError as exc:
        raise LoadError(f"{source} is a directory, not a file") from exc
    except OSError as exc:
        raise LoadError(f"{source} cannot be read ({exc.strerror or exc}); check the file") from exc


def decode_text(data: bytes, source: str) -> tuple[str, str | None]:
    """Text of a file, and a warning when it was not UTF-8."""
    if b"\x00" in data[:8192]:
        raise LoadError(f"{source} looks binary (NUL bytes), not text; remove it or fix its extension")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        try:
            # Windows-1252 is what non-UTF-8 news text nearly always is; say so, lose nothing.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise LoadError(
                f"{source} is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); "
                "convert it with iconv -t UTF-8"
            ) from exc
        return text, f"{source} is not valid UTF-8; read it as Windows-1252 (convert it to UTF-8 to be sure)"


def load_file(path: Path, source: str, max_bytes: int) -> tuple[list[Article], list[str]]:
    """Articles in one file, and warnings. Raises ``LoadError`` when none can be used."""
    suffix = path.suffix.lower()
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
        if suffix in HTML_SUFFIXES:
            articles = [_load_html(text, source)]
        elif suffix == ".json":
            articles = _load_json(text, source, warnings)
        elif suffix == ".jsonl":
            articles = _load_jsonl(text, source, warnings)
        else:
            articles = [_load_text(text, source)]
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


_TAG = re.compile(r"<[^>]*>")


def _load_html(markup: str, source: str) -> Article:
    import trafilatura  # heavy; only when HTML is indexed

    raw = trafilatura.extract(
        markup, output_format="json", with_metadata=True, include_comments=False,
        include_tables=True, favor_precision=True,
    )
    if not raw:
        raise LoadError(f"{source}: no article text found in the HTML; check it is an article page")
    meta = json.loads(raw)
    text: str = meta.get("text") or ""
    lines = text.split("\n")
    title = (meta.get("title") or "").strip()
    # The title is indexed with every chunk already: skip its line in the text.
    start = len(lines[0]) + 1 if lines and lines[0].strip() == title else 0
    # Map each extracted line to the HTML line that shows it, so citations point at the file.
    visible = [html_lib.unescape(_TAG.sub(" ", line)) for line in markup.split("\n")]
    squashed = [re.sub(r"\s+", " ", v).strip() for v in visible]
    line_map: list[int] = []
    cursor = 0
    for line in lines:
        probe = re.sub(r"\s+", " ", line).strip()[:40]
        found = next((i for i in range(cursor, len(squashed)) if probe and probe in squashed[i]), None)
        if found is None:
            found = next((i for i in range(len(squashed)) if probe and probe in squashed[i]), cursor)
        else:
            cursor = found
        line_map.append(found + 1)
    date = parse_date(meta.get("date") or "") if meta.get("date") else None
    return Article(
        source=source, text=text, blocks=(Block(start, len(text), BODY),) if text[start:].strip() else (),
        title=title, date=date, outlet=meta.get("sitename") or meta.get("source-hostname") or meta.get("hostname"),
        url=meta.get("source"), author=meta.get("author"), line_map=tuple(line_map),
    )


def _load_pdf(data: bytes, source: str) -> Article:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs damage ("EOF marker not found") straight to stderr; the LoadError says it.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"{source} is not a readable PDF ({exc}); re-export it or remove it") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise LoadError(f"{source} is not a readable PDF ({type(exc).__name__}); re-export it") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(f"{source} has no extractable text (a scan?); run OCR on it first")
    page = clean_text_page(text)
    meta = reader.metadata or {}
    title = page.meta.title or str(meta.get("/Title") or "").strip()
    return Article(source=source, text=text, blocks=page.blocks, title=title,
                   date=page.meta.date, outlet=page.meta.outlet)


def _record_article(record: object, index: int, source: str, line: int) -> Article | str:
    if not isinstance(record, dict):
        return f"{source} record {index} is not an object; skipped it"
    body = record.get("body")
    if not isinstance(body, str) or not body.strip():
        return f"{source} record {index} has no 'body' text; skipped it"

    def field(name: str) -> str | None:
        value = record.get(name)
        return str(value).strip() if value not in (None, "", "None") else None

    published = field("published_at") or field("date")
    return Article(
        source=source, text=body, blocks=(Block(0, len(body), BODY),), title=field("title") or "",
        date=parse_date(published) if published else None, outlet=field("source"),
        url=field("url"), author=field("author"), record=index, fixed_line=line,
    )


def _load_json(text: str, source: str, warnings: list[str]) -> list[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{source} is not valid JSON (line {exc.lineno}: {exc.msg}); fix the file") from exc
    if isinstance(data, dict):
        data = data.get("articles", data.get("records", [data]))
    if not isinstance(data, list):
        raise LoadError(f"{source}: expected a list of article records with 'title' and 'body'")
    body_lines = _body_lines(text)
    articles = []
    for i, record in enumerate(data):
        # Only records with a "body" key have a line in body_lines: skip none for the others.
        line = next(body_lines, 1) if isinstance(record, dict) and "body" in record else 1
        made = _record_article(record, i, source, line)
        if isinstance(made, str):
            warnings.append(made)
        else:
            articles.append(made)
    return articles


def _body_lines(text: str) -> Iterator[int]:
    """Line of each record's ``"body"`` key, in order. Inside JSON strings quotes are
    escaped, so an unescaped ``"body":`` can only be a key."""
    line = 1
    pos = 0
    for m in re.finditer(r'(?<!\\)"body"\s*:', text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        yield line


def _load_jsonl(text: str, source: str, warnings: list[str]) -> list[Article]:
    articles = []
    index = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{source} line {lineno} is not valid JSON ({exc.msg}); skipped it")
            index += 1
            continue
        made = _record_article(record, index, source, lineno)
        index += 1
        if isinstance(made, str):
            warnings.append(made)
        else:
            articles.append(made)
    return articles
