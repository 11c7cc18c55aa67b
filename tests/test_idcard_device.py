"""The driver against its simulator over a real pty: the full sequence, every fault with its
typed error, recovery after each, and the waiting mode's events."""
import logging

import pytest

from drivers.core.counters import Counters
from drivers.core.errors import DeviceDisconnected, DeviceError, DeviceTimeout, NotReady
from drivers.core.events import EventBus
from drivers.core.status import DeviceErrorEvent, DeviceState, MediaState
from drivers.core.worker import DeviceWorker
from drivers.idcard.card import CardType
from drivers.idcard.device import IdCardDevice
from drivers.idcard.events import CardLeftOnReader, CardRead, CardRemoved
from drivers.idcard.frames import encode_command
from drivers.idcard.simulator import IdCardSimulator
from drivers.idcard.sw3 import (
    AuthenticationFailed,
    CardStillOnReader,
    CorruptFrame,
    FrameRejected,
    NoCard,
    ReadFailed,
    SamNotAuthorised,
    SelectFailed,
    TruncatedFrame,
)
from tests.waiting import wait_for

TIMEOUT = 0.5
FIND_CARD = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")
SAM_STATUS = bytes.fromhex("AA AA AA 96 69 00 03 11 FF ED")



@pytest.fixture
def sim(settings_env):
    s = IdCardSimulator("idcard", card="resident").start()
    yield s
    s.stop()


@pytest.fixture
def dev(sim):
    d = IdCardDevice("idcard", sim.port, {}, timeout=TIMEOUT)
    d.open()
    d.enable()
    yield d
    d.close()


def test_open_identifies_the_sam_and_the_exact_command_bytes(sim, dev):
    assert dev.info.serial_number == "05.01-20240102-0000001234-0012345678"
    assert dev.refresh_status().state is DeviceState.ONLINE
    sim.received.clear()
    card = dev.read_card()
    assert card.card_type is CardType.RESIDENT and card.name == "张三"
    assert bytes(sim.received) == (encode_command(0x20, 0x01) + encode_command(0x20, 0x02)
                                   + encode_command(0x30, 0x01))
    dev.reset_sam()
    assert dev.status.supplies["card"] == MediaState.PRESENT


def test_fingerprint_and_appended_address(sim):
    sim.place_card("resident_senior")
    d = IdCardDevice("idcard", sim.port, {"fingerprint": True, "appended_address": True},
                     timeout=TIMEOUT)
    d.open()
    try:
        card = d.read_card()
        assert card.fingerprint == b"" and card.appended_addresses == ["上海市浦东新区虚构路9号"]
        sim.place_card("resident")  # has a 1024-byte fingerprint, no appended address (91)
        card = d.read_card()
        assert len(card.fingerprint) == 1024 and card.appended_addresses == []
        assert len(card.photo_wlt) == 1024
    finally:
        d.close()


# ----------------------------------------------------------------- faults
def test_no_card(sim, dev):
    sim.remove_card()
    with pytest.raises(NoCard) as err:
        dev.read_card()
    assert err.value.sw3 == 0x80 and "未检测到身份证" in err.value.message_zh
    assert err.value.state is None  # the reader itself is fine
    assert dev.status.supplies["card"] == MediaState.ABSENT
    sim.place_card("hmt")
    assert dev.read_card().card_type is CardType.HMT_RESIDENCE_PERMIT


@pytest.mark.parametrize("fault,params,error", [
    ("select_fail", {}, SelectFailed),
    ("read_fail", {}, ReadFailed),
    ("auth_fail", {}, AuthenticationFailed),
    ("auth_fail", {"sw3": 0x31}, AuthenticationFailed),
])
def test_card_side_faults_then_recovery(sim, dev, fault, params, error):
    sim.inject(fault, **params)
    with pytest.raises(error) as err:
        dev.read_card()
    assert err.value.message_zh and err.value.message
    assert "\n" not in str(err.value)
    sim.clear(fault)
    # a failed select/read leaves the card fresh: the next read works without re-placing
    assert dev.read_card().name == "张三"


def test_sam_not_authorised_is_a_hardware_error(sim, dev):
    sim.inject("sam_unauthorised")
    with pytest.raises(SamNotAuthorised) as err:
        dev.read_card()
    assert err.value.state is DeviceState.HARDWARE_ERROR
    assert dev.poll_status().state is DeviceState.HARDWARE_ERROR
    sim.clear()
    assert dev.refresh_status().state is DeviceState.ONLINE
    assert dev.read_card().name == "张三"


