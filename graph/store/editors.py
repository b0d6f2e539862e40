"""Editors and their passwords: salted scrypt hashes, never the passwords themselves.

Editors are listed in the ``DIPLOMACY_EDITORS`` environment variable (or Streamlit's
secrets, read by ``ui/widgets/auth.py``) as ``name:salt:hash;name:salt:hash`` with hex salt and
hash; ``python -m graph hash-password NAME`` prints one entry. Nothing here is stored
in git. :class:`LockOut` counts failed sign-ins per name (in memory, per server
process) and locks a name out for a while after too many.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable

__all__ = [
    "EDITORS_ENV",
    "LockOut",
    "editor_entry",
    "editor_name",
    "hash_password",
    "parse_editors",
    "verify_password",
]

EDITORS_ENV = "DIPLOMACY_EDITORS"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str, salt: bytes) -> str:
    """The hex scrypt hash of ``password`` with ``salt``."""
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT).hex()


def editor_name(name: str) -> str:
    """An editor's name as it is kept and as sign-in reads it: without surrounding spaces.

    Raises ValueError for a name that could never sign in (empty, or with ``:``, ``;`` or
    a control character).

    >>> editor_name("  Sara ")
    'Sara'
    """
    name = (name or "").strip()
    if not name or any(c in ":;" or ord(c) < 32 or ord(c) == 127 for c in name):
        raise ValueError(
            "an editor's name must not be empty nor contain ':', ';' or control characters"
        )
    return name


def editor_entry(name: str, password: str, salt: bytes | None = None) -> str:
    """One ``name:salt:hash`` entry for ``DIPLOMACY_EDITORS``; ``name`` as :func:`editor_name`
    reads it, so the entry signs in with the name typed at sign-in."""
    name = editor_name(name)
    if not password:
        raise ValueError("the password must not be empty")
    salt = salt or os.urandom(16)
    return f"{name}:{salt.hex()}:{hash_password(password, salt)}"


def parse_editors(text: str | None) -> dict[str, tuple[bytes, str]]:
    """``name -> (salt, hash)`` from ``name:salt:hash;...``; malformed entries are skipped."""
    editors: dict[str, tuple[bytes, str]] = {}
    for entry in (text or "").split(";"):
        parts = [part.strip() for part in entry.split(":")]
        if len(parts) != 3 or not parts[0]:
            continue
        try:
            salt = bytes.fromhex(parts[1])
        except ValueError:
            continue
        editors[parts[0]] = (salt, parts[2].lower())
    return editors


def verify_password(editors: dict[str, tuple[bytes, str]], name: str, password: str) -> bool:
    """True when ``name`` is an editor and ``password`` is theirs (constant-time compare)."""
    known = editors.get(name)
    salt, expected = known if known else (b"unknown-editor", "0" * 64)
    actual = hash_password(password, salt)  # hashed even for unknown names: same timing
    return known is not None and hmac.compare_digest(actual, expected)


class LockOut:
    """Lock a name out for ``seconds`` after ``limit`` failures within that time."""

    def __init__(
        self, limit: int = 5, seconds: float = 300.0, clock: Callable[[], float] = time.time
    ):
        self.limit = limit
        self.seconds = seconds
        self.clock = clock
        self.failures: dict[str, list[float]] = {}

    def _recent(self, name: str) -> list[float]:
        now = self.clock()
        recent = [at for at in self.failures.get(name, []) if now - at < self.seconds]
        self.failures[name] = recent
        return recent

    def locked_for(self, name: str) -> float:
        """Seconds left of ``name``'s lock-out (0 when not locked out)."""
        recent = self._recent(name)
        if len(recent) < self.limit:
            return 0.0
        return max(0.0, self.seconds - (self.clock() - recent[-self.limit]))

    def fail(self, name: str) -> None:
        """Count one failed sign-in for ``name``."""
        self._recent(name).append(self.clock())

    def succeed(self, name: str) -> None:
        """Forget ``name``'s failures after a successful sign-in."""
        self.failures.pop(name, None)
