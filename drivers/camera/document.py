"""The document camera (高拍仪) driver: a UVC camera (or stream) over the desk whose stills are
much larger than its preview.

Stills come from one of two places:

- ``still_path`` set (an HTTP camera): ``GET`` that path on the stream's server gives one
  full-resolution JPEG — what IP document cameras serve beside their preview stream (a
  ``snapshot.jpg``, mjpg-streamer's ``/?action=snapshot``); the simulator serves ``/still.jpg``;
- otherwise the next frame of the stream after the call (a camera that streams at its
  still resolution).
"""
from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from drivers.camera import SPEC as CAMERA_SPEC
from drivers.camera.device import UvcCamera
from drivers.core.errors import DeviceError, DeviceTimeout
from drivers.core.registry import DriverSpec, Option
from drivers.core.status import Recovery
from drivers.kinds.camera import Analysed
from drivers.kinds.document_camera import DocumentCamera

log = logging.getLogger(__name__)

#: a still larger than this is not a picture from a document camera
MAX_STILL_BYTES = 40_000_000


class StillFailed(DeviceError):
    """The camera answered the still's request with something that is not a picture."""

    code = "still_failed"
    state = None
    recovery = Recovery.RETRY
    message_zh = "高拍仪拍摄失败"


class UvcDocumentCamera(UvcCamera, DocumentCamera):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.still_path = str(self.options.get("still_path", "") or "")
        self.still_timeout = float(self.options.get("still_timeout", 20.0))

    def still_url(self) -> str | None:
        if not self.still_path or not self.port.startswith(("http://", "https://")):
            return None
        u = urlsplit(self.port)
        path, _, query = self.still_path.partition("?")
        return urlunsplit((u.scheme, u.netloc, path, query, ""))

    def capture_still(self) -> Any:
        url = self.still_url()
        if url is None:
            return super().capture_still()
        self._require_source()
        cv2 = _cv2()
        import numpy as np

        try:
            with urllib.request.urlopen(url, timeout=self.still_timeout) as r:
                data = r.read(MAX_STILL_BYTES + 1)
        except TimeoutError:
            raise DeviceTimeout(f"{self.name}: no still within {self.still_timeout:.1f}s") \
                from None
        except (urllib.error.URLError, OSError) as exc:
            raise StillFailed(f"{self.name}: still not served ({exc})") from None
        if len(data) > MAX_STILL_BYTES:
            raise StillFailed(f"{self.name}: still larger than {MAX_STILL_BYTES} bytes")
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise StillFailed(f"{self.name}: the still is not a JPEG/PNG picture "
                              f"({len(data)} bytes)")
        return image

    def analyse_still(self, fn: Callable[[Any], Any]) -> Analysed:
        from drivers.camera.device import AnalysisFailed

        still = self.capture_still()
        at = time.monotonic()
        try:
            result = fn(still)
        except DeviceError:
            raise
        except Exception as exc:
            log.exception("%s: still analysis failed", self.name)
            raise AnalysisFailed(f"{self.name}: analysis failed ({type(exc).__name__}; see the "
                                 "kiosk log)") from exc
        return Analysed(self._frames.seq, at, still.shape[1], still.shape[0], result)


def _cv2():
    from drivers.core.frames import load_cv2

    return load_cv2()


def _device_class(*args, **kwargs):
    return UvcDocumentCamera(*args, **kwargs)


def _simulator_factory(config, data_dir=None):
    from drivers.camera.docsim import simulator_for_config

    return simulator_for_config(config, data_dir)


_OPTIONS = dict(CAMERA_SPEC.options)
_OPTIONS.update({
    "width": Option(int, 800, "preview width asked of the camera"),
    "height": Option(int, 600, "preview height asked of the camera"),
    "still_path": Option(str, "", "HTTP cameras: the path on the stream's server that gives "
                         "one full-resolution JPEG (/snapshot.jpg, /?action=snapshot); empty: "
                         "the still is the next stream frame"),
    "still_timeout": Option(float, 20.0, "seconds a full-resolution still may take (a 12 MP "
                            "camera changes mode, exposes, compresses)"),
    "sim_scene": Option(str, "desk", "mock mode: unused (the simulator shows a desk; its "
                        "actions lay pages on it)"),
    "sim_still_width": Option(int, 2592, "mock mode: width of the simulated stills"),
    "sim_still_height": Option(int, 1944, "mock mode: height of the simulated stills"),
    "sim_document": Option(str, "", "mock mode: the page lying on the desk at start "
                           "(application, id_card, booklet, certificate; empty: none)"),
})

SPEC = DriverSpec(
    name="uvc_document_camera",
    kind="document_camera",
    description="document camera (高拍仪) through OpenCV: a low-resolution preview stream and "
                "full-resolution stills (a snapshot URL, or the stream's next frame)",
    device_class=_device_class,
    simulator_factory=_simulator_factory,
    options=_OPTIONS,
    port_help=CAMERA_SPEC.port_help,
    default_timeout=CAMERA_SPEC.default_timeout,
    check_port=CAMERA_SPEC.check_port,
)
