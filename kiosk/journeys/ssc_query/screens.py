"""社保卡查询's screens (Qt). Steps: kiosk.journeys.ssc_query.flow."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.flows.state import KioskState
from kiosk.journeys.ssc.screens import APPLICATION_STATES, BUSINESS, CARD_STATUS
from kiosk.journeys.steps.idcard import CardStep
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.steps import CardPicture, WorkingScreen
from kiosk.ui.widgets import label

ERRORS = {
    "ssc_query_failed": (N_("暂时无法查询"),
                         N_("社保卡系统没有回应。您可以重试，或到人社窗口查询。")),
    "ssc_query_refused": (N_("没有查到"),
                          N_("请到人社窗口查询，工作人员会帮助您。")),
    "device_lost": (N_("查询暂停"), N_("{reason}。请到人社窗口查询。")),
}
NOTICES = {"ssc_blank": N_("这是一张还没有制作的空白卡，请插入您本人的社保卡。")}
#: a social-security card the reader could not read, in words (device error codes)
READ_ERRORS = {
    "wrong_card": N_("这张卡不是社保卡。请插入社保卡，芯片朝上、向里插。"),
    "card_removed": N_("卡片被拔出了，请重新插入，读完前不要拔卡。"),
}
OUTCOMES = {"bound": N_("制作中"), "written": N_("已制好"), "failed": N_("制作失败，已作废"),
            "taken": N_("已领取"), "retained": N_("由大厅保管，待领取")}


class InsertScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(48)
        row.addWidget(CardPicture(), 2)
        col = QVBoxLayout()
        col.setSpacing(18)
        self.explain = label("body", name="explain")
        self.status = label("note", name="card_status")
        self.notice = label("notice", name="notice")
        for w in (self.explain, self.status, self.notice):
            col.addWidget(w)
        col.addStretch(1)
        row.addLayout(col, 3)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("社保卡查询：请插卡或刷身份证"))
        if j is None:
            return
        ways = []
        if j.reader_up:
            ways.append(tr("把社保卡芯片朝上插入读卡器"))
        if j.idcard.state is not CardStep.UNAVAILABLE:
            ways.append(tr("把身份证放在阅读器感应区上"))
        if ways:
            self.explain.setText(tr("请{ways}。查询只看信息，不会改变您的卡。").format(
                ways=tr("，或").join(ways)))
        else:
            self.explain.setText(tr("读卡器暂时无法使用，请到人社窗口查询。"))
        self.status.setText(tr("等待插卡或刷卡……") if ways else "")
        self.status.setVisible(bool(ways))
        notice = self._notice(j)
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if st.mock and j.reader_up:
            actions.append(self.action("btn_simulate_ssc", tr("模拟插卡（演示）"), "secondary",
                                       self.on(lambda j: j.simulate_ssc())))
        if st.mock and j.idcard.state is CardStep.WAITING:
            actions.append(self.action("btn_simulate_card", tr("模拟刷证（演示）"),
                                       "secondary", self.on(lambda j: j.simulate_idcard())))
        self.actions.set_actions(actions, left=len(actions))

    def _notice(self, j) -> str:
        n = j.reader_notice
        if n is not None:
            if n.code in NOTICES:
                return tr(NOTICES[n.code])
            if n.detail in READ_ERRORS:
                return tr(READ_ERRORS[n.detail])
            return texts.notice_text(n)
        return texts.notice_text(j.idcard.notice)


class QueryWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        return tr("正在查询您的社保卡……"), tr("正在连接社保卡系统。")


class ResultScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["holder", "card", "status", "valid", "application",
                                "progress"])
        self.body.addWidget(frame)
        self.note = label("note", name="note")
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("社保卡查询结果"))
        if j is None or j.account is None:
            return
        acc = j.account
        cards = acc.get("cards") or []
        card = next((c for c in reversed(cards) if c["status"] in ("active", "at_hall")),
                    cards[-1] if cards else {})
        self.rows.set("holder", tr("持卡人"), acc.get("person", {}).get("name_masked", ""))
        self.rows.set("card", tr("卡号"), card.get("card_number_masked", ""))
        status = card.get("status", "")
        self.rows.set("status", tr("卡片状态"), tr(CARD_STATUS[status]) if status in CARD_STATUS
                      else status)
        self.rows.set("valid", tr("有效期至"), card.get("expiry_date", ""))
        app = acc.get("application")
        if app:
            business = tr(BUSINESS.get(app.get("business_type", ""), N_("补换卡")))
            state = app.get("state", "")
            self.rows.set("application", tr("补换卡申请"), "{} · {}".format(
                business, tr(APPLICATION_STATES[state]) if state in APPLICATION_STATES
                else state))
            steps = [f"{c.get('at', '')[:16].replace('T', ' ')} "
                     f"{tr(OUTCOMES.get(c['outcome'], c['outcome']))}"
                     for c in app.get("cards", [])]
            self.rows.set("progress", tr("制卡记录"), "\n".join(steps) or tr("还没有制卡"))
        else:
            self.rows.set("application", tr("补换卡申请"), tr("无"))
            self.rows.set("progress", tr("制卡记录"), tr("无"))
        self.note.setText(tr("卡丢了或坏了？可以在本机“社保卡补换卡”，约2分钟取新卡。"))
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))], left=0)


SCREENS = {"insert": InsertScreen, "working": QueryWorkingScreen, "result": ResultScreen}
