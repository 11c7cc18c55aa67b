"""The kerong_cu driver against its simulated cabinet over a real pty (and TCP): the exact
bytes on the wire, door events, every fault with its typed error, a lost board whose
compartments go unknown (never free), recovery, and mock mode through the DeviceManager."""
from __future__ import annotations

import pytest

from drivers.config import parse_devices
from drivers.core.errors import ConfigError
from drivers.core.events import EventBus
from drivers.core.status import DeviceState
from drivers.core.worker import DeviceWorker
from drivers.kinds.locker import (
    BoardFound,
    BoardLost,
    Door,
    DoorClosed,
    DoorForced,
    DoorLeftOpen,
    DoorOpened,
    Locker,
)
from drivers.locker.device import KerongLocker
from drivers.locker.errors import (
    BoardNotAnswering,
    CorruptReply,
    LockNotReleased,
    NoBoardAnswers,
    UnknownCompartment,
)
from drivers.locker.layout import Layout
from drivers.locker.simulator import LockerSimulator
from drivers.manager import DeviceManager
from tests.waiting import wait_for

H = bytes.fromhex
FAST = {"open_confirm_s": 0.2, "poll_interval": 0.05}


class Recorder:
    def __init__(self, bus: EventBus) -> None:
        self.events = []
        bus.subscribe(self.events.append)

    def of(self, kind):
        return [e for e in self.events if isinstance(e, kind)]


def make(sim, options=None, **kw):
    bus = EventBus()
    rec = Recorder(bus)
    dev = KerongLocker("locker", sim.port, {**FAST, **(options or {})}, timeout=0.3,
                       events=bus, **kw)
    dev.open()
    dev.enable()
    return dev, rec


@pytest.fixture
def sim(settings_env):
    s = LockerSimulator("locker").start()
    yield s
    s.stop()


@pytest.fixture
def dev(sim):
    d, rec = make(sim)
    d.rec = rec
    yield d
    d.close()


def test_the_bytes_on_the_wire(sim, dev):
    assert bytes(sim.received) == H("02 00 30 03 35")  # open: is board 0 there?
    sim.received.clear()
    dev.refresh_status()
    assert bytes(sim.received) == H("02 00 30 03 35")
    sim.received.clear()
    dev.unlock(12)
    assert bytes(sim.received) == H("02 0B 31 03 41")
    assert sim.unlocks == [12]


def test_status_has_a_door_and_item_axis_per_compartment(dev):
    st = dev.refresh_status()
    assert st.state is DeviceState.ONLINE
    assert st.supplies["door.1"] == "closed" and st.supplies["item.16"] == "absent"
    assert len(st.supplies) == 32
    comps = dev.compartments()
    assert list(comps) == list(range(1, 17))
    assert comps[9].to_dict() == {"id": 9, "size": "M", "door": "closed", "occupied": False,
                                  "sensed": True}


def test_unlock_then_drop_off_then_forced_door(sim, dev):
    dev.refresh_status()
    c = dev.unlock(3)
    assert c.door is Door.OPEN and c.occupied is False
    assert [e.compartment for e in dev.rec.of(DoorOpened)] == [3]
    sim.perform("drop_off", compartment=3)
    dev.refresh_status()
    (closed,) = dev.rec.of(DoorClosed)
    assert (closed.compartment, closed.occupied) == (3, True)
    sim.perform("force_door", compartment=5)
    dev.refresh_status()
    assert [e.compartment for e in dev.rec.of(DoorForced)] == [5]
    assert dev.rec.of(DoorOpened)[-1].compartment == 3  # the forced door is no opening
    assert dev.compartment(3).occupied is True and dev.compartment(5).door is Door.OPEN


def test_a_door_opened_long_after_its_unlock_counts_as_forced(sim):
    dev, rec = make(sim, {"unlock_window_s": 0.01, "open_confirm_s": 0.2})
    try:
        dev.refresh_status()
        sim.inject("lock_stuck", compartment=4)
        with pytest.raises(LockNotReleased):
            dev.unlock(4)
        sim.clear("lock_stuck")
        sim.perform("force_door", compartment=4)
        dev.refresh_status()
        assert [e.compartment for e in rec.of(DoorForced)] == [4]
    finally:
        dev.close()


