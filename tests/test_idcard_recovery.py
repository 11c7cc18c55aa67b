"""Issue 2's foundation test on the real ID card driver: the DeviceManager in mock mode
notices a reader that dies mid-exchange within its deadline, and brings it back after a
re-plug without restarting anything."""
import pytest

from drivers.config import parse_devices
from drivers.core.errors import DeviceError, NotReady
from drivers.core.status import DeviceState
from drivers.idcard.events import CardRead
from drivers.manager import DeviceManager
from tests.waiting import wait_for

TIMEOUT = 0.5
FIND_CARD = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")
DEVICES = f"""
[idcard]
driver = "sam_idcard"
mock = true
timeout = {TIMEOUT}
sim_pace = false
watch_interval = 0.05
"""



@pytest.fixture
def manager(settings_env):
    m = DeviceManager(parse_devices(DEVICES, "test"), data_dir=settings_env / "data",
                      poll_interval=0.2, backoff_max=0.3)
    m.start()
    yield m
    m.stop()


def test_killed_mid_exchange_goes_offline_in_time_and_replug_recovers(manager):
    handle = manager.get("idcard")
    assert handle.is_mock
    assert manager.wait_ready(5)
    assert wait_for(lambda: handle.status.state is DeviceState.ONLINE)
    sim = handle.simulator

    # the reader swallows the command, then the cable is pulled
    sim.inject("silent")
    seen = len(sim.received)
    fut = handle.submit("read_card", lambda d: d.read_card())
    assert wait_for(lambda: FIND_CARD in sim.received[seen:])  # swallowed, never answered
    sim.unplug()
    # the exchange in flight fails by itself (its own deadline or the dead port), and the
    # reader is reported offline; how fast is a benchmark figure, not a test bound
    with pytest.raises(DeviceError):
        fut.result(5)
    assert wait_for(
        lambda: handle.status.state in (DeviceState.OFFLINE, DeviceState.NO_DEVICE), 2.0)
    with pytest.raises(NotReady):
        handle.submit("read_card", lambda d: d.read_card()).result(1)

    # plug it back: the worker reconnects by itself, and a read works again
    sim.clear()
    sim.replug()
    assert wait_for(lambda: handle.status.state is DeviceState.ONLINE, 5)
    card = handle.call("read_card", lambda d: d.read_card())
    assert card.name == "张三" and card.id_number_valid
    assert handle.device.info.serial_number.startswith("05.01")


def test_armed_reader_survives_replug_and_keeps_watching(manager):
    handle = manager.get("idcard")
    assert manager.wait_ready(5)
    reads = []
    manager.events.subscribe(lambda e: reads.append(e) if isinstance(e, CardRead) else None)
    handle.call("arm", lambda d: d.arm())
    assert wait_for(lambda: len(reads) == 1)
    sim = handle.simulator
    sim.unplug()
    assert wait_for(
        lambda: handle.status.state in (DeviceState.OFFLINE, DeviceState.NO_DEVICE), 3.0)
    sim.replace_card()  # meanwhile the citizen lifts the card and puts it back
    sim.replug()
    assert wait_for(lambda: handle.status.state is DeviceState.ONLINE, 5)
    assert wait_for(lambda: len(reads) == 2, 5)  # still armed after the reconnect
    assert handle.device.armed
