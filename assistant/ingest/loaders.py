"""Finding input files and turning each into ``Article`` objects.

Handles .txt, .md, .html/.htm, .pdf and JSON/JSONL article collections (records with
``title``, ``body`` and optional ``source``, ``published_at``, ``url``, ``author``).
A file that cannot be used raises ``LoadError`` with a one-line reason naming the fix;
the indexer records it as skipped and goes on. Does not chunk or embed.

Whatever is in the folder, ``discover`` never opens anything but regular files, and does
not follow symbolic links out of the folder unless asked; ``load_file`` turns any failure
of a parser on hostile input into that file's ``LoadError``.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path

from ..errors import LoadError
from ..text.dates import parse_date
from .cleaning import clean_text_page
from .documents import BODY, Article, Block

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".json", ".jsonl"}
# Longest title, outlet, URL or author kept: each is stored with every chunk of its article,
# so a field of megabytes would be stored thousands of times.
MAX_FIELD_CHARS = 1_000
# Characters that show nothing: a body of only these and whitespace is empty.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


class SkipReason(str):
    """Why ``discover`` passed over a path, and whether what an earlier run indexed from
    there should stay in the index (``keep_indexed``: a file or folder that cannot be read
    today) or go (a link out of the folder, a pipe, a second path to one file: left out
    on purpose, so an index built before those rules must drop them). For a folder, the
    rule applies to every source under it."""

    keep_indexed: bool

    def __new__(cls, text: str, keep_indexed: bool = False) -> SkipReason:
        reason = super().__new__(cls, text)
        reason.keep_indexed = keep_indexed
        return reason


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both resolved already, as strings)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def has_visible_text(text: str) -> bool:
    """Whether ``text`` holds anything but whitespace and zero-width characters."""
    return bool(text.translate(_INVISIBLE).strip())


def file_suffix(path: Path) -> str:
    """The type a file name says, lower case; "name.txt " is a .txt file."""
    return Path(path.name.strip()).suffix.lower()


def _unsupported(suffix: str) -> str:
    return (f"unsupported file type {suffix or '(none)'!r}; supported: " + ", ".join(sorted(SUPPORTED)))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _not_regular(source: str, mode: int) -> str:
    return f"{source} is not a regular file ({_kind(mode)}); move it out of the folder to stop this message"


@dataclass
class _Walk:
    """State of one ``discover`` over a folder."""

    root: Path  # as given: sources are relative to it
    real_root: str  # resolved: a link must point under it unless links are followed
    follow: bool
    files: list[tuple[Path, str, tuple[int, int], bool]]  # path, source, (device, inode), reached via a link
    skipped: list[tuple[str, str]]
    folders: dict[tuple[int, int], str]  # folders walked -> their source, so none is walked twice
    linked: list[tuple[Path, str, tuple[int, int]]]  # links to folders, walked after every real folder

    def inside(self, real: str) -> bool:
        return is_inside(real, self.real_root)


def discover(path: Path, follow_symlinks: bool = False) -> tuple[Path, list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files under ``path`` (a file or a folder, recursive, hidden entries ignored).

    Returns the root that sources are relative to, the ``(path, source)`` pairs to load,
    and ``(source, reason)`` for everything else that was there: files of unsupported
    types, unreadable folders, symbolic links out of the folder (followed only with
    ``follow_symlinks``), named pipes, sockets and devices. Only regular files are
    returned, each once, however many links lead to it. A reason's ``keep_indexed``
    (see ``SkipReason``) says whether an earlier run's chunks from there should stay.
    """
    path = path.expanduser().absolute()
    if not path.exists():
        raise LoadError(f"{path} does not exist; pass a file or folder of articles")
    if not path.is_dir():
        return _discover_file(path, follow_symlinks)
    walk = _Walk(path, os.path.realpath(path), follow_symlinks, [], [], {}, [])
    top = os.stat(path)
    walk.folders[(top.st_dev, top.st_ino)] = ""
    try:
        os.scandir(path).close()
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise LoadError(f"cannot read folder {path} ({why}); fix with chmod a+rx {path}") from exc
    _walk_folder(walk, path, "", via_link=False)
    # Links to folders last, so a folder reached both ways is indexed under its own path.
    while walk.linked:
        folder, source, key = walk.linked.pop(0)
        if key in walk.folders:
            walk.skipped.append((source, f"{source} is a symbolic link to {_folder(walk.folders[key])}, "
                                         "indexed already; nothing is indexed twice"))
            continue
        walk.folders[key] = source
        _walk_folder(walk, folder, source, via_link=True)
    # A file reached through a link is indexed once, under its own path when it has one.
    own = {key: source for _, source, key, via_link in walk.files if not via_link}
    found: list[tuple[Path, str]] = []
    for full, source, key, via_link in walk.files:
        if via_link:
            first = own.get(key)
            if first is not None:
                walk.skipped.append((source, f"{source} is the same file as {first} (a symbolic link); "
                                             f"indexed once, as {first}"))
                continue
            own[key] = source
        found.append((full, source))
    return path, found, [(source, _reason(reason)) for source, reason in walk.skipped]