def test_lock_that_does_not_release_is_typed_and_leaves_the_device_online(sim, dev):
    dev.refresh_status()
    sim.inject("lock_stuck", compartment=6)
    with pytest.raises(LockNotReleased) as err:
        dev.unlock(6)
    assert err.value.code == "lock_not_released" and err.value.state is None
    assert str(err.value.recovery) == "clear_by_staff"
    assert dev.refresh_status().state is DeviceState.ONLINE
    assert dev.unlock(7).door is Door.OPEN  # the others still work
    with pytest.raises(UnknownCompartment):
        dev.unlock(17)


def test_door_left_open_is_told_again_and_again_until_it_closes(sim):
    dev, rec = make(sim, {"left_open_s": 0.1})
    worker = DeviceWorker(dev, poll_interval=0.05)
    try:
        dev.close()
        worker.start()
        assert worker.wait_connected(5)
        worker.call("unlock", lambda d: d.unlock(2), 5)
        assert wait_for(lambda: len(rec.of(DoorLeftOpen)) >= 2)
        first, second = rec.of(DoorLeftOpen)[:2]
        assert (first.compartment, first.count, second.count) == (2, 1, 2)
        assert second.seconds >= first.seconds >= 0.1
        sim.perform("close_door", compartment=2)
        assert wait_for(lambda: rec.of(DoorClosed))
        told = len(rec.of(DoorLeftOpen))
        sim.perform("force_door", compartment=9)  # another opening starts its own count
        assert wait_for(lambda: any(e.compartment == 9 for e in rec.of(DoorLeftOpen)))
        assert all(e.compartment == 9 for e in rec.of(DoorLeftOpen)[told:])
    finally:
        worker.stop()


def test_a_door_that_never_closes_stays_open(sim, dev):
    dev.unlock(1)
    sim.inject("door_stuck", compartment=1)
    sim.perform("close_door", compartment=1)
    dev.refresh_status()
    assert dev.compartment(1).door is Door.OPEN and not dev.rec.of(DoorClosed)


def test_a_lost_board_makes_its_compartments_unknown_never_free(settings_env):
    layout = Layout.parse([0, 1])
    with LockerSimulator("locker", layout=layout) as sim:
        dev, rec = make(sim, {"boards": [0, 1]})
        try:
            st = dev.refresh_status()
            assert st.supplies["door.17"] == "closed"
            assert [e.board for e in rec.of(BoardFound)] == [0, 1]
            sim.inject("board_silent", board=1)
            st = dev.refresh_status()
            assert st.state is DeviceState.ONLINE  # board 0 still serves
            assert "board 1 not answering" in st.detail
            assert {st.supplies[f"door.{n}"] for n in range(17, 33)} == {"unknown"}
            assert {st.supplies[f"item.{n}"] for n in range(17, 33)} == {"unknown"}
            assert st.supplies["door.1"] == "closed"
            (lost,) = rec.of(BoardLost)
            assert lost.board == 1 and lost.compartments == tuple(range(17, 33))
            c = dev.compartments()[20]
            assert c.door is Door.UNKNOWN and c.occupied is None and not c.known
            with pytest.raises(BoardNotAnswering):
                dev.unlock(20)
            sim.clear("board_silent")
            dev.refresh_status()
            assert [e.board for e in rec.of(BoardFound)] == [0, 1, 1]
            assert dev.compartment(20).door is Door.CLOSED
        finally:
            dev.close()


def test_no_board_answering_is_offline_with_everything_unknown(sim, dev):
    dev.refresh_status()
    sim.inject("silent")
    with pytest.raises(NoBoardAnswers) as err:
        dev.refresh_status()
    assert err.value.state is DeviceState.OFFLINE
    st = dev.status
    assert st.state is DeviceState.OFFLINE
    assert set(st.supplies.values()) == {"unknown"}
    assert dev.rec.of(BoardLost)


