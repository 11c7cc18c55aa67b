"""A prompt's words in the spoken language, from the same catalogues the screens use.

Prompts are registered with their Chinese source text (``N_()``), so their English lives in
the registering journey's ``assets/i18n/<journey>_en.ts``. Read here from the .ts sources
(finished translations only) rather than through Qt's installed translator: the voice thread
and the set-up's ``build`` have no QApplication, and a prompt must be spoken in the language
it is asked for, whatever the screen has installed at that moment.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class Catalogue:
    """source → translation, per kiosk language, loaded once on first use."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._by_lang: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def _load(self, lang: str) -> dict[str, str]:
        from kiosk.ui.i18n import I18N_DIR, LANGUAGES, read_ts  # Qt-free helpers

        suffix = LANGUAGES.get(lang, (lang, lang))[0]
        directory = self.directory or I18N_DIR
        words: dict[str, str] = {}
        for path in sorted(directory.glob(f"*_{suffix}.ts")):
            try:
                words.update({s: t for s, (t, done) in read_ts(path).items() if done})
            except Exception as exc:  # noqa: BLE001 - a broken catalogue: its words unspoken
                log.warning("voice: cannot read %s: %s", path, exc)
        return words

    def translate(self, source: str, lang: str) -> str | None:
        """``source`` in ``lang``; the source itself for Chinese; None when untranslated."""
        if lang == "zh_CN":
            return source
        with self._lock:
            words = self._by_lang.get(lang)
            if words is None:
                words = self._by_lang[lang] = self._load(lang)
        return words.get(source)
