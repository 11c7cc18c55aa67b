"""Where sound goes: an audio process that reads raw PCM on its stdin.

PySide6-Essentials (the binding the kiosk depends on) has no QtMultimedia — that module is
in PySide6-Addons, which the kiosk does not install — so playback is a child process:
``paplay`` where a PulseAudio/PipeWire server runs, else ``aplay`` (alsa-utils) on an ALSA
card. The kiosk
writes the samples into the child's stdin in 50 ms chunks from its voice thread: the Qt thread
never waits for audio, the first chunk written is "the first sample handed to the output",
and killing the child interrupts a prompt at once. Where there is neither, there is no sound
(one log line) and everything else works the same.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

#: argv templates; ``{rate}`` and ``{channels}`` come from the WAV, samples are s16le
PAPLAY = ("paplay", "--raw", "--format=s16le", "--rate={rate}", "--channels={channels}")
APLAY = ("aplay", "-q", "-t", "raw", "-f", "S16_LE", "-r", "{rate}", "-c", "{channels}", "-")


def alsa_cards(path: Path = Path("/proc/asound/cards")) -> int:
    """How many sound cards the kernel has (0 without ALSA or without a card)."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return 0
    return sum(1 for line in lines if line[:4].strip().isdigit())


def pulse_running(environ=os.environ) -> bool:
    if environ.get("PULSE_SERVER"):
        return True
    runtime = environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and Path(runtime, "pulse", "native").exists()


def detect_output(environ=os.environ) -> tuple[tuple[str, ...] | None, str]:
    """(argv template, why) for this machine's audio, or (None, why there is none)."""
    if pulse_running(environ) and shutil.which("paplay"):
        return PAPLAY, "paplay (PulseAudio/PipeWire)"
    if alsa_cards() and shutil.which("aplay"):
        return APLAY, "aplay (ALSA)"
    if not alsa_cards():
        return None, "no audio device (no sound card, no PulseAudio/PipeWire server)"
    return None, "no audio player (install alsa-utils for aplay)"


def command(template: tuple[str, ...] | list[str], rate: int, channels: int) -> list[str]:
    # replace, not str.format: other braces in an argument (a script) are left alone
    return [arg.replace("{rate}", str(rate)).replace("{channels}", str(channels))
            for arg in template]
