"""Plain words, in the citizen's language, for every code the flows produce.

Each message says what happened and what to do next. Codes that reach here without a known
text get a generic message, never a technical one.
"""
from __future__ import annotations

from datetime import datetime

from kiosk.flows.availability import Reason
from kiosk.flows.state import KioskState
from kiosk.journeys.base import Notice
from kiosk.services import Category, Ticket
from kiosk.ui.i18n import N_, tr

#: every device kind (drivers.kinds) and the central servers, as a citizen calls them
DEVICE_NAMES = {
    "printer": N_("号票打印机"),
    "idcard": N_("身份证阅读器"),
    "smartcard": N_("社保卡读卡器"),
    "card_dispenser": N_("发卡机"),
    "camera": N_("摄像头"),
    "document_camera": N_("高拍仪"),
    "usb_storage": N_("U盘接口"),
    "fingerprint": N_("指纹仪"),
    "a4printer": N_("文件打印机"),
    "locker": N_("自助文件柜"),
    "server": N_("排队系统"),
}

#: device problems, including every blocking value of a kind's axes (drivers.kinds)
_DEVICE_PROBLEMS = {
    "paper_out": N_("{device}缺纸，工作人员补纸后即可使用"),
    "paper_jam": N_("{device}卡纸，请联系工作人员"),
    "starting": N_("{device}正在启动，请稍候"),
    "missing": N_("本机没有{device}"),
    "needs_staff": N_("{device}需要工作人员处理"),
    "card_jam": N_("{device}内有卡片卡住，请联系工作人员"),
    "hopper_empty": N_("{device}没有空白卡了，工作人员补卡后即可使用"),
    "reject_bin_full": N_("{device}回收箱已满，请联系工作人员"),
    "toner_empty": N_("{device}墨粉用完，工作人员更换后即可使用"),
    "camera_frozen": N_("{device}画面没有更新，请联系工作人员"),
}

#: a device failed while the citizen used it, by what it takes to recover
#: (drivers.core.status.Recovery): what happened and what to do, in plain words
DEVICE_ERRORS = {
    "retry": N_("{device}没有读取成功，请再试一次。"),
    "reset": N_("{device}正在重新连接，请稍等几秒再试。"),
    "clear_by_staff": N_("{device}需要工作人员处理，请点“呼叫工作人员”。"),
    "technician": N_("{device}出现故障，请点“呼叫工作人员”，或跳过这一步。"),
}
_DEVICE_DOWN = N_("{device}暂时无法使用")

_OTHER_REASONS = {
    ("server", "offline"): N_("排队系统暂时连接不上"),
    ("catalogue", "loading"): N_("正在载入业务列表，请稍候"),
    ("disk", "low"): N_("本机存储空间不足，工作人员正在处理"),
    # the kiosk's own storage (kiosk.sync.storage): only what writes locally stops
    ("storage", "full"): N_("本机存储空间已满，此项业务暂停，工作人员正在处理"),
    ("storage", "read_only"): N_("本机存储暂时无法写入，此项业务暂停，工作人员正在处理"),
    ("storage", "damaged"): N_("本机存储出现损坏，此项业务暂停，工作人员正在处理"),
    ("storage", "key_missing"): N_("本机数据暂时无法打开，此项业务暂停，工作人员正在处理"),
    ("storage", "key_mismatch"): N_("本机数据暂时无法打开，此项业务暂停，工作人员正在处理"),
    ("storage", "io_error"): N_("本机存储出现故障，此项业务暂停，工作人员正在处理"),
    ("devices", "offline"): N_("本机设备出现故障，工作人员正在处理"),
    ("devices", "missing"): N_("本机没有可用的设备"),
}

#: why a print failed (kiosk.flows.errors.PRINT_PROBLEMS), for the printing step
PRINT_PROBLEMS = {
    "paper_out": N_("打印机缺纸。"),
    "paper_jam": N_("打印机卡纸。"),
    "cover_open": N_("打印机盖未关好。"),
    "printer_offline": N_("打印机没有响应。"),
    "printer_fault": N_("打印机出现故障。"),
    "not_confirmed": N_("打印机没有确认号票已打出，请先看看出票口有没有号票。"),
    "print_failed": N_("号票没有打印出来。"),
}

#: one-line notes on a step (kiosk.journeys.base.Notice codes)
NOTICES = {
    "idcard_unavailable": N_(
        "身份证阅读器暂时无法使用。年满70周岁或已预约的市民，请到窗口出示身份证，同样优先办理。"),
    "idcard_lost": N_(
        "身份证阅读器刚刚停止工作。您可以继续取号；年满70周岁或已预约的市民请到窗口出示身份证。"),
    "appointment_unknown": N_("暂时查不到预约信息。如您已预约，请告诉窗口工作人员。"),
    "card_left": N_("这张身份证刚才已经读过。请把身份证拿起来，再重新放上。"),
}

