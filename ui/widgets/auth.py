"""Editor sign-in for the Data page: viewing is open, changing data needs a signed-in editor.

Editors come from the ``DIPLOMACY_EDITORS`` environment variable or ``st.secrets["editors"]``
(``name:salt:hash;...``, made with ``python -m graph hash-password NAME``), never from git.
Five failed sign-ins lock a name out for five minutes (``graph.store.editors.LockOut``: the
count is kept in the store, so it holds across restarts and replicas). A session signed in
expires after 30 minutes without activity.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from graph.i18n import digits, t
from graph.store.editors import EDITORS_ENV, LockOut, parse_editors
from ui.data import get_store, store_url
from ui.state import (
    AUTH_EXPIRED,
    EDITOR,
    EDITOR_SEEN,
    SIGN_IN_FORM,
    SIGN_IN_NAME,
    SIGN_IN_PASSWORD,
    SIGN_OUT,
)

SESSION_SECONDS = 30 * 60


def editors() -> dict[str, tuple[bytes, str]]:
    """The configured editors: the environment first, then Streamlit's secrets."""
    text = os.environ.get(EDITORS_ENV)
    if not text:
        try:
            value = st.secrets.get("editors")
        except Exception:  # no secrets file at all: no editors
            value = None
        if isinstance(value, list | tuple):
            value = ";".join(map(str, value))
        text = value if isinstance(value, str) else ""
    return parse_editors(text)


def current_editor() -> str | None:
    """The signed-in editor of this session, or None; expires after 30 idle minutes."""
    name = st.session_state.get(EDITOR)
    if not name:
        return None
    seen = st.session_state.get(EDITOR_SEEN, 0.0)
    if time.time() - seen > SESSION_SECONDS or name not in editors():
        sign_out()
        st.session_state[AUTH_EXPIRED] = True
        return None
    st.session_state[EDITOR_SEEN] = time.time()
    return name


def sign_out() -> None:
    """Forget this session's editor."""
    st.session_state.pop(EDITOR, None)
    st.session_state.pop(EDITOR_SEEN, None)


def sign_in_box(lang: str) -> str | None:
    """Draw the sign-in form (or who is signed in, with a sign-out button); return the editor."""
    editor = current_editor()
    if editor:
        cols = st.columns([4, 1])
        cols[0].success(t("auth.signed_in", lang, name=editor))
        if cols[1].button(t("auth.sign_out", lang), key=SIGN_OUT):
            sign_out()
            st.rerun()
        return editor
    if st.session_state.pop(AUTH_EXPIRED, False):
        st.info(t("auth.expired", lang))
    known = editors()
    with st.expander(t("auth.title", lang), expanded=False):
        if not known:
            st.caption(t("auth.none_configured", lang))
            return None
        with st.form(SIGN_IN_FORM, clear_on_submit=True):
            name = st.text_input(t("auth.name", lang), key=SIGN_IN_NAME)
            password = st.text_input(
                t("auth.password", lang), type="password", key=SIGN_IN_PASSWORD
            )
            submitted = st.form_submit_button(t("auth.sign_in", lang))
        if submitted:
            _try_sign_in(name.strip(), password, known, lang)
    return current_editor()


def _try_sign_in(name: str, password: str, known: dict, lang: str) -> None:
    result = LockOut(get_store(store_url())).sign_in(known, name, password)
    if result.editor:
        st.session_state[EDITOR] = result.editor
        st.session_state[EDITOR_SEEN] = time.time()
        st.rerun()
    if result.locked_for:
        minutes = max(1, round(result.locked_for / 60))
        locked = t("auth.locked", lang, minutes=digits(minutes, lang))
        # a try that used up the last one says so now, not at the next attempt
        st.error(t("auth.failed", lang) + " " + locked if result.checked else locked)
        return
    st.error(t("auth.failed", lang))
