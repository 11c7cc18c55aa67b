"""The social-security card reader (driver ``pcsc_ssc``) through the real pcscd and vpcd reader
driver with the virtual card: reading, third-generation authentication, waiting mode, faults
(wrong card, pulled out mid-read, mute), the issuing station (a mock dispenser puts its blank
card on the reader), and ``kiosk ssc read``."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from drivers.config import parse_devices
from drivers.core.apdu import CardCommunicationError, CardRemovedError
from drivers.core.registry import get_driver
from drivers.core.status import DeviceErrorEvent, DeviceState, MediaState
from drivers.kinds.smart_card import (
    NotSupported,
    SmartCardReader,
    SmartCardRemoved,
    SscCardRead,
)
from drivers.manager import DeviceManager
from drivers.ssc import PcscSscReader
from drivers.ssc.application import SELECT_SSSE, ScriptStep
from drivers.ssc.errors import WrongCard
from drivers.ssc.holders import HOLDERS, atr_for
from drivers.ssc.secure import cryptogram
from tests.pcscd import card_present, pcscd  # noqa: F401 - fixture
from tests.waiting import wait_for

READER = "Virtual PCD 00 00"
DEVICES = """
[smartcard]
driver = "pcsc_ssc"
mock = true
timeout = 2.0
watch_interval = 0.05
sim_card = "{card}"
{extra}
"""
STATION = """
[card_dispenser]
driver = "crt591"
mock = true
timeout = 1.0
sim_reader = "smartcard"
sim_move_delay = 0.05
"""


def start(settings_env, card: str = "none", extra: str = "") -> DeviceManager:
    configs = parse_devices(DEVICES.format(card=card, extra=extra), "devices.toml")
    return DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1,
                         backoff_max=0.3).start()


@pytest.fixture
def stack(pcscd, settings_env):
    made = []

    def make(card: str = "none", extra: str = "") -> DeviceManager:
        assert wait_for(lambda: not card_present(READER), timeout=10)
        m = start(settings_env, card, extra)
        made.append(m)
        assert wait_for(lambda: m.get("smartcard").connected, timeout=10)
        return m

    yield make
    for m in made:
        m.stop()
    assert wait_for(lambda: not card_present(READER), timeout=10)


def present(handle) -> bool:
    return handle.status.supplies.get("card") == MediaState.PRESENT


def test_the_driver_is_a_smartcard_reader_and_the_generic_one_says_what_it_cannot(settings_env):
    spec = get_driver("pcsc_ssc")
    assert spec.kind == "smartcard" and spec.device_class is PcscSscReader
    assert issubclass(PcscSscReader, SmartCardReader)
    assert "read_ssc" in SmartCardReader.OPERATIONS and SscCardRead in SmartCardReader.EVENTS
    generic = get_driver("pcsc").device_class("r", READER)
    with pytest.raises(NotSupported, match='need driver "pcsc_ssc"'):
        generic.read_ssc()


def test_reading_a_card_through_pcscd(stack):
    m = stack("zhangsan")
    h = m.get("smartcard")
    assert h.device.port == READER
    assert wait_for(lambda: present(h), timeout=10)
    card = h.client().read_ssc().result(10)
    z = HOLDERS["zhangsan"]
    assert (card.card_number, card.id_number, card.full_name) == (z.card_number, z.id_number,
                                                                 "张三")
    assert card.birth_date == date(1985, 6, 15) and card.atr == atr_for(2)
    assert h.mock.apdus[0] == SELECT_SSSE
    assert h.describe()["info"]["capabilities"]["application"] == "SSSE"


def test_a_third_generation_card_reads_after_back_end_authentication(stack):
    m = stack("lisi")
    c = m.get("smartcard").client()
    c.wait_card(5).result(10)
    card = c.read_ssc().result(10)
    assert card.holder_locked and card.card_number == "A00000022" and card.name == ""
    challenge = c.challenge().result(10)
    step = {"apdu": ("0082000108" + cryptogram(card.card_id_code, challenge).hex()),
            "expect": ["9000"], "label": "authenticate"}
    full = c.read_ssc(select=False, auth=[step]).result(10)
    assert not full.holder_locked and full.full_name == "李四"


def test_waiting_mode_reads_an_inserted_card_and_reports_a_wrong_one(stack):
    m = stack()
    h = m.get("smartcard")
    events = []
    m.events.subscribe(events.append)
    h.client().arm().result(10)
    h.mock.perform("place_card", card="wangwu")
    assert wait_for(lambda: any(isinstance(e, SscCardRead) for e in events), timeout=10)
    read = next(e for e in events if isinstance(e, SscCardRead))
    assert read.card.card_number == "A00000033" and read.device == "smartcard"
    h.mock.perform("remove_card")
    assert wait_for(lambda: any(isinstance(e, SmartCardRemoved) for e in events), timeout=10)
    h.mock.perform("place_card", card="foreign")
    assert wait_for(lambda: any(isinstance(e, DeviceErrorEvent) for e in events), timeout=10)
    err = next(e for e in events if isinstance(e, DeviceErrorEvent))
    assert err.operation == "read_ssc" and isinstance(err.error, WrongCard)
    assert h.status.state is DeviceState.ONLINE  # the card was wrong, not the reader
    h.client().disarm().result(10)
    h.mock.perform("remove_card")


def test_a_card_pulled_out_mid_read_and_a_mute_card(stack):
    m = stack("zhangsan")
    h = m.get("smartcard")
    assert wait_for(lambda: present(h), timeout=10)
    h.mock.inject("removed_mid_read", after=2)
    with pytest.raises(CardRemovedError):
        h.client().read_ssc().result(10)
    assert h.status.state is DeviceState.ONLINE
    assert wait_for(lambda: h.status.supplies["card"] == MediaState.ABSENT, timeout=10)
    h.mock.inject("mute")
    h.mock.perform("place_card", card="zhangsan")
    with pytest.raises(CardCommunicationError):
        h.client().wait_card(3).result(10)
    h.mock.clear("mute")
    assert h.client().wait_card(5).result(10) == atr_for(2)
    assert h.client().read_ssc().result(10).card_number == "A00000011"


def test_the_issuing_station_a_dispensed_blank_card_appears_on_the_reader(stack):
    m = stack(extra=STATION)
    reader, dispenser = m.get("smartcard"), m.get("card_dispenser")
    assert wait_for(lambda: dispenser.connected, timeout=10)
    assert not present(reader)
    dispenser.client().to_ic_position().result(10)
    r = reader.client()
    assert r.wait_card(5).result(10) == atr_for(3)
    issue = r.prepare_issue().result(10)
    assert issue.blank and issue.version == "3.00" and issue.atr == atr_for(3)
    assert issue.card_id_code == dispenser.simulator.mech.card.card_id_code
    dispenser.client().eject().result(10)  # off the contacts, to the gate
    assert wait_for(lambda: not card_present(READER), timeout=10)
    assert dispenser.client().capture().result(10) is True
    mech = dispenser.simulator.mech
    assert mech.picked == 1 and mech.rejected[0].card_id_code == issue.card_id_code


def test_a_script_write_failure_on_the_real_stack(stack):
    m = stack("blank2")  # second generation: plain writes after the authentication
    r = m.get("smartcard")
    r.mock.inject("write_fail")
    c = r.client()
    c.wait_card(5).result(10)
    issue = c.prepare_issue().result(10)
    steps = [ScriptStep(bytes.fromhex("0082000108") + cryptogram(issue.card_id_code,
                                                                 issue.challenge)),
             ScriptStep(bytes.fromhex("00DC052C06050420250318"), label="write 05")]
    from drivers.ssc.errors import CardWriteFailed

    with pytest.raises(CardWriteFailed, match="write 05.*SW 6581"):
        c.run_script(steps).result(10)


def _cli(settings_env, *args) -> subprocess.CompletedProcess:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
           "KIOSK__KIOSK__DATA_DIR": str(settings_env / "data"),
           "XDG_RUNTIME_DIR": str(settings_env / "run")}
    return subprocess.run([sys.executable, "-m", "kiosk", "ssc", *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_cli_read(pcscd, settings_env):
    devices = settings_env / "devices.toml"
    devices.write_text("[smartcard]\ndriver = 'pcsc_ssc'\nmock = true\n")  # vpcd 35963
    assert wait_for(lambda: not card_present(READER), timeout=10)
    r = _cli(settings_env, "read", "--mock", "--devices", str(devices), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) >= {"card_number", "id_number", "name", "gender", "nation", "birth_date",
                        "issue_date", "expiry_date", "card_id_code", "issuer", "atr"}
    assert doc["card_number"] == "A00000011" and doc["name"] == "张三" and doc["mock"] is True
    assert doc["birth_date"] == "1985-06-15" and doc["atr"] == atr_for(2).hex().upper()
    assert wait_for(lambda: not card_present(READER), timeout=10)
    r = _cli(settings_env, "read", "--mock", "--devices", str(devices), "--card", "blank3")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "blank" in r.stderr
    assert wait_for(lambda: not card_present(READER), timeout=10)
    r = _cli(settings_env, "read", "--mock", "--devices", str(devices), "--card", "foreign")
    assert r.returncode == 1 and "no social-security application" in r.stderr
    assert "Traceback" not in r.stderr
