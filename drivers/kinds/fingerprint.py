"""Fingerprint pads: capture and 1:1 verification against a template from the central
identity service. Biometrics are never stored on the kiosk: templates live in memory for one
verification and are wiped.

Waiting mode ("place finger / lift / place again"): after ``arm()`` the pad is watched on its
worker and publishes ``FingerPlaced`` once per placement and ``FingerLifted`` when the finger
leaves (the ``finger`` axis follows: present/absent). A placement that was used by
``verify``/``capture`` does not fire again: the citizen lifts and places again, which is one
new ``FingerPlaced``. ``verify`` raises :class:`NoFinger` when the finger was lifted before the
capture and :class:`PoorImage` for a wet, dry or partial image (its ``reason`` says which the
module reported): the screen asks to lift and place again.

Templates: ``verify(template, format=None)`` takes the bytes the central identity service
sent; ``format`` names their format when the service says (one of :data:`FORMATS`). The
module's :meth:`FingerprintReader.capabilities` says which formats it can match: a module
that cannot match :data:`FORMAT_MINISTRY` (the ID card's fingerprint features, which only
certified modules match) has ``can_match_ministry_templates`` False, and ``verify`` of such a
template raises :class:`UnsupportedTemplate` without touching the sensor (the identity step
falls back to the face). The driver wipes its own copies of a template (frames, buffers);
the caller wipes its own buffer (:func:`wipe`) when its step ends, not after each try — a
citizen gets three.
"""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field

from drivers.core.errors import DeviceError
from drivers.core.events import DeviceEvent
from drivers.core.status import Recovery
from drivers.kinds.base import Axis, KindContract

#: ZFM/R30x/AS608 character file (what UpChar gives and DownChar takes), 512 bytes
FORMAT_ZFM = "zfm"
#: ADH-Tech GT-521F/GT-511 template (GetTemplate/SetTemplate/MakeTemplate), 498 bytes
FORMAT_GT521F = "gt521f"
#: the fingerprint features on the resident ID card (公安部 format): certified modules only
FORMAT_MINISTRY = "ministry"
FORMATS = (FORMAT_ZFM, FORMAT_GT521F, FORMAT_MINISTRY)

#: what ``verify`` returns for a match on a module that confirms a match without a score
MATCH_WITHOUT_SCORE = 1


@dataclass(frozen=True)
class FingerPlaced(DeviceEvent):
    pass


@dataclass(frozen=True)
class FingerLifted(DeviceEvent):
    pass


# ----------------------------------------------------------------------------- errors
class FingerprintError(DeviceError):
    """Base of what a fingerprint verification can run into besides the wire."""

    code = "fingerprint_error"
    state = None  # the citizen's finger, not the module: the device still works
    recovery = Recovery.RETRY
    message_zh = "指纹采集失败"


class NoFinger(FingerprintError):
    """No finger on the pad when the image was taken (lifted too early, never placed)."""

    code = "no_finger"
    message_zh = "请把手指放在指纹仪上"


class PoorImage(FingerprintError):
    """The module could not use the image: wet, dry or only part of the finger. ``reason``
    is one of ``messy`` (wet or smudged), ``too_few_features`` (dry, or partly placed),
    ``image_failed``, ``invalid_image``, ``bad_finger``."""

    code = "poor_image"
    message_zh = "指纹不清晰，请抬起手指再按一次"

    def __init__(self, message: str, *, reason: str = "image_failed", **kw) -> None:
        super().__init__(message, **kw)
        self.reason = reason


class UnsupportedTemplate(FingerprintError):
    """The template is in a format this module cannot match (a ministry template on an
    uncertified module): use another way (the face)."""

    code = "unsupported_template"
    recovery = Recovery.NONE
    message_zh = "本机无法比对此指纹"


class BadTemplate(FingerprintError):
    """The template has the wrong size for the module's format."""

    code = "bad_template"
    recovery = Recovery.NONE
    message_zh = "指纹模板无效"


class CaptureNotSupported(FingerprintError):
    code = "not_supported"
    recovery = Recovery.NONE
    message_zh = "本机不支持此操作"


# ------------------------------------------------------------------------ values
@dataclass(frozen=True)
class FingerprintCapabilities:
    """What this module was found able to do when it opened."""

    template_format: str  # its own format (FORMAT_ZFM, FORMAT_GT521F)
    template_size: int  # bytes of one template in that format
    can_match_ministry_templates: bool = False
    reports_score: bool = True  # False: a match is MATCH_WITHOUT_SCORE

    @property
    def formats(self) -> tuple[str, ...]:
        return (self.template_format,) + ((FORMAT_MINISTRY,)
                                          if self.can_match_ministry_templates else ())

    def can_match(self, fmt: str | None) -> bool:
        return fmt is None or fmt in self.formats

    def to_dict(self) -> dict:
        return {"template_format": self.template_format, "template_size": self.template_size,
                "can_match_ministry_templates": self.can_match_ministry_templates,
                "reports_score": self.reports_score}


@dataclass(frozen=True)
class SensorInfo:
    """The module's own figures (``kiosk fingerprint info``)."""

    model: str
    capacity: int  # templates its flash library can hold (the kiosk stores none)
    templates: int  # templates stored in it now (0 on a kiosk's module)
    security_level: int | None  # the module's match threshold level, None: not reported
    template_format: str

    def to_dict(self) -> dict:
        return {"model": self.model, "capacity": self.capacity, "templates": self.templates,
                "security_level": self.security_level, "template_format": self.template_format}


@dataclass(eq=False)
class Capture:
    """A template made from the finger on the pad (never an image). Wipe it when done."""

    template: bytearray = field(repr=False)
    format: str
    quality: str  # "good", "fair" or "poor" (accepted, but a weak match between impressions)
    #: the module's own figure behind ``quality`` where it gives one (ZFM: the match score
    #: of two impressions of the same placement), else None
    quality_score: int | None = None

    def wipe(self) -> None:
        wipe(self.template)


def wipe(buffer: bytearray | memoryview | None) -> None:
    """Overwrite a template buffer with zeros (bytes objects cannot be wiped: pass
    bytearrays around)."""
    if buffer is not None and not isinstance(buffer, bytes):
        buffer[:] = bytes(len(buffer))


class FingerprintReader(KindContract):
    kind = "fingerprint"
    OPERATIONS = ("arm", "disarm", "verify", "capture", "capabilities", "sensor_info")
    AXES = (Axis("finger"),)
    EVENTS = (FingerPlaced, FingerLifted)

    @abstractmethod
    def arm(self) -> None:
        """Watch for a finger (FingerPlaced / FingerLifted)."""

    @abstractmethod
    def disarm(self) -> None: ...

    @abstractmethod
    def verify(self, template: bytes | bytearray, format: str | None = None) -> int:
        """Capture the finger on the pad and compare it with ``template``: the match score
        (0: no match; MATCH_WITHOUT_SCORE for a match on a module without scores).
        NoFinger / PoorImage / UnsupportedTemplate / BadTemplate as above."""

    def capture(self) -> Capture:
        """A template of the finger on the pad (technician CLI; never stored)."""
        raise CaptureNotSupported(f"{self.name}: this module cannot hand out templates")

    def capabilities(self) -> FingerprintCapabilities:
        """What the module can match; found out when it opened."""
        return FingerprintCapabilities(template_format="unknown", template_size=0)

    def sensor_info(self) -> SensorInfo:
        """Model, library capacity, templates stored, security level (asked afresh)."""
        return SensorInfo(self.info.model, 0, 0, None, self.capabilities().template_format)
