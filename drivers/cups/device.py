"""An A4 printer behind CUPS (``driver = "cups"``): the DocumentPrinter contract with pycups.

``port`` names the queue and the server: ``QUEUE`` (the default cupsd), ``QUEUE@HOST[:PORT]``
or ``QUEUE@/path/to/cups.sock``. Every request to cupsd runs on a short-lived helper thread
with a deadline (``timeout``): pycups blocks for as long as cupsd does, so a hung cupsd
becomes a :class:`~drivers.cups.errors.CupsTimeout` on the device's worker, never a hung
worker (the stuck helper strands only itself; each request has its own connection).

A print queues the PDF, then watches the job (IPP job-state) and the queue (printer-state,
printer-state-reasons) until the job completed. A blocking reason (paper out, jam, door open,
toner empty, offline, queue stopped) while the job has not completed, an aborted job, or no
completion by ``print_timeout`` cancels the job and raises the error that names the cause.
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from drivers.core.errors import DeviceError, ProtocolError
from drivers.core.status import DeviceInfo, DeviceStatus, Recovery
from drivers.cups.errors import (
    PROBLEM_ERRORS,
    CupsTimeout,
    CupsUnreachable,
    JobAborted,
    NotConfirmed,
)
from drivers.cups.reasons import PRINTER_STATES, read_reasons
from drivers.kinds.document_printer import (
    JOB_STATES,
    DocumentPrinted,
    DocumentPrinter,
    QueueStatus,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

#: IPP status-code client-error-not-found (RFC 8011 §B.1.4.5): no such queue or job
IPP_NOT_FOUND = 0x0406
PRINTER_ATTRS = ["printer-state", "printer-state-reasons", "printer-state-message",
                 "printer-is-accepting-jobs", "printer-make-and-model", "printer-info",
                 "device-uri", "marker-levels", "marker-names"]
JOB_ATTRS = ["job-state", "job-state-reasons", "job-name", "job-printer-uri",
             "job-media-sheets-completed"]


def parse_port(port: str) -> tuple[str, str | None, int | None]:
    """``"a4@/run/x/cups.sock"`` → (queue, server, port). ValueError (one line) when bad."""
    queue, _, server = (port or "").strip().partition("@")
    if not queue or "/" in queue or any(c.isspace() for c in queue):
        raise ValueError('expected a CUPS queue name: "QUEUE", "QUEUE@HOST[:PORT]" or '
                         '"QUEUE@/path/to/cups.sock"')
    if not server:
        return queue, None, None
    if server.startswith("/"):
        return queue, server, None
    host, sep, num = server.rpartition(":")
    if sep and num.isdigit():
        return queue, host, int(num)
    return queue, server, None


class CupsPrinter(DocumentPrinter):

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.queue, self.server, self.server_port = parse_port(self.port)
        opts = self.options
        self.print_timeout = float(opts.get("print_timeout") or 120.0)
        self.job_poll = float(opts.get("job_poll") or 0.2)
        self.media = str(opts.get("media") or "A4")
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ plumbing
    def _connect(self):
        import cups  # pycups: imported on the helper thread, when a request is made

        kw: dict[str, Any] = {}
        if self.server:
            kw["host"] = self.server
        if self.server_port:
            kw["port"] = self.server_port
        return cups.Connection(**kw)

    @property
    def where(self) -> str:
        return f"{self.queue}@{self.server or 'default cupsd'}"

    def _call(self, what: str, fn: Callable[[Any], T], timeout: float | None = None) -> T:
        """``fn(connection)`` on a helper thread; CupsTimeout when cupsd misses the deadline."""
        budget = self.timeout if timeout is None else timeout
        box: dict[str, Any] = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["value"] = fn(self._connect())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, typed
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=run, name=f"cups-{what}", daemon=True).start()
        if not done.wait(budget):
            raise CupsTimeout(f"{self.where}: {what}: no answer from cupsd within "
                              f"{budget:.1f}s (cupsd hung or overloaded)")
        if "error" in box:
            raise self._typed(what, box["error"]) from None
        return box["value"]

    def _typed(self, what: str, exc: BaseException) -> DeviceError:
        import cups

        if isinstance(exc, DeviceError):
            return exc
        if isinstance(exc, cups.IPPError):
            status, text = (exc.args + (0, ""))[:2]
            if status == IPP_NOT_FOUND:
                return CupsUnreachable(f"{self.where}: {what}: cupsd has no such queue or "
                                       f"job ({text})")
            return ProtocolError(f"{self.where}: {what}: cupsd refused: IPP status "
                                 f"0x{int(status):04x} {text}")
        if isinstance(exc, cups.HTTPError):
            return ProtocolError(f"{self.where}: {what}: HTTP status {exc.args[0]} from cupsd")
        if isinstance(exc, RuntimeError):  # pycups: "failed to connect to server"
            return CupsUnreachable(f"{self.where}: {what}: cannot reach cupsd ({exc})")
        log.error("%s: %s: unexpected %s from pycups", self.name, what, type(exc).__name__)
        return DeviceError(f"{self.where}: {what}: internal error ({type(exc).__name__})",
                           recovery=Recovery.TECHNICIAN, code="internal")

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        attrs = self._call("open", lambda c: c.getPrinterAttributes(
            self.queue, requested_attributes=PRINTER_ATTRS))
        uri = str(attrs.get("device-uri", ""))
        make = str(attrs.get("printer-make-and-model") or "CUPS queue")
        info = str(attrs.get("printer-info") or "")
        self.info = DeviceInfo(
            # the description shows a mock queue for what it is ("MOCK virtual A4 printer")
            model=f"{make} — {info}" if info and info != self.queue else make,
            extra={"queue": self.queue, "server": self.server or "default",
                   "device_uri": uri.split("?")[0]},
            capabilities={"status": "printer-state-reasons", "confirm": "job-state",
                          "markers": "marker-levels" if "marker-levels" in attrs else "none"})

    def _close(self) -> None:
        pass  # no connection is kept between requests

    # ------------------------------------------------------------------- status
    def _printer(self) -> dict:
        return self._call("status", lambda c: c.getPrinterAttributes(
            self.queue, requested_attributes=PRINTER_ATTRS))

    @staticmethod
    def _reasons(attrs: dict) -> list[str]:
        reasons = attrs.get("printer-state-reasons") or []
        reasons = [reasons] if isinstance(reasons, str) else [str(r) for r in reasons]
        return [r for r in reasons if r != "none"]

    def _reading(self, attrs: dict):
        return read_reasons(self._reasons(attrs),
                            printer_state=int(attrs.get("printer-state") or 3),
                            accepting=bool(attrs.get("printer-is-accepting-jobs", True)))

    def poll_status(self) -> DeviceStatus:
        reading = self._reading(self._printer())
        return DeviceStatus(reading.state, reading.supplies, reading.detail)

    def queue_status(self) -> QueueStatus:
        def ask(c):
            return c.getPrinterAttributes(self.queue, requested_attributes=PRINTER_ATTRS), \
                c.getJobs(which_jobs="not-completed", my_jobs=False,
                          requested_attributes=JOB_ATTRS)

        attrs, jobs = self._call("queue_status", ask)
        reading = self._reading(attrs)
        self.set_status(reading.state, reading.supplies, reading.detail)
        mine = tuple(
            {"id": str(jid), "state": JOB_STATES.get(int(j.get("job-state") or 0), "unknown"),
             "title": str(j.get("job-name", ""))}
            for jid, j in sorted(jobs.items())
            if str(j.get("job-printer-uri", "")).rstrip("/").endswith("/" + self.queue))
        return QueueStatus(
            online=not reading.problem, state=PRINTER_STATES.get(
                int(attrs.get("printer-state") or 3), "unknown"),
            reasons=tuple(self._reasons(attrs)), jobs=mine,
            accepting=bool(attrs.get("printer-is-accepting-jobs", True)),
            message=str(attrs.get("printer-state-message", "")), supplies=reading.supplies)

    # ------------------------------------------------------------------- jobs
    def print_pdf(self, pdf: bytes, *, copies: int = 1, title: str = "") -> str:
        if not pdf.startswith(b"%PDF-"):
            raise DeviceError(f"{self.name}: print_pdf: not a PDF document",
                              code="not_pdf", recovery=Recovery.TECHNICIAN, message_zh="不是PDF文件")
        # the document may carry personal data: a private file, removed as soon as cupsd
        # has its own copy (the call returns then)
        fd, path = tempfile.mkstemp(prefix="kiosk-a4-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
            options = {"copies": str(max(1, int(copies))), "media": self.media,
                       "sides": "one-sided"}
            job = self._call("print_pdf", lambda c: c.printFile(
                self.queue, path, title or "kiosk document", options))
        finally:
            os.unlink(path)
        log.info("%s: job %s queued (%d bytes, %d copies)", self.name, job, len(pdf), copies)
        return str(job)

    def job_state(self, job_id: str) -> str:
        attrs = self._call("job_state", lambda c: c.getJobAttributes(
            int(job_id), requested_attributes=JOB_ATTRS))
        return JOB_STATES.get(int(attrs.get("job-state") or 0), "unknown")

    def cancel_job(self, job_id: str) -> None:
        import cups

        def cancel(c) -> None:
            try:
                c.cancelJob(int(job_id))
            except cups.IPPError as exc:
                # 0x0507 not-possible: the job already finished; nothing to cancel
                if exc.args[0] not in (0x0507, IPP_NOT_FOUND):
                    raise

        self._call("cancel_job", cancel)
        log.info("%s: job %s cancelled", self.name, job_id)

    def print_document(self, pdf: bytes, *, pages: int, copies: int = 1,
                       title: str = "") -> DocumentPrinted:
        # (the worker runs this through Device.run: counted and turned into status there)
        before = self._reading(self._printer())
        self.set_status(before.state, before.supplies, before.detail)
        if before.problem:  # nothing queued: the printer cannot print now
            raise PROBLEM_ERRORS[before.problem](
                f"{self.where}: not printed: {before.detail}", printed=False)
        started = time.monotonic()
        job = self.print_pdf(pdf, copies=copies, title=title)
        deadline = started + self.print_timeout
        state = "pending"
        try:
            while True:
                state = self.job_state(job)
                if state == "completed":
                    seconds = time.monotonic() - started
                    log.info("%s: job %s completed in %.2fs", self.name, job, seconds)
                    return DocumentPrinted(job, pages * copies, copies, round(seconds, 3))
                if state in ("aborted", "canceled"):
                    raise JobAborted(f"{self.where}: job {job} {state} by the printer or cupsd",
                                     printed=None)
                reading = self._reading(self._printer())
                self.set_status(reading.state, reading.supplies, reading.detail)
                if reading.problem:
                    # pending: nothing reached the paper; processing: perhaps some pages
                    raise PROBLEM_ERRORS[reading.problem](
                        f"{self.where}: job {job} stopped ({state}): {reading.detail}",
                        printed=False if state.startswith("pending") else None)
                if time.monotonic() > deadline:
                    raise NotConfirmed(f"{self.where}: job {job} not completed within "
                                       f"{self.print_timeout:.0f}s (still {state})",
                                       printed=False if state.startswith("pending") else None)
                time.sleep(self.job_poll)  # cupsd has no push on this path: look again
        except DeviceError:
            self._cancel_quietly(job)
            raise

    def _cancel_quietly(self, job: str) -> None:
        try:
            self.cancel_job(job)
        except DeviceError as exc:  # a hung cupsd: the job stays; staff see it in the queue
            log.warning("%s: could not cancel job %s: %s", self.name, job, exc)


__all__ = ["CupsPrinter", "parse_port"]
