"""``kiosk camera snapshot|portrait|simulate`` — the portrait camera from the command line.

``snapshot OUT.jpg`` saves one still. ``portrait OUT.jpg`` runs the ID photo checks on the
live picture (on the camera's worker, as the kiosk does) until every check has held for
``hold_s`` and the photo passes its own checks, then writes the photo; after ``--timeout``
seconds without one it exits 1 naming the failing checks. ``--json``: one document with
``ok``, ``width``, ``height``, ``face`` (x, y, w, h in the photo), ``checks`` (name →
``{"ok", "value"}``: the live checks of the frame, then the photo's own). ``simulate`` runs
the MJPEG camera simulator, prints its URL, then takes commands on stdin (``scene NAME``,
``fault NAME [k=v…]``, ``clear [NAME]``, ``scenes``, ``quit``).

The camera comes from ``--port`` (a V4L2 index, /dev path or stream URL; its own resolution
unless ``--width``/``--height`` ask for one) or from devices.toml (``--device NAME`` or the
first camera; ``--mock`` runs it on its simulator). Exit codes: 0 done; 1 no photo within
the time; 2 configuration; 3 camera fault.
"""
from __future__ import annotations

import argparse
import sys
import time


def register(sub, common) -> None:
    p = sub.add_parser("camera", parents=[common],
                       help="portrait camera: snapshot, ID photo, simulator")
    csub = p.add_subparsers(dest="camera_command", metavar="ACTION")
    csub.required = True

    s = csub.add_parser("snapshot", parents=[common], help="save one still as a JPEG")
    _target_arguments(s)
    s.add_argument("out", metavar="OUT.jpg")
    s.add_argument("--json", action="store_true", help="one JSON document on stdout")
    s.set_defaults(func=cmd_snapshot)

    q = csub.add_parser("portrait", parents=[common],
                        help="run the ID photo checks on the live picture until a photo passes")
    _target_arguments(q)
    q.add_argument("out", metavar="OUT.jpg")
    q.add_argument("--seconds", type=float, default=30.0, metavar="S",
                   help="give up after S seconds (default 30)")
    q.add_argument("--json", action="store_true", help="one JSON document on stdout")
    q.set_defaults(func=cmd_portrait)

    m = csub.add_parser("simulate", parents=[common],
                        help="run the camera simulator (MJPEG over HTTP on 127.0.0.1)")
    m.add_argument("--scene", default="portrait_centred",
                   help="what the camera sees (`scenes` on stdin lists them)")
    m.add_argument("--fault", action="append", default=[],
                   help="start with this fault (no_frames, frozen, wrong_resolution)")
    m.add_argument("--tcp", type=int, default=0, metavar="PORT", help="port (0: any free)")
    m.add_argument("--width", type=int, default=640)
    m.add_argument("--height", type=int, default=480)
    m.add_argument("--fps", type=float, default=25.0)
    m.set_defaults(func=cmd_simulate)


def _target_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "V4L2 index, /dev/video path or stream URL")
    p.add_argument("--width", type=int, default=None, help="frame width to ask for")
    p.add_argument("--height", type=int, default=None, help="frame height to ask for")


def target(args: argparse.Namespace):
    """The camera as a DeviceTarget (also for ``kiosk qr scan``)."""
    from kiosk.device_target import DeviceTarget

    options: dict = {}
    if getattr(args, "port", None):
        # a camera or stream named on the command line delivers its own size unless asked
        options.update(width=0, height=0)
    if args.width or args.height:
        options.update(width=args.width or 0, height=args.height or 0)
    return DeviceTarget(args, "camera", "uvc_camera", options, unavailable_zh="摄像头暂不可用")


def fail(command: str, exc) -> int:
    zh = getattr(exc, "message_zh", "")
    print(f"kiosk {command}: {exc}" + (f" — {zh}" if zh else ""), file=sys.stderr)
    return 3


