"""After a crash or a power cut mid-issue: find the card, capture it, report — never a card in
an unknown state.

The kiosk records an issue's stage before every step that moves a card (``kiosk.sync.ssc``:
``dispensing`` before a blank card leaves the hopper, ``bound`` once its script was asked
for, ``written`` with the 回盘, ``at_gate`` before the eject). What a restart finds in the
dispenser then says what happened to the card, and :func:`plan` what to do:

==========================  ===============================  =======================
stage                       card in the channel              no card in the channel
==========================  ===============================  =======================
dispensing, bound           capture; report ``failed``       report ``failed`` (it
                            (the half-made card is void)     never left the hopper)
written                     capture; report ``retained``     report ``failed``: it
                            (a good card, kept at the hall)  cannot be found (void)
at_gate                     capture; report ``retained``     report ``taken`` (only a
                                                             hand takes it from there)
==========================  ===============================  =======================

A card that cannot be captured (jammed) is reported with ``card_at = "jammed"``: staff take
it out. :func:`recover` runs this with blocking calls (the kiosk's start, ``kiosk ssc``); the
journey runs the same plan through its requests before it takes a new blank card.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.kinds.card_dispenser import GATE, IC, JAMMED, NONE, RF, UNKNOWN

log = logging.getLogger(__name__)

IN_CHANNEL = (IC, RF, GATE, UNKNOWN)
REASON = "interrupted: the kiosk restarted during the issue"


@dataclass(frozen=True)
class Plan:
    capture: bool  # move the card in the channel to the reject bin first
    report: str  # the report kind that settles the issue
    card_at: str  # where the card is once the plan ran (if the capture worked)
    reason: str = REASON

    def after_capture_failed(self) -> Plan:
        """The capture did not work: the card is stuck in the machine."""
        return Plan(False, self.report, JAMMED, self.reason + "; the card could not be captured")


def plan(stage: str, position: str) -> Plan:
    """What to do with an issue left at ``stage`` when the dispenser reports ``position``."""
    if position == JAMMED:
        kind = "retained" if stage in ("written", "at_gate") else "failed"
        return Plan(False, kind, JAMMED, REASON + "; the card is jammed in the dispenser")
    in_channel = position in IN_CHANNEL
    if stage in ("dispensing", "bound"):
        return Plan(in_channel, "failed", "reject_bin" if in_channel else NONE)
    if stage == "written":
        if in_channel:
            return Plan(True, "retained", "reject_bin")
        return Plan(False, "failed", UNKNOWN, REASON + "; the written card was not found")
    if stage == "at_gate":
        if position == NONE:
            return Plan(False, "taken", "citizen", REASON + "; the gate was empty")
        return Plan(True, "retained", "reject_bin")
    raise ValueError(f"no recovery for stage {stage!r}")


def recover(dispenser, ssc, *, timeout: float = 30.0) -> list[dict]:
    """Settle every issue this kiosk left open. ``dispenser``: a DeviceHandle of kind
    card_dispenser (or None when there is none: the issues wait); ``ssc``: the kiosk's
    ``central.ssc``. Returns one line per issue settled (for logs and the CLI)."""
    open_issues = ssc.interrupted()
    if not open_issues:
        return []
    if dispenser is None or not dispenser.connected:
        log.warning("ssc: %d interrupted issue(s) wait for the card dispenser",
                    len(open_issues))
        return []
    client = dispenser.client()
    done = []
    for issue in open_issues:
        position = client.card_position().result(timeout)
        p = plan(issue["stage"], position)
        if p.capture:
            try:
                captured = client.capture().result(timeout)
            except Exception as exc:  # noqa: BLE001 - a jam: staff take the card out
                log.warning("ssc: capture for application %s failed: %s",
                            issue["application_id"], exc)
                p = p.after_capture_failed()
            else:
                if not captured:
                    p = Plan(False, p.report, NONE, p.reason)
        ssc.report(issue["application_id"], p.report, card_id_code=issue["card_id_code"],
                   reason=p.reason, card_at=p.card_at)
        log.warning("ssc: interrupted issue %s (stage %s, card %s): reported %s, card at %s",
                    issue["application_id"], issue["stage"], position, p.report, p.card_at)
        done.append({**issue, "position": position, "report": p.report, "card_at": p.card_at})
    return done


def run_at_start(manager, central) -> list[dict]:
    """The kiosk's start (JourneySpec.recover): wait for the dispenser, then :func:`recover`."""
    ssc = getattr(central, "ssc", None)
    if ssc is None or manager is None:
        return []
    if not ssc.interrupted():
        return []
    handles = manager.by_kind("card_dispenser")
    dispenser = handles[0] if handles else None
    if dispenser is not None:
        dispenser.worker.wait_connected(max(10.0, dispenser.config.timeout * 4))
    try:
        return recover(dispenser, ssc)
    except Exception:  # noqa: BLE001 - the journey tries again before its next card
        log.exception("ssc: recovery at start failed")
        return []


__all__ = ["IN_CHANNEL", "Plan", "plan", "recover", "run_at_start"]
