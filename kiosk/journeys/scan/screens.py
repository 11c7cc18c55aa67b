"""扫码办事's screens (Qt). Steps: kiosk.journeys.scan.flow; the ticket's result screens are
the ticket journey's."""
from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flows.state import KioskState
from kiosk.journeys.ticket.screens import DoneScreen, PrintFailedScreen, TicketWorkingScreen
from kiosk.ui import texts
from kiosk.ui.camera_steps import QrScanScreen
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import WorkingScreen
from kiosk.ui.widgets import label

ERRORS = {
    "scan_failed": (N_("暂时无法查询"),
                    N_("系统没有回应。您可以重试，或请工作人员帮助。")),
    "checkin_failed": (N_("暂时无法签到取号"),
                       N_("排队系统没有回应。您可以重试，或请工作人员帮助。")),
    "checkin_failed_refused": (N_("无法签到"),
                               N_("这个预约现在不能签到。请工作人员帮助您。")),
    "device_lost": (N_("扫码暂停"),
                    N_("{reason}。请使用其他自助机，或请工作人员帮助。")),
}

#: why an appointment cannot be checked in (ScanJourney.appointment_problem)
APPOINTMENT_PROBLEMS = {
    "not_found": N_("没有找到这个预约码对应的预约。请核对后再扫，或到窗口咨询。"),
    "checked_in": N_("这个预约已经签到过了。"),
    "other_day": N_("这个预约不是今天的，今天不能签到。"),
    "unknown_category": N_("本大厅不办理这项预约业务，请到窗口咨询。"),
}

CERTIFICATE_STATUS = {
    "valid": N_("✓ 真实有效"),
    "revoked": N_("⚠ 证照真实，但已被发证机关注销"),
    "expired": N_("⚠ 证照真实，但已过有效期"),
}


class ScanScreen(QrScanScreen):
    def scan_step(self, journey):
        return journey.scanner


class CheckingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        return tr("正在查询，请稍候……"), tr("正在向中心系统核对二维码。")


class AppointmentScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["business", "when", "code"])
        self.body.addWidget(frame)
        self.problem = label("notice", name="appointment_problem")
        self.body.addWidget(self.problem)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        problem = j.appointment_problem
        a = j.appointment or {}
        self.title.setText(tr("已找到您的预约") if a else tr("没有找到预约"))
        c = j.category
        self.rows.set("business", tr("业务"), texts.category_name(c, st) if c else
                      a.get("category", ""))
        self.rows.set("when", tr("预约时间"), f"{a.get('day', '')} {a.get('slot', '')}".strip())
        self.rows.set("code", tr("预约码"), a.get("code", "") or
                      (j.scanned.code if j.scanned else ""))
        words = tr(APPOINTMENT_PROBLEMS[problem]) if problem else ""
        if problem == "checked_in" and a.get("ticket_number"):
            words += tr("号码：{number}").format(number=a["ticket_number"])
        self.problem.setText("⚠ " + words if words else "")
        self.problem.setVisible(bool(words))
        actions = [self.action("btn_scan_again", tr("再扫一个"), "secondary",
                               self.on(lambda j: j.scan_again()))]
        if problem is None:
            actions.append(self.action("btn_check_in", tr("签到并取号"), "primary",
                                       self.on(lambda j: j.check_in())))
        else:
            actions.append(self.action("btn_home", tr("返回首页"), "primary", self.flow.go_home))
        self.actions.set_actions(actions, left=1)


class CertificateScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.verdict = label("title", name="verdict", align=Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.verdict)
        frame, grid = card_frame()
        self.frame = frame
        self.rows = Rows(grid, ["name", "holder", "issuer", "issued", "valid_to", "code"])
        self.body.addWidget(frame)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.certificate is None:
            return
        c = j.certificate
        self.title.setText(tr("电子证照核验结果"))
        if not c.genuine:
            self.verdict.setText(tr("✗ 查无此证照：这个二维码不是有效的电子证照"))
        else:
            self.verdict.setText(tr(CERTIFICATE_STATUS.get(c.status, CERTIFICATE_STATUS["valid"])))
        self.verdict.setProperty("role", "title")
        self.frame.setVisible(c.genuine)
        english = st.lang == "en"
        self.rows.set("name", tr("证照名称"), (c.name_en if english and c.name_en else c.name))
        self.rows.set("holder", tr("持证人"), c.holder)
        self.rows.set("issuer", tr("发证机关"), c.issuer_en if english and c.issuer_en
                      else c.issuer)
        self.rows.set("issued", tr("发证日期"), c.issued)
        self.rows.set("valid_to", tr("有效期至"), c.valid_to or tr("长期"))
        self.rows.set("code", tr("证照编号"), c.code)
        self.actions.set_actions([
            self.action("btn_scan_again", tr("再扫一个"), "secondary",
                        self.on(lambda j: j.scan_again())),
            self.action("btn_done", tr("完成"), "primary", self.flow.finish),
        ], left=1)


SCREENS = {
    "scan": ScanScreen,
    "checking": CheckingScreen,
    "appointment": AppointmentScreen,
    "certificate": CertificateScreen,
    "working": TicketWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
