"""Offline speech synthesis with eSpeak NG (the Debian package ``espeak-ng``).

Why eSpeak NG: it is a Debian package with Mandarin and English voices and no model files to
fetch, synthesises a sentence in ~30 ms on one core (a dynamic prompt such as a called number
is ready before the citizen notices), and its output is deterministic, so a cached WAV is
keyed by its text alone. Neural engines on the package registries (Piper, Kokoro, sherpa-onnx)
sound better but need voice weights that no registry package ships for Mandarin — a kiosk
that must work offline from a fresh install cannot depend on them.

Mandarin uses the ``cmn-latn-pinyin`` voice where it exists: in eSpeak NG 1.51 (Debian 12)
the plain ``cmn`` voice turns characters into tone-numbered pinyin and then reads that pinyin
as English ("好" → "hao two"; espeak-ng issues #1028, #1236).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import wave
from pathlib import Path

log = logging.getLogger(__name__)

#: kiosk language → eSpeak NG voices, best first (the first one installed is used)
VOICES: dict[str, tuple[str, ...]] = {
    "zh_CN": ("cmn-latn-pinyin", "cmn"),
    "en": ("en-gb", "en"),
}
#: words per minute: a little slower than eSpeak's 175, for a hall full of echoes
RATE = 150
SYNTH_TIMEOUT_S = 30.0
#: ticket numbers and other codes ("C023", "K01-C023"): read one character at a time
_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,3}\d[\dA-Za-z-]*")


class VoiceError(Exception):
    """Speech could not be made: one line saying why."""


def spoken_form(text: str) -> str:
    """``text`` as it should be read aloud: codes character by character ("C023" → "C 0 2 3",
    read "C 零 二 三" rather than "C 二十三"), dashes in them as a pause."""
    def spell(m: re.Match) -> str:
        return " ".join("," if ch == "-" else ch for ch in m.group(0))

    return _CODE.sub(spell, text)


class EspeakEngine:
    """Writes a WAV for a text in a kiosk language (``zh_CN``, ``en``) with espeak-ng."""

    name = "espeak-ng"

    def __init__(self, binary: str | None = None, rate: int = RATE) -> None:
        self.binary = binary or shutil.which("espeak-ng")
        self.rate = rate
        self._ident: str | None = None
        self._voices: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return bool(self.binary) and os.access(self.binary, os.X_OK)

    def _require(self) -> str:
        if not self.available:
            raise VoiceError("espeak-ng is not installed (Debian package espeak-ng; "
                             "packaging/setup.sh installs it): voice prompts stay silent")
        return self.binary

    def _run(self, *args: str, text: str | None = None) -> subprocess.CompletedProcess:
        try:
            return subprocess.run([self._require(), *args], capture_output=True,
                                   input=None if text is None else text.encode("utf-8"),
                                   timeout=SYNTH_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceError(f"espeak-ng did not run: {exc}") from None

    @property
    def ident(self) -> str:
        """The engine and its version: part of every cache key, so an upgrade re-renders."""
        with self._lock:
            if self._ident is None:
                out = self._run("--version").stdout.decode(errors="replace").strip()
                m = re.search(r"\d+(?:\.\d+)+", out)
                self._ident = f"espeak-ng {m.group(0) if m else out[:40]}"
            return self._ident

    def voice_for(self, lang: str) -> str:
        """The installed voice for a kiosk language (VoiceError for a language it lacks)."""
        with self._lock:
            if lang in self._voices:
                return self._voices[lang]
        wanted = VOICES.get(lang)
        if wanted is None:
            raise VoiceError(f"no voice for language {lang!r} (known: {', '.join(VOICES)})")
        listing = self._run("--voices").stdout.decode(errors="replace").splitlines()[1:]
        installed = {cols[1] for cols in (line.split() for line in listing) if len(cols) > 1}
        voice = next((v for v in wanted if v in installed), None)
        if voice is None:
            raise VoiceError(f"espeak-ng has none of the voices {', '.join(wanted)} for "
                             f"{lang}")
        with self._lock:
            self._voices[lang] = voice
        return voice

    def key(self, text: str, lang: str) -> str:
        """What a rendering depends on, hashed: engine, voice, rate and the words."""
        ident = f"{self.ident}\0{self.voice_for(lang)}\0{self.rate}\0{text}"
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:24]

    def synthesise(self, text: str, lang: str, dest: Path) -> Path:
        """Render ``text`` to the WAV file ``dest`` (written whole, then renamed into place,
        so a reader never sees half a file)."""
        voice = self.voice_for(lang)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".voice-", suffix=".wav", dir=dest.parent)
        os.close(fd)
        try:
            # -b 1: the text is UTF-8 whatever the locale; the text on stdin, so words that
            # start with "-" are never taken for options
            done = self._run("-b", "1", "-v", voice, "-s", str(self.rate), "-w", tmp,
                             text=spoken_form(text))
            if done.returncode != 0:
                err = done.stderr.decode(errors="replace").strip().splitlines()
                raise VoiceError(f"espeak-ng failed ({done.returncode}): "
                                 f"{err[0] if err else 'no message'}")
            try:
                with wave.open(tmp) as w:
                    if w.getnframes() == 0:
                        raise VoiceError(f"espeak-ng made no sound for {text!r}")
            except (wave.Error, EOFError) as exc:
                raise VoiceError(f"espeak-ng wrote no valid WAV: {exc}") from None
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return dest
