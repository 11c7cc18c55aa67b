"""补号's screens: the number keypad; the result screens are the ticket journey's."""
from __future__ import annotations

from kiosk.flows.state import KioskState
from kiosk.flows.validate import valid_ticket_number
from kiosk.journeys.ticket.screens import DoneScreen, PrintFailedScreen, TicketWorkingScreen
from kiosk.ui.i18n import N_, tr
from kiosk.ui.steps import KeypadStepScreen

ERRORS = {
    "reissue_failed": (N_("暂时无法补号"),
                       N_("排队系统没有回应。您可以重试，或请工作人员帮助。")),
    "reissue_failed_refused": (N_("无法补号"),
                               N_("请核对号票上的号码，再输入一次；或请工作人员帮助。")),
    "device_lost": (N_("补号暂停"),
                    N_("{reason}。请使用其他取号机，或请工作人员帮助。")),
}


class EntryScreen(KeypadStepScreen):
    personal = True

    def entry(self, journey):
        return journey.number

    def render(self, st: KioskState) -> None:
        j = self.journey
        number = j.number.value if j else ""
        self._keys()
        if j is not None:
            self.keypad.set_letters(j.prefixes(), 3)
        self.title.setText(tr("补号：请输入您错过的号码"))
        shown = number + "_" * max(0, 4 - len(number))
        self.display.setText(" ".join(shown))
        self.display.setAccessibleName(number)
        self.hint.setText(tr("号码印在号票上方，例如 C023：先点字母，再输入三位数字。"
                             "补号后按原来的顺序叫号，不用重新排队。"))
        self.show_line(self.problem, None)
        self.show_line(self.notice, None)
        self.actions.set_actions([
            self.action("btn_back", tr("返回首页"), "secondary", self.flow.back),
            self.action("btn_confirm", tr("确认补号"), "primary", self.on(lambda j: j.confirm())),
        ], left=1)
        self.actions.buttons["btn_confirm"].setEnabled(valid_ticket_number(number))


SCREENS = {
    "entry": EntryScreen,
    "working": TicketWorkingScreen,
    "done": DoneScreen,
    "print_failed": PrintFailedScreen,
}
