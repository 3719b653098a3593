"""Research threads: conversations kept across reloads and restarts, in ``threads.sqlite``
beside the index, per user.

A thread is its title and its turns, each turn the question and the whole answer (text,
citations, passages, copies, conflicts) as the journalist saw it, so a thread reopened
tomorrow shows the same quotes and its follow-ups are read with the same answers. The
user is the name the caller gives (``X-Assistant-User`` over HTTP) or its role; it keeps
one person's threads apart from another's on a shared desk, and is a label, not a
credential (tokens are what the server checks). Limits keep a hostile caller from
filling the disk: ``MAX_THREADS`` per user, ``MAX_TURNS`` per thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AssistantError, ConfigError
from ..knowledge.sqlite_file import SqliteFile
from ..types import Answer, Assumption, Citation, Conflict, ConflictValue, Copy, Hit

FILENAME = "threads.sqlite"
MAX_THREADS = 500
MAX_TURNS = 200
MAX_TITLE = 200
_USER = re.compile(r"^[\w.@+-]{1,100}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS threads (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS threads_user ON threads(user, updated);
CREATE TABLE IF NOT EXISTS turns (
    thread TEXT NOT NULL, n INTEGER NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    PRIMARY KEY (thread, n));
"""


class ThreadNotFoundError(AssistantError):
    """No thread of this user has that id (HTTP 404)."""


@dataclass(frozen=True)
class Thread:
    id: str
    title: str
    created: str
    updated: str
    turns: tuple[tuple[str, Answer], ...] = ()
    size: int = 0  # turns, when they were not read

    def to_json(self, turns: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title, "created": self.created,
                               "updated": self.updated, "turns": len(self.turns) or self.size}
        if turns:
            out["turns"] = [{"question": q, "answer": a.to_json()} for q, a in self.turns]
        return out


def check_user(user: str) -> str:
    """``user`` when it is a usable thread owner name, else ``ConfigError`` saying what is."""
    if not _USER.match(user or ""):
        raise ConfigError("a user id is 1 to 100 letters, digits or . @ + - _; send another X-Assistant-User")
    return user


