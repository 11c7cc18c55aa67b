"""``kiosk-central db upgrade|current|check [--db URL]``: the database's schema revision.

    upgrade   migrate the database to the newest revision (the server does it at start too)
    current   the revision the database is at, and the newest one (exit 1 when behind)
    check     the database is at the newest revision and matches the code's tables
              (exit 1 with the differences otherwise)

Exit codes as the rest of kiosk-central: 0 ok; 1 not done; 2 bad usage; 3 cannot reach it.
"""
from __future__ import annotations

import argparse


def register(sub, common: argparse.ArgumentParser) -> None:
    d = sub.add_parser("db", parents=[common],
                       help="the database schema: upgrade | current | check (migrations)")
    s = d.add_subparsers(dest="db_command", metavar="ACTION")
    s.required = True
    for name, fn, text in (("upgrade", cmd_upgrade, "migrate to the newest revision"),
                           ("current", cmd_current, "the database's revision and the newest"),
                           ("check", cmd_check, "at the newest revision and matching the code")):
        c = s.add_parser(name, parents=[common], help=text)
        c.add_argument("--db", metavar="URL",
                       help="SQLAlchemy URL (default: SQLite in the data dir)")
        c.set_defaults(func=fn)


def _run(args, fn) -> int:
    import sqlalchemy as sa

    from kiosk.central import db
    from kiosk.central.cli import EXIT_FAILED, _db_url, _fail

    url = _db_url(args)
    engine = db.connect(url)
    try:
        return fn(engine)
    except sa.exc.SQLAlchemyError as exc:  # unreachable, refused, locked, a failed step
        cause = getattr(exc, "orig", None) or exc
        return _fail(f"database: {str(cause).strip().splitlines()[0]}", EXIT_FAILED)
    finally:
        engine.dispose()


def _data_key(args) -> bytes | None:
    """The server's data key, when its data directory holds the signing key (never created
    here: a key made up now would seal the data under a secret no server has)."""
    from kiosk.central.cli import _secret
    from kiosk.central.store.sealed import derive_data_key

    if not (args.data_dir / "signing.key").is_file():
        return None
    return derive_data_key(_secret(args))


def cmd_upgrade(args) -> int:
    from kiosk.central import migrations
    from kiosk.central.cli import EXIT_NOT_DONE

    key = _data_key(args)

    def run(engine) -> int:
        rev = migrations.upgrade(engine, data_key=key)
        newest = migrations.head()
        print(f"database at revision {rev} (newest: {newest})")
        if rev != newest:
            print(f"personal data in clear needs the server's key to be sealed: give the "
                  f"server's data directory (--data-dir; {args.data_dir} has no signing.key)")
            return EXIT_NOT_DONE
        return 0

    return _run(args, run)


def cmd_current(args) -> int:
    from kiosk.central import migrations
    from kiosk.central.cli import EXIT_NOT_DONE

    def run(engine) -> int:
        with engine.connect() as conn:
            rev = migrations.current(conn)
        newest = migrations.head()
        print(f"database at revision {rev or 'none (not under migrations)'}; newest {newest}")
        return 0 if rev == newest else EXIT_NOT_DONE

    return _run(args, run)


def cmd_check(args) -> int:
    from kiosk.central import migrations
    from kiosk.central.cli import EXIT_NOT_DONE

    def run(engine) -> int:
        with engine.connect() as conn:
            rev = migrations.current(conn)
            diffs = migrations.differences(conn) if rev else []
        newest = migrations.head()
        if rev != newest:
            print(f"database at revision {rev or 'none'}, newest is {newest}: "
                  "run `kiosk-central db upgrade`")
            return EXIT_NOT_DONE
        for d in diffs:
            print(f"differs from the code: {d}")
        if diffs:
            return EXIT_NOT_DONE
        print(f"database at revision {rev}: matches the code")
        return 0

    return _run(args, run)
