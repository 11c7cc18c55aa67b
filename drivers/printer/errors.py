"""Typed print failures: what went wrong, what the citizen is told, who can fix it.

Every failure carries the printer status that was read when it happened (``status``, may be
None), so the flow can offer a reprint once the cause is cleared.
"""
from __future__ import annotations

from drivers.core.errors import DeviceError
from drivers.core.status import DeviceState, Recovery
from drivers.printer.status import PrinterStatus


class PrintError(DeviceError):
    code = "print_failed"
    state = None
    recovery = Recovery.RETRY
    message_zh = "打印失败，请重试或联系工作人员"

    def __init__(self, message: str, *, status: PrinterStatus | None = None,
                 printed: bool | None = False, **kw) -> None:
        super().__init__(message, **kw)
        self.status = status
        #: False: nothing of the job reached the paper; None: unknown (maybe partly printed)
        self.printed = printed

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["printed"] = self.printed
        if self.status is not None:
            d["status"] = self.status.to_dict()
        return d


class PaperOut(PrintError):
    code = "paper_out"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印纸已用完，请联系工作人员"


class CoverOpen(PrintError):
    code = "cover_open"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印机盖未关好，请联系工作人员"


class CutterError(PrintError):
    code = "cutter_error"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印机切纸故障，请联系工作人员"


class PrinterFault(PrintError):
    """The printer reports an error that is neither paper nor cover (unrecoverable, overheat)."""

    code = "printer_fault"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN
    message_zh = "打印机故障，请联系工作人员"


class PrinterOffline(PrintError):
    """No valid status reply within the deadline: powered off, unplugged, hung."""

    code = "printer_offline"
    state = DeviceState.OFFLINE
    recovery = Recovery.RESET
    message_zh = "打印机无响应，请联系工作人员"


class PrintNotConfirmed(PrintError):
    """The job was sent but the printer never confirmed it was printed."""

    code = "not_confirmed"
    state = DeviceState.OFFLINE
    recovery = Recovery.RETRY
    message_zh = "未能确认凭条已打印，请检查出纸口或重新打印"


def error_for_status(status: PrinterStatus, when: str, *, printed: bool | None = False,
                     device: str = "printer") -> PrintError:
    """The typed error that explains a status which is not ready."""
    what = status.error or "not ready"
    msg = f"{device}: {when}: {what}"
    if not status.answered:
        return PrinterOffline(msg, status=status, printed=printed)
    if status.cover_open:
        return CoverOpen(msg, status=status, printed=printed)
    if str(status.paper) == "out":
        return PaperOut(msg, status=status, printed=printed)
    if status.cutter_error:
        return CutterError(msg, status=status, printed=printed)
    if status.unrecoverable_error or status.auto_recoverable_error:
        err = PrinterFault(msg, status=status, printed=printed)
        if status.auto_recoverable_error and not status.unrecoverable_error:
            err.recovery = Recovery.RETRY
        return err
    return PrinterOffline(msg, status=status, printed=printed)
