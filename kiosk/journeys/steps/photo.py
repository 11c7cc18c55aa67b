"""Take the citizen's ID photo: live guidance, auto-capture, confirm or retake.

Any journey that needs a photo (the portrait journey, a social-security card re-issue, a
document application) composes a :class:`PhotoStep` on two of its steps — the live picture
and the review — and takes the finished :class:`~kiosk.portrait.photo.Photo` with
:meth:`PhotoStep.take_photo` when the citizen confirms it. The step:

- shows the camera's picture (:class:`~kiosk.journeys.steps.camera.CameraFeed`) while the
  camera's worker judges the newest frame (:class:`~kiosk.portrait.checks.PortraitAnalyser`)
  and tells the first thing to fix (:data:`GUIDANCE`, also spoken: ``photo.<code>`` prompts);
- takes the photo by itself once every check has held for ``hold_s`` seconds of frames
  (frame times, not the wall clock), judging that very frame again on the worker and making
  the photo from it (:class:`~kiosk.portrait.photo.PhotoMaker`: segmentation, crop, JPEG);
- shows it for confirmation, with ``retakes`` retakes;
- keeps the photo only until the journey is done with it: ``close()`` drops it.
"""
from __future__ import annotations

import logging
from enum import StrEnum

from kiosk.flows.notify import tap
from kiosk.journeys.base import Journey, N_, Notice
from kiosk.journeys.steps.camera import CameraFeed

log = logging.getLogger(__name__)

#: what the citizen is told, by guidance code (kiosk.portrait.checks.GUIDANCE, then "hold"
#: when everything holds and "starting" before the first answer)
GUIDANCE = {
    "starting": N_("请面向屏幕坐好，正视镜头"),
    "no_face": N_("请正对摄像头，把脸放进框内"),
    "one_face": N_("画面中只能有一个人，请其他人稍微让开"),
    "too_dark": N_("光线太暗：请正对屏幕，不要遮挡补光灯"),
    "too_bright": N_("光线太亮：请避开强光，稍微后退一点"),
    "closer": N_("请靠近一点"),
    "farther": N_("请离远一点"),
    "move_left": N_("请向左一点"),
    "move_right": N_("请向右一点"),
    "move_up": N_("请把头抬高一点"),
    "move_down": N_("请把头放低一点"),
    "glasses": N_("请摘下眼镜"),
    "eyes": N_("请睁开眼睛，看着镜头"),
    "level": N_("请把头摆正，不要歪头"),
    "still": N_("画面模糊，请保持不动"),
    "light": N_("脸上光线不均匀，请正对屏幕坐好"),
    "hold": N_("很好，请保持不动，马上拍照"),
    "capturing": N_("正在拍照，请保持不动"),
}


def _register_prompts() -> None:
    from kiosk.voice.prompts import PROMPTS

    for code, words in GUIDANCE.items():
        PROMPTS.register(f"photo.{code}", words)


_register_prompts()


class PhotoState(StrEnum):
    LIVE = "live"  # guiding, the camera's worker judging frames
    CAPTURING = "capturing"  # every check held: the worker makes the photo
    REVIEW = "review"  # the citizen sees the photo: confirm or retake
    UNAVAILABLE = "unavailable"  # no working camera (notice says so)


