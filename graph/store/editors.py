"""Editors and their passwords: salted scrypt hashes, never the passwords themselves.

Editors are listed in the ``DIPLOMACY_EDITORS`` environment variable (or Streamlit's
secrets, read by ``ui/widgets/auth.py``) as ``name:salt:hash;name:salt:hash`` with hex salt and
hash; ``python -m graph hash-password NAME`` prints one entry. Nothing here is stored
in git.

:class:`LockOut` counts failed sign-ins per name in the store (table ``sign_in_failures``),
so the count holds across restarts and across servers on one database, and locks a name out
for a while after too many. Each attempt first claims one of the name's tries in a single
atomic step (SQLite's write lock, PostgreSQL's row lock) and only then is the password
checked, so at most ``sign_in_lock_limit`` passwords are ever checked within the window,
however many attempts arrive at once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from graph.settings import default
from graph.store.engine import Store
from graph.store.schema import sign_in_failures_table

__all__ = [
    "EDITORS_ENV",
    "LOCK_LIMIT",
    "LOCK_SECONDS",
    "Claim",
    "LockOut",
    "SignIn",
    "editor_entry",
    "editor_name",
    "hash_password",
    "parse_editors",
    "verify_password",
]

EDITORS_ENV = "DIPLOMACY_EDITORS"
LOCK_LIMIT = default("sign_in_lock_limit")
LOCK_SECONDS = default("sign_in_lock_seconds")
_NAME_MAX = sign_in_failures_table.c.name.type.length
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


@dataclass(frozen=True)
class Claim:
    """One claimed try of a name: ``allowed`` to check a password, or refused as locked out.

    ``locked_for`` is the seconds of lock-out left once this try is used up as a failure
    (0: the name is not locked out even if this password is wrong).
    """

    allowed: bool
    locked_for: float


@dataclass(frozen=True)
class SignIn:
    """What one sign-in attempt came to.

    ``editor`` is the signed-in name (None when refused); ``checked`` is False when the
    name was locked out and the password was not even looked at; ``locked_for`` is the
    seconds of lock-out left after this attempt (0: not locked out).
    """

    editor: str | None
    checked: bool
    locked_for: float


class LockOut:
    """Lock a name out for ``seconds`` after ``limit`` wrong passwords within that time.

    The count lives in ``store`` (every server on the database shares it); ``clock``
    gives the time in seconds (tests move it on).
    """

    def __init__(
        self,
        store: Store,
        limit: int = LOCK_LIMIT,
        seconds: float = LOCK_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.limit = limit
        self.seconds = seconds
        self.clock = clock

    def _ensure_row(self, conn: sa.Connection, name: str, now: float) -> None:
        """Insert the name's row, or touch it when it is there: a write, so SQLite takes the
        database's write lock and PostgreSQL the row's lock at once, and the rest of the
        claim runs alone (however many servers)."""
        table = sign_in_failures_table
        values = {"name": name, "failures": 0, "window_start": now, "locked_until": 0.0}
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(
            insert(table)
            .values(values)
            .on_conflict_do_update(index_elements=["name"], set_={"failures": table.c.failures})
        )

    def _forget_stale(self, conn: sa.Connection, name: str, now: float) -> None:
        """Delete the rows of other names whose lock and window are over (names typed once
        and never again), skipping rows another claim holds, so no claim waits on it."""
        table = sign_in_failures_table
        stale = (
            sa.select(table.c.name)
            .where(
                table.c.name != name,
                table.c.locked_until <= now,
                table.c.window_start <= now - self.seconds,
            )
            .with_for_update(skip_locked=True)
        )
        conn.execute(table.delete().where(table.c.name.in_(stale.scalar_subquery())))

    def claim(self, name: str) -> Claim:
        """Claim one try for ``name``, counted as a failure until :meth:`succeed` says
        otherwise, in one atomic step; refused while the name is locked out.

        The try that reaches the limit locks the name out at once, before its password is
        checked, so no other attempt gets a check meanwhile.
        """
        table = sign_in_failures_table
        now = self.clock()
        with self.store.engine.begin() as conn:
            self._ensure_row(conn, name, now)
            row = conn.execute(
                sa.select(table).where(table.c.name == name).with_for_update()
            ).one()
            if row.locked_until > now:
                return Claim(allowed=False, locked_for=row.locked_until - now)
            failures, window_start = row.failures, row.window_start
            if row.locked_until or now - window_start >= self.seconds:
                failures, window_start = 0, now  # a lock or a window that is over
            failures += 1
            locked_until = now + self.seconds if failures >= self.limit else 0.0
            conn.execute(
                table.update()
                .where(table.c.name == name)
                .values(failures=failures, window_start=window_start, locked_until=locked_until)
            )
            self._forget_stale(conn, name, now)
        return Claim(allowed=True, locked_for=locked_until - now if locked_until else 0.0)

    def locked_for(self, name: str) -> float:
        """Seconds left of ``name``'s lock-out (0 when not locked out)."""
        table = sign_in_failures_table
        with self.store.engine.connect() as conn:
            until = conn.execute(
                sa.select(table.c.locked_until).where(table.c.name == name)
            ).scalar()
        return max(0.0, (until or 0.0) - self.clock())

    def succeed(self, name: str) -> None:
        """Forget ``name``'s failures after a successful sign-in."""
        table = sign_in_failures_table
        with self.store.engine.begin() as conn:
            conn.execute(table.delete().where(table.c.name == name))

    def sign_in(self, editors: dict[str, tuple[bytes, str]], name: str, password: str) -> SignIn:
        """Check ``password`` for ``name`` (as :func:`editor_name` reads it) if the name
        has a try left: claim the try, then check, then forget the failures on success."""
        try:
            name = editor_name(name)
        except ValueError:
            return SignIn(editor=None, checked=False, locked_for=0.0)  # never an editor
        if len(name) > _NAME_MAX:
            return SignIn(editor=None, checked=False, locked_for=0.0)
        claim = self.claim(name)
        if not claim.allowed:
            return SignIn(editor=None, checked=False, locked_for=claim.locked_for)
        if verify_password(editors, name, password):
            self.succeed(name)
            return SignIn(editor=name, checked=True, locked_for=0.0)
        return SignIn(editor=None, checked=True, locked_for=claim.locked_for)