def test_corrupt_checksum_fails_fast_and_recovers(sim, dev):
    sim.inject("bad_checksum")
    # a deadline far beyond the per-test timeout: failing at all proves it did not sit the
    # deadline out (waiting would also end in CorruptFrame, only an hour later)
    dev.timeout = 3600.0
    with pytest.raises(CorruptFrame, match="checksum"):
        dev.read_card()
    sim.clear("bad_checksum")
    # the SAM did read the card, so it has to be placed again, and says so
    with pytest.raises(CardStillOnReader):
        dev.read_card()
    sim.replace_card()
    assert dev.read_card().name == "张三"


def test_truncated_frame_is_told_apart_from_silence(sim, dev):
    sim.inject("truncate", keep=600)
    with pytest.raises(TruncatedFrame, match="600 of 1295"):
        dev.read_card()
    sim.clear("truncate")
    sim.replace_card()
    assert dev.read_card().name == "张三"


def test_silence_is_a_timeout_within_the_deadline(sim, dev):
    sim.inject("silent")
    with pytest.raises(DeviceTimeout):
        dev.read_card()
    sim.clear("silent")
    assert dev.read_card().name == "张三"  # stale bytes are discarded, the line recovers


def test_bytes_trickling_one_by_one(sim, dev):
    sim.inject("trickle", delay=0.0001)
    dev.timeout = 5.0
    assert dev.read_card().name == "张三"


def test_noise_before_every_preamble(sim, dev):
    sim.inject("noise")
    sim.place_card("foreign2023")
    card = dev.read_card()
    assert card.name_en == "MUSTERFRAU, ERIKA ANNA-MARIA TESTPERSON"
    assert dev._decoder.noise_bytes > 0


def test_card_left_on_the_reader(sim, dev):
    sim.inject("card_left")
    with pytest.raises(CardStillOnReader) as err:
        dev.read_card()
    assert "重新放置" in err.value.message_zh
    assert dev.status.supplies["card"] == MediaState.PRESENT
    sim.replace_card()
    assert dev.read_card().name == "张三"


def test_unknown_command_is_rejected_by_the_sam(dev):
    frame = dev.exchange((0x99, 0x01), "probe")
    assert frame.sw3 == 0x21
    with pytest.raises(FrameRejected):
        dev._expect_ok(frame, "probe")


def test_unplug_and_replug_without_restart(sim, dev):
    sim.unplug()
    with pytest.raises((DeviceDisconnected, DeviceTimeout)):
        dev.read_card()
    dev.close()
    with pytest.raises(DeviceDisconnected):
        dev.open()
    sim.replug()
    dev.open()
    assert dev.read_card().name == "张三"


def test_same_driver_over_tcp(settings_env):
    with IdCardSimulator("idcard", card="foreign2017", transport="tcp") as tsim:
        d = IdCardDevice("idcard", tsim.port, {}, timeout=TIMEOUT)
        d.open()
        try:
            assert tsim.port.startswith("tcp://127.0.0.1:")
            assert d.read_card().name_en == "DOE, JOHN"
        finally:
            d.close()


def test_operations_on_a_closed_device_are_typed(sim):
    d = IdCardDevice("idcard", sim.port, {}, timeout=TIMEOUT)
    with pytest.raises(NotReady):
        d.read_card()


def test_logs_hold_no_card_data(sim, dev, caplog):
    with caplog.at_level(logging.DEBUG):
        card = dev.read_card()
    assert card.id_number not in caplog.text and card.name not in caplog.text
    assert card.address not in caplog.text
    assert card.masked_id in caplog.text


# ----------------------------------------------------------------- waiting mode
@pytest.fixture
def watched(sim, tmp_path):
    bus = EventBus()
    events = []
    bus.subscribe(events.append)
    d = IdCardDevice("idcard", sim.port, {"watch_interval": 0.05}, timeout=TIMEOUT,
                     events=bus, counters=Counters(tmp_path / "c.json"))
    w = DeviceWorker(d, poll_interval=0.2, backoff_initial=0.05, backoff_max=0.2)
    w.start()
    assert w.wait_connected(3)
    yield d, w, events
    w.stop()


def of(events, kind):
    return [e for e in events if isinstance(e, kind)]


