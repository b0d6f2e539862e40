"""Direction and font for the page: right-to-left Persian in Vazirmatn, served locally.

The font files are served by Streamlit's static file serving (``static/`` at
``app/static/``); nothing is fetched off the machine. URLs are relative to the page so
that the app also works under a ``server.baseUrlPath``.
"""

from __future__ import annotations

import streamlit as st

from graph.i18n import direction

FONT_STACK = "Vazirmatn, Tahoma, sans-serif"
FONT_FILES = (
    ("app/static/fonts/Vazirmatn-Regular.woff2", 400),
    ("app/static/fonts/Vazirmatn-Bold.woff2", 700),
)


def _font_faces() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "Vazirmatn"; src: url("{url}") format("woff2"); '
        f"font-weight: {weight}; font-style: normal; font-display: swap; }}"
        for url, weight in FONT_FILES
    )


def direction_css(lang: str) -> str:
    """The CSS for ``lang``: @font-face rules, the font, and rtl/ltr for main and sidebar."""
    side = direction(lang)
    align = "right" if side == "rtl" else "left"
    return f"""
{_font_faces()}
.stApp, .stApp input, .stApp textarea, .stApp button, .stApp select {{
    font-family: {FONT_STACK};
}}
[data-testid="stMain"], [data-testid="stSidebar"] {{
    direction: {side};
    text-align: {align};
}}
/* Plotly lays out its SVG itself (text-anchor start/end); an inherited rtl flips it. */
[data-testid="stPlotlyChart"], .js-plotly-plot {{
    direction: ltr;
    text-align: left;
}}
/* Tables (st.table) align their cells explicitly: follow the reading direction. */
[data-testid="stTable"] th, [data-testid="stTable"] td {{
    text-align: {align} !important;
}}
/* Material icons are a font too: keep theirs. */
[data-testid="stIconMaterial"] {{
    font-family: "Material Symbols Rounded";
}}
"""


def text_align(lang: str) -> str:
    """``text_alignment`` for st.title, st.subheader, st.markdown, st.caption in ``lang``.

    Those elements default to an explicit ``left``, which the page's rtl does not undo.
    """
    return "right" if direction(lang) == "rtl" else "left"


def apply_direction(lang: str) -> None:
    """Inject :func:`direction_css` for ``lang`` into the page (takes no space)."""
    st.html(f"<style>{direction_css(lang)}</style>")