def _reason(text: str) -> SkipReason:
    return text if isinstance(text, SkipReason) else SkipReason(text)


def _folder(source: str) -> str:
    return f"the folder {source}" if source else "the folder being indexed"


def _discover_file(path: Path, follow: bool) -> tuple[Path, list[tuple[Path, str]], list[tuple[str, str]]]:
    parent, name = path.parent, path.name
    if path.is_symlink() and not follow and not is_inside(os.path.realpath(path), os.path.realpath(parent)):
        return parent, [], [(name, SkipReason(f"{name} is a symbolic link to a file outside {parent}; "
                                              "pass --follow-symlinks to index it"))]
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        return parent, [], [(name, SkipReason(_not_regular(name, mode)))]
    return parent, [(path, name)], []


def _walk_folder(walk: _Walk, folder: Path, rel: str, via_link: bool) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        walk.skipped.append((rel, SkipReason(f"cannot read folder {rel} ({why}); fix with chmod a+rx {rel}",
                                             keep_indexed=True)))
        return
    subfolders: list[tuple[Path, str]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        full = folder / entry.name
        source = f"{rel}/{entry.name}" if rel else entry.name
        try:
            is_link = entry.is_symlink()
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            walk.skipped.append((source, SkipReason(f"{source} cannot be read ({exc.strerror or exc}); check it",
                                                    keep_indexed=True)))
            continue
        if is_link:
            try:
                info = os.stat(full)  # the target: never opened here, only looked at
            except OSError as exc:
                loop = exc.errno == 40  # ELOOP
                walk.skipped.append((source, f"{source} is a symbolic link {'loop' if loop else 'to nothing'}; "
                                             "remove it or point it at a file"))
                continue
            what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
            if not walk.follow and not walk.inside(os.path.realpath(full)):
                walk.skipped.append((source, f"{source} is a symbolic link to a {what} outside {walk.root}; "
                                             "pass --follow-symlinks to index it"))
                continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if is_link:
                walk.linked.append((full, source, key))
            elif key in walk.folders:
                walk.skipped.append((source, f"{source} is {_folder(walk.folders[key])} again (a mount?); "
                                             "nothing is indexed twice"))
            else:
                walk.folders[key] = source
                subfolders.append((full, source))
            continue
        if not stat.S_ISREG(info.st_mode):
            walk.skipped.append((source, _not_regular(source, info.st_mode)))
            continue
        suffix = file_suffix(full)
        if suffix in SUPPORTED:
            walk.files.append((full, source, key, via_link or is_link))
        else:
            walk.skipped.append((source, _unsupported(suffix)))
    for full, source in subfolders:
        _walk_folder(walk, full, source, via_link)


def read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a regular file; anything else (a named pipe, a device) is never opened
    for reading, since reading one can block forever or never end."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise LoadError(f"{source} is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise LoadError(_not_regular(source, mode))
        # O_NONBLOCK: if the file was swapped for a pipe since the stat, open does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(_not_regular(source, info.st_mode))
            size = info.st_size
            if size > max_bytes:
                raise LoadError(
                    f"{source} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                    "split it or raise --max-file-mb"
                )
            if size == 0:
                raise LoadError(f"{source} is empty (0 bytes); remove it or add the article text")
            return fh.read(max_bytes + 1)
    except PermissionError as exc:
        raise LoadError(f"{source} cannot be read (permission denied); fix with chmod a+r") from exc
    except IsADirectoryError as exc:
        raise LoadError(f"{source} is a directory, not a file") from exc
    except OSError as exc:
        raise LoadError(f"{source} cannot be read ({exc.strerror or exc}); check the file") from exc


def decode_text(data: bytes, source: str) -> tuple[str, str | None]:
    """Text of a file, and a warning when it was not UTF-8."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), None
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{source} starts with a {name} byte-order mark but is not valid {name} "
                    f"(offset {exc.start + len(bom)}); convert it with iconv -t UTF-8"
                ) from exc
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
    lines = text.split("\n")
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    title = title.strip()
    # The title is indexed with every chunk already: skip its line in the text.
    start = len(lines[0]) + 1 if lines and lines[0].strip() == title else 0
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
        source=source, text=text, blocks=(Block(start, len(text), BODY),) if text[start:].strip() else (),
        title=title[:MAX_FIELD_CHARS], date=parse_date(date_text) if date_text else None,
        outlet=_text(meta.get("sitename")) or _text(meta.get("source-hostname")) or _text(meta.get("hostname")),
        url=_text(meta.get("source")), author=_text(meta.get("author")), line_map=tuple(line_map),
    )


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


class _TooLong:
    """What a number too long for Python's int stands for: not text, so never used."""


def _parse_int(digits: str) -> int | _TooLong:
    try:
        return int(digits)
    except ValueError:  # over sys.get_int_max_str_digits()
        return _TooLong()


def _parse_json(text: str) -> object:
    return json.loads(text, parse_int=_parse_int)


_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELDS = ("title", "source", "url", "author", "published_at", "date")


def _string(value: str) -> str:
    # JSON can spell half a surrogate pair ("\\ud800"); nothing downstream can encode one.
    if _SURROGATE.search(value):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def _record_article(record: object, index: int, source: str, line: int,
                    odd: dict[tuple[str, str], list[int]]) -> Article | str:
    """The article of one record, or why it was skipped. Fields that are not text, or
    too long, are noted in ``odd`` ((field, "type" or "long") -> record numbers) and
    ignored or cut."""
    if not isinstance(record, dict):
        return f"{source} record {index} is not an object; skipped it"
    body = record.get("body")
    if not isinstance(body, str) or not body.strip():
        return f"{source} record {index} has no 'body' text; skipped it"
    if not has_visible_text(body):
        return f"{source} record {index} has an empty 'body' (only zero-width characters); skipped it"
    body = _string(body)

    def field(name: str) -> str | None:
        value = record.get(name)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = next((v for v in value if v.strip()), None)  # e.g. several authors: the first
        if value is None or value == [] or (isinstance(value, str) and value.strip() in ("", "None")):
            return None
        if not isinstance(value, str):
            odd.setdefault((name, "type"), []).append(index)
            return None
        value = _string(value).strip()
        if len(value) > MAX_FIELD_CHARS:
            odd.setdefault((name, "long"), []).append(index)
            value = value[:MAX_FIELD_CHARS].rstrip()
        return value

    values = {name: field(name) for name in _FIELDS}
    published = values["published_at"] or values["date"]
    return Article(
        source=source, text=body, blocks=(Block(0, len(body), BODY),), title=values["title"] or "",
        date=parse_date(published) if published else None, outlet=values["source"],
        url=values["url"], author=values["author"], record=index, fixed_line=line,
    )


def _odd_fields(source: str, odd: dict[tuple[str, str], list[int]]) -> list[str]:
    """One warning per field and problem, naming a few of the records: a collection of
    thousands of records must not print thousands of lines."""
    out = []
    for (name, problem), records in odd.items():
        shown = ", ".join(map(str, records[:5])) + (f" and {len(records) - 5} more" if len(records) > 5 else "")
        where = f"record{'s' if len(records) > 1 else ''} {shown}"
        if problem == "type":
            out.append(f"{source}: '{name}' is not text in {where}; ignored it there (give a string)")
        else:
            out.append(f"{source}: '{name}' is over {MAX_FIELD_CHARS} characters in {where}; cut it there")
    return out


def _load_json(text: str, source: str, warnings: list[str]) -> list[Article]:
    try:
        data = _parse_json(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{source} is not valid JSON (line {exc.lineno}: {exc.msg}); fix the file") from exc
    except RecursionError as exc:
        raise LoadError(f"{source} is nested too deeply (arrays or objects hundreds of levels deep); "
                        "flatten it or remove it") from exc
    if isinstance(data, dict):
        data = data.get("articles", data.get("records", [data]))
    if not isinstance(data, list):
        raise LoadError(f"{source}: expected a list of article records with 'title' and 'body'")
    body_lines = _body_lines(text)
    articles = []
    odd: dict[tuple[str, str], list[int]] = {}
    for i, record in enumerate(data):
        # Only records with a "body" key have a line in body_lines: skip none for the others.
        line = next(body_lines, 1) if isinstance(record, dict) and "body" in record else 1
        made = _record_article(record, i, source, line, odd)
        if isinstance(made, str):
            warnings.append(made)
        else:
            articles.append(made)
    warnings.extend(_odd_fields(source, odd))
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
    odd: dict[tuple[str, str], list[int]] = {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = _parse_json(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{source} line {lineno} is not valid JSON ({exc.msg}); skipped it")
            index += 1
            continue
        except RecursionError:
            warnings.append(f"{source} line {lineno} is nested too deeply; skipped it")
            index += 1
            continue
        made = _record_article(record, index, source, lineno, odd)
        index += 1
        if isinstance(made, str):
            warnings.append(made)
        else:
            articles.append(made)
    warnings.extend(_odd_fields(source, odd))
    return articles
