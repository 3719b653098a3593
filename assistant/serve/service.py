"""The application object the browser UI and the HTTP API share: ``Service``.

One engine, loaded once and never per request; its answer modes (extractive, or an LLM
endpoint, one answerer per endpoint kept for the server's life); indexing into it
(uploads, a folder on the server, re-indexing the corpus); the full text of a cited
article; example questions; feedback. ``api`` and ``ui`` are thin layers over it: they
turn requests and events into its calls and its results into JSON or HTML.

Changing the corpus (upload, add a folder, re-index) needs the editor role when the server
has tokens (``access.Access``), and every attempt is written to the audit log beside the
index. Nothing here imports gradio or FastAPI; does not print.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AssistantError, ConfigError, IndexNotFoundError
from ..types import Answer, Hit, IndexInfo, IndexReport
from .access import EDITOR, READER, Access, ForbiddenError, Who, audit, require
from .threads import ThreadStore
from .uploads import NotUploadedError

if TYPE_CHECKING:
    from ..answer.assistant import Assistant
    from ..answer.base import Answerer

MODES = ("extractive", "llm")
# What each audited action is called in a refusal ("uploading needs the editor token").
ACTIONS = {"upload": "uploading articles", "add-folder": "adding a folder", "reindex": "re-indexing",
           "feedback": "recording feedback", "feedback-export": "exporting feedback"}
# (temp path, name sent) -> the real path of a genuine upload, else UploadError.
UploadCheck = Callable[[str | Path, str], Path]


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
        self._downloads: Path | None = None  # where the UI's downloads are written
        self._threads: ThreadStore | None = None

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

    @property
    def threads(self) -> ThreadStore:
        """The research threads kept beside the index (``threads``)."""
        if self._threads is None or self._threads.path.parent != Path(self.index_dir):
            self._threads = ThreadStore(self.index_dir)
        return self._threads

    def receipt(self, answer: Answer, fmt: str) -> Path:
        """A file holding ``answer``'s verification receipt, for the UI's download."""
        from ..answer.receipt import build

        return self.download("receipt", fmt, build(answer, self.assistant.sources.root,
                                                   self.assistant.sources.texts).render(fmt))

    def download(self, kind: str, ext: str, text: str) -> Path:
        """``text`` in a file the UI offers for download (a receipt, a thread's export), in a
        folder of this process's own; the same text gives the same file."""
        import hashlib
        import shutil
        import tempfile
        import weakref

        if self._downloads is None:
            self._downloads = Path(tempfile.mkdtemp(prefix="assistant-downloads-"))
            # A receipt or an exported thread says who asked what: it must not outlive the
            # server in a shared temporary folder.
            weakref.finalize(self, shutil.rmtree, self._downloads, ignore_errors=True)
        path = self._downloads / f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.{ext}"
        path.write_text(text, encoding="utf-8")
        return path

    def example_questions(self, n: int = 3) -> list[str]:
        """Questions a journalist might start with, written from the corpus's people and
        what they are quoted on ("What did Lecornu say about Renault?"), then its most
        reported places; none without the knowledge layer."""
        if self._examples is not None:
            return self._examples
        if not self.has_index():
            return []
        try:
            return example_questions(self.index, n)
        except AssistantError:
            return []

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


__all__ = ["ACTIONS", "MODES", "Service", "UploadCheck"]


def example_questions(index: Any, n: int) -> list[str]:
    """``n`` questions from the knowledge layer of ``index``: the most quoted people (named
    in full somewhere), each with the organisation or thing most often in their words, a
    place when none; then places named in the most articles."""
    people = [p for p in index.entities(type="person", limit=60) if len(p.name.split()) >= 2]
    named = [e for e in index.entities(limit=300) if e.articles >= 2 and not e.name.isupper()]
    # What people are asked about: organisations and things first, places after.
    topics = sorted((e for e in named if e.type in ("org", "other", "place")), key=lambda e: e.type == "place")
    out: list[str] = []
    used: set[str] = set()
    said = {p.name: index.quotes(speaker=p.name, limit=200) for p in people[:15]}
    for person in sorted(people[:15], key=lambda p: (-len(said[p.name]), p.name)):
        if len(said[person.name]) < 2 or len(out) >= n - 1:
            break
        words = " ".join(q.quote for q in said[person.name]).casefold()
        topic = next((t for t in topics if t.name not in used
                      and any(a.casefold() in words for a in (t.name, *t.aliases) if len(a) > 3)), None)
        short = person.name.split()[-1]
        if topic is not None:
            used.add(topic.name)
        out.append(f"What did {short} say about {topic.name}?" if topic else f"What did {short} say?")
    for place in (t for t in named if t.type == "place" and t.name not in used):
        if len(out) >= n:
            break
        out.append(f"What happened in {place.name}?")
    return out
