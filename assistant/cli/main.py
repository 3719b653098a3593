"""The command line's entry point: the ``assistant`` group and the commands it holds.

Each command group lives in its own module (``index``: index and info; ``search``;
``answer``: ask, chat and corroborate; ``evaluate``: eval; ``knowledge``: entities, quotes, timeline;
``knowledge_eval``: eval-knowledge and eval-copies; ``serve``), and the options they share are
declared once in ``options``. Commands are added here, explicitly, so this file is the
list of what ``assistant`` can do. Command names, options and JSON fields are a contract
with outside scripts; heavy libraries are imported inside commands so ``--help`` stays
instant.
"""

from __future__ import annotations

import sys

import click

from .answer import ask_cmd, chat_cmd, corroborate_cmd
from .evaluate import eval_cmd
from .index import index_cmd, info_cmd
from .knowledge import entities_cmd, quotes_cmd, timeline_cmd
from .knowledge_eval import eval_copies_cmd, eval_knowledge_cmd
from .search import search_cmd
from .serve import serve_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsroom-assistant")
def cli() -> None:
    """A research assistant over news articles: search them, with sources and lines."""


for _command in (index_cmd, info_cmd, search_cmd, entities_cmd, quotes_cmd, timeline_cmd, ask_cmd, chat_cmd,
                 corroborate_cmd, eval_cmd, eval_knowledge_cmd, eval_copies_cmd, serve_cmd):
    cli.add_command(_command)


def main() -> None:
    """The console script ``assistant`` (and ``python -m assistant``)."""
    try:
        cli(prog_name="assistant")
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the index is safe, re-run to finish", err=True)
        sys.exit(130)
