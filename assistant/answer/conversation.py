"""Conversation: a bounded history of turns, and follow-up questions made standalone.

"What did they discuss?" means nothing to a retriever. With a language model the
question and recent turns go through the condense prompt (``prompts/condense.txt``);
without one, a "he", "his", "it" or "its" that can only mean what the last answer named
is replaced by it ("On what date did he arrive?" after "Which minister visited Kyiv?",
answered "Sébastien Lecornu", becomes "On what date did Sébastien Lecornu arrive?"), and
"that hospital" by how the last question named it ("Northgate hospital"). What still
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
from .language import STOPWORDS, classify
from .mentions import names

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


_PERSON = re.compile(r"\b(he|him|his|she|hers|her)\b(\s+[\w'-]+)?", re.I)
_THING = re.compile(r"\b(it|its)\b", re.I)
_THAT_NOUN = re.compile(r"\b(?:that|this|the same)\s+([a-z][\w-]+)\b")
_NOT_A_NAME = frozenset({"yes", "no", "before", "after", "true", "false"})
# A name is short, and a question points back a few times at most: bounds on what a
# caller's history can make of one question (an API turn's ``short`` is the caller's text).
MAX_NAME_CHARS, MAX_NAME_WORDS, MAX_REPLACED = 80, 6, 3


def referent(turn: Turn) -> tuple[str, str] | None:
    """``(kind, name)`` of what ``turn``'s answer named first, where its question asked
    for a person ("person") or a named thing ("entity"): what a "he" or an "it" after it means."""
    kind = classify(turn.question)[0]
    first = (turn.short or "").split(", ")[0].strip()
    if kind not in ("person", "entity") or not first[:1].isupper() or first.lower() in _NOT_A_NAME \
            or len(first) > MAX_NAME_CHARS or len(first.split()) > MAX_NAME_WORDS:
        return None
    return kind, first


def resolved(question: str, turns: Sequence[Turn]) -> str:
    """``question`` with what it points at named, where the last turn says what that is
    (see the module); otherwise unchanged."""
    if not turns:
        return question
    last = turns[-1]
    named = referent(last)
    if named is not None and named[0] == "person" and _one_person(question):
        def person(m: re.Match[str]) -> str:
            after = m.group(2) or ""
            return f"{named[1]}'s{after}" if _owner(m) else f"{named[1]}{after}"
        question = _PERSON.sub(person, question, count=MAX_REPLACED)
    elif named is not None:
        question = _THING.sub(lambda m: f"{named[1]}'s" if m.group(1).lower() == "its" else named[1], question,
                              count=MAX_REPLACED)
    for m in reversed(list(_THAT_NOUN.finditer(question))[:MAX_REPLACED]):
        # "that hospital" after "… at Northgate hospital …": the hospital the last question named
        before = re.search(rf"((?:\b[A-Z][\w'-]*\s+){{1,{MAX_NAME_WORDS}}}){re.escape(m.group(1))}\b", last.question)
        if before is not None and before.group(1).split()[0].lower() not in STOPWORDS:
            question = f"{question[:m.start()]}{before.group(0)}{question[m.end():]}"
    return question


def _owner(m: re.Match[str]) -> bool:
    """Whether the pronoun ``_PERSON`` matched says whose: "his role", "her counterpart";
    not "told her" or "her."."""
    word, follows = m.group(1).lower(), (m.group(2) or "").strip().lower()
    return word in {"his", "hers"} or (word == "her" and follows != "" and follows not in STOPWORDS)


def _one_person(question: str) -> bool:
    """Whether the question's personal pronouns can all mean one person: not "he" and
    "she" together, nor a "he" and a "him" ("What did he discuss with him?": two people)."""
    said = {(m.group(1).lower(), _owner(m)) for m in _PERSON.finditer(question)}
    words = {w for w, _ in said}
    male, female = words & {"he", "him", "his"}, words & {"she", "her", "hers"}
    objects = {w for w, owner in said if w in {"him", "her"} and not owner}
    return not (male and female) and not ("he" in words and "him" in objects) \
        and not ("she" in words and "her" in objects)


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
    named = resolved(question, turns)
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
