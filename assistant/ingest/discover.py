"""Finding the input files under a path, and why others were passed over.

``discover`` never opens anything but regular files, and does not follow symbolic links
out of the folder unless asked; each path it passes over comes with a ``SkipReason``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import LoadError
from .files import _not_regular

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}


HTML_SUFFIXES = {".html", ".htm"}


SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".json", ".jsonl"}


class SkipReason(str):
    """Why ``discover`` passed over a path, and whether what an earlier run indexed from
    there should stay in the index (``keep_indexed``: a file or folder that cannot be read
    today) or go (a link out of the folder, a pipe, a second path to one file: left out
    on purpose, so an index built before those rules must drop them). For a folder, the
    rule applies to every source under it."""

    keep_indexed: bool

    def __new__(cls, text: str, keep_indexed: bool = False) -> SkipReason:
        reason = super().__new__(cls, text)
        reason.keep_indexed = keep_indexed
        return reason


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both resolved already, as strings)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def file_suffix(path: Path) -> str:
    """The type a file name says, lower case; "name.txt " is a .txt file."""
    return Path(path.name.strip()).suffix.lower()


def _unsupported(suffix: str) -> str:
    return (f"unsupported file type {suffix or '(none)'!r}; supported: " + ", ".join(sorted(SUPPORTED)))


@dataclass
class _Walk:
    """State of one ``discover`` over a folder."""

    root: Path  # as given: sources are relative to it
    real_root: str  # resolved: a link must point under it unless links are followed
    follow: bool
    files: list[tuple[Path, str, tuple[int, int], bool]]  # path, source, (device, inode), reached via a link
    skipped: list[tuple[str, str]]
    folders: dict[tuple[int, int], str]  # folders walked -> their source, so none is walked twice
    linked: list[tuple[Path, str, tuple[int, int]]]  # links to folders, walked after every real folder

    def inside(self, real: str) -> bool:
        return is_inside(real, self.real_root)


def discover(path: Path, follow_symlinks: bool = False) -> tuple[Path, list[tuple[Path, str]], list[tuple[str, str]]]:
    """Files under ``path`` (a file or a folder, recursive, hidden entries ignored).

    Returns the root that sources are relative to, the ``(path, source)`` pairs to load,
    and ``(source, reason)`` for everything else that was there: files of unsupported
    types, unreadable folders, symbolic links out of the folder (followed only with
    ``follow_symlinks``), named pipes, sockets and devices. Only regular files are
    returned, each once, however many links lead to it. A reason's ``keep_indexed``
    (see ``SkipReason``) says whether an earlier run's chunks from there should stay.
    """
    path = path.expanduser().absolute()
    if not path.exists():
        raise LoadError(f"{path} does not exist; pass a file or folder of articles")
    if not path.is_dir():
        return _discover_file(path, follow_symlinks)
    walk = _Walk(path, os.path.realpath(path), follow_symlinks, [], [], {}, [])
    top = os.stat(path)
    walk.folders[(top.st_dev, top.st_ino)] = ""
    try:
        os.scandir(path).close()
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise LoadError(f"cannot read folder {path} ({why}); fix with chmod a+rx {path}") from exc
    _walk_folder(walk, path, "", via_link=False)
    # Links to folders last, so a folder reached both ways is indexed under its own path.
    while walk.linked:
        folder, source, key = walk.linked.pop(0)
        if key in walk.folders:
            walk.skipped.append((source, f"{source} is a symbolic link to {_folder(walk.folders[key])}, "
                                         "indexed already; nothing is indexed twice"))
            continue
        walk.folders[key] = source
        _walk_folder(walk, folder, source, via_link=True)
    # A file reached through a link is indexed once, under its own path when it has one.
    own = {key: source for _, source, key, via_link in walk.files if not via_link}
    found: list[tuple[Path, str]] = []
    for full, source, key, via_link in walk.files:
        if via_link:
            first = own.get(key)
            if first is not None:
                walk.skipped.append((source, f"{source} is the same file as {first} (a symbolic link); "
                                             f"indexed once, as {first}"))
                continue
            own[key] = source
        found.append((full, source))
    return path, found, [(source, _reason(reason)) for source, reason in walk.skipped]


def _reason(text: str) -> SkipReason:
    return text if isinstance(text, SkipReason) else SkipReason(text)


def _folder(source: str) -> str:
    return f"the folder {source}" if source else "the folder being indexed"


def _discover_file(path: Path, follow: bool) -> tuple[Path, list[tuple[Path, str]], list[tuple[str, str]]]:
    parent, name = path.parent, path.name
    if path.is_symlink() and not follow and not is_inside(os.path.realpath(path), os.path.realpath(parent)):
        return parent, [], [(name, SkipReason(f"{name} is a symbolic link to a file outside {parent}; "
                                              "pass --follow-symlinks to index it"))]
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        return parent, [], [(name, SkipReason(_not_regular(name, mode)))]
    return parent, [(path, name)], []


def _walk_folder(walk: _Walk, folder: Path, rel: str, via_link: bool) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        walk.skipped.append((rel, SkipReason(f"cannot read folder {rel} ({why}); fix with chmod a+rx {rel}",
                                             keep_indexed=True)))
        return
    subfolders: list[tuple[Path, str]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        full = folder / entry.name
        source = f"{rel}/{entry.name}" if rel else entry.name
        try:
            is_link = entry.is_symlink()
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            walk.skipped.append((source, SkipReason(f"{source} cannot be read ({exc.strerror or exc}); check it",
                                                    keep_indexed=True)))
            continue
        if is_link:
            try:
                info = os.stat(full)  # the target: never opened here, only looked at
            except OSError as exc:
                loop = exc.errno == 40  # ELOOP
                walk.skipped.append((source, f"{source} is a symbolic link {'loop' if loop else 'to nothing'}; "
                                             "remove it or point it at a file"))
                continue
            what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
            if not walk.follow and not walk.inside(os.path.realpath(full)):
                walk.skipped.append((source, f"{source} is a symbolic link to a {what} outside {walk.root}; "
                                             "pass --follow-symlinks to index it"))
                continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if is_link:
                walk.linked.append((full, source, key))
            elif key in walk.folders:
                walk.skipped.append((source, f"{source} is {_folder(walk.folders[key])} again (a mount?); "
                                             "nothing is indexed twice"))
            else:
                walk.folders[key] = source
                subfolders.append((full, source))
            continue
        if not stat.S_ISREG(info.st_mode):
            walk.skipped.append((source, _not_regular(source, info.st_mode)))
            continue
        suffix = file_suffix(full)
        if suffix in SUPPORTED:
            walk.files.append((full, source, key, via_link or is_link))
        else:
            walk.skipped.append((source, _unsupported(suffix)))
    for full, source in subfolders:
        _walk_folder(walk, full, source, via_link)
