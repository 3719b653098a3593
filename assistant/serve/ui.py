"""The browser UI: a cited conversation over the index, its sources one click away.

``build_ui(assistant)`` returns a ``gradio.Blocks`` for the engine it is handed; ``app.py``
and ``assistant serve`` mount it under the HTTP API (``api.create_app``). ``Service`` is
what the UI and the API share: the one engine, answer modes, indexing, feedback.

Everything taken from articles, questions or file names is escaped with ``esc`` before it
becomes HTML; a quote is highlighted by escaping the text around it and wrapping the
escaped quote in ``<mark>``. The HTML builders are plain functions, testable without a
browser. gradio is imported inside ``build_ui`` only. Does not print.

Changing the corpus (upload, add a folder, re-index) needs the editor role when the server
has tokens (``access.Access``), and every attempt is written to the audit log beside the
index. A file reaches the corpus from the UI only if it arrived through Gradio's upload
route: a request naming a server path as "the upload" is refused before it is read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AssistantError, ConfigError, IndexNotFoundError
from ..types import Filters, Hit, IndexInfo, IndexReport
from .access import EDITOR, READER, Access, ForbiddenError, Who, audit, require
from .uploads import NotUploadedError

if TYPE_CHECKING:
    import gradio as gr

    from ..answer.assistant import Assistant
    from ..answer.base import Answerer
    from ..types import Answer

MODES = ("extractive", "llm")
# What each audited action is called in a refusal ("uploading needs the editor token").
ACTIONS = {"upload": "uploading articles", "add-folder": "adding a folder", "reindex": "re-indexing",
           "feedback": "recording feedback", "feedback-export": "exporting feedback"}
UploadCheck = Callable[[str | Path, str], Path]
MAX_K = 20
MAX_SOURCE_CHOICES = 2000  # files offered in the source filter; more can be typed
CONTEXT_CHARS = 280  # of passage shown around a quote under an answer
EMPTY_STATE = (
    "### Nothing is indexed yet\n"
    "Add articles in the **Corpus** panel on the right: upload `.txt`, `.md`, `.html`, `.pdf` or "
    "`.json`/`.jsonl` files, or give the path of a folder on this machine, then ask away.\n\n"
    "From a terminal: <code>assistant index PATH --index-dir {index_dir}</code> (or <code>CORPUS=PATH make run</code>)."
)

UI_CSS = """
.sources { margin-top: .6em; border-top: 1px solid var(--border-color-primary); padding-top: .4em; }
.src { margin: .35em 0; font-size: .92em; }
.src-meta { color: var(--body-text-color-subdued); }
.src-passage { margin: .15em 0 0 1.6em; line-height: 1.45; }
.src mark, #article-view mark { background: #ffe066; color: #1f2328; padding: 0 .1em; border-radius: 2px; }
#article-view .passage { background: rgba(56, 139, 253, .15); border-radius: 3px; }
#article-view .article-text { white-space: pre-wrap; max-height: 60vh; overflow-y: auto; line-height: 1.5;
  padding: .6em .8em; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.notes { font-size: .85em; color: var(--body-text-color-subdued); }
