"""``assistant ask`` and ``assistant chat``: cited answers on the command line.

Names, options and JSON fields are a contract (the eval runner reads the same JSON).
Heavy imports happen inside the commands; library errors become one ``Error:`` line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import AssistantError
from .options import (
    all_copies_option,
    filter_options,
    filters_from,
    index_dir_option,
    json_option,
    k_option,
    library_errors,
    llm_options,
)

_PASSAGES = "Passages retrieved for the answer."
# ask and chat name where the key for --llm-url comes from; serve words it without.
_LLM_URL_HELP = ("OpenAI-compatible server, e.g. http://localhost:8080/v1 (key from "
                 "ASSISTANT_LLM_API_KEY or OPENAI_API_KEY) [env ASSISTANT_LLM_URL].")


def _assistant(index_dir: Path | None, k: int, llm_url: str | None, llm_model: str | None,
               ollama_model: str | None, timeout: float | None) -> Any:
    """The engine for ``ask`` and ``chat``; ``Assistant.open`` picks the answerer with
    ``answer.backends.answerer_for``, the factory the server and UI use too."""
    from ..answer.assistant import Assistant
    from ..config import resolve

    settings = resolve(index_dir=index_dir)
    return Assistant.open(settings.index_dir, llm_url=llm_url, llm_model=llm_model,
                          ollama_model=ollama_model, k=k, timeout=timeout)


def format_answer(answer: Any) -> str:
    """An answer for the terminal: the short answer, the text, then one line per citation."""
    lines = [answer.text]
    if answer.short and answer.short != answer.text:
        lines.insert(0, f"Answer: {answer.short}")
    for c in answer.citations:
        meta = " · ".join(x for x in (c.title, c.outlet, c.date) if x)
        lines.append(f"  [{c.n}] {c.source} lines {c.line_start}-{c.line_end}" + (f" — {meta}" if meta else ""))
    for note in answer.notes:
        lines.append(f"  note: {note}")
    for a in answer.assumed:
        undo = f"undo with --ignore '{a.key}'" if a.applied else "ignored"
        lines.append(f"  read into the question: {a.kind} {a.label} ({undo})")
    return "\n".join(lines)


@click.command("ask")
@click.argument("question")
@json_option()
@index_dir_option()
@k_option(_PASSAGES, maximum=50)
@click.option("--history", multiple=True, metavar="Q",
              help="An earlier question of the conversation, oldest first (repeatable).")
@all_copies_option()
@click.option("--ignore", multiple=True, metavar="KEY",
              help="Do not read this into the question: a key of the answer's \"assumed\" list, e.g. "
                   "outlet:the verge, date:2023-10-05, context (repeatable).")
@click.option("--receipt", "receipt_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Also write a verification receipt (.md, .csv or .json, by the name): every "
                                   "quote checked against its file, with lines, outlet, date, URL, copies, conflicts.")
@llm_options(_LLM_URL_HELP)
def ask_cmd(question: str, as_json: bool, index_dir: Path | None, k: int, history: tuple[str, ...],
            all_copies: bool, ignore: tuple[str, ...], receipt_path: Path | None, llm_url: str | None,
            llm_model: str | None, ollama_model: str | None, llm_timeout: float | None) -> None:
    """Answer QUESTION from the indexed articles, citing file, lines and quoted words."""
    with library_errors():
        if receipt_path is not None:
            from ..answer.receipt import format_of

            fmt = format_of(receipt_path)  # before the work: a wrong name fails at once
        bot = _assistant(index_dir, k, llm_url, llm_model, ollama_model, llm_timeout)
        from ..types import Filters

        filters = Filters(ignore=frozenset(ignore)) if ignore else None
        answer = bot.ask(question, history=list(history), filters=filters, all_copies=all_copies)
        if receipt_path is not None:
            _write_receipt(bot, answer, receipt_path, fmt)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        click.echo(format_answer(answer))


def _write_receipt(bot: Any, answer: Any, path: Path, fmt: str) -> None:
    from ..answer.receipt import build
    from ..errors import ConfigError

    text = build(answer, bot.sources.root, bot.sources.texts).render(fmt)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the receipt to {path} ({exc.strerror}); pass a writable path") from None


@click.command("corroborate")
@click.argument("claim")
@click.option("-k", "k", type=click.IntRange(1, 200), default=20, show_default=True,
              help="Passages searched (every printing of each story).")
@filter_options()
@index_dir_option()
@json_option()
def corroborate_cmd(claim: str, k: int, since: Any, until: Any, outlets: tuple[str, ...], sources: tuple[str, ...],
                    index_dir: Path | None, as_json: bool) -> None:
    """Which independent reports support CLAIM, which contradict it, and which only repeat
    a copy of another, each with the sentence that says so."""
    with library_errors():
        bot = _assistant(index_dir, 5, None, None, None, None)
        found = bot.corroborate(claim, k=k, filters=filters_from(since, until, outlets, sources))
    if as_json:
        click.echo(json.dumps(found.to_json(), ensure_ascii=False))
        return
    lines = [f"Claim: {claim}"]
    for title, reports in (("Supported by", found.supporting), ("Contradicted by", found.contradicting),
                           ("Related, neither", found.related), ("Repeats of a copy", found.repeats)):
        lines.append(f"{title}: {len(reports)}")
        for r in reports:
            meta = " · ".join(x for x in (r.hit.outlet, r.hit.date) if x)
            lines.append(f"  {r.hit.source} lines {r.lines[0]}-{r.lines[1]}" + (f" — {meta}" if meta else "")
                         + (f" (copy of {r.copy_of})" if r.copy_of else ""))
            lines.append(f"    “{r.quote}”")
    click.echo("\n".join(lines))


@click.command("chat")
@index_dir_option()
@k_option(_PASSAGES, maximum=50)
@llm_options(_LLM_URL_HELP)
def chat_cmd(index_dir: Path | None, k: int, llm_url: str | None, llm_model: str | None,
             ollama_model: str | None, llm_timeout: float | None) -> None:
    """A conversation: one question per line on stdin, cited answers back; follow-ups
    ("what did they discuss?") are read in the light of earlier turns. Ctrl-D ends."""
    from ..answer.conversation import Conversation, Turn

    interactive = sys.stdin.isatty()
    with library_errors():
        bot = _assistant(index_dir, k, llm_url, llm_model, ollama_model, llm_timeout)
    conversation = Conversation()
    while True:
        if interactive:
            click.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question in {"/quit", "/exit"}:
            break
        try:
            final = None
            streamed = []
            for part in bot.ask_stream(question, history=conversation):
                if isinstance(part, str):
                    streamed.append(part)
                    if bot.answerer.name != "extractive":
                        click.echo(part, nl=False)
                else:
                    final = part
        except AssistantError as exc:
            click.echo(f"Error: {exc}", err=True)
            continue
        if final is None:
            continue
        if bot.answerer.name != "extractive":
            click.echo("")
            if "".join(streamed).strip() != final.text.strip():
                click.echo("-- after the citation check:")
        click.echo(format_answer(final))
        click.echo("")
        conversation.add(Turn.of(question, final))
