"""Cameras OpenCV opens: UVC cameras over V4L2 (portrait camera, document camera) and
network streams (MJPEG over HTTP, RTSP).

Modules: ``device`` (the driver, :class:`UvcCamera`), ``scenes`` (what the simulated camera
sees), ``simulator`` (mock mode: :class:`drivers.core.mjpeg.MjpegSimulator`). The frame
transport itself is :mod:`drivers.core.frames`. Nothing here imports OpenCV until a camera
is opened.
"""
from __future__ import annotations

from drivers.core.frames import check_source
from drivers.core.registry import DriverSpec, Option


def _device_class(*args, **kwargs):
    from drivers.camera.device import UvcCamera

    return UvcCamera(*args, **kwargs)


def _simulator_factory(config, data_dir=None):
    from drivers.camera.simulator import simulator_for_config

    return simulator_for_config(config, data_dir)


SPEC = DriverSpec(
    name="uvc_camera",
    kind="camera",
    description="camera through OpenCV: UVC/V4L2 (index or /dev path) or a stream URL "
                "(MJPEG over HTTP, RTSP)",
    device_class=_device_class,
    simulator_factory=_simulator_factory,
    options={
        "width": Option(int, 1280, "frame width asked of the camera (0 with height 0: its "
                        "default); frames of another size are reported as a fault"),
        "height": Option(int, 720, "frame height asked of the camera"),
        "fps": Option(float, 15.0, "frame rate asked of a V4L2 camera (0: its default)"),
        "fourcc": Option(str, "MJPG", "pixel format asked of a V4L2 camera: MJPG (1280x720 "
                         "and up at full rate over USB 2), YUYV, or empty for its default"),
        "exposure": Option(float, 0.0, "0: automatic exposure; otherwise fixed, in the "
                           "camera's units (V4L2 exposure_time_absolute: 100 µs)"),
        "white_balance": Option(int, 0, "0: automatic white balance; otherwise a colour "
                                "temperature in kelvin"),
        "frame_timeout": Option(float, 2.0, "no new frame for this many seconds: offline"),
        "frozen_after": Option(float, 3.0, "the very same picture for this many seconds: "
                               "stream frozen (0: never)"),
        "sim_scene": Option(str, "test_pattern", "mock mode: what the simulated camera sees "
                            "(a name in drivers.camera.scenes.SCENES, or module:attribute)"),
        "sim_quality": Option(int, 85, "mock mode: JPEG quality of the simulated stream"),
    },
    port_help="V4L2 index (0), device path (/dev/v4l/by-id/…-video-index0) or stream URL "
              "(http://…/stream.mjpg, rtsp://…)",
    default_timeout=5.0,
    check_port=check_source,
)

__all__ = ["SPEC"]
