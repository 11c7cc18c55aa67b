"""The ESC/POS ticket printer as a Device: status that never lies, jobs that are confirmed.

A job is: read status (DLE EOT 1–4) and refuse if the printer is not ready → send the bytes
within the job's deadline → ask ``GS r 1``, which the printer answers only after it has
processed everything before it (so the answer means "printed", not merely "received") →
read DLE EOT again. Success is reported only when valid status bytes came back after the
job and say online with paper; anything else is a typed :class:`PrintError` the flow can
turn into "please take your ticket from the staff desk" or a reprint.

What the printer can do is found out when it opens, not assumed: ``GS I`` (identity), the
``DLE EOT`` status queries and ``GS r 1`` are each tried once, and ``info.capabilities``
says what answered. With ``confirm = "auto"`` (the default) jobs are confirmed by GS r when
the printer answered it, else by DLE EOT alone — a printer without GS r would otherwise fail
every ticket at the job's deadline. The method in use is logged and shown to technicians.
"""
from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from drivers.core.errors import DeviceError, DeviceTimeout, ProtocolError
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus, HealthCheck
from drivers.core.transport import SerialTransport, Transport
from drivers.kinds.ticket_printer import TicketPrinter
from drivers.printer import status as st
from drivers.printer.commands import (
    CLEAR_BUFFERS,
    GS_I_FIRMWARE,
    GS_I_MAKER,
    GS_I_MODEL,
    GS_I_SERIAL,
    EscPosBuilder,
    Paper,
    printer_info_query,
)
from drivers.printer.errors import PrintError, PrinterOffline, PrintNotConfirmed, error_for_status
from drivers.printer.status import PrinterStatus
from drivers.printer.transports import printer_transport

log = logging.getLogger(__name__)

#: how long a probe at open waits for an answer the printer gives at once when it has it
#: (GS r on an empty buffer, DLE EOT): silence beyond this means "not supported"
PROBE_WAIT_S = 0.3


@dataclass(frozen=True)
class PrintResult:
    bytes_sent: int
    duration_s: float
    status: PrinterStatus  # read after the job: valid, online, with paper
    confirmed_by: str = "GS r"  # "GS r" (printed) or "DLE EOT" (printer alive after sending)

    def to_dict(self) -> dict:
        return {"bytes_sent": self.bytes_sent, "duration_s": round(self.duration_s, 3),
                "confirmed_by": self.confirmed_by, "status": self.status.to_dict()}


