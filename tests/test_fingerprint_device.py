"""Both fingerprint drivers against their simulators over a real pty (and TCP): the bytes on the
wire of a verification against a given template, match / no match / no finger / wet, dry and
partial images, wrong password, silent and garbage-talking modules, templates wiped and never
logged, and the waiting mode (place / lift / place again) in mock mode through the
DeviceManager."""
from __future__ import annotations

import logging

import pytest

from drivers.config import parse_devices
from drivers.core import fingers
from drivers.core.errors import DeviceTimeout, ProtocolError
from drivers.core.events import EventBus
from drivers.core.status import DeviceState, Recovery
from drivers.gt521f import frames as g
from drivers.gt521f.device import Gt521Fingerprint
from drivers.gt521f.simulator import Gt521Simulator
from drivers.kinds.fingerprint import (
    FORMAT_MINISTRY,
    MATCH_WITHOUT_SCORE,
    BadTemplate,
    FingerLifted,
    FingerPlaced,
    FingerprintReader,
    NoFinger,
    PoorImage,
    UnsupportedTemplate,
)
from drivers.manager import DeviceManager
from drivers.zfm import frames as z
from drivers.zfm.device import ZfmFingerprint
from drivers.zfm.errors import WrongPassword
from drivers.zfm.simulator import ZfmSimulator
from tests.waiting import wait_for

H = bytes.fromhex
MODELS = {"zfm": (ZfmSimulator, ZfmFingerprint), "gt521f": (Gt521Simulator, Gt521Fingerprint)}
DRIVERS = {"zfm": "zfm_fingerprint", "gt521f": "gt521f"}


class Recorder:
    def __init__(self, bus: EventBus) -> None:
        self.events: list = []
        bus.subscribe(self.events.append)

    def of(self, kind) -> list:
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture(params=sorted(MODELS))
def model(request):
    return request.param


@pytest.fixture
def sim(model, settings_env):
    s = MODELS[model][0]("fp").start()
    yield s
    s.stop()


def make(model, sim, options=None, timeout=2.0, poll=True):
    # a generous deadline (the machine is shared); tests of silence pass a short one
    bus = EventBus()
    dev = MODELS[model][1]("fp", sim.port, options or {}, timeout=timeout, events=bus)
    dev.rec = Recorder(bus)
    dev.open()
    dev.enable()
    if poll:  # the worker's first status poll
        dev.refresh_status()
    return dev


@pytest.fixture
def dev(model, sim):
    d = make(model, sim)
    yield d
    d.close()


def tpl(model: str, finger) -> bytearray:
    return bytearray(fingers.template(finger, model))


# ------------------------------------------------------------------ the bytes on the wire
def test_zfm_open_and_verify_send_the_documented_packets(settings_env):
    with ZfmSimulator("fp") as sim:
        dev = make("zfm", sim, poll=False)
        try:
            # open: the password, the system parameters, the template count
            assert bytes(sim.received) == H("EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B"
                                            "EF 01 FF FF FF FF 01 00 03 0F 00 13"
                                            "EF 01 FF FF FF FF 01 00 03 1D 00 21")
            sim.received.clear()
            sim.commands.clear()
            sim.place_finger(4)
            template = tpl("zfm", 4)
            assert dev.verify(template) > 0
            sent = bytes(sim.received)
            # DownChar into CharBuffer2, then the template in four 128-byte data packets
            assert sent.startswith(H("EF 01 FF FF FF FF 01 00 04 09 02 00 10"))
            packets = b"".join(bytes(p) for p in z.data_packets(bytes(template), 128))
            assert sent[13:13 + len(packets)] == packets
            rest = sent[13 + len(packets):]
            assert rest.startswith(H("EF 01 FF FF FF FF 01 00 03 01 00 05"  # GenImg
                                     "EF 01 FF FF FF FF 01 00 04 02 01 00 08"  # Img2Tz 1
                                     "EF 01 FF FF FF FF 01 00 03 03 00 07"))  # Match
            # and CharBuffer2 overwritten afterwards: the module keeps no copy
            assert sim.commands == [z.DOWN_CHAR, z.GEN_IMG, z.IMG2TZ, z.MATCH, z.DOWN_CHAR]
            # (the module does not acknowledge data packets: wait for it to take them in)
            assert wait_for(lambda: bytes(sim.char[2] or b"x") == bytes(512))
            assert sim.library == {}  # never the module's library
        finally:
            dev.close()


