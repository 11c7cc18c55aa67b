"""Print jobs: a layout + its data, as a function the device worker runs.

``handle.submit("print_ticket", queue_ticket_job(ticket, hall_name=…, hall_name_en=…))``
runs on the printer's worker thread and resolves to a :class:`PrintResult` or raises a
:class:`PrintError` subclass (paper out, cover open, offline, not confirmed …). The bytes are
built when the job runs, for the printer it runs on (paper width, Chinese mode).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from drivers.core.device import Device
from drivers.core.errors import DeviceError
from drivers.core.status import Recovery
from drivers.printer.device import PrintResult
from kiosk.printing.template import Template, check, load_template, render
from kiosk.services import Ticket

PRIORITY_LABELS = {
    "elderly_70": "优先：70岁以上老人 Priority: senior (70+)",
    "elderly": "优先：老年人 Priority: senior",
    "disabled": "优先：残疾人 Priority: disability",
    "military": "优先：军人 Priority: military",
    "pregnant": "优先：孕妇 Priority: pregnancy",
    "appointment": "预约 Appointment",
}

Job = Callable[[Device], PrintResult]


def _time(dt: datetime | None) -> str:
    return (dt or datetime.now()).strftime("%Y-%m-%d %H:%M")


def _reachable_link(url: str) -> str:
    """The tracking link if a phone could open it; "" for a loopback address (the demo's
    own server) — a QR code no phone can follow is worse than none."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "") if url else ""
    return "" if host in ("", "localhost") or host.startswith("127.") or host == "::1" else url


def ticket_context(ticket: Ticket, *, hall_name: str, hall_name_en: str = "",
                   footer: str = "", sms_to: str = "") -> dict[str, Any]:
    """The fields a queue ticket layout may use. Only what is true for this ticket is set:
    ``sms_to`` (the masked number) only when the citizen gave one, the wait only when
    known, the QR only when a phone can open it."""
    ahead_known = ticket.ahead is not None and not ticket.offline
    wait_known = ticket.est_wait_min is not None and not ticket.offline
    if wait_known and ticket.est_wait_min < 1:
        wait_text = "马上到您 / you are next"
    elif wait_known:
        wait_text = f"约 {ticket.est_wait_min} 分钟 / ~{ticket.est_wait_min} min"
    else:
        wait_text = ""
    return {
        "hall_name": hall_name,
        "hall_name_en": hall_name_en,
        "number": ticket.number,
        "category": ticket.category,
        "category_name": ticket.category_name,
        "category_name_en": ticket.category_name_en,
        "floor": ticket.floor,
        "floor_text": f"{ticket.floor} 楼 / {_ordinal(ticket.floor)} floor",
        "windows": ticket.windows,
        "ahead": ticket.ahead,
        "ahead_known": ahead_known,
        "ahead_text": (f"前面 {ticket.ahead} 人 / {ticket.ahead} ahead" if ticket.ahead
                       else "下一位就是您 / you are next") if ahead_known else "",
        "est_wait_min": ticket.est_wait_min,
        "wait_known": wait_known,
        "wait_text": wait_text,
        "sms_to": sms_to,
        "issued_text": _time(ticket.issued_at),
        "offline": ticket.offline,
        "priority": ticket.priority or "",
        "priority_label": PRIORITY_LABELS.get(ticket.priority or "", ticket.priority or ""),
        "reissued_from": ticket.reissued_from or "",
        "reissue_label": f"补号 Re-issued for {ticket.reissued_from}" if ticket.reissued_from
        else "",
        "track_url": _reachable_link(ticket.track_url),
        "kiosk_id": ticket.kiosk_id,
        "footer": footer,
    }


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


Line = str | tuple[str, str] | Mapping[str, Any]


