"""The kiosk shell: one window, a top bar, the screens, the overlays — and no way out.

In kiosk mode the window is frameless, full screen and on top; closing (Alt+F4), Esc and
context menus do nothing and the cursor is hidden (touch screen). In development/mock mode
it is an ordinary window. Only :meth:`KioskWindow.shutdown` (signals, ``--quit-after``)
closes it.
"""
from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.flows.flow import KioskFlow
from kiosk.flows.state import KioskState, Screen
from kiosk.ui.i18n import Translations, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.shell_screens import (
    ErrorScreen,
    HomeScreen,
    OutOfServiceScreen,
    ProblemScreen,
    StaffHomeScreen,
    StaffLoginScreen,
)
from kiosk.ui.theme import stylesheet, theme_for
from kiosk.ui.widgets import Icon, Overlay, TapButton, Tile, TopBar, label

log = logging.getLogger(__name__)

MOCK_BANNER = "⚠ 模拟设备 MOCK DEVICES — 演示模式，未连接真实设备 / demo mode, no real devices"
LANGUAGE_BUTTON = {"en": "English", "zh_CN": "中文"}  # each named in its own language

_TAP_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_SWALLOWED = (QEvent.Type.ContextMenu, QEvent.Type.Wheel)
_CONTEXT_MENU = QEvent.Type.ContextMenu
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)


class KioskGuard(QObject):
    """Application-wide filter: every press is activity; menus and escape keys go nowhere."""

    def __init__(self, flow: KioskFlow, kiosk_mode: bool) -> None:
        super().__init__()
        self.flow = flow
        self.kiosk_mode = kiosk_mode

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        # called for every event of every widget (each paint of each label): the event
        # types are module constants, not looked up on QEvent.Type each time
        t = event.type()
        if t in _TAP_EVENTS:
            self.flow.note_activity()
        elif t == _CONTEXT_MENU:
            return True
        elif self.kiosk_mode and t in _KEY_EVENTS:
            return self._blocked_key(event)
        return False

    @staticmethod
    def _blocked_key(event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_F11, Qt.Key.Key_Menu,
                   Qt.Key.Key_Tab, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R):
            return True
        return bool(mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
                            | Qt.KeyboardModifier.MetaModifier))


#: how long the hall name must be held to open the staff PIN pad
STAFF_PRESS_MS = 3000


class LongPress(QObject):
    """Calls ``action`` when ``widget`` is held down for ``ms`` (released earlier: nothing)."""

    def __init__(self, widget: QWidget, ms: int, action) -> None:
        super().__init__(widget)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(ms)
        self.timer.timeout.connect(action)
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        t = event.type()
        if t in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.timer.start()
        elif t in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.Leave,
                   QEvent.Type.TouchCancel):
            self.timer.stop()
        return False


