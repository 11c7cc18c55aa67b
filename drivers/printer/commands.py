"""ESC/POS byte builders: one print job as bytes, before any transport is involved.

python-escpos supplies the command set (styles, native QR ``GS ( k``, barcodes ``GS k``,
cut ``GS V``) through its ``Dummy`` printer, which only collects bytes. Text is NOT sent
through python-escpos: it turns strings without a character in U+4E00–U+9FA5 (Chinese
punctuation alone, rare characters) into ``?``. Here every line is encoded to GB18030 by us
and sent while the printer is in its Chinese character mode (``FS &``).

Printers without a Chinese font get each text line as a raster image (``GS v 0``) instead,
chosen in devices.toml (``chinese = "raster"``); a native ticket is ~1–2 KB, a raster one
~50 KB.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.printer import raster
from drivers.printer.raster import CELL_H, CELL_W, char_cells, text_cells

ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"  # enter Chinese character mode: bytes ≥ 0x81 start a GB character
CHINESE_OFF = FS + b"."
#: DLE DC4 fn=8: real-time "clear buffers" — drops what a stopped printer still holds so a
#: half ticket does not print in a burst when paper is loaded later
# GS I n: printer information (Epson): 0x41 firmware, 0x42 maker, 0x43 model, 0x44 serial;
# the answer is "_" + ASCII text + NUL. Printers that do not know it stay silent.
GS_I_FIRMWARE, GS_I_MAKER, GS_I_MODEL, GS_I_SERIAL = 0x41, 0x42, 0x43, 0x44


def printer_info_query(n: int) -> bytes:
    return GS + b"I" + bytes((n,))


CLEAR_BUFFERS = b"\x10\x14\x08\x01\x03\x14\x01\x06\x02\x08"

ALIGNS = ("left", "center", "right")
LINE_SPACING = 30  # dots: the printer's default (ESC 2), which jobs never change
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass(frozen=True)
class Paper:
    width_mm: int = 80

    @property
    def dots(self) -> int:
        """Printable dots per line at 203 dpi: 576 on 80 mm paper, 384 on 58 mm."""
        return {80: 576, 58: 384}.get(self.width_mm, int(self.width_mm * 7.2 // 8 * 8))

    @property
    def cells(self) -> int:
        """Font A half-width columns per line (48 / 32); a Chinese character takes two."""
        return self.dots // CELL_W


def clean(text: str) -> str:
    """Printable text only: control bytes from data (a name, a server string) could otherwise
    smuggle ESC/POS commands onto the wire (a cut, a code page switch)."""
    return _CONTROL.sub("", str(text).replace("\t", " "))


def needs_four_byte(text: str) -> bool:
    """Characters outside GBK: four bytes in GB18030; many printer fonts lack them."""
    return any(ord(ch) >= 0x80 and len(ch.encode("gb18030")) == 4 for ch in text)


def wrap(text: str, cells: int) -> list[str]:
    """Split ``text`` into lines of at most ``cells`` printer cells.

    Latin words are kept whole when possible; Chinese breaks between any two characters,
    except that closing punctuation never starts a line.
    """
    text = clean(text)
    if cells <= 0:
        return [text]
    lines: list[str] = []
    for para in text.split("\n") if "\n" in text else [text]:
        lines.extend(_wrap_para(para, cells))
    return lines or [""]


_NO_LINE_START = set("，。、；：！？）」』】》〉,.;:!?)]}%")


def _wrap_para(text: str, cells: int) -> list[str]:
    out: list[str] = []
    line, used = "", 0
    i = 0
    while i < len(text):
        ch = text[i]
        w = char_cells(ch)
        if used + w <= cells:
            line += ch
            used += w
            i += 1
            continue
        # line full: find a better break point
        if ch == " ":
            out.append(line.rstrip())
            line, used = "", 0
            i += 1
            continue
        cut = len(line)
        if ord(ch) < 0x80 and ch.isalnum():
            space = line.rfind(" ")
            if space > 0 and line[space + 1 :].isascii():
                cut = space + 1
        if ch in _NO_LINE_START and cut == len(line) and len(line) > 1:
            # carry the last character down with the punctuation (and any punctuation
            # before it, which may not start a line either)
            k = len(line) - 1
            while k > 1 and line[k] in _NO_LINE_START:
                k -= 1
            cut = k
        out.append(line[:cut].rstrip())
        line = line[cut:].lstrip(" ")
        used = text_cells(line)
    if line or not out:
        out.append(line)
    return out


@dataclass
class _Style:
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1
    underline: bool = False


class EscPosBuilder:
    """Collects one job's bytes. Styles are tracked so only changes go on the wire.

    ``chinese``: "native" (GB18030 in FS & mode) or "raster" (text lines as images).
    ``qr``: "native" (GS ( k, ~60 bytes) or "raster" (an image, for printers without it).
    ``four_byte_native``: the printer font has GB18030's four-byte characters; if not,
    lines with such (rare) characters are sent as images even in native mode.
    """

    def __init__(self, paper: Paper | None = None, *, chinese: str = "native",
                 qr: str = "native", four_byte_native: bool = False) -> None:
        from escpos.printer import Dummy  # python-escpos: the command set, bytes only

        if chinese not in ("native", "raster"):
            raise ValueError(f"chinese must be 'native' or 'raster', got {chinese!r}")
        if qr not in ("native", "raster"):
            raise ValueError(f"qr must be 'native' or 'raster', got {qr!r}")
        self.paper = paper or Paper()
        self.chinese = chinese
        self.qr_mode = qr
        self.four_byte_native = four_byte_native
        self._esc = Dummy(profile="default")
        self._buf = bytearray()
        self._style = _Style()
        self.raster_lines = 0  # lines sent as images (for the benchmark and tests)
        self.text_lines: list[str] = []  # what was printed as text, in order

    # ---------------------------------------------------------------- output
    def getvalue(self) -> bytes:
        return bytes(self._buf)

    def __len__(self) -> int:
        return len(self._buf)

    def raw(self, data: bytes) -> EscPosBuilder:
        self._buf += data
        return self

    def _escpos(self, fn, *args, **kwargs) -> None:
        """Run one python-escpos command on the Dummy and move its bytes into the job."""
        self._esc.clear()
        fn(*args, **kwargs)
        self._buf += self._esc.output
        self._esc.clear()

    # ----------------------------------------------------------------- setup
    def init(self) -> EscPosBuilder:
        """Reset the printer's modes, then enter Chinese mode for native text."""
        self._escpos(self._esc.hw, "INIT")
        self._style = _Style()
        if self.chinese == "native":
            self._buf += CHINESE_ON
        return self

    def style(self, *, align: str | None = None, bold: bool | None = None,
              width: int | None = None, height: int | None = None,
              underline: bool | None = None) -> EscPosBuilder:
        st = self._style
        kw: dict = {}
        if align is not None and align != st.align:
            if align not in ALIGNS:
                raise ValueError(f"align must be one of {ALIGNS}, got {align!r}")
            kw["align"] = st.align = align
        if bold is not None and bool(bold) != st.bold:
            kw["bold"] = st.bold = bool(bold)
        if underline is not None and bool(underline) != st.underline:
            kw["underline"] = int(bool(underline))
            st.underline = bool(underline)
        w = st.width if width is None else width
        h = st.height if height is None else height
        if (w, h) != (st.width, st.height):
            if not (1 <= w <= 8 and 1 <= h <= 8):
                raise ValueError(f"text size must be 1–8, got {w}×{h}")
            kw.update(custom_size=True, width=w, height=h)  # GS ! — applies to GB characters too
            st.width, st.height = w, h
        if kw:
            self._escpos(self._esc.set, **kw)
        return self

    # ------------------------------------------------------------------ text
    def fits(self, text: str, width: int = 1) -> bool:
        return text_cells(clean(text)) * width <= self.paper.cells

    def fit_width(self, text: str, max_width: int, min_width: int = 1) -> int:
        """Largest size multiplier (≤ max_width) at which ``text`` fits on one line."""
        cells = max(1, text_cells(clean(text)))
        return max(min_width, min(max_width, self.paper.cells // cells))

    def line(self, text: str = "", *, align: str = "left", bold: bool = False,
             width: int = 1, height: int = 1, underline: bool = False) -> EscPosBuilder:
        """One printed line in the style given (must already fit: :meth:`paragraph` wraps).

        Every line states its whole style; only the changes go on the wire."""
        text = clean(text).replace("\n", " ")
        self.style(align=align, bold=bold, width=width, height=height, underline=underline)
        self.text_lines.append(text)
        st = self._style
        as_image = (self.chinese == "raster" and not text.isascii()) or (
            not self.four_byte_native and needs_four_byte(text))
        if as_image:
            img = raster.render_line(text, self.paper.dots, align=st.align, width=st.width,
                                     height=st.height, bold=st.bold, underline=st.underline)
            # an image line is left-aligned on the paper by construction
            self._buf += raster.raster_command(img)
            self.raster_lines += 1
            # a text line advances by the line spacing; an image only by its height
            return self.feed_dots(LINE_SPACING - CELL_H * st.height)
        self._buf += self._encode(text) + LF
        return self

    def _encode(self, text: str) -> bytes:
        if self.chinese == "native":
            return text.encode("gb18030")
        return text.encode("ascii", "replace")

    def paragraph(self, text: str, *, indent: int = 0, **style) -> EscPosBuilder:
        """``text`` wrapped to the paper width at the given size; ``indent`` cells on the
        continuation lines (hanging indent for numbered items)."""
        cells = self.paper.cells // (style.get("width") or 1)
        lines = wrap(text, cells)
        if indent and len(lines) > 1:
            first, rest = lines[0], " ".join(lines[1:])
            lines = [first] + [" " * indent + x for x in wrap(rest, cells - indent)]
        for ln in lines:
            self.line(ln, **style)
        return self

    def columns(self, left: str, right: str, *, fill: str = " ", **style) -> EscPosBuilder:
        """``left`` and ``right`` on one line, right flush. When both don't fit (58 mm paper,
        long values), the label gets its own line and the value goes right-aligned below."""
        cells = self.paper.cells // (style.get("width") or 1)
        left, right = clean(left), clean(right)
        gap = cells - text_cells(left) - text_cells(right)
        if gap >= 1:
            return self.line(left + fill * gap + right, align="left", **style)
        self.paragraph(left, align="left", **style)
        return self.paragraph(right, align="right", **style)

    def rule(self, char: str = "-") -> EscPosBuilder:
        width = self.paper.cells // char_cells(char)
        return self.line(char * width, align="left", bold=False, width=1, height=1)

    def feed(self, lines: int = 1) -> EscPosBuilder:
        if lines > 0:
            self._escpos(self._esc.print_and_feed, min(lines, 255))
        return self

    def feed_dots(self, dots: int) -> EscPosBuilder:
        """Feed by ``dots`` (ESC J): fine spacing without a whole line."""
        while dots > 0:
            n = min(dots, 255)
            self._buf += ESC + b"J" + bytes((n,))
            dots -= n
        return self

    # ----------------------------------------------------------- codes, images
    def qr(self, data: str, *, size: int = 6, ec: str = "M", align: str = "center") -> EscPosBuilder:
        """A QR code. Native: GS ( k (UTF-8 content); python-escpos can't centre native QR, so
        alignment is set with ESC a first."""
        from escpos import constants as c

        if not data:
            return self
        level = {"L": c.QR_ECLEVEL_L, "M": c.QR_ECLEVEL_M, "Q": c.QR_ECLEVEL_Q,
                 "H": c.QR_ECLEVEL_H}[ec]
        self.style(align=align)
        quiet = 2 * size  # part of the quiet zone a scanner needs; the rest is blank paper
        self.feed_dots(quiet)
        if self.qr_mode == "native":
            self._escpos(self._esc.qr, data, ec=level, size=size, native=True)
            self.feed_dots(quiet)
        else:
            import qrcode

            code = qrcode.QRCode(border=0, box_size=size, error_correction={
                "L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
                "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H,
            }[ec])
            code.add_data(data)
            code.make(fit=True)
            self.image(code.make_image().get_image(), align=align)
            self.feed_dots(quiet)
        return self

    def barcode(self, data: str, *, kind: str = "CODE128", height: int = 64,
                module: int = 2, hri: str = "BELOW", align: str = "center") -> EscPosBuilder:
        """A native barcode (GS k). CODE128 is sent in code set B."""
        self.style(align=align)
        payload = data
        function_type = "B"
        if kind.upper() == "CODE128":
            if not data.startswith("{"):
                payload = code128_payload(data)
            # a barcode wider than the paper is not printed at all: thinner bars instead
            # (2 dots is the thinnest GS w allows and scanners read reliably)
            modules = len(code128_pattern(payload))
            module = min(module, self.paper.dots // modules)
            if module < 2:
                raise ValueError(f"barcode {data!r} is too long for {self.paper.width_mm} mm paper")
        # _hw_barcode rather than barcode(): the public method print()s "Using hardware
        # barcode renderer" to stdout, which would corrupt `kiosk ... --json` output.
        self._escpos(self._esc._hw_barcode, payload, kind, height=height, width=module,
                     pos=hri, align_ct=False, function_type=function_type, check=True)
        self._buf += LF
        return self

    def image(self, img, *, align: str = "center") -> EscPosBuilder:
        """A picture as GS v 0, placed on a full-width canvas so alignment is in the image."""
        from PIL import Image

        img = img.convert("L")
        if img.width > self.paper.dots:
            img = img.resize((self.paper.dots, round(img.height * self.paper.dots / img.width)))
        canvas = Image.new("L", (self.paper.dots, img.height), 255)
        x = {"center": (self.paper.dots - img.width) // 2,
             "right": self.paper.dots - img.width}.get(align, 0)
        canvas.paste(img, (x, 0))
        self._buf += raster.raster_command(canvas)
        return self

    # ------------------------------------------------------------------- end
    def cut(self, *, partial: bool = True) -> EscPosBuilder:
        """Feed the last line past the cutter (ESC d 6), then cut (GS V 1 / GS V 0)."""
        self.style(align="left", bold=False, width=1, height=1, underline=False)
        self._escpos(self._esc.cut, mode="PART" if partial else "FULL", feed=True)
        return self

    def finish(self) -> bytes:
        """Leave Chinese mode (so the next job starts from a known state) and return bytes."""
        if self.chinese == "native":
            self._buf += CHINESE_OFF
        return self.getvalue()


# ---- CODE128 as the printer encodes it (GS k 73: "{A"/"{B"/"{C" select the code set)
_DIGIT_RUN = re.compile(r"\d{4,}")


def code128_payload(text: str) -> str:
    """The shortest simple encoding of printable ASCII ``text``: code set B, with runs of
    four or more digits packed two per symbol in code set C (a case number like
    SL20240508-0012 then fits 58 mm paper with 2-dot bars)."""
    if not text.isascii() or not text.isprintable():
        raise ValueError(f"CODE128 text must be printable ASCII: {text!r}")
    out, code_set, pos = [], "", 0

    def switch(to: str) -> None:
        nonlocal code_set
        if code_set != to:
            out.append("{" + to)
            code_set = to

    for m in _DIGIT_RUN.finditer(text):
        start = m.start() + (len(m.group()) % 2)  # an odd digit out goes in set B
        if pos < start:
            switch("B")
            out.append(text[pos:start].replace("{", "{{"))
        switch("C")
        digits = text[start:m.end()]
        out.append("".join(chr(int(digits[i:i + 2])) for i in range(0, len(digits), 2)))
        pos = m.end()
    if pos < len(text) or not out:
        switch("B")
        out.append(text[pos:].replace("{", "{{"))
    return "".join(out)


def code128_text(payload: str) -> str:
    """What the printer prints under a CODE128 payload (HRI): set C values as two digits."""
    out, code_set, i = [], "B", 0
    while i < len(payload):
        ch = payload[i]
        if ch == "{" and i + 1 < len(payload):
            nxt = payload[i + 1]
            if nxt in "ABC":
                code_set = nxt
            elif nxt == "{":
                out.append("{")
            i += 2
            continue
        out.append(f"{ord(ch):02d}" if code_set == "C" else ch)
        i += 1
    return "".join(out)


def code128_values(payload: str) -> list[int]:
    """Symbol values of an ESC/POS CODE128 payload, start code and check digit included."""
    from barcode.charsets import code128 as cs  # python-barcode: the symbol tables

    if payload[:1] != "{" or payload[1:2] not in ("A", "B", "C"):
        raise ValueError("CODE128 data must start with {A, {B or {C")
    code_set = payload[1]
    values = [cs.START_CODES[code_set]]
    i = 2
    while i < len(payload):
        ch = payload[i]
        if ch == "{" and i + 1 < len(payload) and payload[i + 1] != "{":
            nxt = payload[i + 1]
            if nxt in "ABC":
                values.append({"A": 101, "B": 100, "C": 99}[nxt] if code_set != "A" or
                              nxt != "A" else 101)
                code_set = nxt
            elif nxt in "123":  # FNC1..3
                values.append({"1": 102, "2": 97, "3": 96}[nxt])
            i += 2
            continue
        if ch == "{":
            i += 1  # "{{" is a literal "{"
        if code_set == "C":
            values.append(ord(payload[i]))  # set C data are byte values 0–99
        elif code_set == "A":
            o = ord(payload[i])
            values.append(o + 64 if o < 32 else o - 32)
        else:
            values.append(ord(payload[i]) - 32)
        i += 1
    check = (values[0] + sum(v * k for k, v in enumerate(values[1:], 1))) % 103
    return values + [check]


def code128_pattern(payload: str) -> str:
    """Bars and spaces ("1"/"0" modules) of an ESC/POS CODE128 payload."""
    from barcode.charsets import code128 as cs

    return "".join(cs.CODES[v] for v in code128_values(payload)) + cs.STOP + "11"
