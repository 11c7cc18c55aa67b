"""Power cut mid-issue: the kiosk stops dead at each point where a card may be in the dispenser;
the next start finds the card, captures it (or learns the citizen took it) and reports, and
the server's application ends in the right state. The simulators play the hardware that
keeps its cards through the outage (they outlive the kiosk here); the kiosk's drivers, its
journey code (driven by the screenless runner) and its outbox start afresh."""
from __future__ import annotations

import pytest

from drivers.config import parse_devices
from drivers.crt591.simulator import Crt591Simulator
from drivers.dispenser.mechanism import Mechanism
from drivers.manager import DeviceManager
from drivers.ssc.station import register_reader
from drivers.ssc.virtual import VirtualSscCard
from kiosk.journeys import spec_of
from kiosk.journeys.ssc.recovery import run_at_start
from kiosk.journeys.ssc.runner import Runner, Stop, wait_devices
from kiosk.sync.central import build_central
from tests.pcscd import card_present, pcscd  # noqa: F401 - fixture
from tests.waiting import wait_for

READER = "Virtual PCD 00 00"
ZHANG = "110101198506150035"


@pytest.fixture
def station(pcscd, tmp_path):
    assert wait_for(lambda: not card_present(READER), timeout=10)
    reader = VirtualSscCard("smartcard", card=None).start()
    register_reader("smartcard", reader)
    dispenser = Crt591Simulator("card_dispenser", link_dir=tmp_path, mechanism=Mechanism(
        "card_dispenser", move_delay=0.05, reader="smartcard")).start()
    yield reader, dispenser
    dispenser.stop()
    reader.stop()
    assert wait_for(lambda: not card_present(READER), timeout=10)


class Kiosk:
    """One life of the kiosk process: its drivers on the hardware, its outbox and relay."""

    def __init__(self, settings, dispenser) -> None:
        devices = (f"[smartcard]\ndriver = 'pcsc_ssc'\nport = '{READER}'\ntimeout = 3.0\n"
                   f"[card_dispenser]\ndriver = 'crt591'\nport = '{dispenser.port}'\n"
                   "timeout = 1.0\n")
        self.manager = DeviceManager(parse_devices(devices, "devices.toml"),
                                     data_dir=settings.data_dir, poll_interval=0.2,
                                     backoff_max=0.5).start()
        self.central = build_central(settings)
        assert wait_devices(self.manager, ("smartcard", "card_dispenser"), 20)

    def power_cut(self) -> None:
        self.manager.stop()  # nothing more reaches the devices or the server
        self.central.close()


def run_until(kiosk: Kiosk, stop_at: str):
    def before(request):
        if request.key == stop_at:
            raise Stop(stop_at)

    runner = Runner(kiosk.manager, kiosk.central, before=before)
    result = runner.reissue(ZHANG)
    runner.close()
    assert result.outcome == "stopped", result
    return runner.journey.application_id


def restart(settings, dispenser):
    kiosk = Kiosk(settings, dispenser)
    settled = run_at_start(kiosk.manager, kiosk.central)
    assert kiosk.central.relay.drain_once().parked == 0
    return kiosk, settled


@pytest.mark.parametrize("stop_at,stage,report,card_at,state", [
    # the blank card reached the contacts; nothing was asked of the server yet
    ("smartcard.wait_card", "dispensing", "failed", "reject_bin", "open"),
    # the server bound the card and gave its script; the power went before the writes
    ("smartcard.run_script", "bound", "failed", "reject_bin", "open"),
    # written and reported; the power went as the card was to go to the gate
    ("card_dispenser.eject", "at_gate", "retained", "reject_bin", "retained"),
])
def test_power_cut_with_a_card_inside(station, central, tmp_path, stop_at, stage, report,
                                      card_at, state):
    _reader, dispenser = station
    settings = central.settings(tmp_path)
    first = Kiosk(settings, dispenser)
    application_id = run_until(first, stop_at)
    first.central.relay.drain_once()  # what was reported before the cut reaches the server
    first.power_cut()
    mech = dispenser.mech
    assert mech.card is not None and mech.position == "ic"  # a card is in the machine

    kiosk, settled = restart(settings, dispenser)
    try:
        assert [(s["application_id"], s["stage"], s["position"], s["report"], s["card_at"])
                for s in settled] == [(application_id, stage, "ic", report, card_at)]
        assert mech.card is None and len(mech.rejected) == 1  # captured
        assert (mech.picked, mech.accounted()) == (1, 1)
        view = kiosk.central.ssc.application(application_id)
        assert view["state"] == state
        assert view["cards"][-1]["card_at"] == card_at
        assert view["cards"][-1]["outcome"] == report
        assert kiosk.central.ssc.interrupted() == []
    finally:
        kiosk.power_cut()


def test_power_cut_with_the_card_at_the_gate_that_the_citizen_took(station, central,
                                                                   tmp_path):
    _reader, dispenser = station
    settings = central.settings(tmp_path)
    first = Kiosk(settings, dispenser)
    application_id = run_until(first, "card_dispenser.wait_taken")
    first.central.relay.drain_once()
    first.power_cut()
    dispenser.take_card()  # the citizen takes the card while the kiosk is dark

    kiosk, settled = restart(settings, dispenser)
    try:
        assert [(s["position"], s["report"]) for s in settled] == [("none", "taken")]
        view = kiosk.central.ssc.application(application_id)
        assert view["state"] == "delivered"
        assert dispenser.mech.taken[0].to_card().full_name == "张三"
    finally:
        kiosk.power_cut()


def test_the_next_issue_settles_an_interrupted_one_first(station, central, tmp_path):
    """No restart hook ran (the dispenser was offline then): the journey itself settles the
    open issue before it takes a new blank card."""
    _reader, dispenser = station
    settings = central.settings(tmp_path)
    first = Kiosk(settings, dispenser)
    old = run_until(first, "smartcard.prepare_issue")
    first.power_cut()
    kiosk = Kiosk(settings, dispenser)
    try:
        def citizen(request):  # takes the card as soon as it is at the gate
            if request.key == "card_dispenser.wait_taken":
                dispenser.take_card()

        runner = Runner(kiosk.manager, kiosk.central, before=citizen)
        result = runner.reissue(ZHANG)
        runner.close()
        assert result.outcome == "taken", result
        assert result.application_id == old  # the person's open application, resumed
        assert [s["stage"] for s in runner.journey.run.settled] == ["dispensing"]
        mech = dispenser.mech
        assert (mech.picked, len(mech.rejected), len(mech.taken)) == (2, 1, 1)
        kiosk.central.relay.drain_once()
        assert not kiosk.central.outbox.owes(old)
        view = kiosk.central.ssc.application(old)
        assert view["state"] == "delivered"
        assert [c["outcome"] for c in view["cards"]] == ["failed", "taken"]
    finally:
        kiosk.power_cut()


def test_the_kiosk_runs_the_recovery_when_it_starts():
    assert spec_of("kiosk.journeys.ssc").recovery() is run_at_start
