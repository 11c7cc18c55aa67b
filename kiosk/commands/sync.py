"""``kiosk ticket``, ``kiosk outbox``, ``kiosk sync``, ``kiosk catalogue``, ``kiosk central``.

The kiosk's side of the central queue and case systems (through the queue service, the
outbox and its relay) and the reference central server itself.
"""
from __future__ import annotations

import argparse
import sys

from kiosk.context import print_json, print_table, settings_from_args
from kiosk.device_target import add_target_arguments

EXIT_NOT_DONE = 1
EXIT_USAGE = 2
EXIT_FAILED = 3


def register(sub, common) -> None:
    # -- ticket
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

    # -- outbox
    p = sub.add_parser("outbox", parents=[common], help="what the kiosk still owes the servers")
    osub = p.add_subparsers(dest="outbox_command", metavar="ACTION")
    osub.required = True
    o = osub.add_parser("status", parents=[common], help="counts and the oldest pending entry")
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_outbox_status)
    o = osub.add_parser("list", parents=[common], help="list entries (never their contents)")
    o.add_argument("--status", choices=["pending", "parked", "delivered"])
    o.add_argument("--parked", action="store_const", const="parked", dest="status",
                   help="same as --status parked")
    o.add_argument("--limit", type=int, default=100)
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_outbox_list)
    o = osub.add_parser("release", parents=[common],
                        help="send parked entries again (after fixing what the server refused)")
    o.add_argument("ids", nargs="*", type=int, metavar="ID")
    o.add_argument("--all", action="store_true", help="every parked entry")
    o.set_defaults(func=cmd_outbox_release)

    # -- sync
    p = sub.add_parser("sync", parents=[common], help="deliver the outbox")
    ssub = p.add_subparsers(dest="sync_command", metavar="ACTION")
    ssub.required = True
    s = ssub.add_parser("once", parents=[common],
                        help="send what can be sent now and exit (0: nothing left pending)")
    s.add_argument("--timeout", type=float, default=120.0, metavar="S")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sync_once)

    # -- catalogue
    p = sub.add_parser("catalogue", parents=[common],
                       help="categories citizens choose from (local cache, refreshed when reachable)")
    p.add_argument("--items", action="store_true", help="list service items instead")
    p.add_argument("--offline", action="store_true", help="do not ask the server")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalogue)

    # -- central
    p = sub.add_parser("central", parents=[common], help="the reference central server")
    csub = p.add_subparsers(dest="central_command", metavar="ACTION")
    csub.required = True
    c = csub.add_parser("serve", parents=[common], help="serve the central protocol")
    c.add_argument("--host", default="127.0.0.1")
    c.add_argument("--port", type=int, default=None,
                   help="default: the port of [central] url (8780)")
    c.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: SQLite in data_dir/central)")
    c.add_argument("--fault", action="append", default=[], metavar="NAME[:k=v,…]",
                   help="inject a fault, e.g. error:rate=0.2,status=503 (see --list-faults)")
    c.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    c.add_argument("--tls-cert", metavar="FILE")
    c.add_argument("--tls-key", metavar="FILE")
    c.add_argument("--client-ca", metavar="FILE", help="accept client certificates signed by it")
    c.add_argument("--public-url", default="", help="base of the ticket tracking links")
    c.set_defaults(func=cmd_central_serve)
    c = csub.add_parser("tickets", parents=[common], help="today's tickets the server holds")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--day", metavar="YYYY-MM-DD")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_central_tickets)
    c = csub.add_parser("staff-calls", parents=[common],
                        help="the day's \"call staff\" presses the kiosks reported")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--day", metavar="YYYY-MM-DD")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_central_staff_calls)
    c = csub.add_parser("token", parents=[common], help="issue a signed token for a kiosk")
    c.add_argument("kiosk_id")
    c.add_argument("--days", type=float, default=365.0)
    c.set_defaults(func=cmd_central_token)
    c = csub.add_parser("call", parents=[common],
                        help="call the next waiting number of a category (window side, demo)")
    c.add_argument("category")
    c.add_argument("--window", default="01")
    c.add_argument("--missed", action="store_true", help="and mark it missed (to try 补号)")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_central_call)