def test_gt521f_open_and_verify_use_one_scratch_slot_and_delete_it(settings_env):
    with Gt521Simulator("fp") as sim:
        dev = make("gt521f", sim, poll=False)
        try:
            # open with device info, delete a scratch template a power cut may have left,
            # backlight off
            assert bytes(sim.received) == H("55 AA 01 00 01 00 00 00 01 00 02 01"
                                            "55 AA 01 00 C7 00 00 00 40 00 07 02"
                                            "55 AA 01 00 00 00 00 00 12 00 12 01")
            assert dev.info.serial_number == sim.device_info.serial_number
            sim.received.clear()
            sim.commands.clear()
            sim.place_finger(4)
            template = tpl("gt521f", 4)
            assert dev.verify(template) == MATCH_WITHOUT_SCORE
            sent = bytes(sim.received)
            assert sent.startswith(H("55 AA 01 00 01 00 00 00 12 00 13 01"  # light on
                                     "55 AA 01 00 C7 00 00 00 71 00 38 02"))  # SetTemplate 199
            assert sent[24:24 + 504] == bytes(g.data_packet(template))
            assert sent[528:].startswith(H("55 AA 01 00 00 00 00 00 60 00 60 01"  # Capture
                                           "55 AA 01 00 C7 00 00 00 50 00 17 02"  # Verify 199
                                           "55 AA 01 00 C7 00 00 00 40 00 07 02"))  # DeleteID
            assert sim.commands == [g.CMOS_LED, g.SET_TEMPLATE, g.CAPTURE_FINGER, g.VERIFY,
                                    g.DELETE_ID, g.CMOS_LED]
            assert sim.database == {} and sim.max_slots_used == 1 and not sim.led
        finally:
            dev.close()


# ------------------------------------------------------------------------ outcomes
def test_match_no_match_and_no_finger(model, sim, dev):
    assert isinstance(dev, FingerprintReader)
    sim.place_finger(2)
    template = tpl(model, 2)
    assert dev.verify(template) > 0
    assert bytes(template) == fingers.template(2, model)  # the caller's copy: for a retry
    assert dev.verify(tpl(model, 3)) == 0
    sim.inject("no_match")
    assert dev.verify(template) == 0
    sim.clear()
    sim.lift_finger()
    with pytest.raises(NoFinger) as err:
        dev.run("verify", dev.verify, template)
    assert err.value.recovery is Recovery.RETRY and err.value.message_zh
    assert dev.status.state is DeviceState.ONLINE  # the citizen's finger, not a fault


@pytest.mark.parametrize("how", ["wet", "dry", "partial", "placed_wet", "placed_partial"])
def test_poor_images_say_lift_and_place_again(model, sim, dev, how):
    if how.startswith("placed_"):
        sim.place_finger(2, condition=how.removeprefix("placed_"))
    else:
        sim.place_finger(2)
        sim.inject(how)
    with pytest.raises(PoorImage) as err:
        dev.verify(tpl(model, 2))
    expected = {"zfm": {"wet": "messy", "placed_wet": "messy"}.get(how, "too_few_features"),
                "gt521f": "bad_finger"}[model]
    assert err.value.reason == expected and "再按一次" in err.value.message_zh
    sim.clear()
    sim.place_finger(2)
    assert dev.verify(tpl(model, 2)) > 0


