"""The UI's research threads: the conversation kept beside the index (``threads``), so a
reload or a server restart finds it again; listed, switched, renamed, deleted and
exported as Markdown from a panel. Handlers are methods of ``ThreadPanel``, handed the
``Service``.

Threads are kept per browser: each browser gets a random id, kept in its local storage
(``gr.BrowserState``), and the threads' owner is the role the session logged in as plus
that id, so two people on one desk (or on loopback, where everyone has the same role) do
not see each other's conversations. The id is a label as ``X-Assistant-User`` is, but one
no one else can guess; a value the browser sends that is not such an id gets a new one.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

import gradio as gr

from ..errors import AssistantError
from ..types import Answer
from .render import esc
from .service import Service
from .threads import Thread, export_markdown

# Where the browser keeps its id. BrowserState encrypts in the page with a key the page is
# sent, so the key hides nothing; a fixed one lets the id survive a server restart.
BROWSER_KEY = "newsroom-assistant-desk"
BROWSER_SECRET = "newsroom-assistant-desk"
_BROWSER_ID = re.compile(r"^[0-9a-f]{32}$")


def browser_state() -> Any:
    """The browser's id, kept in its local storage across reloads and restarts."""
    return gr.BrowserState(None, storage_key=BROWSER_KEY, secret=BROWSER_SECRET)


class ThreadPanel:
    """Research threads in the UI, for one ``Service``."""

    def __init__(self, service: Service, role_of: Callable[[Any], str], render: Callable[[Answer], str]) -> None:
        self.service = service
        self.role_of = role_of  # gr.Request -> the session's role ("reader", "editor", "anonymous")
        self.render = render  # an answer as the conversation shows it

    def user_of(self, request: gr.Request, browser: Any) -> str:
        """The threads' owner: the session's role and this browser's id."""
        if not isinstance(browser, str) or not _BROWSER_ID.match(browser):
            raise gr.Error("This page has no conversation id yet: reload it.")
        return f"{self.role_of(request)}.{browser}"

    def _choices(self, user: str) -> list[tuple[str, str]]:
        return [(f"{t.title[:70]} · {t.updated[:10]} · {t.to_json()['turns']} asked", t.id)
                for t in self.service.threads.list(user)]

    def restore(self, browser: Any, request: gr.Request) -> tuple[Any, ...]:
        """On opening the page: the most recent thread of this browser, shown as it was
        left (a browser seen for the first time is given its id)."""
        if not isinstance(browser, str) or not _BROWSER_ID.match(browser):
            browser = secrets.token_hex(16)
        user = self.user_of(request, browser)
        threads = self.service.threads.list(user)
        if not threads:
            return [], [], None, gr.Dropdown(choices=[], value=None), gr.DownloadButton(visible=False), browser
        return *self._shown(user, threads[0].id), browser

    def switch(self, thread_id: str | None, browser: Any, request: gr.Request) -> tuple[Any, ...]:
        if not thread_id:
            return self.new(browser, request)
        try:
            return self._shown(self.user_of(request, browser), thread_id)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc

    def new(self, browser: Any, request: gr.Request) -> tuple[Any, ...]:
        """A fresh conversation; it is kept once its first question is asked."""
        user = self.user_of(request, browser)
        return [], [], None, gr.Dropdown(choices=self._choices(user), value=None), gr.DownloadButton(visible=False)

    def keep(self, answers: list[Any], thread_id: str | None, browser: Any, request: gr.Request) -> tuple[Any, ...]:
        """After an answer: the turns not kept yet go into the thread (started if need be)."""
        try:
            user = self.user_of(request, browser)
            if thread_id is None:
                thread_id = self.service.threads.create(user).id
            kept = len(self.service.threads.get(user, thread_id).turns)
            for answer in [a for a in answers if a is not None][kept:]:
                self.service.threads.add_turn(user, thread_id, answer.question, answer)
        except (AssistantError, gr.Error) as exc:  # a full thread, a full disk: the answer is shown all the same
            gr.Warning(f"This answer was not kept: {exc}")
            return thread_id, gr.Dropdown(), gr.DownloadButton()
        return thread_id, gr.Dropdown(choices=self._choices(user), value=thread_id), self._export(user, thread_id)

    def rename(self, thread_id: str | None, title: str, browser: Any, request: gr.Request) -> tuple[Any, Any]:
        if not thread_id:
            raise gr.Error("Ask a question first: a thread is kept from its first question.")
        user = self.user_of(request, browser)
        try:
            self.service.threads.rename(user, thread_id, title)
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc
        return gr.Dropdown(choices=self._choices(user), value=thread_id), ""

    def delete(self, thread_id: str | None, browser: Any, request: gr.Request) -> tuple[Any, ...]:
        user = self.user_of(request, browser)
        if thread_id:
            try:
                self.service.threads.delete(user, thread_id)
            except AssistantError as exc:
                raise gr.Error(str(exc)) from exc
        return self.new(browser, request)

    def _shown(self, user: str, thread_id: str) -> tuple[Any, ...]:
        thread = self.service.threads.get(user, thread_id)
        chat: list[dict[str, str]] = []
        answers: list[Answer] = []
        for question, answer in thread.turns:
            chat += [{"role": "user", "content": esc(question)},
                     {"role": "assistant", "content": self.render(answer)}]
            answers.append(answer)
        return (chat, answers, thread.id, gr.Dropdown(choices=self._choices(user), value=thread.id),
                self._export(user, thread.id, thread))

    def _export(self, user: str, thread_id: str, thread: Thread | None = None) -> Any:
        thread = thread or self.service.threads.get(user, thread_id)
        path = self.service.download("thread", "md", export_markdown(thread))
        return gr.DownloadButton("Export the conversation (.md)", value=str(path), visible=True)
