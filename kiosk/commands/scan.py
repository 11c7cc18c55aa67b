"""``kiosk scan`` — the document camera (高拍仪) from the command line, and the same scanning
pipeline on a picture file.

``kiosk scan OUT.pdf [--pages N]``: waits for a page to lie still and sharp under the camera
(as the kiosk does: the page's outline found on the preview on the camera's worker, held for
a moment), takes a full-resolution still, finds, straightens and enhances the page, and
writes the pages as one PDF. For a second page the page must change (taken away, turned or
moved) first; with ``--mock`` the simulator lays the next demo document down by itself.
``kiosk scan file IN.jpg OUT.pdf``: the pipeline on a still from a file.

``--json``: ``pages``, ``bytes`` (of the PDF), ``page_size_px`` ([w, h] per page),
``corners`` (per page, the four corners found in the source picture, top-left first,
clockwise), ``layout``. Exit codes: 0 done; 1 no page found (in the time); 2 configuration
or file; 3 camera fault.
"""
from __future__ import annotations

import argparse
import sys
import time


def register(sub, common) -> None:
    p = sub.add_parser("scan", parents=[common],
                       help="document camera: scan pages to a PDF (or `scan file IN OUT`)",
                       description="kiosk scan [--device NAME | --port SRC] OUT.pdf "
                                   "[--pages N] [--json]  |  kiosk scan file IN.jpg OUT.pdf "
                                   "[--json]")
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "document camera: V4L2 index, /dev/video path or stream URL")
    p.add_argument("paths", nargs="+", metavar="OUT.pdf | file IN.jpg OUT.pdf")
    p.add_argument("--pages", type=int, default=1, metavar="N", help="pages to scan (camera)")
    p.add_argument("--layout", default="auto",
                   help="a4, id_card, booklet or auto (the nearest proportions)")
    p.add_argument("--colour", action="store_true",
                   help="keep colour (certificates, photos) instead of enhancing text")
    p.add_argument("--max-page-bytes", type=int, default=None, metavar="B",
                   help="each page image at most B bytes (the case server's limit)")
    p.add_argument("--seconds", type=float, default=60.0, metavar="S",
                   help="give up on a page after S seconds (camera)")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")
    p.set_defaults(func=cmd_scan)


def _layout(args) -> str:
    from drivers.core.errors import ConfigError
    from kiosk.scanning.page import LAYOUTS

    if args.layout != "auto" and args.layout not in LAYOUTS:
        raise ConfigError("--layout", args.layout,
                          f"unknown layout (known: auto, {', '.join(LAYOUTS)})")
    return args.layout


def cmd_scan(args: argparse.Namespace) -> int:
    paths = args.paths
    if paths[0] == "file":
        if len(paths) != 3:
            print("kiosk scan file: give IN.jpg and OUT.pdf", file=sys.stderr)
            return 2
        return _scan_file(args, paths[1], paths[2])
    if len(paths) != 1:
        print("kiosk scan: give one OUT.pdf (or: kiosk scan file IN.jpg OUT.pdf)",
              file=sys.stderr)
        return 2
    if args.pages < 1:
        print("kiosk scan: --pages must be at least 1", file=sys.stderr)
        return 2
    return _scan_camera(args, paths[0])


def _report(args, out: str, scanned: list, pdf: bytes, source: str) -> None:
    from kiosk.context import print_json

    doc = {"pages": len(scanned), "bytes": len(pdf),
           "page_size_px": [s.size_px for s in scanned],
           "corners": [s.corners for s in scanned],
           "layout": [s.page.layout for s in scanned], "path": out, "source": source}
    if args.json:
        print_json(doc)
    else:
        sizes = ", ".join(f"{w}x{h}" for w, h in doc["page_size_px"])
        print(f"{source}: {len(scanned)} page(s) ({sizes}), {len(pdf)} bytes → {out}")


def _write(out: str, pdf: bytes) -> bool:
    try:
        with open(out, "wb") as f:
            f.write(pdf)
    except OSError as exc:
        print(f"kiosk scan: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _scan_file(args, src: str, out: str) -> int:
    import cv2
    import numpy as np

    from kiosk.scanning.scan import StillScanner, material_pdf

    try:
        data = np.fromfile(src, np.uint8)
    except OSError as exc:
        print(f"kiosk scan file: {src}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        print(f"kiosk scan file: {src}: not a picture OpenCV reads (JPEG, PNG …)",
              file=sys.stderr)
        return 2
    scanned = StillScanner(layout=_layout(args), colour=args.colour,
                           max_page_bytes=args.max_page_bytes)(image)
    if scanned is None:
        print(f"kiosk scan file: {src}: no page found (four clear corners against a darker "
              "background)", file=sys.stderr)
        return 1
    pdf = material_pdf([scanned])
    if not _write(out, pdf):
        return 2
    _report(args, out, [scanned], pdf, src)
    return 0


def _scan_camera(args, out: str) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.commands.camera import fail
    from kiosk.device_target import DeviceTarget
    from kiosk.scanning.autocapture import AutoCapture
    from kiosk.scanning.page import find_page
    from kiosk.scanning.scan import StillScanner, material_pdf

    layout = _layout(args)
    options = {"width": 0, "height": 0} if getattr(args, "port", None) else {}
    scanned: list = []

    def outline(frame):
        return find_page(frame, refine=False)

    try:
        with DeviceTarget(args, "document_camera", "uvc_document_camera", options,
                          unavailable_zh="高拍仪暂不可用") as t:
            name, mock = t.name, t.mock
            auto = AutoCapture()
            last = None  # the corners of the page taken last (preview pixels)
            for n in range(args.pages):
                if mock:  # the simulator lays the next demo page down (its hand leaves)
                    from drivers.camera.doc_scenes import DOCUMENTS

                    docs = list(DOCUMENTS)
                    t.handle.mock.perform("place_page", document=docs[n % len(docs)],
                                          placement=n % 5)
                auto.reset()
                armed = last is None
                end = time.monotonic() + args.seconds
                seq = None
                found = None
                while time.monotonic() < end:
                    got = t.call("analyse", lambda d, s=seq: d.analyse(outline, newer_than=s))
                    seq, found = got.seq, got.result
                    if not armed:
                        moved = found is not None and \
                            abs(found.corners - last).max() > 0.05 * found.diagonal
                        armed = found is None or moved
                        if not armed:
                            continue
                    if auto.feed(found, got.at):
                        break
                else:
                    print(f"kiosk scan: no still page {n + 1} within {args.seconds:.0f}s",
                          file=sys.stderr)
                    return 1
                scanner = StillScanner(layout=layout, colour=args.colour,
                                       max_page_bytes=args.max_page_bytes, hint=found)
                got = t.call("analyse_still", lambda d, s=scanner: d.analyse_still(s))
                if got.result is None:
                    print(f"kiosk scan: page {n + 1}: no page in the still", file=sys.stderr)
                    return 1
                scanned.append(got.result)
                last = found.corners.copy()
    except DeviceError as exc:
        return fail("scan", exc)
    pdf = material_pdf(scanned)
    if not _write(out, pdf):
        return 2
    _report(args, out, scanned, pdf, f"{name}{' [MOCK]' if mock else ''}")
    return 0