def test_templates_in_another_format_are_refused_before_the_sensor(model, sim, dev):
    assert dev.capabilities().can_match_ministry_templates is False
    assert dev.info.capabilities["can_match_ministry_templates"] == "false"
    sim.received.clear()
    with pytest.raises(UnsupportedTemplate) as err:
        dev.verify(bytearray(fingers.template(1, "ministry")), FORMAT_MINISTRY)
    assert err.value.recovery is Recovery.NONE
    with pytest.raises(BadTemplate):
        dev.verify(bytearray(10))
    assert bytes(sim.received) == b""


def test_capture_makes_a_template_never_an_image(model, sim, dev):
    sim.place_finger(6)
    capture = dev.capture()
    assert capture.format == model and bytes(capture.template) == fingers.template(6, model)
    assert capture.quality in ("good", "fair", "poor")
    assert "template=" not in repr(capture)
    image_commands = {"zfm": {z.UP_IMAGE}, "gt521f": {g.GET_IMAGE, 0x63}}[model]  # 63: raw
    assert not image_commands & set(sim.commands)
    capture.wipe()
    assert bytes(capture.template) == bytes(len(capture.template))


def test_sensor_info_figures(model, sim, dev):
    info = dev.sensor_info()
    assert info.templates == 0 and info.security_level == 3
    assert info.capacity == {"zfm": 300, "gt521f": 200}[model]
    assert info.template_format == model


def test_no_template_in_any_log(model, sim, caplog):
    caplog.set_level(logging.DEBUG)
    dev = make(model, sim)
    try:
        sim.place_finger(8)
        template = tpl(model, 8)
        dev.verify(template)
        dev.verify(tpl(model, 9))
        capture = dev.capture()
        sim.inject("bad_checksum")
        with pytest.raises(ProtocolError):
            dev.verify(template)
    finally:
        dev.close()
    text = caplog.text
    body = bytes(template[4:20])
    for form in (body.hex(), body.hex().upper(), body.hex(" "), repr(body)[2:-1]):
        assert form not in text
    assert bytes(capture.template[4:20]).hex() not in text


# ------------------------------------------------------------------- wire failures
def test_silent_module_is_a_deadline_not_a_hang(model, sim):
    dev = make(model, sim, timeout=0.3)
    sim.place_finger(1)
    sim.inject("silent")
    with pytest.raises(DeviceTimeout) as err:
        dev.verify(tpl(model, 1))
    assert "no answer within" in str(err.value)
    with pytest.raises(DeviceTimeout):
        dev.sensor_info()
    dev.close()


def test_silent_module_at_open(model, sim):
    sim.inject("silent")
    dev = MODELS[model][1]("fp", sim.port, {}, timeout=0.2)
    with pytest.raises(DeviceTimeout):
        dev.open()
    dev.close()


def test_garbage_before_every_answer_is_skipped(model, sim, dev):
    sim.inject("garbage", count=23)
    sim.place_finger(5)
    assert dev.verify(tpl(model, 5)) > 0
    assert dev._decoder.noise_bytes > 0


def test_corrupted_answers_are_typed_errors(model, sim, dev):
    sim.inject("bad_checksum")
    sim.place_finger(5)
    with pytest.raises(ProtocolError, match="checksum"):
        dev.verify(tpl(model, 5))
    sim.clear()
    assert dev.verify(tpl(model, 5)) > 0


def test_a_reply_cut_off_is_a_protocol_error(model, sim):
    dev = make(model, sim, timeout=0.3)
    # the module stops mid-answer: the first five bytes of every answer, then nothing
    real_write = sim._write
    sim._write = lambda data: real_write(data[:5])
    with pytest.raises(ProtocolError, match="cut off after 5"):
        dev.sensor_info()
    sim._write = real_write
    dev.close()


