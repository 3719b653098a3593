"""Loading articles: HTML through trafilatura, JSON/JSONL collections, dates, the
page-furniture cleaner, and chunks that always fit the model's window."""

# ruff: noqa: E501 -- the pages below are written the way news sites write them: long lines

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest
from conftest import WORDS

import assistant
from assistant.ingest.chunking import SPECIAL_TOKENS, ChunkParams, chunk_article
from assistant.ingest.cleaning import clean_text_page
from assistant.ingest.documents import BODY, Article, Block
from assistant.ingest.loaders import load_file
from assistant.text.dates import parse_date

MAX = 25_000_000

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Farmers open a cooperative market | Valley Courier</title>
<meta property="og:title" content="Farmers open a cooperative market">
<meta property="og:site_name" content="Valley Courier">
<meta name="author" content="Ana Lindqvist">
<meta property="article:published_time" content="2025-03-14T09:30:00+00:00">
<link rel="canonical" href="https://valley-courier.example/news/cooperative-market">
<script>var trackingPixelBudget = "zebra quartz telemetry"; window.dataLayer = [];</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/weather">Weather forecast portal</a></li><li><a href="/sport">Sport results hub</a></li></ul></nav>
<header><div class="logo">Valley Courier</div></header>
<main>
<article>
<h1>Farmers open a cooperative market</h1>
<p class="byline">By Ana Lindqvist, March 14, 2025</p>
<p>Twelve farmers from the northern valley opened a cooperative market in the old grain hall on Friday, selling cheese, apples and bread directly to shoppers.</p>
<p>The cooperative borrowed 40,000 euros from the regional bank to repair the roof of the hall, said its chair, Tomas Berglund, who keeps goats above the village.</p>
<p>Shoppers queued from seven in the morning. By noon the bakers had sold every loaf, and the apple growers said they would bring twice as many crates next week.</p>
<p>The market will open every Friday and Saturday until the end of October, when the farmers plan to move indoors to the community centre.</p>
</article>
</main>
<aside><h3>Most read</h3><p>Lighthouse keeper retires after forty winters on the rock</p></aside>
<footer><p>Copyright Valley Courier Media Group. Contact the newsroom switchboard.</p></footer>
</body>
</html>
"""

# Page furniture that must not be indexed.
FURNITURE = ("Weather forecast portal", "Sport results hub", "zebra quartz", "switchboard", "Copyright", "Most read")
ASIDE = "Lighthouse keeper retires after forty winters on the rock"  # kept, as sidebar

MESSY = """Home
World
Business
Sport
 date 2025-02-11 Harbour Gazette
Facts
08:15 11.02.2025

Fishermen vote to share the new harbour crane

3 min read
Fishermen vote to share the new harbour crane

Fishermen in Port Ellis voted on Tuesday to share the new harbour crane, ending a dispute that had kept boats waiting at the quay for weeks.

The crane, bought by the port authority for 2 million, will be booked by the hour, the harbour master said. Each crew gets two hours a day in the busy season.

Tags: #harbour #fishing #port_ellis

MORE ABOUT

17:02 10.02.2025
Ferry timetable changes for the winter months

Ferry timetable changes for the winter months

12:40 09.02.2025
Lighthouse restoration finished ahead of schedule

Lighthouse restoration finished ahead of schedule

Related Articles

The regional orchestra announced on Sunday that its spring season would open with a programme of folk songs collected in mountain villages a century ago, performed on instruments built by carpenters in the valley. Tickets go on sale next month at the town hall and the library.

