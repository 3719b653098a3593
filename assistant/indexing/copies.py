"""The copies store: each article's shingles, and the clusters of reprints
(``knowledge.copies``), in SQLite beside the index.

Written like the knowledge store: a file's articles in one transaction that replaces what
an earlier version held, committed before the manifest lists the file, so a run killed at
any point leaves every listed file's rows whole. The pairs of copies are kept: at the
end of a run that changed anything, only the articles it stored are paired with the rest
(their shingles looked up in the stored ones, kept sorted in files: ``shingle_files``)
and the clusters are grouped again from all pairs; a first run, or a store without pairs,
clusters every stored article (1.1% of a MultiHop-RAG indexing run,
``benchmarks/bench_copies.py``). A run killed before that leaves ``clustered`` unset and
the next run clusters. Readers get a ``CopyMap`` of the last clustering, read once per
change.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ingest.documents import BODY, Article
from ..knowledge import copies
from ..knowledge.sqlite_file import SqliteFile
from ..types import Copy
from . import shingle_files

FILENAME = "copies.sqlite"
_NONE = np.zeros(0, np.uint32)
SCHEMA_VERSION = 2  # 2: no MinHash column (pairs are counted exactly)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS printed (
    doc TEXT PRIMARY KEY, source TEXT NOT NULL, record INTEGER, title TEXT, outlet TEXT, date TEXT,
    url TEXT, credit TEXT, shingles BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS printed_source ON printed(source);
CREATE TABLE IF NOT EXISTS clusters (doc TEXT PRIMARY KEY, cluster TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (a TEXT NOT NULL, b TEXT NOT NULL, share REAL NOT NULL, PRIMARY KEY (a, b));
CREATE INDEX IF NOT EXISTS pairs_b ON pairs(b);
CREATE TABLE IF NOT EXISTS pending (doc TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS dropped (doc TEXT PRIMARY KEY);
"""
# A file's old articles lose their pairs (its new ones are paired again when clustering).
_UNPAIR = ("DELETE FROM pairs WHERE a IN (SELECT doc FROM printed WHERE source IN ({q})) "
           "OR b IN (SELECT doc FROM printed WHERE source IN ({q}))")


@dataclass(frozen=True)
class Row:
    """One article's entry: what clustering reads and what a hit's ``copies`` shows."""

    doc: str
    source: str
    record: int | None
    title: str
    outlet: str | None
    date: str | None
    url: str | None
    credit: str | None
    shingles: np.ndarray


def rows_of(articles: Sequence[Article]) -> list[Row]:
    """The entries of a file's articles: shingles of the story text (sidebars left out),
    the credited first publisher read anywhere on the page."""
    out = []
    for a in articles:
        story = " ".join(a.text[b.start:b.end] for b in a.blocks if b.section == BODY) or a.text
        out.append(Row(a.doc_id, a.source, a.record, a.title, a.outlet, a.date, a.url, copies.credit(a.text),
                       copies.shingles(story)))
    return out


class CopyMap:
    """Which stored articles are copies of which (read-only, as last clustered)."""

    def __init__(self, members: dict[str, tuple[Copy, ...]]) -> None:
        self._members = members  # doc -> its cluster's articles, origin first

    def cluster(self, doc: str) -> str:
        """The cluster's key: its origin's doc, or ``doc`` itself when it has no copies."""
        found = self._members.get(doc)
        return found[0].doc if found else doc

    def copies(self, doc: str) -> tuple[Copy, ...]:
        """The other articles of ``doc``'s cluster, origin first."""
        return tuple(c for c in self._members.get(doc, ()) if c.doc != doc)

    def __len__(self) -> int:
        return len({m[0].doc for m in self._members.values()})


EMPTY = CopyMap({})


