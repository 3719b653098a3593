"""``assistant serve``: the browser UI and the HTTP API in one local server.

Options and request fields are a contract with outside scripts (``--host``, ``--port``,
``--index-dir``; ``question`` in ``/api/ask``). Local by default (127.0.0.1, no public
share link). An empty or missing index still serves: the UI says how to add articles.
Heavy imports happen inside the command.

Off loopback it will not start without a token (``--reader-token``/``--editor-token`` or
``ASSISTANT_READER_TOKEN``/``ASSISTANT_EDITOR_TOKEN``) unless told ``--no-auth``; that is
decided (``access.serving_access``) before anything is loaded, so the refusal is instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..serve.access import serving_access
from .options import chroma_url_option, index_dir_option, k_option, library_errors, llm_options, open_index_from

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def open_engine(index_dir: Path | None = None, *, chroma_url: str | None = None, k: int = 5,
                llm_url: str | None = None, llm_model: str | None = None, ollama_model: str | None = None,
                timeout: float | None = None) -> tuple[Any, Any]:
    """The shared engine over the index at ``index_dir`` (created empty when missing), and
    the resolved settings."""
    from ..answer.assistant import Assistant
    from ..answer.backends import answerer_for

    index, settings = open_index_from(index_dir, chroma_url, create=True)
    answerer = answerer_for(index, llm_url=llm_url, llm_model=llm_model, ollama_model=ollama_model,
                            timeout=timeout)
    return Assistant(index, answerer, k=k), settings


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each busy thread its own heap (up to 8 per core), and freed memory stays
    in them: under 100 clients the server's RSS kept growing. Two heaps bound that; this
    is glibc-only, and a no-op elsewhere."""
    import ctypes
    import ctypes.util

    m_arena_max = -8
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(m_arena_max, arenas)
    except (OSError, AttributeError):
        pass


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, envvar="ASSISTANT_HOST",
              help="Address to listen on; 0.0.0.0 exposes it to your network [env ASSISTANT_HOST].")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              envvar="ASSISTANT_PORT", help="Port [env ASSISTANT_PORT].")
@index_dir_option()
@chroma_url_option("Use a Chroma server instead of the in-process store [env ASSISTANT_CHROMA_URL].")
@k_option("Passages retrieved per answer (the UI can change it).", maximum=50)
@llm_options()
@click.option("--example", "examples", multiple=True, metavar="Q",
              help="An example question shown on first open (repeatable) [default: from the titles].")
@click.option("--no-ui", is_flag=True, help="Serve only the HTTP API.")
@click.option("--reader-token", envvar="ASSISTANT_READER_TOKEN", default=None, metavar="TOKEN",
              show_envvar=False, help="Token that may ask and search; prefer the environment variable, which "
                                      "ps does not show [env ASSISTANT_READER_TOKEN].")
@click.option("--editor-token", envvar="ASSISTANT_EDITOR_TOKEN", default=None, metavar="TOKEN",
              show_envvar=False, help="Token that may also upload, add folders, re-index and export feedback "
                                      "[env ASSISTANT_EDITOR_TOKEN].")
@click.option("--no-auth", is_flag=True,
              help="Serve off loopback with no token on purpose: anyone who can reach it may change the corpus.")
def serve_cmd(host: str, port: int, index_dir: Path | None, chroma_url: str | None, k: int,
              llm_url: str | None, llm_model: str | None, ollama_model: str | None,
              llm_timeout: float | None, examples: tuple[str, ...], no_ui: bool, reader_token: str | None,
              editor_token: str | None, no_auth: bool) -> None:
    """Serve the browser UI at / and the HTTP API at /api (docs at /docs).

    Off this machine (--host 0.0.0.0) it needs a token: readers ask and search; editors
    also upload, add folders, re-index and export feedback. The API takes the token as
    'Authorization: Bearer TOKEN'; the UI asks for user 'reader' or 'editor' and the token
    as password. Corpus changes are logged to audit.jsonl in the index folder.
    """
    with library_errors():
        access = serving_access(host, reader_token=reader_token, editor_token=editor_token, no_auth=no_auth)
    try:
        import uvicorn

        from ..serve.app import create_app
    except ImportError as exc:
        raise click.ClickException(
            f"serving needs the ui extra ({exc.name} is missing); install with: "
            "pip install 'newsroom-assistant[ui]' (or make setup)") from exc
    from ..indexing.embedding import limit_concurrent_passes

    # Many requests at once: one torch thread per model pass, as many passes as cores.
    limit_concurrent_passes(1)
    _limit_malloc_arenas()
    with library_errors():
        bot, settings = open_engine(index_dir, chroma_url=chroma_url, k=k, llm_url=llm_url,
                                    llm_model=llm_model, ollama_model=ollama_model, timeout=llm_timeout)
        app = create_app(bot, ui=not no_ui, examples=list(examples) or None,
                         max_file_mb=settings.max_file_mb, llm_url=llm_url, llm_model=llm_model,
                         host=host, port=port, access=access)
    shown = f"[{host}]" if ":" in host else host
    state = "" if bot.index.manifest else f" (nothing indexed in {settings.index_dir} yet: add articles in the UI)"
    click.echo(f"Serving the assistant at http://{shown}:{port}/{state}")
    click.echo(f"API: http://{shown}:{port}/api (docs at /docs); Ctrl-C stops it", err=False)
    if access.enabled:
        roles = " and ".join(r for r, t in (("reader", access.reader_token), ("editor", access.editor_token)) if t)
        click.echo(f"Access: tokens required ({roles}); corpus changes logged to "
                   f"{Path(settings.index_dir) / 'audit.jsonl'}")
    elif no_auth:
        click.echo("Access: OPEN (--no-auth): anyone who can reach this address may read and change the corpus")
    uvicorn.run(app, host=host, port=port, log_level="warning")
