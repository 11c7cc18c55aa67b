"""自助打印's screens (Qt). Steps: kiosk.journeys.certificates.flow."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.certificates.flow import KINDS
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import IdCardStepScreen, WorkingScreen
from kiosk.ui.widgets import Tile, label, replace_tiles

ERRORS = {
    "certificate_failed": (N_("证明暂时无法生成"),
                           N_("证明打印系统没有回应。您可以重试，或到窗口办理。")),
    "certificate_refused": (N_("本机无法打印这份证明"),
                            N_("请到窗口办理，工作人员会帮助您。")),
    "device_lost": (N_("打印暂停"), N_("{reason}。请到窗口办理，或请工作人员帮助。")),
}
#: why a print failed, by the printer's error code (drivers.cups.errors)
PRINT_PROBLEMS = {
    "paper_out": N_("打印机缺纸。"),
    "paper_jam": N_("打印机卡纸。"),
    "cover_open": N_("打印机舱门没有关好。"),
    "toner_empty": N_("打印机墨粉用完了。"),
    "printer_offline": N_("打印机没有响应。"),
    "timeout": N_("打印机没有响应。"),
    "disconnected": N_("打印机没有响应。"),
    "not_ready": N_("打印机没有响应。"),
    "queue_stopped": N_("打印机暂停服务。"),
    "not_confirmed": N_("打印机没有确认证明已经打出，请先看看出纸口。"),
}
PRINT_FAILED = N_("证明没有打印出来。")


def _title(j) -> str:
    return tr(KINDS[j.kind][0]) if j is not None and j.kind in KINDS else ""


def _period_words(j) -> str:
    if j is None or not j.period or j.period == "current":
        return tr("截至今天")
    if "/" in j.period:
        start, end = j.period.split("/")
        return tr("{start} 至 {end}").format(start=start, end=end)
    return tr("{year}年度").format(year=j.period)


class IdentifyScreen(IdCardStepScreen):
    def card_step(self, journey):
        return journey.idcard

    def texts(self) -> tuple[str, str]:
        j = self.journey
        explain = tr("请把身份证放在阅读器感应区上。证明按身份证上的信息查询，只打印本人的证明。")
        if j is not None and j.ssc_accepted:
            explain += "\n" + tr("只打印社保参保证明的，也可以插入社保卡。")
        if j is not None and j.ssc_unreadable:
            explain += "\n⚠ " + tr("这张社保卡读不出持卡人信息，请刷身份证。")
        return tr("自助打印：请刷身份证"), explain

    def actions_for(self, st, step) -> list[tuple]:
        actions = [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)]
        j = self.journey
        if st.mock and j is not None and j.ssc_accepted:
            actions.append(self.action("btn_simulate_ssc", tr("模拟插卡（演示）"), "secondary",
                                       self.on(lambda j: j.simulate_ssc())))
        return actions

    def render(self, st: KioskState) -> None:
        super().render(st)
        self.show_progress(self.journey)


class ChooseScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="hint")
        self.body.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid, 1)
        self.tiles: list[Tile] = []
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("请选择要打印的证明"))
        if j is None:
            return
        self.show_progress(j)
        holder = j.holder
        who = tr("已读取：{name}。").format(name=holder.masked_name) if holder else ""
        why = tr("证明由主管部门系统生成，带验证码和二维码，可扫码核验真伪。")
        self.hint.setText("\n".join(x for x in (who, why) if x))
        if j.by == "ssc":
            self.hint.setText(self.hint.text() + "\n" + tr("用社保卡只能打印社保参保证明；其他证明请刷身份证。"))
        key = (st.lang, st.elder, self.narrow)
        if key != self._key:
            self._key = key
            specs = [(f"kind_{kind}", tr(title), tr(sub),
                      self.on(lambda j, kind=kind: j.choose(kind)))
                     for kind, (title, sub) in KINDS.items()]
            self.tiles = replace_tiles(self.grid, self.tiles, specs, 1 if self.narrow and st.elder
                                else 2)
        for tile, kind in zip(self.tiles, KINDS):
            tile.setEnabled(j.allowed(kind))
        self.actions.set_actions(
            [self.action("btn_back", tr("返回首页"), "secondary", self.flow.back)], left=1)


class PeriodScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.hint = label("body", name="hint")
        self.body.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.body.addLayout(self.grid, 1)
        self.tiles: list[Tile] = []
        self._key: tuple = ()

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        self.show_progress(j)
        self.title.setText(tr("{title}：请选择期间").format(title=_title(j)))
        self.hint.setText(tr("证明列出所选期间的记录。"))
        options = j.periods()
        key = (st.lang, st.elder, self.narrow, j.kind, tuple(p for p, _, _ in options))
        if key != self._key:
            self._key = key
            specs = []
            for period, words, fields in options:
                sub = period.replace("/", " — ") if "/" in period else ""
                specs.append((f"period_{len(specs)}", tr(words).format(**fields), sub,
                              self.on(lambda j, p=period: j.choose_period(p))))
            self.tiles = replace_tiles(self.grid, self.tiles, specs, 1 if self.narrow else 3)
        self.actions.set_actions(
            [self.action("btn_back", tr("返回"), "secondary", self.flow.back)], left=1)


class CertificateWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        if working == "printing":
            return tr("正在打印……"), tr("请稍候，打印完成前不要离开。")
        return tr("正在生成证明……"), tr("正在从主管部门系统查询您的记录。")


class PreviewScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = self.turning(QHBoxLayout())
        row.setSpacing(40)
        self.page = QLabel()
        self.page.setObjectName("page_preview")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setProperty("role", "card")
        row.addWidget(self.page, 3)
        col = QVBoxLayout()
        col.setSpacing(18)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["kind", "period", "pages", "code"])
        col.addWidget(frame)
        self.note = label("body", name="note")
        col.addWidget(self.note)
        col.addStretch(1)
        row.addLayout(col, 4)
        self.body.addLayout(row, 1)
        self._shown: bytes | None = None

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("请核对证明"))
        doc = j.document if j is not None else None
        if doc is None:
            return
        self.show_progress(j)
        if doc.preview is not self._shown:
            self._shown = doc.preview
            pix = QPixmap()
            if doc.preview and pix.loadFromData(doc.preview, "PNG"):
                height = 430 if not self.narrow else 700
                self.page.setPixmap(pix.scaledToHeight(height,
                                                       Qt.TransformationMode.SmoothTransformation))
            else:
                self.page.setPixmap(QPixmap())
        if self.page.pixmap().isNull():
            self.page.setText(tr("无法显示预览，打印出来的证明不受影响。"))
        self.rows.set("kind", tr("证明"), _title(j))
        self.rows.set("period", tr("期间"), _period_words(j))
        self.rows.set("pages", tr("页数"), tr("共 {n} 页").format(n=doc.pages))
        self.rows.set("code", tr("验证码"), doc.code)
        self.note.setText(tr("上面是第 1 页。确认无误后点“打印”，证明从下方出纸口打出。"))
        self.actions.set_actions([
            self.action("btn_back", tr("重新选择"), "secondary", self.flow.back),
            self.action("btn_print", tr("打印"), "primary", self.on(lambda j: j.print_now()))],
            left=1)

    def wipe(self) -> None:
        super().wipe()
        self.page.setPixmap(QPixmap())
        self._shown = None


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.take = label("title", name="take_document", align=Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.take)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["kind", "pages", "code"])
        self.body.addWidget(frame)
        self.note = label("body", name="note")
        self.body.addWidget(self.note)
        self.body.addStretch(2)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("打印完成"))
        if j is None or j.document is None:
            return
        self.show_progress(j)
        pages = j.printed.pages if j.printed is not None else j.document.pages
        self.take.setText(tr("请取走您的证明，共 {n} 页").format(n=pages))
        self.rows.set("kind", tr("证明"), _title(j))
        self.rows.set("pages", tr("页数"), tr("共 {n} 页").format(n=pages))
        self.rows.set("code", tr("验证码"), j.document.code)
        self.note.setText(tr("办事单位可扫描证明上的二维码，或输入验证码核验真伪。"))
        self.actions.set_actions([
            self.action("btn_another", tr("打印其他证明"), "secondary",
                        self.on(lambda j: j.another())),
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))],
            left=1)


class PrintFailedScreen(ProblemScreen):
    personal = True

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("证明没有打印出来"))
        if j is None or j.document is None:
            return
        problem = tr(PRINT_PROBLEMS.get(j.failure or "", PRINT_FAILED))
        lines = [problem]
        if j.maybe_partial:
            lines.append(tr("如果出纸口有打出的纸张，请一并取走。"))
        if j.can_reprint:
            lines.append(tr("证明已经生成，不用重新查询。请点“重新打印”（可重打一次），"
                            "或点“呼叫工作人员”。"))
        else:
            lines.append(tr("打印机现在无法使用。请点“呼叫工作人员”，或凭验证码 {code} "
                            "到窗口打印。").format(code=j.document.code))
        self.message.setText("\n".join(lines))
        actions = []
        if j.can_reprint:  # offered only when it can work
            actions.append(self.action("btn_reprint", tr("重新打印"), "primary",
                                       self.on(lambda j: j.reprint())))
        actions += [
            self.action("btn_staff", tr("呼叫工作人员"),
                        "secondary" if j.can_reprint else "primary", self.flow.call_staff),
            self.action("btn_done", tr("结束"), "secondary", self.on(lambda j: j.finish())),
        ]
        self.actions.set_actions(actions, left=len(actions))


SCREENS = {
    "identify": IdentifyScreen,
    "choose": ChooseScreen,
    "period": PeriodScreen,
    "generating": CertificateWorkingScreen,
    "preview": PreviewScreen,
    "printing": CertificateWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
