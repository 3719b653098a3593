"""The HTTP API, built on the ``Service`` the browser UI shares (never on the UI).

``create_api(service)`` returns a FastAPI app over one shared engine (loaded once, never
per request): ``POST /api/search``, ``POST /api/ask``, ``POST /api/ask/stream``
(server-sent events), ``POST /api/feedback``, ``GET /api/health``, ``GET /api/info``,
and for editors ``POST /api/upload``, ``POST /api/reindex``, ``GET /api/feedback``;
the OpenAPI schema is at ``/openapi.json`` and ``/docs``. Bodies and answers have the
shapes of ``assistant search --json``, ``ask --json`` and ``info --json``. The server
users start, with the UI at ``/``, is ``app.create_app``.

With tokens (``access.Access``) every ``/api`` endpoint needs ``Authorization: Bearer
<token>``: 401 without one or with a wrong one, 403 when a reader token asks for an editor
endpoint.

A malformed request gets a 4xx whose JSON ``error`` names the field and the problem;
library errors map to a status (``STATUS``) with their one-line message. Endpoints are
plain functions run in the server's thread pool, so several clients are served at once.
Does not print.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator, model_validator
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException

from ..errors import (
    AssistantError,
    ConfigError,
    DiskFullError,
    EmbeddingModelError,
    IndexBusyError,
    IndexMismatchError,
    IndexNotFoundError,
    LLMError,
    StoreError,
)
from ..types import Filters
from .access import AuthRequiredError, ForbiddenError, Who
from .callers import Caller
from .service import Service
from .threads import ThreadNotFoundError
from .threads_api import ROUTES as THREAD_ROUTES
from .threads_api import UserHeader, add_thread_routes, asked_in_thread
from .uploads import UploadError

STATUS: list[tuple[type[AssistantError], int]] = [
    (AuthRequiredError, 401), (ForbiddenError, 403), (UploadError, 400), (ConfigError, 400),
    (IndexNotFoundError, 404), (ThreadNotFoundError, 404), (IndexBusyError, 409), (IndexMismatchError, 409),
    (LLMError, 502), (StoreError, 503), (EmbeddingModelError, 500), (DiskFullError, 507),
]
ENDPOINTS = {"/api/search": "POST", "/api/ask": "POST", "/api/ask/stream": "POST",
             "/api/feedback": "POST or GET", "/api/health": "GET", "/api/info": "GET", "/api/upload": "POST",
             "/api/reindex": "POST", "/api/entities": "GET", "/api/quotes": "GET",
             "/api/timeline": "POST", "/api/receipt": "POST", "/api/corroborate": "POST"}
UPLOAD_CHUNK = 1 << 20
MAX_UPLOAD_FILES = 100
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": "Article files (.txt, .md, .html, .pdf, .json, .jsonl)."}}}}}}}


# -- request bodies -------------------------------------------------------------------------

class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FiltersIn(_Body):
    since: dt.date | None = Field(None, description="Published on or after (YYYY-MM-DD).")
    until: dt.date | None = Field(None, description="Published on or before (YYYY-MM-DD).")
    outlets: list[StrictStr] = Field(default_factory=list, max_length=100)
    sources: list[StrictStr] = Field(default_factory=list, max_length=1000,
                                     description="Files or folders, relative to the corpus.")
    ignore: list[Annotated[StrictStr, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=50,
        description="Keys of an answer's `assumed` not to read into the question (outlet:…, date:…, context).")

    @model_validator(mode="after")
    def _ordered(self) -> FiltersIn:
        if self.since and self.until and self.since > self.until:
            raise ValueError("since is after until; swap them")
        return self

    def to_filters(self) -> Filters:
        return Filters(self.since, self.until, tuple(self.outlets), tuple(self.sources), ignore=frozenset(self.ignore))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


_ALL_COPIES = "Every printing of a story, rather than one hit per story with the others in its copies."


class SearchIn(_Body):
    query: StrictStr = Field(min_length=1, max_length=4000)
    k: Annotated[StrictInt, Field(ge=1, le=1000)] = 5
    filters: FiltersIn = Field(default_factory=FiltersIn)
    all_copies: StrictBool = Field(False, description=_ALL_COPIES)

    _query = field_validator("query")(_not_blank)


class TimelineIn(_Body):
    query: StrictStr = Field(min_length=1, max_length=4000)
    k: Annotated[StrictInt, Field(ge=1, le=200)] = 5
    filters: FiltersIn = Field(default_factory=FiltersIn)

    _query = field_validator("query")(_not_blank)


class TurnIn(_Body):
    question: StrictStr = Field(max_length=4000)
    answer: StrictStr = Field("", max_length=20000)
    short: StrictStr | None = Field(None, max_length=4000, description="The answer's `short`: what a 'he' or 'it' "
                                    "in the next question means.")


class AskIn(_Body):
    question: StrictStr = Field(min_length=1, max_length=4000)
    history: list[StrictStr | TurnIn] = Field(default_factory=list, max_length=50,
                                              description="Earlier questions (or turns), oldest first.")
    k: Annotated[StrictInt, Field(ge=1, le=50)] = 5
    mode: Literal["extractive", "llm"] | None = Field(None, description="Default: the server's.")
    filters: FiltersIn = Field(default_factory=FiltersIn)
    all_copies: StrictBool = Field(False, description=_ALL_COPIES)
    thread: StrictStr | None = Field(None, pattern=r"^[0-9a-f]{32}$",
                                     description="Ask inside this research thread: its turns are the history, "
                                                 "and the answer is kept in it.")

    _question = field_validator("question")(_not_blank)

    def turns(self) -> list[Any]:
        from ..answer.conversation import Turn

        return [Turn(t) if isinstance(t, str) else Turn(t.question, t.answer, t.short) for t in self.history]


class CorroborateIn(_Body):
    claim: StrictStr = Field(min_length=1, max_length=4000)
    k: Annotated[StrictInt, Field(ge=1, le=200)] = 20
    filters: FiltersIn = Field(default_factory=FiltersIn)

    _claim = field_validator("claim")(_not_blank)


class ReceiptIn(AskIn):
    format: Literal["md", "csv", "json"] = Field("json", description="Markdown, CSV (a row per claim) or JSON.")


class FeedbackIn(_Body):
    kind: Literal["helpful", "wrong_citation", "wrong_answer"]
    answer: dict[str, Any] = Field(description="The answer as /api/ask returned it.")
    comment: StrictStr = Field("", max_length=2000)


# -- errors ---------------------------------------------------------------------------------

def status_of(exc: AssistantError) -> int:
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 500)


def error_response(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def _problems(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p != "body"]
        kind = e.get("type", "")
        if kind == "json_invalid":
            out.append({"field": "body", "problem": "the body is not valid JSON; send a JSON object"})
        elif kind == "missing" and not loc:
            out.append({"field": "body", "problem": "the request has no body; send a JSON object"})
        elif kind == "extra_forbidden":
            out.append({"field": ".".join(loc), "problem": "unknown field"})
        elif kind in {"dict_type", "model_attributes_type"} and not loc:
            out.append({"field": "body", "problem": "the body must be a JSON object"})
        else:
            out.append({"field": ".".join(loc) or "body", "problem": str(e.get("msg", "invalid"))})
    return out


# -- the app --------------------------------------------------------------------------------

def create_api(service: Service, *, title: str = "Newsroom research assistant") -> FastAPI:
    """The HTTP API over ``service``: its routes under ``/api``, its error handlers, and the
    service in ``app.state.service``."""
    try:
        app_version = version("newsroom-assistant")
    except PackageNotFoundError:
        app_version = "0"
    app = FastAPI(title=title, version=app_version,
                  description="Cited answers and passages from the indexed news articles. "
                              "The browser UI is at /.")
    app.state.service = service

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = _problems(list(exc.errors()))
        message = "; ".join(f"{p['field']}: {p['problem']}" for p in problems) or "invalid request"
        return error_response(422, message, problems=problems)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):  # FastAPI's, on non-UTF-8
            problem = "the body is not UTF-8 JSON; send a JSON object"
            return error_response(422, f"body: {problem}", problems=[{"field": "body", "problem": problem}])
        return error_response(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(AssistantError)
    async def _library(_request: Request, exc: AssistantError) -> JSONResponse:
        response = error_response(status_of(exc), str(exc))
        if isinstance(exc, AuthRequiredError):
            response.headers["WWW-Authenticate"] = 'Bearer realm="assistant"'
        return response

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(500, f"internal error ({type(exc).__name__}); the server is still running")

    @app.get("/api/health", tags=["api"])
    def health(_who: Caller) -> dict[str, Any]:
        """Is the server up, and is anything indexed?"""
        return {"status": "ok", "indexed": service.has_index(), "version": app_version,
                "mode": service.default_mode()}

    @app.get("/api/info", tags=["api"])
    def info(_who: Caller) -> dict[str, Any]:
        """What is indexed (the JSON of ``assistant info --json``)."""
        return service.index.info().to_json()

    @app.post("/api/search", tags=["api"])
    def search(body: SearchIn, _who: Caller) -> dict[str, Any]:
        """The best passages for ``query`` (the JSON of ``assistant search --json``)."""
        with service.working():
            hits = service.index.search(body.query, k=body.k, filters=body.filters.to_filters(),
                                        all_copies=body.all_copies)
        return {"query": body.query, "hits": [h.to_json(r) for r, h in enumerate(hits, 1)]}

    @app.get("/api/entities", tags=["knowledge"])
    def entities(_who: Caller, type: Literal["person", "org", "place", "other"] | None = None,
                 name: Annotated[str | None, Query(max_length=400)] = None,
                 limit: Annotated[int | None, Query(ge=1, le=100_000)] = None) -> dict[str, Any]:
        """People, organisations, places (the JSON of ``assistant entities --json``)."""
        return {"entities": [e.to_json() for e in service.index.entities(type=type, name=name, limit=limit)]}

    @app.get("/api/quotes", tags=["knowledge"])
    def quotes(_who: Caller, speaker: Annotated[str | None, Query(max_length=400)] = None,
               about: Annotated[str | None, Query(max_length=4000)] = None, since: dt.date | None = None,
               until: dt.date | None = None, outlet: Annotated[list[str] | None, Query(max_length=100)] = None,
               source: Annotated[list[str] | None, Query(max_length=1000)] = None,
               limit: Annotated[int | None, Query(ge=1, le=100_000)] = None) -> Any:
        """Who said what (the JSON of ``assistant quotes --json``)."""
        if since and until and since > until:
            return error_response(422, "since is after until; swap them")
        filters = Filters(since, until, tuple(outlet or ()), tuple(source or ()))
        found = service.index.quotes(speaker=speaker, about=about, filters=filters, limit=limit)
        return {"quotes": [q.to_json() for q in found]}

    @app.post("/api/timeline", tags=["knowledge"])
    def timeline(body: TimelineIn, _who: Caller) -> dict[str, Any]:
        """Dated events relevant to ``query``, oldest first (``assistant timeline --json``)."""
        with service.working():
            events = service.index.timeline(body.query, k=body.k, filters=body.filters.to_filters())
        return {"query": body.query, "events": [e.to_json() for e in events]}

    @app.post("/api/ask", tags=["api"])
    def ask(body: AskIn, who: Caller, user: UserHeader = None) -> dict[str, Any]:
        """A cited answer (the JSON of ``assistant ask --json``); with ``thread``, asked and
        kept in that research thread (the JSON then names it)."""
        engine = service.engine(body.mode)

        def answer(earlier: list[Any]) -> Any:
            return engine.ask(body.question, history=[*earlier, *body.turns()], filters=body.filters.to_filters(),
                              k=body.k, all_copies=body.all_copies)

        with service.working(body.mode):
            if body.thread is not None:
                return asked_in_thread(service, who, user, body.thread, body.question, answer)
            return answer([]).to_json()

    @app.post("/api/corroborate", tags=["api"])
    def corroborate(body: CorroborateIn, _who: Caller) -> dict[str, Any]:
        """Which independent reports support a claim, contradict it, or only repeat a copy
        (the JSON of ``assistant corroborate --json``)."""
        with service.working():
            return service.assistant.corroborate(body.claim, k=body.k, filters=body.filters.to_filters()).to_json()

    @app.post("/api/receipt", tags=["api"], response_class=Response,
              responses={200: {"content": {"text/markdown": {}, "text/csv": {}, "application/json": {}},
                               "description": "The verification receipt of the answer, as a file."}})
    def receipt(body: ReceiptIn, _who: Caller) -> Response:
        """The answer's verification receipt (``assistant ask --receipt``): every quote checked
        against its file, with lines, outlet, date, URL, the story's copies and the conflicts."""
        from ..answer.receipt import MEDIA_TYPES, build

        engine = service.engine(body.mode)
        with service.working(body.mode):
            answer = engine.ask(body.question, history=body.turns(), filters=body.filters.to_filters(),
                                k=body.k, all_copies=body.all_copies)
            text = build(answer, service.assistant.sources.root, service.assistant.sources.texts).render(body.format)
        return Response(text, media_type=MEDIA_TYPES[body.format],
                        headers={"Content-Disposition": f'attachment; filename="receipt.{body.format}"'})

    @app.post("/api/ask/stream", tags=["api"], response_class=StreamingResponse,
              responses={200: {"content": {"text/event-stream": {}},
                               "description": "`delta` events ({\"text\"}), then one `answer` event "
                                              "(the /api/ask JSON), or an `error` event."}})
    def ask_stream(body: AskIn, _who: Caller) -> Response:
        """The answer as server-sent events: text deltas, then the final checked answer."""
        engine = service.engine(body.mode)
        parts = engine.ask_stream(body.question, history=body.turns(), filters=body.filters.to_filters(),
                                  k=body.k, all_copies=body.all_copies)
        try:
            first = next(parts)  # errors before the first byte still get their status code
        except StopIteration:
            return error_response(500, "the answerer returned nothing")

        def events() -> Iterator[str]:
            try:
                for part in chain([first], parts):
                    if isinstance(part, str):
                        yield _sse("delta", {"text": part})
                    else:
                        yield _sse("answer", part.to_json())
            except AssistantError as exc:
                yield _sse("error", {"error": str(exc), "status": status_of(exc)})

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.post("/api/feedback", tags=["api"])
    def feedback(body: FeedbackIn, who: Caller) -> dict[str, Any]:
        """Save feedback on an answer to ``feedback.jsonl`` beside the index."""
        line = service.feedback(body.kind, body.answer, body.comment, who=who)
        return {"saved": True, "time": line["time"], "kind": line["kind"]}

    @app.get("/api/feedback", tags=["editor"])
    def feedback_export(who: Caller) -> dict[str, Any]:
        """Every feedback line so far, oldest first (editor token)."""
        lines = service.export_feedback(who=who)
        return {"count": len(lines), "feedback": lines}

    @app.post("/api/upload", tags=["editor"], openapi_extra=UPLOAD_BODY)
    async def upload(request: Request, who: Caller) -> dict[str, Any]:
        """Save article files (multipart field ``files``) under ``<corpus>/uploads/`` and index
        them (editor token)."""
        # The body is read here, after the token was checked: declared as a File parameter,
        # FastAPI would spool any stranger's upload to disk before answering 401.
        service.authorize(who, "upload")
        try:
            form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=10)
        except HTTPException as exc:  # starlette's word on a broken multipart body
            raise ConfigError(f"the upload is not a usable multipart form ({exc.detail}); send the articles as "
                              f"multipart form field 'files', at most {MAX_UPLOAD_FILES} at once") from None
        try:
            files = [item for item in form.getlist("files") if isinstance(item, StarletteUpload)]
            if not files:
                raise ConfigError("send the articles as multipart form field 'files'")
            return await run_in_threadpool(_save_and_index, service, files, who)
        finally:
            await form.close()

    @app.post("/api/reindex", tags=["editor"])
    def reindex(who: Caller) -> dict[str, Any]:
        """Re-index the corpus folder: new and changed files embedded, deleted ones dropped (editor token)."""
        return service.reindex(who=who).to_json()

    add_thread_routes(app, service)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def unknown(rest: str, request: Request) -> JSONResponse:
        path = f"/api/{rest}"
        allowed = ENDPOINTS.get(path) or THREAD_ROUTES.get(path)
        if allowed:
            return error_response(405, f"{request.method} is not allowed on {path}; use {allowed}")
        return error_response(404, f"no endpoint {path}; see /docs for the API")

    return app


def _save_and_index(service: Service, files: list[StarletteUpload], who: Who) -> dict[str, Any]:
    """The uploads copied out of the request, saved under the corpus and indexed."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="assistant-upload-") as tmp:
        pairs = []
        for n, item in enumerate(files):
            path = Path(tmp) / str(n)  # never the sent name: save_upload makes that safe
            item.file.seek(0)
            with path.open("wb") as out:
                shutil.copyfileobj(item.file, out, UPLOAD_CHUNK)
            pairs.append((path, item.filename or f"upload-{n}.txt"))
        saved, report = service.add_uploads(pairs, who=who)  # size and type checked there
    return {"saved": saved, **report.to_json()}


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
