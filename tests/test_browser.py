"""The UI in a real headless Chromium (Debian's ``chromium``, driven by Playwright): ask over
the real corpus with the packaged MiniLM, see a cited answer, open its source; upload an
article of our own that contains ``<script>`` and check it shows as text and never runs.

Screenshots go to ``$ASSISTANT_SCREENSHOT_DIR`` (default: the test's tmp folder)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCRIPT = "<script>window.__pwned=1</script><b>bold</b>"
OUR_ARTICLE = (
    "Harbour noticeboard note puzzles volunteers\n\n"
    f"The lantern festival organiser Mira Castellane pinned a note reading {SCRIPT} to the harbour "
    "noticeboard on Sunday, volunteers said.\n\n"
    "Volunteers said the note would stay up until the festival ends.\n"
)


@pytest.fixture
def chromium() -> Iterator[Any]:
    """Playwright, to open browsers with profiles of their own (``browser``)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make setup installs it: apt-get install chromium)")
    with playwright.sync_playwright() as p:
        yield p


def browser(p: Any, profile: Path) -> Any:
    """A Chromium with its own profile (cookies, local storage): one journalist's browser."""
    return p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
                                                viewport={"width": 1400, "height": 1100})


@pytest.fixture
def page(chromium: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser(chromium, tmp_path / "chromium-profile")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def server(tmp_path: Path, real_corpus: Path) -> Iterator[tuple[str, Path]]:
    from test_api import live_server

    import assistant
    from assistant import Assistant
    from assistant.serve.app import create_app

    corpus = tmp_path / "corpus"  # a scratch copy (uploads land in it, never in ../shared)
    shutil.copytree(real_corpus, corpus)
    index = assistant.open_index(tmp_path / "idx", create=True)  # the packaged MiniLM
    index.add(corpus)
    with live_server(create_app(Assistant(index))) as url:
        yield url, corpus


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ASSISTANT_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def ask(page: Any, question: str, answers: int) -> None:
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(f"document.querySelectorAll('#chat .sources').length >= {answers}",
                           timeout=120_000)


def test_ask_open_a_source_and_script_stays_text(page: Any, server: tuple[str, Path], tmp_path: Path) -> None:
    url, corpus = server
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    assert page.locator("#examples").is_visible()  # example questions on first open
    assert not page.locator("#empty-state").is_visible()

    ask(page, "Who met Umerov in Brussels?", 1)
    answer = page.locator("#chat .message-row, #chat [data-testid='bot']").last.inner_text()
    assert "Umerov" in page.inner_text("#chat") and "[1]" in answer
    assert page.locator("#chat .sources mark").count() >= 1  # quoted words highlighted
    assert " lines " in page.inner_text("#chat .sources")
    # A citation chip: its tooltip is the quote, outlet, date and check; a click opens the
    # article at the passage; Escape closes it.
    chip = page.locator("#chat .chip").first
    assert "✓ found in the passage" in (chip.get_attribute("title") or "")
    chip.click()
    page.wait_for_selector("#article-view mark", timeout=30_000)
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('#article-view mark')", timeout=30_000)
    page.locator("#source-pick label").first.click()
    page.wait_for_selector("#article-view mark", timeout=30_000)
    article = page.inner_text("#article-view .article-text")
    passage = page.inner_text("#article-view .passage")
    assert len(article) > len(passage) > 0
    page.screenshot(path=str(shots(tmp_path) / "ui-answer.png"), full_page=True)

    # The answer's verification receipt, downloaded as the browser does it.
    page.wait_for_selector("#receipt", state="visible", timeout=30_000)
    with page.expect_download(timeout=30_000) as got:
        page.click("#receipt")
    receipt = Path(got.value.path()).read_text(encoding="utf-8")
    assert receipt.startswith("# Verification receipt: Who met Umerov in Brussels?")
    assert "Quote found in the file now: yes" in receipt and "Every quote found in its file: yes" in receipt
    assert "000\\_" not in receipt and "`000_" in receipt  # file names in code, unescaped
    page.locator("#receipt-format label", has_text="csv").click()
    rows: list[str] = []
    for _ in range(30):  # until the button holds the new file
        page.wait_for_timeout(500)
        with page.expect_download(timeout=30_000) as got:
            page.click("#receipt")
        rows = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
        if rows and rows[0].startswith("claim,"):
            break
    assert rows[0].startswith("claim,quote,source,record,line_start,line_end")
    assert len(rows) >= 2 and ",yes,yes," in rows[1]

    # The conversation is kept: a reload finds it, answer, quotes and receipt included.
    page.reload()
    page.wait_for_function("document.querySelector('#chat')?.innerText.includes('Who met Umerov in Brussels?')",
                           timeout=60_000)
    assert page.locator("#chat .sources mark").count() >= 1
    assert page.input_value("#thread-pick input").startswith("Who met Umerov in Brussels?")
    page.wait_for_selector("#thread-export", state="visible", timeout=30_000)
    with page.expect_download(timeout=30_000) as got:
        page.click("#thread-export")
    exported = Path(got.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("# Who met Umerov in Brussels?") and "000\\_" in exported
    page.screenshot(path=str(shots(tmp_path) / "ui-thread-restored.png"), full_page=True)

    # Who said what, and when: the Quotes and Timeline tabs.
    page.get_by_role("tab", name="Quotes").click()
    page.fill("#quotes-speaker textarea", "Lecornu")
    page.click("#quotes-find")
    page.wait_for_function("document.querySelector('#quotes-list')?.innerText.includes('Lecornu')", timeout=60_000)
    assert page.locator("#quotes-list .card").count() >= 2 and " lines " in page.inner_text("#quotes-list")
    page.screenshot(path=str(shots(tmp_path) / "ui-quotes.png"), full_page=True)
    page.get_by_role("tab", name="Timeline").click()
    page.fill("#timeline-query textarea", "Renault drone production in Ukraine")
    page.click("#timeline-build")
    page.wait_for_function("document.querySelector('#timeline-list')?.innerText.includes('2025-')", timeout=60_000)
    dates = page.locator("#timeline-list .card b").all_inner_texts()
    days = [d.split()[0] for d in dates if d[:1].isdigit()]
    assert days and days == sorted(days)  # oldest first
    page.screenshot(path=str(shots(tmp_path) / "ui-timeline.png"), full_page=True)
    page.get_by_role("tab", name="Conversation").click()

    # The people, organisations and places of the answer's sources; an entity's page; its filter.
    page.wait_for_selector("#entity-facets label", timeout=30_000)
    facet = page.locator("#entity-facets label", has_text=re.compile("Um(i)?erov")).first  # either spelling
    name = facet.inner_text().rsplit(" (", 1)[0]
    facet.click()
    page.wait_for_function("document.querySelector('#entity-page')?.innerText.includes('Named ')", timeout=30_000)
    entity_page = page.inner_text("#entity-page")
    assert "Also written" in entity_page and re.search("Um(i)?erov", entity_page.split("Also written")[1])
    page.click("#entity-ask")
    page.wait_for_function(f"document.querySelector('#question textarea')?.value === 'What did {name} say?'",
                           timeout=30_000)
    page.click("#entity-filter-set")
    page.wait_for_function(f"document.querySelector('#entity-filter textarea')?.value === '{name}'", timeout=30_000)
    page.screenshot(path=str(shots(tmp_path) / "ui-entity.png"), full_page=True)
    # The filter applied: an answer now quotes only files that name them (any spelling).
    naming = {p.name for p in corpus.glob("*.txt") if re.search("Um(i)?erov", p.read_text(encoding="utf-8"))}
    ask(page, "What was discussed about drones?", 2)
    cited = set(re.findall(r"\b(\d{3}_[0-9a-f]{16}\.txt)", page.locator("#chat .sources").last.inner_text()))
    assert cited and cited <= naming, (cited, naming)
    page.fill("#entity-filter textarea", "")
    page.fill("#question textarea", "")

    # Our own article with markup in it, added through the upload panel.
    ours = tmp_path / "noticeboard.txt"
    ours.write_text(OUR_ARTICLE, encoding="utf-8")
    page.get_by_text("Corpus", exact=True).click()
    page.wait_for_selector("#upload", state="visible", timeout=30_000)  # the panel has opened
    page.set_input_files("#upload input[type=file]", str(ours))
    # Gradio uploads the file before it shows it: beside other heavy work this took over 30 s.
    page.wait_for_selector("#upload :text('noticeboard.txt')", timeout=90_000)
    page.click("#add-uploads")
    page.wait_for_function("document.querySelector('#corpus-status')?.innerText.includes('Indexed')",
                           timeout=120_000)
    assert "uploads/noticeboard.txt" in page.inner_text("#corpus-status")
    assert (corpus / "uploads" / "noticeboard.txt").read_text(encoding="utf-8") == OUR_ARTICLE

    ask(page, "What note did Mira Castellane pin to the harbour noticeboard?", 3)
    page.locator("#source-pick label", has_text="uploads/noticeboard.txt").first.click()
    page.wait_for_selector("#article-view .passage", timeout=30_000)
    page.wait_for_function("document.querySelector('#article-view')?.innerText.includes('Castellane')")
    assert SCRIPT in page.inner_text("#article-view .article-text")  # shown as text
    assert page.evaluate("typeof window.__pwned") == "undefined"  # never ran
    assert page.locator("#article-view .article-text b, #chat .sources b:text('bold')").count() == 0
    assert page.locator("#chat script, #article-view script").count() == 0
    page.screenshot(path=str(shots(tmp_path) / "ui-script-as-text.png"), full_page=True)


def test_login_as_reader_hides_the_corpus_controls_and_editor_uploads(page: Any, tmp_path: Path, stories: Path,
                                                                      tiny_embedder) -> None:
    """With tokens the browser gets Gradio's login page; a reader sees no upload or re-index
    controls, an editor uploads through the form (tiny model, our own stories)."""
    from test_api import live_server

    import assistant
    from assistant import Assistant
    from assistant.serve.access import read_audit, serving_access
    from assistant.serve.app import create_app

    reader, editor = "reader-" + "r" * 24, "editor-" + "e" * 24
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    access = serving_access("127.0.0.1", reader_token=reader, editor_token=editor)

    def sign_in(url: str, user: str, token: str) -> None:
        page.context.clear_cookies()
        page.goto(url + "/")
        page.wait_for_selector("input[type=password]", timeout=60_000)
        page.fill("input[data-testid=textbox]", user)
        page.fill("input[type=password]", token)
        page.get_by_role("button", name="Login").click()

    with live_server(create_app(Assistant(index), access=access)) as url:
        sign_in(url, "reader", editor)  # the editor's token is not the reader's password
        page.wait_for_selector("text=Incorrect credentials", timeout=30_000)
        assert page.locator("#question textarea").count() == 0

        sign_in(url, "reader", reader)
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.get_by_text("Corpus", exact=True).click()
        page.wait_for_function("document.querySelector('#corpus-status')?.innerText.includes('editor token')",
                               timeout=30_000)
        assert not page.locator("#add-uploads").is_visible() and not page.locator("#reindex").is_visible()
        page.screenshot(path=str(shots(tmp_path) / "ui-reader.png"), full_page=True)

        sign_in(url, "editor", editor)
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.get_by_text("Corpus", exact=True).click()
        page.wait_for_selector("#add-uploads", state="visible", timeout=30_000)
        ours = tmp_path / "noticeboard.txt"
        ours.write_text(OUR_ARTICLE, encoding="utf-8")
        page.set_input_files("#upload input[type=file]", str(ours))
        # Gradio uploads the file before it shows it: beside other heavy work this took over 30 s.
        page.wait_for_selector("#upload :text('noticeboard.txt')", timeout=90_000)
        page.click("#add-uploads")
        page.wait_for_function("document.querySelector('#corpus-status')?.innerText.includes('Indexed')",
                               timeout=120_000)
    assert (stories / "uploads" / "noticeboard.txt").read_text(encoding="utf-8") == OUR_ARTICLE
    assert [(a["role"], a["action"], a["result"]) for a in read_audit(tmp_path / "idx")] == \
        [("editor", "upload", "ok")]


ENTITY_LINK = "Open the page of "  # a name's title in an answer: the page it opens
AXE_JS = Path(__file__).resolve().parent.parent / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FIRST_WORDS_QUESTIONS = ("Who met Umerov in Brussels?", "How many French defense companies visited Ukraine?",
                         "When did Lecornu arrive in Ukraine?", "Which defence ministers has Umerov met?",
                         "What did Barrot say about drones?")


def test_the_desk_is_accessible_and_answers_start_fast(page: Any, server: tuple[str, Path], tmp_path: Path) -> None:
    """axe-core's scan of the desk with an answer on it (no serious or critical violation),
    and the seconds from pressing Ask to the answer's first words, printed (p50 target < 1 s)."""
    import statistics
    import time

    axe = Path(os.environ.get("ASSISTANT_AXE_JS") or AXE_JS)
    if not axe.is_file():
        pytest.skip(f"axe-core is not installed at {axe} (make setup installs it with npm)")
    url, _ = server
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    seconds = []
    for n, question in enumerate(FIRST_WORDS_QUESTIONS, start=1):
        page.fill("#question textarea", question)
        started = time.perf_counter()
        page.click("#ask")
        # The first words: the newest bot message holds more than the "…" placeholder.
        page.wait_for_function(
            f"(() => {{ const m = document.querySelectorAll('#chat [data-testid=\"bot\"]');"
            f" return m.length >= {n} && m[m.length - 1].innerText.trim().length > 2; }})()", timeout=120_000)
        seconds.append(time.perf_counter() - started)
        page.wait_for_function(f"document.querySelectorAll('#chat .sources').length >= {n}"
                               " || document.querySelectorAll('#chat [data-testid=\"bot\"]').length >= " + str(n),
                               timeout=120_000)
    p50 = statistics.median(seconds)
    # The baseline, same run: the same questions over the API alone (no browser, no UI),
    # asked after the browser so its caches favour the baseline, not the desk.
    import httpx

    api = []
    for question in FIRST_WORDS_QUESTIONS:
        started = time.perf_counter()
        assert httpx.post(url + "/api/ask", json={"question": question}, timeout=120).status_code == 200
        api.append(time.perf_counter() - started)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from cpu import cpu_flags

    print(f"\ntime to first words: p50 {p50:.2f} s, max {max(seconds):.2f} s over {len(seconds)} questions "
          f"(extractive, ../shared/corpus, headless Chromium; target p50 < 1 s); the same questions over "
          f"/api/ask alone: p50 {statistics.median(api):.2f} s; desk/API {p50 / statistics.median(api):.2f}x; "
          f"CPU flags: {cpu_flags()}")
    # Scanned at rest: the events that follow an answer (receipt, kept thread) have finished.
    page.wait_for_selector("#thread-export", state="visible", timeout=60_000)
    page.wait_for_timeout(1500)
    page.add_script_tag(path=str(axe))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,"
                          " where: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)}))")
    by_impact: dict[str, int] = {}
    for v in found:
        by_impact[v["impact"] or "none"] = by_impact.get(v["impact"] or "none", 0) + v["nodes"]
    print("axe-core violations by impact (nodes):", by_impact or "none")
    for v in found:
        print(f"  {v['impact']}: {v['id']} ({v['nodes']} nodes) — {v['help']}; {v['where']}")
    page.screenshot(path=str(shots(tmp_path) / "ui-desk.png"), full_page=True)
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_the_desk_works_in_a_narrow_window(page: Any, server: tuple[str, Path], tmp_path: Path) -> None:
    """At 600 px wide the desk stacks its columns: nothing runs off the side, the answer
    and its sources are readable, and Enter asks."""
    url, _ = server
    page.set_viewport_size({"width": 600, "height": 900})
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.fill("#question textarea", "Who met Umerov in Brussels?")
    page.press("#question textarea", "Enter")
    page.wait_for_function("document.querySelectorAll('#chat .sources').length >= 1", timeout=120_000)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow} px wider than the window"
    box = page.locator("#chat .sources").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 600 + 1
    page.screenshot(path=str(shots(tmp_path) / "ui-narrow.png"), full_page=True)


