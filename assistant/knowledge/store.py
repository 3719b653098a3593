"""The knowledge store: entities, mentions, quotes and events in SQLite beside the index.

Written by the indexer file by file, each file in one transaction that replaces what an
earlier version of it said, and committed before the manifest lists the file: a run
killed at any point leaves every listed file's facts whole, and the next run redoes the
rest (replacing is idempotent). Mentions are merged into entities (``names.resolve``)
at the end of a run, in one transaction. The schema is versioned: a store of another
version is rebuilt by the next ``assistant index`` (its files are read again; nothing is
embedded again). Every call opens its own connection, so the API's threads can read
while the indexer writes (WAL).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .names import RESOLVER_VERSION, Mention, canonical, fold, resolve
from .sqlite_file import SqliteFile

if TYPE_CHECKING:
    from .extract import ArticleFacts

FILENAME = "knowledge.sqlite"
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    doc TEXT PRIMARY KEY, source TEXT NOT NULL, record INTEGER, title TEXT, outlet TEXT, date TEXT);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, source TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, section TEXT NOT NULL,
    text TEXT NOT NULL, kind TEXT NOT NULL, entity INTEGER);
CREATE INDEX IF NOT EXISTS mentions_source ON mentions(source);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, source TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, section TEXT NOT NULL,
    quote TEXT NOT NULL, kind TEXT NOT NULL, verb TEXT, said_as TEXT, mention INTEGER);
CREATE INDEX IF NOT EXISTS quotes_source ON quotes(source);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, source TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, section TEXT NOT NULL,
    text TEXT NOT NULL, date_text TEXT NOT NULL, date TEXT, precision TEXT);
CREATE INDEX IF NOT EXISTS events_source ON events(source);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, aliases TEXT NOT NULL,
    mentions INTEGER NOT NULL, articles INTEGER NOT NULL, sources TEXT NOT NULL,
    body INTEGER NOT NULL, sidebar INTEGER NOT NULL, names TEXT NOT NULL);
"""
_TABLES = ("articles", "mentions", "quotes", "events", "entities")


