"""The index manifest: what was indexed, how, and whether the last write finished.

Saved as JSON beside Chroma, replaced atomically, so a killed run leaves either the old
or the new manifest, never half of one. A file's entry is written only after its chunks
are in the store; ``complete`` is false while a run is writing.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexMismatchError

SCHEMA_VERSION = 1
FILENAME = "manifest.json"


@dataclass
class FileEntry:
    hash: str
    chunks: int
    documents: int


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

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["files"] = {k: asdict(v) for k, v in sorted(self.files.items())}
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


def load(index_dir: Path) -> Manifest | None:
    path = index_dir / FILENAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = {k: FileEntry(**v) for k, v in data.pop("files", {}).items()}
        return Manifest(**data, files=files)
    except (OSError, ValueError, TypeError) as exc:
        raise IndexMismatchError(
            f"manifest {path} is unreadable ({exc}); rebuild with: rm -rf {index_dir} && "
            f"assistant index PATH --index-dir {index_dir}"
        ) from exc


def save(index_dir: Path, manifest: Manifest) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest.", dir=index_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest.to_json(), fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / FILENAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
