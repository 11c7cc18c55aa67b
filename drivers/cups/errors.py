"""Typed failures of an A4 print through CUPS: what went wrong, who can fix it, and whether
anything came out (``printed``: False nothing, None maybe part of it)."""
from __future__ import annotations

from drivers.core.errors import DeviceDisconnected, DeviceError, DeviceTimeout
from drivers.core.status import DeviceState, Recovery


class DocumentPrintError(DeviceError):
    code = "print_failed"
    state = None
    recovery = Recovery.RETRY
    message_zh = "文件没有打印出来"

    def __init__(self, message: str, *, printed: bool | None = False, **kw) -> None:
        super().__init__(message, **kw)
        self.printed = printed

    def to_dict(self) -> dict:
        return {**super().to_dict(), "printed": self.printed}


class PaperOut(DocumentPrintError):
    code = "paper_out"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印机缺纸"


class PaperJam(DocumentPrintError):
    code = "paper_jam"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印机卡纸"


class CoverOpen(DocumentPrintError):
    code = "cover_open"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印机舱门未关好"


class TonerEmpty(DocumentPrintError):
    code = "toner_empty"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印机墨粉用完"


class QueueStopped(DocumentPrintError):
    code = "queue_stopped"
    state = DeviceState.USER_ERROR
    recovery = Recovery.STAFF
    message_zh = "打印队列已暂停"


class PrinterFault(DocumentPrintError):
    code = "printer_fault"
    state = DeviceState.HARDWARE_ERROR
    recovery = Recovery.TECHNICIAN
    message_zh = "打印机故障"


class PrinterOffline(DocumentPrintError):
    code = "printer_offline"
    state = DeviceState.OFFLINE
    recovery = Recovery.RESET
    message_zh = "打印机没有响应"


class JobAborted(DocumentPrintError):
    """CUPS or the printer ended the job without completing it (aborted, cancelled)."""

    code = "job_aborted"
    recovery = Recovery.RETRY
    message_zh = "打印任务被中止"


class NotConfirmed(DocumentPrintError):
    """The job did not complete by the print deadline (cancelled then)."""

    code = "not_confirmed"
    recovery = Recovery.RETRY
    message_zh = "打印机没有确认文件已打出"


class CupsTimeout(DeviceTimeout):
    """cupsd did not answer a request within its deadline (hung or overloaded)."""

    code = "timeout"
    message_zh = "打印服务无响应"


class CupsUnreachable(DeviceDisconnected):
    """No cupsd at the configured server, or no such queue in it."""

    code = "disconnected"
    message_zh = "打印服务未连接"


#: a blocking problem (drivers.cups.reasons.Reading.problem) → the error that names it
PROBLEM_ERRORS: dict[str, type[DocumentPrintError]] = {
    "paper_out": PaperOut, "paper_jam": PaperJam, "cover_open": CoverOpen,
    "toner_empty": TonerEmpty, "queue_stopped": QueueStopped, "printer_fault": PrinterFault,
    "printer_offline": PrinterOffline,
}

__all__ = ["PROBLEM_ERRORS", "CoverOpen", "CupsTimeout", "CupsUnreachable",
           "DocumentPrintError", "JobAborted", "NotConfirmed", "PaperJam", "PaperOut",
           "PrinterFault", "PrinterOffline", "QueueStopped", "TonerEmpty"]
