"""自助打印 figures: a certificate from the citizen's tap to the first page out, on the real
stack — the reference server lays the PDF out (fpdf2, Noto CJK subset), the kiosk's
``central.documents`` fetches it and renders the preview (pdftoppm), the real CUPS driver
prints it through a private cupsd (kiosk-pdf backend) until the job is ``completed``.

    .venv/bin/python -m bench.run certificates

The citizen's own time on the preview screen is not counted: ``tap_to_page_ms`` is the
kiosk's part, generate (tap on the period → preview shown) + print (tap on Print → job
completed, the file written). A real printer adds its own first-page-out time (a laser A4
printer: ~6-10 s from a cold fuser).
"""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path


def _ms(values: list[float]) -> tuple[float, float]:
    return round(statistics.median(values) * 1000, 1), round(max(values) * 1000, 1)


def run(quick: bool) -> dict:
    from drivers.cups.device import CupsPrinter
    from drivers.cups.simulator import CupsSimulator
    from kiosk.printing.documents import first_page_png
    from kiosk.sync.central import build_central
    from tests.synchelp import Central

    rounds = 3 if quick else 10
    today = date.today()
    y, m = (today.year - 1, today.month + 1) if today.month < 12 else (today.year, 1)
    cases = {"ssc_record_12m": ("ssc_record", f"{y}-{m:02d}/{today.year}-{today.month:02d}"),
             "household_extract": ("household_extract", "current")}
    out: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        central = Central(tmp / "central").start()
        facade = build_central(central.settings(tmp / "central"))
        sim = CupsSimulator("a4bench").start()
        try:
            if not sim.wait_ready(30):
                return {"error": f"private cupsd did not start: {sim.cupsd.log_tail()}"}
            printer = CupsPrinter("a4bench", sim.port, {"job_poll": 0.02}, timeout=10)
            printer.open()
            facade.documents.generate("household_extract", id_number="110101199003070011",
                                      name="张三")  # warm: fonts, the HTTP connection
            for label, (kind, period) in cases.items():
                gen, prev, prn, total = [], [], [], []
                pages = size = 0
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    doc = facade.documents.generate(kind, id_number="110101199003070011",
                                                    name="张三", period=period)
                    t1 = time.perf_counter()
                    first_page_png(doc.pdf)
                    t2 = time.perf_counter()
                    printer.print_document(doc.pdf, pages=doc.pages, title=f"{kind} bench")
                    t3 = time.perf_counter()
                    gen.append(t1 - t0)
                    prev.append(t2 - t1)
                    prn.append(t3 - t2)
                    total.append((t1 - t0) + (t3 - t2))
                    pages, size = doc.pages, len(doc.pdf)
                out[f"{label}_pages"] = pages
                out[f"{label}_pdf_kb"] = round(size / 1024, 1)
                out[f"{label}_generate_ms_p50"], out[f"{label}_generate_ms_max"] = _ms(gen)
                out[f"{label}_preview_ms_p50"], _ = _ms(prev)
                out[f"{label}_print_ms_p50"], out[f"{label}_print_ms_max"] = _ms(prn)
                out[f"{label}_tap_to_page_ms_p50"], out[f"{label}_tap_to_page_ms_max"] = \
                    _ms(total)
            out["rounds"] = rounds
            out["printed_files"] = len(sim.printed())
        finally:
            sim.stop()
            facade.close()
            central.close()
    return out
