"""Ticket printer figures: bytes per queue ticket (native vs raster), what that costs on a
115200 baud line, and the time to print one through the virtual printer.

    .venv/bin/python -m bench.run printer
"""
from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

BAUD = 115200


def _ticket():
    from kiosk.services import Ticket

    return Ticket(number="C023", category="police", category_name="公安业务",
                  category_name_en="Public Security (Police)", floor=1, windows="C01–C20",
                  issued_at=datetime(2024, 5, 8, 9, 31), ahead=12, est_wait_min=25,
                  priority="elderly_70", track_url="https://queue.example.gov.cn/t/C023?k=K1",
                  kiosk_id="K1")


def _transfer_ms(n: int) -> float:
    return n * 10 / BAUD * 1000  # 8N1: 10 bits a byte


def run(quick: bool) -> dict:
    from drivers.printer.commands import EscPosBuilder, Paper
    from drivers.printer.device import EscPosPrinter
    from drivers.printer.raster import raster_command
    from drivers.printer.simulator import PrinterSimulator, VirtualPrinter
    from drivers.printer.simulator.interpreter import render_bytes
    from kiosk.printing import job_bytes, queue_ticket_job

    job = queue_ticket_job(_ticket(), hall_name="市政务服务中心",
                           hall_name_en="City Government Service Center")
    out: dict[str, float | int | str] = {}
    builds = []
    for _ in range(5 if quick else 30):
        t0 = time.perf_counter()
        native = job_bytes(job, EscPosBuilder(Paper(80)))
        builds.append(time.perf_counter() - t0)
    native58 = job_bytes(job, EscPosBuilder(Paper(58)))
    raster = job_bytes(job, EscPosBuilder(Paper(80), chinese="raster"))
    # the whole ticket as one image: what a driver that rasterises everything would send
    from PIL import ImageOps

    page = render_bytes(native, 80)[0]
    margin = (page.image.width - 576) // 2
    printed = page.image.crop((margin, 0, margin + 576, page.image.height)).convert("L")
    bottom = ImageOps.invert(printed).getbbox()[3]  # no blank rows: the cut feed is a command
    full_image = raster_command(printed.crop((0, 0, 576, bottom)))

    out["printer_ticket_native_bytes"] = len(native)
    out["printer_ticket_native_58mm_bytes"] = len(native58)
    out["printer_ticket_raster_bytes"] = len(raster)
    out["printer_ticket_full_image_bytes"] = len(full_image)
    out["printer_ticket_native_transfer_115200_ms"] = round(_transfer_ms(len(native)), 1)
    out["printer_ticket_raster_transfer_115200_ms"] = round(_transfer_ms(len(raster)), 1)
    out["printer_ticket_full_image_transfer_115200_ms"] = round(_transfer_ms(len(full_image)), 1)
    out["printer_ticket_build_ms"] = round(statistics.median(builds) * 1000, 2)
    out["printer_ticket_length_mm"] = round(page.length_mm)

    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("native", "raster"):
            sim = PrinterSimulator("bench", VirtualPrinter(80, output_dir=Path(tmp) / mode),
                                   link_dir=Path(tmp)).start()
            dev = EscPosPrinter("bench", sim.port, {"chinese": mode}, timeout=1.0)
            try:
                dev.open()
                status_times, print_times = [], []
                for _ in range(3 if quick else 15):
                    t0 = time.perf_counter()
                    dev.read_status()
                    status_times.append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    job(dev)
                    print_times.append(time.perf_counter() - t0)
            finally:
                dev.close()
                sim.stop()
            out[f"printer_sim_print_ticket_{mode}_ms"] = round(
                statistics.median(print_times) * 1000, 1)
            if mode == "native":
                out["printer_status_query_ms"] = round(statistics.median(status_times) * 1000, 2)
        # with the paper moving at a typical 200 mm/s: what a citizen waits for a ticket
        sim = PrinterSimulator("bench", VirtualPrinter(80, print_speed_mm_s=200),
                               link_dir=Path(tmp)).start()
        dev = EscPosPrinter("bench", sim.port, {}, timeout=1.0)
        try:
            dev.open()
            t0 = time.perf_counter()
            job(dev)
            out["printer_sim_print_ticket_at_200mm_s_ms"] = round(
                (time.perf_counter() - t0) * 1000, 1)
        finally:
            dev.close()
            sim.stop()
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=True), indent=2))
