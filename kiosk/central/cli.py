"""``kiosk-central`` (``python -m kiosk.central``): the reference central server's command line.

    kiosk-central serve [--host H] [--port P] [--db URL] [--workers N] [--config FILE]
                        [--fault SPEC] [--tls-cert F …] [--log-format json|text]
    kiosk-central tickets | staff-calls [--day YYYY-MM-DD] [--json]
    kiosk-central call CATEGORY [--window W] [--missed]      # the window side (demo)
    kiosk-central token KIOSK_ID [--out FILE]                 # a signed kiosk token
    kiosk-central catalogue                                   # the catalogue document (JSON)
    kiosk-central openapi [--out FILE]                        # the OpenAPI document (generated)
    kiosk-central pay ORDER [--expire] | payments             # 便民缴费: pay as the payer (demo)
    kiosk-central ratings [--json]                            # 好差评 per journey
    kiosk-central case advance CASE STAGE | show CASE         # 在线申报: a case's stages (demo)
    kiosk-central db upgrade | current | check [--db URL]     # the schema (Alembic migrations)

A separate application from the kiosk: it reads no kiosk configuration. Its state lives in
``--data-dir`` (``$KIOSK_CENTRAL_DATA_DIR``, else ``~/.local/share/kiosk/central``, where the
demo kiosk with default settings starts it): ``signing.key`` (the token secret) and, unless
``--db`` names another database, ``central.db``. ``serve --provision KIOSK_ID=FILE`` writes
that kiosk's token file (local demo and lab set-ups); ``serve --watch-fd N`` ends the server
when descriptor N reaches end of file (``kiosk run`` passes a pipe: the server goes when the
kiosk does, even after a kill -9); with ``--wait-go S`` it first waits, before any heavy
work, for one byte on that pipe (or S seconds): the kiosk says "go" once its first frame is
on screen, so the two start-ups do not compete for a small kiosk PC's CPU and disk.

Exit codes: 0 ok; 1 not done (nobody waiting); 2 bad usage; 3 cannot serve.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from kiosk.protocol import SERVE_READY

log = logging.getLogger("kiosk.central")

EXIT_NOT_DONE = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
DEFAULT_PORT = 8780
DATA_DIR_ENV = "KIOSK_CENTRAL_DATA_DIR"


class UsageError(Exception):
    """Bad options: one line on stderr, exit code 2."""


def default_data_dir() -> Path:
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "kiosk" / "central"


def _common(suppress: bool) -> argparse.ArgumentParser:
    # (given before or after the command: the sub-command's copy must not reset the value)
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS if suppress else None,
                   metavar="DIR", help=f"signing key and default database (default: "
                                       f"${DATA_DIR_ENV} or ~/.local/share/kiosk/central)")
    p.add_argument("-v", "--verbose", action="store_true",
                   default=argparse.SUPPRESS if suppress else False, help="debug logging")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common(suppress=True)
    parser = argparse.ArgumentParser(prog="kiosk-central", parents=[_common(suppress=False)],
                                     description="The reference central server of the kiosks "
                                                 "(queue, catalogue, cases, staff calls)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    c = sub.add_parser("serve", parents=[common], help="serve the central protocol")
    c.add_argument("--host", default="127.0.0.1")
    c.add_argument("--port", type=int, default=DEFAULT_PORT)
    c.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: SQLite in the data dir)")
    c.add_argument("--workers", type=int, default=1, metavar="N",
                   help="uvicorn worker processes on one socket (PostgreSQL for N > 1)")
    c.add_argument("--config", type=Path, metavar="FILE",
                   help="TOML: [limits] body_bytes, large_bytes, large_concurrency, "
                        "body_timeout_s, rate_per_s, rate_burst, keep_alive_s")
    c.add_argument("--log-format", choices=("json", "text"), default="json",
                   help="server log lines: one JSON object each (default) or plain text")
    c.add_argument("--fault", action="append", default=[], metavar="NAME[:k=v,…]",
                   help="inject a fault, e.g. error:rate=0.2,status=503 (see --list-faults)")
    c.add_argument("--list-faults", action="store_true", help="list the faults and exit")
    c.add_argument("--tls-cert", metavar="FILE")
    c.add_argument("--tls-key", metavar="FILE")
    c.add_argument("--client-ca", metavar="FILE", help="accept client certificates signed by it")
    c.add_argument("--public-url", default="", help="base of the ticket tracking links")
    c.add_argument("--provision", action="append", default=[], metavar="KIOSK_ID=FILE",
                   help="write this kiosk's token to FILE unless a valid one is there")
    c.add_argument("--watch-fd", type=int, default=None, metavar="FD",
                   help="stop when this file descriptor reaches end of file (parent gone)")
    c.add_argument("--wait-go", type=float, default=None, metavar="S",
                   help="before starting, wait for a byte on --watch-fd (at most S seconds)")
    _alert_options(c)
    c.set_defaults(func=cmd_serve)

    c = sub.add_parser("fleet", parents=[common],
                       help="every kiosk: last heartbeat, status, alerts, devices")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--json", action="store_true")
    _alert_options(c)
    c.set_defaults(func=cmd_fleet)

    c = sub.add_parser("tickets", parents=[common], help="the day's tickets the server holds")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--day", metavar="YYYY-MM-DD")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_tickets)

    c = sub.add_parser("staff-calls", parents=[common],
                       help="the day's \"call staff\" presses the kiosks reported")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--day", metavar="YYYY-MM-DD")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_staff_calls)

    c = sub.add_parser("token", parents=[common], help="issue a signed token for a kiosk")
    c.add_argument("kiosk_id")
    c.add_argument("--days", type=float, default=365.0)
    c.add_argument("--out", type=Path, metavar="FILE",
                   help="write the kiosk's token file (0600) instead of printing the token")
    c.set_defaults(func=cmd_token)

    c = sub.add_parser("call", parents=[common],
                       help="call the next waiting number of a category (window side, demo)")
    c.add_argument("category")
    c.add_argument("--window", default="01")
    c.add_argument("--missed", action="store_true", help="and mark it missed (to try 补号)")
    c.add_argument("--db", metavar="URL")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_call)

    c = sub.add_parser("catalogue", parents=[common],
                       help="print the catalogue document the server publishes (JSON)")
    c.set_defaults(func=cmd_catalogue)

    c = sub.add_parser("openapi", parents=[common],
                       help="print the OpenAPI document generated from the server's code")
    c.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE instead")
    c.set_defaults(func=cmd_openapi)
    from kiosk.central.payments import cli as payments_cli
    from kiosk.central import ratings

    payments_cli.register(sub, common)  # pay ORDER, payments (便民缴费, demo payer's side)
    ratings.register(sub, common)  # ratings: 好差评 per journey
    from kiosk.central.identity.cli import add_parser as identity_parser

    identity_parser(sub, common)  # identity force match|no_match|auto
    from kiosk.central import case_cli

    case_cli.register(sub, common)  # case advance|show: a case's stages (在线申报, demo)
    from kiosk.central import db_cli

    db_cli.register(sub, common)  # db upgrade|current|check: schema migrations (Alembic)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"kiosk-central: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


# ---------------------------------------------------------------------- helpers
def _fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"kiosk-central: {message}", file=sys.stderr)
    return code


def _db_url(args) -> str:
    from kiosk.central.server import default_db_url

    if not args.db:
        return default_db_url(args.data_dir)
    import sqlalchemy as sa

    try:  # a bad URL is a usage error in one line, not a traceback from deep in SQLAlchemy
        sa.engine.make_url(args.db).get_dialect()
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ValueError) as exc:
        raise UsageError(f"--db {args.db}: not a database URL this server can use "
                         f"({str(exc).splitlines()[0]}); e.g. sqlite:///central.db or "
                         "postgresql://user@host/db") from None
    return args.db


def _secret(args) -> bytes:
    from kiosk.central import auth

    try:
        return auth.load_or_create_secret(args.data_dir / "signing.key")
    except auth.AuthError as exc:
        raise UsageError(str(exc)) from None


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _print_table(rows: list[dict], columns: list[tuple[str, str]]) -> None:
    """A plain aligned table; wide (CJK) characters count as two columns."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [[str(r.get(key, "")) for key, _ in columns] for r in rows]
    headers = [title for _, title in columns]
    widths = [max([width(h)] + [width(c[i]) for c in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for c in cells:
        print(line(c))


# ---------------------------------------------------------------------- serve
def _parse_provision(specs: list[str]) -> list[tuple[str, Path]]:
    out = []
    for spec in specs:
        kiosk_id, sep, file = spec.partition("=")
        if not sep or not kiosk_id or not file:
            raise UsageError(f"--provision {spec!r}: expected KIOSK_ID=FILE")
        out.append((kiosk_id, Path(file).expanduser()))
    return out


def _watch_parent(fd: int, done: threading.Event) -> None:
    """Block on the parent's pipe: end of file (or an error) means the parent is gone."""
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    log.warning("central: the process that started this server is gone: stopping")
    done.set()


def _wait_for_go(fd: int, seconds: float) -> bool:
    """False when the parent went away while this server waited for its go."""
    import select

    readable, _, _ = select.select([fd], [], [], seconds)
    if not readable:
        log.info("central: no go from the parent after %.0f s: starting anyway", seconds)
        return True
    try:
        return bool(os.read(fd, 1))
    except OSError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    if args.wait_go is not None:
        if args.watch_fd is None:
            raise UsageError("--wait-go needs --watch-fd")
        if not _wait_for_go(args.watch_fd, args.wait_go):
            log.warning("central: the process that started this server is gone: not starting")
            return 0
    from kiosk.central import auth
    from kiosk.central.faults import FAULTS, FaultInjector, parse_fault_spec
    from kiosk.central.server import CentralServer, build_app, server_tls_context

    if args.list_faults:
        for name, text in FAULTS.items():
            print(f"{name:12} {text}")
        return 0
    faults = FaultInjector()
    for spec in args.fault:
        try:
            name, params = parse_fault_spec(spec)
            faults.inject(name, **params)
        except (ValueError, TypeError) as exc:
            raise UsageError(f"--fault {spec}: {exc}") from None
    tls = None
    if args.tls_cert:
        try:
            tls = server_tls_context(args.tls_cert, args.tls_key or args.tls_cert,
                                     args.client_ca or "")
        except (OSError, ValueError) as exc:
            raise UsageError(f"--tls-cert {args.tls_cert}: {exc}") from None
    limits = _limits(args.config)
    provision = _parse_provision(args.provision)
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: at least 1")
    from kiosk.central.jsonlog import setup_logging

    # (after the usage checks: a usage error is one line on stderr, the log untouched)
    setup_logging(json_lines=args.log_format == "json", verbose=args.verbose)
    secret = _secret(args)
    if args.workers > 1:
        return _serve_workers(args, limits, secret, provision)
    app = build_app(_db_url(args), secret, public_url=args.public_url)
    app.fleet.thresholds = _thresholds(args)
    # the tokens first: a kiosk that sees the server answer finds its token in place
    for kiosk_id, path in provision:
        try:
            if auth.provision_token(secret, kiosk_id, path):
                log.info("central: wrote the token of kiosk %s to %s", kiosk_id, path)
        except OSError as exc:
            return _fail(f"cannot write the token of kiosk {kiosk_id} to {path}: "
                         f"{exc.strerror or exc}")
    try:
        server = CentralServer(app, args.host, args.port, faults=faults, tls=tls,
                               limits=limits)
    except OSError as exc:
        app.engine.dispose()
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    if args.watch_fd is not None:
        threading.Thread(target=_watch_parent, args=(args.watch_fd, done), name="parent-watch",
                         daemon=True).start()
    server.start()
    log.warning("central server on %s (db %s)%s", server.url,
                app.engine.url.render_as_string(hide_password=True),
                f", faults: {', '.join(faults.active())}" if faults.active() else "")
    print(f"{SERVE_READY} {server.url}", flush=True)
    try:
        while not done.wait(1.0):  # (a timed wait: Ctrl-C is delivered between waits)
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        app.engine.dispose()
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from kiosk.central.openapi_doc import text

    doc = text()
    if args.out is None:
        sys.stdout.write(doc)
        return 0
    try:
        tmp = args.out.with_name(args.out.name + ".tmp")
        tmp.write_text(doc, encoding="utf-8")
        tmp.replace(args.out)
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    return 0


def _limits(path: Path | None):
    """The server's limits: defaults, or ``[limits]`` of ``--config FILE`` (one-line errors)."""
    import dataclasses
    import tomllib

    from kiosk.central.asgi import Limits

    if path is None:
        return Limits()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--config {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"--config {path}: not TOML ({exc})") from None
    known = {f.name: f.type for f in dataclasses.fields(Limits)}
    section = data.get("limits", {})
    if not isinstance(section, dict):
        raise UsageError(f"--config {path}: [limits] must be a table")
    values = {}
    for key, value in section.items():
        if key not in known:
            raise UsageError(f"--config {path}: [limits] {key}: unknown (known: "
                             f"{', '.join(known)})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise UsageError(f"--config {path}: [limits] {key} = {value!r}: a number ≥ 0")
        values[key] = int(value) if known[key] == "int" else float(value)
    return Limits(**values)


def _serve_workers(args, limits, secret: bytes, provision) -> int:
    """``serve --workers N``: uvicorn's supervisor and N worker processes on one socket."""
    import dataclasses

    from kiosk.central import auth
    from kiosk.central.server import build_app, serve_workers

    db_url = _db_url(args)
    build_app(db_url, secret).engine.dispose()  # the schema, once, before the workers race
    for kiosk_id, path in provision:
        auth.provision_token(secret, kiosk_id, path)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    if args.watch_fd is not None:
        threading.Thread(target=_watch_parent, args=(args.watch_fd, done), name="parent-watch",
                         daemon=True).start()
    tls = ({"cert": args.tls_cert, "key": args.tls_key or args.tls_cert,
            "client_ca": args.client_ca} if args.tls_cert else None)

    def ready(url: str) -> None:
        log.warning("central server on %s with %d workers", url, args.workers)
        print(f"{SERVE_READY} {url}", flush=True)

    try:
        serve_workers(host=args.host, port=args.port, workers=args.workers, db_url=db_url,
                      data_dir=args.data_dir, public_url=args.public_url, limits=limits,
                      tls=tls, faults=args.fault, ready=ready, stop=done,
                      thresholds=dataclasses.asdict(_thresholds(args)))
    except OSError as exc:
        return _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    return 0


# ---------------------------------------------------------------------- the database
def _store(args):
    from kiosk.central.catalogue import load_catalogue
    from kiosk.central.store import CentralStore, derive_data_key, open_engine

    key = derive_data_key(_secret(args))
    store = CentralStore(open_engine(_db_url(args), key), load_catalogue())
    store.data_key = key  # personal data is sealed (store/sealed.py)
    return store


def _rows(args, query) -> list[dict]:
    """``query(store, connection)`` on the server's database, opened for this command only."""
    store = _store(args)
    try:
        with store.engine.connect() as conn:
            return query(store, conn)
    finally:
        store.engine.dispose()


def cmd_tickets(args: argparse.Namespace) -> int:
    rows = _rows(args, lambda store, conn: store.tickets.list_day(conn, args.day))
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        r["mode"] = "offline" if r["offline"] else "online"
    _print_table(rows, [("number", "NUMBER"), ("category", "CATEGORY"), ("kiosk_id", "KIOSK"),
                        ("mode", "ISSUED"), ("status", "STATUS"), ("issued_at", "AT")])
    return 0


def cmd_staff_calls(args: argparse.Namespace) -> int:
    rows = _rows(args, lambda store, conn: store.staff_calls.list_day(conn, args.day))
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        r["ticket"] = r["ticket_number"] or "-"
    _print_table(rows, [("at", "PRESSED"), ("kiosk_id", "KIOSK"), ("reason", "REASON"),
                        ("ticket", "TICKET"), ("received_at", "RECEIVED")])
    return 0


def cmd_call(args: argparse.Namespace) -> int:
    from kiosk.central.fields import ApiError

    store = _store(args)
    try:
        with store.engine.begin() as conn:
            t = store.tickets.call_next(conn, args.category, args.window)
            if t is not None and args.missed:
                t = store.tickets.mark_missed(conn, t["day"], t["number"])
    except ApiError as exc:
        return _fail(exc.message, EXIT_USAGE)
    finally:
        store.engine.dispose()
    if args.json:
        _print_json({"ticket": t})
    elif t is None:
        print(f"nobody waits for {args.category}")
    else:
        print(f"called {t['number']} to window {args.window}"
              + (" — marked missed" if args.missed else ""))
    return 0 if t is not None else EXIT_NOT_DONE


# ---------------------------------------------------------------------- the fleet
def _alert_options(c) -> None:
    from kiosk.central.fleet import Thresholds

    t = Thresholds()
    c.add_argument("--silent-after", type=float, default=t.silent_after_s, metavar="S",
                   help="a kiosk without a heartbeat this long is silent (alert)")
    c.add_argument("--backlog-age", type=float, default=t.backlog_age_s, metavar="S",
                   help="alert when a kiosk's oldest undelivered entry is older")
    c.add_argument("--disk-low", type=float, default=t.disk_low_mb, metavar="MB",
                   help="alert below this much free disk")
    c.add_argument("--hopper-low", type=int, default=t.hopper_low, metavar="N",
                   help="warn when a card hopper holds this many cards or fewer")
    c.add_argument("--reject-bin-full", type=int, default=t.reject_bin_full, metavar="N",
                   help="alert when a reject bin holds this many cards")


def _thresholds(args):
    from kiosk.central.fleet import Thresholds

    return Thresholds(args.silent_after, args.backlog_age, args.disk_low, args.hopper_low,
                      args.reject_bin_full)


def cmd_fleet(args: argparse.Namespace) -> int:
    from kiosk.central.fleet import Fleet

    store = _store(args)
    try:
        doc = Fleet(store.engine, _thresholds(args)).document()
    finally:
        store.engine.dispose()
    kiosks = doc["kiosks"]
    if args.json:
        _print_json([{"id": k["id"], "hall": k["hall"], "status": k["status"],
                      "last_seen": k["last_seen"], "age_s": k["age_s"], "alerts": k["alerts"],
                      "devices": k["devices"], "supplies": k["supplies"],
                      "backlog": k["backlog"], "disk_free_mb": k["disk_free_mb"],
                      "version": k["version"]} for k in kiosks])
        return 0
    rows = [{"id": k["id"], "hall": k["hall"], "status": k["status"].upper(),
             "last_seen": k["last_seen"],
             "alerts": ", ".join(a["code"] + (f"({a['device']})" if a["device"] else "")
                                 for a in k["alerts"]) or "-",
             "devices": " ".join(f"{d['name']}:{'up' if d.get('up') else d.get('state')}"
                                 for d in k["devices"]) or "-"} for k in kiosks]
    _print_table(rows, [("id", "KIOSK"), ("hall", "HALL"), ("status", "STATUS"),
                        ("last_seen", "LAST SEEN"), ("alerts", "ALERTS"), ("devices", "DEVICES")])
    return 0 if not any(k["status"] in ("alert", "silent") for k in kiosks) else EXIT_NOT_DONE


# ---------------------------------------------------------------------- token, catalogue
def cmd_token(args: argparse.Namespace) -> int:
    import math

    from kiosk import protocol
    from kiosk.central import auth

    if not args.kiosk_id.strip() or len(args.kiosk_id) > protocol.KIOSK_ID_MAX:
        raise UsageError(f"KIOSK_ID {args.kiosk_id!r}: must be 1 to {protocol.KIOSK_ID_MAX} "
                         "characters")
    if not math.isfinite(args.days) or args.days <= 0 or args.days > 36500:
        raise UsageError(f"--days {args.days}: must be a number of days above 0 (a token valid "
                         "for none would be expired when issued) and at most 36500")
    token = auth.issue_token(_secret(args), args.kiosk_id, valid_days=args.days)
    if args.out is None:
        print(token)
        return 0
    try:
        auth.write_token_file(args.out, token)
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}")
    print(f"wrote the token of kiosk {args.kiosk_id} to {args.out}")
    return 0


def cmd_catalogue(args: argparse.Namespace) -> int:
    from kiosk.central.catalogue import CatalogueError, load_catalogue

    try:
        _print_json(load_catalogue().document)
    except CatalogueError as exc:
        return _fail(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
