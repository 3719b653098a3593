"""The browser UI: a cited conversation over the index, its sources one click away.

``GradioUI(service)`` is handed the ``Service`` it shows. Its event handlers are methods,
plain functions of their inputs that turn events into ``Service`` calls and its results
into components (the HTML comes from ``render``); ``create_app()`` lays out the
``gradio.Blocks`` and wires the events. ``build_ui(assistant)`` is the short way from an
engine to that app; ``app.create_app`` mounts it under the HTTP API.

gradio is imported with this module, which only the UI's users import; without it the
import fails with an install hint. A file reaches the corpus from the UI only if it
arrived through Gradio's upload route: a request naming a server path as "the upload" is
refused before it is read. Does not print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..answer.conversation import Turn
from ..errors import AssistantError, ConfigError
from ..types import Answer, Hit
from .access import EDITOR, Who
from .render import (
    answer_markdown,
    article_html,
    cards_of,
    esc,
    info_markdown,
    one_line,
    parse_filters,
    source_label,
)
from .service import Service
from .ui_corpus import MAX_SOURCE_CHOICES, CorpusPanel
from .ui_entities import EntityFacets
from .ui_knowledge import KnowledgeTabs
from .ui_threads import ThreadPanel, browser_state

try:
    import gradio as gr
except ImportError as exc:  # the UI is an optional extra; the API runs without it
    raise ConfigError("the UI needs gradio; install it with: pip install 'newsroom-assistant[ui]' "
                      "(or make setup)") from exc

if TYPE_CHECKING:
    from ..answer.assistant import Assistant

MAX_K = 20
EMPTY_STATE = (
    "### Nothing is indexed yet\n"
    "Add articles in the **Corpus** panel on the right: upload `.txt`, `.md`, `.html`, `.pdf` or "
    "`.json`/`.jsonl` files, or give the path of a folder on this machine, then ask away.\n\n"
    "From a terminal: <code>assistant index PATH --index-dir {index_dir}</code> (or <code>CORPUS=PATH make run</code>)."
)
FEEDBACK_KINDS = (("helpful", "Helpful", "fb-helpful"), ("wrong_citation", "Wrong citation", "fb-wrong-citation"),
                  ("wrong_answer", "Wrong answer", "fb-wrong-answer"))

# gradio hands an event's request, selection and progress bar to the parameters annotated
# gr.Request / gr.SelectData or defaulting to gr.Progress(); it reads the annotations with
# typing.get_type_hints, so every annotation of a handler must resolve at run time.

RECEIPT_FORMATS = ("md", "csv", "json")  # the receipt's downloads, as the CLI names them by extension


class GradioUI:
    """The Gradio app over one ``Service``: handlers as methods, ``create_app`` for the layout."""

    def __init__(self, service: Service, *, title: str = "Newsroom research assistant") -> None:
        self.service = service
        self.title = title
        self.demo: gr.Blocks | None = None
        self.entities = EntityFacets(service)

    # -- asking ---------------------------------------------------------------------------
    def respond(self, question: str, chat: list[dict[str, Any]], answers: list[Any], mode: str, k: float,
                llm_url: str, llm_model: str, since: str, until: str, outlets: list[str],
                sources: list[str], entity: str, ignoring: dict[str, Any] | None,
                request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """Stream the answer into the conversation, then offer its sources. ``ignoring``:
        what not to read into this question, when it is the one asked again without it."""
        question = (question or "").strip()
        if not question:
            raise gr.Error("Type a question first.")
        chat = [*chat, _user_message(question), {"role": "assistant", "content": "…"}]
        answers = list(answers)
        yield chat, answers, "", gr.Radio(), ""
        try:
            filters = parse_filters(since, until, outlets, sources)
            if (entity or "").strip():  # passages naming the entity picked, by any of its names
                filters = replace(filters, chunk_ids=self.service.index.passages_mentioning(entity.strip()))
            if isinstance(ignoring, dict) and ignoring.get("question") == question:
                filters = replace(filters, ignore=frozenset(str(x) for x in ignoring.get("keys", ())))
            engine = self.service.engine(mode, llm_url, llm_model, who=self.caller(request))
            history = [Turn.of(a.question, a) for a in answers if a is not None]
            final: Answer | None = None
            text = ""
            for part in engine.ask_stream(question, history=history, filters=filters, k=int(k)):
                if isinstance(part, str):
                    text += part
                    chat[-1] = {"role": "assistant", "content": esc(text)}
                    yield chat, answers, "", gr.Radio(), ""
                else:
                    final = part
        except AssistantError as exc:
            chat[-1] = {"role": "assistant", "content": f"**Error:** {esc(exc)}"}
            answers.append(None)
            yield chat, answers, "", gr.Radio(), ""
            return
        if final is None:  # an answerer that never finished: say so rather than hang
            chat[-1] = {"role": "assistant", "content": "**Error:** the answerer returned no answer"}
            answers.append(None)
            yield chat, answers, "", gr.Radio(), ""
            return
        chat[-1] = {"role": "assistant", "content": self.render(final)}
        answers.append(final)
        yield chat, answers, "", _source_choices(final), ""

    def api_ask(self, question: str, k: int = 5, mode: str = "") -> dict[str, Any]:
        """A cited answer to ``question`` (the JSON of ``assistant ask --json``)."""
        try:
            engine = self.service.engine(mode or None)
            return engine.ask(question, k=max(1, min(int(k), 50))).to_json()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc

    def render(self, answer: Answer) -> str:
        """An answer as the conversation shows it, names linked to their entity pages."""
        return answer_markdown(answer, self.entities.spellings(answer))

    def answer_tools(self, answers: list[Any], which: int | None, fmt: str) -> tuple[Any, Any, Any]:
        """For the picked (else latest) answer: its receipt's download, the entities its
        sources name, and what was read into its question."""
        answer = _selected(answers, which)
        facets = self.entities.facets(answer)
        assumed = _assumed(answer)
        if answer is None or not answer.citations:
            return gr.DownloadButton(value=None, visible=False), facets, assumed
        path = self.service.receipt(answer, fmt if fmt in RECEIPT_FORMATS else "md")
        return gr.DownloadButton(f"Download the receipt of: {one_line(answer.question)[:60]}", value=str(path),
                                 visible=True), facets, assumed

    def unassume(self, ticked: list[str] | None, answers: list[Any], which: int | None) -> tuple[str, Any]:
        """An assumption unticked (or ticked again): the question goes back in the box with
        what is not to be read into it, for ``respond`` to ask again."""
        answer = _selected(answers, which)
        if answer is None:
            raise gr.Error("Ask a question first.")
        keys = [a.key for a in answer.assumed if a.key not in set(ticked or ())]
        return answer.question, {"question": answer.question, "keys": keys}

    # -- reading sources ------------------------------------------------------------------
    def pick_answer(self, answers: list[Any], evt: gr.SelectData) -> tuple[Any, Any, str]:
        """A message clicked in the conversation: its answer's sources are the ones offered."""
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        which = int(index) // 2 if index is not None else None
        return which, _source_choices(_selected(answers, which)), ""

    def open_source(self, answers: list[Any], which: int | None, choice: str | None) -> str:
        """The whole article of the chosen source, its passage shaded and its quote marked."""
        answer = _selected(answers, which)
        if answer is None or choice in (None, ""):
            return ""
        cards = cards_of(answer)
        s = cards[int(choice)]["entries"][0]
        hit: Hit | None = s["hit"]
        if hit is None:
            return article_html(s["title"], s["outlet"], s["date"], s["source"], s["lines"],
                                s["passage"], (0, len(s["passage"])), s["span"])
        try:
            text, (a, b) = self.service.article(hit)
        except AssistantError as exc:
            return f"<p><b>Cannot open {esc(hit.source)}:</b> {esc(exc)}</p>"
        quote = None
        if s["span"] is not None:
            quote = (a + s["span"][0], a + s["span"][1])
        return article_html(s["title"], s["outlet"], s["date"], s["source"], s["lines"], text, (a, b), quote)

    # -- feedback -------------------------------------------------------------------------
    def feedback_handler(self, kind: str) -> Callable[..., str]:
        """The click handler of one feedback button."""
        def handler(answers: list[Any], which: int | None, comment: str, mode: str, k: float,
                    since: str, until: str, outlets: list[str], sources: list[str],
                    request: gr.Request) -> str:
            answer = _selected(answers, which)
            if answer is None:
                raise gr.Error("Ask a question first: feedback is about an answer.")
            extra = {"k": int(k), "ui_mode": mode,
                     "filters": {"since": since or None, "until": until or None,
                                 "outlets": list(outlets or []), "sources": list(sources or [])}}
            try:
                self.service.feedback(kind, answer, comment, extra, who=self.caller(request))
            except AssistantError as exc:
                raise gr.Error(str(exc)) from exc
            return f"Thanks: saved “{kind.replace('_', ' ')}” for “{esc(one_line(answer.question)[:80])}”."
        return handler

    # -- who is asking --------------------------------------------------------------------
    def caller(self, request: gr.Request | None) -> Who:
        """Who sent this event: the role the session logged in as (everyone, without tokens)."""
        client = request.client.host if request is not None and request.client is not None else None
        return self.service.access.who(getattr(request, "username", None), client)

    def editor_controls(self, request: gr.Request) -> tuple[Any, ...]:
        """The corpus controls and the LLM endpoint fields, shown only to a session that may use them."""
        try:
            editor = self.caller(request).may(EDITOR)
        except AssistantError:
            editor = False
        note = "" if editor else "Signed in as reader: adding and re-indexing articles needs the editor token."
        return (*(gr.update(visible=editor) for _ in range(7)), note)

    # -- layout ---------------------------------------------------------------------------
    def create_app(self) -> gr.Blocks:
        """The ``gradio.Blocks``: the conversation and its sources on the left; filters,
        settings and the corpus on the right."""
        from ..ingest.discover import SUPPORTED

        service = self.service
        info = service.info()
        files = sorted(service.index.manifest.files) if service.index.manifest else []
        questions = service.example_questions()
        panel = ThreadPanel(service, lambda request: self.caller(request).user, self.render)
        corpus = CorpusPanel(service, self.caller, lambda: self.demo)
        with gr.Blocks(title=self.title, fill_width=True) as demo:
            answers = gr.State([])
            which = gr.State(None)
            thread_id = gr.State(None)
            ignoring = gr.State(None)  # what not to read into a question asked again (``unassume``)
            browser = browser_state()
            gr.Markdown(f"# {esc(self.title)}\nAsk in a conversation; every answer quotes its sources, "
                        "with the quoted words highlighted. Open a source to read the whole article.")
            with gr.Row():
                with gr.Column(scale=3), gr.Tabs(elem_id="desk-tabs"):
                    with gr.Tab("Conversation", elem_id="tab-chat"):
                        empty = gr.Markdown(EMPTY_STATE.format(index_dir=esc(service.index_dir)),
                                            visible=not service.has_index(), elem_id="empty-state")
                        chatbot = gr.Chatbot(label="Conversation", elem_id="chat", height=520,
                                             feedback_options=None, buttons=["copy"],
                                             placeholder="Ask a question about the indexed articles.")
                        with gr.Row():
                            box = gr.Textbox(placeholder="Ask a question, e.g. who met whom, when, where…",
                                             show_label=False, scale=5, elem_id="question", autofocus=True)
                            ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                        assumed = gr.CheckboxGroup(choices=[], value=[], visible=False, elem_id="assumed",
                                                   label="Read into your question: untick one to ask again without it")
                        example_set = gr.Dataset(components=[box], samples=[[q] for q in questions],
                                                 label="Example questions", visible=bool(questions),
                                                 elem_id="examples")
                        with gr.Row():
                            receipt_btn = gr.DownloadButton("Download the receipt", visible=False, size="sm",
                                                            elem_id="receipt", scale=3)
                            receipt_fmt = gr.Radio(list(RECEIPT_FORMATS), value="md", show_label=False, scale=2,
                                                   elem_id="receipt-format", container=False)
                        facets, entity_filter = self.entities.layout(box)
                        with gr.Row():
                            buttons = [(gr.Button(label, size="sm", elem_id=elem_id), kind)
                                       for kind, label, elem_id in FEEDBACK_KINDS]
                        comment = gr.Textbox(placeholder="Optional comment with your feedback", show_label=False,
                                             elem_id="fb-comment")
                        feedback_status = gr.Markdown("", elem_id="fb-status")
                    KnowledgeTabs(service).layout()
                with gr.Column(scale=2):
                    # The article opens beside the conversation, so the answer and its source read side by side.
                    pick = gr.Radio(choices=[], label="Open a source", elem_id="source-pick")
                    viewer = gr.HTML("", elem_id="article-view")
                    close = gr.Button("Close the article (Esc)", size="sm", elem_id="article-close")
                    with gr.Accordion("Research threads", open=True, elem_id="threads-panel"):
                        thread_pick = gr.Dropdown(choices=[], label="Your conversations, kept across reloads",
                                                  elem_id="thread-pick")
                        with gr.Row():
                            new_thread = gr.Button("New conversation", size="sm", elem_id="thread-new")
                            delete_thread = gr.Button("Delete", size="sm", variant="stop", elem_id="thread-delete")
                        with gr.Row():
                            thread_title = gr.Textbox(placeholder="A new name for this conversation",
                                                      show_label=False, scale=3, elem_id="thread-title")
                            rename_thread = gr.Button("Rename", size="sm", scale=1, elem_id="thread-rename")
                        export_btn = gr.DownloadButton("Export the conversation (.md)", visible=False,
                                                       size="sm", elem_id="thread-export")
                    with gr.Accordion("Filters", open=False):
                        with gr.Row():
                            since = gr.Textbox(label="From (YYYY-MM-DD)", elem_id="since")
                            until = gr.Textbox(label="To (YYYY-MM-DD)", elem_id="until")
                        outlets = gr.Dropdown(choices=list(info.outlets) if info else [], multiselect=True,
                                              label="Outlets", elem_id="outlets")
                        sources = gr.Dropdown(choices=files[:MAX_SOURCE_CHOICES], multiselect=True,
                                              allow_custom_value=True, label="Source files or folders",
                                              elem_id="sources")
                    with gr.Accordion("Settings", open=False):
                        mode = gr.Radio([("Extractive (quotes, offline)", "extractive"), ("LLM endpoint", "llm")],
                                        value=service.default_mode(), label="Answer mode", elem_id="mode")
                        llm_url = gr.Textbox(value=service.llm_url or "",
                                             label="LLM endpoint URL (OpenAI-compatible)",
                                             placeholder="http://localhost:8080/v1")
                        llm_model = gr.Textbox(value=service.llm_model or "", label="LLM model")
                        k = gr.Slider(1, MAX_K, value=min(service.assistant.k, MAX_K), step=1,
                                      label="Passages per answer", elem_id="k")
                    with gr.Accordion("Corpus", open=not service.has_index()):
                        info_box = gr.Markdown(info_markdown(info, service.index_dir), elem_id="corpus-info")
                        upload = gr.File(file_count="multiple", file_types=sorted(SUPPORTED), elem_id="upload",
                                         label=f"Upload articles (up to {service.max_file_mb:g} MB each)")
                        upload_btn = gr.Button("Add uploaded files", elem_id="add-uploads")
                        folder = gr.Textbox(label="…or a folder (or file) on this machine", elem_id="folder")
                        folder_btn = gr.Button("Add folder", elem_id="add-folder")
                        reindex_btn = gr.Button("Re-index corpus", elem_id="reindex")
                        corpus_status = gr.Markdown("", elem_id="corpus-status")

            ask_inputs = [box, chatbot, answers, mode, k, llm_url, llm_model, since, until, outlets, sources,
                          entity_filter, ignoring]
            ask_outputs = [chatbot, answers, box, pick, viewer]
            receipt = ([answers, which, receipt_fmt], [receipt_btn, facets, assumed])
            kept = ([answers, thread_id, browser], [thread_id, thread_pick, export_btn])
            for trigger in (box.submit, ask_btn.click):
                trigger(self.respond, ask_inputs, ask_outputs, api_visibility="private").then(
                    lambda: None, None, which, api_visibility="private").then(
                    self.answer_tools, *receipt, api_visibility="private").then(
                    panel.keep, *kept, api_visibility="private")
            example_set.click(lambda sample: sample[0], example_set, box, api_visibility="private").then(
                self.respond, ask_inputs, ask_outputs, api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private").then(
                panel.keep, *kept, api_visibility="private")
            assumed.input(self.unassume, [assumed, answers, which], [box, ignoring], api_visibility="private").then(
                self.respond, ask_inputs, ask_outputs, api_visibility="private").then(
                lambda: None, None, which, api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private").then(
                panel.keep, *kept, api_visibility="private")
            shown = [chatbot, answers, thread_id, thread_pick, export_btn]
            demo.load(panel.restore, browser, [*shown, browser], api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private")
            thread_pick.input(panel.switch, [thread_pick, browser], shown, api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private")
            new_thread.click(panel.new, browser, shown, api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private")
            delete_thread.click(panel.delete, [thread_id, browser], shown, api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private")
            rename_thread.click(panel.rename, [thread_id, thread_title, browser], [thread_pick, thread_title],
                                api_visibility="private")
            chatbot.select(self.pick_answer, answers, [which, pick, viewer], api_visibility="private").then(
                self.answer_tools, *receipt, api_visibility="private")
            receipt_fmt.change(self.answer_tools, *receipt, api_visibility="private")
            pick.input(self.open_source, [answers, which, pick], viewer, api_visibility="private").then(
                None, None, None, api_visibility="private",
                js="() => document.querySelector('#article-view mark, #article-view .passage')"
                   "?.scrollIntoView({block: 'center'})")
            close.click(lambda: ("", gr.Radio(value=None)), None, [viewer, pick], api_visibility="private")
            fb_inputs = [answers, which, comment, mode, k, since, until, outlets, sources]
            for button, kind in buttons:
                button.click(self.feedback_handler(kind), fb_inputs, feedback_status, api_visibility="private")
            demo.load(self.editor_controls, None, [upload, upload_btn, folder, folder_btn, reindex_btn, llm_url,
                                                   llm_model, corpus_status], api_visibility="private")
            corpus_outputs = [corpus_status, info_box, empty, outlets, sources, example_set]
            # One indexing run at a time, whichever button started it.
            upload_btn.click(corpus.add_uploads, upload, corpus_outputs, api_visibility="private",
                             concurrency_id="index", concurrency_limit=1)
            folder_btn.click(corpus.add_folder, folder, corpus_outputs, api_visibility="private",
                             concurrency_id="index", concurrency_limit=1)
            reindex_btn.click(corpus.reindex, None, corpus_outputs, api_visibility="private",
                              concurrency_id="index", concurrency_limit=1)
            gr.api(self.api_ask, api_name="ask")
        demo.queue(default_concurrency_limit=8)
        self.demo = demo
        return demo


def build_ui(assistant: Assistant | Service, *, title: str = "Newsroom research assistant",
             examples: Sequence[str] | None = None, max_file_mb: float | None = None) -> gr.Blocks:
    """The Gradio app for ``assistant`` (an engine, or a ``Service`` around one)."""
    if isinstance(assistant, Service):
        service = assistant
    else:
        service = Service(assistant, examples=examples, max_file_mb=max_file_mb or 25.0)
    return GradioUI(service, title=title).create_app()


# -- helpers of the handlers -----------------------------------------------------------------

def _user_message(question: str) -> dict[str, str]:
    return {"role": "user", "content": esc(question)}


def _selected(answers: list[Any], which: int | None) -> Answer | None:
    """The answer picked in the conversation, else the latest one."""
    real = [a for a in answers if a is not None]
    if which is not None and 0 <= which < len(answers) and answers[which] is not None:
        return answers[which]
    return real[-1] if real else None


_ASSUMED_KINDS = {"outlet": "Outlet named", "date": "Day given", "context": "Read as a follow-up of"}


def _assumed(answer: Answer | None) -> Any:
    """What was read into the answer's question, each ticked while it applies."""
    found = answer.assumed if answer is not None else ()
    return gr.CheckboxGroup(choices=[(f"{_ASSUMED_KINDS.get(a.kind, a.kind)}: {one_line(a.label)[:90]}", a.key)
                                     for a in found],
                            value=[a.key for a in found if a.applied], visible=bool(found))


def _source_choices(answer: Answer | None) -> Any:
    if answer is None:
        return gr.Radio(choices=[], value=None, label="Open a source")
    choices = [(source_label(card), str(i)) for i, card in enumerate(cards_of(answer))]
    return gr.Radio(choices=choices, value=None, label=f"Open a source of: {one_line(answer.question)[:90]}")


__all__ = ["GradioUI", "build_ui"]