A hospital in the capital has begun a trial of a new scheduling system for nurses, which its managers say will cut overtime by a fifth. Unions said they would study the results before the summer, when the trial ends.
"""


def _visible(markup_line: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]*>", " ", markup_line)).split())


def test_html_body_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [article], warnings = load_file(tmp_path / "page.html", "page.html", MAX)
    assert warnings == []
    assert article.title == "Farmers open a cooperative market"
    assert article.date == "2025-03-14"
    assert article.outlet == "Valley Courier"
    assert article.url == "https://valley-courier.example/news/cooperative-market"
    assert article.author == "Ana Lindqvist"
    body = "".join(article.text[b.start:b.end] for b in article.blocks if b.section == "body")
    assert "Twelve farmers from the northern valley" in body
    assert "move indoors to the community centre" in body
    assert ASIDE not in body
    assert [article.text[b.start:b.end] for b in article.blocks if b.section == "sidebar"] == [ASIDE]
    for junk in FURNITURE:
        assert junk not in article.text


def test_html_hits_point_at_html_lines(tmp_path: Path, tiny_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text(PAGE, encoding="utf-8")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(corpus)
    assert report.files_added == ["page.html"]
    table = index.lexical.table
    assert table.texts
    for text in table.texts:
        for junk in FURNITURE:
            assert junk not in text  # nav, footer, script text and the aside's heading are not indexed
    hits = index.search("cooperative borrowed euros to repair the roof", k=5)
    assert hits and all(h.source == "page.html" for h in hits)
    markup = PAGE.split("\n")
    for hit in hits:
        assert hit.title == "Farmers open a cooperative market" and hit.date == "2025-03-14"
        first, last = hit.lines
        shown = [_visible(x) for x in markup[first - 1:last]]
        for line in hit.text.split("\n"):
            assert any(" ".join(line.split()) in s for s in shown), (line, first, last)
    roof = next(h for h in hits if "40,000 euros" in h.text)
    holding = [i + 1 for i, x in enumerate(markup) if "40,000 euros" in x]
    assert roof.lines[0] <= holding[0] <= roof.lines[1]
    # The aside is findable, marked as sidebar, cited at its own line of the page
    aside = [h for h in index.search("lighthouse keeper retires after forty winters", k=10) if ASIDE in h.text]
    assert [(h.section, h.lines) for h in aside] == [("sidebar", (26, 26))]
    assert ASIDE in markup[25]


ASIDES = """<html><head><title>Dam inspection finds cracks</title></head><body>
<article><h1>Dam inspection finds cracks</h1>
<p>Engineers inspecting the Orvik dam found three cracks in its spillway on Tuesday, the water board said.</p>
<p>The board said repairs would start in June and the reservoir would stay open to boats.</p></article>
<aside><h3>Related</h3><ul><li>Orvik ferry fares rise in spring</li><li>Orvik ferry fares rise in spring</li>
<li><a href="/x">Share</a></li><li>Spillway</li></ul><script>var zebraQuartz = 1;</script>
<nav><a href="/">Navigation link text here</a></nav>
<aside><p>Water board elects a new chair</p></aside></aside>
<div role="complementary"><div><p>Reservoir levels at a ten-year high</p></div>Loose words beside</div>
</body></html>"""


def test_html_asides_are_sidebar_lines_without_their_furniture(tmp_path: Path) -> None:
    (tmp_path / "dam.html").write_text(ASIDES, encoding="utf-8")
    [article], _ = load_file(tmp_path / "dam.html", "dam.html", MAX)
    sidebar = [article.text[b.start:b.end] for b in article.blocks if b.section == "sidebar"]
    # one line per item, in page order, once; headings, furniture, single words, scripts and navigation left out
    assert sidebar == ["Orvik ferry fares rise in spring\nWater board elects a new chair"]
    lines = article.text.split("\n")
    assert [article.line_map[lines.index(x)] for x in sidebar[0].split("\n")] == [5, 8]
    # trafilatura takes this one for the story; it is not indexed twice
    assert article.text.count("Reservoir levels at a ten-year high") == 1


def test_html_without_a_story_keeps_no_sidebar_and_a_deep_aside_is_read_in_linear_time(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav><aside><p>Orvik ferry fares rise again</p>"
                                         "</aside></body></html>", encoding="utf-8")
    with pytest.raises(assistant.LoadError):
        load_file(tmp_path / "empty.html", "empty.html", MAX)
    deep = "<div>" * 5000 + "Deep aside words here" + "</div>" * 5000
    (tmp_path / "deep.html").write_text(ASIDES.replace("<aside><p>Water", f"<aside>{deep}<p>Water"), encoding="utf-8")
    [article], _ = load_file(tmp_path / "deep.html", "deep.html", MAX)
    assert "Engineers inspecting the Orvik dam" in article.text


RECORDS = [
    {"title": "Council approves budget for new school", "body":
     "The city council approved the budget for a new primary school on Tuesday.\n"
     "Building starts in April and should take two years.",
     "source": "Valley Courier", "published_at": "2024-07-22T18:05:00+02:00",
     "url": "https://valley-courier.example/school", "author": "Ana Lindqvist"},
    {"title": "Ferry returns after winter repairs", "body":
     "The island ferry returned to service on Monday after three months of repairs.",
     "source": "Harbour Gazette", "published_at": "July 22, 2024", "url": "https://gazette.example/ferry",
     "author": None},
    {"title": "A record with no body"},
    "not a record at all",
    {"title": "Museum reopens", "body": "The museum reopened its doors on Sunday after a flood.",
     "source": "Valley Courier", "published_at": "19:44 05.06.2025"},
]


def test_json_collection(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    path.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    articles, warnings = load_file(path, "news.json", MAX)
    assert [a.record for a in articles] == [0, 1, 4]
    assert {a.source for a in articles} == {"news.json"}
    assert [a.date for a in articles] == ["2024-07-22", "2024-07-22", "2025-06-05"]
    school = articles[0]
    assert school.title == "Council approves budget for new school"
    assert school.outlet == "Valley Courier" and school.author == "Ana Lindqvist"
    assert school.url == "https://valley-courier.example/school"
    assert school.text == RECORDS[0]["body"]
    assert articles[1].author is None
    assert warnings == ["news.json record 2 has no 'body' text; skipped it",
                        "news.json record 3 is not an object; skipped it"]
    lines = path.read_text(encoding="utf-8").split("\n")
    for article in articles:  # lines point at the record's body in the file
        first, last = article.lines_of(0, len(article.text))
        assert first == last and '"body"' in lines[first - 1]
        assert json.dumps(article.text)[1:30] in lines[first - 1]


def test_jsonl_collection_and_search(tmp_path: Path, tiny_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = [r for r in RECORDS if isinstance(r, dict) and "body" in r]
    rows = [json.dumps(good[0]), "{not json", json.dumps(good[1]), "", json.dumps(good[2])]
    (corpus / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles, warnings = load_file(corpus / "feed.jsonl", "feed.jsonl", MAX)
    assert [a.record for a in articles] == [0, 2, 3]
    assert [a.date for a in articles] == ["2024-07-22", "2024-07-22", "2025-06-05"]
    assert len(warnings) == 1 and warnings[0].startswith("feed.jsonl line 2 is not valid JSON")
    assert warnings[0].endswith("skipped it")

    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(corpus)
    assert report.files_added == ["feed.jsonl"] and report.warnings == warnings
    assert index.info().documents == 3
    hit = next(h for h in index.search("island ferry repairs", k=5) if "ferry" in h.text)
    assert hit.source == "feed.jsonl" and hit.record == 2
    assert hit.lines == (3, 3) and hit.outlet == "Harbour Gazette" and hit.date == "2024-07-22"
    assert hit.to_json(1)["record"] == 2


@pytest.mark.parametrize(("text", "iso"), [
    ("date 2025-06-05", "2025-06-05"),
    ("19:44 05.06.2025", "2025-06-05"),
    ("July 22, 2024", "2024-07-22"),
    ("Published Jul. 22nd 2024 by staff", "2024-07-22"),
    ("22 July 2024", "2024-07-22"),
    ("2024-07-22T18:05:00+02:00", "2024-07-22"),
    ("2024-07-22T18:05:00Z", "2024-07-22"),
    ("2024-07-22 18:05:00", "2024-07-22"),
    ("no date here", None),
    ("31.02.2024", None),
])
def test_date_forms(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_text_file_dates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2025-06-05 Interfax-Ukraine\n\nDrones discussed in Brussels\n\n"
                                    "The minister met his counterparts in Brussels on Thursday.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Storm floods the old library\nMarch 5, 2024\n\nHeavy rain flooded "
                                    "the old library on Tuesday.\n", encoding="utf-8")
    [a], _ = load_file(tmp_path / "a.txt", "a.txt", MAX)
    [b], _ = load_file(tmp_path / "b.txt", "b.txt", MAX)
    assert (a.date, a.outlet, a.title) == ("2025-06-05", "Interfax-Ukraine", "Drones discussed in Brussels")
    assert (b.date, b.title) == ("2024-03-05", "Storm floods the old library")


def test_cleaner_labels_story_as_body_and_furniture_as_sidebar_or_skip() -> None:
    page = clean_text_page(MESSY)
    assert page.meta.title == "Fishermen vote to share the new harbour crane"
    assert page.meta.date == "2025-02-11"
    assert page.meta.outlet == "Harbour Gazette"
    body = [MESSY[b.start:b.end] for b in page.blocks if b.section == "body"]
    sidebar = "\n".join(MESSY[b.start:b.end] for b in page.blocks if b.section == "sidebar")
    everything = "\n".join(body) + "\n" + sidebar
    assert len(body) == 1
    assert body[0].startswith("Fishermen in Port Ellis voted on Tuesday")
    assert body[0].endswith("Each crew gets two hours a day in the busy season.")
    # Sidebar headlines and related stories stay findable, but never as the story.
    for other in ("Ferry timetable changes", "Lighthouse restoration finished",
                  "The regional orchestra announced", "scheduling system for nurses"):
        assert other in sidebar and other not in body[0]
    # Navigation, timestamps, reading time, tags, headings and the repeated headline: not indexed.
    for junk in ("Home", "Business", "Facts", "08:15", "17:02", "min read", "Tags:", "#harbour",
                 "MORE ABOUT", "Related Articles"):
        assert junk not in everything, junk
    assert everything.count("Fishermen vote to share") == 0  # the title goes in every chunk header
    assert sidebar.count("Ferry timetable changes for the winter months") == 1


def test_messy_page_search_prefers_the_story(tmp_path: Path, tiny_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "messy.txt").write_text(MESSY, encoding="utf-8")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(corpus)
    sections = {h.section for h in index.search("harbour crane fishermen", k=10)}
    assert sections <= {"body", "sidebar"}
    top = index.search("crane booked by the hour harbour master", k=1)[0]
    assert top.section == "body" and "booked by the hour" in top.text
    lines = MESSY.split("\n")
    assert "booked by the hour" in "\n".join(lines[top.line_start - 1:top.line_end])


def test_chunks_fit_the_model_window_even_for_a_huge_sentence(tiny_embedder) -> None:
    # with words of many pieces, some longer than the 8-token margin a piece has
    words = [WORDS[i % len(WORDS)] if i % 7 else f"Zqxv{i}wk" if i % 13 else f"Kq{i}" + "xq" * 18
             for i in range(2000)]
    sentence = " ".join(words)  # 2,000 words, no full stop until the very end
    text = f"Short opening line here.\n\n{sentence}.\n\nA closing sentence after it."
    title = "A very long headline " + " ".join(WORDS[:60])
    article = Article(source="long.txt", text=text, blocks=(Block(0, len(text), BODY),), title=title,
                      date="2024-01-02", outlet="Valley Courier")
    for params in (ChunkParams(), ChunkParams(chunk_tokens=1000, overlap_tokens=0)):
        chunks = chunk_article(article, tiny_embedder, params)
        assert len(chunks) > 10
        limit = tiny_embedder.max_tokens - SPECIAL_TOKENS
        for chunk in chunks:
            assert tiny_embedder.count_tokens([chunk.indexed_text])[0] <= limit, chunk.chunk_id
            ids = tiny_embedder._tokenizer(chunk.indexed_text)["input_ids"]
            assert len(ids) <= tiny_embedder.max_tokens
            assert chunk.text == text[chunk.start:chunk.end]
            for edge in (chunk.start, chunk.end):  # never inside a word, which a quote would halve
                assert not (text[edge - 1:edge].isalnum() and text[edge:edge + 1].isalnum()), chunk.chunk_id
        covered = set()
        for chunk in chunks:
            covered.update(range(chunk.start, chunk.end))
        assert all(i in covered for i, c in enumerate(text) if not c.isspace())  # nothing lost


# -- issue 11: encodings, names and fields that used to lose or garble articles ---------------

STORY = "Mayor opens the river bridge\n\nThe mayor opened the new river bridge on Monday, the council said.\n"


@pytest.mark.parametrize(("bom", "codec"), [
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),  # UTF-32-LE's mark starts like UTF-16's
])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_read(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(bom + STORY.encode(codec))
    articles, warnings = load_file(path, "story.txt", MAX)
    assert warnings == []
    assert articles[0].text == STORY and articles[0].title == "Mayor opens the river bridge"


def test_broken_utf16_is_one_skip_reason(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xff\xfe" + "The mayor".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(assistant.LoadError, match=r"^story\.txt starts with a UTF-16 byte-order mark but is not "
                                                  r"valid UTF-16 \(offset \d+\); convert it with iconv -t UTF-8$"):
        load_file(path, "story.txt", MAX)


def test_name_with_a_trailing_space_is_read_by_its_type(tmp_path: Path, tiny_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.txt ").write_text(STORY, encoding="utf-8")
    (corpus / "LOUD.TXT").write_text(STORY.replace("river", "harbour"), encoding="utf-8")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(corpus)
    assert sorted(report.files_added) == ["LOUD.TXT", "bridge.txt "] and report.files_skipped == []


def test_zero_width_bodies_are_empty(tmp_path: Path) -> None:
    records = [{"title": "Ghost", "body": "\u200b\u200c \u200d\n\u2060\ufeff"},
               {"title": "Real", "body": "The council met on Monday."}]
    (tmp_path / "news.json").write_text(json.dumps(records), encoding="utf-8")
    articles, warnings = load_file(tmp_path / "news.json", "news.json", MAX)
    assert [a.title for a in articles] == ["Real"]
    assert warnings == ["news.json record 0 has an empty 'body' (only zero-width characters); skipped it"]
    (tmp_path / "ghost.txt").write_text("\u200b\u200b \u200b\n\ufeff\u2060\n", encoding="utf-8")
    with pytest.raises(assistant.LoadError, match=r"^ghost\.txt holds only whitespace and zero-width characters"):
        load_file(tmp_path / "ghost.txt", "ghost.txt", MAX)


def test_fields_that_are_not_text_are_never_stringified(tmp_path: Path) -> None:
    body = "The council met on Monday."
    records = [
        {"title": ["Bridge opens", "Second"], "body": body, "source": ["a"], "author": ["Ana", "Ben"],
         "url": ["https://example.org/x"], "published_at": ["2024-07-22"]},
        {"title": 5, "body": body, "source": {"name": "Courier"}, "author": None, "url": [1, 2],
         "published_at": 20240722},
        {"title": "Fine", "body": body, "source": [], "author": "", "url": ["", "  "]},
    ]
    (tmp_path / "news.json").write_text(json.dumps(records), encoding="utf-8")
    articles, warnings = load_file(tmp_path / "news.json", "news.json", MAX)
    first, second, third = articles
    assert (first.title, first.outlet, first.author, first.url, first.date) == (
        "Bridge opens", "a", "Ana", "https://example.org/x", "2024-07-22")
    assert (second.title, second.outlet, second.author, second.url, second.date) == ("", None, None, None, None)
    assert (third.title, third.outlet, third.author, third.url) == ("Fine", None, None, None)
    assert sorted(warnings) == sorted(
        f"news.json: '{name}' is not text in record 1; ignored it there (give a string)"
        for name in ("title", "source", "url", "published_at"))


def test_huge_numbers_and_deep_lines_lose_only_themselves(tmp_path: Path, tiny_embedder) -> None:
    good = {"title": "Council approves bridge", "body": "The council approved the new river bridge on Monday."}
    huge = "9" * 5001  # json.loads raised ValueError past Python's 4,300-digit limit
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "numbers.json").write_text(f'[{json.dumps(good)[:-1]}, "views": {huge}}}]', encoding="utf-8")
    (corpus / "feed.jsonl").write_text("\n".join([
        json.dumps(good).replace("bridge", "ferry"), "[" * 50_000 + "]" * 50_000, f'{{"body": {huge}}}',
        '{"title": "T", "title2": ' + "[" * 3000 + "]" * 3000 + "}",
    ]) + "\n", encoding="utf-8")
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    report = index.add(corpus)
    assert sorted(report.files_added) == ["feed.jsonl", "numbers.json"] and report.files_skipped == []
    assert report.warnings == [
        "feed.jsonl line 2 is nested too deeply; skipped it",
        "feed.jsonl record 2 has no 'body' text; skipped it",
        "feed.jsonl line 4 is nested too deeply; skipped it",
    ]
    assert index.info().documents == 2


def test_long_fields_are_cut(tmp_path: Path) -> None:
    records = [{"title": "T" * 5000, "source": "S" * 2000, "body": "The council met on Monday."}]
    (tmp_path / "news.json").write_text(json.dumps(records), encoding="utf-8")
    (article,), warnings = load_file(tmp_path / "news.json", "news.json", MAX)
    assert len(article.title) == len(article.outlet) == 1000
    assert warnings == ["news.json: 'title' is over 1000 characters in record 0; cut it there",
                        "news.json: 'source' is over 1000 characters in record 0; cut it there"]


def test_long_html_page_keeps_all_its_text(tmp_path: Path) -> None:
    paragraphs = [f"<p>Paragraph {i} says the council met the farmers at the market on Monday.</p>" for i in range(300)]
    page = PAGE.replace("</article>", "\n".join(paragraphs) + "\n</article>")
    (tmp_path / "long.html").write_text(page, encoding="utf-8")
    (article,), _ = load_file(tmp_path / "long.html", "long.html", MAX)
    assert "Paragraph 0 says" in article.text and "Paragraph 299 says" in article.text
    last = article.line_of(article.text.index("Paragraph 299 says"))
    assert "Paragraph 299 says" in page.split("\n")[last - 1]


def test_day_numbers_convert_each_date_and_leave_the_rest_undated() -> None:
    import numpy as np

    from assistant.text.dates import day_numbers

    values = np.array([20230105, 0, 20231301, 20240229, 20230229, 20230105, 19700102, 20231231], dtype=np.int64)
    assert day_numbers(values).tolist() == [19362, -1, -1, 19782, -1, 19362, 1, 19722]
    assert day_numbers(np.zeros(0, np.int64)).tolist() == []
