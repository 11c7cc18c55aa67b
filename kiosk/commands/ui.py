"""``kiosk ui screenshots OUTDIR``: every screen, in Chinese, English and elder mode, as PNG."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub, common) -> None:
    p = sub.add_parser("ui", parents=[common], help="touch UI tools")
    ui_sub = p.add_subparsers(dest="ui_command", metavar="ACTION")
    ui_sub.required = True
    s = ui_sub.add_parser("screenshots", parents=[common],
                          help="render every screen to PNG (offscreen)")
    s.add_argument("outdir", type=Path, help="folder for the PNGs (one sub-folder per variant)")
    s.add_argument("--only", metavar="TEXT", default="",
                   help="only scenes whose name contains TEXT (e.g. done, error)")
    s.add_argument("--variants", default="zh,en,zh-elder,en-elder",
                   help="comma-separated: zh, en, zh-elder, en-elder (default: all)")
    s.add_argument("--size", default="1920x1080",
                   help="screen size WxH; 1080x1920 for a portrait kiosk (default 1920x1080)")
    s.set_defaults(func=cmd_screenshots)


def cmd_screenshots(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.logs import setup_logging
    from kiosk.ui.scenes import SCENES, VARIANTS
    from kiosk.ui.screenshots import render_all

    setup_logging("WARNING")
    wanted = {v.strip() for v in args.variants.split(",") if v.strip()}
    variants = [v for v in VARIANTS if v.name in wanted]
    unknown = wanted - {v.name for v in VARIANTS}
    if unknown or not variants:
        print(f"kiosk: unknown variant(s) {', '.join(sorted(unknown)) or '(none given)'} "
              f"(known: {', '.join(v.name for v in VARIANTS)})")
        return 2
    scenes = [s for s in SCENES if args.only in s.name]
    try:
        w, h = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        print(f"kiosk: --size must be WIDTHxHEIGHT, got {args.size!r}")
        return 2
    shots = render_all(args.outdir, variants=variants, scenes=scenes, size=(w, h))
    for shot in shots:
        print(shot.path)
        for problem in shot.problems:
            print(f"  ! {problem}")
    bad = sum(1 for s in shots if s.problems)
    print(f"{len(shots)} screenshot(s) in {args.outdir}"
          + (f"; {bad} with layout problems (see '!' lines)" if bad else ""))
    return 1 if bad else 0
