"""The generic PC/SC reader (driver ``pcsc``, kind ``smartcard``) through the device manager
in mock mode: the fictitious card on vpcd, the real pcscd and pyscard, the kind's contract
(``handle.client()``), waiting-mode events, mock controls, and recovery when pcscd stops."""
import pytest

from drivers.config import parse_devices
from drivers.core.apdu import CardRemovedError
from drivers.core.errors import ConfigError, DeviceTimeout
from drivers.core.registry import get_driver
from drivers.core.status import DeviceErrorEvent, DeviceState, MediaState, Recovery
from drivers.kinds.smart_card import SmartCardInserted, SmartCardReader, SmartCardRemoved
from drivers.manager import DeviceManager
from drivers.smartcard import PcscReader
from tests.pcscd import card_present, pcscd  # noqa: F401 - fixture
from tests.waiting import wait_for

READER = "Virtual PCD 00 00"
ATR = bytes.fromhex("3B 8A 80 01 4B 49 4F 53 4B 2D 54 45 53 54 65")
SELECT_AID = bytes.fromhex("00 A4 04 0C 07 F0 4B 49 4F 53 4B 01")
READ_SFI1 = bytes.fromhex("00 B0 81 00 05")  # READ BINARY, SFI 1, offset 0, 5 bytes


def mock_manager(settings_env, extra: str = "", **kw) -> DeviceManager:
    configs = parse_devices(f"[smartcard]\ndriver = 'pcsc'\nmock = true\ntimeout = 1.5\n"
                            f"watch_interval = 0.05\n{extra}", "devices.toml")
    return DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1,
                         backoff_max=0.3, **kw)


@pytest.fixture
def manager(pcscd, settings_env):
    # a card a previous test pulled is only forgotten at pcscd's next presence poll
    assert wait_for(lambda: not card_present(READER), timeout=10)
    with mock_manager(settings_env) as m:
        yield m
    assert wait_for(lambda: not card_present(READER), timeout=10)


def ready(handle) -> bool:
    st = handle.status
    return st.state is DeviceState.ONLINE and st.supplies.get("card") == MediaState.PRESENT


def test_the_driver_is_registered_for_the_smartcard_kind(settings_env):
    spec = get_driver("pcsc")
    assert spec.kind == "smartcard" and issubclass(spec.device_class, SmartCardReader)
    assert spec.device_class is PcscReader
    (real,) = parse_devices("[ssc]\ndriver = 'pcsc'\nport = 'ACS ACR39U'\n", "d.toml")
    assert real.port == "ACS ACR39U" and real.options["share"] == "shared"
    assert real.timeout == 5.0
    with pytest.raises(ConfigError, match=r"d.toml: ssc.port: missing \(PC/SC reader name"):
        parse_devices("[ssc]\ndriver = 'pcsc'\n", "d.toml")
    with pytest.raises(ConfigError, match="ssc.sim_vpcd_port: must be one of 35963, 35964"):
        parse_devices("[ssc]\ndriver = 'pcsc'\nmock = true\nsim_vpcd_port = 1\n", "d.toml")


def test_mock_mode_runs_the_real_stack_through_the_contract(manager):
    handle = manager.get("smartcard")
    assert handle.is_mock and handle.device.port == READER
    assert wait_for(lambda: ready(handle), timeout=10)
    client = handle.client()
    assert client.atr().result(10) == ATR
    assert client.transmit(SELECT_AID).result(10) == bytes.fromhex("90 00")
    assert client.transmit(READ_SFI1).result(10) == b"KIOSK" + bytes.fromhex("90 00")
    assert handle.mock.apdus[-2:] == [SELECT_AID, READ_SFI1]
    info = handle.describe()
    assert info["kind"] == "smartcard" and info["supplies"] == {"card": "present"}
    assert info["info"]["reader"] == READER
    with pytest.raises(AttributeError, match="no operation 'exchange'"):
        client.exchange  # noqa: B018 - card applications use it on the worker, not the app


