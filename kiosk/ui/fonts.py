"""A font that has Chinese, on any machine: bundled first, then the system's Noto CJK.

Without one, Qt draws Han characters as empty boxes ("tofu") and the kiosk is unusable, so
start-up makes sure a CJK family is loaded and sets it as the application font.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
#: families in order of preference (Simplified Chinese glyph shapes first)
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
             "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback")
KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
#: a character every CJK font has and Latin fonts do not
PROBE = "政"


def _has_han(family: str) -> bool:
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont(family)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # the family itself, no fallback
    return QFontMetrics(font).inFontUcs4(ord(PROBE))


def _add_files(paths) -> list[str]:
    from PySide6.QtGui import QFontDatabase

    families: list[str] = []
    for path in paths:
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid < 0:
            log.warning("could not load font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(fid))
    return families


def _pick(families) -> str | None:
    families = list(dict.fromkeys(families))
    for name in PREFERRED:
        if name in families and _has_han(name):
            return name
    for name in families:
        if _has_han(name):
            return name
    return None


def ensure_cjk_font(app, bundled_dir: Path = BUNDLED_DIR) -> str | None:
    """Load a CJK family and make it the application font; returns its name (None: none)."""
    from PySide6.QtGui import QFont, QFontDatabase

    family = None
    if bundled_dir.is_dir():
        files = [p for p in sorted(bundled_dir.iterdir())
                 if p.suffix.lower() in (".ttf", ".otf", ".ttc")]
        family = _pick(_add_files(files))
    if family is None:
        family = _pick([f for f in PREFERRED if f in QFontDatabase.families()])
    if family is None:
        family = _pick(_add_files(p for p in KNOWN_FILES if Path(p).is_file()))
    if family is None:
        log.error("no font with Chinese characters found (install fonts-noto-cjk or put a "
                  "font in %s): Chinese will not render", bundled_dir)
        return None
    font = QFont(app.font())
    font.setFamilies([family, *[f for f in PREFERRED if f != family]])
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    log.info("CJK font: %s", family)
    return family
