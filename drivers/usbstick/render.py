"""Re-render a file from a citizen's stick into page pictures the kiosk made itself.

The parent reads the file (opened without following links, at most ``max_bytes``) and
hands the bytes to a child process (``python -m drivers.usbstick.render``) on its stdin; the
child never sees the stick. The child runs under limits — address space, CPU seconds, no
files written — and a wall-clock deadline, so a hostile file (a decompression bomb, a PDF
that loops the parser) costs at most those and gives one problem code:

- PDF: refused when it carries scripts or actions (/JavaScript, /JS, /Launch, embedded
  files: a document handed in needs none of them), else rasterised page by page
  (pypdfium2) at ``dpi``;
- JPEG/PNG: decoded by Pillow with its pixel limit as an error (a bomb is refused before it
  is decompressed), turned upright by its EXIF orientation, scaled to fit A4 at 300 dpi;
- every page re-encoded as a JPEG under ``max_page_bytes``.

The child writes one JSON line (problem, detail, page sizes, dpi) and the pages' bytes.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from drivers.kinds.usb_storage import ImportedFile

#: the child's limits
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 30
TIMEOUT_S = 60.0
MAX_PAGES = 30
MAX_PIXELS = 40_000_000  # a 12 MP photo fits three times; a bomb's 100k×100k does not
LONG_SIDE = 3508  # A4 at 300 dpi
A4_LONG_INCH = 297 / 25.4
QUALITIES = (85, 70, 55, 40)
SCRIPT_MARKERS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia",
                  b"/XFA")


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, opened without following a link; ValueError when too large."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise ValueError("too_large")
    return data


def render(name: str, kind: str, data: bytes, *, dpi: int = 150,
           max_page_bytes: int | None = None, timeout: float = TIMEOUT_S,
           memory: int = MEMORY_BYTES, cpu: int = CPU_SECONDS,
           max_pages: int = MAX_PAGES) -> ImportedFile:
    """``data`` (a ``kind`` file) as pages, from the limited child; never raises for what
    the file holds."""
    args = [sys.executable, "-m", "drivers.usbstick.render", kind, str(dpi),
            str(max_page_bytes or 0), str(max_pages)]

    def limits() -> None:  # in the child, before Python starts
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writes no file
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
           "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        proc = subprocess.run(args, input=data, capture_output=True, timeout=timeout,
                              preexec_fn=limits, env=env, check=False)
    except subprocess.TimeoutExpired:
        return ImportedFile(name, problem="timeout", detail=f"no answer within {timeout:.0f}s")
    out = proc.stdout
    head, sep, body = out.partition(b"\n")
    try:
        meta = json.loads(head) if sep else None
    except ValueError:
        meta = None
    if proc.returncode != 0 or not isinstance(meta, dict):
        # killed by a limit (memory: MemoryError or SIGKILL; CPU: SIGXCPU) or crashed
        last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        problem = "too_complex" if proc.returncode in (-9, -24) or "MemoryError" in last[0] \
            else "damaged"
        return ImportedFile(name, problem=problem,
                            detail=f"renderer exit {proc.returncode}: {last[0][:200]}")
    if meta.get("problem"):
        return ImportedFile(name, problem=meta["problem"], detail=meta.get("detail", ""))
    pages, at = [], 0
    for size in meta["pages"]:
        pages.append(body[at:at + size])
        at += size
    return ImportedFile(name, tuple(pages), tuple(meta["dpi"]))


# ---------------------------------------------------------------------- the child
def _jpeg(img, max_bytes: int, dpi: int) -> bytes:
    for q in QUALITIES:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q, optimize=True, dpi=(dpi, dpi))
        if not max_bytes or buf.tell() <= max_bytes:
            return buf.getvalue()
    raise _Problem("picture_too_large", f"a page stays over {max_bytes} bytes")


class _Problem(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail)
        self.code = code


def _fit(img):
    from PIL import Image

    long_side = max(img.size)
    if long_side > LONG_SIDE:
        s = LONG_SIDE / long_side
        img = img.resize((max(1, round(img.width * s)), max(1, round(img.height * s))),
                         Image.Resampling.LANCZOS)
    return img


def _scripts(data: bytes) -> str | None:
    for marker in SCRIPT_MARKERS:
        at = data.find(marker)
        # /JS must be a whole name (not /JSomething)
        while at >= 0:
            nxt = data[at + len(marker):at + len(marker) + 1]
            if not nxt.isalnum():
                return marker.decode()
            at = data.find(marker, at + 1)
    try:  # names inside compressed object streams: pikepdf sees them
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary):
                    if "/JS" in obj or "/EmbeddedFiles" in obj:
                        return "/JS"
                    s = obj.get("/S")
                    if s is not None and str(s) in ("/JavaScript", "/Launch"):
                        return str(s)
    except Exception:  # noqa: BLE001 - a PDF pikepdf cannot read: pdfium's turn to refuse
        return None
    return None


def _pdf_pages(data: bytes, dpi: int, max_bytes: int, max_pages: int):
    import pypdfium2 as pdfium

    marker = _scripts(data)
    if marker is not None:
        raise _Problem("pdf_script", f"contains {marker}")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _Problem("damaged", f"pdfium: {exc}") from None
    n = len(pdf)
    if n == 0:
        raise _Problem("damaged", "no pages")
    if n > max_pages:
        raise _Problem("too_many_pages", f"{n} pages (at most {max_pages})")
    out = []
    for i in range(n):
        page = pdf[i]
        w, h = page.get_size()
        if w * h * (dpi / 72) ** 2 > MAX_PIXELS:
            raise _Problem("picture_too_large", f"page {i + 1} is {w:.0f}x{h:.0f} pt")
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        out.append((_jpeg(img, max_bytes, dpi), dpi))
    return out


def _image_pages(data: bytes, max_bytes: int):
    import warnings

    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # structure and checksums, before any pixel is decoded
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = ImageOps.exif_transpose(img).convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _Problem("picture_too_large", str(exc)[:200]) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise _Problem("damaged", f"{type(exc).__name__}: {exc}"[:200]) from None
    img = _fit(img)
    dpi = max(1, round(max(img.size) / A4_LONG_INCH))
    return [(_jpeg(img, max_bytes, dpi), dpi)]


def _child(argv: list[str]) -> int:
    kind, dpi, max_bytes, max_pages = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    data = sys.stdin.buffer.read()
    try:
        if kind == "pdf":
            pages = _pdf_pages(data, dpi, max_bytes, max_pages)
        elif kind in ("jpeg", "png"):
            pages = _image_pages(data, max_bytes)
        else:
            raise _Problem("not_allowed", kind)
    except _Problem as p:
        sys.stdout.buffer.write(json.dumps({"problem": p.code, "detail": str(p)}).encode()
                                + b"\n")
        return 0
    meta = {"pages": [len(j) for j, _ in pages], "dpi": [d for _, d in pages]}
    sys.stdout.buffer.write(json.dumps(meta).encode() + b"\n")
    for jpeg, _ in pages:
        sys.stdout.buffer.write(jpeg)
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
