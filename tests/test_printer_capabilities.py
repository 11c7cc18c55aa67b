"""Capabilities discovered, not assumed: the ESC/POS driver asks GS I, DLE EOT and GS r once
at open and confirms jobs by the best method the printer answered — against an independent
peer on TCP (not the project's simulator) that answers DLE EOT with the documented literal
bytes and ignores GS r and GS I, as some kiosk printers do."""
from __future__ import annotations

import logging
import socket
import threading

import pytest

from drivers.printer.device import EscPosPrinter
from drivers.printer.errors import PrintNotConfirmed

DLE_EOT = b"\x10\x04"
GS_R_1 = b"\x1dr\x01"
JOB = b"\x1b@hello\n\x1dV\x01"


class PeerPrinter:
    """A TCP 9100 printer of its own: DLE EOT n → 0x12 (online, paper ok; 0x1A/0x72 when
    ``paper_out``); GS r 1 → 0x00 only when ``gs_r``; everything else is swallowed."""

    def __init__(self, *, gs_r: bool) -> None:
        self.gs_r = gs_r
        self.paper_out = False
        self.received = bytearray()
        self._srv = socket.create_server(("127.0.0.1", 0))
        self.port = f"tcp://127.0.0.1:{self._srv.getsockname()[1]}"
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _answer(self, n: int) -> bytes:
        if not self.paper_out:
            return b"\x12"
        return {1: b"\x1a", 2: b"\x32", 3: b"\x12", 4: b"\x72"}.get(n, b"")

    def _serve(self) -> None:
        self._srv.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._srv.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.2)
                buf = b""
                while not self._stop.is_set():
                    try:
                        data = conn.recv(4096)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not data:
                        break
                    self.received += data
                    buf += data
                    out = b""
                    while True:  # real-time queries first, wherever they are in the stream
                        i, j = buf.find(DLE_EOT), buf.find(GS_R_1)
                        hits = [(k, kind) for k, kind in ((i, "eot"), (j, "gsr")) if k >= 0]
                        if not hits:
                            break
                        k, kind = min(hits)
                        if kind == "eot":
                            if len(buf) < k + 3:
                                break
                            out += self._answer(buf[k + 2])
                            buf = buf[k + 3:]
                        else:
                            out += b"\x00" if self.gs_r and not self.paper_out else b""
                            buf = buf[k + 3:]
                    buf = buf[-2:]  # a query split across two reads
                    if out:
                        conn.sendall(out)

    def close(self) -> None:
        self._stop.set()
        self._srv.close()


@pytest.fixture
def peer_without_gs_r():
    p = PeerPrinter(gs_r=False)
    yield p
    p.close()


def open_printer(port: str, **options) -> EscPosPrinter:
    d = EscPosPrinter("printer", port, {"print_timeout": 2.0, **options}, timeout=0.5)
    d.open()
    return d


def test_a_printer_without_gs_r_is_confirmed_by_dle_eot_by_default(peer_without_gs_r, caplog):
    caplog.set_level(logging.INFO, logger="drivers.printer.device")
    d = open_printer(peer_without_gs_r.port)
    try:
        assert dict(d.info.capabilities) == {
            "identify": "none", "status": "DLE EOT", "processed": "none",
            "confirm": "DLE EOT", "confirm_source": "probed"}
        assert "jobs confirmed by DLE EOT (probed; GS r probe: none)" in caplog.text
        result = d.print_bytes(JOB)
        assert result.confirmed_by == "DLE EOT" and result.status.ready
        assert JOB in bytes(peer_without_gs_r.received)
    finally:
        d.close()


def test_forcing_processed_on_such_a_printer_fails_and_says_why(peer_without_gs_r, caplog):
    d = open_printer(peer_without_gs_r.port, confirm="processed")
    try:
        assert d.info.capabilities["confirm"] == "GS r"
        assert d.info.capabilities["confirm_source"] == "configured"
        assert "every job will fail unconfirmed" in caplog.text
        with pytest.raises(PrintNotConfirmed, match="did not confirm the job within 2.0s"):
            d.print_bytes(JOB)
    finally:
        d.close()


def test_a_printer_with_gs_r_is_confirmed_by_gs_r():
    peer = PeerPrinter(gs_r=True)
    d = open_printer(peer.port)
    try:
        assert d.info.capabilities["processed"] == "GS r"
        assert d.print_bytes(JOB).confirmed_by == "GS r"
        forced = d.print_bytes(JOB, confirm="status")  # an override still wins
        assert forced.confirmed_by == "DLE EOT"
    finally:
        d.close()
        peer.close()


def test_a_printer_offline_at_open_is_probed_at_its_first_job():
    peer = PeerPrinter(gs_r=False)
    peer.paper_out = True  # GS r would be held in its buffer: not asked now
    d = open_printer(peer.port)
    try:
        assert d.info.capabilities["processed"] == "not probed"
        assert d.info.capabilities["confirm"] == "GS r"  # until found otherwise
        assert GS_R_1 not in bytes(peer.received)
        peer.paper_out = False  # staff load paper
        assert d.print_bytes(JOB).confirmed_by == "DLE EOT"
        assert d.info.capabilities["processed"] == "none"
        sent = bytes(peer.received)
        assert sent.index(GS_R_1) < sent.index(JOB)  # probed before the job, on an idle printer
    finally:
        d.close()
        peer.close()