PRIORITIES = {
    "elderly_70": N_("70周岁以上优先"),
    "appointment": N_("预约优先"),
}

#: the shell's error codes; a journey adds its own (ERRORS in its screens module)
ERRORS = {
    "device_lost": (N_("暂停办理"),
                    N_("{reason}。请使用其他自助机，或请工作人员帮助。")),
}
GENERIC_ERROR = (N_("出了点问题"), N_("请重试，或请工作人员帮助。"))


def device_name(kind: str) -> str:
    return tr(DEVICE_NAMES[kind]) if kind in DEVICE_NAMES else tr("设备")


#: where a kind needs its own words for a recovery (what "try again" means for it)
DEVICE_ERRORS_BY_KIND = {
    ("idcard", "retry"): N_("{device}没有读取成功。请把身份证拿起来，再重新放上。"),
}

#: where a kind's error code says more than its recovery (the card, not the reader)
DEVICE_ERRORS_BY_CODE = {
    ("idcard", "auth_failed"): N_(
        "这张证件没有通过验证。请把证件拿起来重新放一次；仍不行，请点“呼叫工作人员”，或跳过这一步。"),
    ("idcard", "unknown_card_type"): N_(
        "读卡器认不出这张卡。请放居民身份证、港澳台居民居住证或外国人永久居留身份证。"),
}


def notice_text(notice: Notice | None) -> str:
    """A step's note in words ("" for none)."""
    if notice is None:
        return ""
    if notice.code == "device_error":
        subject = notice.subject or ""
        template = DEVICE_ERRORS_BY_CODE.get((subject, notice.detail or "")) \
            or DEVICE_ERRORS_BY_KIND.get((subject, notice.recovery or "")) \
            or DEVICE_ERRORS.get(notice.recovery or "", DEVICE_ERRORS["technician"])
        return tr(template).format(device=device_name(notice.subject or ""))
    text = NOTICES.get(notice.code)
    return tr(text) if text else ""


def when_text(when: datetime | None, now: datetime) -> str:
    """Opening time in words: 今天 13:00 / 明天 09:00 / 3月24日（周一）09:00."""
    if when is None:
        return tr("另行通知")
    from PySide6.QtCore import QDateTime, QLocale

    time = f"{when:%H:%M}"
    days = (when.date() - now.date()).days
    if days == 0:
        return tr("今天 {time}").format(time=time)
    if days == 1:
        return tr("明天 {time}").format(time=time)
    locale = QLocale(tr("zh_CN"))  # the locale is part of the translation
    return locale.toString(QDateTime(when), tr("M月d日（ddd）HH:mm"))


def reason_text(reason: Reason | None, opens_at: datetime | None = None,
                now: datetime | None = None, *, tickets: bool = True) -> str:
    """The citizen's words for why something cannot be used now. ``tickets``: the journey
    hands out queue numbers (JourneySpec.issues_tickets); outside hours the others speak of
    service, not of tickets (a photo booth does not "issue numbers")."""
    if reason is None:
        return ""
    if reason.subject == "hours":
        now = now or datetime.now()
        when = when_text(opens_at, now)
        if opens_at is not None and opens_at.date() == now.date():
            # before opening or over lunch: the day has not ended
            return (tr("现在不取号，{when}开始") if tickets
                    else tr("现在暂停办理，{when}开始")).format(when=when)
        return (tr("今日取号已结束，下次取号：{when}") if tickets
                else tr("今日已停止办理，下次办理：{when}")).format(when=when)
    other = _OTHER_REASONS.get((reason.subject, reason.problem))
    if other:
        return tr(other)
    if reason.subject in DEVICE_NAMES:
        template = _DEVICE_PROBLEMS.get(reason.problem, _DEVICE_DOWN)
        return tr(template).format(device=device_name(reason.subject))
    return tr("暂时无法使用")


def category_name(c: Category | Ticket, st: KioskState) -> str:
    if isinstance(c, Ticket):
        return c.category_name_en if st.english and c.category_name_en else c.category_name
    return c.name_en if st.english and c.name_en else c.name


def zone_name(c: Category, st: KioskState) -> str:
    return c.zone_name_en if st.english and c.zone_name_en else c.zone_name


def hall_name(st: KioskState) -> str:
    return st.hall_name_en if st.english and st.hall_name_en else st.hall_name


def floor_text(floor: int) -> str:
    return tr("{floor}楼").format(floor=floor)


def where_text(floor: int, windows: str) -> str:
    return tr("{floor}楼 {windows} 号窗口").format(floor=floor, windows=windows)


def minutes_text(minutes: int | None) -> str:
    if minutes is None:
        return tr("暂时无法估计")
    if minutes < 1:
        return tr("马上就到您")
    return tr("约 {minutes} 分钟").format(minutes=minutes)


def ahead_text(ahead: int | None) -> str:
    if ahead is None:
        return tr("暂时无法查询")
    if ahead == 0:
        return tr("您是下一位")
    return tr("{ahead} 人").format(ahead=ahead)
