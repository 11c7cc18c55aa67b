"""IPP printer-state-reasons (RFC 8011 §5.4.12, PWG 5100.9) onto the kiosk's status model.

A reason is a keyword with an optional severity suffix: ``media-empty-error``,
``toner-low-report``, ``cover-open`` (CUPS adds ``-error``/``-warning``/``-report`` as the
printer or backend reported it). ``-report`` is information only: it never blocks. What a
reason means for the kiosk:

- the paper axis: media-empty / media-needed / input-tray-missing → out, media-jam → jammed,
  media-low → near_end;
- the toner axis: toner-empty / marker-supply-empty → empty, toner-low /
  marker-supply-low → low;
- the device state: door-open / cover-open / interlock-open → user_error (a person closes
  it), offline / shutdown → offline, a stopped queue (``paused``, the backend stopped it)
  or one not accepting jobs → user_error, any other ``-error`` → hardware_error.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drivers.core.status import DeviceState

SEVERITIES = ("error", "warning", "report")

PAPER = {"media-empty": "out", "media-needed": "out", "input-tray-missing": "out",
         "media-jam": "jammed", "media-low": "near_end"}
TONER = {"toner-empty": "empty", "marker-supply-empty": "empty",
         "toner-low": "low", "marker-supply-low": "low"}
#: paper worse than near_end beats near_end when several trays report
_PAPER_RANK = {"jammed": 3, "out": 2, "near_end": 1, "ok": 0}
_TONER_RANK = {"empty": 2, "low": 1, "ok": 0}
COVER = frozenset({"door-open", "cover-open", "interlock-open"})
OFFLINE = frozenset({"offline", "shutdown", "timed-out"})
#: reasons that say nothing about a fault (CUPS sets them while it works)
BENIGN = frozenset({"none", "connecting-to-device", "cups-waiting-for-job-completed",
                    "cups-remote-pending", "moving-to-paused", "other"})

#: IPP printer-state (RFC 8011 §5.4.11) → name
PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}


def split_reason(reason: str) -> tuple[str, str]:
    """``"media-empty-error"`` → ``("media-empty", "error")``; no suffix → severity "error"
    when the keyword names a fault (RFC 8011: a reason without suffix is an error)."""
    reason = reason.strip().lower()
    for sev in SEVERITIES:
        if reason.endswith("-" + sev):
            return reason[: -len(sev) - 1], sev
    return reason, "error"


@dataclass(frozen=True)
class Reading:
    """What a queue's reasons and state mean: device state, axes, one line for technicians."""

    state: DeviceState
    supplies: dict
    detail: str
    problem: str = ""  # a blocking problem code (paper_out, paper_jam, toner_empty,
    #: cover_open, printer_offline, queue_stopped, printer_fault), "" when it can print


def read_reasons(reasons: Iterable[str], *, printer_state: int = 3,
                 accepting: bool = True) -> Reading:
    paper, toner = "ok", "ok"
    cover = offline = paused = False
    faults: list[str] = []
    for raw in reasons:
        keyword, severity = split_reason(raw)
        if keyword in BENIGN:
            continue
        if keyword == "paused":
            paused = True
            continue
        if keyword in PAPER:
            value = PAPER[keyword]
            # a -report of an empty tray is information (another tray feeds), not "out"
            if severity == "report" and value != "near_end":
                continue
            if _PAPER_RANK[value] > _PAPER_RANK[paper]:
                paper = value
        elif keyword in TONER:
            value = TONER[keyword]
            if severity == "report" and value != "low":
                continue
            if _TONER_RANK[value] > _TONER_RANK[toner]:
                toner = value
        elif keyword in COVER:
            cover = cover or severity != "report"
        elif keyword in OFFLINE:
            offline = True  # offline-report included: CUPS reports a gone printer so
        elif severity == "error":
            faults.append(keyword)
    supplies = {"paper": paper, "toner": toner}
    if offline:
        return Reading(DeviceState.OFFLINE, supplies, "printer reports offline",
                       "printer_offline")
    if cover:
        return Reading(DeviceState.USER_ERROR, supplies, "door or cover open", "cover_open")
    if paper in ("out", "jammed"):
        return Reading(DeviceState.USER_ERROR, supplies, f"paper {paper}",
                       "paper_out" if paper == "out" else "paper_jam")
    if toner == "empty":
        return Reading(DeviceState.USER_ERROR, supplies, "toner empty", "toner_empty")
    if faults:
        return Reading(DeviceState.HARDWARE_ERROR, supplies,
                       "printer reports " + ", ".join(faults), "printer_fault")
    if printer_state == 5 or paused:
        return Reading(DeviceState.USER_ERROR, supplies,
                       "queue stopped (cupsenable to resume)", "queue_stopped")
    if not accepting:
        return Reading(DeviceState.USER_ERROR, supplies,
                       "queue rejects jobs (cupsaccept to resume)", "queue_stopped")
    warn = [f"{axis} {value}" for axis, value in supplies.items() if value != "ok"]
    return Reading(DeviceState.ONLINE, supplies,
                   PRINTER_STATES.get(printer_state, "idle") +
                   (f" ({', '.join(warn)})" if warn else ""))


__all__ = ["PAPER", "PRINTER_STATES", "TONER", "Reading", "read_reasons", "split_reason"]
