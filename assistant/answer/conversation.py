"""Conversation: a bounded history of turns, and follow-up questions made standalone.

"What did they discuss?" means nothing to a retriever. With a language model the
question and recent turns go through the condense prompt (``prompts/condense.txt``);
without one, a "he" or an "it" that means what the last answer named is replaced by it
("On what date did he arrive?" after "Which minister visited Kyiv?", answered "Sébastien
Lecornu", becomes "On what date did Sébastien Lecornu arrive?"; ``pointing``). What still
points back gets the names and topic words of the recent turns carried along as context:
``What did they discuss? (context: Who met Umerov in Brussels?)``. The earlier question's
words are then only context, never the question's own: carried along in full, they would
outweigh what is asked. A question that names its own subject and points back at nothing
is left alone. Does not retrieve.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..types import Query
from .lexicon import STOPWORDS
from .mentions import names
from .pointing import resolved

MAX_TURNS = 6  # turns kept; the condense prompt and carried context use the last few
CARRY_TURNS = 2

_POINTING = re.compile(
    r"\b(they|them|their|he|him|his|she|her|it|its|this|that|these|those|there|then|the same|"
    r"the company|the minister|the two|both|such|former|latter|else|also|too)\b", re.I)


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str = ""
    short: str | None = None  # the answer itself, as ``Answer.short`` gave it ("Sébastien Lecornu")

    @classmethod
    def of(cls, question: str, answer: Any) -> Turn:
        """The turn a chat keeps of ``question`` and its ``Answer`` (a refusal keeps none)."""
        return cls(question, answer.text, answer.short) if answer.answered else cls(question)


class Conversation:
    """The last ``max_turns`` turns of a chat, oldest first."""

    def __init__(self, max_turns: int = MAX_TURNS, turns: Iterable[Turn | str] = ()) -> None:
        self.max_turns = max_turns
        self._turns: deque[Turn] = deque(maxlen=max_turns)
        for turn in turns:
            self.add(turn)

    def add(self, turn: Turn | str, answer: str = "") -> None:
        self._turns.append(turn if isinstance(turn, Turn) else Turn(turn, answer))

    @property
    def turns(self) -> list[Turn]:
        return list(self._turns)

    def __len__(self) -> int:
        return len(self._turns)


def as_turns(history: Sequence[Turn | str] | Conversation | None, max_turns: int = MAX_TURNS) -> list[Turn]:
    """History in any accepted form (questions, turns, a Conversation), bounded."""
    if history is None:
        return []
    if isinstance(history, Conversation):
        return history.turns[-max_turns:]
    return [t if isinstance(t, Turn) else Turn(str(t)) for t in history][-max_turns:]


def needs_context(question: str) -> bool:
    """Does the question point back at earlier turns, or lack a subject of its own?"""
    main = question.strip()
    if _POINTING.search(main):
        return True
    content = [w for w in re.findall(r"[\w'-]+", main.lower()) if w not in STOPWORDS]
    return len(content) < 2


def carried_context(turns: Sequence[Turn]) -> str:
    """The earlier questions (and the names their answers gave), most recent last."""
    recent = turns[-CARRY_TURNS:]
    parts = [t.question.strip() for t in recent]
    if recent and recent[-1].answer:
        text = recent[-1].answer
        found = dict.fromkeys(text[f.start:f.end] for f in names(text))
        if found:
            parts.append(", ".join(list(found)[:6]))
    return " ".join(p.strip() for p in parts if p.strip())


def standalone(question: str, history: Sequence[Turn | str] | Conversation | None = None,
               llm: Any | None = None) -> Query:
    """The question rewritten to stand alone for retrieval and answering."""
    turns = as_turns(history)
    question = " ".join(question.split())
    if not turns or not needs_context(question):
        return Query(question)
    if llm is not None:
        return Query(condense_with_llm(question, turns, llm))
    named = resolved(question, turns[-1].question, turns[-1].short)
    if not needs_context(named):
        return Query(named)
    return Query(named, carried_context(turns))


def condense_with_llm(question: str, turns: Sequence[Turn], llm: Any) -> str:
    """Ask the model for a standalone question (``prompts/condense.txt``)."""
    from .llm import complete
    from .prompting import render

    history = "\n".join(f"Q: {t.question}" + (f"\nA: {t.answer}" if t.answer else "") for t in turns)
    prompt = render("condense", history=history, question=question)
    rewritten = complete(llm, prompt).strip().strip('"').splitlines()
    return rewritten[0].strip() if rewritten and rewritten[0].strip() else question
