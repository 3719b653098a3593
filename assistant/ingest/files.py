"""Reading one input file's bytes and text, safely.

``read_bytes`` opens only regular files (a named pipe or a device could block forever or
never end) and enforces the size limit; ``decode_text`` honours byte-order marks, refuses
binary files and reads non-UTF-8 news text as Windows-1252, saying so. Every failure is a
``LoadError`` naming the fix.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import LoadError

# Characters that show nothing: a body of only these and whitespace is empty.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def has_visible_text(text: str) -> bool:
    """Whether ``text`` holds anything but whitespace and zero-width characters."""
    return bool(text.translate(_INVISIBLE).strip())


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _not_regular(source: str, mode: int) -> str:
    return f"{source} is not a regular file ({_kind(mode)}); move it out of the folder to stop this message"


def read_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a regular file; anything else (a named pipe, a device) is never opened
    for reading, since reading one can block forever or never end."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise LoadError(f"{source} is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise LoadError(_not_regular(source, mode))
        # O_NONBLOCK: if the file was swapped for a pipe since the stat, open does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(_not_regular(source, info.st_mode))
            size = info.st_size
            if size > max_bytes:
                raise LoadError(
                    f"{source} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                    "split it or raise --max-file-mb"
                )
            if size == 0:
                raise LoadError(f"{source} is empty (0 bytes); remove it or add the article text")
            return fh.read(max_bytes + 1)
    except PermissionError as exc:
        raise LoadError(f"{source} cannot be read (permission denied); fix with chmod a+r") from exc
    except IsADirectoryError as exc:
        raise LoadError(f"{source} is a directory, not a file") from exc
    except OSError as exc:
        raise LoadError(f"{source} cannot be read ({exc.strerror or exc}); check the file") from exc


def decode_text(data: bytes, source: str) -> tuple[str, str | None]:
    """Text of a file, and a warning when it was not UTF-8."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), None
            except UnicodeDecodeError as exc:
                raise LoadError(
                    f"{source} starts with a {name} byte-order mark but is not valid {name} "
                    f"(offset {exc.start + len(bom)}); convert it with iconv -t UTF-8"
                ) from exc
    if b"\x00" in data[:8192]:
        raise LoadError(f"{source} looks binary (NUL bytes), not text; remove it or fix its extension")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        try:
            # Windows-1252 is what non-UTF-8 news text nearly always is; say so, lose nothing.
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise LoadError(
                f"{source} is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); "
                "convert it with iconv -t UTF-8"
            ) from exc
        return text, f"{source} is not valid UTF-8; read it as Windows-1252 (convert it to UTF-8 to be sure)"