class EscPosPrinter(TicketPrinter):

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.transport: Transport | None = None
        self.last_printer_status: PrinterStatus = st.NO_REPLY
        #: did the printer answer GS r 1 when probed? None: not probed yet (it was not ready)
        self.answers_gs_r: bool | None = None

    # ------------------------------------------------------------- options
    @property
    def paper(self) -> Paper:
        return Paper(int(self.options.get("paper_width_mm") or 80))

    @property
    def print_timeout(self) -> float:
        return float(self.options.get("print_timeout") or 10.0)

    def builder(self) -> EscPosBuilder:
        """A job builder configured for this printer (paper width, Chinese mode, QR mode)."""
        return EscPosBuilder(
            self.paper,
            chinese=self.options.get("chinese") or "native",
            qr=self.options.get("qr") or "native",
            four_byte_native=bool(self.options.get("gb18030_four_byte", False)),
        )

    # ---------------------------------------------------------- life cycle
    @property
    def confirm_option(self) -> str:
        """"auto" (by what the printer answered), "processed" (GS r) or "status" (DLE EOT)."""
        return str(self.options.get("confirm") or "auto")

    def _open(self) -> None:
        self.transport = printer_transport(self.port, self.options)
        self.transport.open()
        self.transport.discard_input()
        ident = self._identify()
        self.answers_gs_r = None
        status = self.read_status(min(self.timeout, PROBE_WAIT_S * 2))
        if status.answered and status.ready:
            self.answers_gs_r = self._probe_gs_r()
        # (a printer that is offline now holds GS r until it is fixed: probed at the first job)
        self.info = DeviceInfo(
            model=" ".join(x for x in (ident.get(GS_I_MAKER), ident.get(GS_I_MODEL)) if x)
            or "ESC/POS printer",
            firmware=ident.get(GS_I_FIRMWARE, "unknown"),
            serial_number=ident.get(GS_I_SERIAL, "unknown"),
            extra={"paper_width_mm": str(self.paper.width_mm),
                   "chinese": str(self.options.get("chinese") or "native"),
                   "transport": type(self.transport).__name__},
            capabilities={"identify": "GS I" if ident else "none",
                          "status": "DLE EOT" if status.answered
                          else ("garbled" if status.garbled else "no answer")},
        )
        self._note_confirm_method()

    def confirm_method(self) -> str:
        """How jobs are confirmed now: "processed" (GS r) or "status" (DLE EOT only)."""
        option = self.confirm_option
        if option in ("processed", "status"):
            return option
        return "status" if self.answers_gs_r is False else "processed"

    def _note_confirm_method(self) -> None:
        """Put what GS r did and the confirmation method into ``info`` and the log."""
        method = self.confirm_method()
        gs_r = {True: "GS r", False: "none", None: "not probed"}[self.answers_gs_r]
        source = "configured" if self.confirm_option in ("processed", "status") else "probed"
        caps = {**self.info.capabilities, "processed": gs_r,
                "confirm": "GS r" if method == "processed" else "DLE EOT",
                "confirm_source": source}
        self.info = dataclasses.replace(self.info, capabilities=caps)
        log.info("%s: jobs confirmed by %s (%s; GS r probe: %s)", self.name, caps["confirm"],
                 source, gs_r)
        if source == "configured" and method == "processed" and self.answers_gs_r is False:
            log.warning("%s: confirm = \"processed\" but the printer did not answer GS r: "
                        "every job will fail unconfirmed (use confirm = \"auto\")", self.name)

    def _probe_gs_r(self) -> bool:
        """Ask GS r 1 on an idle, ready printer: True when a GS r answer came back. A printer
        without GS r ignores it; one that is merely slow would answer later, so the buffers
        are cleared and the late byte (bit 4 clear) can never pass for a status byte."""
        io = self._io()
        io.discard_input()
        io.write(st.GS_R_PAPER, self.timeout)
        byte, _junk = self._read_valid(io, time.monotonic() + min(self.timeout, PROBE_WAIT_S),
                                       st.is_valid_gs_r_byte)
        if byte is None:
            io.write(CLEAR_BUFFERS, self.timeout)
            io.discard_input()
            return False
        return True

    def _identify(self) -> dict[int, str]:
        """GS I model/maker/firmware/serial, where the printer tells. A printer that does not
        answer the first question is not asked the others (each silence costs a deadline)."""
        found: dict[int, str] = {}
        wait = min(self.timeout, 0.3)
        for n in (GS_I_MODEL, GS_I_MAKER, GS_I_FIRMWARE, GS_I_SERIAL):
            self.transport.write(printer_info_query(n), self.timeout)
            text = self._read_info_reply(time.monotonic() + wait)
            if text is None:
                if n == GS_I_MODEL:
                    # a printer that is offline (paper out, cover open) holds GS I in its
                    # buffer and would answer later, where the text could pass for status
                    # bytes: drop it from the buffer
                    self.transport.write(CLEAR_BUFFERS, self.timeout)
                    break
                continue
            found[n] = text
        self.transport.discard_input()
        return found

    def _read_info_reply(self, deadline: float) -> str | None:
        """``"_" text NUL`` → text; None on silence or anything else (never raises on junk)."""
        buf = bytearray()
        while time.monotonic() < deadline and len(buf) < 81:
            buf += self.transport.read_some(81 - len(buf), max(0.0, deadline - time.monotonic()))
            if buf[:1] not in (b"", b"_"):
                return None
            if buf.endswith(b"\x00") and len(buf) > 1:
                text = bytes(buf[1:-1]).decode("ascii", "replace").strip()
                return text if text.isprintable() and text else None
        return None

    def _close(self) -> None:
        t, self.transport = self.transport, None
        if t is not None:
            t.close()

    def _io(self) -> Transport:
        if self.transport is None or not self.transport.is_open:
            raise PrinterOffline(f"{self.name}: port {self.port} is not open")
        return self.transport

    # --------------------------------------------------------------- status
    def read_status(self, timeout: float | None = None) -> PrinterStatus:
        """DLE EOT 1, 2, 3, 4 — one at a time, each reply validated, one overall deadline.

        Never raises for a silent or garbled printer: that is a status (``answered`` False,
        paper unknown). Raises only when the port itself fails.
        """
        io = self._io()
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        io.discard_input()
        replies: dict[int, int | None] = {}
        problem = ""
        garbled = False
        for n in st.STATUS_KINDS:
            io.write(st.query(n), max(0.05, deadline - time.monotonic()))
            byte, junk = self._read_valid(io, deadline, st.is_valid_status_byte)
            if byte is None:
                garbled = bool(junk)
                waited = self.timeout if timeout is None else timeout
                problem = (f"invalid reply to DLE EOT {n}: {junk[:8].hex(' ')}" if junk
                           else f"no reply to DLE EOT {n} within {waited:.1f}s")
                break
            replies[n] = byte
        status = st.decode(replies, problem, garbled)
        self.last_printer_status = status
        return status

    @staticmethod
    def _read_valid(io: Transport, deadline: float, valid) -> tuple[int | None, bytes]:
        """The first byte passing ``valid`` before ``deadline``; skipped bytes are returned
        too (a stale reply or line noise is dropped, not misread as status)."""
        junk = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, bytes(junk)
            data = io.read_some(1, left)
            if not data:
                continue
            if valid(data[0]):
                return data[0], bytes(junk)
            junk += data

    def poll_status(self) -> DeviceStatus:
        status = self.read_status()
        if not status.answered:
            if status.garbled:
                err = ProtocolError(f"{self.name}: {status.problem} (wrong baud rate or not an "
                                    "ESC/POS printer?)")
                err.state = DeviceState.OFFLINE
                raise err
            raise DeviceTimeout(f"{self.name}: {status.problem}")
        return status.to_device_status()

    def _apply(self, status: PrinterStatus) -> None:
        if status.answered:
            self.set_status(*_fields(status.to_device_status()))

    # ---------------------------------------------------------------- print
    def print_bytes(self, data: bytes, *, confirm: str | None = None) -> PrintResult:
        """Send one job and confirm it. Raises a :class:`PrintError` subclass on failure.

        ``confirm``: "processed" (GS r 1 after the job: answered once it is printed) or
        "status" (DLE EOT only, for printers without GS r); default: the method found at
        open (option ``confirm = "auto"``) or the one configured.
        """
        t0 = time.monotonic()
        io = self._io()
        deadline = t0 + self.print_timeout + self._transfer_time(len(data), io)

        before = self.read_status()
        self._apply(before)
        if not before.ready:
            raise error_for_status(before, "not printing", printed=False, device=self.name)
        if confirm is None and self.answers_gs_r is None and self.confirm_option == "auto":
            # it was not ready at open: ask now, on an idle printer, before the job
            self.answers_gs_r = self._probe_gs_r()
            self._note_confirm_method()
        confirm = confirm or self.confirm_method()

        try:
            io.write(data, max(0.05, deadline - time.monotonic()))
        except DeviceError as exc:
            raise self._explain(f"sending {len(data)} bytes failed ({exc})", exc) from exc

        confirmed_by = "DLE EOT"
        if confirm == "processed":
            try:
                io.write(st.GS_R_PAPER, max(0.05, deadline - time.monotonic()))
                outcome = self._await_processed(io, deadline)
            except DeviceError as exc:
                raise self._explain("no confirmation", exc) from exc
            if outcome == "silent":
                raise self._explain("printer stopped answering during the job", None)
            if outcome == "stopped":
                raise self._explain("printer stopped during the job", None)
            if outcome != "printed":
                raise self._explain(
                    f"printer did not confirm the job within {self.print_timeout:.1f}s", None)
            confirmed_by = "GS r"

        after = self.read_status()
        self._apply(after)
        if not after.answered:
            raise PrintNotConfirmed(
                f"{self.name}: job sent but no valid status afterwards ({after.problem})",
                status=after, printed=None)
        if not after.ready:
            raise error_for_status(after, "after printing", printed=None, device=self.name)
        result = PrintResult(len(data), time.monotonic() - t0, after, confirmed_by)
        log.info("%s: printed %d bytes in %.2fs (confirmed by %s)", self.name, len(data),
                 result.duration_s, confirmed_by)
        return result

    def _transfer_time(self, n: int, io: Transport) -> float:
        """Seconds ``n`` bytes take on the wire: a serial line at 9600 baud moves a raster
        ticket in ~25 s, which must not count against the printing deadline."""
        if isinstance(io, SerialTransport):
            return n * 10 / max(1, int(self.options.get("baudrate") or 115200))
        return 0.0

    def _await_processed(self, io: Transport, deadline: float) -> str:
        """Wait for the GS r answer ("printed"). Meanwhile ask DLE EOT 2 (real time) now and
        then, so a printer that stopped (paper out, cover opened) or died mid-job is noticed
        at once instead of at the job's deadline. The two answers cannot be confused: status
        bytes have bit 4 set, GS r bytes never do.

        Returns "printed", "stopped", "silent" or "deadline".
        """
        probe_sent: float | None = None
        while True:
            now = time.monotonic()
            if now >= deadline:
                return "deadline"
            data = io.read_some(1, min(0.2, deadline - now))
            if data:
                b = data[0]
                if st.is_valid_gs_r_byte(b):
                    return "printed"
                if st.is_valid_status_byte(b):
                    probe_sent = None
                    if b & (st.COVER_OPEN | st.PAPER_END_STOP | st.ERROR_OCCURRED):
                        return "stopped"
                continue  # noise: keep waiting for a valid answer
            if probe_sent is None:
                io.write(st.query(st.OFFLINE_CAUSE), max(0.05, deadline - time.monotonic()))
                probe_sent = time.monotonic()
            elif time.monotonic() - probe_sent > self.timeout:
                return "silent"

    def _explain(self, what: str, cause: DeviceError | None) -> PrintError:
        """Why a job did not go through: ask the printer (real-time status), and drop what it
        still holds so a half ticket does not print when the fault is cleared."""
        try:
            now = self.read_status()
        except DeviceError:
            now = st.NO_REPLY
        if now.answered:
            self._apply(now)
            try:
                self._io().write(CLEAR_BUFFERS, 0.5)
            except DeviceError:
                pass
            if not now.ready:
                return error_for_status(now, what, printed=None, device=self.name)
            err = PrintNotConfirmed(f"{self.name}: {what}; printer is online, check the ticket",
                                    status=now, printed=None)
            err.state = None
            return err
        state = getattr(cause, "state", None) or DeviceState.OFFLINE
        err = PrinterOffline(f"{self.name}: {what}; no status reply", status=now, printed=None)
        err.state = state
        return err

    # ---------------------------------------------------------------- tests
    def test_page(self, *, title: str = "打印机测试 Printer test", short: bool = False) -> bytes:
        """Chinese and English text, sizes, a QR code and a cut: what `kiosk printer test`
        prints."""
        b = self.builder().init()
        b.line(title, align="center", bold=True, width=2 if b.fits(title, 2) else 1, height=2)
        b.line(datetime.now().strftime("%Y-%m-%d %H:%M:%S"), align="center")
        if not short:
            b.rule()
            b.paragraph("中文：政务服务自助一体机（打印测试）、标点：，。；！？", align="left")
            b.paragraph("English: self-service kiosk ticket printer test.")
            b.columns("纸宽 Paper", f"{self.paper.width_mm} mm / {self.paper.dots} dots")
            b.columns("中文模式 Chinese", str(self.options.get("chinese") or "native"))
            b.rule()
            b.qr("https://kiosk.example.gov.cn/printer-test", size=6)
            b.line("扫码测试 Scan to test", align="center")
        b.cut(partial=self.options.get("cut", "partial") != "full")
        return b.finish()

    def external_checks(self) -> list[HealthCheck]:
        result = self.print_bytes(self.test_page(title="自检 Self-test", short=True))
        return [HealthCheck("print", True, f"{result.bytes_sent} bytes confirmed by "
                                           f"{result.confirmed_by} in {result.duration_s:.2f}s")]


def _fields(s: DeviceStatus) -> tuple:
    return s.state, s.supplies, s.detail
