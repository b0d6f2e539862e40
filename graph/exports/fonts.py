"""The bundled Vazirmatn embedded in the PowerPoint deck, so a laptop without the font shows
the deck's Persian text as it was made rather than in a substitute.

PowerPoint keeps an embedded font as an Embedded OpenType (EOT) part
(``ppt/fonts/fontN.fntdata``) named from ``p:embeddedFontLst`` in ``presentation.xml``.
:func:`eot` wraps a TrueType file in the EOT header (version 2.1, uncompressed, not
XOR-ed; W3C's EOT submission of 2008) from the font's own ``OS/2``, ``head`` and ``name``
tables. Vazirmatn's licence (SIL OFL) allows embedding, and its ``fsType`` says so; a
font whose ``fsType`` forbids it is refused.
"""

from __future__ import annotations

import struct
from pathlib import Path

from graph.exports.images import FONT_DIR

__all__ = ["DECK_FONTS", "EmbeddingRefused", "embed_fonts", "eot"]

# the deck's typeface and its files, by the slot PowerPoint names them in
DECK_FONTS = {
    "Vazirmatn": {
        "regular": FONT_DIR / "Vazirmatn-Regular.ttf",
        "bold": FONT_DIR / "Vazirmatn-Bold.ttf",
    }
}
EOT_VERSION = 0x00020001
EOT_MAGIC = 0x504C
DEFAULT_CHARSET = 1
RESTRICTED_LICENCE = 0x0002  # fsType bit: the font may not be embedded
FONT_PART = "application/x-fontdata"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
# name ids of the family, style, version and full names (OpenType's name table)
NAME_IDS = (1, 2, 5, 4)


class EmbeddingRefused(ValueError):
    """The font's licence bits (``OS/2.fsType``) forbid embedding it."""


def _tables(data: bytes) -> dict[bytes, bytes]:
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        tables[tag] = data[offset : offset + length]
    return tables


def _names(table: bytes) -> dict[int, str]:
    """The Windows (platform 3, Unicode BMP, US English) names of a ``name`` table."""
    _format, count, strings = struct.unpack_from(">HHH", table, 0)
    names = {}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(
            ">6H", table, 6 + 12 * i
        )
        if (platform, encoding, language) == (3, 1, 0x409):
            start = strings + offset
            names[name_id] = table[start : start + length].decode("utf-16-be")
    return names


def eot(ttf: bytes) -> bytes:
    """The TrueType font ``ttf`` as an EOT file (uncompressed), as PowerPoint embeds it.

    >>> data = eot((FONT_DIR / "Vazirmatn-Regular.ttf").read_bytes())
    >>> struct.unpack_from("<LLLL", data)[2:] == (EOT_VERSION, 0)
    True
    """
    tables = _tables(ttf)
    os2, head = tables[b"OS/2"], tables[b"head"]
    weight, fs_type = struct.unpack_from(">H", os2, 4)[0], struct.unpack_from(">H", os2, 8)[0]
    if fs_type & RESTRICTED_LICENCE:
        raise EmbeddingRefused("the font's licence bits forbid embedding it")
    panose = os2[32:42]
    unicode_ranges = struct.unpack_from(">4L", os2, 42)
    italic = struct.unpack_from(">H", os2, 62)[0] & 1
    code_pages = struct.unpack_from(">2L", os2, 78)
    checksum_adjustment = struct.unpack_from(">L", head, 8)[0]
    names = _names(tables[b"name"])
    strings = b""
    for name_id in NAME_IDS:
        text = names.get(name_id, "").encode("utf-16-le")
        strings += struct.pack("<HH", 0, len(text)) + text
    strings += struct.pack("<HH", 0, 0)  # no root string: any document may use it
    header = struct.pack("<4L", 0, len(ttf), EOT_VERSION, 0)
    header += panose + struct.pack("<BBLHH", DEFAULT_CHARSET, italic, weight, fs_type, EOT_MAGIC)
    header += struct.pack("<4L2LL4L", *unicode_ranges, *code_pages, checksum_adjustment, 0, 0, 0, 0)
    body = header + strings + ttf
    return struct.pack("<L", len(body)) + body[4:]


def embed_fonts(deck, fonts: dict[str, dict[str, Path]] | None = None) -> None:
    """Embed ``fonts`` (typeface -> slot -> TrueType file; the deck's Vazirmatn by default)
    in the python-pptx presentation ``deck``: one EOT part per file, related from the
    presentation and listed in its ``p:embeddedFontLst``."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.oxml.ns import qn

    part = deck.part
    root = part._element
    listing = root.makeelement(qn("p:embeddedFontLst"), {})
    number = 0
    for typeface, slots in (fonts or DECK_FONTS).items():
        entry = listing.makeelement(qn("p:embeddedFont"), {})
        entry.append(entry.makeelement(qn("p:font"), {"typeface": typeface}))
        for slot, path in slots.items():
            number += 1
            font = Part(
                PackURI(f"/ppt/fonts/font{number}.fntdata"),
                FONT_PART,
                part.package,
                eot(Path(path).read_bytes()),
            )
            entry.append(
                entry.makeelement(
                    qn(f"p:{slot}"), {qn("r:id"): part.relate_to(font, FONT_RELATIONSHIP)}
                )
            )
        listing.append(entry)
    # the schema's order: ... sldSz, notesSz, smartTags, embeddedFontLst, ...
    anchor = root.find(qn("p:smartTags"))
    if anchor is None:
        anchor = root.find(qn("p:notesSz"))
    anchor.addnext(listing)
