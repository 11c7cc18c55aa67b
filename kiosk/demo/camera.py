"""Camera and scanned-code doubles for tests and screenshots (never a running kiosk).

- :class:`DemoCamera` answers the camera requests a journey makes through
  :class:`~kiosk.demo.ManualEffects` — ``camera.preview`` with a frame slot, and
  ``camera.analyse`` by running the journey's own analyser on a simulator scene
  (:mod:`drivers.camera.portrait_scenes`), frame after frame at 25 fps of frame time — so a
  test drives the real checks, the real photo and the real QR reader without a camera
  process, deterministically.
- :class:`DemoCertificates`, :func:`appointment_by_code`, :class:`DemoCases`: the central
  answers the scan and portrait journeys need, for :class:`~kiosk.demo.DemoCentral`.
"""
from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass

from drivers.core.errors import DeviceTimeout

FPS = 25.0


class DemoCamera:
    def __init__(self, scene="portrait_centred", width: int = 640, height: int = 480) -> None:
        """``scene``: a name drivers.camera.scenes resolves, or a scene callable."""
        from drivers.core.frames import LatestFrame

        self.scene = scene
        self.width, self.height = width, height
        self.frames = LatestFrame()
        self.n = 0
        self.t = 100.0  # frame time (monotonic-like), advanced 1/FPS per frame
        self.failing: BaseException | None = None  # answer analyses with this instead

    def show(self, scene) -> None:
        self.scene = scene

    def frame(self):
        from drivers.camera.scenes import resolve_scene

        self.n += 1
        self.t += 1 / FPS
        scene = resolve_scene(self.scene) if isinstance(self.scene, str) else self.scene
        image = scene(self.n, self.t, self.width, self.height)
        seq = self.frames.put(image, self.t)
        return seq, image

    def answer(self, fx, limit: int = 1) -> int:
        """Answer up to ``limit`` pending camera requests of ``fx`` (ManualEffects); returns
        how many were answered."""
        from drivers.kinds.camera import Analysed

        done = 0
        while done < limit:
            pending = next((p for p in fx.pending if p.request.target == "device"
                            and p.request.name == "camera"), None)
            if pending is None:
                break
            fx.pending.remove(pending)
            done += 1
            r = pending.request
            if r.op == "preview":
                pending.done(self.frames)
            elif r.op == "analyse":
                if self.failing is not None:
                    pending.failed(self.failing)
                    continue
                seq, image = self.frame()
                pending.done(Analysed(seq, self.t, self.width, self.height, r.args[0](image)))
            else:
                pending.failed(DeviceTimeout(f"demo camera: no operation {r.op}"))
        return done

    def run(self, fx, until, limit: int = 200) -> int:
        """Answer camera requests until ``until()`` holds (or ``limit`` answers)."""
        for i in range(limit):
            if until():
                return i
            if not self.answer(fx):
                raise AssertionError("no camera request pending and the condition does not "
                                     "hold yet")
        raise AssertionError(f"not reached after {limit} camera answers")


def appointment_by_code(service, code: str, day: str) -> dict:
    """The demo queue's appointment with this code (``DemoQueueService.appointments``)."""
    from kiosk.sync.appointments import AppointmentNotFound

    for (_id_number, category), known in service.appointments.items():
        if known == code:
            return {"code": code, "category": category, "day": day, "slot": "09:30-10:00",
                    "status": "booked", "ticket_number": None}
    raise AppointmentNotFound(f"no appointment {code}")


class DemoCertificates:
    """The reference server's demo certificates (its data file), checked in memory."""

    def verify(self, code: str):
        from pathlib import Path

        from kiosk.sync.certificates import CertificateCheck

        import tomllib

        path = Path(__file__).resolve().parents[1] / "central" / "demo_certificates.toml"
        for c in tomllib.loads(path.read_text(encoding="utf-8"))["certificates"]:
            if c["code"] == code:
                status = c["status"]
                if status == "valid" and c["valid_to"] and c["valid_to"] < "2025-03-18":
                    status = "expired"  # (the demo clock's day)
                return CertificateCheck(code, True, status, c["name"], c["name_en"],
                                        c["holder"], c["issuer"], c["issuer_en"], c["issued"],
                                        c["valid_to"] or None)
        return CertificateCheck(code, False)


@dataclass
class SubmittedCase:
    case_id: str
    item_code: str
    applicant: dict
    form: dict
    attachments: list


class DemoCases:
    """Cases kept in memory (what a portrait journey submitted)."""

    def __init__(self) -> None:
        self.submitted: list[SubmittedCase] = []
        self._lock = threading.Lock()

    def submit(self, item_code: str, applicant: dict, form: dict,
               attachments: list[dict] = ()) -> str:
        case_id = uuid.uuid4().hex
        with self._lock:
            self.submitted.append(SubmittedCase(case_id, item_code, dict(applicant), dict(form),
                                                list(attachments)))
        return case_id
