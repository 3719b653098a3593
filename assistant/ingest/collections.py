"""Article collections: JSON (a list of records, or an object holding one) and JSONL
(one record per line), records with ``title``, ``body`` and optional ``source``,
``published_at``, ``url``, ``author``.

A record that cannot be used is skipped with a warning naming it; a field that is not
text, or is too long, is ignored or cut and noted once per file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..errors import LoadError
from ..text.dates import parse_date
from .documents import BODY, MAX_FIELD_CHARS, Article, Block
from .files import has_visible_text


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
