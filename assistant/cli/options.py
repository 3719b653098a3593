"""What the CLI commands share: each shared option declared once, and the edge helpers.

Every shared option is a decorator factory, used as ``@index_dir_option()`` (the
pattern of simonw/llm's ``cli.py``). Called without arguments it gives the common
wording; where a command words an option its own way (``-k`` means hits in ``search``
but passages in ``ask``), the command passes its text, because each ``--help`` is a
contract with outside scripts and must read as it always did.

Also here: opening the index from flags (flag, then environment, then config file,
then default, through ``config.resolve``), turning library errors into one ``Error:``
line (``library_errors``), and progress bars on stderr. Only click at import time, so
``--help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import AssistantError

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]
Progress = Callable[[str, int, int], None]

_UNITS = {"reading": "file", "embedding": "chunk"}


def _stack(*decorators: Callable[[Any], Any]) -> Callable[[F], F]:
    """Several options as one decorator, shown in ``--help`` in the order given."""

    def apply(fn: F) -> F:
        # click lists options bottom-up from the decorators, so apply the last one first.
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


def index_dir_option(
    help_text: str = "Index folder [env ASSISTANT_INDEX_DIR; default ./index].",
) -> Decorator[Any]:
    """``--index-dir`` → ``index_dir``: None when not given, for ``config.resolve``."""
    return click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=help_text)


def chroma_url_option(
    help_text: str = "Use a Chroma server (chroma run) instead of the in-process store "
                "[env ASSISTANT_CHROMA_URL].",
) -> Decorator[Any]:
    """``--chroma-url`` → ``chroma_url``: None when not given, for ``config.resolve``."""
    return click.option("--chroma-url", default=None, metavar="URL", help=help_text)


def ranker_option(
    help_text: str = "Final ordering: the packaged learned ranker, none (fused order), or a model file "
                "[env ASSISTANT_RANKER; default learned].",
) -> Decorator[Any]:
    """``--ranker`` → ``ranker``: None when not given, for ``config.resolve``."""
    return click.option("--ranker", default=None, metavar="learned|none|PATH", help=help_text)


def json_option(help_text: str = "Print JSON.") -> Decorator[Any]:
    """``--json`` → ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def all_copies_option() -> Decorator[Any]:
    """``--all-copies`` → ``all_copies``: every printing of a story, not one per story."""
    return click.option("--all-copies", "all_copies", is_flag=True,
                        help="Show every printing of a story (wire copies, reprints) rather than one hit per "
                             "story listing the others as its copies.")


def k_option(help_text: str, maximum: int) -> Decorator[Any]:
    """``-k`` → ``k``, default 5: hits for search, passages for an answer, so each
    command says which, and how many it allows."""
    return click.option("-k", "k", type=click.IntRange(1, maximum), default=5, show_default=True, help=help_text)


def progress_option(help_text: str) -> Decorator[Any]:
    """``--progress/--no-progress`` → ``progress``: None when not given, meaning "when
    stderr is a terminal" (see ``progress_bar``)."""
    return click.option("--progress/--no-progress", default=None, help=help_text)


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param=param) from None


def filter_options() -> Decorator[Any]:
    """What a search may be restricted to: ``--since``, ``--until``, ``--outlet``,
    ``--source`` → ``since``, ``until``, ``outlets``, ``sources`` (see ``filters_from``)."""
    return _stack(
        click.option("--since", callback=_date, default=None, metavar="DATE",
                     help="Published on or after (YYYY-MM-DD)."),
        click.option("--until", callback=_date, default=None, metavar="DATE",
                     help="Published on or before (YYYY-MM-DD)."),
        click.option("--outlet", "outlets", multiple=True, metavar="NAME", help="Only this outlet (repeatable)."),
        click.option("--source", "sources", multiple=True, metavar="FILE",
                     help="Only this file or folder (repeatable)."),
    )


def filters_from(since: Any, until: Any, outlets: tuple[str, ...], sources: tuple[str, ...]) -> Any:
    """The ``Filters`` of ``filter_options``; a range that ends before it starts is refused."""
    from ..types import Filters

    if since and until and since > until:
        raise click.BadParameter("--since is after --until; swap them", param_hint="--since")
    return Filters(since, until, outlets, sources)


def limit_option(help_text: str = "At most this many.") -> Decorator[Any]:
    """``--limit N`` → ``limit`` (None: all)."""
    return click.option("--limit", type=click.IntRange(1, 100_000), default=None, metavar="N", help=help_text)


def llm_options(
    url_help: str = "OpenAI-compatible server, e.g. http://localhost:8080/v1 [env ASSISTANT_LLM_URL].",
) -> Decorator[Any]:
    """The answerer's model: ``--llm-url``, ``--llm-model``, ``--ollama-model`` and
    ``--llm-timeout`` → ``llm_url``, ``llm_model``, ``ollama_model``, ``llm_timeout``,
    the arguments of ``answer.backends.answerer_for`` (``timeout`` there)."""
    return _stack(
        click.option("--llm-url", envvar="ASSISTANT_LLM_URL", default=None, metavar="URL", help=url_help),
        click.option("--llm-model", envvar="ASSISTANT_LLM_MODEL", default=None, metavar="M",
                     help="Model name on that server [env ASSISTANT_LLM_MODEL]."),
        click.option("--ollama-model", default=None, metavar="M",
                     help="Answer with this Ollama model (OLLAMA_HOST or localhost:11434)."),
        click.option("--llm-timeout", type=float, default=None, metavar="SECONDS",
                     help="Give up on the model after this long [default 120]."),
    )


def open_index_from(index_dir: Path | None, chroma_url: str | None = None, embed_model: str | None = None,
                    create: bool = False, ranker: str | None = None) -> tuple[Any, Any]:
    """The index the flags point to, and the resolved settings. ``embed_model`` goes to
    ``open_index`` as given (None: the model the index was built with)."""
    from ..config import resolve
    from ..retrieval.index import open_index

    settings = resolve(index_dir=index_dir, chroma_url=chroma_url, embed_model=embed_model, ranker=ranker)
    return open_index(settings.index_dir, chroma_url=settings.chroma_url,
                      embed_model=embed_model, create=create, ranker=settings.ranker), settings


@contextmanager
def library_errors() -> Iterator[None]:
    """Library errors end the command with one ``Error: ...`` line and exit status 1;
    anything else is a bug and keeps its traceback."""
    try:
        yield
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc


def progress_bar(enabled: bool) -> tuple[Progress, Callable[[], None]]:
    """A ``progress(stage, done, total)`` callback drawing one tqdm bar per stage on
    stderr (stdout stays clean for ``--json``), and a function closing them."""
    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not enabled:
            return
        bar = bars.get(stage)
        if bar is None:
            from tqdm import tqdm

            unit = next((u for key, u in _UNITS.items() if key in stage), "question")
            bar = bars[stage] = tqdm(total=total, desc=stage, unit=unit, file=sys.stderr,
                                     leave=True, dynamic_ncols=True)
        bar.total = total
        bar.update(done - bar.n)

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return update, close
