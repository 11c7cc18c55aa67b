"""The staff gate: how hall staff and technicians get past the citizen screens.

A hidden gesture (a long press on the hall name) opens a PIN pad; the PIN is checked against
a slow hash in the kiosk's settings (``[staff] pin_hash``, made by ``kiosk staff hash-pin``);
after ``lockout_after`` wrong PINs the pad refuses for ``lockout_s``. Every attempt — right,
wrong, refused — goes to the audit log (logger ``kiosk.audit``), never the PIN itself. Staff
mode ends with the session (idle timeout, "leave"), so a kiosk left in staff mode returns to
citizens by itself. No PIN configured: the gate stays shut (in demo mode the demo PIN works
and the screen says so).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

audit = logging.getLogger("kiosk.audit")

#: scrypt cost: ~50 ms on the kiosk's CPU per try, 16 MiB of memory — slow for a thief who
#: copied the settings file, unnoticeable at a PIN pad
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
DEMO_PIN = "246810"  # demo/mock kiosks only; production needs its own [staff] pin_hash
PIN_MIN, PIN_MAX = 6, 12


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64) for ``pin``."""
    if not (pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise ValueError(f"a staff PIN is {PIN_MIN}–{PIN_MAX} digits")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_pin_hash(stored: str) -> None:
    """ValueError (one line) when ``stored`` is not a hash this module makes."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(p.isdigit() for p in parts[1:4]):
        raise ValueError("not a staff PIN hash (make one with `kiosk staff hash-pin`)")
    try:
        base64.b64decode(parts[4], validate=True)
        base64.b64decode(parts[5], validate=True)
    except ValueError:
        raise ValueError("not a staff PIN hash (bad base64)") from None


def verify_pin(pin: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


@dataclass
class StaffAuth:
    """Checks PINs with lockout; answers "ok", "wrong", "locked" or "disabled"."""

    pin_hash: str = ""
    lockout_after: int = 5
    lockout_s: float = 300.0
    kiosk_id: str = ""
    #: demo/mock kiosk without a configured hash: DEMO_PIN opens the gate (said on screen)
    demo: bool = False
    monotonic: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.failures = 0
        self.locked_until = 0.0

    @property
    def enabled(self) -> bool:
        return bool(self.pin_hash) or self.demo

    @property
    def demo_pin(self) -> bool:
        return self.demo and not self.pin_hash

    def _matches(self, pin: str) -> bool:
        if self.pin_hash:
            return verify_pin(pin, self.pin_hash)
        return hmac.compare_digest(pin.encode(), DEMO_PIN.encode())

    def locked_for(self) -> float:
        return max(0.0, self.locked_until - self.monotonic())

    def check(self, pin: str) -> str:
        if not self.enabled:
            audit.warning("staff login refused on %s: no staff PIN configured", self.kiosk_id)
            return "disabled"
        if self.locked_for() > 0:
            audit.warning("staff login refused on %s: locked for %.0f s", self.kiosk_id,
                          self.locked_for())
            return "locked"
        if self._matches(pin):
            self.failures = 0
            audit.warning("staff login on %s", self.kiosk_id)
            return "ok"
        self.failures += 1
        audit.warning("staff login failed on %s (%d in a row)", self.kiosk_id, self.failures)
        if self.failures >= self.lockout_after:
            self.failures = 0
            self.locked_until = self.monotonic() + self.lockout_s
            audit.warning("staff PIN pad locked on %s for %.0f s", self.kiosk_id,
                          self.lockout_s)
            return "locked"
        return "wrong"
