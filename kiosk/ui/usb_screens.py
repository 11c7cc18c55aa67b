"""Screens of the USB-stick step (:mod:`kiosk.journeys.steps.usbimport`): insert the stick,
pick the files, take the stick. A journey puts these in its SCREENS; they find the step as
``journey.usb`` (override :meth:`usb_step` for another attribute)."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.steps.usbimport import PROBLEMS, WORDS, UsbImport
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import ScreenBase
from kiosk.ui.widgets import TapButton, clear_layout, label

#: notes on the USB steps (Notice codes kiosk.journeys.steps.usbimport produces)
USB_NOTICES = {
    "usb_removed": N_("U盘已拔出，没有读取任何文件。需要时请重新插入。"),
    "usb_unreadable": N_("这个U盘读不出来。请换一个U盘，或选择扫描材料。"),
    "usb_no_files": N_("U盘里没有可以提交的PDF、JPG或PNG文件。"),
    "usb_none_usable": N_("所选文件都不能使用，请选择其他文件。"),
}


def usb_notice_words(notice) -> str:
    if notice is None:
        return ""
    words = USB_NOTICES.get(notice.code)
    return tr(words) if words else texts.notice_text(notice)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, n // 1000)} KB"


def problem_lines(refused) -> str:
    return "\n".join(tr("{name}：{problem}").format(name=name, problem=tr(PROBLEMS.get(
        problem, PROBLEMS["damaged"]))) for name, problem in refused)


class _UsbScreen(ScreenBase):
    personal = True  # the citizen's file names

    def usb_step(self, journey) -> UsbImport:
        return journey.usb


class UsbInsertScreen(_UsbScreen):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.guidance = label("title", name="guidance")
        self.explain = label("body", name="explain")
        self.notice = label("notice", name="notice")
        for w in (self.guidance, self.explain, self.notice):
            self.body.addWidget(w)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.usb_step(j)
        self.title.setText(tr("从U盘导入：{name}").format(name=step.display_name(st.english)))
        self.guidance.setText(tr(WORDS["insert"]))
        self.explain.setText(tr("可以提交PDF、JPG、PNG文件。本机只读取您选择的文件，"
                                "不会修改或保留U盘里的内容。"))
        words = usb_notice_words(step.notice)
        self.notice.setText("⚠ " + words if words else "")
        self.notice.setVisible(bool(words))
        actions = [self.action("btn_back", tr("返回"), "secondary",
                               self.on(lambda j: self.usb_step(j).cancel()))]
        if st.mock:
            actions.append(self.action("btn_simulate_usb", tr("模拟：插入U盘（演示）"),
                                       "secondary", self.on(lambda j: self.usb_step(j)
                                                            .mock_insert())))
        self.actions.set_actions(actions, left=len(actions))


class UsbFilesScreen(_UsbScreen):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="files_hint")
        self.body.addWidget(self.hint)
        # what went wrong with the last choice comes first: the list may scroll
        self.notice = label("notice", name="notice")
        self.body.addWidget(self.notice)
        self.list = QVBoxLayout()
        self.list.setSpacing(12)
        self.body.addLayout(self.list)
        self.more = label("muted", name="files_more")
        self.body.addWidget(self.more)
        self.body.addStretch(1)
        self._shown: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.usb_step(j)
        self.title.setText(tr("选择文件：{name}").format(name=step.display_name(st.english)))
        self.hint.setText(tr("点文件名选择，可以选多个，按点选的顺序合成一份材料。")
                          if not step.importing else tr("正在读取文件，请稍候……"))
        key = (tuple(f.name for f in step.files), tuple(step.selected), step.importing,
               st.lang)
        if key != self._shown:
            self._shown = key
            clear_layout(self.list)
            for i, f in enumerate(step.files):
                picked = f.name in step.selected
                mark = f"✓ {step.selected.index(f.name) + 1}  " if picked else "○  "
                b = TapButton(f"{mark}{f.name}  ({f.kind.upper()}, {_size(f.size)})",
                              "primary" if picked else "secondary", name=f"file_{i + 1}",
                              on_tap=self.on(lambda j, n=f.name: self.usb_step(j).toggle(n)))
                b.setEnabled(not step.importing)
                self.list.addWidget(b)
        others = len([s for s in step.skipped if s[0]])
        more = []
        if others:
            more.append(tr("另有 {n} 个文件不是可提交的类型或太大，未列出。").format(n=others))
        if step.too_many_files:
            more.append(tr("U盘里文件太多，只列出了一部分。"))
        self.more.setText("\n".join(more))
        self.more.setVisible(bool(more))
        words = usb_notice_words(step.notice)
        lines = ([("⚠ " + words)] if words else []) + \
            ([problem_lines(step.refused)] if step.refused else [])
        self.notice.setText("\n".join(lines))
        self.notice.setVisible(bool(lines))
        actions = [self.action("btn_back", tr("返回"), "secondary",
                               self.on(lambda j: self.usb_step(j).cancel()))]
        if step.selected and not step.importing:
            actions.append(self.action("btn_use_files", tr("使用所选文件"), "primary",
                                       self.on(lambda j: self.usb_step(j).use_selected())))
        self.actions.set_actions(actions, left=1)

    def wipe(self) -> None:
        super().wipe()
        clear_layout(self.list)
        self._shown = ()


class UsbTakeScreen(_UsbScreen):
    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.guidance = label("title", name="guidance")
        self.result = label("body", name="result")
        self.refused = label("notice", name="refused")
        for w in (self.guidance, self.result, self.refused):
            self.body.addWidget(w)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        step = self.usb_step(j)
        self.title.setText(tr("从U盘导入：{name}").format(name=step.display_name(st.english)))
        self.guidance.setText(tr(WORDS["take"]))
        m = step.material
        self.result.setText(tr("已读取 {n} 页，取走U盘后继续。").format(n=m.pages) if m else
                            tr("没有读取任何文件。"))
        self.refused.setText(problem_lines(step.refused))
        self.refused.setVisible(bool(step.refused))
        actions = []
        if st.mock:
            actions.append(self.action("btn_simulate_usb_out", tr("模拟：拔出U盘（演示）"),
                                       "secondary", self.on(lambda j: self.usb_step(j)
                                                            .mock_remove())))
        self.actions.set_actions(actions, left=len(actions))