def test_waiting_mode_reads_once_per_placement(sim, watched):
    d, w, events = watched
    w.call("arm", lambda dev: dev.arm(), 2)
    assert wait_for(lambda: of(events, CardRead))
    first = of(events, CardRead)[0]
    assert first.card.name == "张三" and first.device == "idcard"
    looks = sim.received.count(FIND_CARD)
    # several looks while the card stays: still one read
    assert wait_for(lambda: sim.received.count(FIND_CARD) >= looks + 3)
    assert len(of(events, CardRead)) == 1 and sim.reads == 1
    assert d.status.supplies["card"] == MediaState.PRESENT
    sim.remove_card()
    assert wait_for(lambda: of(events, CardRemoved))
    assert wait_for(lambda: d.status.supplies["card"] == MediaState.ABSENT)
    sim.place_card("foreign2017")
    assert wait_for(lambda: len(of(events, CardRead)) == 2)
    assert of(events, CardRead)[1].card.card_type is CardType.FOREIGN_PERMANENT_2017
    # a new session: the card is lifted and placed again, and read again
    w.call("disarm", lambda dev: dev.disarm(), 2)
    sim.replace_card()
    w.call("arm", lambda dev: dev.arm(), 2)
    assert wait_for(lambda: len(of(events, CardRead)) == 3)
    assert not of(events, CardLeftOnReader)


def test_waiting_mode_card_already_read_on_the_reader(sim, watched):
    d, w, events = watched
    sim.inject("card_left")
    w.call("arm", lambda dev: dev.arm(), 2)
    assert wait_for(lambda: of(events, CardLeftOnReader))
    looks = sim.received.count(FIND_CARD)
    assert wait_for(lambda: sim.received.count(FIND_CARD) >= looks + 3)  # more looks, no news
    assert not of(events, CardRead) and len(of(events, CardLeftOnReader)) == 1
    sim.replace_card()
    assert wait_for(lambda: of(events, CardRead))


def test_waiting_mode_read_failure_then_recovery(sim, watched):
    d, w, events = watched
    sim.inject("read_fail")
    w.call("arm", lambda dev: dev.arm(), 2)
    assert wait_for(lambda: any(isinstance(e.error, ReadFailed)
                                for e in of(events, DeviceErrorEvent)))
    assert not of(events, CardRead)
    assert d.status.state is DeviceState.ONLINE  # a card-side failure leaves the reader online
    sim.clear("read_fail")
    assert wait_for(lambda: of(events, CardRead))


def test_waiting_mode_sam_fault_is_reported_once_and_cleared(sim, watched):
    d, w, events = watched
    sim.inject("sam_unauthorised")
    w.call("arm", lambda dev: dev.arm(), 2)
    assert wait_for(lambda: d.status.state is DeviceState.HARDWARE_ERROR)
    polls = sim.received.count(SAM_STATUS)
    # several ticks: polled quietly, not one error per tick
    assert wait_for(lambda: sim.received.count(SAM_STATUS) >= polls + 2)
    assert len(of(events, DeviceErrorEvent)) == 1
    sim.clear("sam_unauthorised")
    assert wait_for(lambda: d.status.state is DeviceState.ONLINE)
    assert wait_for(lambda: of(events, CardRead))


def test_disarmed_reader_only_polls_status(sim, watched):
    d, w, events = watched
    polls = sim.received.count(SAM_STATUS)
    assert wait_for(lambda: sim.received.count(SAM_STATUS) >= polls + 2)  # several ticks
    assert sim.reads == 0 and not of(events, CardRead)
    assert d.status.supplies["card"] == MediaState.UNKNOWN
    assert b"\x20\x01" not in bytes(sim.received)  # never looked for a card


def test_jobs_still_run_while_armed(sim, watched):
    d, w, events = watched
    w.call("arm", lambda dev: dev.arm(), 2)
    assert w.call("sam_id", lambda dev: dev.read_sam_id(), 2).startswith("05.01")


def test_every_error_is_a_device_error_subclass():
    from drivers.idcard import sw3

    for cls, _ in sw3.SW3_TABLE.values():
        assert issubclass(cls, DeviceError)
        assert cls.message_zh


def test_noise_fault_takes_hex_from_the_prompt_and_rejects_bad_hex(settings_env):
    from drivers.idcard.simulator import IdCardSimulator

    sim = IdCardSimulator("idcard")  # not started: only the fault bookkeeping
    sim.inject("noise", data="00 aa 55")
    assert sim.active_faults["noise"]["data"] == b"\x00\xaa\x55"
    with pytest.raises(ValueError):
        sim.inject("noise", data="not hex")