"""


# -- escaping and HTML ---------------------------------------------------------------------

_EXTRA = str.maketrans({"{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;", "\\": "&#92;",
                        "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "#": "&#35;",
                        "|": "&#124;", "~": "&#126;"})


def esc(text: object) -> str:
    """Text made inert as HTML and as Markdown (also ``{``, ``$``: gradio templates).

    >>> esc("<script>x</script> *a* {{b}}")
    '&lt;script&gt;x&lt;/script&gt; &#42;a&#42; &#123;&#123;b&#125;&#125;'
    """
    return html.escape("" if text is None else str(text), quote=True).translate(_EXTRA)


def one_line(text: str) -> str:
    return " ".join(text.split())


def mark(text: str, start: int, end: int) -> str:
    """``text`` escaped, with ``text[start:end]`` wrapped in ``<mark>``.

    >>> mark("a <b> c", 2, 5)
    'a <mark>&lt;b&gt;</mark> c'
    """
    start, end = max(0, start), min(len(text), end)
    if end <= start:
        return esc(text)
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def quote_span(passage: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``passage`` (verbatim, else after normalisation)."""
    if not quote:
        return None
    at = passage.find(quote)
    if at >= 0:
        return at, at + len(quote)
    from ..text.normalise import find_quote

    return find_quote(passage, quote)


def meta_line(title: str | None, outlet: str | None, date: str | None, source: str,
              lines: tuple[int, int]) -> str:
    """``Outlet · Title · date · file lines a–b``, escaped."""
    parts = [f"<b>{esc(outlet)}</b>" if outlet else "", f"<i>{esc(title or '(untitled)')}</i>",
             esc(date) if date else ""]
    where = f"<code>{esc(source)}</code> lines {lines[0]}–{lines[1]}"
    return " · ".join(p for p in [*parts, where] if p)


def passage_snippet(passage: str, span: tuple[int, int] | None, context: int = CONTEXT_CHARS) -> str:
    """The quote highlighted inside the passage around it, on one line, escaped."""
    if span is None:
        text = one_line(passage)
        return esc(text[: 2 * context] + ("…" if len(text) > 2 * context else ""))
    a, b = span
    lo, hi = max(0, a - context), min(len(passage), b + context)
    before, quoted, after = passage[lo:a], passage[a:b], passage[b:hi]
    return (("…" if lo > 0 else "") + esc(one_line(before) + (" " if before[-1:].isspace() else ""))
            + f"<mark>{esc(one_line(quoted))}</mark>"
            + esc((" " if after[:1].isspace() else "") + one_line(after)) + ("…" if hi < len(passage) else ""))


def sources_of(answer: Answer) -> list[dict[str, Any]]:
    """What to show under an answer: each citation (or, when it did not answer, the
    closest passages), with the passage it came from and where the quote sits in it."""
    out: list[dict[str, Any]] = []
    if answer.citations:
        for c in answer.citations:
            hit = answer.hits[c.n - 1] if 0 < c.n <= len(answer.hits) else None
            passage = hit.text if hit else c.quote
            out.append({"n": c.n, "hit": hit, "passage": passage, "quote": c.quote,
                        "span": quote_span(passage, c.quote), "title": c.title, "outlet": c.outlet,
                        "date": c.date, "source": c.source, "lines": c.lines})
    else:
        for n, hit in enumerate(answer.hits[:3], 1):
            out.append({"n": n, "hit": hit, "passage": hit.text, "quote": "", "span": None,
                        "title": hit.title, "outlet": hit.outlet, "date": hit.date,
                        "source": hit.source, "lines": hit.lines})
    return out


def answer_markdown(answer: Answer) -> str:
    """The chat message for an answer: its text, then its sources (one HTML block)."""
    text = esc(answer.text).replace("\n", "<br>")
    rows = []
    for s in sources_of(answer):
        rows.append(f'<div class="src"><div class="src-meta">[{s["n"]}] '
                    f'{meta_line(s["title"], s["outlet"], s["date"], s["source"], s["lines"])}</div>'
                    f'<div class="src-passage">{passage_snippet(s["passage"], s["span"])}</div></div>')
    head = "Sources" if answer.citations else "Closest passages (none answers the question)"
    block = f'<div class="sources"><div class="src-meta"><b>{head}</b> — open one below to read the article</div>'
    block += "".join(rows) + "</div>"
    notes = ""
    if answer.notes:
        notes = '<div class="notes">Removed by the citation check: ' + \
            "; ".join(esc(n) for n in answer.notes) + "</div>"
    return f"{text}\n\n{block}{notes}" if rows else f"{text}\n\n{notes}" if notes else text


def source_label(s: dict[str, Any]) -> str:
    title = one_line(s["title"] or "(untitled)")
    title = title if len(title) <= 70 else title[:69] + "…"
    return f"[{s['n']}] {title} — {s['source']} lines {s['lines'][0]}–{s['lines'][1]}"


def article_html(title: str | None, outlet: str | None, date: str | None, source: str,
                 lines: tuple[int, int], text: str, passage: tuple[int, int],
                 quote: tuple[int, int] | None) -> str:
    """The whole article, escaped, the passage shaded and the quote marked inside it."""
    a, b = passage
    body = esc(text[:a]) + '<span class="passage">'
    if quote is not None:
        qa, qb = quote
        body += esc(text[a:qa]) + f"<mark>{esc(text[qa:qb])}</mark>" + esc(text[qb:b])
    else:
        body += esc(text[a:b])
    body += "</span>" + esc(text[b:])
    return (f'<div class="article-head">{meta_line(title, outlet, date, source, lines)}</div>'
            f'<div class="article-text">{body}</div>')


def info_markdown(info: IndexInfo | None, index_dir: Path) -> str:
    if info is None or info.chunks == 0:
        return f"**Nothing indexed yet** in <code>{esc(index_dir)}</code>."
    outlets = ", ".join(esc(o) for o in info.outlets[:12]) + (" …" if len(info.outlets) > 12 else "")
    return (f"**{info.files}** files ({info.documents} articles), **{info.chunks}** chunks  \n"
            f"Dates: {esc(info.date_first or '?')} to {esc(info.date_last or '?')}  \n"
            f"Model: <code>{esc(info.embed_model)}</code> ({info.dimension} dimensions)  \n"
            f"Outlets: {outlets or '(none named)'}  \n"
            f"Corpus folder: <code>{esc(info.root)}</code>  \nIndex: <code>{esc(info.index_dir)}</code>"
            + ("" if info.complete else "  \n⚠ the last indexing run did not finish: re-index"))


def report_markdown(report: IndexReport, saved: Sequence[str] = ()) -> str:
    lines = [f"Saved {len(saved)} file(s): " + ", ".join(f"<code>{esc(s)}</code>" for s in saved)] if saved else []
    lines.append(f"Indexed: {len(report.files_added)} added, {len(report.files_updated)} updated, "
                 f"{len(report.files_removed)} removed, {len(report.files_unchanged)} unchanged, "
                 f"{len(report.files_skipped)} skipped; {report.chunks_embedded} chunks embedded, "
                 f"{report.chunks_total} in the index ({report.seconds:.1f}s).")
    lines += [f"- skipped <code>{esc(s.source)}</code>: {esc(s.reason)}" for s in report.files_skipped[:20]]
    lines += [f"- warning: {esc(w)}" for w in report.warnings[:20]]
    return "\n".join(lines)


def parse_filters(since: str | None, until: str | None, outlets: Sequence[str] | None,
                  sources: Sequence[str] | None) -> Filters:
    """Filters from the UI's fields; ConfigError names a bad date."""
    dates: list[dt.date | None] = []
    for label, value in (("From", since), ("To", until)):
        value = (value or "").strip()
        try:
            dates.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            raise ConfigError(f"{label} date {value!r} is not a date; use YYYY-MM-DD") from None
    if dates[0] and dates[1] and dates[0] > dates[1]:
        raise ConfigError("the From date is after the To date; swap them")
    return Filters(dates[0], dates[1], tuple(outlets or ()), tuple(s for s in (sources or ()) if s))


# -- the service the UI and the API share ---------------------------------------------------

class Service:
    """One shared engine (never reloaded per request), its answer modes, indexing into it,
    the full text of cited articles, and feedback."""

    def __init__(self, assistant: Assistant, *, max_file_mb: float = 25.0, llm_url: str | None = None,
                 llm_model: str | None = None, corpus_dir: str | Path | None = None,
                 examples: Sequence[str] | None = None, access: Access | None = None,
                 local: bool = True) -> None:
        self.assistant = assistant
        self.access = access or Access()
        self.local = local  # served on loopback only: the user is at this machine
        self.max_file_mb = max_file_mb
        self.llm_url, self.llm_model = llm_url, llm_model
        self._corpus_dir = Path(corpus_dir) if corpus_dir else None
        self._examples = list(examples) if examples else None
        self._answerers: dict[tuple[str, str, str], Answerer] = {}
        self._lock = threading.Lock()
        from ..indexing.embedding import usable_cores

        # Requests that compute at once (searching, extractive answers): two per core keeps
        # the cores busy; the rest wait without holding their working memory meanwhile.
        self._working = threading.BoundedSemaphore(2 * usable_cores())

    def working(self, mode: str | None = "extractive") -> contextlib.AbstractContextManager[Any]:
        """Hold one of the compute slots while searching or answering extractively; an LLM
        answer mostly waits on the model, so it takes none."""
        if (mode or self.default_mode()) == "llm":
            return contextlib.nullcontext()
        return self._working

    @property
    def index(self) -> Any:
        return self.assistant.index

    @property
    def index_dir(self) -> Path:
        return Path(self.index.index_dir)

    @property
    def llm_configured(self) -> bool:
        return self.assistant.answerer.name != "extractive"

    def default_mode(self) -> str:
        return "llm" if self.llm_configured else "extractive"

    def has_index(self) -> bool:
        manifest = self.index.manifest
        return manifest is not None and bool(manifest.files)

    def info(self) -> IndexInfo | None:
        try:
            return self.index.info()
        except IndexNotFoundError:
            return None

    def corpus_dir(self) -> Path:
        """Where uploads go: the folder the index was built from, else ``--corpus``, else
        ``<index>/corpus``."""
        manifest = self.index.manifest
        if manifest is not None and manifest.root:
            return Path(manifest.root)
        return self._corpus_dir or self.index_dir / "corpus"

    # -- answering ------------------------------------------------------------------------
    def engine(self, mode: str | None = None, llm_url: str | None = None,
               llm_model: str | None = None, *, who: Who | None = None) -> Assistant:
        """The engine for an answer mode: the one handed over, or one sharing its index.
        Another LLM endpoint than the server's is for editors: the server sends passages to it."""
        from ..answer.assistant import Assistant
        from ..answer.backends import answerer_for

        base = self.assistant
        mode = mode or self.default_mode()
        if mode not in MODES:
            raise ConfigError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        llm_url, llm_model = (llm_url or "").strip() or None, (llm_model or "").strip() or None
        if mode == "extractive":
            if base.answerer.name == "extractive":
                return base
            key = ("extractive", "", "")
        elif (llm_url or llm_model) and (llm_url, llm_model) != (self.llm_url, self.llm_model):
            if not (llm_url and llm_model):
                raise ConfigError("an LLM endpoint needs both a URL (e.g. http://localhost:8080/v1) "
                                  "and a model name")
            if who is not None:
                require(who, EDITOR, "choosing another LLM endpoint")
            key = ("openai", llm_url, llm_model)
        elif self.llm_configured:
            return base
        else:
            raise ConfigError("no LLM endpoint is configured; give its URL and model in Settings, start "
                              "the server with --llm-url URL --llm-model M (or --ollama-model M), or "
                              "use mode extractive")
        with self._lock:
            answerer = self._answerers.get(key)
            if answerer is None:
                answerer = self._answerers[key] = answerer_for(base.index, llm_url=key[1] or None,
                                                               llm_model=key[2] or None)
        engine = Assistant(base.index, answerer, k=base.k)
        engine.sources = base.sources
        return engine

    # -- indexing -------------------------------------------------------------------------
    def add(self, path: str | Path, progress: Callable[[str, int, int], None] | None = None) -> IndexReport:
        """Index ``path`` into the shared index; the engine then reads the new files."""
        from ..answer.citations import SourceReader

        report = self.index.add(Path(path).expanduser(), progress=progress,
                                max_file_mb=self.max_file_mb)
        manifest = self.index.manifest
        self.assistant.sources = SourceReader(manifest.root if manifest else None)
        return report

    def authorize(self, who: Who | None, action: str, files: Iterable[str | Path] = (),
                  needs: str = EDITOR) -> Who:
        """``who`` (None: the local user of a server without tokens), if it may do
        ``action``; else ForbiddenError, and an audit line saying so."""
        who = who or self.access.who(None)  # with tokens, no caller is no right: fails closed
        try:
            require(who, needs, ACTIONS.get(action, action))
        except ForbiddenError as exc:
            audit(self.index_dir, who, action, [str(f) for f in files], f"refused: {exc}")
            raise
        return who

    @contextmanager
    def audited(self, who: Who | None, action: str, files: Iterable[str | Path] = (),
                needs: str = EDITOR) -> Iterator[dict[str, Any]]:
        """Check that ``who`` may do ``action``, run the block, and append the outcome to the
        audit log either way; the block may replace ``files`` or add fields in the dict."""
        record: dict[str, Any] = {"files": [str(f) for f in files]}
        who = self.authorize(who, action, record["files"], needs)
        try:
            yield record
        except NotUploadedError as exc:
            audit(self.index_dir, who, action, record.pop("files"), f"refused: {exc}", **record)
            raise
        except Exception as exc:
            audit(self.index_dir, who, action, record.pop("files"), f"error: {exc}", **record)
            raise
        else:
            audit(self.index_dir, who, action, record.pop("files"), "ok", **record)

    def add_uploads(self, files: Sequence[tuple[str | Path, str]],
                    progress: Callable[[str, int, int], None] | None = None, *, who: Who | None = None,
                    check: UploadCheck | None = None) -> tuple[list[str], IndexReport]:
        """Save uploads ``(temp path, name sent)`` under the corpus, then index them; ``check``
        (temp path, name) returns the real path of a genuine upload or raises UploadError."""
        from .uploads import UPLOAD_DIR, save_upload

        with self.audited(who, "upload", [name for _, name in files]) as record:
            if not files:
                raise ConfigError("choose one or more article files to upload first")
            if check is not None:
                files = [(check(path, name), name) for path, name in files]
            root = self.corpus_dir()
            saved = [save_upload(path, root, name, max_bytes=int(self.max_file_mb * 1e6)) for path, name in files]
            names = [p.relative_to(root.resolve()).as_posix() for p in saved]
            record["files"] = names
            # A new index takes the whole corpus folder as its root; an existing one just the uploads.
            target = root / UPLOAD_DIR if self.has_index() else root
            report = self.add(target, progress)
            record["report"] = _report_counts(report)
        return names, report

    def add_folder(self, path: str | Path, progress: Callable[[str, int, int], None] | None = None, *,
                   who: Who | None = None) -> IndexReport:
        """Index a folder (or file) on this machine, named by path: inside the corpus folder
        once there is an index; before that, anywhere only on an open loopback server."""
        with self.audited(who, "add-folder", [str(path)]) as record:
            target = self.confined(path)
            record["files"] = [str(target)]
            report = self.add(target, progress)
            record["report"] = _report_counts(report)
        return report

    def reindex(self, progress: Callable[[str, int, int], None] | None = None, *,
                who: Who | None = None) -> IndexReport:
        """Bring the index in line with its corpus folder."""
        with self.audited(who, "reindex", [str(self.corpus_dir())]) as record:
            if not self.has_index():
                raise ConfigError("nothing to re-index yet; add articles first")
            report = self.add(self.corpus_dir(), progress)
            record["report"] = _report_counts(report)
        return report

    def confined(self, path: str | Path) -> Path:
        """``path`` if a folder named in a request may be indexed: it exists, and it sits (links
        resolved, ``..`` followed) inside the corpus folder; ConfigError otherwise."""
        raw = str(path).strip()
        try:
            given = Path(raw).expanduser()
            real = given.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            raise ConfigError(f"no folder or file at {raw!r}; check the path on the server") from None
        manifest = self.index.manifest
        if manifest is not None and manifest.root and manifest.files:
            root = Path(manifest.root)
        elif self.access.enabled or not self.local:
            # Served with tokens or to the network (--no-auth): nobody names server paths at will.
            root = self.corpus_dir()
        else:
            return real  # the local user starts a corpus from any folder of theirs
        try:
            inside = real.relative_to(root.resolve())
        except (OSError, ValueError):
            raise ConfigError(f"{raw} is outside the corpus folder {root}; only folders inside it can be added "
                              "here: upload the files, or run assistant index on the server") from None
        return root / inside  # spelled as the manifest spells the root, which the indexer compares with

    # -- reading sources ------------------------------------------------------------------
    def article(self, hit: Hit) -> tuple[str, tuple[int, int]]:
        """The whole article ``hit`` came from, and the hit's span in it: the file itself
        for plain text, else the article put back together from its indexed chunks."""
        if hit.record is None:
            text = self.assistant.sources.file_text(hit.source)
            if text is not None and text[hit.char_start:hit.char_end] == hit.text:
                return text, (hit.char_start, hit.char_end)
        out, cursor, span = "", 0, None
        for part in self.index.article(hit):
            start, end, piece = part.char_start, part.char_end, part.text
            if out and start > cursor:
                out += "\n\n"
            at = len(out) - max(0, cursor - start) if out else 0
            out += piece[max(0, cursor - start):] if out else piece
            cursor = max(cursor, end)
            if part.chunk_id == hit.chunk_id:
                span = (at, at + len(piece))
        if span is None:  # gone from the index since: show the passage alone
            return hit.text, (0, len(hit.text))
        return out, span

    def example_questions(self, n: int = 3) -> list[str]:
        if self._examples is not None:
            return self._examples
        if not self.has_index():
            return []
        try:
            titles = list(dict.fromkeys(one_line(t) for t in self.index.titles()))
        except AssistantError:
            return []
        return [f"What does “{t if len(t) <= 80 else t[:79] + '…'}” report?" for t in titles[:n]]

    def feedback(self, kind: str, answer: Answer | dict[str, Any], comment: str = "",
                 extra: dict[str, Any] | None = None, *, who: Who | None = None) -> dict[str, Any]:
        """Record feedback on an answer (readers may: they are the ones judging answers)."""
        from .feedback import record_feedback

        data = answer if isinstance(answer, dict) else answer.to_json()
        with self.audited(who, "feedback", (), needs=READER) as record:
            record["kind"] = kind
            return record_feedback(self.index_dir, kind, data, comment=comment, extra=extra)

    def export_feedback(self, *, who: Who | None = None) -> list[dict[str, Any]]:
        """Every feedback line so far (editors only: comments may say who asked what)."""
        from .feedback import read_feedback

        with self.audited(who, "feedback-export") as record:
            lines = read_feedback(self.index_dir)
            record["count"] = len(lines)
        return lines


def _report_counts(report: IndexReport) -> dict[str, int]:
    return {"added": len(report.files_added), "updated": len(report.files_updated),
            "removed": len(report.files_removed), "skipped": len(report.files_skipped)}


# -- the Gradio app -------------------------------------------------------------------------

def _import_gradio() -> Any:
    try:
        import gradio as gr
    except ImportError as exc:
        raise ConfigError("the UI needs gradio; install it with: pip install 'newsroom-assistant[ui]' "
                          "(or make setup)") from exc
    return gr


def _user_message(question: str) -> dict[str, str]:
    return {"role": "user", "content": esc(question)}


def build_ui(assistant: Assistant | Service, *, title: str = "Newsroom research assistant",
             examples: Sequence[str] | None = None, max_file_mb: float | None = None) -> gr.Blocks:
    """The Gradio app for ``assistant`` (an engine, or a ``Service`` around one)."""
    gr = _import_gradio()
    if isinstance(assistant, Service):
        service = assistant
    else:
        service = Service(assistant, examples=examples, max_file_mb=max_file_mb or 25.0)
    from ..ingest.loaders import SUPPORTED

    def progress_fn(progress: Any) -> Callable[[str, int, int], None]:
        def update(stage: str, done: int, total: int) -> None:
            progress((done, total), desc=stage, unit="files" if stage == "reading" else "chunks")
        return update

    def corpus_updates(status: str) -> tuple[Any, ...]:
        info = service.info()
        files = sorted(service.index.manifest.files) if service.index.manifest else []
        questions = service.example_questions()
        return (status, info_markdown(info, service.index_dir),
                gr.Markdown(visible=not service.has_index()),
                gr.Dropdown(choices=list(info.outlets) if info else []),
                gr.Dropdown(choices=files[:MAX_SOURCE_CHOICES]),
                gr.Dataset(samples=[[q] for q in questions], visible=bool(questions)))

    # -- handlers (plain functions of their inputs) --------------------------------------
    def respond(question: str, chat: list[dict[str, Any]], answers: list[Any], mode: str, k: float,
                llm_url: str, llm_model: str, since: str, until: str, outlets: list[str],
                sources: list[str], request: Any) -> Iterator[tuple[Any, ...]]:
        question = (question or "").strip()
        if not question:
            raise gr.Error("Type a question first.")
        chat = [*chat, _user_message(question), {"role": "assistant", "content": "…"}]
        answers = list(answers)
        yield chat, answers, "", gr.Radio(), ""
        try:
            filters = parse_filters(since, until, outlets, sources)
            engine = service.engine(mode, llm_url, llm_model, who=caller(request))
            history = [a.question for a in answers if a is not None]
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
        chat[-1] = {"role": "assistant", "content": answer_markdown(final)}
        answers.append(final)
        yield chat, answers, "", source_choices(final), ""

    def source_choices(answer: Answer | None) -> Any:
        if answer is None:
            return gr.Radio(choices=[], value=None, label="Open a source")
        choices = [(source_label(s), str(i)) for i, s in enumerate(sources_of(answer))]
        return gr.Radio(choices=choices, value=None,
                        label=f"Open a source of: {one_line(answer.question)[:90]}")

    def selected(answers: list[Any], which: int | None) -> Answer | None:
        real = [a for a in answers if a is not None]
        if which is not None and 0 <= which < len(answers) and answers[which] is not None:
            return answers[which]
        return real[-1] if real else None

    def pick_answer(answers: list[Any], evt: gr.SelectData) -> tuple[Any, Any, str]:
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        which = int(index) // 2 if index is not None else None
        return which, source_choices(selected(answers, which)), ""

    # Annotations are strings here (postponed evaluation) and gradio is imported locally, so
    # hand gradio the class it looks for to pass the event data.
    pick_answer.__annotations__["evt"] = gr.SelectData

    def open_source(answers: list[Any], which: int | None, choice: str | None) -> str:
        answer = selected(answers, which)
        if answer is None or choice in (None, ""):
            return ""
        items = sources_of(answer)
        s = items[int(choice)]
        hit: Hit | None = s["hit"]
        if hit is None:
            return article_html(s["title"], s["outlet"], s["date"], s["source"], s["lines"],
                                s["passage"], (0, len(s["passage"])), s["span"])
        try:
            text, (a, b) = service.article(hit)
        except AssistantError as exc:
            return f"<p><b>Cannot open {esc(hit.source)}:</b> {esc(exc)}</p>"
        quote = None
        if s["span"] is not None:
            quote = (a + s["span"][0], a + s["span"][1])
        return article_html(s["title"], s["outlet"], s["date"], s["source"], s["lines"], text, (a, b), quote)

    def caller(request: gr.Request | None) -> Who:
        """Who sent this event: the role the session logged in as (everyone, without tokens)."""
        client = request.client.host if request is not None and request.client is not None else None
        return service.access.who(getattr(request, "username", None), client)

    def give_feedback(kind: str) -> Callable[..., str]:
        def handler(answers: list[Any], which: int | None, comment: str, mode: str, k: float,
                    since: str, until: str, outlets: list[str], sources: list[str], request: Any) -> str:
            answer = selected(answers, which)
            if answer is None:
                raise gr.Error("Ask a question first: feedback is about an answer.")
            extra = {"k": int(k), "ui_mode": mode,
                     "filters": {"since": since or None, "until": until or None,
                                 "outlets": list(outlets or []), "sources": list(sources or [])}}
            try:
                service.feedback(kind, answer, comment, extra, who=caller(request))
            except AssistantError as exc:
                raise gr.Error(str(exc)) from exc
            return f"Thanks: saved “{kind.replace('_', ' ')}” for “{esc(one_line(answer.question)[:80])}”."
        return with_request(handler)

    def genuine_upload(path: str | Path, name: str) -> Path:
        # Only what Gradio's upload route stored for this app: its preprocessing copies any
        # server path it is handed into the same folder, so the folder alone proves nothing.
        from gradio.utils import get_upload_folder

        from .uploads import check_uploaded

        return check_uploaded(path, get_upload_folder(), demo.upload_file_set, name)

    def add_uploads(files: list[Any] | None, request: Any,
                    progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        pairs = [(str(f), Path(str(f)).name) for f in (files or [])]
        try:
            saved, report = service.add_uploads(pairs, progress_fn(progress), who=caller(request),
                                                check=genuine_upload)
        except AssistantError as exc:
            return corpus_updates(f"**Error:** {esc(exc)}")
        return corpus_updates(report_markdown(report, saved))

    def add_folder(path: str, request: Any, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        try:
            who = caller(request)
            if not (path or "").strip():
                service.authorize(who, "add-folder")
                return corpus_updates("**Error:** type the path of a folder (or file) of articles first")
            report = service.add_folder(path.strip(), progress_fn(progress), who=who)
        except AssistantError as exc:
            return corpus_updates(f"**Error:** {esc(exc)}")
        return corpus_updates(report_markdown(report))

    def reindex(request: Any, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        try:
            report = service.reindex(progress_fn(progress), who=caller(request))
        except AssistantError as exc:
            return corpus_updates(f"**Error:** {esc(exc)}")
        return corpus_updates(report_markdown(report))

    def editor_controls(request: Any) -> tuple[Any, ...]:
        """The corpus controls and the LLM endpoint fields, shown only to a session that may use them."""
        try:
            editor = caller(request).may(EDITOR)
        except AssistantError:
            editor = False
        note = "" if editor else "Signed in as reader: adding and re-indexing articles needs the editor token."
        return (*(gr.update(visible=editor) for _ in range(7)), note)

    def with_request(fn: Callable[..., Any]) -> Callable[..., Any]:
        # Annotations are strings here (postponed evaluation) and gradio is imported locally:
        # name the class gradio looks for, so that it passes the request in.
        fn.__annotations__["request"] = gr.Request
        return fn

    for fn in (respond, add_uploads, add_folder, reindex, editor_controls):
        with_request(fn)

    def api_ask(question: str, k: int = 5, mode: str = "") -> dict[str, Any]:
        """A cited answer to ``question`` (the JSON of ``assistant ask --json``)."""
        try:
            engine = service.engine(mode or None)
            return engine.ask(question, k=max(1, min(int(k), 50))).to_json()
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc

    # -- layout ---------------------------------------------------------------------------
    info = service.info()
    files = sorted(service.index.manifest.files) if service.index.manifest else []
    questions = service.example_questions()
    default_mode = service.default_mode()
    with gr.Blocks(title=title, fill_width=True) as demo:
        answers = gr.State([])
        which = gr.State(None)
        gr.Markdown(f"## {esc(title)}\nAsk in a conversation; every answer quotes its sources, "
                    "with the quoted words highlighted. Open a source to read the whole article.")
        with gr.Row():
            with gr.Column(scale=3):
                empty = gr.Markdown(EMPTY_STATE.format(index_dir=esc(service.index_dir)),
                                    visible=not service.has_index(), elem_id="empty-state")
                chatbot = gr.Chatbot(label="Conversation", elem_id="chat", height=520,
                                     feedback_options=None, buttons=["copy"],
                                     placeholder="Ask a question about the indexed articles.")
                with gr.Row():
                    box = gr.Textbox(placeholder="Ask a question, e.g. who met whom, when, where…",
                                     show_label=False, scale=5, elem_id="question", autofocus=True)
                    ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                example_set = gr.Dataset(components=[box], samples=[[q] for q in questions],
                                         label="Example questions", visible=bool(questions),
                                         elem_id="examples")
                pick = gr.Radio(choices=[], label="Open a source", elem_id="source-pick")
                viewer = gr.HTML("", elem_id="article-view")
                with gr.Row():
                    helpful = gr.Button("Helpful", size="sm", elem_id="fb-helpful")
                    wrong_cite = gr.Button("Wrong citation", size="sm", elem_id="fb-wrong-citation")
                    wrong_answer = gr.Button("Wrong answer", size="sm", elem_id="fb-wrong-answer")
                comment = gr.Textbox(placeholder="Optional comment with your feedback", show_label=False,
                                     elem_id="fb-comment")
                feedback_status = gr.Markdown("", elem_id="fb-status")
            with gr.Column(scale=2):
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
                                    value=default_mode, label="Answer mode", elem_id="mode")
                    llm_url = gr.Textbox(value=service.llm_url or "", label="LLM endpoint URL (OpenAI-compatible)",
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

        ask_inputs = [box, chatbot, answers, mode, k, llm_url, llm_model, since, until, outlets, sources]
        ask_outputs = [chatbot, answers, box, pick, viewer]
        for trigger in (box.submit, ask_btn.click):
            trigger(respond, ask_inputs, ask_outputs, api_visibility="private").then(
                lambda: None, None, which, api_visibility="private")
        example_set.click(lambda sample: sample[0], example_set, box, api_visibility="private").then(
            respond, ask_inputs, ask_outputs, api_visibility="private")
        chatbot.select(pick_answer, answers, [which, pick, viewer], api_visibility="private")
        pick.input(open_source, [answers, which, pick], viewer, api_visibility="private").then(
            None, None, None, api_visibility="private",
            js="() => document.querySelector('#article-view mark, #article-view .passage')"
               "?.scrollIntoView({block: 'center'})")
        fb_inputs = [answers, which, comment, mode, k, since, until, outlets, sources]
        for button, kind in ((helpful, "helpful"), (wrong_cite, "wrong_citation"),
                             (wrong_answer, "wrong_answer")):
            button.click(give_feedback(kind), fb_inputs, feedback_status, api_visibility="private")
        demo.load(editor_controls, None, [upload, upload_btn, folder, folder_btn, reindex_btn, llm_url, llm_model,
                                          corpus_status], api_visibility="private")
        corpus_outputs = [corpus_status, info_box, empty, outlets, sources, example_set]
        upload_btn.click(add_uploads, upload, corpus_outputs, api_visibility="private",
                         concurrency_id="index", concurrency_limit=1)
        folder_btn.click(add_folder, folder, corpus_outputs, api_visibility="private",
                         concurrency_id="index", concurrency_limit=1)
        reindex_btn.click(reindex, None, corpus_outputs, api_visibility="private",
                          concurrency_id="index", concurrency_limit=1)
        gr.api(api_ask, api_name="ask")
    demo.queue(default_concurrency_limit=8)
    return demo


__all__ = ["UI_CSS", "Service", "answer_markdown", "article_html", "build_ui", "esc", "mark"]