def receipt_line(line: Line) -> dict[str, Any]:
    """Normalise one receipt line: ``"text"`` (a paragraph), ``("label", "value")`` (a pair),
    or a dict with ``text`` and one of ``heading``/``check``/``separator`` set (``check``
    prints a checkbox: a materials checklist), or ``label``/``value``."""
    item = {"text": "", "label": "", "value": "", "marker": "", "heading": False,
            "pair": False, "check": False, "plain": False, "separator": False}
    if isinstance(line, str):
        item.update(text=line, plain=True)
    elif isinstance(line, tuple):
        label, value = line
        item.update(label=str(label), value=str(value), pair=True)
    elif isinstance(line, Mapping):
        item.update({k: v for k, v in line.items() if k in item})
        if item["label"] or item["value"]:
            item["pair"] = True
        elif item["check"]:
            item["marker"] = "□ "  # U+25A1 is in GBK: printable natively, unlike ☐
        elif not (item["heading"] or item["separator"]):
            item["plain"] = True
    else:
        raise TypeError(f"receipt line must be str, (label, value) or a dict, got {line!r}")
    return item


def receipt_context(title: str, lines: Sequence[Line], *, title_en: str = "",
                    subtitle: str = "", hall_name: str = "", number: str = "",
                    number_label: str = "编号 No.", qr: str | None = None,
                    qr_caption: str = "", barcode: str = "", footer: str = "",
                    printed_at: datetime | None = None) -> dict[str, Any]:
    return {
        "title": title, "title_en": title_en, "subtitle": subtitle, "hall_name": hall_name,
        "number": number, "number_label": number_label, "qr": qr or "",
        "qr_caption": qr_caption, "barcode": barcode, "footer": footer,
        "printed_text": _time(printed_at),
        "lines": [receipt_line(x) for x in lines],
    }


def layout_job(template: Template | str | Path, context: Mapping[str, Any]) -> Job:
    """A job printing ``template`` filled with ``context`` (checked now, built on the device)."""
    t = template if isinstance(template, Template) else load_template(template)
    # a layout or data error surfaces at the call site, not later on the device thread
    check(t, context)

    def job(device: Device) -> PrintResult:
        build = getattr(device, "builder", None)
        if build is None or not hasattr(device, "print_bytes"):
            raise DeviceError(f"{device.name} is not a ticket printer", code="not_a_printer",
                              recovery=Recovery.TECHNICIAN)
        b = build().init()
        render(t, context, b)
        return device.print_bytes(b.finish())

    job.layout = t  # type: ignore[attr-defined]
    job.context = context  # type: ignore[attr-defined]
    return job


def job_bytes(job: Job, device_or_builder) -> bytes:
    """The bytes a job would send, without sending them (benchmarks, tests, previews)."""
    from drivers.printer.commands import EscPosBuilder

    b = device_or_builder if isinstance(device_or_builder, EscPosBuilder) else \
        device_or_builder.builder()
    render(job.layout, job.context, b.init())
    return b.finish()


def queue_ticket_job(ticket: Ticket, *, hall_name: str, hall_name_en: str = "",
                     footer: str = "", template: str | Path = "queue_ticket") -> Job:
    """The queue ticket for ``ticket``; its QR code is ``ticket.track_url``."""
    return layout_job(template, ticket_context(ticket, hall_name=hall_name,
                                               hall_name_en=hall_name_en, footer=footer))


@dataclass(frozen=True)
class TicketDocument:
    """A queue ticket to print: what a journey hands to ``Journey.print("printer", …)``.

    The layout is filled and checked when :meth:`job` runs (off the Qt thread), for the
    printer it then runs on (paper width, Chinese mode)."""

    ticket: Ticket
    hall_name: str
    hall_name_en: str = ""
    template: str = "queue_ticket"
    sms_to: str = ""  # the masked mobile number the call goes to, when one was given

    def job(self) -> Job:
        return layout_job(self.template, ticket_context(
            self.ticket, hall_name=self.hall_name, hall_name_en=self.hall_name_en,
            sms_to=self.sms_to))


def receipt_job(title: str, lines: Sequence[Line], *, qr: str | None = None,
                template: str | Path = "receipt", **fields: Any) -> Job:
    """A receipt or checklist (materials list, acceptance receipt).

    ``fields``: title_en, subtitle, hall_name, number, number_label, qr_caption, barcode,
    footer, printed_at.
    """
    return layout_job(template, receipt_context(title, lines, qr=qr, **fields))
