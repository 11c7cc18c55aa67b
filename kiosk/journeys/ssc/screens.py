"""社保卡补换卡's screens (Qt). Steps: kiosk.journeys.ssc.flow."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flows.state import KioskState
from kiosk.journeys.ssc.entry import CODE_LEN, ID_LEN, group_id, id_problem, valid_id_number
from kiosk.journeys.steps.idcard import CardStep
from kiosk.ui import texts
from kiosk.ui.i18n import N_, tr
from kiosk.ui.screen_base import Rows, ScreenBase, card_frame
from kiosk.ui.shell_screens import ProblemScreen
from kiosk.ui.steps import CardPicture, KeypadStepScreen, WorkingScreen
from kiosk.ui.widgets import label

#: this journey's error codes → (title, message)
ERRORS = {
    "ssc_failed": (N_("暂时无法办理社保卡"),
                   N_("社保卡系统没有回应。您可以重试，或到人社窗口办理。")),
    "ssc_refused": (N_("无法在本机办理"),
                    N_("请到人社窗口办理，工作人员会帮助您。")),
    "device_lost": (N_("补换卡暂停"),
                    N_("{reason}。请到人社窗口办理，或请工作人员帮助。")),
}

CARD_STATUS = {"active": N_("正常"), "lost": N_("已挂失"), "replaced": N_("已补换"),
               "at_hall": N_("新卡待领取"), "cancelled": N_("已作废")}
APPLICATION_STATES = {"open": N_("已受理，等待制卡"), "card_bound": N_("正在制卡"),
                      "written": N_("新卡已制好，等待领取"), "delivered": N_("新卡已领取"),
                      "retained": N_("新卡已回收保管，请到窗口领取"),
                      "cancelled": N_("已取消")}
BUSINESS = {"03": N_("挂失补卡（换新卡号）"), "07": N_("换卡（卡号不变）")}
#: what went wrong with the issue, in words (kiosk.journeys.ssc.issuing failure codes)
FAILURES = {
    "hopper_empty": N_("本机的空白卡用完了。"),
    "card_jam": N_("发卡机里有卡片卡住了，工作人员会取出处理。"),
    "reject_bin_full": N_("发卡机的回收箱满了。"),
    "dispenser": N_("发卡机没有正常工作。"),
    "reader": N_("读卡器没有读到新卡。"),
    "not_blank": N_("发卡机送出的不是空白卡。"),
    "server": N_("社保卡系统暂时连接不上。"),
    "write_failed": N_("新卡写入没有成功。"),
    "verify": N_("新卡核对没有通过。"),
    "storage": N_("本机暂时无法保存制卡记录。"),
}
PROBLEMS = {
    "ssc_code_wrong": N_("验证码不正确，请核对短信后重新输入。"),
    "ssc_code_expired": N_("验证码已失效，请点“重新发送”。"),
    "invalid_id": N_("这不是有效的身份证号码，请检查。"),
    "ssc_foreign_card": N_("这张证件不能用来办理社保卡。请点“输入身份证号码”。"),
}


def where_text(j) -> str:
    c = j.window() if j is not None else None
    if c is None:
        return tr("人社窗口")
    return tr("{floor}楼 {windows} 号人社窗口").format(floor=c.floor, windows=c.windows)


class IdentifyScreen(ScreenBase):
    """Read the ID card — or type the number (an SMS code then proves it)."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        row.setSpacing(48)
        self.picture = CardPicture()
        row.addWidget(self.picture, 2)
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
        if j is None:
            return
        reader = j.card
        self.title.setText(tr("社保卡补换卡：请刷身份证"))
        self.explain.setText(tr("请把本人居民身份证放在阅读器感应区上。没带身份证，请点“输入身份证号码”，"
                                "我们会发验证码到您登记的手机。"))
        status = ""
        if reader.state is CardStep.WAITING:
            status = tr("等待刷卡……")
        elif reader.state is CardStep.UNAVAILABLE:
            status = tr("身份证阅读器暂时无法使用，请输入身份证号码。")
        elif reader.holder is not None:
            status = tr("已读取：{name}").format(name=reader.holder.masked_name)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        notice = tr(PROBLEMS[reader.notice.code]) if reader.notice and \
            reader.notice.code in PROBLEMS else texts.notice_text(reader.notice)
        self.notice.setText("⚠ " + notice if notice else "")
        self.notice.setVisible(bool(notice))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if st.mock and reader.state is CardStep.WAITING:
            actions.append(self.action("btn_simulate_card", tr("模拟刷证（演示）"), "secondary",
                                       self.on(lambda j: j.simulate_card())))
        actions.append(self.action("btn_type_id", tr("输入身份证号码"), "primary",
                                   self.on(lambda j: j.type_id())))
        self.actions.set_actions(actions, left=len(actions) - 1)


