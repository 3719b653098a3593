"""The server ``assistant serve`` runs: the HTTP API with the browser UI mounted at ``/``.

``create_app(assistant)`` wraps the engine in a ``Service`` (or takes one), builds the API
on it (``api.create_api``), guards the whole server against requests a web page could
forge (``guard_origins``), and mounts the Gradio UI (``ui.GradioUI``) over the same
service. gradio is imported only when the UI is wanted, so ``ui=False`` serves without it.

With tokens (``access.Access``) the API needs a bearer token and the UI a login: user
``reader`` or ``editor``, that role's token as password. Does not print.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from fastapi import FastAPI, Request
from fastapi.responses import Response

from .access import Access, is_loopback
from .api import create_api, error_response
from .render import UI_CSS, UI_JS
from .service import Service

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def create_app(assistant: Any, *, ui: bool = True, title: str = "Newsroom research assistant",
               examples: list[str] | None = None, max_file_mb: float = 25.0, llm_url: str | None = None,
               llm_model: str | None = None, host: str = "127.0.0.1", port: int = 7860,
               access: Access | None = None) -> FastAPI:
    """The API over ``assistant`` (an ``Assistant`` or a ``Service``), the UI at ``/``;
    ``access`` holds the tokens (none: open to all, for loopback)."""
    service = assistant if isinstance(assistant, Service) else Service(
        assistant, max_file_mb=max_file_mb, llm_url=llm_url, llm_model=llm_model, examples=examples)
    if access is not None:
        service.access = access
    service.local = service.local and is_loopback(host)
    app = create_api(service, title=title)
    guard_origins(app, service, host)
    if ui:
        app = _mount_ui(app, service, title=title, host=host, port=port)
    return app


def _mount_ui(app: FastAPI, service: Service, *, title: str, host: str, port: int) -> FastAPI:
    """``app`` with the Gradio UI over ``service`` mounted at ``/``."""
    import gradio as gr

    from .ui import GradioUI

    blocks = GradioUI(service, title=title).create_app()
    app = gr.mount_gradio_app(app, blocks, path="/", server_name=host, server_port=port, css=UI_CSS, js=UI_JS,
                              footer_links=["api"], max_file_size=f"{max(1, int(service.max_file_mb))}mb",
                              show_error=True, run_history=False,
                              auth=service.access.login if service.access.enabled else None,
                              auth_message="Sign in as <b>reader</b> or <b>editor</b>; the password is "
                                           "that role's token.")
    # Gradio checks that file inputs name files uploaded to it (not any path on the
    # server) only once an app "has launched", which launch() marks and mounting does
    # not; without this a queued event could hand the server's own files to a handler.
    blocks.has_launched = True
    return app


def guard_origins(app: FastAPI, service: Service, host: str) -> None:
    """Refuse what a web page in the user's browser could send: a request from another site
    that changes something (cross-site POST; browsers send it without asking first) and,
    on an open loopback server, a request naming a host other than this machine (DNS
    rebinding: a site whose name resolves to 127.0.0.1 could read the answers)."""
    check_host = is_loopback(host) and not service.access.enabled

    @app.middleware("http")
    async def origins(request: Request, call_next: Any) -> Response:
        claimed = request.headers.get("host", "")
        if check_host and not _local_host(claimed):
            return error_response(421, f"this server answers only to localhost, not to the host {claimed[:80]!r}; "
                                       "open it as http://127.0.0.1:PORT/")
        origin = request.headers.get("origin")
        if request.method in UNSAFE_METHODS and origin is not None:
            parsed = urlparse(origin)
            if origin == "null" or parsed.netloc.lower() != claimed.lower():
                return error_response(403, f"a request from another site ({origin[:80]}) may not change anything "
                                           "here; use this server's own page, or send no Origin header from a script")
        return await call_next(request)


def _local_host(header: str) -> bool:
    """Whether a Host header names this machine (any port): localhost or a loopback address."""
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name
    else:
        name = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
    return bool(name) and is_loopback(name)


__all__ = ["create_app", "guard_origins"]
