"""The UI's research threads: the conversation kept beside the index (``threads``), so a
reload or a server restart finds it again; listed, switched, renamed, deleted and
exported as Markdown from a panel. Handlers are methods of ``ThreadPanel``, handed the
``Service``; the session's user is the role it logged in as.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ..errors import AssistantError
from ..types import Answer
from .render import answer_markdown, esc
from .service import Service
from .threads import Thread, export_markdown


class ThreadPanel:
    """Research threads in the UI, for one ``Service``."""

    def __init__(self, service: Service, user_of: Any) -> None:
        self.service = service
        self.user_of = user_of  # gr.Request -> the thread owner's name

    def _choices(self, user: str) -> list[tuple[str, str]]:
        return [(f"{t.title[:70]} · {t.updated[:10]} · {t.to_json()['turns']} asked", t.id)
                for t in self.service.threads.list(user)]

    def restore(self, request: gr.Request) -> tuple[Any, ...]:
        """On opening the page: the most recent thread, shown as it was left."""
        user = self.user_of(request)
        threads = self.service.threads.list(user)
        if not threads:
            return [], [], None, gr.Dropdown(choices=[], value=None), gr.DownloadButton(visible=False)
        return self._shown(user, threads[0].id)

    def switch(self, thread_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        if not thread_id:
            return self.new(request)
        try:
            return self._shown(self.user_of(request), thread_id)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc

    def new(self, request: gr.Request) -> tuple[Any, ...]:
        """A fresh conversation; it is kept once its first question is asked."""
        user = self.user_of(request)
        return [], [], None, gr.Dropdown(choices=self._choices(user), value=None), gr.DownloadButton(visible=False)

    def keep(self, answers: list[Any], thread_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        """After an answer: the turns not kept yet go into the thread (started if need be)."""
        user = self.user_of(request)
        try:
            if thread_id is None:
                thread_id = self.service.threads.create(user).id
            kept = len(self.service.threads.get(user, thread_id).turns)
            for answer in [a for a in answers if a is not None][kept:]:
                self.service.threads.add_turn(user, thread_id, answer.question, answer)
        except AssistantError as exc:  # a full thread or a full disk: the answer is shown all the same
            gr.Warning(f"This answer was not kept: {exc}")
            return thread_id, gr.Dropdown(), gr.DownloadButton()
        return thread_id, gr.Dropdown(choices=self._choices(user), value=thread_id), self._export(user, thread_id)

    def rename(self, thread_id: str | None, title: str, request: gr.Request) -> tuple[Any, Any]:
        if not thread_id:
            raise gr.Error("Ask a question first: a thread is kept from its first question.")
        user = self.user_of(request)
        try:
            self.service.threads.rename(user, thread_id, title)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc
        return gr.Dropdown(choices=self._choices(user), value=thread_id), ""

    def delete(self, thread_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        user = self.user_of(request)
        if thread_id:
            try:
                self.service.threads.delete(user, thread_id)
            except AssistantError as exc:
                raise gr.Error(str(exc)) from exc
        return self.new(request)

    def _shown(self, user: str, thread_id: str) -> tuple[Any, ...]:
        thread = self.service.threads.get(user, thread_id)
        chat: list[dict[str, str]] = []
        answers: list[Answer] = []
        for question, answer in thread.turns:
            chat += [{"role": "user", "content": esc(question)},
                     {"role": "assistant", "content": answer_markdown(answer)}]
            answers.append(answer)
        return (chat, answers, thread.id, gr.Dropdown(choices=self._choices(user), value=thread.id),
                self._export(user, thread.id, thread))

    def _export(self, user: str, thread_id: str, thread: Thread | None = None) -> Any:
        thread = thread or self.service.threads.get(user, thread_id)
        path = self.service.download("thread", "md", export_markdown(thread))
        return gr.DownloadButton("Export the conversation (.md)", value=str(path), visible=True)
