"""The deck's font travels with it: Vazirmatn as Embedded OpenType, read back by libeot."""

from __future__ import annotations

import shutil
import struct
import subprocess

import pytest

from graph.exports.fonts import DECK_FONTS, EmbeddingRefused, eot

FILES = [path for slots in DECK_FONTS.values() for path in slots.values()]


def eot_to_ttf(data: bytes, tmp_path, skip_or_fail) -> bytes:
    """``data`` (an EOT file) as libeot's eot2ttf reads it back."""
    if shutil.which("eot2ttf") is None:
        skip_or_fail("libeot's eot2ttf is missing (apt-get install eot2ttf, or run ./test.sh)")
    source, out = tmp_path / "font.eot", tmp_path / "font.ttf"
    source.write_bytes(data)
    subprocess.run(["eot2ttf", str(source), str(out)], check=True, capture_output=True)
    return out.read_bytes()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_libeot_reads_the_font_back_byte_for_byte(path, tmp_path, skip_or_fail):
    ttf = path.read_bytes()
    data = eot(ttf)
    assert struct.unpack_from("<L", data)[0] == len(data)
    assert struct.unpack_from("<L", data, 4)[0] == len(ttf)
    assert data.endswith(ttf)
    assert "Vazirmatn".encode("utf-16-le") in data[: len(data) - len(ttf)]
    assert eot_to_ttf(data, tmp_path, skip_or_fail) == ttf


def test_a_font_whose_licence_forbids_embedding_is_refused():
    ttf = bytearray(FILES[0].read_bytes())
    count = struct.unpack_from(">H", ttf, 4)[0]
    for i in range(count):
        tag, _sum, offset, _length = struct.unpack_from(">4sLLL", ttf, 12 + 16 * i)
        if tag == b"OS/2":
            struct.pack_into(">H", ttf, offset + 8, 0x0002)  # fsType: restricted licence
    with pytest.raises(EmbeddingRefused):
        eot(bytes(ttf))