def test_zfm_wrong_password(settings_env):
    with ZfmSimulator("fp", password=0x1234) as sim:
        dev = ZfmFingerprint("fp", sim.port, {}, timeout=0.5)
        with pytest.raises(WrongPassword) as err:
            dev.open()
        assert err.value.state is DeviceState.HARDWARE_ERROR
        assert err.value.recovery is Recovery.TECHNICIAN
        dev.close()
        dev = make("zfm", sim, {"password": 0x1234})
        dev.close()
        sim.inject("wrong_password")
        with pytest.raises(WrongPassword):
            make("zfm", sim, {"password": 0x1234})


def test_tcp_transport(model, settings_env):
    with MODELS[model][0]("fp", transport="tcp") as sim:
        assert sim.port.startswith("tcp://127.0.0.1:")
        dev = make(model, sim)
        try:
            sim.place_finger(3)
            assert dev.verify(tpl(model, 3)) > 0
        finally:
            dev.close()


# --------------------------------------------------------- waiting mode, mock mode
@pytest.fixture
def manager(model, settings_env):
    configs = parse_devices(f'[fingerprint]\ndriver = "{DRIVERS[model]}"\nmock = true\n'
                            'watch_interval = 0.05\nsim_pace = false\ntimeout = 1.0\n', "t")
    m = DeviceManager(configs, data_dir=settings_env / "data", poll_interval=0.1,
                      backoff_max=0.2)
    m.start()
    assert m.wait_ready(10)
    yield m
    m.stop()


def test_place_lift_place_again_in_mock_mode(model, manager):
    handle = manager.get("fingerprint")
    rec = Recorder(manager.events)
    client = handle.client()
    assert handle.is_mock and handle.contract is FingerprintReader
    assert client.capabilities().result(5).template_format == model
    client.arm().result(5)
    assert wait_for(lambda: handle.status.supplies.get("finger") == "absent")
    handle.mock.perform("place_finger", finger=7)
    assert wait_for(lambda: rec.of(FingerPlaced))
    assert handle.status.supplies["finger"] == "present"
    assert client.verify(tpl(model, 7)).result(5) > 0
    # the same placement gives no second event: lift (FingerLifted) and place again
    handle.mock.perform("lift_finger")
    assert wait_for(lambda: rec.of(FingerLifted))
    assert len(rec.of(FingerPlaced)) == 1
    handle.mock.perform("place_finger", finger=7, condition="wet")
    assert wait_for(lambda: len(rec.of(FingerPlaced)) == 2)
    with pytest.raises(PoorImage):
        client.verify(tpl(model, 7)).result(5)
    client.disarm().result(5)
    assert handle.status.supplies["finger"] == "unknown"


def test_silent_module_goes_offline_and_comes_back(model, manager):
    handle = manager.get("fingerprint")
    handle.mock.place_finger(1)
    handle.mock.inject("silent")
    with pytest.raises(DeviceTimeout):
        handle.client().verify(tpl(model, 1)).result(10)
    assert wait_for(lambda: handle.status.state is DeviceState.OFFLINE)
    handle.mock.clear()
    assert wait_for(lambda: handle.connected and handle.status.state is DeviceState.ONLINE,
                    timeout=10)
    assert handle.client().verify(tpl(model, 1)).result(10) > 0


def test_a_template_dumped_into_a_log_line_by_mistake_is_redacted(caplog):
    from kiosk.privacy import RedactingFilter

    logger = logging.getLogger("test.fingerprint.leak")
    logger.addFilter(RedactingFilter())
    template = fingers.template(3, "zfm")
    with caplog.at_level(logging.INFO, logger="test.fingerprint.leak"):
        logger.info("hex %s", template.hex())
        logger.info("spaced %s", template.hex(" ").upper())
        logger.info("repr %r", template)
        logger.info("gt %r", bytearray(fingers.template(3, "gt521f")))
        logger.info("a SHA-512 stays %s", "ab" * 64)
    messages = [r.getMessage() for r in caplog.records]
    assert all("[binary redacted]" in m and len(m) < 60 for m in messages[:4])
    assert messages[4].endswith("ab" * 64)
