"""Headless Chromium for the web-page tests: Debian's ``chromium`` and ``chromium-driver``
(packaging/setup.sh installs both), driven with selenium. Root-safe flags, a fresh profile
per browser, nothing fetched from the network, the console log kept for the tests."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = ("/usr/bin/chromedriver",)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
         "--lang=zh-CN")


def _first(paths) -> str | None:
    return next((p for p in paths if Path(p).exists()), None)


def chromium(width: int = 1920, height: int = 1080):
    """A headless Chromium (selenium WebDriver) with a fresh profile; quit() it."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    binary, driver = _first(CHROMIUM), _first(DRIVER) or shutil.which("chromedriver")
    if binary is None or driver is None:
        pytest.skip("Debian's chromium and chromium-driver are not installed "
                    "(packaging/setup.sh installs them)")
    profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(driver))
    browser.set_window_size(width, height)  # headless: the viewport, not a window frame
    real_quit = browser.quit

    def quit_and_clean() -> None:
        try:
            real_quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    browser.quit = quit_and_clean
    return browser


def console_errors(browser) -> list[str]:
    """The page's console messages of level SEVERE (errors, failed loads) since last asked."""
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def viewport(browser, width: int, height: int, *, mobile: bool = False) -> None:
    """Make the page's viewport exactly ``width``×``height`` CSS px (a phone with ``mobile``:
    narrow, touch, the page's own viewport meta tag honoured)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