class IdNumberScreen(KeypadStepScreen):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        # 18 characters do not fit the keypad's big digits beside the keypad in elder mode
        self.display.setProperty("role", "value")

    def entry(self, journey):
        return journey.id_entry

    def render(self, st: KioskState) -> None:
        j = self.journey
        value = j.id_entry.value if j else ""
        self._keys()
        self.keypad.set_letters(("X",), 1)
        self.title.setText(tr("请输入身份证号码"))
        self.display.setText(group_id(value + "_" * (ID_LEN - len(value))))
        self.display.setAccessibleName(value)
        self.hint.setText(tr("18位，最后一位可能是 X。验证码会发到您在社保登记的手机上。"))
        problem = id_problem(value)
        self.show_line(self.problem, "⚠ " + tr(PROBLEMS[problem]) if problem else None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_next", tr("获取验证码"), "primary", self.on(lambda j: j.id_next())),
        ], left=1)
        self.actions.buttons["btn_next"].setEnabled(valid_id_number(value))


class CodeScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.code

    def render(self, st: KioskState) -> None:
        j = self.journey
        value = j.code.value if j else ""
        self._keys()
        self.keypad.set_letters((), 1)
        self.title.setText(tr("请输入短信验证码"))
        self.display.setText(" ".join(value + "_" * (CODE_LEN - len(value))))
        self.display.setAccessibleName(value)
        sms = (j.sms or {}) if j else {}
        hint = tr("验证码已发送到 {mobile}，5分钟内有效。").format(
            mobile=sms.get("mobile_masked", ""))
        if st.mock and sms.get("demo_code"):
            hint += "\n" + tr("演示：验证码是 {code}").format(code=sms["demo_code"])
        self.hint.setText(hint)
        problem = j.problem if j else None
        self.show_line(self.problem, "⚠ " + tr(PROBLEMS[problem])
                       if problem in PROBLEMS else None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_resend", tr("重新发送"), "secondary",
                        self.on(lambda j: j.resend_code())),
            self.action("btn_next", tr("下一步"), "primary", self.on(lambda j: j.code_next())),
        ], left=2)
        self.actions.buttons["btn_next"].setEnabled(len(value) == CODE_LEN)


class SscWorkingScreen(WorkingScreen):
    def words(self, working: str | None) -> tuple[str, str]:
        words = {
            "sending_code": (tr("正在发送验证码……"), tr("请留意手机短信。")),
            "checking_code": (tr("正在核对验证码……"), ""),
            "looking_up": (tr("正在查询您的社保卡……"), tr("正在连接社保卡系统。")),
            "reporting_loss": (tr("正在办理挂失……"), ""),
            "opening": (tr("正在准备制卡信息……"), tr("正在连接社保卡系统。")),
            "printing": (tr("正在打印凭条……"), tr("凭条从下方出票口送出。")),
        }
        return words.get(working or "", (tr("请稍候……"), ""))


