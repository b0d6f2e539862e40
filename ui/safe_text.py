"""Data-derived text inside Streamlit's markdown elements, shown literally.

st.markdown, st.caption, st.header/subheader/title, st.info/warning/error and the labels
of widgets read their text as Markdown: a city named ``[x](javascript:...)`` would become
a link, ``&lt;b&gt;`` would be decoded, ``**`` or ``:red[...]`` would restyle the text.
:func:`md` escapes a value so that it reads exactly as stored. Streamlit already shows raw
HTML in Markdown as text (no ``unsafe_allow_html``); this keeps the rest literal too.
"""

from __future__ import annotations

import re
from typing import Any

# Characters that start Markdown (or Streamlit) syntax inside a line: emphasis, code, links,
# raw HTML and autolinks, entities, strikethrough, LaTeX ("$"), tables, headings, and ":" of
# ":red[...]", ":material/...:" and emoji short codes. CommonMark lets any of them be
# escaped with a backslash. Commas, dots, dashes and brackets "()" stay as they are.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&~$:|#])")
# A list marker at the very start ("- x", "+ x", "1. x", "2) x").
_LEADING_BULLET = re.compile(r"^(\s*)([-+])")
_LEADING_NUMBER = re.compile(r"^(\s*\d+)([.)])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(value: Any) -> str:
    """``value`` as Markdown that renders as the same text (line breaks become spaces).

    >>> md("[x](javascript:alert(1))")
    '\\\\[x\\\\](javascript\\\\:alert(1))'
    >>> md("&lt;b&gt; **bold**")
    '\\\\&lt;b\\\\&gt; \\\\*\\\\*bold\\\\*\\\\*'
    >>> md("- Tehran, IR")
    '\\\\- Tehran, IR'
    >>> md(None)
    ''
    """
    if value is None:
        return ""
    text = _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    text = _LEADING_BULLET.sub(r"\1\\\2", text, count=1)
    return _LEADING_NUMBER.sub(r"\1\\\2", text, count=1)
