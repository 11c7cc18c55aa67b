"""Benchmark runner: runs every bench/bench_*.py, prints a table, writes JSON.

    .venv/bin/python -m bench.run            # full runs (long fuzz, 10k backlog …)
    .venv/bin/python -m bench.run --quick    # a quick pass of every benchmark
    .venv/bin/python -m bench.run idcard ui  # only these modules

Each module exposes ``run(quick: bool) -> dict[str, number | str]`` with units in the figure
names. Results go to bench/results/<timestamp>.json and bench/results/latest.json.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="module names (idcard, printer, …)")
    parser.add_argument("--quick", action="store_true", help="short runs")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = args.only or discover()
    results: dict[str, dict] = {}
    failed = False
    for name in names:
        print(f"… {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            figures = module.run(args.quick)
        except Exception:  # noqa: BLE001 - report and go on with the others
            traceback.print_exc()
            figures = {"error": traceback.format_exc().strip().splitlines()[-1]}
            failed = True
        figures["bench_seconds"] = round(time.perf_counter() - started, 2)
        results[name] = figures
    doc = {
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": args.quick,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "results": results,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for path in (args.out / f"{stamp}.json", args.out / "latest.json"):
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    width = max((len(f"{m}.{k}") for m, f in results.items() for k in f), default=10)
    print(f"{'figure':<{width}}  value")
    for module, figures in results.items():
        for key, value in figures.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            print(f"{module + '.' + key:<{width}}  {shown}")
    print(f"\nwritten: {args.out / 'latest.json'}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
