"""A page whose store cannot be opened tells every visitor the same generic message in the
page's language; the reason (host, user, the driver's words) goes to the server's log
only, with the password masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from graph.i18n import t
from tests.app.conftest import assert_ok, editor_session, run_page

SECRET = "secret"
UNREACHABLE = f"postgresql://user:{SECRET}@127.0.0.1:1/x"  # nothing listens on port 1


def _texts(node) -> Iterator[str]:
    """Every element's whole content (its protobuf as text), depth first."""
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield str(proto)
    value = getattr(node, "value", None)
    if isinstance(value, str):
        yield value
    for child in getattr(node, "children", {}).values():
        yield from _texts(child)


@pytest.mark.parametrize(
    ("page", "lang", "state"),
    [("overview", "en", {}), ("overview", "fa", {}), ("data", "en", editor_session()),
     ("present", "fa", editor_session())],
)
def test_an_unreachable_store_shows_a_generic_message_and_no_secret(
    monkeypatch, caplog, page, lang, state
):
    monkeypatch.setenv("DIPLOMACY_DB_URL", UNREACHABLE)
    with caplog.at_level(logging.ERROR, logger="ui.page"):
        at = run_page(page, lang, **state)
    assert_ok(at)
    assert [e.value for e in at.error] == [t("error.store", lang)]
    texts = list(_texts(at._tree))
    assert texts and not [text for text in texts if SECRET in text]
    assert "127.0.0.1" not in " ".join(texts)  # nor where the database is
    logged = [r.getMessage() for r in caplog.records if r.name == "ui.page"]
    assert logged and "user:***@127.0.0.1:1" in logged[0]
    assert not [m for m in logged if SECRET in m]