def test_corrupt_replies_are_typed(sim, dev):
    sim.inject("bad_checksum")
    with pytest.raises(CorruptReply) as err:
        dev.refresh_status()
    assert err.value.code == "checksum"
    assert set(dev.status.supplies.values()) == {"unknown"}
    with pytest.raises(BoardNotAnswering):
        dev.unlock(1)
    sim.clear()
    # the board did act on the unlock whose answer was garbled: the next poll shows it
    assert dev.refresh_status().supplies["door.1"] == "open"


def test_inverted_firmware_polarity_and_no_sensors(settings_env):
    layout = Layout.parse(sensors="1-4")
    with LockerSimulator("locker", layout=layout, hook_closed_bit=0, item_bit=0) as sim:
        sim.received.clear()
        dev, rec = make(sim, {"hook_closed_bit": 0, "item_bit": 0, "sensors": "1-4"})
        try:
            comps = dev.compartments()
            assert comps[1].door is Door.CLOSED and comps[1].occupied is False
            assert comps[10].occupied is None and not comps[10].sensed
            assert "item.10" not in dev.status.supplies
            dev.unlock(2)
            sim.perform("drop_off", compartment=2)
            dev.refresh_status()
            assert dev.compartment(2).occupied is True
            assert rec.of(DoorClosed)[0].occupied is True
        finally:
            dev.close()


def test_unplugged_mid_use_is_disconnected_and_the_worker_reconnects(sim):
    dev, rec = make(sim)
    dev.close()
    worker = DeviceWorker(dev, poll_interval=0.05, backoff_initial=0.05, backoff_max=0.1)
    worker.start()
    try:
        assert worker.wait_connected(5)
        sim.inject("unplug")
        assert wait_for(lambda: dev.status.state in (DeviceState.OFFLINE, DeviceState.NO_DEVICE))
        assert set(dev.status.supplies.values()) == {"unknown"}
        sim.clear("unplug")
        assert wait_for(lambda: dev.status.state is DeviceState.ONLINE
                        and dev.status.supplies["door.1"] == "closed", timeout=10)
    finally:
        worker.stop()


def test_the_cabinet_keeps_its_doors_and_items_across_a_restart(settings_env):
    state = settings_env / "cabinet.json"
    with LockerSimulator("locker", state_file=state) as sim:
        dev, _ = make(sim)
        dev.unlock(5)
        sim.perform("put_item", compartment=5)
        dev.close()
    with LockerSimulator("locker", state_file=state) as sim:
        dev, _ = make(sim)
        try:
            c = dev.compartments()[5]
            assert c.door is Door.OPEN and c.occupied is True
        finally:
            dev.close()
    with pytest.raises(ValueError, match="is closed"):
        LockerSimulator("locker").perform("put_item", compartment=1)


def test_a_bad_layout_in_devices_toml_is_one_line():
    configs = parse_devices('[locker]\ndriver = "kerong_cu"\nmock = true\n'
                            'sizes = "1-8:S"\n', "devices.toml")
    with pytest.raises(ConfigError, match=r"devices.toml: locker: sizes: compartments 9-16"):
        DeviceManager(configs).start()


def test_mock_mode_through_the_manager_over_tcp(settings_env):
    configs = parse_devices('[locker]\ndriver = "kerong_cu"\nmock = true\n'
                            'sim_transport = "tcp"\npoll_interval = 0.05\n', "devices.toml")
    with DeviceManager(configs, data_dir=settings_env / "data") as manager:
        handle = manager.get("locker")
        assert handle.device.port.startswith("tcp://127.0.0.1:")
        assert isinstance(handle.device, Locker) and handle.mock is not None
        assert manager.wait_ready(10)
        c = handle.client().unlock(8).result(5)
        assert c.door is Door.OPEN
        handle.mock.perform("drop_off", compartment=8)
        assert wait_for(lambda: handle.status.supplies["item.8"] == "present")
        assert handle.client().compartments().result(5)[8].occupied is True
        assert (settings_env / "data" / "devices" / "locker-cabinet.json").is_file()
        with pytest.raises(AttributeError):
            handle.client().poll_status  # noqa: B018 - only the contract's operations
