"""``kiosk certificate list|print KIND`` and ``kiosk a4printer status`` — 自助打印 from the
command line.

``certificate list`` names the certificates and the periods a citizen may choose (today's).
``certificate print KIND`` asks the central server for the certificate of ``--id-number`` /
``--name`` (what the ID card would give; use fictitious data to try it) and prints it on the
A4 printer from devices.toml (``--mock``: on the private cupsd, whose PDF file is named), then
reports the print to the server. ``a4printer status`` asks CUPS for the queue: ``online``,
``state`` (idle/processing/stopped), ``reasons`` (IPP printer-state-reasons), ``jobs``
(unfinished), and the paper/toner axes.

Exit codes: 0 ready / printed; 1 printer not ready or print failed; 2 configuration;
3 the central server could not make the certificate.
"""
from __future__ import annotations

import argparse
from datetime import date

TITLES_EN = {"ssc_record": "Social-security contribution record",
             "tax_certificate": "Personal income tax certificate",
             "property_info": "Property information",
             "household_extract": "Household register extract"}


def register(sub, common) -> None:
    from kiosk.device_target import add_target_arguments
    from kiosk.protocol import DOCUMENT_KINDS

    c = sub.add_parser("certificate", parents=[common],
                       help="自助打印: list the certificates, print one on the A4 printer")
    csub = c.add_subparsers(dest="certificate_command", metavar="ACTION")
    csub.required = True
    ls = csub.add_parser("list", parents=[common], help="the certificates and their periods")
    ls.add_argument("--json", action="store_true", help="one JSON document on stdout")
    ls.set_defaults(func=cmd_list)
    pr = csub.add_parser("print", parents=[common],
                         help="make a certificate on the central server and print it")
    pr.add_argument("kind", choices=DOCUMENT_KINDS)
    pr.add_argument("--period", default="", help="YYYY-MM/YYYY-MM, YYYY or current (default: "
                    "the first the kiosk offers)")
    pr.add_argument("--id-number", required=True, help="the person's ID number (fictitious "
                    "for a try)")
    pr.add_argument("--name", required=True, help="the person's name as on the ID card")
    pr.add_argument("--json", action="store_true", help="one JSON document on stdout")
    add_target_arguments(pr, 'CUPS queue: "QUEUE", "QUEUE@HOST[:PORT]" or "QUEUE@/path.sock"')
    pr.set_defaults(func=cmd_print)

    a = sub.add_parser("a4printer", parents=[common],
                       help="A4 document printer (CUPS): queue status")
    asub = a.add_subparsers(dest="a4printer_command", metavar="ACTION")
    asub.required = True
    st = asub.add_parser("status", parents=[common], help="ask CUPS for the printer's queue")
    add_target_arguments(st, 'CUPS queue: "QUEUE", "QUEUE@HOST[:PORT]" or "QUEUE@/path.sock"')
    st.add_argument("--json", action="store_true", help="one JSON document on stdout")
    st.set_defaults(func=cmd_status)


def _kinds(today: date) -> list[dict]:
    from kiosk.journeys.certificates.flow import KINDS, periods

    out = []
    for kind, (title, what) in KINDS.items():
        out.append({"kind": kind, "title": title, "title_en": TITLES_EN[kind],
                    "holds": what,
                    "periods": [p for p, _, _ in periods(kind, today)] or ["current"]})
    return out


def cmd_list(args: argparse.Namespace) -> int:
    from kiosk.context import print_json

    kinds = _kinds(date.today())
    if args.json:
        print_json({"certificates": kinds})
        return 0
    for k in kinds:
        print(f"{k['kind']:<18} {k['title']} / {k['title_en']}")
        print(f"{'':<18} periods: {', '.join(k['periods'])}")
    return 0


def _target(args: argparse.Namespace):
    from kiosk.device_target import DeviceTarget

    return DeviceTarget(args, "a4printer", "cups", unavailable_zh="文件打印机暂不可用")


def cmd_status(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json

    with _target(args) as target:
        try:
            q = target.call("queue_status", lambda d: d.queue_status()).to_dict()
            q["error"] = ""
        except DeviceError as exc:
            # could not ask CUPS now: never "online", never "paper ok"
            q = {"online": False, "state": "unknown", "reasons": [], "jobs": [],
                 "accepting": None, "message": "", "error": str(exc),
                 "recovery": str(exc.recovery),
                 "supplies": {"paper": "unknown", "toner": "unknown"}}
        q.update(device=target.name, port=target.device_port, mock=target.mock,
                 model=target.device.info.model)
    if args.json:
        print_json(q)
    else:
        mode = " [MOCK]" if q["mock"] else ""
        print(f"{q['device']}{mode} on {q['port']}: {'online' if q['online'] else 'NOT ready'}"
              f" ({q['state']})")
        print(f"  paper: {q['supplies']['paper']}  toner: {q['supplies']['toner']}  "
              f"reasons: {', '.join(q['reasons']) or 'none'}")
        for j in q["jobs"]:
            print(f"  job {j['id']}: {j['state']} {j['title']}")
        if q["error"]:
            print(f"  error: {q['error']}")
    return 0 if q["online"] else 1


def cmd_print(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json, settings_from_args
    from kiosk.printing.documents import PdfDocument
    from kiosk.services import ServiceUnavailable
    from kiosk.sync.central import build_central

    period = args.period or next(k for k in _kinds(date.today())
                                 if k["kind"] == args.kind)["periods"][0]
    settings = settings_from_args(args)
    with build_central(settings) as central:
        try:
            doc = central.documents.generate(args.kind, id_number=args.id_number,
                                             name=args.name, period=period)
        except ServiceUnavailable as exc:
            print(f"kiosk certificate print: {exc} — {exc.message_zh}")
            return 3
        result: dict = {"kind": doc.kind, "title": doc.title, "period": doc.period,
                        "document_id": doc.document_id, "code": doc.code, "pages": doc.pages}
        job = PdfDocument(doc.pdf, doc.pages, title=f"{doc.kind} {doc.code}").job()
        code = 0
        with _target(args) as target:
            result.update(device=target.name, mock=target.mock)
            timeout = float(getattr(target.device, "print_timeout", 120.0)) + \
                4 * target.device.timeout
            try:
                printed = target.call("print_document", job, timeout)
                result.update(printed=True, **printed.to_dict())
                if target.mock:
                    out = target.handle.mock.printed()
                    result["output"] = str(out[-1]) if out else None
            except DeviceError as exc:
                result.update(printed=False, error=exc.to_dict())
                code = 1
            # the server counts prints; the report goes now if it can, else with the kiosk
            central.documents.record_print(doc.document_id,
                                           "printed" if code == 0 else "failed",
                                           pages=doc.pages)
            central.relay.drain_once()
            if target.mock and result.get("output"):
                # the file lives in the private cupsd's temp dir, removed when it stops: keep
                # a copy beside the command's other output for whoever asked
                import shutil
                from pathlib import Path

                keep = Path.cwd() / f"certificate-{doc.code}.pdf"
                shutil.copyfile(result["output"], keep)
                result["output"] = str(keep)
    if args.json:
        print_json(result)
    elif code == 0:
        mode = " [MOCK]" if result["mock"] else ""
        print(f"{doc.title} ({doc.kind}, {doc.period}): {doc.pages} pages printed on "
              f"{result['device']}{mode}, job {result['job_id']}, code {doc.code}")
        if result.get("output"):
            print(f"  PDF: {result['output']}")
    else:
        print(f"kiosk certificate print: not printed: {result['error']['message']} — "
              f"{result['error']['message_zh']}")
    return code
