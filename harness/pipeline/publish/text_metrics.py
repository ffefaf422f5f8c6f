"""How wide a text is drawn in the charts, in pixels: the advance widths of
the font fontconfig gives for the charts' FONT (DejaVu Sans on Debian, which
is what rsvg-convert draws the PNGs with and what a browser here shows the
SVGs with), read from its TrueType file; Helvetica's own widths where there
is no such font (wider fonts only make the charts' room too small, never
an overprint unseen: the test of the charts reads the same widths).

  text_px(text, size)    pixels of `text` at a font size of `size` pixels
"""

import functools
import shutil
import struct
import subprocess

FONT = "Helvetica"
# Helvetica's advance widths in thousandths of an em (its AFM file), for the
# printable ASCII characters; any other character counts as a digit's.
_HELVETICA = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
    "abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
     *(556,) * 10, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
     722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
     667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222,
     222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
     334, 260, 334, 584)))


def _font_file():
    """The file fontconfig draws FONT with, or None."""
    if not shutil.which("fc-match"):
        return None
    done = subprocess.run(["fc-match", "-f", "%{file}", FONT], capture_output=True, text=True)
    found = done.stdout.strip()
    return found if done.returncode == 0 and found.endswith((".ttf", ".otf")) else None


def _tables(data):
    count = struct.unpack_from(">H", data, 4)[0]
    return {data[12 + 16 * i:16 + 16 * i].decode("latin-1"):
            struct.unpack_from(">I", data, 20 + 16 * i)[0] for i in range(count)}


def _glyph_of(data, cmap):
    """{code point: glyph} of a TrueType cmap's Unicode BMP subtable
    (format 4)."""
    count = struct.unpack_from(">H", data, cmap + 2)[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        at = cmap + offset
        if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(">H", data, at)[0] == 4:
            break
    else:
        return {}
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    ranges_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, ranges_at)
    glyphs = {}
    for s, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets)):
        for code in range(start, min(end, 0x2FFF) + 1):    # the scripts a label uses
            if offset == 0:
                glyphs[code] = (code + delta) & 0xFFFF
            else:
                where = ranges_at + 2 * s + offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                glyphs[code] = (glyph + delta) & 0xFFFF if glyph else 0
    return glyphs


@functools.lru_cache(maxsize=1)
def _widths():
    """({code point: advance in ems}, an em's default advance)."""
    path = _font_file()
    if path:
        with open(path, "rb") as f:
            data = f.read()
        tables = _tables(data)
        per_em = struct.unpack_from(">H", data, tables["head"] + 18)[0]
        metrics = struct.unpack_from(">H", data, tables["hhea"] + 34)[0]
        advances = struct.unpack_from(f">{2 * metrics}H", data, tables["hmtx"])[0::2]
        found = {code: advances[min(glyph, metrics - 1)] / per_em
                 for code, glyph in _glyph_of(data, tables["cmap"]).items()}
        return found, found.get(ord("0"), 0.6)
    return {ord(c): w / 1000 for c, w in _HELVETICA.items()}, 0.556


def text_px(text, size):
    """The width of `text` drawn at `size` pixels."""
    widths, default = _widths()
    return sum(widths.get(ord(c), default) for c in text) * size