def test_waiting_mode_publishes_insertion_and_removal(manager):
    handle = manager.get("smartcard")
    events = []
    manager.events.subscribe(events.append)
    assert wait_for(lambda: ready(handle), timeout=10)
    handle.client().arm().result(10)
    # a card already in the reader when arming counts as inserted
    assert wait_for(lambda: any(isinstance(e, SmartCardInserted) for e in events), timeout=10)
    inserted = next(e for e in events if isinstance(e, SmartCardInserted))
    assert inserted.device == "smartcard" and inserted.atr == ATR
    handle.mock.perform("remove_card")
    assert wait_for(lambda: any(isinstance(e, SmartCardRemoved) for e in events), timeout=10)
    assert handle.status.supplies["card"] == MediaState.ABSENT
    handle.mock.perform("place_card")
    assert wait_for(lambda: sum(isinstance(e, SmartCardInserted) for e in events) == 2,
                    timeout=10)
    handle.client().disarm().result(10)


def test_card_pulled_mid_command_keeps_the_reader_online(manager):
    handle = manager.get("smartcard")
    errors = []
    manager.events.subscribe(lambda e: errors.append(e) if isinstance(e, DeviceErrorEvent)
                             else None)
    assert wait_for(lambda: ready(handle), timeout=10)
    handle.mock.inject("pull_mid_apdu")
    with pytest.raises(CardRemovedError):
        handle.client().transmit(SELECT_AID).result(10)
    assert errors and errors[-1].recovery is Recovery.RETRY
    assert errors[-1].operation == "transmit"
    assert handle.status.state is DeviceState.ONLINE  # the reader is fine: only the card left
    assert wait_for(lambda: handle.status.supplies["card"] == MediaState.ABSENT, timeout=10)
    handle.mock.perform("place_card")
    assert wait_for(lambda: ready(handle), timeout=10)
    assert handle.client().transmit(SELECT_AID).result(10) == bytes.fromhex("90 00")


def test_a_reader_that_never_answers_times_out_and_comes_back(manager):
    handle = manager.get("smartcard")
    assert wait_for(lambda: ready(handle), timeout=10)
    handle.mock.inject("silent")
    with pytest.raises(DeviceTimeout):
        handle.client().transmit(SELECT_AID).result(10)
    handle.mock.clear("silent")
    assert wait_for(lambda: ready(handle) and handle.connected, timeout=10)
    assert handle.client().atr().result(10) == ATR


def test_pcscd_stopped_then_back(manager, pcscd):
    if not pcscd.owned:
        pytest.skip("this pcscd was not started by the tests: not stopping it")
    handle = manager.get("smartcard")
    assert wait_for(lambda: ready(handle), timeout=10)
    pcscd.stop()
    assert wait_for(lambda: handle.status.state is DeviceState.NO_DEVICE, timeout=10)
    assert handle.status.detail == f"{READER}: pcscd is not running (SCARD_E_NO_SERVICE)"
    assert handle.status.supplies["card"] == MediaState.UNKNOWN
    with pytest.raises(Exception) as exc:  # noqa: PT011 - refused fast while down: NotReady
        handle.client().atr().result(10)
    assert not isinstance(exc.value, DeviceTimeout)
    pcscd.ensure()
    # the worker reconnects, the virtual card finds vpcd again: online, card present
    assert wait_for(lambda: ready(handle) and handle.connected, timeout=20)
    assert handle.client().atr().result(10) == ATR


def test_without_pcscd_the_device_is_offline_with_one_line_and_the_rest_runs(pcscd,
                                                                               settings_env):
    if not pcscd.owned:
        pytest.skip("this pcscd was not started by the tests: not stopping it")
    pcscd.stop()
    with mock_manager(settings_env, "[printer]\ndriver = 'escpos'\nmock = true\n") as m:
        m.wait_ready(10)
        card = m.get("smartcard")
        assert card.status.state is DeviceState.NO_DEVICE
        assert "pcscd is not running" in card.status.detail and "\n" not in card.status.detail
        assert wait_for(lambda: m.get("printer").status.state is DeviceState.ONLINE)
        pcscd.ensure()
        assert wait_for(lambda: ready(card), timeout=20)


def test_a_configured_reader_that_is_not_there(pcscd, settings_env):
    configs = parse_devices("[ssc]\ndriver = 'pcsc'\nport = 'ACME Reader'\n", "d.toml")
    with DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1,
                       backoff_max=0.3) as m:
        m.wait_ready(10)
        status = m.get("ssc").status
        assert status.state is DeviceState.NO_DEVICE
        assert status.detail.startswith("ACME Reader: reader not found (pcscd lists: ")
        assert "'Virtual PCD 00 00'" in status.detail and "\n" not in status.detail
