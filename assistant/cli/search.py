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
    all_copies_option,
    chroma_url_option,
    filter_options,
    filters_from,
    index_dir_option,
    json_option,
    k_option,
    library_errors,
    open_index_from,
    ranker_option,
)


@click.command("search")
@click.argument("query")
@k_option("Number of hits.", maximum=1000)
@filter_options()
@click.option("--entity", default=None, metavar="NAME",
              help="Only passages mentioning this person, organisation or place (any of its names).")
@all_copies_option()
@index_dir_option()
@chroma_url_option()
@ranker_option()
@json_option()
def search_cmd(query: str, k: int, since: dt.date | None, until: dt.date | None,
               outlets: tuple[str, ...], sources: tuple[str, ...], entity: str | None, all_copies: bool,
               index_dir: Path | None, chroma_url: str | None, ranker: str | None, as_json: bool) -> None:
    """Find the passages that best match QUERY."""
    filters = filters_from(since, until, outlets, sources)
    with library_errors():
        index, _ = open_index_from(index_dir, chroma_url, ranker=ranker)
        hits = index.search(query, k=k, filters=filters, entity=entity, all_copies=all_copies)
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
        for copy in hit.copies:
            meta = " · ".join(x for x in (copy.outlet, copy.date) if x)
            click.echo(f"   also printed: {copy.source}" + (f" — {meta}" if meta else "")
                       + (" (first published)" if copy.origin else ""))