def test_assumptions_can_be_undone_names_open_their_page_and_threads_are_per_browser(
        chromium: Any, tmp_path: Path, real_corpus: Path) -> None:
    """What the assistant read into a question (an outlet it names, a day it gives) shows as
    ticked boxes; unticking one asks again without it. A name in an answer opens its entity
    page. Threads belong to one browser: another browser sees none of them, and the first
    finds its conversation again after the server restarts."""
    import socket

    from test_api import live_server

    import assistant
    from assistant import Assistant
    from assistant.serve.app import create_app

    index = assistant.open_index(tmp_path / "idx", create=True)  # the packaged MiniLM
    index.add(real_corpus)
    outlet = sorted(index.info().outlets)[0]
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    first = browser(chromium, tmp_path / "profile-a")
    page = first.new_page()
    with live_server(create_app(Assistant(index)), port=port) as url:
        page.goto(url + "/")
        page.wait_for_selector("#question textarea", timeout=60_000)
        ask(page, f"What did {outlet} report on July 21, 2025 about drones?", 1)
        page.wait_for_selector("#assumed", state="visible", timeout=30_000)
        boxes = page.locator("#assumed label")
        labels = boxes.all_inner_texts()
        assert any(x.strip() == f"Outlet named: {outlet}" for x in labels), labels
        assert any(x.strip() == "Day given: 2025-07-21" for x in labels), labels
        assert page.locator("#assumed input:checked").count() == 2
        page.screenshot(path=str(shots(tmp_path) / "ui-assumed.png"), full_page=True)
        boxes.filter(has_text="Outlet named").locator("input").uncheck()
        page.wait_for_function("document.querySelectorAll('#chat .sources').length >= 2", timeout=120_000)
        page.wait_for_function("document.querySelectorAll('#assumed input:checked').length === 1", timeout=30_000)
        assert page.locator("#assumed label", has_text="Day given").locator("input").is_checked()
        assert not page.locator("#assumed label", has_text="Outlet named").locator("input").is_checked()
        questions = page.locator("#chat [data-testid='user']").all_inner_texts()
        assert len(questions) == 2 and questions[0] == questions[1]  # the same question, asked again

        # A name in the answer is a link to its entity's page.
        ask(page, "Who met Umerov in Brussels?", 3)
        name = page.locator("#chat .ent", has_text=re.compile("Um(i)?erov")).last
        entity = (name.get_attribute("title") or "").removeprefix(ENTITY_LINK)
        assert re.search("Um(i)?erov", entity)
        name.click()
        page.wait_for_function("document.querySelector('#entity-page')?.innerText.includes('Also written')",
                               timeout=30_000)
        assert entity in page.inner_text("#entity-page")
        page.screenshot(path=str(shots(tmp_path) / "ui-entity-from-answer.png"), full_page=True)
        page.wait_for_selector("#thread-export", state="visible", timeout=60_000)

        # Another browser on the same desk sees none of this browser's threads.
        second = browser(chromium, tmp_path / "profile-b")
        try:
            other = second.new_page()
            other.goto(url + "/")
            other.wait_for_selector("#question textarea", timeout=60_000)
            other.wait_for_timeout(1500)  # the page's load events have run
            assert other.locator("#chat [data-testid='user']").count() == 0
            assert other.input_value("#thread-pick input") == ""
        finally:
            second.close()

    # The server restarts (a new process would read the same threads.sqlite): the first
    # browser finds its conversation again.
    with live_server(create_app(Assistant(assistant.open_index(tmp_path / "idx"))), port=port) as url:
        page.reload()
        page.wait_for_function("document.querySelector('#chat')?.innerText.includes('Who met Umerov in Brussels?')",
                               timeout=60_000)
        assert page.locator("#chat [data-testid='user']").count() == 3
    first.close()
