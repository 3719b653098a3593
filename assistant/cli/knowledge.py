"""``assistant entities``, ``quotes`` and ``timeline``: who is in the corpus, who said
what, and when things happened, read from the knowledge store the indexer keeps.

Options and the ``--json`` fields (``/api/entities``, ``/api/quotes`` and
``/api/timeline`` return the same) are a contract with outside scripts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..types import ENTITY_TYPES
from .options import (
    filter_options,
    filters_from,
    index_dir_option,
    json_option,
    k_option,
    library_errors,
    limit_option,
    open_index_from,
)


@click.command("entities")
@click.option("--type", "type_", type=click.Choice(ENTITY_TYPES), default=None, help="Only this kind of entity.")
@click.option("--name", default=None, metavar="TEXT", help="Only the entity with this name (any of its spellings).")
@limit_option("At most this many entities (most mentioned first).")
@index_dir_option()
@json_option()
def entities_cmd(type_: str | None, name: str | None, limit: int | None, index_dir: Path | None,
                 as_json: bool) -> None:
    """People, organisations, places and other names, merged across spellings."""
    with library_errors():
        index, _ = open_index_from(index_dir)
        found = index.entities(type=type_, name=name, limit=limit)
    if as_json:
        click.echo(json.dumps({"entities": [e.to_json() for e in found]}, ensure_ascii=False))
        return
    if not found:
        click.echo("no entities")
    for e in found:
        also = f" (also {', '.join(e.aliases[:5])})" if e.aliases else ""
        click.echo(f"{e.name} [{e.type}]{also}: {e.mentions} mentions in {e.articles} articles")


@click.command("quotes")
@click.option("--speaker", default=None, metavar="NAME", help="Only quotes by this person or organisation.")
@click.option("--about", default=None, metavar="TEXT", help="Rank the quotes by relevance to this text.")
@filter_options()
@limit_option("At most this many quotes.")
@index_dir_option()
@json_option()
def quotes_cmd(speaker: str | None, about: str | None, since: dt.date | None, until: dt.date | None,
               outlets: tuple[str, ...], sources: tuple[str, ...], limit: int | None, index_dir: Path | None,
               as_json: bool) -> None:
    """Who said what: quotes with their speakers, verbatim, with file and lines."""
    filters = filters_from(since, until, outlets, sources)
    with library_errors():
        index, _ = open_index_from(index_dir)
        found = index.quotes(speaker=speaker, about=about, filters=filters, limit=limit)
    if as_json:
        click.echo(json.dumps({"quotes": [q.to_json() for q in found]}, ensure_ascii=False))
        return
    if not found:
        click.echo("no quotes")
    for q in found:
        marks = ("“", "”") if q.kind == "direct" else ("", "")
        as_ = f" (as “{q.said_as}”)" if q.said_as and q.said_as != q.speaker else ""
        click.echo(f"{q.speaker}{as_} {q.verb or 'said'}: {marks[0]}{' '.join(q.quote.split())}{marks[1]}")
        click.echo(f"   {q.source} lines {q.line_start}-{q.line_end}" + (f" · {q.outlet}" if q.outlet else "")
                   + (f" · {q.date}" if q.date else ""))


@click.command("timeline")
@click.argument("query")
@k_option("Number of events.", maximum=200)
@filter_options()
@index_dir_option()
@json_option()
def timeline_cmd(query: str, k: int, since: dt.date | None, until: dt.date | None, outlets: tuple[str, ...],
                 sources: tuple[str, ...], index_dir: Path | None, as_json: bool) -> None:
    """The dated events relevant to QUERY, oldest first, each with its sentence."""
    filters = filters_from(since, until, outlets, sources)
    with library_errors():
        index, _ = open_index_from(index_dir)
        events = index.timeline(query, k=k, filters=filters)
    if as_json:
        click.echo(json.dumps({"query": query, "events": [e.to_json() for e in events]}, ensure_ascii=False))
        return
    if not events:
        click.echo("no dated events")
    for e in events:
        click.echo(f"{e.date} ({e.precision}, “{e.date_text}”): {' '.join(e.text.split())}")
        click.echo(f"   {e.source} lines {e.line_start}-{e.line_end}" + (f" · {e.outlet}" if e.outlet else ""))
