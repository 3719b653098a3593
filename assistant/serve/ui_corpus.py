"""The UI's corpus panel: add uploaded files or a folder, re-index, and bring the panels
that show what is indexed up to date. A file reaches the corpus from here only if it
arrived through Gradio's upload route (``genuine_upload``). Handlers are methods of
``CorpusPanel``, handed the ``Service``, the UI's caller lookup and its Blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from ..errors import AssistantError
from .access import Who
from .render import esc, info_markdown, report_markdown
from .service import Service

MAX_SOURCE_CHOICES = 2000  # files offered in the source filter; more can be typed


class CorpusPanel:
    """Indexing from the UI, for one ``Service``."""

    def __init__(self, service: Service, caller: Callable[[gr.Request | None], Who],
                 demo: Callable[[], gr.Blocks | None]) -> None:
        self.service = service
        self.caller = caller
        self._demo = demo

    @property
    def demo(self) -> gr.Blocks | None:
        return self._demo()

    def add_uploads(self, files: list[Any] | None, request: gr.Request,
                    progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        pairs = [(str(f), Path(str(f)).name) for f in (files or [])]
        try:
            saved, report = self.service.add_uploads(pairs, _progress_fn(progress), who=self.caller(request),
                                                     check=self.genuine_upload)
        except AssistantError as exc:
            return self.corpus_updates(f"**Error:** {esc(exc)}")
        return self.corpus_updates(report_markdown(report, saved))

    def add_folder(self, path: str, request: gr.Request,
                   progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        try:
            who = self.caller(request)
            if not (path or "").strip():
                self.service.authorize(who, "add-folder")
                return self.corpus_updates("**Error:** type the path of a folder (or file) of articles first")
            report = self.service.add_folder(path.strip(), _progress_fn(progress), who=who)
        except AssistantError as exc:
            return self.corpus_updates(f"**Error:** {esc(exc)}")
        return self.corpus_updates(report_markdown(report))

    def reindex(self, request: gr.Request, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        try:
            report = self.service.reindex(_progress_fn(progress), who=self.caller(request))
        except AssistantError as exc:
            return self.corpus_updates(f"**Error:** {esc(exc)}")
        return self.corpus_updates(report_markdown(report))

    def genuine_upload(self, path: str | Path, name: str) -> Path:
        """``path`` if Gradio's upload route stored it for this app; else UploadError."""
        # Gradio's preprocessing copies any server path it is handed into the same folder as
        # real uploads, so the folder alone proves nothing: the app's own record of uploads does.
        from gradio.utils import get_upload_folder

        from .uploads import check_uploaded

        uploaded = self.demo.upload_file_set if self.demo is not None else set()
        return check_uploaded(path, get_upload_folder(), uploaded, name)

    def corpus_updates(self, status: str) -> tuple[Any, ...]:
        """The status line, and the panels that show what is indexed, brought up to date."""
        info = self.service.info()
        files = sorted(self.service.index.manifest.files) if self.service.index.manifest else []
        questions = self.service.example_questions()
        return (status, info_markdown(info, self.service.index_dir),
                gr.Markdown(visible=not self.service.has_index()),
                gr.Dropdown(choices=list(info.outlets) if info else []),
                gr.Dropdown(choices=files[:MAX_SOURCE_CHOICES]),
                gr.Dataset(samples=[[q] for q in questions], visible=bool(questions)))


def _progress_fn(progress: Any) -> Callable[[str, int, int], None]:
    """An indexing progress callback that moves the event's progress bar."""
    def update(stage: str, done: int, total: int) -> None:
        progress((done, total), desc=stage, unit="files" if stage == "reading" else "chunks")
    return update
