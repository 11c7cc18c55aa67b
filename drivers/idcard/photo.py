"""Portrait decoding: a pluggable adapter around the reader vendor's closed WLT library.

No open WLT decoder exists; every reader vendor ships one (``libwlt2bmp.so``, ``WltRS.dll``)
with a C entry point like ``int unpack(char *wlt, char *bmp, int flags)`` that writes a
102×126 24-bit BMP and returns 1 on success. The driver keeps the raw 1024 bytes; decoding
goes through :class:`WltDecoder`. Without a configured library the photo is *unavailable*,
which is a normal answer, not an error.
"""
from __future__ import annotations

import ctypes
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

PHOTO_WIDTH, PHOTO_HEIGHT = 102, 126
#: a 24-bit BMP of 102×126: 54-byte header + 126 rows of 308 bytes (306 padded to 4)
BMP_SIZE = 54 + PHOTO_HEIGHT * ((PHOTO_WIDTH * 3 + 3) // 4 * 4)


@dataclass(frozen=True)
class PhotoResult:
    available: bool
    bmp: bytes | None = None  # a BMP file's bytes when available
    reason: str = ""  # why not, one line (no personal data)


class WltDecoder(Protocol):
    def decode(self, wlt: bytes) -> PhotoResult: ...


class NoDecoder:
    """The default: no vendor library configured."""

    reason = "no WLT decoder configured (set wlt_library in devices.toml)"

    def decode(self, wlt: bytes) -> PhotoResult:
        return PhotoResult(False, None, self.reason)


class VendorWltDecoder:
    """ctypes adapter: ``fn(const char *wlt, char *bmp_out, int flags) -> int`` (1 = ok).

    The library is loaded on first use, so a missing or broken library makes photos
    unavailable (with the reason) instead of stopping the reader. Vendor libraries are
    rarely thread-safe: calls are serialised.
    """

    def __init__(self, library: str, function: str = "unpack", *, flags: int = 1,
                 out_size: int = BMP_SIZE) -> None:
        self.library = library
        self.function = function
        self.flags = flags
        self.out_size = out_size
        self._fn = None
        self._load_error = ""
        self._lock = threading.Lock()

    def _load(self):
        if self._fn is not None or self._load_error:
            return self._fn
        path = Path(self.library)
        try:
            lib = ctypes.CDLL(str(path))
            fn = getattr(lib, self.function)
        except (OSError, AttributeError) as exc:
            self._load_error = f"WLT library {path.name}: {str(exc).splitlines()[0]}"
            log.warning("photo decoding unavailable: %s", self._load_error)
            return None
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._fn = fn
        return fn

    def decode(self, wlt: bytes) -> PhotoResult:
        if len(wlt) != 1024:
            return PhotoResult(False, None, f"photo is {len(wlt)} bytes, not a 1024-byte WLT")
        with self._lock:
            fn = self._load()
            if fn is None:
                return PhotoResult(False, None, self._load_error)
            src = ctypes.create_string_buffer(bytes(wlt), len(wlt))
            out = ctypes.create_string_buffer(self.out_size)
            rc = fn(src, out, self.flags)
            bmp = out.raw
            ctypes.memset(out, 0, self.out_size)  # the portrait does not linger in C memory
            ctypes.memset(src, 0, len(wlt))
        if rc != 1:
            return PhotoResult(False, None, f"WLT library returned {rc}")
        if not bmp.startswith(b"BM"):
            return PhotoResult(False, None, "WLT library output is not a BMP")
        return PhotoResult(True, bmp, "")


def decoder_from_options(options: dict) -> WltDecoder:
    library = str(options.get("wlt_library") or "").strip()
    if not library:
        return NoDecoder()
    return VendorWltDecoder(library, str(options.get("wlt_function") or "unpack"))
