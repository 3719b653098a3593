"""Saving uploaded article files under the corpus folder, safely.

The name a browser sends is not trusted: only its last path component is kept, reduced
to letters, digits, ``.``, ``-`` and ``_``, with no leading dot, and it must end in a
type the loaders read. The file lands in ``<corpus>/uploads/``, never above it, never
over another file (``name-1.txt`` when ``name.txt`` exists with other content), and
never larger than the size limit. Does not index (see ``Index.add``).

A path handed over as "the upload" is not trusted either: ``check_uploaded`` accepts it
only when it is a regular file (not a link) inside the folder uploads are received in,
among the files that really arrived there, so a crafted request naming a server file
(``/etc/passwd``) is refused before anything is copied.

    >>> safe_name("../../etc/passwd.txt")
    'passwd.txt'
    >>> safe_name("Report (final) été.md")
    'Report_final_ete.md'
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import unicodedata
from collections.abc import Container
from pathlib import Path

from ..errors import AssistantError
from ..ingest.discover import SUPPORTED

UPLOAD_DIR = "uploads"
MAX_NAME = 120


class UploadError(AssistantError):
    """An uploaded file cannot be saved (bad name, type or size)."""


class NotUploadedError(UploadError):
    """A request named, as its upload, a file that never arrived through the upload route."""


def safe_name(name: str) -> str:
    """A file name that cannot escape its folder or hide itself."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base)
    base = re.sub(r"_*\._*", ".", base).strip("._-")
    base = re.sub(r"\.{2,}", ".", base)
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[: MAX_NAME - len(suffix) - 1] or "article"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def check_uploaded(path: str | Path, upload_dir: str | Path, uploaded: Container[str] | None = None,
                   name: str | None = None) -> Path:
    """``path`` resolved, if it is a file that arrived as an upload: a regular file (no
    link, no device) inside ``upload_dir`` and, when ``uploaded`` is given, one of the paths
    the upload route stored; NotUploadedError otherwise."""
    shown = name or Path(str(path)).name
    refused = NotUploadedError(f"{shown} was not uploaded in this request; upload the file through the form")
    try:
        given = Path(os.path.abspath(str(path)))
        folder = Path(upload_dir).resolve(strict=True)
        resolved = given.resolve(strict=True)
        info = given.lstat()
    except (OSError, RuntimeError, ValueError):  # missing, a link loop, a NUL in the name
        raise refused from None
    # lstat: a link named as the upload is refused even when it points inside the folder;
    # resolve: whatever the links on the way, the file itself must sit in the upload folder.
    if not stat.S_ISREG(info.st_mode) or resolved == folder or not resolved.is_relative_to(folder):
        raise refused
    if uploaded is not None and str(given) not in uploaded and str(resolved) not in uploaded:
        raise refused
    return resolved


def save_upload(src: str | Path, corpus_dir: str | Path, name: str | None = None, *,
                max_bytes: int) -> Path:
    """Copy the uploaded file ``src`` into ``<corpus_dir>/uploads/`` under a safe version of
    ``name`` (default: ``src``'s own name); returns where it went."""
    src = Path(src)
    wanted = safe_name(name or src.name)
    suffix = Path(wanted).suffix.lower()
    if suffix not in SUPPORTED:
        raise UploadError(f"{name or src.name}: unsupported file type {suffix or '(none)'!r}; "
                          f"upload one of {', '.join(sorted(SUPPORTED))}")
    try:
        size = src.stat().st_size
    except OSError as exc:
        raise UploadError(f"{name or src.name}: the upload cannot be read ({exc.strerror}); try again") from exc
    if size > max_bytes:
        raise UploadError(f"{name or src.name} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                          "limit; split it or raise --max-file-mb")
    if size == 0:
        raise UploadError(f"{name or src.name} is empty (0 bytes); upload the article text")
    folder = (Path(corpus_dir) / UPLOAD_DIR).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    digest = _sha256(src)
    stem, ext = Path(wanted).stem, Path(wanted).suffix
    for n in range(1000):
        target = (folder / (wanted if n == 0 else f"{stem}-{n}{ext}")).resolve()
        if target.parent != folder:  # cannot happen with safe_name; checked anyway
            raise UploadError(f"{name!r} is not a safe file name")
        if target.exists():
            if target.is_file() and _sha256(target) == digest:
                return target  # the same file uploaded again
            continue
        tmp = folder / f".{target.name}.part"
        shutil.copyfile(src, tmp)
        tmp.replace(target)
        return target
    raise UploadError(f"too many files named like {wanted} in {folder}; rename the upload")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
