"""证件照 step by step (no Qt).

intro (what happens to the photo, consent) → live (the camera's picture with guidance; the
photo is taken by itself once every check holds) → review (use it, or retake: three times)
→ the photo goes to the case server through the outbox (a case of the photo item with the
JPEG as its ``portrait`` attachment; sealed on the kiosk until delivered, then deleted) →
the receipt with the photo code is printed → done. Without a printer the code is on screen.
"""
from __future__ import annotations

import logging

from kiosk.flows.notify import tap
from kiosk.flows.state import Action
from kiosk.journeys.base import Journey
from kiosk.journeys.portrait.receipt import PHOTO_ITEM, PhotoReceipt, photo_code
from kiosk.journeys.steps.photo import PhotoState, PhotoStep
from kiosk.journeys.steps.printing import PrintStep

log = logging.getLogger(__name__)

INTRO, LIVE, REVIEW = "intro", "live", "review"
WORKING, DONE, PRINT_FAILED = "working", "done", "print_failed"
SENDING = "sending"


def portrait_rules(shell):
    """The ``[portrait]`` settings of the kiosk (defaults when the shell carries none)."""
    from kiosk.portrait.rules import PortraitRules

    settings = getattr(shell, "settings", None)
    rules = getattr(settings, "portrait", None)
    return rules if isinstance(rules, PortraitRules) else PortraitRules()


class PortraitJourney(Journey):
    FIRST_STEP = INTRO
    INPUT_STEPS = frozenset({INTRO, LIVE, REVIEW})
    RESULT_STEPS = frozenset({DONE})
    STEPS = (INTRO, LIVE, REVIEW, WORKING, DONE, PRINT_FAILED)
    FAILED_CODE = "photo_send_failed"

    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.rules = portrait_rules(shell)
        self.camera = self.uses(PhotoStep(self, LIVE, REVIEW, rules=self.rules))
        self.printing = self.uses(PrintStep(self, working_step=WORKING, done_step=DONE,
                                            failed_step=PRINT_FAILED))
        self.photo = None  # the confirmed photo, until the outbox has it
        self.case_id: str | None = None
        self.code: str | None = None
        self.printed = False

    # ------------------------------------------------------------------ intro → live
    @tap
    def start_camera(self) -> None:
        if not self.at(INTRO):
            return
        self.camera.enter()  # no camera: the live screen says so (the shell also stops us)
        self.go(LIVE)

    # ------------------------------------------------------------------ review
    @tap
    def retake(self) -> None:
        self.camera.retake()

    @tap
    def confirm(self) -> None:
        if not self.at(REVIEW) or self.camera.photo is None:
            return
        self.photo = self.camera.take_photo()
        self._send()

    def _send(self) -> None:
        photo = self.photo
        self.working = SENDING
        self.go(WORKING)
        form = {"photo_rules": f"GA 461 {photo.width}x{photo.height} {photo.dpi}dpi",
                "face_width_px": photo.face.w if photo.face else None,
                "jpeg_quality": photo.quality}
        attachment = {"kind": "portrait", "name": "portrait.jpg", "content_type": "image/jpeg",
                      "data": photo.jpeg}
        self.central.cases.submit(PHOTO_ITEM, {}, form, [attachment]).then(
            self._sent, self._send_failed)

    def _sent(self, case_id: str) -> None:
        self.case_id = case_id
        self.code = photo_code(case_id)
        log.info("photo %s stored for delivery (case %s)", self.code, case_id)
        photo, self.photo = self.photo, None  # the outbox has it now; we keep nothing
        if self.kind_up("printer"):
            st = self.shell.state
            self.printing.start(PhotoReceipt(self.code, photo.width, photo.height, photo.dpi,
                                             st.hall_name, self.shell.clock()))
        else:
            self.working = None
            self.go(DONE)
            self.shell.after_work()

    def _send_failed(self, exc: BaseException) -> None:
        self.fail(self.FAILED_CODE, (Action.RETRY, Action.STAFF, Action.HOME), exc=exc,
                  retry=self._send)

    # ------------------------------------------------------------------ done
    @tap
    def reprint(self) -> None:
        self.printing.reprint()

    @tap
    def finish(self) -> None:
        if self.at(DONE, PRINT_FAILED):
            self.shell.finish()

    @tap
    def back(self) -> None:
        if self.step == LIVE:
            self.camera.leave()
            self.go(INTRO)
        elif self.step == REVIEW:
            # back from the photo is a retake while retakes are left, else the intro
            if self.camera.retakes_left > 0:
                self.camera.retake()
            else:
                self.camera.photo = None
                self.go(INTRO)
        elif self.step == INTRO:
            self.shell.go_home()

    def voice_key(self) -> str | None:
        """On the live picture, the spoken prompt for what to fix now (``photo.<guidance>``,
        kiosk.voice); None elsewhere (each screen's own prompt)."""
        return self.camera.voice_key if self.step == LIVE else None

    @property
    def camera_working(self) -> bool:
        return self.camera.state is not PhotoState.UNAVAILABLE

    def staff_reason(self) -> tuple[str, str | None]:
        return self.screen, self.code

    def wipe(self) -> None:
        super().wipe()
        self.photo = None
        self.case_id = self.code = None
