"""Rendered prompts on disk, keyed by language and a hash of the text (and engine, voice, rate).

    <root>/fixed/<lang>/<key>.wav     every fixed prompt, rendered at set-up (kept)
    <root>/dynamic/<lang>/<key>.wav   spoken numbers and other one-off words (the newest
                                      ``dynamic_max`` per language are kept)

``root`` is ``<data_dir>/voice``. A fixed prompt that set-up did not render (a journey added
since) is rendered on first use into ``fixed/``, like set-up would have.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from kiosk.voice.engine import EspeakEngine

log = logging.getLogger(__name__)

#: dynamic renderings kept per language: a day's called numbers are a few hundred at most,
#: and one is ~100 KB
DYNAMIC_MAX = 200


def voice_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "voice"


class PromptCache:
    def __init__(self, root: Path, engine: EspeakEngine | None = None,
                 dynamic_max: int = DYNAMIC_MAX) -> None:
        self.root = Path(root)
        self.engine = engine or EspeakEngine()
        self.dynamic_max = dynamic_max
        self._lock = threading.Lock()  # renders of one text from two threads: one file

    def path(self, text: str, lang: str, *, fixed: bool) -> Path:
        kind = "fixed" if fixed else "dynamic"
        return self.root / kind / lang / f"{self.engine.key(text, lang)}.wav"

    def get(self, text: str, lang: str, *, fixed: bool = False) -> tuple[Path, bool]:
        """The WAV for ``text`` in ``lang`` and whether it was rendered just now
        (VoiceError when it cannot be)."""
        with self._lock:
            stored = self.path(text, lang, fixed=True)
            if stored.is_file():
                return stored, False
            if not fixed:
                stored = self.path(text, lang, fixed=False)
                if stored.is_file():
                    os.utime(stored)  # recently used: kept longest
                    return stored, False
            self.engine.synthesise(text, lang, stored)
            if not fixed:
                self._prune(stored.parent)
            return stored, True

    def _prune(self, directory: Path) -> None:
        try:
            files = sorted(directory.glob("*.wav"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        for old in files[:-self.dynamic_max] if len(files) > self.dynamic_max else ():
            try:
                old.unlink()
            except OSError as exc:
                log.debug("voice cache: cannot remove %s: %s", old, exc)
