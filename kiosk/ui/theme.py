"""Sizes and colours in one place: the normal theme and the elder-friendly (适老化) theme.

Reference screen: 1920×1080. Rules the tests hold every screen to:
- normal: tap targets ≥ 48 px (we use more), elder: ≥ 60 px and text ≥ 30 px;
- every text/background pair ≥ 4.5:1 contrast (WCAG 2.x relative luminance);
- no colour-only signals: a state is always also said in words or a symbol.
"""
from __future__ import annotations

from dataclasses import dataclass

MIN_TAP_NORMAL = 48
MIN_TAP_ELDER = 60
MIN_TEXT_ELDER = 30
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class Palette:
    bg: str
    surface: str
    text: str
    muted: str
    border: str
    primary: str
    on_primary: str
    secondary: str  # outlined buttons: text and border colour on surface
    danger: str
    on_danger: str
    ok: str
    on_ok: str
    disabled_bg: str
    disabled_text: str
    topbar: str
    on_topbar: str
    mock: str
    on_mock: str
    overlay_panel: str
    tag: str
    on_tag: str


@dataclass(frozen=True)
class Theme:
    name: str
    elder: bool
    small_px: int  # the smallest text on any screen
    body_px: int
    button_px: int
    title_px: int
    tile_title_px: int
    number_px: int  # the ticket number
    display_px: int  # keypad entry display
    tap_min: int  # smallest side of any tap target
    key_w: int
    key_h: int
    tile_min_h: int
    topbar_h: int
    margin: int
    spacing: int
    border_px: int
    radius: int
    colors: Palette

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(name, foreground, background) of every text colour on the background it sits on."""
        c = self.colors
        return [
            ("text/bg", c.text, c.bg), ("text/surface", c.text, c.surface),
            ("muted/bg", c.muted, c.bg), ("muted/surface", c.muted, c.surface),
            ("on_primary/primary", c.on_primary, c.primary),
            ("secondary/surface", c.secondary, c.surface),
            ("on_danger/danger", c.on_danger, c.danger), ("danger/surface", c.danger, c.surface),
            ("danger/bg", c.danger, c.bg),
            ("on_ok/ok", c.on_ok, c.ok), ("primary/surface", c.primary, c.surface),
            ("primary/bg", c.primary, c.bg),
            ("disabled_text/disabled_bg", c.disabled_text, c.disabled_bg),
            ("on_topbar/topbar", c.on_topbar, c.topbar), ("on_mock/mock", c.on_mock, c.mock),
            ("text/overlay_panel", c.text, c.overlay_panel),
            ("on_tag/tag", c.on_tag, c.tag),
        ]


NORMAL = Theme(
    name="normal", elder=False,
    small_px=20, body_px=24, button_px=26, title_px=38, tile_title_px=40, number_px=150,
    display_px=56, tap_min=64, key_w=120, key_h=84, tile_min_h=120, topbar_h=88,
    margin=36, spacing=20, border_px=2, radius=14,
    colors=Palette(
        bg="#F1F4F8", surface="#FFFFFF", text="#1B1F24", muted="#46505C", border="#B8C2CE",
        primary="#0A4FA3", on_primary="#FFFFFF", secondary="#0A4FA3",
        danger="#B3261E", on_danger="#FFFFFF", ok="#1E6B34", on_ok="#FFFFFF",
        disabled_bg="#E1E5EA", disabled_text="#3E4652",
        topbar="#0A3D7A", on_topbar="#FFFFFF", mock="#FFD400", on_mock="#111111",
        overlay_panel="#FFFFFF", tag="#7A4A00", on_tag="#FFFFFF",
    ),
)

#: elder mode: every text at least 1.5× the normal one (适老化: larger, fewer, calmer)
ELDER = Theme(
    name="elder", elder=True,
    small_px=30, body_px=36, button_px=40, title_px=57, tile_title_px=60, number_px=225,
    display_px=84, tap_min=96, key_w=160, key_h=104, tile_min_h=180, topbar_h=120,
    margin=32, spacing=24, border_px=3, radius=16,
    colors=Palette(
        bg="#FFFFFF", surface="#FFFFFF", text="#000000", muted="#262626", border="#000000",
        primary="#003A8C", on_primary="#FFFFFF", secondary="#003A8C",
        danger="#9B0000", on_danger="#FFFFFF", ok="#0F5A25", on_ok="#FFFFFF",
        disabled_bg="#E6E6E6", disabled_text="#262626",
        topbar="#002F6C", on_topbar="#FFFFFF", mock="#FFD400", on_mock="#000000",
        overlay_panel="#FFFFFF", tag="#6B3E00", on_tag="#FFFFFF",
    ),
)


def theme_for(elder: bool) -> Theme:
    return ELDER if elder else NORMAL


def _channel(v: int) -> float:
    c = v / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    h = color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def stylesheet(t: Theme) -> str:
    c = t.colors
    return f"""
* {{ font-size: {t.body_px}px; color: {c.text}; }}
QWidget#KioskRoot, QStackedWidget, QWidget[screen="true"] {{ background: {c.bg}; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {t.title_px}px; font-weight: 600; }}
QLabel[role="body"] {{ font-size: {t.body_px}px; }}
QLabel[role="step"] {{ font-size: {t.small_px}px; color: {c.on_primary}; background: {c.primary};
    border-radius: 8px; padding: 4px 14px; font-weight: 600; }}
