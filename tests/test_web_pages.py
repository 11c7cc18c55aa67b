"""The fleet page and a zone's hall display in a real browser (headless Chromium, Debian's
chromium-driver, selenium): they load without console errors, a kiosk going silent turns red
within the page's poll interval, a window's call shows the new number within 2 s (two polls
of one second), the display fits its screen without scrolling in very large type and
alternates Chinese and English, and the fleet page reads on a phone.

The browser's own counter (``body[data-updates]``, one per answer drawn) is what the tests
count: "within the interval" is "by the next poll or the one after", not a wall-clock race.
Set ``KIOSK_WEB_SCREENSHOTS=DIR`` to keep PNGs of both pages (the README's pictures).
"""
from __future__ import annotations

import json
import os
import threading
import urllib.request
from pathlib import Path

import pytest

from kiosk.central.fleet import Thresholds
from kiosk.central.pages import DISPLAY_POLL_MS, FLEET_POLL_MS
from kiosk.sync.client import CentralClient
from tests.browser import chromium, console_errors, viewport
from tests.waiting import wait_for

HALL = "市政务服务中心"
SHOTS = os.environ.get("KIOSK_WEB_SCREENSHOTS")


@pytest.fixture
def browser():
    b = chromium()
    yield b
    b.quit()


def updates(browser) -> int:
    return int(browser.execute_script("return document.body.dataset.updates || '0'"))


def wait_page(browser, predicate, timeout=20.0):
    assert wait_for(lambda: predicate(browser), timeout, 0.05), "the page never got there"


def card(browser, kiosk_id: str) -> dict | None:
    """A kiosk's card as drawn now (read in one script: the page redraws every poll)."""
    return browser.execute_script(
        "const c = document.getElementById('kiosk-' + arguments[0]);"
        "return c && {status: c.dataset.status, text: c.innerText,"
        " background: getComputedStyle(c).backgroundColor,"
        " width: c.getBoundingClientRect().width}", kiosk_id)


def body(kiosk_id: str, **extra) -> dict:
    devices = [{"name": "printer", "kind": "printer", "state": "online", "up": True,
                "problem": None, "warning": None, "axes": {"paper": "ok"}, "mock": True},
               {"name": "idcard", "kind": "idcard", "state": "online", "up": True,
                "axes": {"card": "absent"}, "mock": True}]
    return {"kiosk_id": kiosk_id, "hall": HALL, "hall_en": "City Government Service Center",
            "version": "0.1.0", "uptime_s": 9240, "devices": devices,
            "supplies": [{"device": "printer", "item": "paper", "value": 184, "warning": False}],
            "backlog": {"pending": 0, "parked": 0, "oldest_pending_age_s": None},
            "disk_free_mb": 18234, "disk_reserve_mb": 200,
            "last_restart_reason": "stopped: clean shutdown", **extra}


def client_for(central, tmp_path, kiosk_id: str) -> CentralClient:
    return CentralClient.from_settings(central.settings(tmp_path / kiosk_id, kiosk_id))


def fleet_status(central, kiosk_id: str) -> str:
    with urllib.request.urlopen(f"{central.url}/v1/fleet") as r:
        doc = json.load(r)
    return next(k["status"] for k in doc["kiosks"] if k["id"] == kiosk_id)


def test_fleet_page_live_silent_kiosk_turns_red_and_reads_on_a_phone(central, tmp_path,
                                                                     browser):
    central.app.fleet.thresholds = Thresholds(silent_after_s=2.0)
    quiet, busy = client_for(central, tmp_path, "KSK-T-01"), client_for(central, tmp_path,
                                                                        "KSK-T-02")
    other_hall = client_for(central, tmp_path, "KSK-Z24-01")
    quiet.heartbeat("KSK-T-01", body("KSK-T-01"))
    near_end = body("KSK-T-02")
    near_end["devices"][0].update(axes={"paper": "near_end"}, warning="paper_near_end")
    paper_out = body("KSK-Z24-01", hall="高新区政务服务分中心（24小时自助区）",
                     hall_en="Hi-tech Zone Branch (24-hour area)",
                     backlog={"pending": 7, "parked": 1, "oldest_pending_age_s": 2400})
    paper_out["devices"][0].update(state="user_error", up=False, problem="paper_out",
                                   axes={"paper": "out"})
    stop = threading.Event()

    def beat_others() -> None:
        busy.heartbeat("KSK-T-02", near_end)
        other_hall.heartbeat("KSK-Z24-01", paper_out)

    def keep_beating() -> None:  # the other kiosks stay alive all along
        while not stop.is_set():
            beat_others()
            stop.wait(0.3)

    beat_others()
    beater = threading.Thread(target=keep_beating, daemon=True)
    beater.start()
    try:
        browser.get(f"{central.url}/fleet")
        wait_page(browser, lambda b: updates(b) >= 1)
        first = card(browser, "KSK-T-01")
        assert first["status"] == "ok" and first["background"] == "rgb(255, 255, 255)"
        other = card(browser, "KSK-T-02")
        assert other["status"] == "warning"
        assert "纸将尽 / paper near end" in other["text"]  # in words, not by colour alone
        assert "缺纸 / paper out" in card(browser, "KSK-Z24-01")["text"]
        assert HALL in browser.find_element("tag name", "main").text
        if SHOTS:
            browser.save_screenshot(str(Path(SHOTS) / "fleet.png"))

        # KSK-T-01 beats no more: once the server calls it silent, the page shows it red
        assert wait_for(lambda: fleet_status(central, "KSK-T-01") == "silent", 20)
        seen = updates(browser)
        wait_page(browser, lambda b: card(b, "KSK-T-01")["status"] == "silent")
        assert updates(browser) - seen <= 2, "not within the page's poll interval"
        first = card(browser, "KSK-T-01")
        assert first["background"] == "rgb(179, 38, 30)" and "无心跳 SILENT" in first["text"]
        assert card(browser, "KSK-T-02")["status"] == "warning"

        # a phone: one column, nothing wider than the screen
        viewport(browser, 390, 844, mobile=True)
        wait_page(browser, lambda b: b.execute_script("return innerWidth") == 390)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        assert card(browser, "KSK-T-01")["width"] <= 390
        if SHOTS:
            browser.save_screenshot(str(Path(SHOTS) / "fleet-phone.png"))
        assert console_errors(browser) == []
    finally:
        stop.set()
        beater.join(5)
        for c in (quiet, busy, other_hall):
            c.close()
    assert FLEET_POLL_MS <= 2000