class IssuingScreen(WorkingScreen):
    """The card is being made: which stage, and that it takes about two minutes."""

    def words(self, working: str | None) -> tuple[str, str]:
        stay = tr("制卡约需2分钟，请不要离开。")
        words = {
            "checking": (tr("正在检查发卡机……"), stay),
            "dispensing": (tr("正在出卡……"), stay),
            "writing": (tr("正在写卡……"), stay),
            "verifying": (tr("正在核对新卡……"), tr("马上就好。")),
            "ejecting": (tr("正在送出新卡……"), tr("请准备在出卡口取卡。")),
            "capturing": (tr("正在回收卡片……"), tr("卡片会保存在本机，不会被他人取走。")),
        }
        return words.get(working or "", (tr("正在制卡，请稍候……"), stay))


class AccountScreen(ScreenBase):
    """The person's current card and what can be done with it."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["holder", "card", "status", "valid", "application"])
        self.body.addWidget(frame)
        self.note = label("note", name="note")
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("您的社保卡"))
        if j is None or j.account is None:
            return
        person = j.account.get("person", {})
        card = j.current_card or (j.account.get("cards") or [{}])[-1]
        self.rows.set("holder", tr("持卡人"), person.get("name_masked", ""))
        self.rows.set("card", tr("卡号"), card.get("card_number_masked", ""))
        status = card.get("status", "")
        self.rows.set("status", tr("卡片状态"), tr(CARD_STATUS[status]) if status in CARD_STATUS
                      else status)
        self.rows.set("valid", tr("有效期至"), card.get("expiry_date", ""))
        app = j.account.get("application")
        state = (app or {}).get("state", "")
        self.rows.set("application", tr("补换卡申请"),
                      tr(APPLICATION_STATES[state]) if state in APPLICATION_STATES else tr("无"))
        actions = [self.action("btn_back", tr("返回"), "secondary", self.flow.back)]
        if j.open_application is not None:
            note = tr("您有一个未完成的补换卡申请，可以继续办理。")
            actions.append(self.action("btn_resume", tr("继续办理"), "primary",
                                       self.on(lambda j: j.resume())))
        elif j.retained_application is not None:
            note = tr("您的新卡已制好，由大厅保管。请凭身份证到{where}领取。").format(
                where=where_text(j))
        elif j.current_card is None:
            note = tr("没有可以补换的社保卡，请到{where}咨询。").format(where=where_text(j))
        else:
            note = tr("卡丢了：先挂失，再当场补一张新卡（新卡号）。卡坏了：当场换一张新卡（卡号不变）。")
            actions.append(self.action("btn_damaged", tr("换卡（卡已损坏）"), "secondary",
                                       self.on(lambda j: j.choose("damaged"))))
            actions.append(self.action("btn_lost", tr("挂失并补卡"), "primary",
                                       self.on(lambda j: j.choose("lost"))))
            if status == "lost":
                note = tr("这张卡已经挂失。现在可以补一张新卡。")
        self.note.setText(note)
        self.actions.set_actions(actions, left=len(actions) - 1)
        if "btn_damaged" in self.actions.buttons:
            self.actions.buttons["btn_damaged"].setEnabled(j.can("damaged"))


class LossScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.message = label("body", name="message")
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("确认挂失"))
        card = (j.current_card or {}) if j else {}
        self.message.setText(tr(
            "挂失后，卡号 {card} 的社保卡立即停止使用，找到了也不能再用。\n"
            "挂失后会为您当场制作一张新卡（新卡号）。").format(
                card=card.get("card_number_masked", "")))
        self.actions.set_actions([
            self.action("btn_back", tr("返回"), "secondary", self.flow.back),
            self.action("btn_confirm_loss", tr("确认挂失"), "primary",
                        self.on(lambda j: j.confirm_loss())),
        ], left=1)


class PhotoScreen(ScreenBase):
    """The photo on the new card: the one on record (taking one here is another journey's)."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.message = label("body", name="message")
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        if j.photo_missing:
            self.title.setText(tr("需要照片"))
            self.message.setText(tr("年满7周岁的社保卡需要照片，您的档案里还没有照片。\n"
                                    "请到{where}拍照办理。").format(where=where_text(j)))
            self.actions.set_actions([
                self.action("btn_cancel", tr("我知道了"), "primary",
                            self.on(lambda j: j.cancel()))], left=0)
            return
        self.title.setText(tr("使用档案照片"))
        self.message.setText(tr("新卡将使用您档案中的照片（上次办卡时的照片）。"))
        self.actions.set_actions([
            self.action("btn_cancel", tr("取消"), "secondary", self.on(lambda j: j.cancel())),
            self.action("btn_use_photo", tr("使用档案照片"), "primary",
                        self.on(lambda j: j.use_photo())),
        ], left=1)


class FeeScreen(ScreenBase):
    """PLACEHOLDER: paying the fee by QR code is not built; no fee is due in the demo data,
    so this step only says where to pay and stops."""

    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.message = label("body", name="message")
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None:
            return
        fen = int((j.application or {}).get("fee_due_fen") or 0)
        self.title.setText(tr("需要缴费"))
        self.message.setText(tr("补卡需缴费 {yuan} 元。本机暂不支持扫码缴费，请到{where}缴费办理。").format(
            yuan=f"{fen / 100:.2f}", where=where_text(j)))
        self.actions.set_actions([
            self.action("btn_cancel", tr("我知道了"), "primary", self.on(lambda j: j.cancel()))],
            left=0)


class ConfirmScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["business", "holder", "card", "valid", "photo"])
        self.body.addWidget(frame)
        self.note = label("note", name="note")
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("请确认制卡信息"))
        if j is None or j.application is None:
            return
        app = j.application
        business = app.get("business_type", "")
        self.rows.set("business", tr("业务"), tr(BUSINESS[business]) if business in BUSINESS
                      else business)
        self.rows.set("holder", tr("持卡人"), (app.get("holder") or {}).get("name_masked", ""))
        self.rows.set("card", tr("新卡卡号"), app.get("card_number_masked", ""))
        self.rows.set("valid", tr("有效期"), tr("{start} 至 {end}").format(
            start=app.get("issue_date", ""), end=app.get("expiry_date", "")))
        photo = app.get("photo")
        self.rows.set("photo", tr("照片"), tr("档案照片") if photo == "on_record" else tr("不需要"))
        self.note.setText(tr("点“开始制卡”后约2分钟出卡，请不要离开。新卡从出卡口送出。"))
        self.actions.set_actions([
            self.action("btn_cancel", tr("取消"), "secondary", self.on(lambda j: j.cancel())),
            self.action("btn_start_issue", tr("开始制卡"), "primary",
                        self.on(lambda j: j.start_issue())),
        ], left=1)