def cmd_snapshot(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from drivers.core.frames import load_cv2
    from kiosk.context import print_json

    try:
        with target(args) as t:
            still = t.call("capture_still", lambda d: d.capture_still())
            name, mock = t.name, t.mock
    except DeviceError as exc:
        return fail("camera snapshot", exc)
    cv2 = load_cv2()
    if not cv2.imwrite(args.out, still):
        print(f"kiosk camera snapshot: cannot write {args.out}", file=sys.stderr)
        return 2
    height, width = still.shape[:2]
    if args.json:
        print_json({"path": args.out, "width": width, "height": height, "device": name,
                    "mock": mock})
    else:
        print(f"{name}{' [MOCK]' if mock else ''}: {width}x{height} → {args.out}")
    return 0


def cmd_portrait(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json, settings_from_args
    from kiosk.portrait.checks import PortraitAnalyser
    from kiosk.portrait.photo import Captured, PhotoMaker

    rules = settings_from_args(args).portrait
    analyser, maker = PortraitAnalyser(rules), PhotoMaker(rules)
    photo = assessment = None
    try:
        with target(args) as t:
            name, mock = t.name, t.mock
            end = time.monotonic() + args.seconds
            seq, held_since, held_for = None, None, 0.0
            while time.monotonic() < end:
                # every check held for hold_s of frame time: this frame becomes the photo
                fn = maker if held_since is not None and held_for >= rules.hold_s else analyser
                got = t.call("analyse", lambda d, fn=fn, seq=seq: d.analyse(fn, newer_than=seq))
                seq = got.seq
                result = got.result
                if isinstance(result, Captured):
                    assessment, held_since, held_for = result.assessment, None, 0.0
                    if result.photo is not None and result.photo.ok:
                        photo = result.photo
                        break
                    if result.photo is not None:
                        print(f"photo refused: {', '.join(result.photo.failing())}; again",
                              file=sys.stderr)
                    continue
                assessment = result
                if not result.ok:
                    held_since = None
                    continue
                held_since = got.at if held_since is None else held_since
                held_for = got.at - held_since
    except DeviceError as exc:
        return fail("camera portrait", exc)
    checks = {}
    if assessment is not None:
        checks.update({n: c.as_dict() for n, c in assessment.checks.items()})
    if photo is not None:
        checks.update({n: c.as_dict() for n, c in photo.checks.items()})
        with open(args.out, "wb") as f:
            f.write(photo.jpeg)
    doc = {"ok": photo is not None, "width": photo.width if photo else None,
           "height": photo.height if photo else None,
           "face": photo.face.as_dict() if photo and photo.face else None, "checks": checks,
           "guidance": assessment.guidance if assessment and photo is None else None,
           "bytes": len(photo.jpeg) if photo else None, "path": args.out if photo else None,
           "device": name, "mock": mock}
    if args.json:
        print_json(doc)
    elif photo is not None:
        print(f"{name}{' [MOCK]' if mock else ''}: {photo.width}x{photo.height} photo, "
              f"{len(photo.jpeg)} bytes → {args.out}")
    if photo is None:
        failing = [n for n, c in checks.items() if c["ok"] is False] or ["no frame judged"]
        print(f"kiosk camera portrait: no photo within {args.seconds:.0f}s; failing: "
              f"{', '.join(failing)}", file=sys.stderr)
        return 1
    return 0


HELP_COMMANDS = ("commands: scene NAME | fault NAME [key=value …] | clear [NAME] | scenes | "
                 "quit\nfaults: {faults}")


def cmd_simulate(args: argparse.Namespace, stdin=None, stdout=None) -> int:
    from drivers.camera.scenes import resolve_scene, scene_names
    from drivers.core.errors import ConfigError
    from drivers.core.mjpeg import MjpegSimulator

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    try:
        scene = resolve_scene(args.scene)
    except ValueError as exc:
        raise ConfigError("--scene", args.scene, str(exc)) from None
    sim = MjpegSimulator("camera", scene, width=args.width, height=args.height, fps=args.fps,
                         tcp_port=args.tcp, resolve_scene=resolve_scene)
    for fault in args.fault:
        if fault not in sim.FAULTS:
            raise ConfigError("--fault", fault, f"unknown fault (known: {', '.join(sim.FAULTS)})")
    sim.start()
    for fault in args.fault:
        sim.inject(fault)
    print(sim.port, file=stdout, flush=True)
    try:
        for line in stdin:
            words = line.split()
            if not words:
                continue
            verb, rest = words[0], words[1:]
            try:
                if verb == "quit":
                    break
                if verb == "scene" and rest:
                    sim.perform("show_scene", scene=rest[0])
                elif verb == "scenes":
                    print(" ".join(scene_names()), file=stdout, flush=True)
                    continue
                elif verb == "fault" and rest:
                    params = {}
                    for kv in rest[1:]:
                        key, _, value = kv.partition("=")
                        params[key] = int(value) if value.isdigit() else value
                    sim.inject(rest[0], **params)
                elif verb == "clear":
                    sim.clear(rest[0] if rest else None)
                else:
                    print(HELP_COMMANDS.format(faults=", ".join(sim.FAULTS)), file=stdout,
                          flush=True)
                    continue
                print("ok", file=stdout, flush=True)
            except ValueError as exc:
                print(f"error: {exc}", file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0
