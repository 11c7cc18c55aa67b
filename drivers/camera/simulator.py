"""Mock mode for cameras: the MJPEG-over-HTTP simulator showing a configured scene."""
from __future__ import annotations

from pathlib import Path

from drivers.core.errors import ConfigError
from drivers.core.mjpeg import MjpegSimulator

#: what the simulator sends when the device asks for the camera's default size
DEFAULT_SIZE = (640, 480)


def simulator_for_config(config, data_dir: Path | None = None) -> MjpegSimulator:
    from drivers.camera.scenes import resolve_scene

    o = config.options
    try:
        scene = resolve_scene(o.get("sim_scene") or "test_pattern")
    except ValueError as exc:
        raise ConfigError("devices.toml", f"{config.name}.sim_scene", str(exc)) from None
    width, height = o.get("width") or 0, o.get("height") or 0
    if not (width and height):
        width, height = DEFAULT_SIZE
    return MjpegSimulator(config.name, scene, width=width, height=height,
                          fps=o.get("fps") or 15.0, quality=o.get("sim_quality", 85),
                          resolve_scene=resolve_scene)
