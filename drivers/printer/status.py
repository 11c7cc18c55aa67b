"""DLE EOT status replies: validation, decoding, and the kiosk's status model of a printer.

``DLE EOT n`` (10 04 n) asks for one status byte, answered in real time even while the printer
holds unprinted data. Every valid reply has bits 1 and 4 set and bit 7 clear
(``byte & 0x93 == 0x12``); anything else is noise, a stale byte or another command's answer.

The rule this module enforces: a supply is ``ok`` only when a valid byte said so. No reply,
a short reply or an invalid byte leaves the axis ``unknown`` (python-escpos 3.1 reports
"paper adequate" on an empty read, so a silent printer looks healthy there).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from drivers.core.status import DeviceState, DeviceStatus, PaperState, Recovery

DLE, EOT = 0x10, 0x04

#: n of DLE EOT n, in the order the driver asks them
PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER = 1, 2, 3, 4
STATUS_KINDS = (PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER)


def query(n: int) -> bytes:
    return bytes((DLE, EOT, n))


def is_valid_status_byte(byte: int) -> bool:
    return 0 <= byte <= 0xFF and byte & 0x93 == 0x12


# bits, named after the Epson ESC/POS reference
PRINTER_OFFLINE = 0x08  # n=1 bit 3
COVER_OPEN = 0x04  # n=2 bit 2
FED_BY_BUTTON = 0x08  # n=2 bit 3
PAPER_END_STOP = 0x20  # n=2 bit 5: printing stopped because the paper ran out
ERROR_OCCURRED = 0x40  # n=2 bit 6
CUTTER_ERROR = 0x08  # n=3 bit 3
UNRECOVERABLE_ERROR = 0x20  # n=3 bit 5
AUTO_RECOVERABLE_ERROR = 0x40  # n=3 bit 6
PAPER_NEAR_END = 0x0C  # n=4 bits 2-3
PAPER_END = 0x60  # n=4 bits 5-6


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said (or did not say). ``None`` means "no valid answer"."""

    online: bool | None = None
    paper: PaperState = PaperState.UNKNOWN
    cover_open: bool | None = None
    cutter_error: bool | None = None
    unrecoverable_error: bool | None = None
    auto_recoverable_error: bool | None = None
    paper_end_stop: bool | None = None
    # n=2 names every cause of "offline": these two have no other byte to show them, so a
    # printer that says "error" or "feeding" is never taken for ready
    fed_by_button: bool | None = None
    error_occurred: bool | None = None
    raw: dict[int, int] = field(default_factory=dict)  # n → byte, valid bytes only
    problem: str = ""  # why some answer is missing, "" when all four came back valid
    garbled: bool = False  # bytes came back, but not valid status bytes

    @property
    def answered(self) -> bool:
        return bool(self.raw)

    @property
    def complete(self) -> bool:
        return all(n in self.raw for n in STATUS_KINDS)

    @property
    def error(self) -> str | None:
        """One line naming what stops printing, or None when nothing does."""
        if not self.answered:
            return self.problem or "no status reply"
        reasons = []
        if self.cover_open:
            reasons.append("cover open")
        if self.paper is PaperState.OUT:
            reasons.append("paper out")
        if self.cutter_error:
            reasons.append("auto-cutter error")
        if self.unrecoverable_error:
            reasons.append("unrecoverable error")
        if self.auto_recoverable_error:
            reasons.append("auto-recoverable error (e.g. print head too hot)")
        if not reasons and self.error_occurred:
            reasons.append("printer reports an error (no cause given)")
        if not reasons and self.fed_by_button:
            reasons.append("paper being fed with the FEED button")
        if not reasons and self.online is False:
            reasons.append("printer reports offline")
        if not reasons and not self.complete:
            reasons.append(self.problem or "incomplete status reply")
        return "; ".join(reasons) or None

    @property
    def ready(self) -> bool:
        """True only when valid answers said: online, paper present, cover closed, no error."""
        return (
            self.complete
            and self.online is True
            and self.paper in (PaperState.OK, PaperState.NEAR_END)
            and self.cover_open is False
            and not self.fed_by_button
            and not self.error_occurred
            and not self.cutter_error
            and not self.unrecoverable_error
            and not self.auto_recoverable_error
        )

    def to_device_status(self) -> DeviceStatus:
        return DeviceStatus(self.device_state, {"paper": str(self.paper)}, self.detail)

    @property
    def device_state(self) -> DeviceState:
        if not self.answered:
            return DeviceState.OFFLINE
        if self.unrecoverable_error or self.cutter_error:
            return DeviceState.HARDWARE_ERROR
        if self.cover_open or self.paper is PaperState.OUT:
            return DeviceState.USER_ERROR
        if self.ready:
            return DeviceState.ONLINE
        if self.auto_recoverable_error:
            return DeviceState.BUSY  # clears by itself (head cools down)
        return DeviceState.OFFLINE

    @property
    def recovery(self) -> Recovery:
        if self.ready:
            return Recovery.NONE
        if not self.answered:
            return Recovery.RESET
        if self.unrecoverable_error:
            return Recovery.TECHNICIAN
        if self.cover_open or self.paper is PaperState.OUT or self.cutter_error:
            return Recovery.STAFF
        return Recovery.RETRY

    @property
    def detail(self) -> str:
        raw = " ".join(f"{n}:{b:02X}" for n, b in sorted(self.raw.items()))
        what = self.error or ("paper near end" if self.paper is PaperState.NEAR_END else "ready")
        return f"{what} [DLE EOT {raw}]" if raw else what

    def to_dict(self) -> dict:
        """The CLI's contract: online, paper, cover_open, error (+ details).

        ``online``: what the printer said; ``false`` when it said nothing at all (it is not
        online as far as the kiosk can tell); ``null`` when it answered garbage.
        """
        online = self.online
        if not self.answered:
            online = None if self.garbled else False
        return {
            "online": online,
            "paper": str(self.paper),
            "cover_open": self.cover_open,
            "error": self.error,
            "cutter_error": self.cutter_error,
            "state": str(self.device_state),
            "recovery": str(self.recovery),
            "raw": {str(n): f"0x{b:02X}" for n, b in sorted(self.raw.items())},
        }