class KioskWindow(QWidget):
    first_home_frame = Signal()
    rendered = Signal(object)  # KioskState, after every render
    prewarmed = Signal()  # once every screen is made (the app freezes the GC's view there)

    def __init__(self, flow: KioskFlow, translations: Translations, *,
                 kiosk_mode: bool = False, speaker=None) -> None:
        super().__init__()
        self.flow = flow
        self.translations = translations
        self.kiosk_mode = kiosk_mode
        self._allow_close = False
        self._theme = None
        self._lang = None
        self._cursor_hidden = False
        self._had_session = False
        self._categories = None
        self._rendered: set[ScreenBase] = set()  # since they were last wiped
        self.setObjectName("KioskRoot")
        self.setWindowTitle("政务服务自助一体机")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.topbar = TopBar(flow.toggle_language, flow.toggle_elder, flow.call_staff,
                             flow.go_home, self._toggle_voice)
        root.addWidget(self.topbar)
        # the staff gate: a long press on the hall name (nothing shows it to citizens)
        self.staff_press = LongPress(self.topbar.hall, STAFF_PRESS_MS, flow.staff_gesture)
        self.banner = label("banner", MOCK_BANNER, wrap=True, name="MockBanner",
                            align=Qt.AlignmentFlag.AlignCenter)
        root.addWidget(self.banner)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        # 好差评 under every citizen journey's result (kiosk.ui.rating_bar)
        from kiosk.ui.rating_bar import RatingBar

        self.rating_bar = RatingBar(flow)
        root.addWidget(self.rating_bar)
        self.screens: dict[str, ScreenBase] = {}
        self._build_screens(flow)
        self.screens[Screen.HOME].painted.connect(self._home_painted_once)

        self.countdown = Overlay(self, "countdown")
        self.countdown_title = label("title", name="countdown_title")
        self.countdown_text = label("body", name="countdown_text")
        self.countdown_button = TapButton("", "primary", name="btn_still_here",
                                          on_tap=flow.touch)
        for w in (self.countdown_title, self.countdown_text, self.countdown_button):
            self.countdown.box.addWidget(w)
        # the last citizen's card is still on the reader: big, until it is lifted
        self.reminder = Overlay(self, "reminder")
        self.reminder_title = label("title", name="reminder_title")
        self.reminder_text = label("body", name="reminder_text")
        self.reminder_button = TapButton("", "secondary", name="btn_card_to_staff",
                                         on_tap=flow.hand_card_to_staff)
        for w in (self.reminder_title, self.reminder_text, self.reminder_button):
            self.reminder.box.addWidget(w)
        self.staff = Overlay(self, "staff")
        self.staff_title = label("title", name="staff_title")
        self.staff_text = label("body", name="staff_text")
        self.staff_button = TapButton("", "primary", name="btn_staff_ok",
                                      on_tap=flow.dismiss_staff)
        for w in (self.staff_title, self.staff_text, self.staff_button):
            self.staff.box.addWidget(w)

        self.guard = KioskGuard(flow, kiosk_mode)
        QApplication.instance().installEventFilter(self.guard)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._second)
        self._timer.start()
        from kiosk.voice import NullSpeaker

        self.speaker = speaker or NullSpeaker()  # 语音播报 (kiosk.voice)
        self._spoken: tuple | None = None
        self._unsubscribe = flow.subscribe(self.render)
        self.render(flow.state)
        from kiosk.ui.debug_geometry import install_geometry_dump

        install_geometry_dump(self)  # only with KIOSK_DEBUG_WIDGETS=FILE (live X11 test)

    def _build_screens(self, flow: KioskFlow) -> None:
        """The shell's screens now; each journey's screens when first shown, or ahead of time
        by :meth:`prewarm` (creating widgets is the slow part of a screen switch: a running
        kiosk makes them while its home screen waits for the first citizen)."""
        journey_errors = {}
        self._pending: dict[str, type] = {}
        self._prewarm_done = False
        for spec in flow.journeys.values():
            module = importlib.import_module(spec.screens)
            journey_errors[spec.name] = getattr(module, "ERRORS", {})
            for step, cls in module.SCREENS.items():
                self._pending[f"{spec.name}.{step}"] = cls
            if spec.audience == "citizen":  # the reasons of a low rating from the bar
                from kiosk.ui.rating import RatingScreen

                self._pending.setdefault(f"{spec.name}.rate", RatingScreen)
        for w in (HomeScreen(flow), OutOfServiceScreen(flow), StaffLoginScreen(flow),
                  StaffHomeScreen(flow), ErrorScreen(flow, journey_errors=journey_errors)):
            self._add_screen(w)

    def _add_screen(self, w: ScreenBase) -> ScreenBase:
        self.screens[w.key] = w
        self.stack.addWidget(w)
        # it paints its whole background itself (ScreenBase.paintEvent): nothing under it is
        # painted first
        w.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        if self.stack.currentWidget() is not w:
            w.setUpdatesEnabled(False)  # out of sight (see _show)
        w.narrow = bool(self.topbar.narrow)
        if self._theme is not None:
            self._restyle(w)
            w.apply_theme(self._theme)
        changed = getattr(w, "catalogue_changed", None)
        if changed is not None and self._categories:
            changed(self._categories)
        return w

    def screen_for(self, key: str) -> ScreenBase | None:
        """The screen for ``key``, made now if it was not yet."""
        w = self.screens.get(key)
        if w is None and key in self._pending:
            w = self._add_screen(self._pending.pop(key)(self.flow, key))
        return w

    def prewarm(self) -> None:
        """Make the journeys' screens one by one on idle turns of the event loop."""
        if self._allow_close:  # the window is closing
            return
        if not self._pending:
            if not self._prewarm_done:
                self._prewarm_done = True
                self.prewarmed.emit()
            return
        key = next(iter(self._pending))
        self.screen_for(key)
        QTimer.singleShot(0, self, self.prewarm)  # bound to the window: dies with it

    # ------------------------------------------------------------------ render
    def render(self, st: KioskState) -> None:
        if self._lang != st.lang:
            if not self.translations.set_language(st.lang) and st.lang != "zh_CN":
                log.warning("no %s translations: staying in Chinese", st.lang)
            self._lang = st.lang
        theme = theme_for(st.elder)
        if theme is not self._theme:
            self._apply_theme(theme)
        if st.journey is None and self._had_session:
            self.speaker.reset()  # the next citizen starts with the default voice setting
            # a screen holds what render() gave it, and only the screens rendered since they
            # were last wiped hold anything: going through every personal screen's labels
            # after each citizen was a fifth of the way back home (issue 18)
            current = self.screens.get(st.screen)
            for w in [w for w in self._rendered if w is not current]:
                self._rendered.discard(w)
                if w.personal:
                    w.wipe()
        self._had_session = st.journey is not None
        if st.categories is not self._categories:  # a (new) catalogue: make its tiles now,
            self._categories = st.categories       # between citizens, not on their first tap
            for w in self.screens.values():
                changed = getattr(w, "catalogue_changed", None)
                if changed is not None:
                    changed(st.categories)
        self._render_topbar(st)
        self.banner.setVisible(st.mock)
        screen = self.screen_for(st.screen)
        if screen is None:  # a journey step with no screen: a journey bug, not a crash
            log.error("no screen for %r; showing home", st.screen)
            screen = self.screens[Screen.HOME]
        self._restyle(screen)
        self._rendered.add(screen)
        screen.render(st)
        screen.show_progress(st.journey)
        if self.stack.currentWidget() is not screen:
            self._show(screen)
        # (not under a failure: its ways on come first, and they fill an elder screen)
        self.rating_bar.render(st, bool(self.topbar.narrow),
                               offer=not isinstance(screen, ProblemScreen))
        self._render_overlays(st)
        self._speak(st)
        self.rendered.emit(st)

    def _show(self, screen: ScreenBase) -> None:
        """Bring ``screen`` up in the stack. Screens out of sight have updates disabled:
        a page switch disables and re-enables updates on the whole stack, and that stops at
        a screen whose updates are off — otherwise it went through every widget of every
        screen made so far, twice, on each switch (issue 18)."""
        old = self.stack.currentWidget()
        screen.setUpdatesEnabled(True)
        if old is not None:
            old.setUpdatesEnabled(False)
        self.stack.setCurrentWidget(screen)

    def _apply_theme(self, theme) -> None:
        """A new theme (elder mode on or off). The style sheet is set on the top bar, the
        banner, the overlays and the screen on show — not on the window: a sheet set there
        re-polishes every widget of every screen made so far (~175 ms with all journeys'
        screens made, against < 50 ms asked), while a screen out of sight can take it when it
        next comes up (:meth:`_restyle`, a few ms)."""
        self._theme = theme
        self._sheet = stylesheet(theme)
        Icon.colors = (theme.colors.primary, theme.colors.disabled_text)
        Tile.theme = theme  # the frames it draws once and copies are this theme's
        for w in (self, self.stack):  # their background: a palette, not a cascading sheet
            pal = w.palette()
            pal.setColor(QPalette.ColorRole.Window, QColor(theme.colors.bg))
            w.setPalette(pal)
            w.setAutoFillBackground(True)
        for part in (self.topbar, self.banner, self.rating_bar, self.countdown, self.reminder,
                     self.staff):
            part.setStyleSheet(self._sheet)
        self._fit_topbar()
        for w in self.screens.values():
            w.apply_theme(theme)

    def _restyle(self, w: ScreenBase) -> None:
        """Give ``w`` the current style sheet if it has an older one (made or last shown
        before the theme changed)."""
        if getattr(w, "_sheet_of", None) is not self._theme:
            w._sheet_of = self._theme
            w.setStyleSheet(self._sheet)

    def _speak(self, st: KioskState) -> None:
        """Each screen's short prompt, once when it appears (a new screen interrupts the last
        prompt); a forgotten card is called out. Never blocks: the voice has its thread."""
        self.speaker.set_elder(st.elder)  # on by default in elder mode; acts on changes only
        what, fields = st.screen, {}
        j = st.journey
        if st.reminder:
            what = "idcard.left_on_reader"
        elif j is not None and st.screen == j.screen:
            # the journey may say more than its step: the guidance now ("move left"), and
            # its prompt's {fields} (the compartment to open)
            what = j.voice_key() or st.screen
            fields = j.voice_fields()
        if (what, st.lang, fields) != self._spoken:
            self._spoken = (what, st.lang, fields)
            self.speaker.say(what, st.lang, **fields)

    def _render_topbar(self, st: KioskState) -> None:
        bar = self.topbar
        bar.hall.setText(st.hall_name_en if st.english and st.hall_name_en else st.hall_name)
        other = "en" if st.lang == "zh_CN" else "zh_CN"
        bar.language.setText(LANGUAGE_BUTTON[other])
        bar.language.setEnabled(self.translations.available(other) or other == "zh_CN")
        bar.elder.setText(tr("关闭长辈模式") if st.elder else tr("长辈模式"))
        # the speaker symbol and a word: on/off is never said by colour alone
        # in words (the kiosk's fonts have no speaker symbols; on/off never by colour alone)
        on = self.speaker.enabled
        bar.voice.setText(tr("语音开") if on else tr("语音关"))
        bar.set_elder_active(st.elder)
        called = st.staff_called_at
        bar.staff.setText(tr("已呼叫 {time}").format(time=f"{called:%H:%M}") if called
                          else tr("呼叫工作人员"))
        # Home from anywhere in a journey or an error; not while the kiosk works for the
        # citizen (printing), and not on the home screens themselves
        away = st.screen not in (Screen.HOME, Screen.OUT_OF_SERVICE, Screen.STAFF_HOME)
        bar.home.setText(tr("首页"))
        bar.home.setVisible(away and not self.flow.busy)
        self._render_clock()

    def _render_clock(self) -> None:
        now = self.flow.clock()
        locale = QLocale(tr("zh_CN"))
        self.topbar.clock.setText(locale.toString(QDateTime(now), tr("M月d日 ddd HH:mm")))

    def _render_overlays(self, st: KioskState) -> None:
        if st.reminder and st.countdown is None:
            self.reminder_title.setText(tr("请取走您的身份证！"))
            self.reminder_text.setText(tr("您的身份证还在阅读器上。请把它拿走，以免遗失。"))
            self.reminder_button.setText(tr("这不是我的证件：通知工作人员"))
            self.reminder.cover()
            self.reminder.show()
        else:
            self.reminder.hide()
        if st.countdown is not None:
            self.countdown_title.setText(tr("您还在吗？"))
            self.countdown_text.setText(
                tr("{seconds} 秒后返回首页，并清除您刚才输入的信息。").format(seconds=st.countdown))
            self.countdown_button.setText(tr("我还在，继续办理"))
            self.countdown.cover()
            self.countdown.show()
        else:
            self.countdown.hide()
        if st.staff_called and st.countdown is None:
            if st.staff_after_hours:
                self.staff_title.setText(tr("现在是非办公时间"))
                self.staff_text.setText(tr("大厅工作人员已下班。需要帮助请拨打服务热线 {hotline}。")
                                        .format(hotline=self.flow.hotline))
            else:
                at = st.staff_called_at
                self.staff_title.setText(tr("已于 {time} 通知工作人员").format(
                    time=f"{at:%H:%M}" if at else ""))
                self.staff_text.setText(tr("工作人员正在赶来，请在本机旁稍候。"))
            self.staff_button.setText(tr("好的"))
            self.staff.cover()
            self.staff.show()
        else:
            self.staff.hide()

    def _second(self) -> None:
        self.flow.tick()
        self._render_clock()

    def _home_painted_once(self) -> None:
        # once per window: the home screen repaints all day, the first frame is news once
        self.screens[Screen.HOME].painted.disconnect(self._home_painted_once)
        self.first_home_frame.emit()

    #: below this width (a portrait kiosk) the top bar takes two rows and screens fewer columns
    NARROW_PX = 1400

    def _toggle_voice(self) -> None:
        self.speaker.set_enabled(not self.speaker.enabled)
        self.flow.touch()  # a tap: counts as activity, and re-renders the button

    def _fit_topbar(self) -> None:
        narrow = self.width() < self.NARROW_PX
        self.topbar.set_narrow(narrow)
        h = self._theme.topbar_h if self._theme else 88
        self.topbar.setFixedHeight(h * 2 - 16 if narrow else h)
        for w in self.screens.values():
            w.narrow = narrow

    # ------------------------------------------------------------------ lockdown
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        was = self.topbar.narrow
        self._fit_topbar()
        if was != self.topbar.narrow:
            self.render(self.flow.state)
        for o in (self.countdown, self.staff, self.reminder):
            if not o.isHidden():
                o.cover()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._allow_close or not self.kiosk_mode:
            self._timer.stop()
            self._unsubscribe()
            QApplication.instance().removeEventFilter(self.guard)
            self.translations.set_language("zh_CN")  # translators are application-wide
            self._lang = None
            if self._cursor_hidden:  # the override cursor is application-wide too
                self._cursor_hidden = False
                QApplication.restoreOverrideCursor()
            event.accept()
        else:
            log.info("close request ignored (kiosk mode)")
            event.ignore()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.kiosk_mode:
            event.accept()  # nothing on a keyboard leaves the kiosk
            return
        super().keyPressEvent(event)

    def show_kiosk(self, size=(1920, 1080)) -> None:
        if self.kiosk_mode:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint
                                | Qt.WindowType.WindowStaysOnTopHint)
            if not self._cursor_hidden:
                self._cursor_hidden = True
                QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self.showFullScreen()
        else:
            screen = QApplication.primaryScreen()
            w, h = size
            if screen is not None:
                avail = screen.availableGeometry()
                if avail.height() > avail.width():  # a portrait kiosk: an upright window
                    w, h = min(w, h), max(w, h)
                if avail.width() < w or avail.height() < h:
                    s = min(avail.width() / w, avail.height() / h) * 0.95
                    w, h = int(w * s), int(h * s)
                # never past the screen, whatever a screen's content asks for
                self.setMaximumSize(avail.size())
            self.resize(w, h)
            self.show()

    def shutdown(self) -> None:
        self._allow_close = True
        self.close()
