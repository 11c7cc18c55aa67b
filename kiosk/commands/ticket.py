"""``kiosk ticket take|reissue``: issue a queue ticket (server, or offline) and print it."""
from __future__ import annotations

import argparse

from kiosk.commands.outbox import EXIT_USAGE, fail, storage_errors
from kiosk.context import print_json, settings_from_args
from kiosk.device_target import add_target_arguments


def register(sub, common) -> None:
    p = sub.add_parser("ticket", parents=[common], help="take or re-issue a queue ticket")
    tsub = p.add_subparsers(dest="ticket_command", metavar="ACTION")
    tsub.required = True
    t = tsub.add_parser("take", parents=[common],
                        help="issue a ticket (server, or offline when unreachable) and print it")
    t.add_argument("category", help="category code (`kiosk catalogue` lists them)")
    t.add_argument("--priority", metavar="REASON", help="priority reason, e.g. elderly_70")
    t.add_argument("--appointment", metavar="CODE", help="appointment code")
    t.add_argument("--mobile", metavar="NUMBER", help="mobile number for the SMS call")
    t.add_argument("--no-print", action="store_true", help="issue only, do not print")
    t.add_argument("--json", action="store_true")
    add_target_arguments(t, "printer: device path, pyserial URL or tcp://host:port")
    t.set_defaults(func=cmd_ticket_take)
    t = tsub.add_parser("reissue", parents=[common], help="补号: re-issue a missed number")
    t.add_argument("number")
    t.add_argument("--no-print", action="store_true")
    t.add_argument("--json", action="store_true")
    add_target_arguments(t, "printer: device path, pyserial URL or tcp://host:port")
    t.set_defaults(func=cmd_ticket_reissue)


def _ticket_dict(t, printed: bool | None = None) -> dict:
    return {"number": t.number, "category": t.category, "offline": t.offline, "ahead": t.ahead,
            "printed": bool(printed), "category_name": t.category_name, "floor": t.floor,
            "windows": t.windows, "est_wait_min": t.est_wait_min,
            "issued_at": t.issued_at.isoformat(), "priority": t.priority,
            "reissued_from": t.reissued_from, "track_url": t.track_url, "kiosk_id": t.kiosk_id}


def print_ticket(args, settings, ticket) -> tuple[bool, str]:
    """Print on the configured printer (``--device``/``--port`` pick another): (printed, error)."""
    from drivers.core.errors import ConfigError, DeviceError
    from kiosk.device_target import DeviceTarget
    from kiosk.printing import job_timeout, queue_ticket_job

    job = queue_ticket_job(ticket, hall_name=settings.kiosk.hall_name,
                           hall_name_en=settings.kiosk.hall_name_en)
    try:
        with DeviceTarget(args, "printer", "escpos", unavailable_zh="打印机暂不可用") as target:
            target.call("print_ticket", job, job_timeout(target.handle))
    except (ConfigError, DeviceError) as exc:
        return False, str(exc)
    return True, ""


def _show_ticket(args, settings, ticket, central) -> int:
    ledger = central.queue.ledger
    if args.no_print:
        printed, error = False, "not printed (--no-print)"
        ledger.printed(ticket)  # handed to whoever asked for it without paper
    else:
        ledger.printing(ticket)  # from here a crash keeps the ticket (it may be printed)
        printed, error = print_ticket(args, settings, ticket)
        if printed:
            ledger.printed(ticket)
        else:
            # voided at the server, so that it is never called with nobody there (the
            # technician sees the number; nobody holds it)
            ledger.void(ticket, "print_failed")
            if central.online():
                central.relay.drain(deadline_s=5.0, wake=False)
    if args.json:
        print_json(_ticket_dict(ticket, printed))
    else:
        mode = "OFFLINE " if ticket.offline else ""
        ahead = "unknown (offline)" if ticket.ahead is None else str(ticket.ahead)
        print(f"{mode}ticket {ticket.number}  {ticket.category_name} ({ticket.category})  "
              f"floor {ticket.floor}, windows {ticket.windows}")
        print(f"  ahead: {ahead}" + (f", about {ticket.est_wait_min} min"
                                     if ticket.est_wait_min is not None else ""))
        if ticket.reissued_from:
            print(f"  re-issued for {ticket.reissued_from}")
        print(f"  follow: {ticket.track_url}")
        print(f"  printed: {'yes' if printed else 'no'}")
    if not printed and not args.no_print:
        return fail(f"the ticket {ticket.number} was issued but not printed ({error}); it is "
                    "voided at the server")
    return 0


def cmd_ticket_take(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.central import build_central
    from kiosk.sync.queue import TicketRefused

    settings = settings_from_args(args)
    try:
        with build_central(settings) as central:
            if central.catalogue.category_record(args.category) is None:
                central.catalogue.try_refresh()
            try:
                ticket = central.queue.take_ticket(args.category, priority_reason=args.priority,
                                                   appointment_code=args.appointment,
                                                   mobile=args.mobile)
            except TicketRefused as exc:
                if central.catalogue.category_record(args.category) is None:
                    codes = ", ".join(c.code for c in central.queue.categories())
                    return fail(f"unknown category {args.category!r} (known: {codes})",
                                EXIT_USAGE)
                return fail(f"{exc} / {exc.message_zh}")
            except ServiceUnavailable as exc:
                return fail(f"{exc} / {exc.message_zh}")
            # printed while the outbox is open: the ticket's take is marked printed, or
            # voided when the printer fails
            return _show_ticket(args, settings, ticket, central)
    except storage_errors() as exc:
        return fail(str(exc))


def cmd_ticket_reissue(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.central import build_central

    settings = settings_from_args(args)
    try:
        with build_central(settings) as central:
            try:
                ticket = central.queue.reissue(args.number)
            except ServiceUnavailable as exc:
                return fail(f"{exc} / {exc.message_zh}")
            return _show_ticket(args, settings, ticket, central)
    except storage_errors() as exc:
        return fail(str(exc))
