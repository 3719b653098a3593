"""The HTTP routes of research threads (``threads``): list, create, read, rename, delete
and export a user's conversations; ``POST /api/ask`` with ``"thread"`` asks inside one
(its turns are the history, the answer is kept).

The user is ``X-Assistant-User`` when the caller sends one, else the caller's role; a
thread of another user is answered 404, like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Header, Response
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from .access import Who
from .callers import Caller
from .service import Service
from .threads import MAX_TITLE, Thread, check_user, export_markdown

ROUTES = {"/api/threads": "GET or POST"}
_ID = r"^[0-9a-f]{32}$"


class TitleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: StrictStr = Field("", max_length=MAX_TITLE)


UserHeader = Annotated[str | None, Header(alias="X-Assistant-User", max_length=100,
                                          description="Whose threads (a label; default: the caller's role).")]


def user_of(who: Who, header: str | None) -> str:
    return check_user(header) if header is not None else who.user


def asked_in_thread(service: Service, who: Who, header: str | None, thread_id: str, question: str,
                    ask: Any) -> dict[str, Any]:
    """Ask ``question`` inside a thread: ``ask(history)`` answers with the thread's turns as
    history; the turn is kept and the answer returned with the thread's id."""
    from ..answer.conversation import Turn

    user = user_of(who, header)
    thread = service.threads.get(user, thread_id)
    answer = ask([Turn.of(q, a) for q, a in thread.turns])
    service.threads.add_turn(user, thread_id, question, answer)
    return answer.to_json() | {"thread": thread_id}


def add_thread_routes(app: FastAPI, service: Service) -> None:
    """The thread routes on ``app``."""

    @app.get("/api/threads", tags=["threads"])
    def threads(who: Caller, user: UserHeader = None) -> dict[str, Any]:
        """The user's threads, the most recently used first."""
        return {"threads": [t.to_json() for t in service.threads.list(user_of(who, user))]}

    @app.post("/api/threads", tags=["threads"])
    def new_thread(body: TitleIn, who: Caller, user: UserHeader = None) -> dict[str, Any]:
        """A new, empty thread (named after its first question unless titled)."""
        return service.threads.create(user_of(who, user), body.title).to_json()

    @app.get("/api/threads/{thread_id}", tags=["threads"])
    def thread(thread_id: Annotated[str, _path()], who: Caller, user: UserHeader = None) -> dict[str, Any]:
        """A thread with every turn: the question and the answer as ``/api/ask`` gave it."""
        return service.threads.get(user_of(who, user), thread_id).to_json(turns=True)

    @app.patch("/api/threads/{thread_id}", tags=["threads"])
    def rename(thread_id: Annotated[str, _path()], body: TitleIn, who: Caller,
               user: UserHeader = None) -> dict[str, Any]:
        """Rename a thread."""
        return service.threads.rename(user_of(who, user), thread_id, body.title).to_json()

    @app.delete("/api/threads/{thread_id}", tags=["threads"])
    def delete(thread_id: Annotated[str, _path()], who: Caller, user: UserHeader = None) -> dict[str, Any]:
        """Delete a thread and its turns."""
        service.threads.delete(user_of(who, user), thread_id)
        return {"deleted": thread_id}

    @app.get("/api/threads/{thread_id}/export", tags=["threads"], response_class=Response,
             responses={200: {"content": {"text/markdown": {}}}})
    def export(thread_id: Annotated[str, _path()], who: Caller, user: UserHeader = None) -> Response:
        """The thread as Markdown: each question, answer and citation."""
        found: Thread = service.threads.get(user_of(who, user), thread_id)
        return Response(export_markdown(found), media_type="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="thread.md"'})


def _path() -> Any:
    from fastapi import Path

    return Path(pattern=_ID, description="The thread's id, as listed.")