QLabel[role="muted"] {{ font-size: {t.small_px}px; color: {c.muted}; }}
QLabel[role="note"] {{ font-size: {t.body_px}px; color: {c.text}; background: {c.surface};
    border: {t.border_px}px solid {c.border}; border-radius: {t.radius}px; padding: 12px 18px; }}
QLabel[role="notice"] {{ font-size: {t.body_px}px; color: {c.danger}; background: {c.surface};
    border: {t.border_px}px solid {c.danger}; border-radius: {t.radius}px; padding: 12px 18px; }}
QLabel[role="value"] {{ font-size: {t.title_px - 4}px; font-weight: 600; }}
QLabel[role="number"] {{ font-size: {t.number_px}px; font-weight: 700; color: {c.primary}; }}
QLabel[role="display"] {{ font-size: {t.display_px}px; font-weight: 600; background: {c.surface};
    border: {t.border_px}px solid {c.border}; border-radius: {t.radius}px; padding: 8px 24px; }}
QLabel[role="symbol"] {{ font-size: {t.title_px * 2}px; font-weight: 700; color: {c.danger}; }}
QLabel[role="symbol-ok"] {{ font-size: {t.title_px * 2}px; font-weight: 700; color: {c.ok}; }}
QLabel[role="tag"] {{ font-size: {t.small_px}px; font-weight: 600; color: {c.on_tag};
    background: {c.tag}; border-radius: 8px; padding: 4px 12px; }}
QFrame[role="card"] {{ background: {c.surface}; border: {t.border_px}px solid {c.border};
    border-radius: {t.radius}px; }}
QWidget#TopBar {{ background: {c.topbar}; }}
QWidget#TopBar QLabel {{ color: {c.on_topbar}; font-size: {max(t.small_px, t.body_px - 6)}px; }}
QWidget#TopBar QLabel[role="hall"] {{ font-size: {t.small_px + 2 if t.elder else t.title_px * 2 // 3}px;
    font-weight: 600; }}
QWidget#TopBar QPushButton {{ color: {c.on_topbar}; background: transparent;
    border: {t.border_px}px solid {c.on_topbar}; border-radius: {t.radius}px;
    font-size: {max(t.small_px, t.button_px - 10)}px; padding: 4px 16px; min-height: {t.tap_min}px;
    min-width: {t.tap_min}px; }}
QWidget#TopBar QPushButton[active="true"] {{ background: {c.on_topbar}; color: {c.topbar}; }}
QLabel#MockBanner {{ background: {c.mock}; color: {c.on_mock}; font-size: {t.small_px}px;
    font-weight: 700; padding: 4px; }}
QPushButton {{ font-size: {t.button_px}px; min-height: {t.tap_min}px; min-width: {t.tap_min}px;
    padding: 6px 28px; border-radius: {t.radius}px; background: {c.surface}; color: {c.secondary};
    border: {t.border_px}px solid {c.secondary}; }}
QPushButton[kind="primary"] {{ background: {c.primary}; color: {c.on_primary};
    border-color: {c.primary}; font-weight: 600; }}
QPushButton[kind="danger"] {{ background: {c.danger}; color: {c.on_danger};
    border-color: {c.danger}; font-weight: 600; }}
QPushButton[kind="key"], QPushButton[kind="key-word"] {{ font-size: {t.display_px - 8}px;
    font-weight: 600; color: {c.text}; border-color: {c.border}; min-width: {t.key_w}px;
    min-height: {t.key_h}px; padding: 0; }}
QPushButton[kind="key-word"] {{ font-size: {t.button_px}px; }}
QPushButton[kind="tile"] {{ background: {c.surface}; border: {t.border_px}px solid {c.border};
    min-height: {t.tile_min_h}px; padding: 16px; text-align: left; }}
QPushButton[kind="tile"] QLabel {{ color: {c.text}; }}
QPushButton[kind="tile"] QLabel[role="tile-title"] {{ font-size: {t.tile_title_px}px;
    font-weight: 700; color: {c.primary}; }}
QPushButton[kind="tile"] QLabel[role="tile-sub"] {{ font-size: {t.body_px}px; color: {c.muted}; }}
QPushButton:disabled {{ background: {c.disabled_bg}; color: {c.disabled_text};
    border-color: {c.disabled_text}; border-style: dashed; }}
QPushButton[kind="tile"] QLabel:disabled {{ color: {c.disabled_text}; }}
QPushButton[kind="tile"] QLabel[role="tile-status"] {{ font-size: {t.body_px}px;
    font-weight: 600; color: {c.disabled_text}; }}
QPushButton:pressed {{ background: {c.disabled_bg}; }}
QPushButton[kind="primary"]:pressed {{ background: {c.topbar}; }}
QWidget#Overlay {{ background: rgba(0, 0, 0, 150); }}
QFrame#OverlayPanel {{ background: {c.overlay_panel}; border-radius: {t.radius}px;
    border: {t.border_px}px solid {c.border}; }}
QScrollArea#ScreenScroll, QWidget#ScreenContent {{ background: transparent; }}
QScrollBar:vertical {{ width: {t.tap_min // 2}px; background: {c.disabled_bg}; }}
QScrollBar::handle:vertical {{ background: {c.muted}; min-height: {t.tap_min}px;
    border-radius: 6px; }}
QProgressBar {{ min-height: {t.small_px}px; max-height: {t.small_px}px; border-radius: 6px;
    background: {c.disabled_bg}; border: none; }}
QProgressBar::chunk {{ background: {c.primary}; border-radius: 6px; }}
"""
