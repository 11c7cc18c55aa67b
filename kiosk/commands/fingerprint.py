"""``kiosk fingerprint info|capture|verify|simulate`` — the fingerprint pad from the command line.

``info`` asks the module for its figures (``--json`` keys: ``online``, ``model``,
``capacity``, ``templates``, ``security_level``, plus ``template_format`` and
``can_match_ministry_templates``). ``capture --out FILE`` waits for a finger and writes the
module's template of it to FILE (mode 600; never an image) and reports its ``quality``.
``verify --template FILE`` waits for a finger and compares it with the template in FILE the
way the kiosk does with one from the central identity service; it reports ``match`` and
``score``. Templates are biometric data: keep such files only as long as a test needs them.

``--port`` takes a device path, pyserial URL or tcp://host:port and bypasses devices.toml
(``--model zfm|gt521f`` says which protocol, default zfm); otherwise the device comes from
devices.toml (``--device NAME`` or the first fingerprint device; ``--mock`` runs it on its
simulator, where ``--place N`` lays fictitious finger N on the simulated pad first).
``simulate`` runs a simulated module in the foreground for another process to talk to.
Exit codes: 0 done / match; 1 no match, no finger, poor image, offline; 2 configuration or
usage; 3 device fault.
"""
from __future__ import annotations

import argparse
import sys
import time

MODELS = {"zfm": "zfm_fingerprint", "gt521f": "gt521f"}
#: finger-side answers: the command worked, the finger did not
_NOT_DONE_CODES = {"no_finger", "poor_image", "unsupported_template", "bad_template", "not_ready"}


def register(sub, common) -> None:
    p = sub.add_parser("fingerprint", parents=[common],
                       help="fingerprint pad: module figures, capture, verify, simulator")
    fsub = p.add_subparsers(dest="fingerprint_command", metavar="ACTION")
    fsub.required = True

    i = fsub.add_parser("info", parents=[common], help="model, capacity, templates stored, "
                                                       "security level")
    _target_arguments(i)
    i.set_defaults(func=cmd_info)

    c = fsub.add_parser("capture", parents=[common],
                        help="wait for a finger, write its template (never an image) to FILE")
    _target_arguments(c)
    c.add_argument("--out", "-o", required=True, metavar="FILE",
                   help="where to write the template (binary, mode 600)")
    _finger_arguments(c)
    c.set_defaults(func=cmd_capture)

    v = fsub.add_parser("verify", parents=[common],
                        help="wait for a finger, compare it with the template in FILE")
    _target_arguments(v)
    v.add_argument("--template", required=True, metavar="FILE", help="template file (binary)")
    v.add_argument("--format", choices=("zfm", "gt521f", "ministry"), default=None,
                   help="the template's format (default: the module's own)")
    _finger_arguments(v)
    v.set_defaults(func=cmd_verify)

    s = fsub.add_parser("simulate", parents=[common],
                        help="run a simulated module here; prints its port, then takes "
                             "commands on stdin (place/lift/fault/clear/quit)")
    s.add_argument("--model", choices=sorted(MODELS), default="zfm", help="protocol (zfm)")
    s.add_argument("--tcp", type=int, metavar="PORT", default=None,
                   help="listen on 127.0.0.1:PORT instead of a pty (0: any free port)")
    s.add_argument("--finger", default=None, metavar="N",
                   help="fictitious finger N on the pad at start (default: none)")
    s.set_defaults(func=cmd_simulate)


def _target_arguments(p: argparse.ArgumentParser) -> None:
    from kiosk.device_target import add_target_arguments

    add_target_arguments(p, "device path or pyserial URL or tcp://host:port")
    p.add_argument("--model", choices=sorted(MODELS), default=None,
                   help="protocol with --port (default zfm); checked against --device")
    p.add_argument("--json", action="store_true", help="one JSON document on stdout")


def _finger_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", type=float, default=10.0, metavar="S",
                   help="seconds to wait for a finger (default 10)")
    p.add_argument("--place", default=None, metavar="N",
                   help="mock devices only: lay fictitious finger N on the simulated pad first")


def _target(args: argparse.Namespace):
    from drivers.core.errors import ConfigError
    from kiosk.device_target import DeviceTarget

    driver = MODELS[args.model or "zfm"]

    class Target(DeviceTarget):
        def _config(self, settings):
            cfg, source = super()._config(settings)
            if args.model and not args.port and cfg.driver != driver:
                raise ConfigError(source, cfg.name, f"is a {cfg.driver!r} device, not "
                                                    f"--model {args.model}")
            return cfg, source

    return Target(args, "fingerprint", driver, unavailable_zh="指纹仪暂不可用")


def _fail(command: str, exc, as_json: bool) -> int:
    from kiosk.context import print_json

    code = 1 if getattr(exc, "code", "") in _NOT_DONE_CODES else 3
    if as_json:
        print_json({"error": exc.to_dict() if hasattr(exc, "to_dict") else str(exc)})
    zh = getattr(exc, "message_zh", "")
    print(f"kiosk fingerprint {command}: {exc}" + (f" — {zh}" if zh else ""), file=sys.stderr)
    return code


def _place(args, target) -> None:
    if args.place is None:
        return
    mock = target.handle.mock
    if mock is None:
        from drivers.core.errors import ConfigError

        raise ConfigError("--place", "", "only a mock device has a simulated pad (use --mock)")
    mock.perform("place_finger", finger=args.place)


