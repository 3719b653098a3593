"""``assistant search``: the passages that best match a query, with file, lines and score.

Options and the ``--json`` fields (the API's ``/api/search`` returns the same) are a
contract with outside scripts. Heavy libraries are imported inside the command so
``--help`` stays instant; library errors become one ``Error:`` line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from .options import (
    chroma_url_option,
    index_dir_option,
    json_option,
    k_option,
    library_errors,
    open_index_from,
    ranker_option,
)


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param=param) from None


@click.command("search")
@click.argument("query")
@k_option("Number of hits.", maximum=1000)
@click.option("--since", callback=_date, default=None, metavar="DATE", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", callback=_date, default=None, metavar="DATE", help="Published on or before (YYYY-MM-DD).")
@click.option("--outlet", "outlets", multiple=True, metavar="NAME", help="Only this outlet (repeatable).")
@click.option("--source", "sources", multiple=True, metavar="FILE", help="Only this file or folder (repeatable).")
@index_dir_option()
@chroma_url_option()
@ranker_option()
@json_option()
def search_cmd(query: str, k: int, since: dt.date | None, until: dt.date | None,
               outlets: tuple[str, ...], sources: tuple[str, ...], index_dir: Path | None,
               chroma_url: str | None, ranker: str | None, as_json: bool) -> None:
    """Find the passages that best match QUERY."""
    from ..types import Filters

    if since and until and since > until:
        raise click.BadParameter("--since is after --until; swap them", param_hint="--since")
    with library_errors():
        index, _ = open_index_from(index_dir, chroma_url, ranker=ranker)
        hits = index.search(query, k=k, filters=Filters(since, until, outlets, sources))
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
