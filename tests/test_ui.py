"""The UI without a browser: the running app driven with gradio_client, the HTML builders
(escaping, highlighting), the shared Service (modes, whole articles, uploads, indexing),
safe uploads and the feedback file. Tiny model, real Chroma."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import STORIES, write_corpus

import assistant
from assistant import Assistant
from assistant.errors import ConfigError
from assistant.serve.feedback import read_feedback, record_feedback
from assistant.serve.render import answer_markdown, article_html, esc, info_markdown, mark, parse_filters
from assistant.serve.service import Service
from assistant.serve.uploads import UploadError, safe_name, save_upload

SCRIPT = "<script>window.__pwned=1</script><b>bold</b>"


@pytest.fixture
def service(stories: Path, tmp_path: Path, tiny_embedder) -> Service:
    write_corpus(stories, {
        "web/page.html": ("<html><head><title>Museum reopens after repairs</title></head><body><article>"
                          "<h1>Museum reopens after repairs</h1><p>The city museum reopened on Friday after two "
                          "years of repairs, the director said.</p><p>Entry stays free for students.</p>"
                          "</article></body></html>"),
        "wire.jsonl": json.dumps({"title": "Airport adds night trains", "body": "The airport station will "
                                  "run night trains from May, the operator said.", "source": "Wire"}) + "\n",
    })
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    return Service(Assistant(index))


# -- the running app, driven with gradio_client ------------------------------------------

def test_gradio_client_asks_and_gets_citations(service: Service) -> None:
    pytest.importorskip("gradio_client")
    from gradio_client import Client
    from test_api import live_server

    from assistant.serve.app import create_app

    with live_server(create_app(service)) as url:
        client = Client(url + "/", verbose=False)
        data = client.predict("Who opened the new river bridge?", 5, "extractive", api_name="/ask")
        assert data["answered"] and data["question"] == "Who opened the new river bridge?"
        cit = data["citations"][0]
        assert (cit["source"], cit["lines"]) == ("bridge.txt", [3, 3])
        assert "mayor of Springfield opened the new river bridge" in cit["quote"]


def test_a_follow_up_in_the_chat_is_read_with_the_answer_shown_before(stories: Path, tmp_path: Path,
                                                                        tiny_embedder) -> None:
    pytest.importorskip("gradio")
    from assistant.serve.ui import GradioUI
    from assistant.types import Answer

    write_corpus(stories, {"council.txt": "Council picks a treasurer\n\nIlse Varga joined the council in 2019.\n"})
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    ui = GradioUI(Service(Assistant(index)))
    # The first turn as the chat keeps it: the Answer, with the name it gave.
    first = Answer(question="Who did the council pick as treasurer?", text="Ilse Varga", answered=True,
                   short="Ilse Varga")

    def last(question: str, answers: list) -> Answer:
        *_, (_, kept, *_) = ui.respond(question, [], answers, "extractive", 5, "", "", "", "", [], [], "", None, None)
        return kept[-1]

    follow = last("When did she join the council?", [first])
    assert follow.query == "When did Ilse Varga join the council?"
    assert follow.answered and "2019" in follow.text


def test_build_ui_is_a_blocks_app_with_an_ask_endpoint(service: Service) -> None:
    gr = pytest.importorskip("gradio")
    from assistant.serve.ui import build_ui

    demo = build_ui(service.assistant)
    assert isinstance(demo, gr.Blocks)
    assert "/ask" in {f"/{d.api_name}" for d in demo.fns.values() if d.api_name}


# -- HTML: escaped everywhere, quotes highlighted --------------------------------------------

def test_escaping_makes_markup_inert() -> None:
    assert "<" not in esc(SCRIPT) and "&lt;script&gt;" in esc(SCRIPT)
    assert esc("{{x}} ${y}") == "&#123;&#123;x&#125;&#125; &#36;&#123;y&#125;"
    assert mark("a <b> c", 2, 5) == "a <mark>&lt;b&gt;</mark> c"


def test_answer_markdown_highlights_the_quote_in_its_passage(service: Service) -> None:
    answer = service.engine().ask("Who opened the new river bridge?")
    html = answer_markdown(answer)
    assert "<mark>The mayor of Springfield opened the new river bridge" in html or \
        "<mark>mayor of Springfield opened the new river bridge" in html
    assert "bridge.txt</code> lines 3–3" in html and "Mayor opens new river bridge" in html
    assert "\n" not in html.split("\n\n", 1)[1]  # the sources block is one HTML line


def test_article_html_escapes_and_marks() -> None:
    text = f"Title\n\nShe wrote {SCRIPT} in the note. Then left."
    a = text.index("She")
    q = text.index(SCRIPT)
    html = article_html("T <i>", "Out", "2024-01-01", "x.txt", (3, 3), text, (a, len(text)), (q, q + len(SCRIPT)))
    assert "<script>" not in html and "<b>bold" not in html
    assert '<span class="passage">She wrote <mark>&lt;script&gt;' in html
    assert "T &lt;i&gt;" in html


def test_info_markdown_empty_and_full(service: Service) -> None:
    assert "Nothing indexed yet" in info_markdown(None, Path("idx"))
    text = info_markdown(service.info(), service.index_dir)
    assert "chunks" in text and "2024-03-05" in text and "Dates" in text


def test_parse_filters_names_bad_dates() -> None:
    assert parse_filters("2024-01-01", "", ["A"], []).since.isoformat() == "2024-01-01"
    with pytest.raises(ConfigError, match="From date '2024-13-01' is not a date"):
        parse_filters("2024-13-01", "", [], [])
    with pytest.raises(ConfigError, match="after the To date"):
        parse_filters("2024-05-01", "2024-04-01", [], [])


# -- the service ---------------------------------------------------------------------------

def test_modes(service: Service) -> None:
    assert service.engine("extractive") is service.assistant
    with pytest.raises(ConfigError, match="no LLM endpoint is configured"):
        service.engine("llm")
    with pytest.raises(ConfigError, match="needs both a URL"):
        service.engine("llm", "http://127.0.0.1:9/v1", "")
    with pytest.raises(ConfigError, match="mode must be one of"):
        service.engine("magic")


def test_whole_article_for_text_html_and_json(service: Service, stories: Path) -> None:
    for question, source in (("Who opened the new river bridge?", "bridge.txt"),
                             ("When did the city museum reopen?", "web/page.html"),
                             ("When will the airport run night trains?", "wire.jsonl")):
        hit = next(h for h in service.index.search(question, k=10) if h.source == source)
        text, (a, b) = service.article(hit)
        assert text[a:b] == hit.text
        if source == "bridge.txt":
            assert text == (stories / source).read_text(encoding="utf-8")


def test_uploads_are_saved_safely_and_indexed(service: Service, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    good = src / "upload.txt"
    good.write_text("Lantern parade lights the harbour\n\nThe lantern parade crossed the harbour on Sunday, "
                    "organisers said.\n", encoding="utf-8")
    saved, report = service.add_uploads([(good, "../../../evil/../Lantern parade.txt")])
    assert saved == ["uploads/Lantern_parade.txt"] and report.files_added == ["uploads/Lantern_parade.txt"]
    assert (service.corpus_dir() / "uploads" / "Lantern_parade.txt").read_bytes() == good.read_bytes()
    hits = service.index.search("lantern parade harbour", k=1)
    assert hits[0].source == "uploads/Lantern_parade.txt"
    other = src / "other.txt"
    other.write_text("Something else entirely\n\nA different story.\n", encoding="utf-8")
    assert save_upload(other, service.corpus_dir(), "Lantern parade.txt", max_bytes=10_000).name == \
        "Lantern_parade-1.txt"
    assert save_upload(good, service.corpus_dir(), "Lantern parade.txt", max_bytes=10_000).name == \
        "Lantern_parade.txt"  # the same file again is not duplicated


@pytest.mark.parametrize(("name", "size", "message"), [
    ("notes.exe", 10, "unsupported file type '.exe'"),
    ("big.txt", 5000, "over the"),
    ("empty.txt", 0, "is empty"),
])
def test_bad_uploads_are_clear_errors(tmp_path: Path, name: str, size: int, message: str) -> None:
    src = tmp_path / "src.bin"
    src.write_bytes(b"x" * size)
    with pytest.raises(UploadError, match=message):
        save_upload(src, tmp_path / "corpus", name, max_bytes=1000)
    assert not (tmp_path / "corpus" / "uploads").exists() or not any((tmp_path / "corpus" / "uploads").iterdir())


def test_safe_names_never_escape() -> None:
    for name in ("../../etc/passwd.txt", "..\\..\\x.md", "/abs/path.txt", ".hidden.txt", "a/./../b.txt"):
        safe = safe_name(name)
        assert "/" not in safe and "\\" not in safe and not safe.startswith(".") and ".." not in safe


def test_upload_into_an_empty_index_starts_the_corpus(tmp_path: Path, tiny_embedder) -> None:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    service = Service(Assistant(index))
    assert not service.has_index() and service.example_questions() == []
    src = tmp_path / "story.md"
    src.write_text(STORIES["festival.md"], encoding="utf-8")
    saved, _ = service.add_uploads([(src, "story.md")])
    assert saved == ["uploads/story.md"] and service.has_index()
    assert Path(index.manifest.root) == tmp_path / "idx" / "corpus"
    answer = service.engine().ask("When was the harbour festival?")
    assert answer.citations and answer.citations[0].source == "uploads/story.md"
    # One short story quotes no one twice and names no place twice: no question to suggest
    # (they come from the corpus's people and places, never from its titles).
    assert service.example_questions() == []


def test_feedback_lines_are_appended(tmp_path: Path) -> None:
    answer = {"question": "Who?", "answer": "x [1]", "citations": []}
    record_feedback(tmp_path, "helpful", answer)
    record_feedback(tmp_path, "wrong_answer", answer, comment="  no  ", extra={"k": 3})
    lines = read_feedback(tmp_path)
    assert [line["kind"] for line in lines] == ["helpful", "wrong_answer"]
    assert lines[1]["comment"] == "no" and lines[1]["k"] == 3 and lines[1]["question"] == "Who?"
    with pytest.raises(ConfigError, match="feedback kind must be one of"):
        record_feedback(tmp_path, "meh", answer)


def test_one_card_per_article_with_copies_folded_chips_and_conflicts() -> None:
    from assistant.serve.render import cards_of
    from assistant.types import Answer, Citation, Conflict, ConflictValue, Copy, Hit

    def hit(source: str, text: str, copies: tuple[Copy, ...] = ()) -> Hit:
        return Hit(chunk_id=f"{source}::0", text=text, score=1.0, source=source, title=f"Title of {source}",
                   date="2026-05-11", outlet=f"Outlet {source[0].upper()}", url=None, line_start=3, line_end=4,
                   char_start=0, char_end=len(text), copies=copies)

    wire = (Copy("b.txt", "b.txt", "Title", "Valley Wire", "2026-05-12"),
            Copy("c.txt", "c.txt", "Title", "Coast <Daily>", "2026-05-13"))
    hits = (hit("a.txt", f"The ferry opened on Friday. It carries {SCRIPT} 300 people.", wire),
            hit("d.txt", "The ferry opened on Saturday."))
    cites = (Citation(1, "a.txt", 3, 3, "The ferry opened on Friday.", "Title of a.txt", "Outlet A", "2026-05-11"),
             Citation(1, "a.txt", 4, 4, f"It carries {SCRIPT} 300 people.", "Title of a.txt", "Outlet A",
                      "2026-05-11"),
             Citation(2, "d.txt", 3, 3, "The ferry opened on Saturday.", "Title of d.txt", "Outlet D", "2026-05-11"))
    answer = Answer("When did the ferry open?", "Friday: “The ferry opened on Friday.” [1] Not every report "
                    "gives that date: “The ferry opened on Saturday.” [2]", True, cites, hits, short="Friday",
                    conflicts=(Conflict("date: When?", (ConflictValue("Friday", (1,)),
                                                        ConflictValue("Saturday", (2,)))),))
    assert [len(c["entries"]) for c in cards_of(answer)] == [2, 1]  # two quotes of one article: one card
    html = answer_markdown(answer)
    assert html.count('class="src card"') == 2
    assert "+2 copies" in html and "Coast &lt;Daily&gt;" in html  # the copies, escaped
    # The tooltip names both quotes of passage [1], escaped: shown as text, never run.
    assert '<span class="chip" title="“The ferry opened on Friday.” … “It carries &lt;script&gt;window.' in html
    assert "a.txt · ✓ found in the passage" in html
    assert "⚠ The reports disagree on the date: Friday ([1]) against Saturday ([2])" in html
    assert "⚠ gives the date Saturday" in html and "⚠ gives the date Friday" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_quotes_and_timeline_html_are_escaped_and_cited() -> None:
    from assistant.serve.ui_knowledge import quotes_html, timeline_html
    from assistant.types import Event, Quote

    q = Quote("Oona Vale", 1, "the councillor", f"We said {SCRIPT} twice", "direct", "said", "a.txt", 3, 4,
              "Harbour Post", "2026-05-11", "T", "body")
    html = quotes_html([q])
    assert "<b>Oona Vale</b> (as “the councillor”)" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "<code>a.txt</code> lines 3–4" in html
    e = Event("2026-05-08", "day", "on Friday", f"It opened on Friday {SCRIPT}.", "a.txt", 5, 5, "Harbour Post",
              "2026-05-11", "T")
    html = timeline_html([e])
    assert "<b>2026-05-08</b> — “on Friday”" in html and "<script>" not in html and "published 2026-05-11" in html
    assert "No quote matches" in quotes_html([]) and "No dated event" in timeline_html([])


def test_names_in_an_answer_link_to_their_entity_page_and_stay_escaped() -> None:
    from assistant.types import Answer

    answer = Answer(question="Who met <b>Ann Lee</b>?", answered=True, short="Ann Lee",
                    text="“Ann Lee met Bo <i>Dahl</i> and Mr Lee's aide,” said Leeward [1].")
    html = answer_markdown(answer, {"Ann Lee": "Ann Lee", "Lee": "Ann Lee", "Dahl": "Bo <i>Dahl</i>",
                                    "x": "ignored: one letter", "aide": "ignored: lower case"})
    assert html.count('title="Open the page of Ann Lee">Ann Lee</span>') == 2  # the short answer and the text
    assert 'title="Open the page of Ann Lee">Lee</span>&#x27;s aide' in html  # a possessive still a name
    assert "Leeward" in html and ">Leeward<" not in html  # whole words only
    assert "<i>" not in html and 'title="Open the page of Bo &lt;i&gt;Dahl&lt;/i&gt;"' in html
    assert ">aide</span>" not in html
    assert answer_markdown(answer) == answer_markdown(answer, {})  # no names: no links