# ---------------------------------------------------------------------- helpers
def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return code


def _service(settings):
    from kiosk.sync.service import build_queue_service

    return build_queue_service(settings)


def _storage_errors():
    from kiosk.sync.crypto import KeyFileError
    from kiosk.sync.db import StorageFatal

    return (StorageFatal, KeyFileError)


def _ticket_dict(t, printed: bool | None = None) -> dict:
    d = {"number": t.number, "category": t.category, "offline": t.offline, "ahead": t.ahead,
         "printed": bool(printed), "category_name": t.category_name, "floor": t.floor,
         "windows": t.windows, "est_wait_min": t.est_wait_min, "issued_at": t.issued_at.isoformat(),
         "priority": t.priority, "reissued_from": t.reissued_from, "track_url": t.track_url,
         "kiosk_id": t.kiosk_id}
    return d


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
    except ConfigError as exc:
        return False, str(exc)
    except DeviceError as exc:
        return False, str(exc)
    return True, ""


def _show_ticket(args, settings, ticket) -> int:
    printed, error = (False, "not printed (--no-print)") if args.no_print else \
        print_ticket(args, settings, ticket)
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
        return _fail(f"the ticket {ticket.number} was issued but not printed: {error}")
    return 0


# ---------------------------------------------------------------------- ticket
def cmd_ticket_take(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.service import TicketRefused

    settings = settings_from_args(args)
    try:
        with _service(settings) as service:
            if service.catalogue.category_record(args.category) is None:
                service.catalogue.try_refresh()
            try:
                ticket = service.take_ticket(args.category, priority_reason=args.priority,
                                             appointment_code=args.appointment,
                                             mobile=args.mobile)
            except TicketRefused as exc:
                if service.catalogue.category_record(args.category) is None:
                    codes = ", ".join(c.code for c in service.categories())
                    return _fail(f"unknown category {args.category!r} (known: {codes})", EXIT_USAGE)
                return _fail(f"{exc} / {exc.message_zh}")
            except ServiceUnavailable as exc:
                return _fail(f"{exc} / {exc.message_zh}")
    except _storage_errors() as exc:
        return _fail(str(exc))
    return _show_ticket(args, settings, ticket)


def cmd_ticket_reissue(args: argparse.Namespace) -> int:
    from kiosk.services import ServiceUnavailable

    settings = settings_from_args(args)
    try:
        with _service(settings) as service:
            ticket = service.reissue(args.number)
    except ServiceUnavailable as exc:
        return _fail(f"{exc} / {exc.message_zh}")
    except _storage_errors() as exc:
        return _fail(str(exc))
    return _show_ticket(args, settings, ticket)


# ---------------------------------------------------------------------- outbox
def _outbox(settings):
    from kiosk.sync.outbox import Outbox

    return Outbox.open(settings.data_dir, disk_reserve_mb=settings.kiosk.disk_reserve_mb)


def cmd_outbox_status(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        box = _outbox(settings)
    except _storage_errors() as exc:
        return _fail(str(exc))
    try:
        st = box.status()
    finally:
        box.close()
    if args.json:
        print_json(st)
    else:
        age = st["oldest_pending_age_s"]
        print(f"pending {st['pending']}, parked {st['parked']}, delivered {st['delivered']}")
        print(f"oldest pending: {'-' if age is None else f'{age:.0f} s'}; "
              f"last delivery: {st['last_success_at'] or 'never'}")
        if st["parked"]:
            print("parked entries need a technician: kiosk outbox list --parked")
    return 0


def cmd_outbox_list(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        box = _outbox(settings)
    except _storage_errors() as exc:
        return _fail(str(exc))
    try:
        rows = box.entries(args.status, args.limit)
    finally:
        box.close()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        r["error"] = (r["last_error"] or "-")[:70]
    print_table(rows, [("id", "ID"), ("kind", "KIND"), ("ref", "REF"), ("status", "STATUS"),
                       ("attempts", "TRIES"), ("created_at", "CREATED"), ("error", "LAST ERROR")])
    return 0


def cmd_outbox_release(args: argparse.Namespace) -> int:
    if not args.ids and not args.all:
        return _fail("name the entries to release (IDs) or --all", EXIT_USAGE)
    settings = settings_from_args(args)
    try:
        box = _outbox(settings)
    except _storage_errors() as exc:
        return _fail(str(exc))
    try:
        n = box.release(None if args.all else args.ids)
    finally:
        box.close()
    print(f"released {n} parked entr{'y' if n == 1 else 'ies'}; `kiosk sync once` sends them")
    return 0


# ---------------------------------------------------------------------- sync
def cmd_sync_once(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        with _service(settings) as service:
            report = service.relay.drain(deadline_s=args.timeout)
            st = service.outbox.status()
    except _storage_errors() as exc:
        return _fail(str(exc))
    out = {"delivered": report.delivered, "parked": report.parked, "retry_later": report.retried,
           "outage": report.outage, "error": report.error or None, **{
               f"outbox_{k}": v for k, v in st.items()}}
    if args.json:
        print_json(out)
    else:
        print(f"delivered {report.delivered}, parked {report.parked}, "
              f"to retry {report.retried}; pending now {st['pending']}, parked {st['parked']}")
        if report.error:
            print(f"  last error: {report.error}")
    return 0 if st["pending"] == 0 else EXIT_NOT_DONE


# ---------------------------------------------------------------------- catalogue
def cmd_catalogue(args: argparse.Namespace) -> int:
    from kiosk.sync.catalogue import CatalogueCache
    from kiosk.sync.client import CentralClient

    settings = settings_from_args(args)
    try:
        box = _outbox(settings)
    except _storage_errors() as exc:
        return _fail(str(exc))
    try:
        client = CentralClient.from_settings(settings)
        cache = CatalogueCache(box, client, seed_demo=not settings.production)
        if not args.offline:
            cache.try_refresh()
        if args.items:
            rows = [{"code": i["code"], "name": i["name"], "name_en": i.get("name_en", ""),
                     "category": i["category"], "zone": i["zone"],
                     "self_service": i.get("self_service", False),
                     "guide": i.get("guide", {})} for i in cache.items()]
            columns = [("code", "CODE"), ("name", "NAME"), ("category", "CATEGORY"),
                       ("zone", "ZONE")]
        else:
            rows = [{"code": c.code, "name": c.name, "name_en": c.name_en, "zone": c.zone,
                     "zone_name": c.zone_name, "floor": c.floor, "windows": c.windows}
                    for c in cache.categories()]
            columns = [("code", "CODE"), ("name", "NAME"), ("name_en", "ENGLISH"),
                       ("zone", "ZONE"), ("floor", "FLOOR"), ("windows", "WINDOWS")]
        source = cache.source
    finally:
        box.close()
    if args.json:
        print_json(rows)
    else:
        print_table(rows, columns)
        print(f"\n(source: {source})")
    return 0 if rows else EXIT_NOT_DONE


# ---------------------------------------------------------------------- central
def _db_url(args, settings) -> str:
    from kiosk.central.server import default_db_url

    return args.db or default_db_url(settings.data_dir)


def cmd_central_serve(args: argparse.Namespace) -> int:
    import logging
    from urllib.parse import urlsplit

    from drivers.core.errors import ConfigError
    from kiosk.central.embedded import local_secret, provision_local_kiosk
    from kiosk.central.faults import FAULTS, FaultInjector, parse_fault_spec
    from kiosk.central.server import CentralServer, build_app, server_tls_context

    if args.list_faults:
        for name, text in FAULTS.items():
            print(f"{name:12} {text}")
        return 0
    settings = settings_from_args(args, log_to_file=False)
    faults = FaultInjector()
    for spec in args.fault:
        try:
            name, params = parse_fault_spec(spec)
            faults.inject(name, **params)
        except (ValueError, TypeError) as exc:
            raise ConfigError("--fault", spec, str(exc)) from None
    tls = None
    if args.tls_cert:
        try:
            tls = server_tls_context(args.tls_cert, args.tls_key or args.tls_cert, args.client_ca or "")
        except (OSError, ValueError) as exc:
            raise ConfigError("--tls-cert", args.tls_cert, str(exc)) from None
    port = args.port if args.port is not None else (urlsplit(settings.central.url).port or 8780)
    secret = local_secret(settings)
    app = build_app(_db_url(args, settings), secret, public_url=args.public_url)
    try:
        server = CentralServer(app, args.host, port, faults=faults, tls=tls)
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{port}: {exc.strerror or exc}")
    provision_local_kiosk(settings, secret)
    logging.getLogger(__name__).warning("central server on %s (db %s)%s", server.url,
                                        app.engine.url.render_as_string(hide_password=True),
                                        f", faults: {', '.join(faults.active())}"
                                        if faults.active() else "")
    print(f"serving the central protocol on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _store(args, settings):
    from kiosk.central.catalogue import load_catalogue
    from kiosk.central.store import CentralStore, open_engine

    return CentralStore(open_engine(_db_url(args, settings)), load_catalogue())


def _central_rows(args, query) -> list[dict]:
    """``query(store, connection)`` on the server's database, opened for this command only."""
    store = _store(args, settings_from_args(args))
    try:
        with store.engine.connect() as conn:
            return query(store, conn)
    finally:
        store.engine.dispose()


def cmd_central_tickets(args: argparse.Namespace) -> int:
    rows = _central_rows(args, lambda store, conn: store.list_tickets(conn, args.day))
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        r["mode"] = "offline" if r["offline"] else "online"
    print_table(rows, [("number", "NUMBER"), ("category", "CATEGORY"), ("kiosk_id", "KIOSK"),
                       ("mode", "ISSUED"), ("status", "STATUS"), ("issued_at", "AT")])
    return 0


def cmd_central_staff_calls(args: argparse.Namespace) -> int:
    rows = _central_rows(args, lambda store, conn: store.list_staff_calls(conn, args.day))
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        r["ticket"] = r["ticket_number"] or "-"
    print_table(rows, [("at", "PRESSED"), ("kiosk_id", "KIOSK"), ("reason", "REASON"),
                       ("ticket", "TICKET"), ("received_at", "RECEIVED")])
    return 0


def cmd_central_token(args: argparse.Namespace) -> int:
    from kiosk.central.auth import issue_token
    from kiosk.central.embedded import local_secret

    settings = settings_from_args(args)
    print(issue_token(local_secret(settings), args.kiosk_id, valid_days=args.days))
    return 0


def cmd_central_call(args: argparse.Namespace) -> int:
    from kiosk.central.store import ApiError

    settings = settings_from_args(args)
    store = _store(args, settings)
    try:
        with store.engine.begin() as conn:
            t = store.call_next(conn, args.category, args.window)
            if t is not None and args.missed:
                t = store.mark_missed(conn, t["day"], t["number"])
    except ApiError as exc:
        return _fail(exc.message, EXIT_USAGE)
    finally:
        store.engine.dispose()
    if args.json:
        print_json({"ticket": t})
    elif t is None:
        print(f"nobody waits for {args.category}")
    else:
        print(f"called {t['number']} to window {args.window}" + (" — marked missed" if args.missed else ""))
    return 0 if t is not None else EXIT_NOT_DONE
