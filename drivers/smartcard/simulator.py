"""A small fictitious ISO 7816 card on vpcd, for the generic PC/SC reader in mock mode.

Not a social-security card: one application under a made-up proprietary AID (F0 + "KIOSK" +
01; AIDs starting with F are unregistered by definition, ISO 7816-5) holding one transparent
EF of fictitious text. Enough to drive the whole stack – pyscard, pcscd, vpcd – and the
status-word rules (61xx, 6Cxx) of :func:`drivers.core.apdu.exchange`:

- ``00 A4 04 0C Lc AID``: SELECT by name, no FCI → ``90 00`` (``6A 82`` for any other AID);
  with P2 ``00`` the FCI waits → ``61 0B``, fetched by ``00 C0 00 00 0B``;
- ``00 A4 02 0C 02 01 01``: SELECT EF 0101 in the application → ``90 00``;
- ``00 B0 P1 P2 Le``: READ BINARY at offset P1P2 of the current EF (or SFI 1 with
  P1 = 81); Le 00 reads to the end, an Le past the end → ``6C xx`` (xx: what is left).
"""
from __future__ import annotations

from typing import Any

from drivers.core.simulator import Simulator
from drivers.core.vpcd import VPCD_PORT, VpcdCard

#: 3B (direct convention), T0 8A (TD1 follows, 10 historical bytes), TD1 80 (T=0, TD2
#: follows), TD2 01 (T=1), historical bytes "KIOSK-TEST", TCK 65 (XOR of T0 … last byte)
ATR = bytes.fromhex("3B 8A 80 01 4B 49 4F 53 4B 2D 54 45 53 54 65")
AID = bytes.fromhex("F0 4B 49 4F 53 4B 01")
EF_ID = bytes.fromhex("01 01")
EF_SFI = 1
EF_DATA = b"KIOSK TEST CARD NO.000001"
#: FCI template: 6F L (84 L AID)
FCI = bytes((0x6F, len(AID) + 2, 0x84, len(AID))) + AID

SW_OK = b"\x90\x00"


def sw(value: int) -> bytes:
    return value.to_bytes(2, "big")


class FictitiousCard(VpcdCard):
    """The test card: SELECT by AID, SELECT EF, READ BINARY, GET RESPONSE (see module)."""

    def __init__(self, name: str = "smartcard", **kw: Any) -> None:
        super().__init__(name, **kw)
        self.app_selected = False
        self.current_ef: bytes | None = None
        self._waiting = b""  # data a 61xx announced, for GET RESPONSE

    @property
    def atr(self) -> bytes:
        return ATR

    def on_reset(self) -> None:
        self.app_selected = False
        self.current_ef = None
        self._waiting = b""

    def on_power(self, on: bool) -> None:
        self.on_reset()

    # --------------------------------------------------------------- commands
    def on_apdu(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if cla != 0x00:
            return sw(0x6E00)
        if ins != 0xC0:  # any other command ends a pending GET RESPONSE
            self._waiting = b""
        if ins == 0xA4:
            data, _le, ok = _split(body)
            return self._select(p1, p2, data) if ok else sw(0x6700)
        if ins == 0xB0:
            if len(body) != 1:
                return sw(0x6700)
            return self._read_binary(p1, p2, body[0] or 256, explicit=body[0] != 0)
        if ins == 0xC0:
            if len(body) != 1:
                return sw(0x6700)
            return self._get_response(body[0] or 256)
        return sw(0x6D00)

    def _select(self, p1: int, p2: int, data: bytes) -> bytes:
        if p1 == 0x04:
            if data != AID:
                return sw(0x6A82)
            self.app_selected, self.current_ef = True, None
            if p2 & 0x0C == 0x0C:
                return SW_OK
            self._waiting = FCI  # T=0 style: the FCI waits for GET RESPONSE
            return bytes((0x61, len(FCI)))
        if p1 in (0x00, 0x02):
            if not self.app_selected or data != EF_ID:
                return sw(0x6A82)
            self.current_ef = EF_ID
            return SW_OK
        return sw(0x6A86)

    def _read_binary(self, p1: int, p2: int, le: int, *, explicit: bool) -> bytes:
        if p1 & 0x80:
            if p1 & 0x1F != EF_SFI or not self.app_selected:
                return sw(0x6A82)
            self.current_ef, offset = EF_ID, p2
        elif self.current_ef is None:
            return sw(0x6986)
        else:
            offset = p1 << 8 | p2
        if offset >= len(EF_DATA):
            return sw(0x6B00)
        left = EF_DATA[offset:]
        if explicit and le > len(left):
            return bytes((0x6C, len(left)))
        return left[:le] + SW_OK

    def _get_response(self, le: int) -> bytes:
        if not self._waiting:
            return sw(0x6985)
        if le > len(self._waiting):
            return bytes((0x6C, len(self._waiting)))
        out, self._waiting = self._waiting[:le], self._waiting[le:]
        if self._waiting:
            return out + bytes((0x61, min(len(self._waiting), 255)))
        return out + SW_OK


def _split(body: bytes) -> tuple[bytes, int | None, bool]:
    """Lc/data/Le of a short command body → (data, Le, well-formed)."""
    if not body:
        return b"", None, True
    if len(body) == 1:
        return b"", body[0], True
    lc = body[0]
    if len(body) == 1 + lc:
        return body[1:], None, True
    if len(body) == 2 + lc:
        return body[1:-1], body[-1], True
    return b"", None, False


def simulator_factory(config, data_dir=None) -> Simulator:
    """Mock mode: the fictitious card for a devices.toml table (not started).

    Nothing is kept on disk, so ``data_dir`` is unused."""
    opts = config.options
    return FictitiousCard(
        config.name,
        vpcd_port=int(opts.get("sim_vpcd_port") or VPCD_PORT),
        inserted=opts.get("sim_card", "test") != "none",
    )


__all__ = ["AID", "ATR", "EF_DATA", "EF_ID", "FictitiousCard", "simulator_factory"]
