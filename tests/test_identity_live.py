"""人证核验 and 公安自助 on the whole mock-mode stack, by taps: the Qt window and bridge, the real
drivers on their simulators (ID card reader and ticket printer on ptys, the portrait camera as
an MJPEG stream whose sitter blinks), the liveness analysers on the camera's worker, and the
reference central server comparing the live face with its photo of record (dlib embeddings).

Then the privacy scan: after the session, no log record, no file under the kiosk's or the
server's data (the outbox and the server's databases included) and no new file in the temp
directory holds the card photo, the live picture, a fingerprint template or the ID number in
clear."""
from __future__ import annotations

import argparse
import base64
import logging
import tempfile
import time
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.flows.state import Screen

CARD = "foreign2017"
DEVICES = """
[idcard]
driver = "sam_idcard"
mock = true
sim_card = "none"

[printer]
driver = "escpos"
mock = true

[camera]
driver = "uvc_camera"
mock = true
width = 640
height = 480
fps = 15.0
sim_scene = "portrait_centred"
"""


@pytest.fixture
def spied(monkeypatch):
    """What the kiosk sent the identity service (kept by the test only, to look for)."""
    from kiosk.sync.identity import Identity

    sent: list[bytes] = []
    original = Identity.compare_face

    def compare_face(self, id_number, live_face, card_photo=None):
        sent.append(bytes(live_face))
        return original(self, id_number, live_face, card_photo)

    monkeypatch.setattr(Identity, "compare_face", compare_face)
    return sent


A4 = """
[a4printer]
driver = "cups"
mock = true
timeout = 10.0
"""


@pytest.fixture(params=["receipt", "a4"])
def live(request, settings_env, central, qtbot, spied):
    from kiosk.ui.app import build_kiosk

    if request.param == "a4":
        from drivers.cups.cupsd import missing

        if missing():
            pytest.skip(f"no CUPS here: {missing()}")
    devices = settings_env / "devices.toml"
    devices.write_text(DEVICES + (A4 if request.param == "a4" else ""))
    args = argparse.Namespace(mock=True, devices=str(devices), config=None, windowed=True,
                              fullscreen=False)
    settings = central.settings(settings_env)
    kiosk = build_kiosk(args, settings, clock=lambda: datetime(2025, 3, 18, 10, 0))
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    yield kiosk
    qtbot.waitUntil(lambda: not kiosk.window._pending, timeout=30_000)
    kiosk.close()


def tap(qtbot, window, name, timeout=30_000):
    def ready():
        found = [b for b in window.findChildren(QAbstractButton, name)
                 if b.isVisibleTo(window) and b.isEnabled()]
        return len(found) == 1

    qtbot.waitUntil(ready, timeout=timeout)
    button = next(b for b in window.findChildren(QAbstractButton, name) if b.isVisibleTo(window))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def screen(live) -> str:
    return str(live.flow.state.screen)


