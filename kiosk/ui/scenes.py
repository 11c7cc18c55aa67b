"""Every screen the citizen can meet, each reached by driving a fresh demo flow.

Used by ``kiosk ui screenshots`` (PNG per scene, per language, per mode) and by the UI tests
that hold every screen to the tap-target, text-size and fit rules. Each scene is a function
that takes a demo flow (fake clock on a Tuesday 10:24, demo hall, fake effects) and brings it
to one state, exactly as taps and device events would.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from drivers.core.errors import DeviceTimeout
from drivers.core.status import Recovery
from drivers.kinds.card_reader import CardRead
from kiosk.demo import DemoCard, FakeClock, demo_flow, demo_health
from kiosk.services import ServiceUnavailable
from kiosk.demo import camera_scenes as cs
from kiosk.demo import guide_scenes as gs
from kiosk.demo import locker_scenes as ls
from kiosk.demo import ssc_scenes as ss
from kiosk.demo import police_scenes as pol
from kiosk.demo import payment_scenes as ps
from kiosk.demo import case_scenes as ks
from kiosk.demo import material_scenes as ms
from kiosk.demo import certificate_scenes as cert

MOBILE = "13800138000"


@dataclass(frozen=True)
class Scene:
    name: str
    drive: Callable  # (flow, effects, clock) -> None
    clock: datetime | None = None
    health: dict | None = None  # demo_health() arguments at start


def _card(flow, card) -> None:
    flow.device_event("idcard", CardRead("idcard", card))


def _category(flow, fx, clock, code="police_household"):
    flow.open("ticket")
    flow.journey.choose_category(code)


def _mobile(flow, fx, clock, digits=""):
    _category(flow, fx, clock)
    flow.journey.add_mobile()
    for d in digits:
        flow.journey.mobile.key(d)


def _confirm(flow, fx, clock, card=None, mobile=MOBILE):
    _category(flow, fx, clock)
    if card is not None:
        _card(flow, card)
        fx.resolve_service()
    if mobile:
        flow.journey.add_mobile()
        for d in mobile:
            flow.journey.mobile.key(d)
        flow.journey.mobile_next()


def _taking(flow, fx, clock):
    _confirm(flow, fx, clock)
    flow.journey.confirm()


def _printing(flow, fx, clock):
    _taking(flow, fx, clock)
    fx.resolve_service()


def _done(flow, fx, clock, card=None):
    _confirm(flow, fx, clock, card)
    flow.journey.confirm()
    fx.resolve_service()
    fx.resolve("printer.print")


def _print_failed(flow, fx, clock):
    from kiosk.printing import PaperOut

    _printing(flow, fx, clock)
    flow.update_health(demo_health(printer="paper_out"))
    fx.fail("printer.print", PaperOut("printer: paper out"))


def _service_error(flow, fx, clock):
    _taking(flow, fx, clock)
    fx.fail("queue.take_ticket", ServiceUnavailable("queue closed for today",
                                                    "今日该业务号已取完，请明天再来或在网上预约"))


def _unexpected_error(flow, fx, clock):
    _taking(flow, fx, clock)
    fx.fail("queue.take_ticket", DeviceTimeout("central: no answer"))


def _device_lost(flow, fx, clock):
    _mobile(flow, fx, clock, "138")
    flow.update_health(demo_health(printer="paper_out"))


def _idcard_read(flow, fx, clock):
    _category(flow, fx, clock)
    _card(flow, DemoCard(birth_date=date(1948, 5, 12)))
    fx.resolve_service()


def _card_before_category(flow, fx, clock):
    flow.open("ticket")
    _card(flow, DemoCard(birth_date=date(1948, 5, 12)))  # placed while choosing
    flow.journey.choose_category("tax")
    fx.resolve_service()


def _idcard_looking_up(flow, fx, clock):
    _category(flow, fx, clock)
    _card(flow, DemoCard(name="李四", birth_date=date(1990, 1, 1)))


def _idcard_read_failed(flow, fx, clock):
    from drivers.idcard.sw3 import sw3_error

    _category(flow, fx, clock)
    flow.device_error("idcard", "watch", sw3_error(0x32, "idcard: select card"), Recovery.RETRY)


def _reissue(flow, fx, clock, number="C02"):
    flow.open("reissue")
    for ch in number:
        flow.journey.number.key(ch)


def _reissue_done(flow, fx, clock):
    missed = fx.service.take_ticket("police_household")
    _reissue(flow, fx, clock, missed.number)
    flow.journey.confirm()
    fx.resolve_service()
    fx.resolve("printer.print")


def _countdown(flow, fx, clock):
    _mobile(flow, fx, clock, "1380013")
    clock.advance(flow.idle_timeout_s + 6)
    flow.tick()


def _staff(flow, fx, clock):
    _print_failed(flow, fx, clock)
    flow.call_staff()


def _category_page2(flow, fx, clock):
    flow.open("ticket")
    flow.journey.page_next()


def _diagnostics(page=None, *, check=False, hopper=False):
    """The staff gate (demo PIN), the diagnostics mode, one page filled with demo answers."""
    def drive(flow, fx, clock):
        from kiosk.demo.diagnostics import answer
        from kiosk.flows.staff import DEMO_PIN, StaffAuth

        flow.staff_auth = StaffAuth(demo=True)
        flow.staff_gesture()
        for ch in DEMO_PIN:
            flow.staff_key(ch)
        flow.staff_submit()
        flow.open("diagnostics")
        if page is None:
            return
        j = flow.journey
        j.open_page(page)
        for p in list(fx.pending):
            if p.request.target == "admin" and p.request.op != "opened":
                fx.resolve(p.kind, answer(p.request.op))
        if check:
            j.select_device("printer")
            j.check("external")
            fx.resolve("admin.check", answer("check"))
            for p in list(fx.pending):
                if p.kind == "admin.devices":
                    fx.resolve(p.kind, answer("devices"))
        if hopper:
            j.refill_hopper("dispenser")
            for ch in "500":
                j.hopper.key(ch)
    return drive


SCENES: tuple[Scene, ...] = (
    Scene("01_home", lambda f, x, c: None),
    Scene("02_home_after_hours", lambda f, x, c: None, clock=datetime(2025, 3, 18, 17, 40)),
    Scene("03_home_printer_paper_out", lambda f, x, c: None, health={"printer": "paper_out"}),
    Scene("04_home_server_offline", lambda f, x, c: None, health={"server": False}),
    Scene("05_category", lambda f, x, c: f.open("ticket")),
    Scene("06_category_page2", _category_page2),
    Scene("07_confirm_card_waiting", _category),
    Scene("08_confirm_looking_up", _idcard_looking_up),
    Scene("09_confirm_read_priority", _idcard_read),
    Scene("09a_confirm_card_before_category", _card_before_category),
    Scene("09b_confirm_read_failed", _idcard_read_failed),
    Scene("10_confirm_idcard_unavailable", _category, health={"idcard": False}),
    Scene("11_mobile_typing", lambda f, x, c: _mobile(f, x, c, "1380013")),
    Scene("12_mobile_invalid", lambda f, x, c: _mobile(f, x, c, "12345678901")),
    Scene("12b_mobile_international", lambda f, x, c: _mobile(f, x, c, "+447700900123")),
    Scene("13_confirm", lambda f, x, c: _confirm(f, x, c,
                                                DemoCard(birth_date=date(1948, 5, 12)))),
    Scene("14_working_taking", _taking),
    Scene("15_working_printing", _printing),
    Scene("16_done", _done),
    Scene("17_done_priority",
          lambda f, x, c: _done(f, x, c, DemoCard(birth_date=date(1948, 5, 12)))),
    Scene("18_print_failed", _print_failed),
    Scene("19_error_service", _service_error),
    Scene("20_error_unexpected", _unexpected_error),
    Scene("21_error_device_lost", _device_lost),
    Scene("22_reissue_entry", _reissue),
    Scene("23_reissue_done", _reissue_done),
    Scene("24_guide", lambda f, x, c: f.open("guide")),
    Scene("24b_guide_route", lambda f, x, c: (f.open("guide"), f.journey.choose_zone("C"))),
    Scene("24c_guide_other_floor", lambda f, x, c: (f.open("guide"), f.journey.show_floor(3),
                                                    f.journey.choose_zone("E"))),
    # 办事指南 (kiosk.demo.guide_scenes)
    Scene("24d_services_menu", gs.menu),
    Scene("24e_services_search", gs.search),
    Scene("24f_services_search_empty", gs.search_empty),
    Scene("24g_services_search_none", gs.search_none),
    Scene("24h_services_search_digits", gs.search_digits),
    Scene("24i_services_life_event", gs.life_event),
    Scene("24j_services_guide", gs.guide),
    Scene("24k_services_printed", gs.printed),
    Scene("24l_services_print_failed", gs.print_failed),
    Scene("25_idle_countdown", _countdown),
    Scene("26_staff_called", _staff),
    Scene("27_out_of_service", lambda f, x, c: None, health={"printer": False, "idcard": False}),
    Scene("28_out_of_service_disk", lambda f, x, c: None, health={"disk_free_mb": 20.0}),
    # 证件照 and 扫码 (kiosk.demo.camera_scenes: a demo camera on the simulator's photograph)
    Scene("30_portrait_intro", cs.portrait_intro, health=cs.CAMERA),
    Scene("31_portrait_live_far", cs.portrait_live("portrait_far"), health=cs.CAMERA),
    Scene("32_portrait_live_hold", cs.portrait_live("portrait_centred"), health=cs.CAMERA),
    Scene("33_portrait_review", cs.portrait_review, health=cs.CAMERA),
    Scene("34_portrait_done", cs.portrait_done, health=cs.CAMERA),
    Scene("35_scan_live", cs.scan_live, health=cs.CAMERA),
    Scene("36_scan_appointment", cs.scan_appointment, health=cs.CAMERA),
    Scene("37_scan_certificate", cs.scan_certificate("portrait_qr_certificate"),
          health=cs.CAMERA),
    Scene("38_scan_certificate_forged", cs.scan_certificate("portrait_qr_forged"),
          health=cs.CAMERA),
    Scene("39_ticket_scan_code", cs.ticket_scan_code, health=cs.CAMERA),
    Scene("39b_ticket_confirm_with_code", cs.ticket_confirm_with_code, health=cs.CAMERA),
    Scene("40_diag_menu", _diagnostics()),
    Scene("41_diag_devices", _diagnostics("devices", check=True)),
    Scene("42_diag_supplies", _diagnostics("supplies")),
    Scene("43_diag_hopper", _diagnostics("supplies", hopper=True)),
    Scene("44_diag_outbox", _diagnostics("outbox")),
    Scene("45_diag_system", _diagnostics("system")),
    Scene("46_diag_logs", _diagnostics("logs")),
    Scene("47_diag_faults", _diagnostics("faults")),
    Scene("50_locker_dropoff_idcard", ls.dropoff_idcard, ls.NIGHT, ls.LOCKER),
    Scene("51_locker_dropoff_item", ls.dropoff_item, ls.NIGHT, ls.LOCKER),
    Scene("52_locker_dropoff_case_number", ls.dropoff_case_number, ls.NIGHT, ls.LOCKER),
    Scene("53_locker_dropoff_size", ls.dropoff_size, ls.NIGHT, ls.LOCKER),
    Scene("54_locker_dropoff_door", ls.dropoff_door, ls.NIGHT, ls.LOCKER),
    Scene("55_locker_door_reminded", ls.dropoff_door_reminded, ls.NIGHT, ls.LOCKER),
    Scene("56_locker_door_staff_told", ls.dropoff_door_staff_told, ls.NIGHT, ls.LOCKER),
    Scene("57_locker_dropoff_done", ls.dropoff_done, ls.NIGHT, ls.LOCKER),
    Scene("58_locker_board_lost", ls.dropoff_board_lost, ls.NIGHT, ls.LOCKER),
    Scene("59_locker_pickup_identify", ls.pickup_identify, ls.NIGHT, ls.LOCKER),
    Scene("60_locker_pickup_code_wrong", ls.pickup_code_wrong, ls.NIGHT, ls.LOCKER),
    Scene("61_locker_pickup_door", ls.pickup_door, ls.NIGHT, ls.LOCKER),
    Scene("62_locker_pickup_still_inside", ls.pickup_still_inside, ls.NIGHT, ls.LOCKER),
    Scene("63_locker_pickup_done", ls.pickup_done, ls.NIGHT, ls.LOCKER),
    Scene("64_locker_staff_overview", ls.staff_overview, ls.NIGHT, ls.LOCKER),
    Scene("65_locker_staff_detail", ls.staff_detail, ls.NIGHT, ls.LOCKER),
    Scene("66_locker_staff_resolve", ls.staff_resolve, ls.NIGHT, ls.LOCKER),
    # 公安自助 and 人证核验 (kiosk.demo.police_scenes)
    Scene("D0_police_choose", pol.choose, health=pol.HEALTH),
    Scene("D1_identity_card", pol.card, health=pol.HEALTH),
    Scene("D2_identity_consent", pol.consent, health=pol.HEALTH),
    Scene("D3_identity_face", pol.face, health=pol.HEALTH),
    Scene("D4_identity_face_camera_failed", pol.face_camera_failed, health=pol.HEALTH),
    Scene("D5_identity_checking", pol.checking, health=pol.HEALTH),
    Scene("D6_identity_retry", pol.retry, health=pol.HEALTH),
    Scene("D7_identity_failed", pol.failed, health=pol.HEALTH),
    Scene("D8_identity_declined", pol.declined, health=pol.HEALTH),
    Scene("D9_identity_no_camera", pol.no_means, health=pol.NO_CAMERA),
    Scene("DA_identity_finger", pol.finger, health=pol.FINGER),
    Scene("DB_identity_no_finger", pol.finger_none, health=pol.FINGER),
    Scene("DC_police_purpose", pol.purpose, health=pol.HEALTH),
    Scene("DD_police_issuing", pol.issuing, health=pol.HEALTH),
    Scene("DE_police_done_a4", pol.done_a4, health=pol.HEALTH),
    Scene("DF_police_done_receipt", pol.done_receipt, health=pol.THERMAL),
    Scene("DG_police_print_failed", pol.print_failed, health=pol.HEALTH),
    Scene("DH_traffic_fines", pol.fines, health=pol.FINES_HEALTH),
    Scene("DI_traffic_fines_none", pol.fines_none, health=pol.FINES_HEALTH),
    Scene("DJ_traffic_fine_pay", pol.fine_pay, health=pol.FINES_HEALTH),
    Scene("DK_traffic_fine_done", pol.fine_done, health=pol.FINES_HEALTH),
    # 社保卡补换卡 (kiosk.demo.ssc_scenes)
    Scene("70_ssc_identify", ss.identify, health=ss.HEALTH),
    Scene("71_ssc_id_number", ss.id_number, health=ss.HEALTH),
    Scene("72_ssc_code", ss.code, health=ss.HEALTH),
    Scene("73_ssc_account", ss.account, health=ss.HEALTH),
    Scene("74_ssc_account_resume", ss.account_resume, health=ss.HEALTH),
    Scene("75_ssc_loss", ss.loss, health=ss.HEALTH),
    Scene("76_ssc_photo", ss.photo, health=ss.HEALTH),
    Scene("77_ssc_photo_missing", ss.photo_missing, health=ss.HEALTH),
    Scene("78_ssc_fee_placeholder", ss.fee, health=ss.HEALTH),
    Scene("79_ssc_confirm", ss.confirm, health=ss.HEALTH),
    Scene("80_ssc_writing", ss.writing, health=ss.HEALTH),
    Scene("81_ssc_take", ss.take, health=ss.HEALTH),
    Scene("82_ssc_done", ss.done, health=ss.HEALTH),
    Scene("83_ssc_retained", ss.retained, health=ss.HEALTH),
    Scene("84_ssc_failed_write", ss.failed_write, health=ss.HEALTH),
    Scene("85_ssc_failed_hopper", ss.failed_hopper, health=ss.HEALTH),
    Scene("86_ssc_query_insert", ss.query_insert, health=ss.HEALTH),
    Scene("87_ssc_query_wrong_card", ss.query_wrong_card, health=ss.HEALTH),
    Scene("88_ssc_query_result", ss.query_result, health=ss.HEALTH),
    # 便民缴费 and the rating (kiosk.demo.payment_scenes)
    Scene("90_pay_notice", ps.notice),
    Scene("91_pay_notice_unknown", ps.notice_unknown),
    Scene("92_pay_qr", ps.waiting),
    Scene("93_pay_expired", ps.expired),
    Scene("94_pay_cancelled_refund", ps.cancelled_refund),
    Scene("95_pay_done", ps.done),
    Scene("96_pay_print_failed", ps.print_failed),
    Scene("97_rate", ps.rate),
    Scene("98_rate_reasons", ps.rate_reasons),
    # 在线申报 and 审批进度查询 (kiosk.demo.case_scenes)
    Scene("A0_apply_idcard", ks.apply_idcard),
    Scene("A1_apply_category", ks.apply_category),
    Scene("A2_apply_item", ks.apply_item),
    Scene("A3_apply_material", ks.apply_material),
    Scene("A4_apply_material_provided", ks.apply_material_provided),
    # the material sources' own screens (kiosk.demo.material_scenes)
    Scene("A4a_scan_live", ms.scan_live, health=ms.HEALTH),
    Scene("A4b_scan_pages", ms.scan_pages, health=ms.HEALTH),
    Scene("A4c_usb_insert", ms.usb_insert, health=ms.HEALTH),
    Scene("A4d_usb_files", ms.usb_files, health=ms.HEALTH),
    Scene("A4e_usb_refused", ms.usb_refused, health=ms.HEALTH),
    Scene("A4f_usb_take", ms.usb_take, health=ms.HEALTH),
    Scene("A5_apply_material_no_source", ks.apply_material_no_source),
    Scene("A6_apply_mobile", ks.apply_mobile),
    Scene("A7_apply_delivery", ks.apply_delivery),
    Scene("A8_apply_district", ks.apply_district),
    Scene("A9_apply_road", ks.apply_road),
    Scene("AA_apply_house", ks.apply_house),
    Scene("AB_apply_review", ks.apply_review),
    Scene("AC_apply_done", ks.apply_done),
    Scene("AD_apply_print_failed", ks.apply_print_failed),
    Scene("B0_progress_choose", ks.progress_choose, health={"camera": True}),
    Scene("B1_progress_case_no", ks.progress_case_no),
    Scene("B2_progress_list", ks.progress_list),
    Scene("B3_progress_detail_missing", ks.progress_detail_missing),
    Scene("B4_progress_detail_ready", ks.progress_detail_ready),
    # 自助打印 (kiosk.demo.certificate_scenes)
    Scene("C0_certificates_identify", cert.identify, health=cert.HEALTH),
    Scene("C1_certificates_choose", cert.choose, health=cert.HEALTH),
    Scene("C2_certificates_period", cert.period, health=cert.HEALTH),
    Scene("C3_certificates_generating", cert.generating, health=cert.HEALTH),
    Scene("C4_certificates_preview", cert.preview, health=cert.HEALTH),
    Scene("C5_certificates_printing", cert.printing, health=cert.HEALTH),
    Scene("C6_certificates_done", cert.done, health=cert.HEALTH),
    Scene("C7_certificates_print_failed", cert.print_failed, health=cert.HEALTH),
    Scene("C8_certificates_print_failed_twice", cert.print_failed_twice, health=cert.HEALTH),
)


@dataclass(frozen=True)
class Variant:
    name: str
    lang: str
    elder: bool


VARIANTS = (Variant("zh", "zh_CN", False), Variant("en", "en", False),
            Variant("zh-elder", "zh_CN", True), Variant("en-elder", "en", True))


def stage(scene: Scene, variant: Variant):
    """A fresh demo flow brought to ``scene`` in ``variant``: (flow, effects, clock)."""
    clock = FakeClock(scene.clock) if scene.clock else FakeClock()
    flow, fx, clock = demo_flow(clock=clock, health=demo_health(**(scene.health or {})))
    flow.set_language(variant.lang)
    if variant.elder:
        flow.toggle_elder()
    scene.drive(flow, fx, clock)
    return flow, fx, clock
