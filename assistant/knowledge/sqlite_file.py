"""A SQLite file beside the index, as the stores of this package and of indexing use it:
a connection per call (so the API's threads read while the indexer writes, in WAL mode),
read-only unless writing, and a ``meta`` table of keys and values."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class SqliteFile:
    """The SQLite file ``name`` in ``index_dir``."""

    def __init__(self, index_dir: Path, name: str) -> None:
        self.path = Path(index_dir) / name

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL" if write else "PRAGMA query_only=ON")
            yield db
        finally:
            db.close()

    def exists(self) -> bool:
        return self.path.is_file()

    def discard_if_unreadable(self) -> bool:
        """Remove the file when SQLite cannot read it (overwritten, truncated): what it
        held is derived from the indexed files, which the indexer then reads again.
        Whether it was removed."""
        if not self.exists():
            return False
        try:
            with self._connect() as db:
                db.execute("PRAGMA schema_version").fetchone()
            return False
        except sqlite3.DatabaseError as exc:
            log.warning("%s cannot be read (%s); rebuilding it from the indexed files", self.path, exc)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return True

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        """``key``'s value in the ``meta`` table; None when absent (or no table yet)."""
        try:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None
