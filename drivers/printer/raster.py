"""Text as printer dots: the glyph grid of a Chinese ESC/POS printer, drawn with Pillow.

Used twice: by the raster fallback (printers without a Chinese font get each line as a
``GS v 0`` image) and by the virtual printer's renderer. Both draw on the printer's own cell
grid — font A: 12×24 dots per single-byte (ASCII) character, 24×24 per double-byte (GB18030)
character, times the size multipliers — so a raster ticket and a native ticket look alike
and column arithmetic is the same everywhere.

Pillow rather than Qt: this runs on device worker threads, where Qt's font machinery would
need a QGuiApplication and its GUI thread.
"""
from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

log = logging.getLogger(__name__)

CELL_W, CELL_H = 12, 24  # font A half-width cell; a double-byte character is 2 cells wide
GLYPH_PX = 22  # em size drawn in a 24-dot cell: a little air between lines like real fonts
BASELINE = 19  # from the cell top: CJK ideographs sit on ~0.12 em below the baseline

#: the monospaced face, like a printer's font: Latin half-width, Han full-width
_FAMILY = "Noto Sans Mono CJK SC"
_KNOWN_FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 7),  # index 7 = Mono CJK SC
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 7),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]


class FontMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=4)
def cjk_font_file(bold: bool = False) -> tuple[str, int]:
    """(path, face index) of a Simplified Chinese font: fontconfig first, then known paths."""
    pattern = f"{_FAMILY}:bold" if bold else _FAMILY
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}|%{index}|%{lang}", pattern],
                capture_output=True, text=True, timeout=5, check=False,
            ).stdout
            path, index, langs = (out.split("|") + ["", "", ""])[:3]
            if path and Path(path).exists() and "zh-cn" in langs:
                return path, int(index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for path, index in _KNOWN_FONTS:
        if Path(path).exists() and (("Bold" in path) == bold or "Noto" not in path):
            return path, index
    for path, index in _KNOWN_FONTS:
        if Path(path).exists():
            return path, index
    raise FontMissing("no Chinese font found (install fonts-noto-cjk)")


@functools.lru_cache(maxsize=8)
def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    path, index = cjk_font_file(bold)
    return ImageFont.truetype(path, px, index=index)


def char_cells(ch: str) -> int:
    """Cells (12-dot units) a character takes on the printer: by its GB18030 byte length."""
    return 1 if ord(ch) < 0x80 else 2


def text_cells(text: str) -> int:
    return sum(char_cells(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _glyph(ch: str, bold: bool, k: int) -> tuple[int, Image.Image]:
    """``ch``'s coverage in its cell at height multiplier ``k``, centred on the common
    baseline: (how far it reaches left of the cell, the mask). Rendered once per character:
    FreeType's render and measure were most of a ticket's drawing time (~25 ms of ~45 ms in
    the virtual printer), all of it holding the interpreter lock the Qt thread waits for.
    The same pixels as drawing the character in place (integer positions), overlaps too."""
    font = _font(bold, GLYPH_PX * k)
    cw = char_cells(ch) * CELL_W * k
    bbox = font.getbbox(ch, anchor="ls")
    gx = (cw - (bbox[2] - bbox[0])) // 2 - bbox[0]  # the glyph's origin in its cell
    left = max(0, -(gx + bbox[0]))  # ink left of the cell (a glyph wider than its cell)
    width = max(cw, gx + bbox[2]) + left
    cell = Image.new("L", (width, CELL_H * k), 0)
    ImageDraw.Draw(cell).text((gx + left, BASELINE * k), ch, font=font, fill=255, anchor="ls")
    return left, cell


def draw_text(
    img: Image.Image, x: int, y: int, text: str, *, width: int = 1, height: int = 1,
    bold: bool = False, underline: bool = False, invert: bool = False,
) -> int:
    """Draw ``text`` on a mode "L"/"1" image at (x, y) on the printer's cell grid.

    Returns the x after the last character. Glyphs are drawn at the height multiplier's
    size (smooth outlines, like a printer with smoothing on) and stretched horizontally
    when the width multiplier differs.
    """
    k = height
    cells = text_cells(text)
    if cells == 0:
        return x
    strip = Image.new("L", (cells * CELL_W * k, CELL_H * k), 255)
    cx = 0
    for ch in text:
        cw = char_cells(ch) * CELL_W * k
        if not ch.isspace():
            left, ink = _glyph(ch, bold, k)
            strip.paste(0, (cx - left, 0), ink)  # black through the glyph's coverage
        cx += cw
    if underline:
        ImageDraw.Draw(strip).line([(0, CELL_H * k - 2), (strip.width - 1, CELL_H * k - 2)],
                                   fill=0, width=k)
    if invert:
        strip = ImageOps.invert(strip)
    if width != height:
        strip = strip.resize((cells * CELL_W * width, CELL_H * k), Image.Resampling.BILINEAR)
    # thermal heads print dots, not grey: threshold so the PNG shows what paper would
    mask = strip.point(lambda v: 255 if v < 140 else 0, mode="L")
    img.paste(0, (x, y), mask)
    return x + cells * CELL_W * width


def render_line(
    text: str, width_dots: int, *, align: str = "left", width: int = 1, height: int = 1,
    bold: bool = False, underline: bool = False,
) -> Image.Image:
    """One printed line as a 1-bit image ``width_dots`` wide (the raster fallback's unit)."""
    img = Image.new("L", (width_dots, CELL_H * height), 255)
    line_w = text_cells(text) * CELL_W * width
    x = {"center": (width_dots - line_w) // 2, "right": width_dots - line_w}.get(align, 0)
    draw_text(img, max(0, x), 0, text, width=width, height=height, bold=bold,
              underline=underline)
    return img.convert("1", dither=Image.Dither.NONE)


def raster_command(img: Image.Image, *, band_rows: int = 256) -> bytes:
    """``GS v 0`` commands printing ``img`` (black = dots), in bands of ``band_rows`` rows.

    Bands keep each command within what small printers buffer; the printer stacks them with
    no gap.
    """
    mono = img.convert("L").point(lambda v: 255 if v < 128 else 0, mode="L").convert(
        "1", dither=Image.Dither.NONE)
    width_bytes = (mono.width + 7) // 8
    if mono.width % 8:
        padded = Image.new("1", (width_bytes * 8, mono.height), 0)
        padded.paste(mono, (0, 0))
        mono = padded
    data = mono.tobytes()  # row-major, MSB first, 1 = black after the point() above
    out = bytearray()
    for top in range(0, mono.height, band_rows):
        rows = min(band_rows, mono.height - top)
        out += b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")
        out += data[top * width_bytes : (top + rows) * width_bytes]
    return bytes(out)


def raster_to_image(width_bytes: int, rows: int, data: bytes, scale_x: int = 1,
                    scale_y: int = 1) -> Image.Image:
    """Inverse of :func:`raster_command` for one band (used by the renderer)."""
    img = Image.frombytes("1", (width_bytes * 8, rows), bytes(data))
    img = ImageOps.invert(img.convert("L"))  # 1 bits are black dots
    if scale_x != 1 or scale_y != 1:
        img = img.resize((img.width * scale_x, img.height * scale_y), Image.Resampling.NEAREST)
    return img