class CardOutPicture(QWidget):
    """A card coming out of a slot, drawn (no image files)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(360, 260)
        self.color = QColor("#0A4FA3")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        s = min(w / 360, h / 260)
        p.translate((w - 360 * s) / 2, (h - 260 * s) / 2)
        p.scale(s, s)
        p.setPen(QPen(self.color, 6))
        p.setBrush(QColor("#DCE8F7"))
        p.drawRoundedRect(QRectF(110, 30, 140, 150), 10, 10)  # the card, half out
        p.setBrush(QColor("#E3B341"))
        p.drawRoundedRect(QRectF(130, 60, 36, 28), 4, 4)  # its chip
        p.setBrush(QColor("#FFFFFF"))
        p.drawRoundedRect(QRectF(30, 150, 300, 80), 14, 14)  # the machine, in front
        p.setBrush(self.color)
        p.drawRect(QRectF(90, 162, 180, 12))  # the slot
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawLine(180, 20, 180, 0)  # an arrow: up and out
        p.drawLine(168, 10, 180, 0)
        p.drawLine(192, 10, 180, 0)
        p.end()


class TakeScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        row = QHBoxLayout()
        self.picture = CardOutPicture()
        row.addWidget(self.picture, 2)
        col = QVBoxLayout()
        self.big = label("value", name="take_card")
        self.message = label("body", name="message")
        col.addStretch(1)
        col.addWidget(self.big)
        col.addWidget(self.message)
        col.addStretch(2)
        row.addLayout(col, 3)
        self.body.addLayout(row, 1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        self.title.setText(tr("新卡已制好"))
        self.big.setText(tr("请从出卡口取走您的新社保卡"))
        seconds = int(j.take_timeout_s) if j else 60
        self.message.setText(tr("{seconds}秒内没有取走，卡片会被收回本机保管，您可凭身份证到窗口领取。").format(
            seconds=seconds))
        actions = []
        if st.mock:
            actions.append(self.action("btn_simulate_take", tr("模拟取卡（演示）"), "secondary",
                                       self.on(lambda j: j.simulate_take())))
        self.actions.set_actions(actions, left=len(actions))


class DoneScreen(ScreenBase):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        frame, grid = card_frame()
        self.rows = Rows(grid, ["result", "card", "receipt"])
        self.body.addWidget(frame)
        self.note = label("note", name="note")
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.run is None:
            return
        retained = j.run.outcome == "retained"
        self.title.setText(tr("新卡已回收保管") if retained else tr("补换卡完成"))
        self.rows.set("result", tr("结果"), tr("新卡已由本机回收保管") if retained
                      else tr("新卡已领取，可以正常使用"))
        self.rows.set("card", tr("新卡卡号"), (j.application or {}).get("card_number_masked", ""))
        problem = j.printing.problem
        self.rows.set("receipt", tr("凭条"), tr("已打印，请取走") if problem is None
                      else tr("没有打印出来（不影响新卡使用）"))
        if retained:
            note = tr("您没有及时取卡。新卡很安全，请凭身份证到{where}领取。").format(where=where_text(j))
        else:
            note = tr("原卡已停用。请妥善保管新卡。")
        self.note.setText(note)
        self.actions.set_actions([
            self.action("btn_done", tr("完成"), "primary", self.on(lambda j: j.finish()))], left=0)


class FailedScreen(ProblemScreen):
    personal = True

    def __init__(self, flow, key: str) -> None:
        super().__init__(flow, key)
        self.body.addStretch(1)

    def render(self, st: KioskState) -> None:
        j = self.journey
        if j is None or j.run is None:
            return
        run = j.run
        self.title.setText(tr("制卡没有成功"))
        what = tr(FAILURES.get(run.failure or "", N_("制卡过程中出现了问题。")))
        card = ""
        if run.card_at == "reject_bin":
            card = tr("卡片已回收作废，不会被他人使用。")
        elif run.card_at == "jammed":
            card = tr("卡片留在发卡机里，工作人员会取出作废。")
        if j.can_retry:
            next_ = tr("您可以点“重试”，用另一张卡重新制作；或到{where}办理。").format(
                where=where_text(j))
        else:
            next_ = tr("请到{where}办理，工作人员会帮助您。").format(where=where_text(j))
        self.message.setText("\n".join(x for x in (what, card, next_) if x))
        actions = []
        if j.can_retry:
            actions.append(self.action("btn_retry", tr("重试"), "primary",
                                       self.on(lambda j: j.start_issue())))
        actions.append(self.action("btn_staff", tr("呼叫工作人员"), "secondary",
                                   self.flow.call_staff))
        actions.append(self.action("btn_done", tr("完成"),
                                   "secondary" if j.can_retry else "primary",
                                   self.on(lambda j: j.finish())))
        self.actions.set_actions(actions, left=len(actions))


SCREENS = {
    "identify": IdentifyScreen,
    "id_number": IdNumberScreen,
    "code": CodeScreen,
    "working": SscWorkingScreen,
    "account": AccountScreen,
    "loss": LossScreen,
    "photo": PhotoScreen,
    "fee": FeeScreen,
    "confirm": ConfirmScreen,
    "issuing": IssuingScreen,
    "take": TakeScreen,
    "printing": SscWorkingScreen,
    "done": DoneScreen,
    "failed": FailedScreen,
}
