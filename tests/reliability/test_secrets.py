"""A database password is never printed: not in help texts, not in error messages."""

from __future__ import annotations

import pytest

from graph.cli.main import HANDLERS, WITHOUT_STORE, main
from graph.store.engine import DB_URL_ENV, StoreError, masked_url, open_store

SECRET = "s3cret-Pa55"
URLS = [
    f"postgresql+psycopg://ali:{SECRET}@127.0.0.1:1/diplomacy",  # nothing listens there
    f"postgresql+psycopg://ali:{SECRET}@127.0.0.1:port/diplomacy",  # malformed port
    f"postgresql+psycopg://ali:{SECRET}@db@127.0.0.1:1/diplomacy",  # an unescaped @
    f"nonsense://ali:{SECRET}@127.0.0.1/diplomacy",  # an unknown dialect
    f"not a url ali:{SECRET}@db",
    f"postgresql+psycopg://127.0.0.1:1/diplomacy?password={SECRET}",
]
COMMANDS = [*WITHOUT_STORE, *HANDLERS]


@pytest.mark.parametrize("url", URLS)
def test_masked_url_hides_the_password(url):
    shown = masked_url(url)
    assert SECRET not in shown and "***" in shown


def test_masked_url_leaves_a_url_without_password_as_typed():
    for url in ("sqlite:///var/diplomacy.sqlite", "postgresql+psycopg://ali@db/x"):
        assert masked_url(url) == url


@pytest.mark.parametrize("command", COMMANDS)
def test_help_never_shows_the_password(command, monkeypatch, capsys):
    monkeypatch.setenv(DB_URL_ENV, URLS[0])
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr()
    assert SECRET not in out.out + out.err
    assert "ali:***@127.0.0.1:1" in out.out


@pytest.mark.parametrize("url", URLS)
def test_errors_never_show_the_password(url, monkeypatch, capsys):
    monkeypatch.setenv(DB_URL_ENV, url)
    assert main(["stats"]) == 1
    assert main(["init"]) == 1
    assert main(["stats", "--db", url]) == 1
    out = capsys.readouterr()
    assert SECRET not in out.out + out.err
    assert out.err.startswith("error: ")
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert SECRET not in str(caught.value)
