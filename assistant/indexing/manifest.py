"""The index manifest: what was indexed, how, and whether the last write finished.

Saved as JSON beside Chroma, replaced atomically, so a killed run leaves either the old
or the new manifest, never half of one. A file's entry is written only after its chunks
are in the store; ``complete`` is false while a run is writing, and a file whose chunks
are only partly written is in ``partial`` with how many are, so a re-run resumes there.

``generation`` grows with every run that changes the store; readers in other processes
notice any save by the file's signature. A writer never replaces a manifest other than the
one it read: every save writes a new ``nonce``, and ``save`` raises
``ManifestConflictError`` when the nonce on disk is not the one its copy was read with.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DiskFullError, IndexBusyError, IndexMismatchError

SCHEMA_VERSION = 1
FILENAME = "manifest.json"
# index folder -> (mtime_ns, size, inode) of the manifest this process saved last: a reader
# seeing that signature knows the change was made here, so its store is not stale.
_OWN_SAVES: dict[str, tuple[int, int, int]] = {}


@dataclass
class FileEntry:
    hash: str
    chunks: int
    documents: int


@dataclass
class PartialEntry:
    """A file whose first ``written`` chunks (of ``chunks``) are in the store."""

    hash: str
    written: int
    chunks: int


class ManifestConflictError(IndexBusyError):
    """The manifest on disk changed since this copy was read: another writer was here."""


@dataclass
class Manifest:
    embed_model: str
    dimension: int
    chunking: dict[str, int]
    root: str | None = None
    chroma_url: str | None = None
    collection: str = "articles"
    schema: int = SCHEMA_VERSION
    generation: int = 0  # bumped by every run that changed the store
    complete: bool = True
    files: dict[str, FileEntry] = field(default_factory=dict)
    partial: dict[str, PartialEntry] = field(default_factory=dict)
    nonce: str = ""  # new at every save: which save a copy was read from, across rebuilds too
    # The precisions the vectors were made with ("bf16", "int8", "fp32"; "bf16+int8" when runs on
    # different CPUs added to one index; "" before this was recorded).
    embed_precision: str = ""
    # The nonce on disk when this copy was read or last saved (None: never on disk).
    disk_nonce: str | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("disk_nonce")
        data["files"] = {k: asdict(v) for k, v in sorted(self.files.items())}
        data["partial"] = {k: asdict(v) for k, v in sorted(self.partial.items())}
        return data

    def check(self, embed_model: str | None, chunking: dict[str, int] | None, index_dir: Path) -> None:
        """Raise when the caller asks for an index built differently."""
        rebuild = f"rebuild with: rm -rf {index_dir} && assistant index PATH --index-dir {index_dir}"
        if self.schema != SCHEMA_VERSION:
            raise IndexMismatchError(
                f"index at {index_dir} has schema {self.schema}, this version reads {SCHEMA_VERSION}; {rebuild}"
            )
        if embed_model and embed_model != self.embed_model:
            raise IndexMismatchError(
                f"index at {index_dir} was built with embedding model {self.embed_model!r}, not "
                f"{embed_model!r}; drop --embed-model, or {rebuild} --embed-model {embed_model}"
            )
        if chunking and chunking != self.chunking:
            raise IndexMismatchError(
                f"index at {index_dir} was built with chunking {self.chunking}, not {chunking}; {rebuild}"
            )


def with_precision(recorded: str, used: str) -> str:
    """``recorded`` ("bf16", "bf16+int8") with ``used`` added."""
    have = [p for p in recorded.split("+") if p]
    return "+".join([*have, used]) if used and used not in have else recorded


def vectors_precision(manifest: Manifest | None) -> str:
    """The precisions the index's vectors were made in ("int8", "bf16+fp32"; "" for a new
    index). An index built before they were recorded holds bf16 vectors where the CPU had
    bf16, else fp32."""
    if manifest is None:
        return ""
    return manifest.embed_precision or ("bf16+fp32" if manifest.files else "")


def load(index_dir: Path) -> Manifest | None:
    path = index_dir / FILENAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = {k: FileEntry(**v) for k, v in data.pop("files", {}).items()}
        partial = {k: PartialEntry(**v) for k, v in data.pop("partial", {}).items()}
        manifest = Manifest(**data, files=files, partial=partial)
        manifest.disk_nonce = manifest.nonce
        return manifest
    except (OSError, ValueError, TypeError) as exc:
        raise IndexMismatchError(
            f"manifest {path} is unreadable ({exc}); rebuild with: rm -rf {index_dir} && "
            f"assistant index PATH --index-dir {index_dir}"
        ) from exc


def signature(index_dir: Path) -> tuple[int, int, int] | None:
    """What changes whenever the manifest is saved (each save is a new file)."""
    try:
        st = (index_dir / FILENAME).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def saved_here(index_dir: Path, sig: tuple[int, int, int] | None) -> bool:
    """Whether the manifest with signature ``sig`` was saved by this process."""
    return sig is not None and _OWN_SAVES.get(str(index_dir.absolute())) == sig


def nonce_on_disk(index_dir: Path) -> str | None:
    """The nonce of the saved manifest; None when there is none."""
    try:
        data = json.loads((index_dir / FILENAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "(unreadable)"  # never equal to a copy we hold
    value = data.get("nonce", "") if isinstance(data, dict) else None
    return value if isinstance(value, str) else "(unreadable)"


def save(index_dir: Path, manifest: Manifest) -> None:
    """Replace the saved manifest with ``manifest``, atomically. Callers hold the index's
    write lock; raises ``ManifestConflictError`` when the saved one is not the one this
    copy was read from, rather than write an older state over a newer one."""
    if nonce_on_disk(index_dir) != manifest.disk_nonce:
        raise ManifestConflictError(
            f"the index in {index_dir} was changed by another process since this copy of its manifest "
            "was read; re-run to work on its current state"
        )
    manifest.nonce = uuid.uuid4().hex
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".manifest.", dir=index_dir)
    except OSError as exc:
        raise_if_disk_full(exc, index_dir)
        raise
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest.to_json(), fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / FILENAME)
        _OWN_SAVES[str(index_dir.absolute())] = signature(index_dir)  # type: ignore[assignment]
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise_if_disk_full(exc, index_dir)
        raise
    manifest.disk_nonce = manifest.nonce


def raise_if_disk_full(exc: BaseException, folder: Path, needed_bytes: int | None = None) -> None:
    """Turn "no space left" (errno, or SQLite's words for it inside Chroma) into one
    ``DiskFullError`` line naming the folder and, when known, the space needed."""
    if isinstance(exc, DiskFullError):
        raise exc
    words = str(exc).lower()
    full = (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) or \
        "disk is full" in words or "no space left" in words
    if not full:
        # Chroma's compaction fails with no word of the disk: judge by the space left.
        try:
            free = shutil.disk_usage(folder if folder.exists() else folder.parent).free
        except OSError:
            return
        full = free < max(needed_bytes or 0, 1_000_000)
    if not full:
        return
    need = f" about {needed_bytes / 1e6:.0f} MB more" if needed_bytes else " more"
    raise DiskFullError(
        f"no space left on the disk holding {folder}; free{need} there (or pass another --index-dir) "
        "and re-run: indexing resumes where it stopped"
    ) from exc
