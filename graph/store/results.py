"""Results computed from the store, kept on disk per store content.

The heavy parts of the Statistics, Map and Opportunities pages (world statistics take
tens of seconds) depend only on the stored rows. :class:`Results` keeps them in a folder
per content hash (:meth:`graph.store.engine.Store.content_hash`), so a value computed
once, by ``python -m graph precompute`` or by the first visit, is read back in
milliseconds by every later visit, replica and restart, and an edit (a new hash) makes
them be computed again. The folder also carries a hash of the program that computed them
(:func:`program_fingerprint`), so that a new version of the program (a result with a new
field, a changed model) never reads an older one's results. Only the newest
``kept_results`` (a setting) folders are kept.

The files are Python pickles written by this program only: the folder
(``DIPLOMACY_RESULTS_DIR``, default ``var/results``) must not be writable by anyone else.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from graph.settings import default
from graph.store.engine import PROJECT_ROOT

__all__ = ["RESULTS_DIR_ENV", "Results", "program_fingerprint", "results_dir"]

RESULTS_DIR_ENV = "DIPLOMACY_RESULTS_DIR"
T = TypeVar("T")


def results_dir() -> Path:
    """The folder of kept results: ``DIPLOMACY_RESULTS_DIR`` or ``var/results``."""
    return Path(os.environ.get(RESULTS_DIR_ENV) or PROJECT_ROOT / "var" / "results")


@functools.cache
def program_fingerprint() -> str:
    """A hash of the code and texts of the ``graph`` package, which computes every kept
    result (read once per process, in a few milliseconds)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".toml"} and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Results:
    """The kept results of one store content ``version`` under ``folder``.

    >>> import tempfile
    >>> kept = Results("abc", tempfile.mkdtemp())
    >>> kept.fetch(("answer",), lambda: 42), kept.fetch(("answer",), lambda: 0)
    (42, 42)
    """

    def __init__(self, version: str, folder: Path | str | None = None) -> None:
        self.version = version
        self.root = Path(folder) if folder is not None else results_dir()
        self.folder = self.root / f"{version}-{program_fingerprint()}"

    def _path(self, key: Hashable) -> Path:
        return self.folder / (hashlib.sha256(repr(key).encode()).hexdigest()[:32] + ".pickle")

    def has(self, key: Hashable) -> bool:
        """Whether a result for ``key`` is kept."""
        return self._path(key).is_file()

    def get(self, key: Hashable, missing: Any = None) -> Any:
        """The kept result for ``key``, else ``missing`` (also when the file is unreadable:
        it is then computed again)."""
        try:
            with self._path(key).open("rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return missing

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` for ``key``: written to a temporary file, then renamed, so a
        reader never sees half a file. A folder that cannot be written is skipped."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self._path(key))
        except OSError:
            return
        self._prune()

    def fetch(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept result for ``key``, computed with ``compute()`` and kept when missing."""
        sentinel = object()
        value = self.get(key, sentinel)
        if value is sentinel:
            value = compute()
            self.put(key, value)
        return value

    def _prune(self) -> None:
        """Keep the newest ``kept_results`` content folders (this one included)."""
        try:
            folders = [p for p in self.root.iterdir() if p.is_dir() and p != self.folder]
        except OSError:
            return
        folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in folders[int(default("kept_results")) - 1 :]:
            shutil.rmtree(old, ignore_errors=True)
