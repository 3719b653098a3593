"""The command line: ``assistant index|search|info``.

Command names, options and JSON fields here are a contract with outside scripts. Heavy
libraries are imported inside commands so ``--help`` stays instant. Library errors turn
into one ``Error: ...`` line and a non-zero exit here, at the boundary.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import AssistantError
from .options import progress_bar


def _fail(exc: AssistantError) -> click.ClickException:
    return click.ClickException(str(exc))


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param=param) from None


index_dir_option = click.option(
    "--index-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Index folder [env ASSISTANT_INDEX_DIR; default ./index].",
)
chroma_option = click.option(
    "--chroma-url", default=None, metavar="URL",
    help="Use a Chroma server (chroma run) instead of the in-process store [env ASSISTANT_CHROMA_URL].",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
ranker_option = click.option(
    "--ranker", default=None, metavar="learned|none|PATH",
    help="Final ordering: the packaged learned ranker, none (fused order), or a model file "
         "[env ASSISTANT_RANKER; default learned].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsroom-assistant")
def cli() -> None:
    """A research assistant over news articles: search them, with sources and lines."""


def _open(index_dir: Path | None, chroma_url: str | None, embed_model: str | None = None,
          create: bool = False, ranker: str | None = None) -> Any:
    from ..config import resolve
    from ..retrieval.index import open_index

    settings = resolve(index_dir=index_dir, chroma_url=chroma_url, embed_model=embed_model, ranker=ranker)
    return open_index(settings.index_dir, chroma_url=settings.chroma_url,
                      embed_model=embed_model, create=create, ranker=settings.ranker), settings


@cli.command("index")
@click.argument("path", type=click.Path(path_type=Path))
@index_dir_option
@click.option("--embed-model", default=None, metavar="NAME_OR_PATH",
              help="Any sentence-transformers model [env ASSISTANT_EMBED_MODEL; "
                   "default the packaged all-MiniLM-L6-v2].")
@chroma_option
@click.option("--max-file-mb", type=float, default=None, help="Skip files larger than this [default 25].")
@click.option("--replace", is_flag=True, help="Rebuild this index from PATH even if it was built from another folder.")
@click.option("--follow-symlinks", is_flag=True,
              help="Index files that symbolic links lead to outside PATH [default: skip them].")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: when it is a terminal].")
@json_option
def index_cmd(path: Path, index_dir: Path | None, embed_model: str | None, chroma_url: str | None,
              max_file_mb: float | None, replace: bool, follow_symlinks: bool, progress: bool | None,
              as_json: bool) -> None:
    """Index the articles in PATH (a file or folder): only new and changed files are embedded."""
    from ..config import resolve

    try:
        settings = resolve(index_dir=index_dir, chroma_url=chroma_url, embed_model=embed_model,
                           max_file_mb=max_file_mb)
        index, _ = _open(index_dir, chroma_url, embed_model or _env_model(), create=True)
        update, close = progress_bar(sys.stderr.isatty() if progress is None else progress)
        try:
            report = index.add(path, progress=update, max_file_mb=settings.max_file_mb, replace=replace,
                               follow_symlinks=follow_symlinks)
        finally:
            close()
    except AssistantError as exc:
        raise _fail(exc) from exc
    for skipped in report.files_skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_json()))
        return
    click.echo(
        f"indexed {path}: {len(report.files_added)} added, {len(report.files_updated)} updated, "
        f"{len(report.files_removed)} removed, {len(report.files_unchanged)} unchanged, "
        f"{len(report.files_skipped)} skipped; {report.chunks_embedded} chunks embedded, "
        f"{report.chunks_total} in the index ({report.seconds:.1f}s)"
    )


def _env_model() -> str | None:
    from ..config import DEFAULT_EMBED_MODEL, resolve

    model = resolve().embed_model
    return None if model == DEFAULT_EMBED_MODEL else model


@cli.command("search")
@click.argument("query")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=5, show_default=True, help="Number of hits.")
@click.option("--since", callback=_date, default=None, metavar="DATE", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", callback=_date, default=None, metavar="DATE", help="Published on or before (YYYY-MM-DD).")
@click.option("--outlet", "outlets", multiple=True, metavar="NAME", help="Only this outlet (repeatable).")
@click.option("--source", "sources", multiple=True, metavar="FILE", help="Only this file or folder (repeatable).")
@index_dir_option
@chroma_option
@ranker_option
@json_option
def search_cmd(query: str, k: int, since: dt.date | None, until: dt.date | None,
               outlets: tuple[str, ...], sources: tuple[str, ...], index_dir: Path | None,
               chroma_url: str | None, ranker: str | None, as_json: bool) -> None:
    """Find the passages that best match QUERY."""
    from ..types import Filters

    if since and until and since > until:
        raise click.BadParameter("--since is after --until; swap them", param_hint="--since")
    try:
        index, _ = _open(index_dir, chroma_url, ranker=ranker)
        hits = index.search(query, k=k, filters=Filters(since, until, outlets, sources))
    except AssistantError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps({"query": query, "hits": [h.to_json(r) for r, h in enumerate(hits, 1)]},
                              ensure_ascii=False))
        return
    if not hits:
        click.echo("no matching passages")
    for rank, hit in enumerate(hits, 1):
        meta = " · ".join(x for x in (hit.outlet, hit.date) if x)
        title = hit.title or "(untitled)"
        click.echo(f"{rank}. {title}" + (f" — {meta}" if meta else ""))
        click.echo(f"   {hit.source} lines {hit.line_start}-{hit.line_end}"
                   + (" [sidebar]" if hit.section == "sidebar" else "") + f"  score {hit.score:.4f}")
        snippet = " ".join(hit.text.split())
        click.echo(f"   {snippet[:300]}{'…' if len(snippet) > 300 else ''}")


@cli.command("info")
@index_dir_option
@chroma_option
@json_option
def info_cmd(index_dir: Path | None, chroma_url: str | None, as_json: bool) -> None:
    """Show what is indexed: files, chunks, model, dates covered."""
    try:
        index, _ = _open(index_dir, chroma_url)
        info = index.info()
    except AssistantError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(info.to_json()))
        return
    unfinished = "" if info.complete else "  (last run did not finish: re-run assistant index)"
    click.echo(f"index:     {info.index_dir}{unfinished}")
    click.echo(f"corpus:    {info.root}")
    click.echo(f"files:     {info.files} ({info.documents} articles)")
    click.echo(f"chunks:    {info.chunks}")
    click.echo(f"model:     {info.embed_model} ({info.dimension} dimensions)")
    click.echo(f"dates:     {info.date_first or '?'} to {info.date_last or '?'}")
    click.echo(f"outlets:   {', '.join(info.outlets) or '(none named)'}")
    click.echo(f"store:     {info.chroma}")


def main() -> None:
    try:
        cli(prog_name="assistant")
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the index is safe, re-run to finish", err=True)
        sys.exit(130)

from .evaluate import eval_cmd  # noqa: E402

cli.add_command(eval_cmd)


from .answer import ask_cmd, chat_cmd  # noqa: E402

cli.add_command(ask_cmd)
cli.add_command(chat_cmd)

from .serve import serve_cmd  # noqa: E402

cli.add_command(serve_cmd)