class PhotoStep:
    def __init__(self, journey: Journey, live_step: str, review_step: str, *,
                 rules=None) -> None:
        from kiosk.portrait.rules import PortraitRules

        self.journey = journey
        self.shell = journey.shell
        self.live_step, self.review_step = live_step, review_step
        self.rules = rules or PortraitRules()
        self.state = PhotoState.LIVE
        self.assessment = None  # the newest kiosk.portrait.checks.Assessment
        self.frame_size: tuple[int, int] | None = None
        self.photo = None  # kiosk.portrait.photo.Photo, until the journey takes it
        self.retakes_left = self.rules.retakes
        self.captures = 0  # photos made (a photo refused by its own checks counts too)
        self.rejected: list[str] = []  # the checks the last refused photo failed
        self.held_since: float | None = None  # frame time all checks started holding
        self.held_for = 0.0
        self._analyser = None
        self._maker = None
        self.feed = CameraFeed(journey, live_step, None, self._result)

    # ------------------------------------------------------------------ journey side
    @property
    def frames(self):
        """The camera's frame slot for the live picture (None until the camera gave it)."""
        return self.feed.frames

    @property
    def notice(self) -> Notice | None:
        return self.feed.notice

    @property
    def guidance(self) -> str:
        """The code of what to tell the citizen now (a key of :data:`GUIDANCE`)."""
        if self.state is PhotoState.CAPTURING:
            return "capturing"
        if self.assessment is None:
            return "starting"
        return self.assessment.guidance

    @property
    def voice_key(self) -> str:
        """The spoken prompt for what to do now (kiosk.voice ``photo.<guidance>``)."""
        return f"photo.{self.guidance}"

    @property
    def hold_progress(self) -> float:
        """0..1: how much of ``hold_s`` every check has held (the outline fills up)."""
        if self.state is PhotoState.CAPTURING:
            return 1.0
        return min(1.0, self.held_for / self.rules.hold_s) if self.rules.hold_s else 0.0

    def enter(self) -> bool:
        """Start the live picture (the journey goes to ``live_step``); False when there is no
        working camera."""
        self.state = PhotoState.LIVE
        self.assessment = None
        self._reset_hold()
        self.feed.analyser = self._live_analyser()
        if not self.feed.start():
            self.state = PhotoState.UNAVAILABLE
            return False
        return True

    def leave(self) -> None:
        self.feed.stop()

    @tap
    def retake(self) -> None:
        if not self.journey.at(self.review_step) or self.retakes_left <= 0:
            return
        self.retakes_left -= 1
        self.photo = None
        self.enter()
        self.journey.go(self.live_step)

    def take_photo(self):
        """The confirmed photo, handed over (the step keeps no copy)."""
        photo, self.photo = self.photo, None
        return photo

    # ------------------------------------------------------------------ device side
    def on_health(self) -> None:
        if not self.journey.at(self.live_step):
            return
        was = self.feed.notice
        self.feed.on_health()
        if self.feed.notice is None and was is not None:
            self.state = PhotoState.LIVE
        elif self.feed.notice is not None and not self.feed.running:
            self.state = PhotoState.UNAVAILABLE

    def close(self) -> None:
        self.feed.close()
        self.photo = None
        self.assessment = None
        self._reset_hold()

    # ------------------------------------------------------------------ internals
    def _live_analyser(self):
        if self._analyser is None:
            from kiosk.portrait.checks import PortraitAnalyser

            self._analyser = PortraitAnalyser(self.rules)
        return self._analyser

    def _photo_maker(self):
        if self._maker is None:
            from kiosk.portrait.photo import PhotoMaker

            self._maker = PhotoMaker(self.rules)
        return self._maker

    def _reset_hold(self) -> None:
        self.held_since = None
        self.held_for = 0.0

    def _result(self, analysed) -> None:
        from kiosk.portrait.photo import Captured

        result = analysed.result
        self.frame_size = (analysed.width, analysed.height)
        if isinstance(result, Captured):
            self._captured(result)
            return
        self.assessment = result
        if result.face is not None:
            self.shell.note_activity()  # someone sits in front of the camera: not idle
        if not result.ok:
            self._reset_hold()
            return
        if self.held_since is None:
            self.held_since = analysed.at
        self.held_for = analysed.at - self.held_since
        if self.held_for >= self.rules.hold_s:
            self.state = PhotoState.CAPTURING
            self.feed.analyser = self._photo_maker()

    def _captured(self, captured) -> None:
        self.assessment = captured.assessment
        photo = captured.photo
        self.feed.analyser = self._live_analyser()
        self.state = PhotoState.LIVE
        self._reset_hold()
        if photo is None:
            return  # the citizen moved just then: guide again
        self.captures += 1
        if not photo.ok:
            # the frame passed but the photo would not (a head the frame cuts off, a file
            # the size limit refuses): guide again, and say why in the log
            self.rejected = photo.failing()
            log.warning("photo refused by its own checks: %s", ", ".join(self.rejected))
            return
        self.rejected = []
        self.photo = photo
        self.state = PhotoState.REVIEW
        self.feed.stop()
        self.journey.go(self.review_step)