class CopyStore(SqliteFile):
    """The copies of the index in ``index_dir``."""

    def __init__(self, index_dir: Path) -> None:
        super().__init__(index_dir, FILENAME)
        # The token and map last read, and the files' stamp then (one tuple: threads share it).
        self._cache: tuple[str, CopyMap, tuple[tuple[int, int, int] | None, ...] | None] | None = None

    def _spec(self) -> str:
        return f"exact shingle {copies.SHINGLE_WORDS} holders {copies.MAX_HOLDERS}"

    def open_for_writing(self) -> None:
        """Create the store, or start it again when it was written another way (its files
        are then read again: ``sources`` no longer lists them)."""
        self.discard_if_unreadable()
        with self._connect(write=True) as db, db:
            current = self._meta(db, "schema"), self._meta(db, "spec")
            if current != (str(SCHEMA_VERSION), self._spec()):
                for table in ("printed", "clusters", "pairs", "pending", "dropped", "meta"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            db.executescript(_SCHEMA)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('spec', ?)", (self._spec(),))

    def sources(self) -> set[str]:
        if not self.exists():
            return set()
        with self._connect() as db:
            try:
                return {r[0] for r in db.execute("SELECT DISTINCT source FROM printed")}
            except sqlite3.DatabaseError:
                return set()

    def replace(self, source: str, rows: Iterable[Row]) -> None:
        rows = list(rows)
        with self._connect(write=True) as db, db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('clustered', '0')")
            db.execute(_UNPAIR.format(q="?"), (source, source))
            db.execute("DELETE FROM pending WHERE doc IN (SELECT doc FROM printed WHERE source = ?)", (source,))
            # What the sorted parts hold of the articles replaced, the next clustering drops.
            db.execute("INSERT OR IGNORE INTO dropped SELECT doc FROM printed WHERE source = ?", (source,))
            db.executemany("INSERT OR IGNORE INTO dropped SELECT doc FROM printed WHERE doc = ?",
                           [(r.doc,) for r in rows])
            db.execute("DELETE FROM printed WHERE source = ?", (source,))
            db.executemany("INSERT OR REPLACE INTO pending VALUES (?)", [(r.doc,) for r in rows])
            db.executemany("INSERT OR REPLACE INTO printed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(r.doc, source, r.record, r.title, r.outlet, r.date, r.url, r.credit,
                             r.shingles.astype("<u4").tobytes()) for r in rows])

    def remove(self, sources: Iterable[str]) -> None:
        sources = list(sources)
        if sources and self.exists():
            with self._connect(write=True) as db, db:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('clustered', '0')")
                for lo in range(0, len(sources), 500):  # well under SQLite's limit on parameters
                    some = sources[lo:lo + 500]
                    q = ",".join("?" * len(some))
                    db.execute(_UNPAIR.format(q=q), some + some)
                    db.execute(f"DELETE FROM pending WHERE doc IN (SELECT doc FROM printed WHERE source IN ({q}))",
                               some)
                    db.execute(f"INSERT OR IGNORE INTO dropped SELECT doc FROM printed WHERE source IN ({q})", some)
                    db.execute(f"DELETE FROM printed WHERE source IN ({q})", some)

    def clear(self) -> None:
        if self.exists():
            with self._connect(write=True) as db, db:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('clustered', '0')")
                for table in ("printed", "pairs", "pending", "dropped"):
                    db.execute(f"DELETE FROM {table}")
                # Nothing the parts hold is stored now, and what comes is clustered whole, in blocks.
                db.execute("DELETE FROM meta WHERE key IN ('parts', 'paired')")

    def clustered(self) -> bool:
        if not self.exists():
            return False
        with self._connect() as db:
            return self._meta(db, "clustered") == "1"

    def recluster(self) -> int:
        """Cluster every stored article anew (one transaction); the number of clusters."""
        with self._connect(write=True) as db, db:
            found = db.execute("SELECT doc, date, outlet, credit, shingles FROM printed").fetchall()
            printed = [copies.Printed(doc, np.frombuffer(sh, dtype="<u4"), date, outlet, credit)
                       for doc, date, outlet, credit, sh in found]
            part = copies.sorted_shingles(printed)
            pairs = copies.pairs(printed, part)
            db.execute("CREATE TABLE IF NOT EXISTS dropped (doc TEXT PRIMARY KEY)")  # a store of older code
            for table in ("pairs", "pending", "dropped"):
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO pairs VALUES (?, ?, ?)", [(a, b, share) for share, a, b in pairs])
            db.execute("INSERT OR REPLACE INTO meta VALUES ('paired', '1')")
            count = self._regroup(db, pairs)
            self._name_parts(db, [shingle_files.write(self._parts, part)])
        shingle_files.prune(self._parts, self._named())
        return count

    def update(self) -> int:
        """Cluster after a run: the articles stored since the last clustering are paired
        with every stored one, the pairs kept from before stand, and the groups are formed
        again from all pairs; a store without pairs kept (older, or a clustering killed) is
        clustered anew. The new articles' shingles are looked up in the stored ones, kept
        sorted in files (``shingle_files``), less the articles removed or rewritten since
        (``dropped``); where those files are missing, damaged or not of the last clustering
        (an older version of this code clustered since), one scan over every stored
        shingle pairs them and the files are written again from it."""
        with self._connect() as db:
            paired = self._meta(db, "paired") == "1"
            names = self._named(db)
        if not paired:
            return self.recluster()
        parts = shingle_files.load(self._parts, names) if names is not None else None
        with self._connect(write=True) as db, db:
            looked_up = self._looked_up(db, parts, names or []) if parts is not None else None
            if looked_up is not None:
                added, names = looked_up
            else:
                rows = db.execute("SELECT doc, date, outlet, credit, shingles, doc IN (SELECT doc FROM pending) "
                                  "FROM printed").fetchall()
                printed = [copies.Printed(r[0], np.frombuffer(r[4], dtype="<u4"), r[1], r[2], r[3]) for r in rows]
                new = [p for p, r in zip(printed, rows, strict=True) if r[5]]
                added = copies.pairs_of_new(new, [p.doc for p in printed], [p.shingles for p in printed])
                names = [shingle_files.write(self._parts, copies.sorted_shingles(printed))]
            db.executemany("INSERT OR REPLACE INTO pairs VALUES (?, ?, ?)", [(a, b, share) for share, a, b in added])
            db.execute("DELETE FROM pending")
            db.execute("DELETE FROM dropped")
            pairs = [(share, a, b) for a, b, share in db.execute("SELECT a, b, share FROM pairs")]
            count = self._regroup(db, pairs)
            self._name_parts(db, names)
        shingle_files.prune(self._parts, names)
        return count

    def _looked_up(self, db: sqlite3.Connection, parts: list[copies.Sorted],
                   names: list[str]) -> tuple[list[copies.Pair], list[str]] | None:
        """The pending articles' pairs by lookup in ``parts``, and the parts' names after
        (less the articles dropped, with the pending ones added); None when the parts cannot
        be trusted: not written by the last clustering, or naming an article not stored."""
        if self._meta(db, "parts_token") != self._meta(db, "token"):
            return None
        # A pending article is never in a part yet: one there is an older version of it.
        gone = [doc for (doc,) in db.execute("SELECT doc FROM dropped UNION SELECT doc FROM pending")]
        rows = db.execute("SELECT doc, date, outlet, credit, shingles FROM printed "
                          "WHERE doc IN (SELECT doc FROM pending)").fetchall()
        new = [copies.Printed(r[0], np.frombuffer(r[4], dtype="<u4"), r[1], r[2], r[3]) for r in rows]
        try:
            if gone:
                parts, names = shingle_files.without(self._parts, parts, names, gone)
            if new:
                parts = [*parts, copies.sorted_shingles(new)]
            added = copies.pairs_in(parts, new)
        except (IndexError, ValueError):  # a part of the right shape holding wrong numbers
            return None
        paired = sorted({d for _, a, b in added for d in (a, b)})
        stored = 0
        for lo in range(0, len(paired), 500):
            some = paired[lo:lo + 500]
            stored += db.execute(f"SELECT count(*) FROM printed WHERE doc IN ({','.join('?' * len(some))})",
                                 some).fetchone()[0]
        if stored != len(paired):
            return None
        return added, (shingle_files.saved(self._parts, names, parts) if new else names)

    @property
    def _parts(self) -> Path:
        return shingle_files.folder_of(self.path.parent)

    def _named(self, db: sqlite3.Connection | None = None) -> list[str] | None:
        """The sorted parts the store's last clustering wrote (None: none are current)."""
        if db is None:
            if not self.exists():
                return None
            with self._connect() as db:
                return self._named(db)
        value = self._meta(db, "parts")
        return [n for n in value.split(",") if n] if value is not None else None

    @staticmethod
    def _name_parts(db: sqlite3.Connection, names: Sequence[str]) -> None:
        """Name the parts, as of the clustering just written (its token)."""
        db.execute("INSERT OR REPLACE INTO meta VALUES ('parts', ?)", (",".join(names),))
        db.execute("INSERT OR REPLACE INTO meta SELECT 'parts_token', value FROM meta WHERE key = 'token'")

    def _regroup(self, db: sqlite3.Connection, pairs: list[copies.Pair]) -> int:
        # Only the paired articles' dates, outlets and credits are read: a cluster's origin
        # is chosen among them, and reading every article's grew with the index.
        paired = sorted({d for _, a, b in pairs for d in (a, b)})
        by_doc: dict[str, copies.Printed] = {}
        for lo in range(0, len(paired), 500):
            some = paired[lo:lo + 500]
            for doc, date, outlet, credit in db.execute(
                    f"SELECT doc, date, outlet, credit FROM printed WHERE doc IN ({','.join('?' * len(some))})", some):
                by_doc[doc] = copies.Printed(doc, _NONE, date, outlet, credit)
        clusters = copies.groups(pairs, by_doc)
        db.execute("DELETE FROM clusters")
        db.executemany("INSERT INTO clusters VALUES (?, ?)", [(d, c.origin) for c in clusters for d in c.docs])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('clustered', '1')")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (uuid.uuid4().hex,))
        return len(clusters)

    def map(self) -> CopyMap:
        """The clusters as last computed (``EMPTY`` for an index without the store)."""
        stamp = self._files()
        cache = self._cache
        if cache is not None and stamp is not None and stamp == cache[2]:
            # Unchanged files, none written within the last seconds (a write in the same
            # clock tick as the last read would not show in the stamp): no query needed.
            return cache[1]
        if not self.exists():
            return EMPTY
        with self._connect() as db:
            token = self._meta(db, "token")
            if token is None:
                return EMPTY
            if cache is not None and cache[0] == token:
                self._cache = (token, cache[1], stamp)
                return cache[1]
            rows = db.execute("SELECT c.cluster, p.doc, p.source, p.record, p.title, p.outlet, p.date, p.url "
                              "FROM clusters c JOIN printed p ON p.doc = c.doc").fetchall()
        grouped: dict[str, list[Copy]] = {}
        for key, doc, source, record, title, outlet, date, url in rows:
            grouped.setdefault(key, []).append(Copy(doc=doc, source=source, record=record, title=title or "",
                                                    outlet=outlet, date=date, url=url, origin=doc == key))
        members: dict[str, tuple[Copy, ...]] = {}
        for found in grouped.values():
            if len(found) < 2:  # the others were removed since: nothing to merge
                continue
            ordered = tuple(sorted(found, key=lambda c: (not c.origin, c.date or "9999", c.doc)))
            for c in ordered:
                members[c.doc] = ordered
        result = CopyMap(members)
        self._cache = (token, result, stamp)
        return result

    def _files(self) -> tuple[tuple[int, int, int] | None, ...] | None:
        """The store's file and its write-ahead log as (mtime, size, inode), or None when
        one changed within the last two seconds (then only its token tells: some file
        systems keep times to two seconds)."""
        out: list[tuple[int, int, int] | None] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
            except OSError:
                out.append(None)
                continue
            if time.time_ns() - st.st_mtime_ns < 2_000_000_000:
                return None
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(out)