def needles(card, frames: list[bytes]) -> dict[str, bytes]:
    from kiosk.central.identity.routes import demo_template

    out = {"id number": card.id_number.encode(),
           "id number (utf-16)": card.id_number.encode("utf-16-le"),
           "card photo": card.photo_wlt[100:164],
           "card photo (base64)": base64.b64encode(card.photo_wlt)[40:104],
           "template": demo_template(card.id_number)[8:72],
           "template (zfm)": demo_template(card.id_number, "zfm")[8:72]}
    for i, jpeg in enumerate(frames):
        out[f"live picture {i}"] = jpeg[len(jpeg) // 2:len(jpeg) // 2 + 64]
        out[f"live picture {i} (base64)"] = base64.b64encode(jpeg)[len(jpeg) // 2:
                                                                    len(jpeg) // 2 + 64]
    return out


def scan(paths, found_in: dict[str, bytes], since: float | None = None,
         skip: tuple[str, ...] = ()) -> list[str]:
    import os

    hits = []
    for root in paths:
        # (os.walk, not rglob: another process's temp directory may vanish mid-walk)
        for folder, dirs, names in os.walk(root, onerror=lambda _exc: None):
            dirs[:] = [d for d in dirs if not d.startswith(skip)] if skip else dirs
            for name in names:
                f = Path(folder) / name
                try:
                    if not f.is_file() or (since is not None and f.stat().st_mtime < since):
                        continue
                    data = f.read_bytes()
                except OSError:  # removed meanwhile, a socket, no permission
                    continue
                hits += [f"{what} in {f}" for what, needle in found_in.items()
                         if needle in data]
    return hits


def test_verify_by_face_then_print_and_nothing_kept(live, qtbot, spied, settings_env, central,
                                                    caplog):
    from drivers.idcard.simulator import fictitious_cards

    caplog.set_level(logging.DEBUG)
    started = time.time() - 1
    flow, w = live.flow, live.window
    printer = live.manager.first("printer")
    printed = len(printer.simulator.pages)
    a4 = live.manager.first("a4printer")
    qtbot.waitUntil(lambda: flow.function("police").available, timeout=30_000)
    if a4 is not None:  # (the private cupsd takes a moment to start)
        qtbot.waitUntil(lambda: flow.health.kind_up("a4printer"), timeout=60_000)
    tap(qtbot, w, "tile_police")
    tap(qtbot, w, "kind_no_criminal_record")
    assert screen(live) == "police.id_card"
    # the simulator's card whose holder is in no demo registry of the server (an ID number
    # found anywhere afterwards came from this session)
    qtbot.waitUntil(lambda: live.manager.first("idcard").mock is not None, timeout=10_000)
    live.manager.first("idcard").mock.perform("place_card", card=CARD)
    qtbot.waitUntil(lambda: screen(live) == "police.id_consent", timeout=30_000)
    tap(qtbot, w, "btn_agree")
    assert screen(live) == "police.id_face"
    qtbot.waitUntil(lambda: flow.journey.identity.prompt == "blink", timeout=60_000)
    tap(qtbot, w, "btn_simulate_blink")  # the sitter blinks
    qtbot.waitUntil(lambda: screen(live) in ("police.purpose", "police.id_retry",
                                             Screen.ERROR), timeout=120_000)
    assert screen(live) == "police.purpose", (flow.state.error, flow.journey.identity.notice)
    j = flow.journey
    assert j.verified.method == "face" and j.verified.score >= 40
    assert len(spied) == 1 and spied[0][:2] == b"\xff\xd8"  # one JPEG of the face was sent
    tap(qtbot, w, "purpose_0")
    qtbot.waitUntil(lambda: screen(live) in ("police.done", "police.print_failed",
                                             Screen.ERROR), timeout=60_000)
    assert screen(live) == "police.done", flow.state.error
    code = j.document.code
    assert j.document.pdf.startswith(b"%PDF")
    if a4 is None:  # the pick-up receipt on the ticket printer: codes as text and QR
        assert j.printed_on == "printer" and len(printer.simulator.pages) == printed + 1
        page = printer.simulator.pages[-1]
        assert j.document.pickup_code in page.text
        assert any(q.endswith(f"/verify/{code}") for q in page.qr_codes), page.qr_codes
    else:  # the document itself, through the private cupsd: read back from the "paper"
        import pypdfium2

        assert j.printed_on == "a4printer"
        pdfs = a4.simulator.printed()
        assert len(pdfs) == 1
        doc = pypdfium2.PdfDocument(pdfs[0].read_bytes())
        text = "".join(p.get_textpage().get_text_range() for p in doc)
        assert "无犯罪记录证明" in text and code in text and "未发现其有犯罪记录" in text
        assert "就业" in text  # the purpose chosen
    tap(qtbot, w, "btn_done")
    qtbot.waitUntil(lambda: screen(live) == Screen.HOME, timeout=30_000)
    assert j.document is None and not j.identity.holds_biometrics
    # the server knows the document by its code, with the holder masked
    with central.app._read() as conn, conn.begin():
        import sqlalchemy as sa

        from kiosk.central.store.identity import police_documents

        row = conn.execute(sa.select(police_documents)).mappings().one()
    assert row["code"] == code and "*" in row["holder"]

    card = fictitious_cards()[CARD]
    look_for = needles(card, spied)
    hits = [f"{what} in log record {r.name}: {r.getMessage()[:60]}"
            for r in caplog.records for what, needle in look_for.items()
            if needle.decode("latin-1") in r.getMessage()
            or needle in r.getMessage().encode("utf-8", "replace")]
    # (the scan finds what it looks for: a planted copy is found, then removed)
    probe = settings_env / "probe.bin"
    probe.write_bytes(b"x" + look_for["card photo"] + look_for["live picture 0"])
    assert len(scan([settings_env], look_for)) == 2
    probe.unlink()
    hits += scan([settings_env], look_for)
    # the temp directory: whatever this session left there (other tests' own temp folders
    # aside — this test's is scanned whole above — as they may run at the same time)
    hits += scan([Path(tempfile.gettempdir())], look_for, since=started, skip=("pytest-of-",))
    assert hits == [], "\n".join(hits)
