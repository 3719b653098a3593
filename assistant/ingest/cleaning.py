"""Separating a news page's story from its furniture, and reading its metadata.

Pages arrive with navigation, timestamps, tag lines, "MORE ABOUT"/"LATEST" sidebars,
comment prompts and "Related Articles" about other stories. A question about the main
story must not be answered from a sidebar headline, yet sidebar text that is the only
source of something must stay findable: so lines are labelled body, sidebar or skip
(indexed as body, indexed as sidebar, not indexed).

Plain text and Markdown are labelled line by line here; HTML goes through trafilatura
(see ``loaders``), which is better at markup than any regex of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.dates import DATE_PATTERNS, parse_date
from .documents import BODY, SIDEBAR, Block

SKIP = "skip"

# Headings after which the rest of a page is other stories.
_SIDEBAR_HEADINGS = {
    "more about", "latest", "latest news", "hot news", "related articles", "related",
    "related news", "related stories", "read also", "read more", "see also", "most read",
    "most popular", "popular", "trending", "recommended", "you may also like",
    "more from", "more stories", "top stories", "editor's picks", "news feed",
}
# Lines that are furniture wherever they appear.
_FURNITURE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(tags?|hashtags|topics?|categories|filed under)\b.*$",
        r"^\d+\s*min(ute)?s?\s+read$",
        r"^(ad|ads|advertisement|sponsored|facts|comments?|share|print|subscribe)$",
        r"^no comments yet.*$",
        r"^leave a (reply|comment).*$",
        r"^your email address will not be published.*$",
        r"^try our ai features$",
        r"^explore what .{1,40} can do for you:?$",
        r"^follow us on .*$",
        r"^.{2,60} is the place where you will find .*$",
        r"^(sign up|log in|sign in|register)\b.{0,60}$",
        r"^[-–—•*_=|·.]+$",
        r"^[^|]{1,30}(\|[^|]{1,30}){2,}$",  # navigation: "Home | Local | Sport"
        r"^\d+\s+(seconds?|minutes?|hours?|days?|weeks?)\s+ago$",
        r"^(photo|image|video)\s*:.{0,80}$",
    )
]
_TIMESTAMP = re.compile(r"^\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?\s+\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$", re.I)

# Emphasis marks start only where a run of them starts ("(?<![*_])"): without that, a
# line of 200,000 "*" before a letter was tried from each of them, a quadratic stall.
_MARKUP = re.compile(r"^#{1,6}\s+|^[*_]+|(?<![*_])[*_]+$|(?<=\s)[*_]+|(?<![*_])[*_]+(?=\s)")
_ENDS_SENTENCE = re.compile(r"[.!?:;,]\s*$")
_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^source:\s*([^;.\n]{2,60})", re.IGNORECASE)
_PLACE_LINE = re.compile(r"^(.{2,60}?) is the place where you will find", re.IGNORECASE)


def sidebar_lines(lines: list[str], body: str) -> list[str]:
    """The lines of a page's sidebar worth indexing, in order: not its headings ("Related"),
    furniture, single words, repeats, nor what the story itself says."""
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        key = re.sub(r"\W+", " ", line.lower()).strip()
        if (not key or key in seen or key in _SIDEBAR_HEADINGS or key.startswith("more from ")
                or len(line.split()) == 1 or _is_furniture(line) or line in body):
            continue
        seen.add(key)
        out.append(line)
    return out


def _is_furniture(line: str) -> bool:
    return bool(_TIMESTAMP.match(line)) or any(p.match(line) for p in _FURNITURE_PATTERNS)


def _is_date_only(line: str) -> bool:
    if not parse_date(line):
        return False
    rest = line
    for pattern, _ in DATE_PATTERNS:
        rest = pattern.sub("", rest)
    return len(re.sub(r"[\W_]+", "", re.sub(r"\b(date|published|updated)\b", "", rest, flags=re.I))) == 0


# A headline is a line of at most 24 words, and not a line of megabytes that happens to
# have few spaces (it would become the title embedded with every chunk).
_HEADLINE_MAX_CHARS = 400


def _is_headline(line: str) -> bool:
    if len(line) > _HEADLINE_MAX_CHARS:
        return False
    words = line.split()
    return 2 <= len(words) <= 24 and not line.rstrip().endswith((".", "!", "?", ":", ";", ","))


@dataclass(frozen=True)
class PageMeta:
    title: str = ""
    date: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class CleanPage:
    blocks: tuple[Block, ...]
    meta: PageMeta


def clean_text_page(text: str) -> CleanPage:
    """Label each line of a plain-text news page and group the labels into blocks.

    Blank lines are neutral (paragraph breaks inside one block); skipped lines end a block.
    """
    spans = _line_spans(text)
    labels: list[str | None] = []  # None: blank
    title = ""
    date: str | None = None
    outlet: str | None = None
    credited: str | None = None  # "Source: X" names whom the page credits
    seen: set[str] = set()
    in_sidebar = False
    body_started = False
    starts: list[int] = []  # where the labelled text of each line begins (after a prefix)

    for start, end in spans:
        line = text[start:end].strip()
        lead = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        starts.append(lead)
        if not line:
            labels.append(None)
            continue
        line = _MARKUP.sub("", line).strip() or line  # Markdown heading and emphasis marks
        key = re.sub(r"\W+", " ", line.lower()).strip()
        label = SIDEBAR if in_sidebar else BODY
        prefix = _DATE_PREFIX.match(line)
        if prefix:
            date = date or parse_date(prefix.group(1))
            rest = line[prefix.end():].strip()
            if len(rest) <= 100 and 1 <= len(rest.split()) <= 4 and not _ENDS_SENTENCE.search(rest):
                outlet = outlet or rest  # "date 2025-06-05 Interfax-Ukraine"
                labels.append(SKIP)
                continue
            starts[-1] = lead + prefix.end()
            line = rest
            key = re.sub(r"\W+", " ", line.lower()).strip()
        if key in _SIDEBAR_HEADINGS or (key.startswith("more from ") and len(key) < 40):
            if body_started:
                in_sidebar = True
            labels.append(SKIP)
            continue
        place = _PLACE_LINE.match(line)
        if place:
            # the publisher naming itself beats the agency it credits
            outlet = outlet or place.group(1).strip()
            labels.append(SKIP)
            continue
        if _is_furniture(line) or len(line.split()) == 1:
            labels.append(SKIP)
            continue
        source = _SOURCE_LINE.match(line)
        if source and len(line) < 120:
            credited = credited or source.group(1).strip()
            labels.append(SKIP)
            continue
        # The cheap tests first: a date is looked for only in a short line.
        if not body_started and len(line.split()) <= 10 and not _ENDS_SENTENCE.search(line) and parse_date(line):
            # a dateline or byline such as "Portwell Gazette · August 9, 2026"
            date = date or parse_date(line)
            labels.append(SKIP)
            continue
        if not body_started and _is_date_only(line):
            date = date or parse_date(line)
            labels.append(SKIP)
            continue
        if key in seen:  # repeated headline (pages often print it twice)
            labels.append(SKIP)
            continue
        seen.add(key)
        if not title and not body_started and _is_headline(line):
            title = line
            labels.append(SKIP)  # the title is indexed with every chunk instead
            continue
        if label == BODY and not _is_headline(line):
            body_started = True
        elif label == BODY and not body_started and len(line.split()) <= 3:
            labels.append(SKIP)  # a byline or kicker before the story starts
            continue
        labels.append(label)

    outlet = outlet or credited
    if date is None:
        head = "\n".join(text[s:e] for s, e in spans[:12])
        date = parse_date(head)
    blocks: list[Block] = []
    current: list[int] = []  # line indexes of the open block
    current_label: str | None = None

    def close() -> None:
        if current:
            first, last = current[0], current[-1]
            last_start, last_end = spans[last]
            end = last_start + len(text[last_start:last_end].rstrip())
            blocks.append(Block(starts[first], end, current_label or BODY))
        current.clear()

    for i, label in enumerate(labels):
        if label is None:
            continue
        if label == SKIP or label != current_label:
            close()
        if label == SKIP:
            current_label = None
            continue
        current_label = label
        current.append(i)
    close()
    return CleanPage(tuple(b for b in blocks if b.end > b.start), PageMeta(title, date, outlet))


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
