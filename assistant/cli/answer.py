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
from .options import index_dir_option, json_option, k_option, library_errors, llm_options

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
    return "\n".join(lines)


@click.command("ask")
@click.argument("question")
@json_option()
@index_dir_option()
@k_option(_PASSAGES, maximum=50)
@click.option("--history", multiple=True, metavar="Q",
              help="An earlier question of the conversation, oldest first (repeatable).")
@llm_options(_LLM_URL_HELP)
def ask_cmd(question: str, as_json: bool, index_dir: Path | None, k: int, history: tuple[str, ...],
            llm_url: str | None, llm_model: str | None, ollama_model: str | None,
            llm_timeout: float | None) -> None:
    """Answer QUESTION from the indexed articles, citing file, lines and quoted words."""
    with library_errors():
        bot = _assistant(index_dir, k, llm_url, llm_model, ollama_model, llm_timeout)
        answer = bot.ask(question, history=list(history))
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        click.echo(format_answer(answer))


@click.command("chat")
@index_dir_option()
@k_option(_PASSAGES, maximum=50)
@llm_options(_LLM_URL_HELP)
def chat_cmd(index_dir: Path | None, k: int, llm_url: str | None, llm_model: str | None,
             ollama_model: str | None, llm_timeout: float | None) -> None:
    """A conversation: one question per line on stdin, cited answers back; follow-ups
    ("what did they discuss?") are read in the light of earlier turns. Ctrl-D ends."""
    from ..answer.conversation import Conversation

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
        conversation.add(question, final.text if final.answered else "")