def _with_finger(args, target, operation: str, fn):
    """Run ``fn`` on the device until a finger is there, for up to ``--wait`` seconds."""
    from drivers.kinds.fingerprint import NoFinger

    end = time.monotonic() + max(0.0, args.wait)
    told = False
    # a verification is half a dozen exchanges, each with its own deadline
    limit = target.handle.config.timeout * 10 + 5
    while True:
        try:
            return target.call(operation, fn, limit)
        except NoFinger:
            if time.monotonic() >= end:
                raise
            if not told and not args.json:
                print("place a finger on the pad … 请按手指", file=sys.stderr, flush=True)
                told = True
            time.sleep(0.2)  # the technician's pace, not a synchronisation


def cmd_info(args: argparse.Namespace) -> int:
    from drivers.core.errors import DeviceError
    from kiosk.context import print_json

    doc: dict = {"online": False, "model": None, "capacity": None, "templates": None,
                 "security_level": None}
    try:
        with _target(args) as target:
            doc.update(device=target.name, port=target.device_port, mock=target.mock,
                       driver=target.handle.config.driver)
            info = target.call("sensor_info", lambda d: d.sensor_info())
            caps = target.call("capabilities", lambda d: d.capabilities())
    except DeviceError as exc:
        doc["error"] = str(exc)
        if args.json:
            print_json(doc)
        print(f"kiosk fingerprint info: {exc}", file=sys.stderr)
        return 1
    doc.update(online=True, **{**info.to_dict(), **caps.to_dict()})
    if args.json:
        print_json(doc)
    else:
        mode = " [MOCK]" if doc["mock"] else ""
        level = doc["security_level"] if doc["security_level"] is not None else "not reported"
        print(f"{doc['device']}{mode} on {doc['port']}: {doc['model']}\n"
              f"  library: {doc['templates']} of {doc['capacity']} templates; security level "
              f"{level}\n  template format: {doc['template_format']} "
              f"({doc['template_size']} bytes); ministry (ID card) templates: "
              f"{'yes' if doc['can_match_ministry_templates'] else 'no'}")
    return 0


def cmd_capture(args: argparse.Namespace) -> int:
    import os

    from drivers.core.errors import DeviceError
    from kiosk.context import print_json

    try:
        with _target(args) as target:
            _place(args, target)
            capture = _with_finger(args, target, "capture", lambda d: d.capture())
            name, mock = target.name, target.mock
    except DeviceError as exc:
        return _fail("capture", exc, args.json)
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(capture.template)
        size = len(capture.template)
    finally:
        capture.wipe()
    doc = {"device": name, "mock": mock, "file": args.out, "format": capture.format,
           "bytes": size, "quality": capture.quality, "quality_score": capture.quality_score}
    if args.json:
        print_json(doc)
    else:
        extra = f" (score {capture.quality_score})" if capture.quality_score is not None else ""
        print(f"{name}{' [MOCK]' if mock else ''}: {size}-byte {capture.format} template "
              f"written to {args.out}; quality {capture.quality}{extra}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from drivers.core.errors import ConfigError, DeviceError
    from drivers.kinds.fingerprint import wipe
    from kiosk.context import print_json

    try:
        with open(args.template, "rb") as src:
            template = bytearray(src.read())
    except OSError as exc:
        raise ConfigError(args.template, "", f"cannot read the template: {exc.strerror}") \
            from None
    try:
        with _target(args) as target:
            _place(args, target)
            score = _with_finger(args, target, "verify",
                                 lambda d: d.verify(template, args.format))
            name, mock = target.name, target.mock
            caps = target.call("capabilities", lambda d: d.capabilities())
    except DeviceError as exc:
        return _fail("verify", exc, args.json)
    finally:
        wipe(template)
    doc = {"device": name, "mock": mock, "match": score > 0, "score": score,
           "score_reported": caps.reports_score}
    if args.json:
        print_json(doc)
    else:
        what = f"score {score}" if caps.reports_score else "the module gives no score"
        print(f"{name}{' [MOCK]' if mock else ''}: {'MATCH' if score else 'no match'} ({what})")
    return 0 if score else 1


# ------------------------------------------------------------------- simulate
HELP = """commands (one per line):
  place N [good|wet|dry|partial]   lay fictitious finger N on the pad
  lift                             take it off
  fault NAME [k=v]                 inject a fault ({faults})
  clear [NAME]                     clear one fault or all
  quit"""


def cmd_simulate(args: argparse.Namespace, stdin=None, stdout=None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if args.model == "gt521f":
        from drivers.gt521f.simulator import Gt521Simulator as Sim
    else:
        from drivers.zfm.simulator import ZfmSimulator as Sim
    sim = Sim("fingerprint", tcp_port=args.tcp)
    if args.finger is not None:
        sim.place_finger(args.finger)
    sim.start()
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
                if verb == "place" and rest:
                    sim.perform("place_finger", finger=rest[0],
                                condition=rest[1] if len(rest) > 1 else "good")
                elif verb == "lift":
                    sim.perform("lift_finger")
                elif verb == "fault" and rest:
                    params = dict(kv.split("=", 1) for kv in rest[1:] if "=" in kv)
                    sim.inject(rest[0], **params)
                elif verb == "clear":
                    sim.clear(rest[0] if rest else None)
                else:
                    print(HELP.format(faults=", ".join(sim.FAULTS)), file=stdout, flush=True)
                    continue
                print("ok", file=stdout, flush=True)
            except ValueError as exc:
                print(f"error: {exc}", file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0
