"""Read a QR code the citizen holds up to the camera (an appointment, an e-certificate).

The camera's worker decodes the newest frame (:class:`~kiosk.qr.reader.QrReader`) in the
same one-request-at-a-time loop as the photo checks (:mod:`kiosk.journeys.steps.camera`);
the first code read stops the loop and goes to the journey's ``on_code`` as a
:class:`~kiosk.qr.codes.Scanned`. A code the kiosk cannot use is said on the screen
(``notice``) and scanning goes on; the same unusable code held there is not told again.
"""
from __future__ import annotations

from collections.abc import Callable

from kiosk.journeys.base import Journey, N_, Notice
from kiosk.journeys.steps.camera import CameraFeed
from kiosk.qr.codes import OTHER, Scanned, classify

#: what the citizen hears while scanning (kiosk.voice prompts "qr.<key>")
WORDS = {
    "show": N_("请把二维码对准摄像头，离屏幕一拳远"),
    "other": N_("这个二维码不是预约码或电子证照，请换一个"),
}


def _register_prompts() -> None:
    from kiosk.voice.prompts import PROMPTS

    for key, words in WORDS.items():
        PROMPTS.register(f"qr.{key}", words)


_register_prompts()


class QrScanStep:
    """``kinds``: the code kinds this journey takes (others are "not this kind" notices)."""

    def __init__(self, journey: Journey, step: str | tuple[str, ...], *,
                 on_code: Callable[[Scanned], None],
                 kinds: tuple[str, ...] = ("appointment", "certificate"),
                 backend: str = "auto") -> None:
        self.journey = journey
        self.shell = journey.shell
        self.on_code = on_code
        self.kinds = kinds
        self.backend = backend
        self.scanned: Scanned | None = None  # the code handed to the journey
        self.refused: Scanned | None = None  # the last code we could not use
        self._reader = None
        self.feed = CameraFeed(journey, step, None, self._result)

    @property
    def frames(self):
        return self.feed.frames

    @property
    def notice(self) -> Notice | None:
        if self.feed.notice is not None:
            return self.feed.notice
        return Notice("qr_other") if self.refused is not None else None

    def enter(self) -> bool:
        """Start (again) looking for a code; False when there is no working camera."""
        self.scanned = None
        if self._reader is None:
            from kiosk.qr.reader import QrReader

            self._reader = QrReader(self.backend)
        self.feed.analyser = self._reader
        return self.feed.start()

    def leave(self) -> None:
        self.feed.stop()

    def on_health(self) -> None:
        self.feed.on_health()

    def close(self) -> None:
        self.feed.close()
        self.scanned = self.refused = None

    def _result(self, analysed) -> None:
        code = analysed.result
        if code is None:
            return
        scanned = classify(code.text)
        if scanned.kind == OTHER or scanned.kind not in self.kinds:
            if self.refused is None or self.refused.text != scanned.text:
                self.refused = scanned
                self.shell.note_activity()
            return
        self.refused = None
        self.scanned = scanned
        self.feed.stop()
        self.on_code(scanned)