def decode(replies: dict[int, int | None], problem: str = "",
           garbled: bool = False) -> PrinterStatus:
    """Build a PrinterStatus from ``n → reply byte`` (None/missing: no valid reply).

    Invalid bytes are dropped here too, so callers cannot smuggle one in.
    """
    raw = {n: b for n, b in replies.items() if b is not None and is_valid_status_byte(b)}
    dropped = [n for n, b in replies.items() if b is not None and n not in raw]
    if dropped:
        garbled = True
        problem = problem or "invalid status byte for DLE EOT " + ",".join(map(str, dropped))
    p1, p2, p3, p4 = (raw.get(n) for n in STATUS_KINDS)
    paper = PaperState.UNKNOWN
    if p4 is not None:
        if p4 & PAPER_END:
            paper = PaperState.OUT
        elif p4 & PAPER_NEAR_END:
            paper = PaperState.NEAR_END
        else:
            paper = PaperState.OK
    # a printer that stopped for paper end has no paper, whatever the roll sensor says
    if p2 is not None and p2 & PAPER_END_STOP:
        paper = PaperState.OUT

    def bit(byte: int | None, mask: int) -> bool | None:
        return None if byte is None else bool(byte & mask)

    # an error bit in n=2 with no n=3 answer is still an error we must not hide
    auto_rec = bit(p3, AUTO_RECOVERABLE_ERROR)
    unrec = bit(p3, UNRECOVERABLE_ERROR)
    if p3 is None and p2 is not None and p2 & ERROR_OCCURRED:
        unrec = True
    return PrinterStatus(
        online=None if p1 is None else not p1 & PRINTER_OFFLINE,
        paper=paper,
        cover_open=bit(p2, COVER_OPEN),
        cutter_error=bit(p3, CUTTER_ERROR),
        unrecoverable_error=unrec,
        auto_recoverable_error=auto_rec,
        paper_end_stop=bit(p2, PAPER_END_STOP),
        fed_by_button=bit(p2, FED_BY_BUTTON),
        error_occurred=bit(p2, ERROR_OCCURRED),
        raw=raw,
        problem=problem,
        garbled=garbled,
    )


NO_REPLY = PrinterStatus(problem="no status reply")


# ---- GS r 1: the paper sensor status, answered only after everything before it was printed
GS_R_PAPER = b"\x1dr\x01"


def is_valid_gs_r_byte(byte: int) -> bool:
    """GS r 1 replies have bits 4 and 7 clear (bits 5-6 are reserved, 0 on Epson)."""
    return 0 <= byte <= 0xFF and byte & 0x90 == 0x00
