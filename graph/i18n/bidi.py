"""Mixed-direction text: a Persian sentence holding Latin names, digits or links, shown in
its reading order wherever it is drawn.

Plotly draws SVG text and Streamlit's tables draw on a canvas, both left to right unless
told otherwise, and PowerPoint and LibreOffice guess a run's direction from its first
letter. So a Persian sentence that holds ``GeoNames (…)`` or ``Istanbul، London`` comes
out with its words, dates and brackets in the wrong order. :func:`in_reading_order` is the
one way to put such a sentence on a figure, tooltip, table or slide: the whole sentence is
isolated right to left (RLI … PDI, Unicode's bidirectional isolates), and every Latin run
in it (a name, a code, a link, a Latin number) left to right (LRI … PDI), so the run keeps
its own order and cannot pull the Persian words or punctuation around it.

English text is isolated left to right, so a Persian city name inside it cannot reorder
the sentence either. Text that already went through the function is returned unchanged.
The isolates are invisible; stored text never holds them (:func:`graph.names.clean_text`
removes them), they are only added where text is shown.

This module is pure Python: it never imports streamlit.
"""

from __future__ import annotations

import re

__all__ = [
    "FSI",
    "LRI",
    "LRM",
    "PDI",
    "RLI",
    "RLM",
    "in_reading_order",
    "no_break",
    "plain",
    "runs_in_reading_order",
]

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
WORD_JOINER = "\u2060"

# A Latin run: starts and ends with a Latin letter or digit (or a link's closing slash),
# and may hold spaces and the punctuation of names, codes and links in between.
_LATIN = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_LATIN_RUN = re.compile(rf"[{_LATIN}](?:[{_LATIN}.,:/\-_'’%?=#+@~ ]*[{_LATIN}/])?")
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_LINES = re.compile(r"(<br\s*/?>|\n)")


def in_reading_order(text: str, lang: str, *, marks: bool = False) -> str:
    """``text`` with the invisible marks that keep it in reading order in ``lang``.

    ``marks`` uses the older direction marks instead of isolates (RLM at the start and
    after every Latin run), for renderers that set a paragraph's direction themselves and
    may not know isolates (PowerPoint runs).

    Each line (split at ``<br>`` or a line break) is isolated on its own, and markup
    (plotly's ``<b>``, ``<br>``, HTML entities) is left as it is.

    >>> s = in_reading_order("GeoNames (مختصات)", "fa")
    >>> s == RLI + LRI + "GeoNames" + PDI + " (مختصات)" + PDI
    True
    >>> in_reading_order("<b>Tehran</b>", "en") == LRI + "<b>Tehran</b>" + PDI
    True
    >>> in_reading_order("", "fa")
    ''
    """
    if not text:
        return text
    parts = _LINES.split(text)
    return "".join(p if i % 2 else _line(p, lang, marks) for i, p in enumerate(parts))


def _line(text: str, lang: str, marks: bool) -> str:
    if not text or text[0] in (LRI, RLI, FSI, RLM, LRM):
        return text
    if lang != "fa":
        return LRM + text if marks else LRI + text + PDI
    if marks:

        def mark(m: re.Match) -> str:
            return m.group(0) + RLM
    else:

        def mark(m: re.Match) -> str:
            return LRI + m.group(0) + PDI

    pieces = _MARKUP.split(text)
    marked = "".join(p if i % 2 else _LATIN_RUN.sub(mark, p) for i, p in enumerate(pieces))
    return RLM + marked if marks else RLI + marked + PDI


def runs_in_reading_order(text: str, lang: str) -> str:
    """A piece to fill into a line that :func:`in_reading_order` already made (a name
    put into a hover template in the browser): in Persian its Latin runs isolated left to
    right, as the whole line would have had them; in English unchanged.

    >>> runs_in_reading_order("Rome", "fa") == LRI + "Rome" + PDI
    True
    >>> runs_in_reading_order("Rome", "en")
    'Rome'
    """
    if lang != "fa" or not text:
        return text
    pieces = _MARKUP.split(text)
    return "".join(
        p if i % 2 else _LATIN_RUN.sub(lambda m: LRI + m.group(0) + PDI, p)
        for i, p in enumerate(pieces)
    )


def no_break(text: str) -> str:
    """``text`` kept on one line: its spaces made no-break and a word joiner after every
    other character, so a short figure such as «×۱٫۳» never wraps apart from its number.

    >>> no_break("× ۱") == "×" + WORD_JOINER + "\u00a0" + WORD_JOINER + "۱"
    True
    """
    return WORD_JOINER.join(text.replace(" ", "\u00a0"))


_MARKS = re.compile(f"[{LRI}{RLI}{FSI}{PDI}{LRM}{RLM}]")


def plain(text: str) -> str:
    """``text`` without the marks :func:`in_reading_order` adds (to compare or search it).

    >>> plain(in_reading_order("GeoNames (مختصات)", "fa"))
    'GeoNames (مختصات)'
    """
    return _MARKS.sub("", text)
