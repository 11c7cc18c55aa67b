"""``kiosk catalogue [--items] [--offline]``: the categories (or service items) citizens
choose from, from the kiosk's cache, refreshed from the server when it answers."""
from __future__ import annotations

import argparse

from kiosk.commands.outbox import EXIT_NOT_DONE, fail, open_outbox, storage_errors
from kiosk.context import print_json, print_table, settings_from_args


def register(sub, common) -> None:
    p = sub.add_parser("catalogue", parents=[common], help="categories citizens choose from "
                       "(local cache, refreshed when reachable)")
    p.add_argument("--items", action="store_true", help="list service items instead")
    p.add_argument("--offline", action="store_true", help="do not ask the server")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalogue)


def cmd_catalogue(args: argparse.Namespace) -> int:
    from kiosk.sync.catalogue import CatalogueCache
    from kiosk.sync.client import CentralClient

    settings = settings_from_args(args)
    try:
        box = open_outbox(settings)
    except storage_errors() as exc:
        return fail(str(exc))
    client = CentralClient.from_settings(settings)
    try:
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
                     "zone_name": c.zone_name, "floor": c.floor, "windows": c.windows,
                     "prefix": c.prefix} for c in cache.categories()]
            columns = [("code", "CODE"), ("name", "NAME"), ("name_en", "ENGLISH"),
                       ("zone", "ZONE"), ("floor", "FLOOR"), ("windows", "WINDOWS"),
                       ("prefix", "PREFIX")]
        source = cache.source
    finally:
        client.close()
        box.close()
    if args.json:
        print_json(rows)
    else:
        print_table(rows, columns)
        print(f"\n(source: {source})")
    return 0 if rows else EXIT_NOT_DONE
