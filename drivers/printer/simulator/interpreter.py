"""ESC/POS commands → paper roll images, one page per cut: the virtual printer's engine.

:class:`RollEngine` executes the commands the :mod:`tokenizer` splits off, in order, on a
simulated paper roll: text in the printer's cell grid (GB18030 in Chinese mode), sizes, bold,
alignment, line spacing, feeds, native QR codes (``GS ( k``), barcodes (``GS k``), raster
images (``GS v 0``), cuts.

The engine also keeps what a test needs to check a ticket without OCR: the text of every
printed line (decoded from the bytes), QR and barcode contents, lines the printer had to wrap
because they were too wide, and commands it did not understand.

From the command line: ``kiosk printer render job.bin -o out/ --width 58``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from drivers.printer.raster import CELL_H, CELL_W, char_cells, draw_text, raster_to_image
from drivers.printer.simulator.tokenizer import Token, tokenize

log = logging.getLogger(__name__)

DOTS_PER_MM = 8  # 203 dpi
PRINT_DOTS = {80: 576, 58: 384}
DEFAULT_LINE_SPACING = 30  # ESC 2: 1/6 inch on a 180 dpi command unit ≈ 30 dots


# ------------------------------------------------------------------------------- pages
@dataclass
class Page:
    """One piece of paper between two cuts."""

    image: Image.Image
    lines: list[str] = field(default_factory=list)  # text of each printed line, in order
    qr_codes: list[str] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)
    images: int = 0  # raster images (GS v 0 / ESC *) printed
    wrapped: int = 0  # lines the printer wrapped because they were wider than the paper
    clipped: int = 0  # images/codes wider than the printable area
    unknown: list[str] = field(default_factory=list)  # commands the engine did not understand
    max_text_height: int = 1  # largest height multiplier used for text
    cut: str = ""  # "full", "partial" or "" (no cut yet)
    bytes: int = 0
    path: Path | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def length_mm(self) -> float:
        return self.image.height / DOTS_PER_MM


@dataclass
class _Seg:
    text: str
    width: int
    height: int
    bold: bool
    underline: bool
    invert: bool


class RollEngine:
    """Executes ESC/POS commands on a simulated roll. Not thread-safe: one owner."""

    def __init__(self, width_mm: int = 80, *, chinese_default: bool = False) -> None:
        self.width_mm = width_mm
        self.print_dots = PRINT_DOTS.get(width_mm, width_mm * DOTS_PER_MM * 9 // 10 // 8 * 8)
        self.paper_dots = width_mm * DOTS_PER_MM
        self.margin = (self.paper_dots - self.print_dots) // 2
        self.chinese_default = chinese_default
        self.pages: list[Page] = []
        #: dots of paper fed in total (the simulator turns this into "paper left")
        self.fed_dots = 0
        self._new_page()
        self.reset_modes()

    # ----------------------------------------------------------------- state
    def reset_modes(self) -> None:
        """ESC @ / power on: modes back to defaults (the paper stays where it is)."""
        self.chinese = self.chinese_default
        self.align = "left"
        self.bold = False
        self.underline = False
        self.invert = False
        self.char_w = self.char_h = 1
        self.line_spacing = DEFAULT_LINE_SPACING
        self.left_margin = 0
        self.area_width = self.print_dots
        self.qr = {"model": 2, "size": 3, "ec": "L", "data": b""}
        self.bc = {"height": 162, "width": 3, "hri": 0}
        self._line: list[_Seg] = []
        self._line_cells_used = 0  # in 12-dot cells × width
        self._carry = b""  # an incomplete GB18030 character split across text runs

    def _new_page(self) -> None:
        self._canvas = Image.new("L", (self.paper_dots, 2048), 255)
        self.y = 8  # a little paper above the first line
        self.page = Page(self._canvas)

    def _ensure(self, rows: int) -> None:
        need = self.y + rows + 8
        if need > self._canvas.height:
            bigger = Image.new("L", (self.paper_dots, max(need, self._canvas.height * 2)), 255)
            bigger.paste(self._canvas, (0, 0))
            self._canvas = bigger
            self.page.image = bigger

    def _advance(self, dots: int) -> None:
        self._ensure(dots)
        self.y += dots
        self.fed_dots += dots

    # -------------------------------------------------------------- commands
    def execute(self, tok: Token) -> bytes:
        """Run one command; returns the bytes the printer answers (GS r, GS I), if any."""
        self.page.bytes += len(tok.raw)
        if tok.kind == "text":
            self._text(tok.args)
            return b""
        self._carry = b""
        if tok.kind == "ctl":
            return self._ctl(tok)
        handler = getattr(self, f"_{tok.kind}_{_name(tok.code)}", None)
        if handler is None:
            self._unknown(tok)
            return b""
        return handler(tok.args) or b""

    def _unknown(self, tok: Token) -> None:
        self.page.unknown.append(repr(tok))
        log.debug("virtual printer: unknown command %r", tok)

    def _ctl(self, tok: Token) -> bytes:
        if tok.code == 0x0A:  # LF
            self._print_line(feed=True)
        elif tok.code == 0x0D:  # CR: ignored by most printers when auto-LF is off
            pass
        elif tok.code == 0x09:  # HT: to the next 8-cell tab stop
            used = self._line_cells_used
            self._add_text(" " * (8 - used % 8))
        elif tok.code == 0x0C:  # FF in standard mode: print and feed to the next line
            self._print_line(feed=True)
        elif tok.code == 0x18:  # CAN: drop the line buffer
            self._line, self._line_cells_used = [], 0
        else:
            self._unknown(tok)
        return b""

    # text ------------------------------------------------------------------
    def _text(self, data: bytes) -> None:
        data = self._carry + data
        self._carry = b""
        if not self.chinese:
            self._add_text(data.decode("cp437", "replace"))
            return
        # split off an incomplete trailing GB18030 character (it continues in the next run)
        out = []
        i, n = 0, len(data)
        while i < n:
            b = data[i]
            if b < 0x80:
                out.append(chr(b))
                i += 1
                continue
            if b == 0x80 or b == 0xFF:
                out.append("?")
                i += 1
                continue
            if i + 1 >= n:
                self._carry = data[i:]
                break
            size = 4 if 0x30 <= data[i + 1] <= 0x39 else 2
            if i + size > n:
                self._carry = data[i:]
                break
            try:
                out.append(data[i : i + size].decode("gb18030"))
            except UnicodeDecodeError:
                out.append("?")
            i += size
        self._add_text("".join(out))

    def _add_text(self, text: str) -> None:
        cap = self.area_width // CELL_W
        for ch in text:
            w = char_cells(ch) * self.char_w
            if self._line_cells_used + w > cap:
                # too wide for the paper: a real printer wraps here, which ruins a layout
                self.page.wrapped += 1
                self._print_line(feed=True)
            if self._line and _same_style(self._line[-1], self):
                self._line[-1].text += ch
            else:
                self._line.append(_Seg(ch, self.char_w, self.char_h, self.bold,
                                       self.underline, self.invert))
            self._line_cells_used += w

    def _print_line(self, *, feed: bool) -> None:
        """Print the line buffer (if any) and advance by the line's height."""
        segs, self._line, self._line_cells_used = self._line, [], 0
        if not segs:
            if feed:
                self._advance(self.line_spacing)
            return
        height = max(s.height for s in segs) * CELL_H
        width = sum(sum(char_cells(c) for c in s.text) * CELL_W * s.width for s in segs)
        x = self._x_for(width)
        self._ensure(height)
        for s in segs:
            y = self.y + height - s.height * CELL_H  # characters sit on a common bottom line
            x = draw_text(self._canvas, x, y, s.text, width=s.width, height=s.height,
                          bold=s.bold, underline=s.underline, invert=s.invert)
        text = "".join(s.text for s in segs)
        self.page.lines.append(text.rstrip())
        self.page.max_text_height = max(self.page.max_text_height, max(s.height for s in segs))
        self._advance(max(height, self.line_spacing))

    def _x_for(self, width: int) -> int:
        left = self.margin + self.left_margin
        room = self.area_width - width
        if self.align == "center":
            return left + max(0, room // 2)
        if self.align == "right":
            return left + max(0, room)
        return left

    def _place(self, img: Image.Image) -> None:
        """Print a picture (image, QR, barcode) at the current alignment and advance."""
        self._print_line(feed=False) if self._line else None
        if img.width > self.area_width:
            self.page.clipped += 1
            img = img.crop((0, 0, self.area_width, img.height))
        self._ensure(img.height)
        self._canvas.paste(img.convert("L"), (self._x_for(img.width), self.y))
        self._advance(img.height)

    # ESC ------------------------------------------------------------------
    def _esc_at(self, a: bytes) -> None:
        self._print_line(feed=False) if self._line else None
        self.reset_modes()

    def _esc_bang(self, a: bytes) -> None:  # ESC ! n: print mode (font A/B, bold, 2h, 2w, ul)
        n = a[0]
        self.bold = bool(n & 0x08)
        self.char_h = 2 if n & 0x10 else 1
        self.char_w = 2 if n & 0x20 else 1
        self.underline = bool(n & 0x80)

    def _esc_E(self, a: bytes) -> None:
        self.bold = bool(a[0] & 1)

    def _esc_G(self, a: bytes) -> None:  # double-strike: looks like bold on thermal
        self.bold = bool(a[0] & 1)

    def _esc_minus(self, a: bytes) -> None:
        self.underline = a[0] in (1, 2, 49, 50)

    def _esc_a(self, a: bytes) -> None:
        self.align = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right",
                      50: "right"}.get(a[0], "left")

    def _esc_d(self, a: bytes) -> None:  # print and feed n lines
        self._print_line(feed=True)
        self._advance(self.line_spacing * max(0, a[0] - 1))

    def _esc_J(self, a: bytes) -> None:  # print and feed n dots
        self._print_line(feed=False) if self._line else None
        self._advance(a[0])

    def _esc_2(self, a: bytes) -> None:
        self.line_spacing = DEFAULT_LINE_SPACING

    def _esc_3(self, a: bytes) -> None:
        self.line_spacing = a[0]

    def _esc_ignore(self, a: bytes) -> None:
        """Accepted, no visible effect in this renderer (code page, font B, drawer kick …)."""

    _esc_M = _esc_t = _esc_R = _esc_space = _esc_p = _esc_V = _esc_r = _esc_U = _esc_ignore
    _esc_lbrace = _esc_c = _esc_S = _esc_L = _esc_T = _esc_equals = _esc_percent = _esc_ignore

    def _esc_dollar(self, a: bytes) -> None:  # absolute print position (dots)
        pos = a[0] | a[1] << 8
        target = min(pos // CELL_W, self.area_width // CELL_W)
        if target > self._line_cells_used:
            self._add_text(" " * (target - self._line_cells_used))

    def _esc_i(self, a: bytes) -> None:
        self._cut("full")

    def _esc_m(self, a: bytes) -> None:
        self._cut("partial")

    def _esc_star(self, a: bytes) -> None:  # column bit image: drawn column by column
        m, n = a[0], a[1] | a[2] << 8
        data = a[3:]
        rows = 24 if m in (32, 33) else 8
        per_col = rows // 8
        img = Image.new("L", (n, rows), 255)
        px = img.load()
        for col in range(n):
            for k in range(per_col):
                byte = data[col * per_col + k]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        px[col, k * 8 + bit] = 0
        self.page.images += 1
        self._place(img)

    # GS --------------------------------------------------------------------
    def _gs_bang(self, a: bytes) -> None:  # GS ! n: width (high nibble) and height multipliers
        self.char_w = min(8, (a[0] >> 4 & 0x0F) + 1)
        self.char_h = min(8, (a[0] & 0x0F) + 1)

    def _gs_B(self, a: bytes) -> None:
        self.invert = bool(a[0] & 1)

    def _gs_L(self, a: bytes) -> None:
        self.left_margin = min(a[0] | a[1] << 8, self.print_dots - CELL_W)
        self.area_width = min(self.area_width, self.print_dots - self.left_margin)

    def _gs_W(self, a: bytes) -> None:
        self.area_width = max(CELL_W, min(a[0] | a[1] << 8, self.print_dots - self.left_margin))

    def _gs_h(self, a: bytes) -> None:
        self.bc["height"] = max(1, a[0])

    def _gs_w(self, a: bytes) -> None:
        self.bc["width"] = min(6, max(1, a[0]))

    def _gs_H(self, a: bytes) -> None:
        self.bc["hri"] = a[0] & 3

    def _gs_ignore(self, a: bytes) -> None:
        pass

    _gs_b = _gs_f = _gs_a = _gs_slash = _gs_P = _gs_T = _gs_E = _gs_ignore

    def _gs_r(self, a: bytes) -> bytes:
        # answered by the simulator (it knows the paper sensors); placeholder 0 = paper ok
        return b"\x00" if a[0] in (1, 49, 2, 50) else b""

    def _gs_I(self, a: bytes) -> bytes:
        n = a[0]
        return {1: b"\x20", 2: b"\x02", 3: b"\x00", 65: b"_1.00\x00", 66: b"_VIRTUAL\x00",
                67: b"_KIOSK-VP\x00", 68: b"_0000\x00"}.get(n, b"")

    def _gs_V(self, a: bytes) -> None:
        m = a[0]
        if m in (65, 66, 97, 98, 103, 104):  # feed n dots, then cut
            self._print_line(feed=False) if self._line else None
            self._advance(a[1])
        self._cut("full" if m in (0, 48, 65, 97, 103) else "partial")

    def _gs_v(self, a: bytes) -> None:  # GS v 0 m xL xH yL yH data
        m = a[1]
        x, y = a[2] | a[3] << 8, a[4] | a[5] << 8
        img = raster_to_image(x, y, a[6:], 2 if m in (1, 3, 49, 51) else 1,
                              2 if m in (2, 3, 50, 51) else 1)
        self.page.images += 1
        self._place(img)

    def _gs_k(self, a: bytes) -> None:
        m = a[0]
        data = a[1:-1] if m <= 6 else a[2:]
        text = data.decode("ascii", "replace")
        kind = {73: "code128", 72: "code93", 69: "code39", 4: "code39", 67: "ean13",
                2: "ean13", 68: "ean8", 3: "ean8", 65: "upca", 0: "upca", 70: "itf", 5: "itf",
                71: "codabar", 6: "codabar"}.get(m)
        if kind == "code128":
            from drivers.printer.commands import code128_text

            payload = data.decode("latin-1")
            img = _code128_image(payload, self.bc["width"], self.bc["height"])
            text = code128_text(payload)
        else:
            img = _barcode_image(kind, text, self.bc["width"], self.bc["height"])
        self.page.barcodes.append(text)
        if img is None:
            self._unknown(Token("gs", ord("k"), a, b"\x1dk" + a))
            return
        self._place(img)
        if self.bc["hri"] in (2, 3):
            saved = (self.char_w, self.char_h, self.bold)
            self.char_w, self.char_h, self.bold = 1, 1, False
            self._add_text(text)
            self._print_line(feed=True)
            self.char_w, self.char_h, self.bold = saved

    def _gs_paren(self, a: bytes) -> None:  # GS ( X pL pH …
        fn_letter = chr(a[0])
        body = a[3:]
        if fn_letter != "k":
            return  # GS ( A/C/E/H/L …: accepted, not rendered (test mode, NV memory, graphics)
        if len(body) < 2:
            return
        cn, fn = body[0], body[1]
        if cn != 49:  # 49 = QR; PDF417 (48) etc. not rendered
            self._unknown(Token("gs", ord("("), a, b"\x1d(" + a))
            return
        if fn == 65:
            self.qr["model"] = body[2] - 48
        elif fn == 67:
            self.qr["size"] = max(1, min(16, body[2]))
        elif fn == 69:
            self.qr["ec"] = {48: "L", 49: "M", 50: "Q", 51: "H"}.get(body[2], "L")
        elif fn == 80:
            self.qr["data"] = bytes(body[3:])
        elif fn == 81:
            self._print_qr()

    def _print_qr(self) -> None:
        import qrcode

        data = self.qr["data"]
        if not data:
            return
        text = data.decode("utf-8", "replace")
        code = qrcode.QRCode(border=0, box_size=self.qr["size"], error_correction={
            "L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
            "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H,
        }[self.qr["ec"]])
        code.add_data(data)
        code.make(fit=True)
        self.page.qr_codes.append(text)
        self._place(code.make_image().get_image().convert("L"))

    # FS --------------------------------------------------------------------
    def _fs_amp(self, a: bytes) -> None:
        self.chinese = True

    def _fs_dot(self, a: bytes) -> None:
        self.chinese = False

    def _fs_bang(self, a: bytes) -> None:  # FS ! n: Chinese character mode (2w, 2h, ul)
        n = a[0]
        self.char_w = 2 if n & 0x04 else 1
        self.char_h = 2 if n & 0x08 else 1
        self.underline = bool(n & 0x80)

    def _fs_minus(self, a: bytes) -> None:
        self.underline = a[0] in (1, 2, 49, 50)

    def _fs_ignore(self, a: bytes) -> None:
        pass

    _fs_C = _fs_W = _fs_S = _fs_p = _fs_question = _fs_A = _fs_at = _fs_paren = _fs_ignore

    # cut --------------------------------------------------------------------
    def _cut(self, mode: str) -> None:
        self._print_line(feed=False) if self._line else None
        page = self.page
        page.cut = mode
        page.image = self._canvas.crop((0, 0, self.paper_dots, max(self.y + 8, 16)))
        self.pages.append(page)
        self._new_page()

    def flush(self) -> Page | None:
        """End of stream without a cut: the paper so far as a page (None if blank)."""
        if self._line:
            self._print_line(feed=True)
        if self.y <= 8 and not self.page.lines and not self.page.images:
            return None
        page = self.page
        page.image = self._canvas.crop((0, 0, self.paper_dots, self.y + 8))
        self.pages.append(page)
        self._new_page()
        return page


_NAMES = {"@": "at", "!": "bang", "-": "minus", " ": "space", "$": "dollar", "*": "star",
          "(": "paren", "&": "amp", ".": "dot", "/": "slash", "?": "question", "{": "lbrace",
          "=": "equals", "%": "percent"}


def _name(code: int) -> str:
    ch = chr(code)
    if ch in _NAMES:
        return _NAMES[ch]
    return ch if ch.isalnum() else f"x{code:02x}"


def _same_style(seg: _Seg, eng: RollEngine) -> bool:
    return (seg.width, seg.height, seg.bold, seg.underline, seg.invert) == (
        eng.char_w, eng.char_h, eng.bold, eng.underline, eng.invert)


def _bars(pattern: str, module: int, height: int) -> Image.Image:
    img = Image.new("L", (len(pattern) * module, height), 255)
    for i, bit in enumerate(pattern):
        if bit == "1":
            img.paste(0, (i * module, 0, (i + 1) * module, height))
    return img


def _code128_image(payload: str, module: int, height: int) -> Image.Image | None:
    """CODE128 exactly as the printer encodes it (the code set the job chose), so the width
    on the roll is the width on paper."""
    from drivers.printer.commands import code128_pattern

    try:
        return _bars(code128_pattern(payload), module, height)
    except (ValueError, KeyError, IndexError):
        return None


def _barcode_image(kind: str | None, text: str, module: int, height: int) -> Image.Image | None:
    if kind is None:
        return None
    try:
        import barcode  # python-barcode, a python-escpos dependency

        pattern = "".join(barcode.get_barcode_class(kind)(text).build())
    except Exception:  # noqa: BLE001 - invalid data: the printer prints nothing either
        return None
    return _bars(pattern, module, height)


# --------------------------------------------------------------------------- one-shot API
def render_bytes(data: bytes, width_mm: int = 80) -> list[Page]:
    """Every page of a complete byte stream (real-time status queries are ignored)."""
    eng = RollEngine(width_mm)
    for tok in tokenize(data):
        if not tok.realtime:
            eng.execute(tok)
    eng.flush()
    return eng.pages


def save_pages(pages: list[Page], out_dir: Path, stem: str = "page") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, page in enumerate(pages, 1):
        path = out_dir / f"{stem}-{i:03d}.png"
        page.image.convert("1", dither=Image.Dither.NONE).save(path, optimize=True)
        page.path = path
        paths.append(path)
    return paths
