"""The cache keys of ui/cache.py: equal frozen dataclasses share one cached value, and a
new content version of the store is a new key."""

from __future__ import annotations

import streamlit as st

from ui.cache import NetworkLook, NetworkSpec, Source

calls: list[NetworkSpec] = []


@st.cache_data(show_spinner=False)
def _drawn(spec: NetworkSpec, look: NetworkLook) -> str:
    calls.append(spec)
    return f"{spec.source.version}:{spec.centre}:{look.lang}"


def test_equal_keys_share_a_value_and_a_new_version_is_a_new_key() -> None:
    _drawn.clear()
    calls.clear()
    first = NetworkSpec(Source("sqlite:///x", "v1"), "iran", centre="112931", hops=2)
    again = NetworkSpec(Source("sqlite:///x", "v1"), "iran", centre="112931", hops=2)
    assert first is not again
    assert _drawn(first, NetworkLook("fa")) == _drawn(again, NetworkLook("fa"))
    assert len(calls) == 1
    edited = NetworkSpec(Source("sqlite:///x", "v2"), "iran", centre="112931", hops=2)
    assert _drawn(edited, NetworkLook("fa")) == "v2:112931:fa"
    _drawn(first, NetworkLook("en"))
    assert len(calls) == 3