class ThreadStore(SqliteFile):
    """The threads of the index in ``index_dir``."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir, FILENAME)
        self._ready = False

    def _open(self) -> None:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect(write=True) as db, db:
                db.executescript(_SCHEMA)
            self._ready = True

    def create(self, user: str, title: str = "") -> Thread:
        self._open()
        now = _now()
        thread = Thread(uuid.uuid4().hex, _title(title) or "New thread", now, now)
        with self._connect(write=True) as db, db:
            (count,) = db.execute("SELECT count(*) FROM threads WHERE user = ?", (check_user(user),)).fetchone()
            if count >= MAX_THREADS:
                raise ConfigError(f"{user} has {MAX_THREADS} threads, the most kept; delete some first")
            db.execute("INSERT INTO threads VALUES (?, ?, ?, ?, ?)",
                       (thread.id, user, thread.title, thread.created, thread.updated))
        return thread

    def list(self, user: str) -> list[Thread]:
        """``user``'s threads, the most recently used first (their turns not read)."""
        if not self.exists():
            return []
        self._open()
        with self._connect() as db:
            rows = db.execute("SELECT t.id, t.title, t.created, t.updated, count(u.n) FROM threads t "
                              "LEFT JOIN turns u ON u.thread = t.id WHERE t.user = ? GROUP BY t.id "
                              "ORDER BY t.updated DESC, t.id", (check_user(user),)).fetchall()
        return [Thread(i, title, c, u, size=n) for i, title, c, u, n in rows]

    def get(self, user: str, thread_id: str) -> Thread:
        self._open()
        with self._connect() as db:
            row = self._row(db, user, thread_id)
            turns = db.execute("SELECT question, answer FROM turns WHERE thread = ? ORDER BY n",
                               (thread_id,)).fetchall()
        return Thread(*row, turns=tuple((q, answer_from_state(json.loads(a))) for q, a in turns))

    def add_turn(self, user: str, thread_id: str, question: str, answer: Answer) -> Thread:
        """Append a question and its answer; the thread is named after its first question."""
        self._open()
        with self._connect(write=True) as db, db:
            _, title, _, _ = self._row(db, user, thread_id)
            (n,) = db.execute("SELECT count(*) FROM turns WHERE thread = ?", (thread_id,)).fetchone()
            if n >= MAX_TURNS:
                raise ConfigError(f"this thread has {MAX_TURNS} turns, the most kept; start a new thread")
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?)",
                       (thread_id, n, question, json.dumps(answer_state(answer), ensure_ascii=False)))
            if n == 0 and title == "New thread":
                db.execute("UPDATE threads SET title = ? WHERE id = ?", (_title(question), thread_id))
            db.execute("UPDATE threads SET updated = ? WHERE id = ?", (_now(), thread_id))
        return self.get(user, thread_id)

    def rename(self, user: str, thread_id: str, title: str) -> Thread:
        if not _title(title):
            raise ConfigError("a thread's title must not be blank")
        self._open()
        with self._connect(write=True) as db, db:
            self._row(db, user, thread_id)
            db.execute("UPDATE threads SET title = ?, updated = ? WHERE id = ?", (_title(title), _now(), thread_id))
        return self.get(user, thread_id)

    def delete(self, user: str, thread_id: str) -> None:
        self._open()
        with self._connect(write=True) as db, db:
            self._row(db, user, thread_id)
            db.execute("DELETE FROM turns WHERE thread = ?", (thread_id,))
            db.execute("DELETE FROM threads WHERE id = ?", (thread_id,))

    @staticmethod
    def _row(db: Any, user: str, thread_id: str) -> tuple[str, str, str, str]:
        row = db.execute("SELECT id, title, created, updated FROM threads WHERE id = ? AND user = ?",
                         (thread_id, check_user(user))).fetchone()
        if row is None:
            raise ThreadNotFoundError(f"no thread {thread_id[:40]!r} for {user}; list them with GET /api/threads")
        return row


def export_markdown(thread: Thread) -> str:
    """The thread as Markdown: each question, its answer, and its citations (file, lines, quote)."""
    from ..answer.receipt import md_text

    lines = [f"# {md_text(thread.title)}", "", f"Started {thread.created}, last asked {thread.updated}.", ""]
    for question, answer in thread.turns:
        lines += [f"## {md_text(question)}", "", md_text(answer.text), ""]
        for c in answer.citations:
            where = f"{c.source}" + (f" record {c.record}" if c.record is not None else "")
            meta = ", ".join(x for x in (c.outlet, c.date) if x)
            lines.append(f"- [{c.n}] {md_text(where)}, lines {c.line_start}-{c.line_end}"
                         + (f" ({md_text(meta)})" if meta else "") + f": “{md_text(c.quote)}”")
        lines.append("")
    return "\n".join(lines)


# -- an answer kept whole -------------------------------------------------------------------

def answer_state(answer: Answer) -> dict[str, Any]:
    """Everything of ``answer``, as JSON-ready data (``answer_from_state`` reads it back)."""
    return dataclasses.asdict(answer)


def answer_from_state(data: dict[str, Any]) -> Answer:
    def hit(h: dict[str, Any]) -> Hit:
        return Hit(**{**h, "copies": tuple(Copy(**c) for c in h.get("copies", ()))})

    return Answer(**{
        **data,
        "citations": tuple(Citation(**c) for c in data.get("citations", ())),
        "hits": tuple(hit(h) for h in data.get("hits", ())),
        "notes": tuple(data.get("notes", ())),
        "conflicts": tuple(Conflict(c["about"], tuple(ConflictValue(v["value"], tuple(v["citations"]))
                                                      for v in c["values"])) for c in data.get("conflicts", ())),
        "assumed": tuple(Assumption(**a) for a in data.get("assumed", ())),
    })


def _title(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
