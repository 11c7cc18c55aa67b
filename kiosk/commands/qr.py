"""``kiosk qr scan`` — read a QR code held up to the camera.

The camera's worker decodes its newest frames (zxing-cpp; OpenCV without it) until a code is
read or ``--seconds`` pass. ``--json``: one document with ``text``, ``format``, and what the
kiosk makes of it (``kind``: appointment, certificate or other; ``code``). The camera comes
from ``--port`` or devices.toml as for ``kiosk camera``. Exit codes: 0 read; 1 no code in
the time; 2 configuration; 3 camera fault.
"""
from __future__ import annotations

import argparse
import sys
import time


def register(sub, common) -> None:
    p = sub.add_parser("qr", parents=[common], help="QR codes from the camera")
    qsub = p.add_subparsers(dest="qr_command", metavar="ACTION")
    qsub.required = True
    s = qsub.add_parser("scan", parents=[common], help="read one QR code from the camera")
    from kiosk.commands.camera import _target_arguments

    _target_arguments(s)
    s.add_argument("--seconds", type=float, default=20.0, metavar="S",
                   help="give up after S seconds (default 20)")
    s.add_argument("--backend", choices=("auto", "zxing", "opencv"), default="auto",
                   help="decoder (auto: zxing-cpp, OpenCV without it)")
    s.add_argument("--json", action="store_true", help="one JSON document on stdout")
    s.set_defaults(func=cmd_scan)


def cmd_scan(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.commands.camera import fail, target
    from kiosk.context import print_json
    from kiosk.qr.codes import classify
    from kiosk.qr.reader import QrReader

    try:
        reader = QrReader(args.backend)
    except ValueError as exc:
        print(f"kiosk qr scan: {exc}", file=sys.stderr)
        return 2
    code = None
    frames = 0
    try:
        with target(args) as t:
            name, mock = t.name, t.mock
            end = time.monotonic() + args.seconds
            seq = None
            while code is None and time.monotonic() < end:
                got = t.call("analyse", lambda d, seq=seq: d.analyse(reader, newer_than=seq))
                seq, code = got.seq, got.result
                frames += 1
    except DeviceError as exc:
        return fail("qr scan", exc)
    if code is None:
        print(f"kiosk qr scan: no QR code in {frames} frames ({args.seconds:.0f}s)",
              file=sys.stderr)
        return 1
    scanned = classify(code.text)
    if args.json:
        print_json({"text": code.text, "format": code.format, "kind": scanned.kind,
                    "code": scanned.code or None, "backend": reader.backend, "device": name,
                    "mock": mock})
    else:
        print(code.text)
    return 0