class KnowledgeStore(SqliteFile):
    """The knowledge of the index in ``index_dir``."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir, FILENAME)

    def version(self) -> int | None:
        if not self.exists():
            return None
        with self._connect() as db:
            try:
                row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.DatabaseError:
                return None
        return int(row[0]) if row else None

    def open_for_writing(self, model: str) -> None:
        """Create the store, or rebuild one of another schema or pipeline (its files are
        then read again by the indexer, which sees they are missing)."""
        self.discard_if_unreadable()
        current = self.version()
        with self._connect(write=True) as db, db:
            stale = current != SCHEMA_VERSION or self._meta(db, "model") != model
            if stale:
                for table in (*_TABLES, "meta"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            db.executescript(_SCHEMA)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)", (model,))

    def entities_token(self, db: sqlite3.Connection) -> str:
        """Changes whenever the entities are merged anew (a store from before the token
        existed answers with its counts)."""
        token = self._meta(db, "entities")
        if token is None:
            counts = db.execute("SELECT count(*), sum(mentions), max(id) FROM entities").fetchone()
            token = "/".join(str(x) for x in counts)
        return token

    def sources(self) -> set[str]:
        """The files whose facts are stored."""
        if self.version() != SCHEMA_VERSION:
            return set()
        with self._connect() as db:
            return {r[0] for r in db.execute("SELECT DISTINCT source FROM articles")}

    # -- writing (the indexer holds the write lock) ---------------------------------------
    def replace(self, source: str, facts: Sequence[ArticleFacts]) -> None:
        """Store what ``source`` says now, in place of what it said before: one transaction."""
        with self._connect(write=True) as db, db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved', '0')")
            _delete(db, [source])
            for f in facts:
                a = f.article
                db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                           (a.doc_id, source, a.record, a.title, a.outlet, a.date))
                ids = []
                for m in f.mentions:
                    lines = a.lines_of(m.start, m.end)
                    cur = db.execute('INSERT INTO mentions (doc, source, start, "end", line_start, line_end, section, '
                                     "text, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     (a.doc_id, source, m.start, m.end, *lines, m.section, m.text, m.kind))
                    ids.append(cur.lastrowid)
                for q in f.quotes:
                    db.execute('INSERT INTO quotes (doc, source, start, "end", line_start, line_end, section, quote, '
                               "kind, verb, said_as, mention) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (a.doc_id, source, q.start, q.end, *a.lines_of(q.start, q.end), q.section,
                                a.text[q.start:q.end], q.kind, q.verb, q.said_as,
                                ids[q.speaker] if q.speaker is not None else None))
                for e in f.events:
                    db.execute('INSERT INTO events (doc, source, start, "end", line_start, line_end, section, text, '
                               "date_text, date, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (a.doc_id, source, e.start, e.end, *a.lines_of(e.start, e.end), e.section,
                                a.text[e.start:e.end], e.date_text, e.date, e.precision))

    def remove(self, sources: Iterable[str]) -> None:
        sources = list(sources)
        if sources and self.exists():
            with self._connect(write=True) as db, db:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved', '0')")
                _delete(db, sources)

    def clear(self) -> None:
        if self.exists():
            with self._connect(write=True) as db, db:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved', '0')")
                for table in _TABLES:
                    db.execute(f"DELETE FROM {table}")

    def resolved(self) -> bool:
        """Whether the mentions were merged since the last change (a killed run may not
        have), by the merging rules of this version (an index run merges them anew, in
        seconds, when the rules have changed since)."""
        with self._connect() as db:
            return self._meta(db, "resolved") == "1" and self._meta(db, "resolver") == str(RESOLVER_VERSION)

    def resolve(self) -> None:
        """Merge every mention into entities, anew (one transaction)."""
        with self._connect(write=True) as db, db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved', '1')")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('resolver', ?)", (str(RESOLVER_VERSION),))
            # Readers cache the entities' names; a new token tells them the cache is stale.
            db.execute("INSERT OR REPLACE INTO meta VALUES ('entities', ?)", (uuid.uuid4().hex,))
            rows = db.execute("SELECT id, doc, start, text, kind, section, source FROM mentions ORDER BY id").fetchall()
            clusters = resolve([Mention(*r) for r in rows])
            db.execute("DELETE FROM entities")
            db.execute("UPDATE mentions SET entity = NULL")
            for n, cluster in enumerate(clusters, start=1):
                name, aliases = canonical(cluster)
                sections: dict[str, int] = defaultdict(int)
                for m in cluster.members:
                    sections[m.section] += 1
                sources = sorted({m.source for m in cluster.members})
                names = sorted({fold(x) for x in (name, *aliases)})
                db.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (n, name, cluster.kind, json.dumps(aliases), len(cluster.members),
                            len({m.doc for m in cluster.members}), json.dumps(sources),
                            sections.get("body", 0), sections.get("sidebar", 0), "\n".join(names)))
                db.executemany("UPDATE mentions SET entity = ? WHERE id = ?", [(n, m.id) for m in cluster.members])

    # -- reading ----------------------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection; ``ConfigError`` (what to run) when there is no store."""
        missing = ConfigError(f"this index has no knowledge store ({self.path} missing or older); "
                              "run assistant index on its folder again (nothing is embedded again)")
        if not self.exists():
            raise missing
        with self._connect() as db:  # one connection: checked, then read
            if self._meta(db, "schema") != str(SCHEMA_VERSION):
                raise missing
            yield db


def _delete(db: sqlite3.Connection, sources: list[str]) -> None:
    marks = ",".join("?" * len(sources))
    for table in ("articles", "mentions", "quotes", "events"):
        db.execute(f"DELETE FROM {table} WHERE source IN ({marks})", sources)
