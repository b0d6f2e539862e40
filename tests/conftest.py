"""Shared test fixtures: a throwaway PostgreSQL server, per-test stores on both backends.

Rule for tools the suite drives (PostgreSQL here, Chromium in tests/browser): when one is
missing the test skips with a reason on a developer machine, and FAILS when the ``CI``
environment variable is set, so CI never passes by skipping. ``./test.sh`` installs both.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.engine import Store, open_store
from tests.builders import make_store

REPO_ROOT = Path(__file__).resolve().parent.parent
PG_URL_ENV = "DIPLOMACY_TEST_PG_URL"
PG_USER = "diplomacy"
PG_DB = "diplomacy_test"

# Fitted models are kept on disk (graph.analysis.partner_model.cache_dir): the suite keeps
# them in a folder of its own, shared by its processes (the command-line subprocesses
# too) so the world model is fitted once per run, and never in the user's cache.
os.environ.setdefault("DIPLOMACY_CACHE_DIR", tempfile.mkdtemp(prefix="diplomacy-cache-"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def skip_or_fail(reason: str) -> None:
    """Skip the test on a developer machine; fail it under CI (CI must not skip)."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping; "
                    "./test.sh installs what is missing)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(name="free_port", scope="session")
def _free_port_fixture():
    """The :func:`free_port` function, for conftest files below this one."""
    return free_port


@pytest.fixture(name="skip_or_fail", scope="session")
def _skip_or_fail_fixture():
    """The :func:`skip_or_fail` function, for conftest files below this one."""
    return skip_or_fail


@pytest.fixture(autouse=True, scope="session")
def _results_dir(tmp_path_factory):
    """Kept page results (graph/store/results.py) go to a folder of the test session, not
    the checkout's var/results; servers the tests start inherit it."""
    os.environ.setdefault("DIPLOMACY_RESULTS_DIR", str(tmp_path_factory.mktemp("results")))
    yield


# --- PostgreSQL -------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    """The bin directory of the newest PostgreSQL on this machine with initdb and pg_ctl."""

    def version(path: str) -> tuple[int, ...]:
        m = re.search(r"/postgresql/([\d.]+)/bin", path)
        return tuple(int(x) for x in m.group(1).split(".")) if m else (0,)

    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version,
                         reverse=True):
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").exists():
            return bindir
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def _admin_conninfo(url: str) -> dict:
    """psycopg connect() keywords for the ``postgres`` database of the server behind url."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    info = {"host": u.host or "127.0.0.1", "dbname": "postgres"}
    if u.port:
        info["port"] = u.port
    if u.username:
        info["user"] = u.username
    if u.password:
        info["password"] = u.password
    return info


# /tmp: short enough for the Unix socket path limit and, unlike a TMPDIR under /root,
# reachable by the postgres user
PG_TMP_ROOT = "/tmp" if os.path.isdir("/tmp") else None
PG_DIR_PREFIX = "diplomacy-pg-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap_orphaned_servers(bindir: Path) -> None:
    """Stop and remove servers left behind by test sessions that were killed outright."""
    root = PG_TMP_ROOT or tempfile.gettempdir()
    for base in Path(root).glob(f"{PG_DIR_PREFIX}*"):
        try:
            owner = int((base / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not ours, or still being set up
        if _pid_alive(owner):
            continue
        try:
            if (base / "data" / "postmaster.pid").exists():
                cmd = [str(bindir / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate",
                       "-w", "stop"]
                if os.geteuid() == 0:
                    cmd = ["runuser", "-u", "postgres", "--", *cmd]
                subprocess.run(cmd, cwd=root, capture_output=True, timeout=60)
            shutil.rmtree(base, ignore_errors=True)
        except (OSError, subprocess.SubprocessError):
            pass


class _PgServer:
    """initdb + pg_ctl in a temporary directory; runs as the ``postgres`` user under root."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.base = Path(tempfile.mkdtemp(prefix=PG_DIR_PREFIX, dir=PG_TMP_ROOT))
        (self.base / "owner.pid").write_text(str(os.getpid()))
        self.data = self.base / "data"
        self.sock = self.base / "sock"
        self.log = self.base / "server.log"
        self.sock.mkdir()
        self.port = 0
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            import pwd

            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.base, ignore_errors=True)
                raise RuntimeError(
                    "running as root but there is no 'postgres' OS user to run PostgreSQL "
                    "as (apt-get install postgresql creates it)"
                ) from None
            for p in (self.base, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(self.base, 0o700)

    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / tool), *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(
            cmd, cwd=self.base, capture_output=True, text=True, timeout=timeout,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )

    def _server_log(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"

    def start(self) -> None:
        r = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER,
                      "-E", "UTF8", "--no-locale", "--no-sync")
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        last = ""
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.port = free_port()
            opts = (f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            r = self._run("pg_ctl", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                          "-o", opts, "start")
            if r.returncode == 0:
                return
            last = (f"pg_ctl start failed ({r.returncode}):\n{r.stdout}\n{r.stderr}\n"
                    f"--- server log {self.log} ---\n{self._server_log()}")
            if "already in use" not in last:
                break
        print(last)
        raise RuntimeError(last)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{PG_DB}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL of a real PostgreSQL database for this test session.

    ``DIPLOMACY_TEST_PG_URL`` (a ``postgresql+psycopg://`` URL of a database the tests may
    fill, on a server where that user may create databases) is used when set; otherwise a
    throwaway server is started from the Debian ``postgresql`` binaries on a free port and
    removed at the end.
    """
    external = os.environ.get(PG_URL_ENV)
    if external:
        yield external
        return
    bindir = _pg_bindir()
    if bindir is None:
        skip_or_fail("PostgreSQL binaries (initdb, pg_ctl) not found: "
                     "apt-get install postgresql, or set DIPLOMACY_TEST_PG_URL")
    import psycopg

    _reap_orphaned_servers(bindir)
    server = _PgServer(bindir)
    try:
        server.start()
        with psycopg.connect(**_admin_conninfo(server.url), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{PG_DB}" ENCODING \'UTF8\' TEMPLATE template0')
    except BaseException:
        server.stop()
        raise
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def db_url(request, tmp_path) -> Iterator[str]:
    """An empty store URL, once per backend: a fresh SQLite file, or a fresh PG database.

    Store tests take this fixture to run the same assertions against both backends.
    The PostgreSQL server only starts when a postgres-parametrized test runs.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.sqlite"
        return

    import psycopg
    from sqlalchemy.engine import make_url

    server_url = request.getfixturevalue("pg_url")
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = _admin_conninfo(server_url)
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        # WITH (FORCE) ends connections a test's engine left open (PostgreSQL >= 13)
        for _attempt in range(3):
            try:
                with psycopg.connect(**admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except psycopg.OperationalError:
                time.sleep(0.5)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI, a browser or PostgreSQL test that skips, for whatever reason, fails."""
    report = yield
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return report
    if any(next(item.iter_markers(m), None) for m in ("browser", "postgres")):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI, which forbids skipping browser/postgres tests: {reason}"
        )
    return report


# --- stores for the core's tests: one seeded SQLite store shared by read-only tests, and
# the small hand-made store of tests/builders.make_store on both backends ---


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Store:
    """A store seeded from data/, shared by tests that only read it."""
    path = tmp_path_factory.mktemp("seeded") / "store.sqlite"
    return open_store(f"sqlite:///{path}")


@pytest.fixture()
def store(db_url) -> Store:
    """The six-city store of tests/builders.make_store, on SQLite and on PostgreSQL."""
    s = make_store(db_url)
    yield s
    s.engine.dispose()

