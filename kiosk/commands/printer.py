"""``kiosk printer status|test|render|simulate`` — the ticket printer from the command line.

``status`` asks DLE EOT 1–4 and prints ``online`` (true/false/null), ``paper``
(ok/near_end/out/unknown), ``cover_open``, ``error`` (``--json``: one JSON document). A printer
that does not answer is ``online: false, paper: unknown`` — never "paper ok"; one that
answers garbage is ``online: null``. ``test`` prints a test ticket (Chinese and English,
QR code, cut) and confirms it. ``--port`` takes a device path, pyserial URL, tcp://host:port
or usb:VID:PID and bypasses devices.toml; otherwise the device comes from devices.toml
(``--device NAME`` or the first printer; ``--mock`` runs it on the virtual printer, whose
PNGs are listed). ``render`` turns a file of ESC/POS bytes into PNGs; ``simulate`` runs a
virtual printer in the foreground for another process to print to.

Exit codes: 0 ready / printed; 1 printer not ready (status); 2 configuration; 3 device fault.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub, common) -> None:
    p = sub.add_parser("printer", parents=[common],
                       help="ticket printer: status, test ticket, render bytes, simulator")
    psub = p.add_subparsers(dest="printer_command", metavar="ACTION")
    psub.required = True

    s = psub.add_parser("status", parents=[common], help="ask the printer for its status")
    _target_arguments(s)
    s.add_argument("--json", action="store_true", help="one JSON document on stdout")
    s.set_defaults(func=cmd_status)

    t = psub.add_parser("test", parents=[common],
                        help="print a test ticket (Chinese, English, QR code, cut)")
    _target_arguments(t)
    t.add_argument("--json", action="store_true", help="one JSON document on stdout")
    t.set_defaults(func=cmd_test)

    r = psub.add_parser("render", parents=[common],
                        help="render a file of ESC/POS bytes to PNG, one image per cut")
    r.add_argument("file", type=Path)
    r.add_argument("-o", "--out", type=Path, default=Path("."), help="output directory")
    r.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper width, mm")
    r.set_defaults(func=cmd_render)

    m = psub.add_parser("simulate", parents=[common],
                        help="run a virtual printer here until Ctrl-C; prints its port")
    m.add_argument("--tcp", type=int, metavar="PORT", default=None,
                   help="listen on 127.0.0.1:PORT (9100-style) instead of a pty (0: any port)")
    m.add_argument("--out", type=Path, default=Path("printed"),
                   help="directory for the printed PNGs (default ./printed)")
    m.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper width, mm")
    m.add_argument("--fault", action="append", default=[], metavar="NAME",
                   help="start with this fault (near_end, paper_out, cover_open, silent …)")
    m.add_argument("--seconds", type=float, default=None, help="stop after S seconds")
    m.set_defaults(func=cmd_simulate)


def _target_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "device path, pyserial URL, tcp://host:port or usb:VID:PID")
    p.add_argument("--width", type=int, choices=(58, 80), default=None,
                   help="paper width in mm (default: devices.toml, or 80 with --port)")
    p.add_argument("--chinese", choices=("native", "raster"), default=None,
                   help="Chinese text as GB18030 (native) or as images (raster)")


def _target(args: argparse.Namespace):
    from kiosk.device_target import DeviceTarget

    options: dict = {}
    if args.width:
        options["paper_width_mm"] = args.width
    if args.chinese:
        options["chinese"] = args.chinese
    return DeviceTarget(args, "printer", "escpos", options, unavailable_zh="打印机暂不可用")


def _status_doc(target) -> dict:
    from drivers.core.errors import DeviceError
    from drivers.printer.status import PrinterStatus

    try:
        status: PrinterStatus = target.call("status_query", lambda d: d.read_status())
        doc = status.to_dict()
    except DeviceError as exc:
        # could not ask now: report what the last exchange showed (a garbled answer is
        # "online unknown", silence is "not online") — never "paper ok"
        last = target.device.last_printer_status
        doc = (last if last.garbled else PrinterStatus(problem=str(exc))).to_dict()
        doc["error"] = str(exc)
        doc["state"] = str(exc.state or doc["state"])
        doc["recovery"] = str(exc.recovery)
    doc.update(device=target.name, port=target.device_port, mock=target.mock)
    return doc


def cmd_status(args: argparse.Namespace) -> int:
    from kiosk.context import print_json

    with _target(args) as target:
        doc = _status_doc(target)
    if args.json:
        print_json(doc)
    else:
        mode = " [MOCK]" if doc["mock"] else ""
        online = {True: "yes", False: "no", None: "unknown"}[doc["online"]]
        cover = {True: "open", False: "closed", None: "unknown"}[doc["cover_open"]]
        print(f"{doc['device']}{mode} on {doc['port']}: {doc['state']}")
        print(f"  online: {online}  paper: {doc['paper']}  cover: {cover}")
        if doc["error"]:
            print(f"  error: {doc['error']} (recovery: {doc['recovery']})")
    ready = doc["online"] is True and doc["paper"] in ("ok", "near_end") and not doc["error"]
    return 0 if ready else 1


def cmd_test(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json
    from kiosk.printing import job_timeout

    try:
        with _target(args) as target:
            result = target.call("print_test", lambda d: d.print_bytes(d.test_page()),
                                 job_timeout(target.handle))
            page = None
            if target.mock:
                target.handle.simulator.printer.wait_pages(1, 2.0)
                page = target.handle.simulator.last_page()
            doc = {"device": target.name, "port": target.device_port, "mock": target.mock,
                   "printed": True, **result.to_dict()}
            if page is not None:
                doc["png"] = str(page.path) if page.path else None
    except DeviceError as exc:
        if args.json:
            print_json({"printed": False, "error": exc.to_dict()})
        else:
            zh = getattr(exc, "message_zh", "")
            print(f"kiosk printer test: {exc}" + (f" — {zh}" if zh else "")
                  + f" (recovery: {exc.recovery})", file=sys.stderr)
        return 3
    if args.json:
        print_json(doc)
    else:
        mode = " [MOCK]" if doc["mock"] else ""
        print(f"{doc['device']}{mode}: printed {doc['bytes_sent']} bytes in "
              f"{doc['duration_s']:.2f}s, confirmed by {doc['confirmed_by']}; "
              f"paper {doc['status']['paper']}")
        if doc.get("png"):
            print(f"  rendered: {doc['png']}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from drivers.printer.simulator.interpreter import render_bytes, save_pages

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        from drivers.core.errors import ConfigError

        raise ConfigError(str(args.file), "", f"cannot read: {exc.strerror or exc}") from None
    pages = render_bytes(data, args.width)
    for path, page in zip(save_pages(pages, args.out, args.file.stem), pages):
        extra = f"; {len(page.unknown)} unknown command(s)" if page.unknown else ""
        wrapped = f"; {page.wrapped} line(s) wrapped by the printer" if page.wrapped else ""
        print(f"{path}: {page.length_mm:.0f} mm, {len(page.lines)} text lines, "
              f"{len(page.qr_codes)} QR, cut={page.cut or 'none'}{wrapped}{extra}")
    if not pages:
        print("nothing printed (no text, images or codes in the file)")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    import time

    from drivers.printer.simulator import PrinterSimulator, VirtualPrinter

    printer = VirtualPrinter(args.width, output_dir=args.out)
    sim = PrinterSimulator("printer", printer, tcp_port=args.tcp)
    for fault in args.fault:
        if fault not in sim.FAULTS:
            from drivers.core.errors import ConfigError

            raise ConfigError("--fault", fault, f"unknown fault (known: {', '.join(sim.FAULTS)})")
    sim.start()
    for fault in args.fault:
        sim.inject(fault)
    print(f"virtual printer ({args.width} mm) on {sim.port}; PNGs in {args.out}", flush=True)
    seen = 0
    end = time.monotonic() + args.seconds if args.seconds else None
    try:
        while end is None or time.monotonic() < end:
            if printer.wait_pages(seen + 1, 0.2):
                seen = printer.pages_printed
                page = printer.last_page()
                print(f"printed {page.path}: {len(page.lines)} lines, QR {page.qr_codes}",
                      flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0
