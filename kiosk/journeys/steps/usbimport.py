"""Import materials from the citizen's USB stick: "insert your stick" → the PDF/JPEG/PNG files
on it → pick one or more → re-rendered by the kiosk → :class:`Material` → "take your stick".

API (the journey composes it on three of its own steps)::

    from kiosk.journeys.steps.usbimport import UsbImport
    self.usb = self.uses(UsbImport(self, insert_step="usb", files_step="usb_files",
                                   take_step="usb_take"))
    self.usb.start("营业执照", on_done=self._imported, on_cancel=self._usb_cancelled,
                   max_bytes=None,   # the case server's limit for one page image, or None
                   name_en="Business licence")   # shown on English screens
    # start() goes to insert_step itself; on_done(Material) (source "usb": the chosen files'
    # pages, re-rendered, in one PDF) comes after the stick was unmounted AND taken out
    # (take_step waits for that); on_cancel() after 返回 (the stick, if in, is unmounted and
    # the citizen is asked to take it first).

    # screens.py of the journey:
    from kiosk.ui.usb_screens import UsbInsertScreen, UsbFilesScreen, UsbTakeScreen
    SCREENS = {"usb": UsbInsertScreen, "usb_files": UsbFilesScreen, "usb_take": UsbTakeScreen}
    # (they find the step as ``journey.usb``; override ``usb_step(journey)`` otherwise)

    # refused files: ``self.usb.refused`` [(name, problem code)] with words in PROBLEMS
    # (shown on the files and take-out screens); the journey need not show them again

The device is the ``usb_storage`` kind (drivers.kinds.usb_storage): list it in the journey's
``optional`` kinds; ``available`` says whether the port works now. Stick events reach the
step through the journey (``Journey.on_device_event`` forwards to steps registered with
``uses``). Mock mode: the screens' "模拟：插入U盘/拔出U盘" buttons drive the simulator.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from drivers.kinds.usb_storage import StickInserted, StickRemoved
from kiosk.flows.notify import event, tap
from kiosk.journeys.base import N_, Journey, Notice
from kiosk.journeys.steps.materials import Material

log = logging.getLogger(__name__)

KIND = "usb_storage"

#: why a file is not offered or not used: one line each (problem codes of the usb_storage
#: driver, drivers.usbstick)
PROBLEMS = {
    "not_allowed": N_("不是PDF、JPG或PNG文件"),
    "too_large": N_("文件太大"),
    "symlink": N_("是链接，不是文件"),
    "not_what_it_says": N_("文件内容与文件名不符"),
    "damaged": N_("文件已损坏，打不开"),
    "pdf_script": N_("PDF里有脚本，本机不接收，请另存为普通PDF"),
    "too_many_pages": N_("页数太多"),
    "picture_too_large": N_("图片太大"),
    "too_complex": N_("文件太复杂，无法处理"),
    "timeout": N_("文件处理超时"),
    "unreadable": N_("读取失败"),
}

#: what the citizen is told on each screen (also spoken: ``usb.<key>``)
WORDS = {
    "insert": N_("请把U盘插入下方的USB接口"),
    "pick": N_("请选择要提交的文件"),
    "take": N_("请取走您的U盘"),
}


def _register_prompts() -> None:
    from kiosk.voice.prompts import PROMPTS

    for key, words in WORDS.items():
        PROMPTS.register(f"usb.{key}", words)


_register_prompts()


class UsbImport:
    """See the module docstring for the API the journey uses."""

    def __init__(self, journey: Journey, insert_step: str, files_step: str,
                 take_step: str) -> None:
        self.journey = journey
        self.shell = journey.shell
        self.insert_step, self.files_step, self.take_step = insert_step, files_step, take_step
        self.material_name = ""
        self.material_name_en = ""  # shown on English screens when given
        self.max_bytes: int | None = None
        self.files: tuple = ()  # drivers.kinds.usb_storage.StickFile, as listed
        self.skipped: tuple = ()  # (name, problem) left out of the listing
        self.selected: list[str] = []  # in the order tapped: the PDF's order
        self.refused: list[tuple[str, str]] = []  # (name, problem) of files not usable
        self.importing = False
        self.material: Material | None = None  # made, until the stick is taken out
        self.label = ""
        self.stick_in = False  # a stick is mounted (listed), even one with nothing to offer
        self.notice: Notice | None = None
        self._on_done: Callable[[Material], None] | None = None
        self._on_cancel: Callable[[], None] | None = None

    # ------------------------------------------------------------------ journey side
    @property
    def available(self) -> bool:
        return self.journey.kind_up(KIND)

    def display_name(self, english: bool) -> str:
        return self.material_name_en if english and self.material_name_en else \
            self.material_name

    @property
    def too_many_files(self) -> bool:
        return any(problem == "too_many_files" for _, problem in self.skipped)

    def start(self, material_name: str, on_done: Callable[[Material], None],
              on_cancel: Callable[[], None], *, max_bytes: int | None = None,
              name_en: str = "") -> None:
        self.material_name, self.material_name_en = material_name, name_en
        self._on_done, self._on_cancel = on_done, on_cancel
        self.max_bytes = max_bytes
        self._forget()
        self.journey.go(self.insert_step)
        # a stick already in the port (put in before the citizen was asked): list it now
        self._list()

    # ------------------------------------------------------------------ taps
    @tap
    def toggle(self, name: str) -> None:
        if not self.journey.at(self.files_step) or self.importing:
            return
        if name in self.selected:
            self.selected.remove(name)
        elif any(f.name == name for f in self.files):
            self.selected.append(name)

    @tap
    def use_selected(self) -> None:
        """使用所选文件: re-render them on the port's worker; the PDF is made here."""
        if not self.journey.at(self.files_step) or not self.selected or self.importing:
            return
        self.importing = True
        self.notice = None
        self.journey.working = "usb_import"
        self.journey.device(KIND).import_files(list(self.selected), self.max_bytes).then(
            self._imported, self._import_failed)

    @tap
    def cancel(self) -> None:
        """返回: out of the step; a stick still in is unmounted and must be taken first."""
        if not self.journey.at(self.insert_step, self.files_step):
            return
        self.material = None
        if self.stick_in:
            self._eject()  # taken out before the citizen goes on
        else:
            self._finish()

    def mock_insert(self) -> None:
        self.journey.mock(KIND, "insert")

    def mock_remove(self) -> None:
        self.journey.mock(KIND, "remove")

    # ------------------------------------------------------------------ device side
    @event
    def on_device_event(self, ev: object) -> None:
        if isinstance(ev, StickInserted) and self.journey.at(self.insert_step):
            self.label = ev.label
            self._list()
        elif isinstance(ev, StickRemoved):
            self.stick_in = False
            if self.journey.at(self.insert_step) and self.notice is not None and \
                    self.notice.code == "usb_no_files":
                self.notice = None
            if self.journey.at(self.take_step):
                self._finish()
            elif self.journey.at(self.files_step):
                # pulled out while choosing: nothing was taken from it
                self._forget()
                self.notice = Notice("usb_removed")
                self.journey.go(self.insert_step)

    @event
    def on_device_error(self, kind: str, operation: str, error: BaseException,
                        recovery: str) -> None:
        # a stick we cannot mount (no filesystem we read, damaged) shows on the port's status
        # poll; the step's own requests answer through their Pending
        if kind == KIND and operation == "status" and self.journey.at(self.insert_step):
            self.notice = Notice("usb_unreadable", detail=getattr(error, "code", None))

    def on_health(self) -> None:
        pass

    def close(self) -> None:
        if self.stick_in:  # the session ends with the stick in: unmount it at least
            try:
                self.journey.device(KIND).eject().then(None, lambda exc: None)
            except Exception:
                log.debug("eject at close failed", exc_info=True)
        self._forget()
        self.material = None

    # ------------------------------------------------------------------ internals
    def _forget(self) -> None:
        self.files, self.skipped, self.selected, self.refused = (), (), [], []
        self.importing = False
        self.notice = None

    def _list(self) -> None:
        self.journey.device(KIND).list_files().then(self._listed, self._not_listed)

    def _listed(self, listing) -> None:
        if not self.journey.at(self.insert_step):
            return
        self.files, self.skipped = listing.files, listing.skipped
        self.stick_in = True
        self.selected = []
        self.notice = None if listing.files else Notice("usb_no_files")
        if listing.files:
            self.journey.go(self.files_step)

    def _not_listed(self, exc: BaseException) -> None:
        if getattr(exc, "code", None) == "no_media":
            return  # no stick yet: the insert screen waits for one
        log.warning("USB listing failed: %s", exc)
        if self.journey.at(self.insert_step):
            self.notice = Notice("usb_unreadable", detail=getattr(exc, "code", None))

    def _imported(self, imported) -> None:
        from kiosk.scanning.pdf import EncodedPage, pages_pdf

        self.importing = False
        self.journey.working = None
        if not self.journey.at(self.files_step):
            return
        pages: list[EncodedPage] = []
        self.refused = []
        for f in imported.files:
            if f.problem:
                self.refused.append((f.name, f.problem))
                continue
            pages += [EncodedPage(jpeg, 0, 0, dpi) for jpeg, dpi in zip(f.pages, f.dpi,
                                                                        strict=True)]
        if not pages:
            self.notice = Notice("usb_none_usable")
            self.selected = []
            return
        self.material = Material(self.material_name, pages_pdf(pages), len(pages), "usb")
        self._eject()

    def _import_failed(self, exc: BaseException) -> None:
        self.importing = False
        self.journey.working = None
        log.warning("USB import failed: %s", exc)
        if getattr(exc, "code", None) == "no_media":
            self._forget()
            self.notice = Notice("usb_removed")
            if self.journey.at(self.files_step):
                self.journey.go(self.insert_step)
            return
        self.notice = Notice("usb_unreadable", detail=getattr(exc, "code", None))

    def _eject(self) -> None:
        self.files, self.selected = (), []
        self.journey.go(self.take_step)
        # unmounted before the citizen is told to pull it; a failed unmount is logged (a
        # read-only mount loses nothing when pulled)
        self.journey.device(KIND).eject().then(None, self._eject_failed)

    def _eject_failed(self, exc: BaseException) -> None:
        log.warning("USB eject failed: %s", exc)

    def _finish(self) -> None:
        material, self.material = self.material, None
        self.stick_in = False
        self._forget()
        if material is not None:
            if self._on_done is not None:
                self._on_done(material)
        elif self._on_cancel is not None:
            self._on_cancel()
