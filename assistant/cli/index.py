"""``assistant index`` and ``assistant info``: build the index, and say what is in it.

Names, options and JSON fields are a contract with outside scripts. Heavy libraries are
imported inside the commands so ``--help`` stays instant; library errors become one
``Error:`` line (``options.library_errors``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .options import (
    chroma_url_option,
    index_dir_option,
    json_option,
    library_errors,
    open_index_from,
    progress_bar,
    progress_option,
)


@click.command("index")
@click.argument("path", type=click.Path(path_type=Path))
@index_dir_option()
@click.option("--embed-model", default=None, metavar="NAME_OR_PATH",
              help="Any sentence-transformers model [env ASSISTANT_EMBED_MODEL; "
                   "default the packaged all-MiniLM-L6-v2].")
@chroma_url_option()
@click.option("--max-file-mb", type=float, default=None, help="Skip files larger than this [default 25].")
@click.option("--replace", is_flag=True, help="Rebuild this index from PATH even if it was built from another folder.")
@click.option("--follow-symlinks", is_flag=True,
              help="Index files that symbolic links lead to outside PATH [default: skip them].")
@progress_option("Progress bar on stderr [default: when it is a terminal].")
@json_option()
def index_cmd(path: Path, index_dir: Path | None, embed_model: str | None, chroma_url: str | None,
              max_file_mb: float | None, replace: bool, follow_symlinks: bool, progress: bool | None,
              as_json: bool) -> None:
    """Index the articles in PATH (a file or folder): only new and changed files are embedded."""
    from ..config import resolve

    with library_errors():
        settings = resolve(index_dir=index_dir, chroma_url=chroma_url, embed_model=embed_model,
                           max_file_mb=max_file_mb)
        index, _ = open_index_from(index_dir, chroma_url, embed_model or _env_model(), create=True)
        update, close = progress_bar(sys.stderr.isatty() if progress is None else progress)
        try:
            report = index.add(path, progress=update, max_file_mb=settings.max_file_mb, replace=replace,
                               follow_symlinks=follow_symlinks)
        finally:
            close()
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
    """The embedding model named by the environment or config file, or None for the
    default, so an existing index keeps the model it was built with."""
    from ..config import DEFAULT_EMBED_MODEL, resolve

    model = resolve().embed_model
    return None if model == DEFAULT_EMBED_MODEL else model


@click.command("info")
@index_dir_option()
@chroma_url_option()
@json_option()
def info_cmd(index_dir: Path | None, chroma_url: str | None, as_json: bool) -> None:
    """Show what is indexed: files, chunks, model, dates covered."""
    with library_errors():
        index, _ = open_index_from(index_dir, chroma_url)
        info = index.info()
    if as_json:
        click.echo(json.dumps(info.to_json()))
        return
    unfinished = "" if info.complete else "  (last run did not finish: re-run assistant index)"
    click.echo(f"index:     {info.index_dir}{unfinished}")
    click.echo(f"corpus:    {info.root}")
    click.echo(f"files:     {info.files} ({info.documents} articles)")
    click.echo(f"chunks:    {info.chunks}")
    made = f", vectors in {info.embed_precision}" if info.embed_precision else ""
    click.echo(f"model:     {info.embed_model} ({info.dimension} dimensions{made})")
    click.echo(f"dates:     {info.date_first or '?'} to {info.date_last or '?'}")
    click.echo(f"outlets:   {', '.join(info.outlets) or '(none named)'}")
    click.echo(f"store:     {info.chroma}")
