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

_index_dir = click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                          help="Index folder [env ASSISTANT_INDEX_DIR; default ./index].")
_k = click.option("-k", "k", type=click.IntRange(1, 50), default=5, show_default=True,
                  help="Passages retrieved for the answer.")
_llm_url = click.option("--llm-url", envvar="ASSISTANT_LLM_URL", default=None, metavar="URL",
                        help="OpenAI-compatible server, e.g. http://localhost:8080/v1 (key from "
                             "ASSISTANT_LLM_API_KEY or OPENAI_API_KEY) [env ASSISTANT_LLM_URL].")
_llm_model = click.option("--llm-model", envvar="ASSISTANT_LLM_MODEL", default=None, metavar="M",
                          help="Model name on that server [env ASSISTANT_LLM_MODEL].")
_ollama_model = click.option("--ollama-model", default=None, metavar="M",
                             help="Answer with this Ollama model (OLLAMA_HOST or localhost:11434).")
_timeout = click.option("--llm-timeout", type=float, default=None, metavar="SECONDS",
                        help="Give up on the model after this long [default 120].")


def _assistant(index_dir: Path | None, k: int, llm_url: str | None, llm_model: str | None,
               ollama_model: str | None, timeout: float | None) -> Any:
    from ..answer.assistant import Assistant
    from ..config import resolve

    settings = resolve(index_dir=index_dir)
    return Assistant.open(settings.index_dir, llm_url=llm_url, llm_model=llm_model,
                          ollama_model=ollama_model, k=k, timeout=timeout)


def format_answer(answer: Any) -> str:
    """An answer for the terminal: the text, then one line per citation."""
    lines = [answer.text]
    for c in answer.citations:
        meta = " · ".join(x for x in (c.title, c.outlet, c.date) if x)
        lines.append(f"  [{c.n}] {c.source} lines {c.line_start}-{c.line_end}" + (f" — {meta}" if meta else ""))
    for note in answer.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


@click.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_index_dir
@_k
@click.option("--history", multiple=True, metavar="Q",
              help="An earlier question of the conversation, oldest first (repeatable).")
@_llm_url
@_llm_model
@_ollama_model
@_timeout
def ask_cmd(question: str, as_json: bool, index_dir: Path | None, k: int, history: tuple[str, ...],
            llm_url: str | None, llm_model: str | None, ollama_model: str | None,
            llm_timeout: float | None) -> None:
    """Answer QUESTION from the indexed articles, citing file, lines and quoted words."""
    try:
        bot = _assistant(index_dir, k, llm_url, llm_model, ollama_model, llm_timeout)
        answer = bot.ask(question, history=list(history))
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        click.echo(format_answer(answer))


@click.command("chat")
@_index_dir
@_k
@_llm_url
@_llm_model
@_ollama_model
@_timeout
def chat_cmd(index_dir: Path | None, k: int, llm_url: str | None, llm_model: str | None,
             ollama_model: str | None, llm_timeout: float | None) -> None:
    """A conversation: one question per line on stdin, cited answers back; follow-ups
    ("what did they discuss?") are read in the light of earlier turns. Ctrl-D ends."""
    from ..answer.conversation import Conversation

    interactive = sys.stdin.isatty()
    try:
        bot = _assistant(index_dir, k, llm_url, llm_model, ollama_model, llm_timeout)
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc
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
        conversation.add(question, final.text if final.answered else "")
