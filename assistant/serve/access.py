"""Who may use a served assistant, and the audit log of who changed the corpus.

Two shared tokens make two roles: a **reader** asks and searches (and reads info and
health); an **editor** may also upload, add a folder, re-index and export feedback. The
editor token also reads. ``serving_access`` decides at start-up: off loopback a token is
required unless the user explicitly says ``--no-auth``; on loopback without tokens the
server stays open as before; any token given turns access control on, even on loopback.

Every corpus change (and every refused attempt at one) is appended as one JSON line to
``audit.jsonl`` beside the index: time, user, role, client address, action, files,
result. The file is opened in append mode for each line and never rewritten. Does not
print.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AssistantError, ConfigError
from . import jsonlog

READER = "reader"
EDITOR = "editor"
ROLES = (READER, EDITOR)
MIN_TOKEN_CHARS = 16
AUDIT_FILE = "audit.jsonl"
ANONYMOUS = "anonymous"  # everyone, when the server runs on loopback without tokens
NEW_TOKEN = "python -c 'import secrets; print(secrets.token_urlsafe(24))'"


class AccessError(AssistantError):
    """A request lacks the right to do what it asked."""


class AuthRequiredError(AccessError):
    """No token, or a wrong one (HTTP 401)."""


class ForbiddenError(AccessError):
    """A valid token whose role may not do this (HTTP 403)."""


def is_loopback(host: str) -> bool:
    """Does ``host`` (as given to ``--host``) listen on this machine only?

    >>> [is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost", "0.0.0.0", "", "::")]
    [True, True, True, True, True, False, False, False]
    """
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:  # a host name may resolve to anything: treat it as exposed
        return False


@dataclass(frozen=True)
class Who:
    """The caller of one request: the role its token gave, and where it came from."""

    role: str
    user: str
    client: str | None = None

    def may(self, needed: str) -> bool:
        return self.role == EDITOR or self.role == needed


@dataclass(frozen=True, repr=False)
class Access:
    """The server's tokens; with none, everyone may do everything (loopback only)."""

    reader_token: str | None = None
    editor_token: str | None = None

    def __repr__(self) -> str:  # never show a token in a log or a traceback
        return f"Access(enabled={self.enabled}, reader={self.reader_token is not None}, " \
               f"editor={self.editor_token is not None})"

    @property
    def enabled(self) -> bool:
        return bool(self.reader_token or self.editor_token)

    def role_of(self, token: str | None) -> str | None:
        """The role ``token`` grants, compared in constant time; None when it grants none."""
        if not token:
            return None
        given = _bytes(token)
        # Compare against both, always, so the time taken says nothing about which matched.
        editor = hmac.compare_digest(given, _bytes(self.editor_token)) and bool(self.editor_token)
        reader = hmac.compare_digest(given, _bytes(self.reader_token)) and bool(self.reader_token)
        return EDITOR if editor else READER if reader else None

    def login(self, username: str, password: str) -> bool:
        """The UI's login: user name ``reader`` or ``editor``, that role's token as password."""
        role = self.role_of(password)
        return role is not None and (username or "").strip().lower() == role

    def who(self, role_or_user: str | None, client: str | None = None) -> Who:
        """The caller whose session or token gave ``role_or_user`` (None: not logged in)."""
        if not self.enabled:
            return Who(EDITOR, ANONYMOUS, client)
        role = (role_or_user or "").strip().lower()
        if role not in ROLES:
            raise AuthRequiredError("this server needs a token; log in as reader or editor with its token "
                                    "(HTTP: send 'Authorization: Bearer <token>')")
        return Who(role, role, client)

    def from_bearer(self, header: str | None, client: str | None = None) -> Who:
        """The caller of an HTTP request with ``Authorization: header``."""
        if not self.enabled:
            return Who(EDITOR, ANONYMOUS, client)
        scheme, _, token = (header or "").strip().partition(" ")
        role = self.role_of(token.strip()) if scheme.lower() == "bearer" else None
        if role is None:
            raise AuthRequiredError("missing or wrong token; send 'Authorization: Bearer <token>' with the "
                                    "reader or editor token the server was started with")
        return Who(role, role, client)


def _bytes(token: str | None) -> bytes:
    # surrogateescape: a token read from an environment that is not valid UTF-8 still compares.
    # Hashed, so both sides have one length: compare_digest's time then tells nothing of it.
    return hashlib.sha256((token or "").encode("utf-8", "surrogateescape")).digest()


def require(who: Who, needed: str, action: str) -> None:
    """ForbiddenError unless ``who`` may do ``action``, which needs role ``needed``."""
    if not who.may(needed):
        raise ForbiddenError(f"{action} needs the editor token; you are signed in as {who.role} "
                             "(ask whoever runs the server for the editor token)")


def serving_access(host: str, *, reader_token: str | None = None, editor_token: str | None = None,
                   no_auth: bool = False) -> Access:
    """The access policy for serving on ``host``; ConfigError when it would be unsafe or
    contradictory (off loopback with no token and no explicit ``no_auth``)."""
    reader_token, editor_token = (reader_token or "").strip() or None, (editor_token or "").strip() or None
    if no_auth and (reader_token or editor_token):
        raise ConfigError("--no-auth and a token exclude each other; drop --no-auth or unset the tokens "
                          "(ASSISTANT_READER_TOKEN / ASSISTANT_EDITOR_TOKEN)")
    for name, token in (("reader", reader_token), ("editor", editor_token)):
        if token is not None and len(token) < MIN_TOKEN_CHARS:
            raise ConfigError(f"the {name} token is shorter than {MIN_TOKEN_CHARS} characters; "
                              f"make one with: {NEW_TOKEN}")
    if reader_token is not None and reader_token == editor_token:
        raise ConfigError("the reader and editor tokens are the same; give the editor a token of its own")
    if not (reader_token or editor_token or no_auth or is_loopback(host)):
        raise ConfigError(f"serving on {host or 'all interfaces'} lets anyone on the network in; set "
                          "--editor-token/--reader-token (or ASSISTANT_EDITOR_TOKEN/ASSISTANT_READER_TOKEN), "
                          "or pass --no-auth to serve it open on purpose")
    return Access(reader_token, editor_token)


# -- the audit log ---------------------------------------------------------------------------

def audit_path(index_dir: str | Path) -> Path:
    return Path(index_dir) / AUDIT_FILE


def audit(index_dir: str | Path, who: Who, action: str, files: Iterable[str] = (), result: str = "ok",
          **extra: Any) -> dict[str, Any]:
    """Append one line recording that ``who`` did (or tried) ``action`` on ``files``."""
    line = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), "user": who.user,
            "role": who.role, "client": who.client, "action": action, "files": [str(f) for f in files],
            "result": result, **extra}
    jsonlog.append(audit_path(index_dir), jsonlog.encode(line))
    return line


def read_audit(index_dir: str | Path) -> list[dict[str, Any]]:
    """Every audit line so far, oldest first (none when there is no file yet)."""
    return jsonlog.read(audit_path(index_dir))