def test_hall_display_shows_a_call_within_two_seconds_big_and_without_scrolling(
        central, facade, browser):
    first = facade.queue.take_ticket("fund")
    facade.queue.take_ticket("fund")
    facade.queue.take_ticket("tax")
    browser.get(f"{central.url}/display/A?lang_s=1.5")
    wait_page(browser, lambda b: updates(b) >= 1)
    number = browser.find_element("id", "number")
    assert number.text == "—"
    assert "等候 3 人" in browser.find_element("tag name", "footer").text

    with central.app.engine.begin() as conn:  # a window calls (`kiosk-central call fund`)
        called = central.app.store.tickets.call_next(conn, "fund", "A05")
    assert called["number"] == first.number
    seen = updates(browser)
    wait_page(browser, lambda b: b.execute_script("return document.body.dataset.number")
              == first.number)
    # polled every second: by the second poll after the call at the latest
    assert updates(browser) - seen <= 2 and DISPLAY_POLL_MS * 2 <= 2000
    assert number.text == first.number and "A05" in browser.find_element("id", "window").text
    assert "今日已办 1 人" in browser.find_element("tag name", "footer").text
    for category, window in (("tax", "A12"), ("fund", "A07")):  # the newest is the large one
        with central.app.engine.begin() as conn:
            last = central.app.store.tickets.call_next(conn, category, window)
        wait_page(browser, lambda b: b.execute_script("return document.body.dataset.number")
                  == last["number"])
    recent = browser.find_element("id", "calls").text
    assert first.number in recent and "A05" in recent

    for width, height in ((1920, 1080), (1280, 720), (1080, 1920)):
        viewport(browser, width, height)
        wait_page(browser, lambda b: b.execute_script("return innerHeight") == height)
        fits = browser.execute_script(
            "const d = document.documentElement;"
            "return [d.scrollWidth <= innerWidth, d.scrollHeight <= innerHeight,"
            " parseFloat(getComputedStyle(document.getElementById('number')).fontSize)]")
        assert fits[0] and fits[1], f"scrolls at {width}x{height}"
        assert fits[2] >= 0.2 * min(height, width * 9 / 16) - 1  # ~24 % of the height
    viewport(browser, 1920, 1080)
    if SHOTS:
        wait_page(browser, lambda b: b.execute_script("return document.body.dataset.lang")
                  == "zh")
        browser.save_screenshot(str(Path(SHOTS) / "hall-display.png"))
    # zh and en take turns
    wait_page(browser, lambda b: b.execute_script("return document.body.dataset.lang") == "en")
    assert "Please go to window A07" in browser.find_element("id", "window").text
    assert "Zone A" in browser.find_element("id", "zone").text
    if SHOTS:
        browser.save_screenshot(str(Path(SHOTS) / "hall-display-en.png"))
    wait_page(browser, lambda b: b.execute_script("return document.body.dataset.lang") == "zh")
    assert "请到 A07 号窗口" in browser.find_element("id", "window").text
    assert console_errors(browser) == []


def test_unknown_zone_is_a_404_and_the_index_lists_the_zones(central):
    with urllib.request.urlopen(f"{central.url}/display") as r:
        page = r.read().decode()
    assert 'href="/display/A"' in page and "Housing Fund" in page
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{central.url}/display/Z")
    assert info.value.code == 404
