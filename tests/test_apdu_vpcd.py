"""The APDU transport family: vpcd's framing from literal bytes (the test plays vpcd), the
status-word rules, and the real stack – pcscd + vpcd + pyscard + a virtual card – with its
failures typed: card pulled mid-command, a card that never answers, garbage, no card."""
import socket

import pytest

from drivers.core.apdu import (
    ApduResponse,
    CardCommunicationError,
    CardRemovedError,
    NoCardError,
    PcscTransport,
    StatusWordError,
    command,
    exchange,
    with_le,
)
from drivers.core.errors import DeviceDisconnected, DeviceTimeout
from drivers.core.status import Recovery
from drivers.core.vpcd import FrameBuffer, VpcdCard, frame, reader_for
from drivers.smartcard.simulator import FictitiousCard
from tests.pcscd import card_present, pcscd  # noqa: F401 - fixture
from tests.waiting import wait_for

READER = "Virtual PCD 00 00"
# the fictitious card's ATR, written out: 3B | T0 8A | TD1 80 | TD2 01 | "KIOSK-TEST" | TCK 65
ATR = bytes.fromhex("3B 8A 80 01 4B 49 4F 53 4B 2D 54 45 53 54 65")
SELECT_AID = bytes.fromhex("00 A4 04 0C 07 F0 4B 49 4F 53 4B 01")  # no FCI wanted
SELECT_AID_FCI = bytes.fromhex("00 A4 04 00 07 F0 4B 49 4F 53 4B 01")  # FCI wanted
SELECT_OTHER = bytes.fromhex("00 A4 04 0C 07 F0 4B 49 4F 53 4B 02")
SELECT_EF = bytes.fromhex("00 A4 02 0C 02 01 01")
READ_5 = bytes.fromhex("00 B0 00 00 05")


# ------------------------------------------------------------ vpcd's wire alone
class FakeVpcd:
    """The test plays vpcd: a listener the card connects to, and the raw byte stream."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(10)
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn, _ = self.server.accept()
        self.conn.settimeout(10)

    def send(self, data: bytes) -> None:
        self.conn.sendall(data)

    def recv_exactly(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                raise EOFError(f"card closed after {buf.hex(' ')}")
            buf += chunk
        return buf

    def close(self) -> None:
        for s in (self.conn, self.server):
            if s is not None:
                s.close()


@pytest.fixture
def fake_vpcd():
    v = FakeVpcd()
    yield v
    v.close()


def test_frames_are_a_two_byte_big_endian_length_and_the_payload():
    assert frame(b"\x01") == bytes.fromhex("00 01 01")
    assert frame(SELECT_AID) == bytes.fromhex("00 0C 00 A4 04 0C 07 F0 4B 49 4F 53 4B 01")
    assert frame(bytes(300))[:2] == bytes.fromhex("01 2C")
    buf = FrameBuffer()
    # split anywhere, joined anyhow: the same messages come out
    assert buf.feed(bytes.fromhex("00")) == []
    assert buf.feed(bytes.fromhex("01 04 00 02")) == [b"\x04"]
    assert buf.feed(bytes.fromhex("90 00 00 00")) == [b"\x90\x00", b""]
    assert reader_for(35963) == "Virtual PCD 00 00"
    assert reader_for(35964) == "Virtual PCD 00 01"
    with pytest.raises(ValueError, match="give reader="):
        reader_for(4000)


def test_the_card_answers_vpcd_in_literal_bytes(fake_vpcd):
    card = FictitiousCard(vpcd_port=fake_vpcd.port, reader="Fake PCD 00 00")
    assert card.port == "Fake PCD 00 00"  # what the driver opens: the reader's name
    with card:
        fake_vpcd.accept()
        fake_vpcd.send(bytes.fromhex("00 01 01"))  # power on: no answer
        fake_vpcd.send(bytes.fromhex("00 01 04"))  # get ATR
        assert fake_vpcd.recv_exactly(17) == bytes.fromhex(
            "00 0F 3B 8A 80 01 4B 49 4F 53 4B 2D 54 45 53 54 65")
        assert card.powered
        # an APDU, its 2-byte length in front, arriving in two TCP pieces
        fake_vpcd.send(bytes.fromhex("00 0C 00 A4 04"))
        fake_vpcd.send(bytes.fromhex("0C 07 F0 4B 49 4F 53 4B 01"))
        assert fake_vpcd.recv_exactly(4) == bytes.fromhex("00 02 90 00")
        fake_vpcd.send(frame(SELECT_OTHER))
        assert fake_vpcd.recv_exactly(4) == bytes.fromhex("00 02 6A 82")
        # READ BINARY before an EF is selected, then of EF 0101 (five bytes: "KIOSK")
        fake_vpcd.send(frame(SELECT_AID) + frame(READ_5))
        assert fake_vpcd.recv_exactly(8) == bytes.fromhex("00 02 90 00 00 02 69 86")
        fake_vpcd.send(frame(SELECT_EF) + frame(READ_5))
        assert fake_vpcd.recv_exactly(4 + 9) == bytes.fromhex(
            "00 02 90 00 00 07 4B 49 4F 53 4B 90 00")
        # READ BINARY by SFI 1 (P1 81) at offset 6, Le past the end: 6C with what is left
        fake_vpcd.send(frame(bytes.fromhex("00 B0 81 06 40")))
        assert fake_vpcd.recv_exactly(4) == bytes.fromhex("00 02 6C 13")
        fake_vpcd.send(frame(bytes.fromhex("00 B0 81 06 13")))
        assert fake_vpcd.recv_exactly(2 + 21) == bytes.fromhex("00 15") + \
            b"TEST CARD NO.000001" + b"\x90\x00"
        # a reset forgets the selection
        fake_vpcd.send(bytes.fromhex("00 01 02") + frame(READ_5))
        assert fake_vpcd.recv_exactly(4) == bytes.fromhex("00 02 69 86")
        assert card.apdus[0] == SELECT_AID

        card.perform("remove_card")  # the card leaves: vpcd sees the connection end
        assert fake_vpcd.conn.recv(16) == b""


def test_faults_on_the_wire(fake_vpcd):
    card = FictitiousCard(vpcd_port=fake_vpcd.port, reader="Fake PCD 00 00")
    with card:
        fake_vpcd.accept()
        card.inject("garbage")
        fake_vpcd.send(frame(SELECT_AID))
        assert fake_vpcd.recv_exactly(3) == bytes.fromhex("00 01 EE")
        card.inject("garbage", data="6F")
        fake_vpcd.send(frame(SELECT_AID))
        assert fake_vpcd.recv_exactly(3) == bytes.fromhex("00 01 6F")
        card.clear("garbage")

        card.inject("silent")
        fake_vpcd.send(bytes.fromhex("00 01 04") + frame(SELECT_AID))
        assert wait_for(lambda: card.received.endswith(frame(SELECT_AID)))
        fake_vpcd.conn.settimeout(0.05)
        with pytest.raises(TimeoutError):
            fake_vpcd.conn.recv(1)  # nothing comes while silent
        fake_vpcd.conn.settimeout(10)
        card.clear("silent")  # the hung card wakes up and answers what is pending, in order
        assert fake_vpcd.recv_exactly(17 + 4) == frame(ATR) + bytes.fromhex("00 02 90 00")

        card.inject("trickle", delay=0)
        fake_vpcd.send(frame(SELECT_AID))
        assert fake_vpcd.recv_exactly(4) == bytes.fromhex("00 02 90 00")
        card.clear()

        card.inject("pull_mid_apdu")
        fake_vpcd.send(frame(SELECT_AID))
        assert fake_vpcd.conn.recv(16) == b""  # pulled out instead of answering
        assert not card.inserted and "pull_mid_apdu" not in card.active_faults

        card.perform("place_card")  # in again: a new connection, a fresh card
        fake_vpcd.accept()
        fake_vpcd.send(frame(READ_5))
        assert fake_vpcd.recv_exactly(4) == bytes.fromhex("00 02 69 86")
        card.inject("unplug")  # the same as pulling it out; clearing puts it back
        assert fake_vpcd.conn.recv(16) == b"" and card.running
        card.clear("unplug")
        fake_vpcd.accept()
        fake_vpcd.send(bytes.fromhex("00 01 04"))
        assert fake_vpcd.recv_exactly(17) == frame(ATR)


def test_a_vpcd_card_needs_an_atr_and_an_apdu_handler():
    class Half(VpcdCard):
        @property
        def atr(self) -> bytes:
            return ATR

    with pytest.raises(TypeError, match="on_apdu"):
        Half()
    card = FictitiousCard()
    assert set(card.faults()) >= {"silent", "unplug", "garbage", "slow", "pull_mid_apdu"}
    assert set(card.actions()) == {"place_card", "remove_card"}
    assert card.port == READER and card.vpcd_port == 35963
    assert FictitiousCard(vpcd_port=35964).port == "Virtual PCD 00 01"


# --------------------------------------------------------- the status-word rules
class ScriptedCard:
    """A transmit function answering from a script, recording what was sent."""

    def __init__(self, *answers: str) -> None:
        self.answers = [bytes.fromhex(a) for a in answers]
        self.sent: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.answers.pop(0)


def test_61xx_fetches_with_get_response_and_6Cxx_resends_with_the_le_asked_for():
    card = ScriptedCard("61 04", "0A 0B 61 02", "0C 0D 90 00")
    response = exchange(card, SELECT_AID_FCI)
    assert response == ApduResponse(bytes.fromhex("0A 0B 0C 0D"), 0x90, 0x00)
    assert card.sent == [SELECT_AID_FCI, bytes.fromhex("00 C0 00 00 04"),
                         bytes.fromhex("00 C0 00 00 02")]

    card = ScriptedCard("6C 13", "41 42 90 00")
    assert exchange(card, bytes.fromhex("00 B0 81 06 40")).data == b"AB"
    assert card.sent[1] == bytes.fromhex("00 B0 81 06 13")

    card = ScriptedCard("6A 82")
    response = exchange(card, SELECT_OTHER)
    assert response.sw == 0x6A82 and not response.ok
    with pytest.raises(StatusWordError, match=r"SW 6A82 \(file or application not found\)") as e:
        response.check()
    assert e.value.sw == 0x6A82 and e.value.state is None
    assert response.check(0x9000, 0x6A82) is response

    with pytest.raises(CardCommunicationError, match="1 byte"):
        exchange(ScriptedCard("EE"), SELECT_AID)


def test_building_short_apdus():
    assert command(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("F0 4B 49 4F 53 4B 01")) == SELECT_AID
    assert command(0x00, 0xB0, 0x00, 0x00, le=256) == bytes.fromhex("00 B0 00 00 00")
    assert command(0x00, 0x84, 0x00, 0x00, le=8) == bytes.fromhex("00 84 00 00 08")
    assert with_le(bytes.fromhex("00 B0 00 00"), 5) == READ_5  # case 1 → 2
    assert with_le(READ_5, 0x13) == bytes.fromhex("00 B0 00 00 13")  # case 2
    assert with_le(SELECT_AID, 0) == SELECT_AID + b"\x00"  # case 3 → 4
    assert with_le(SELECT_AID + b"\x00", 0x0B) == SELECT_AID + b"\x0b"  # case 4
    with pytest.raises(ValueError, match="255"):
        command(0, 0xD6, 0, 0, bytes(256))
    assert repr(ApduResponse(b"secret", 0x90, 0)) == "ApduResponse(6 bytes, SW 9000)"


# -------------------------------------------------------------- the real stack
@pytest.fixture
def card(pcscd):
    # pcscd notices a card leaving at its next presence poll: wait for the last test's card
    # to be gone, so "present" below means this card
    assert wait_for(lambda: not card_present(READER), timeout=10)
    c = FictitiousCard().start()
    yield c
    c.stop()
    assert wait_for(lambda: not card_present(READER), timeout=10)


@pytest.fixture
def channel(pcscd):
    t = PcscTransport(READER, timeout=2.0)
    t.open()
    yield t
    t.close()


def present(channel) -> bool:
    return channel.reader_state().present


def test_round_trip_through_pcscd(card, channel):
    assert wait_for(lambda: present(channel), timeout=10)
    assert channel.reader_state().atr == ATR  # from pcscd, without touching the card
    assert channel.atr() == ATR
    assert channel.transmit(SELECT_AID) == bytes.fromhex("90 00")
    assert channel.transmit(SELECT_OTHER) == bytes.fromhex("6A 82")
    channel.transmit(SELECT_AID)
    assert channel.transmit(SELECT_EF) == bytes.fromhex("90 00")
    assert channel.transmit(READ_5) == b"KIOSK" + bytes.fromhex("90 00")
    # through exchange(): the FCI behind 61 0B, and 6C 19 answered by re-sending with Le 19
    fci = channel.exchange(SELECT_AID_FCI)
    assert fci.ok and fci.data == bytes.fromhex("6F 09 84 07 F0 4B 49 4F 53 4B 01")
    channel.transmit(SELECT_EF)
    assert channel.exchange(bytes.fromhex("00 B0 00 00 40")).data == \
        b"KIOSK TEST CARD NO.000001"
    assert card.apdus[-5:] == [SELECT_AID_FCI, bytes.fromhex("00 C0 00 00 0B"), SELECT_EF,
                               bytes.fromhex("00 B0 00 00 40"), bytes.fromhex("00 B0 00 00 19")]


def test_a_prefix_or_any_reader_finds_the_card(card, pcscd):
    with pytest.raises(DeviceDisconnected, match="names several readers"):
        PcscTransport("Virtual PCD", timeout=2.0).open()  # both vpcd readers match
    with PcscTransport("Virtual PCD 00 00"[:-1] + "0", timeout=2.0) as exact:
        assert exact.reader == READER
    with PcscTransport("*", timeout=2.0) as anyone:
        assert wait_for(lambda: anyone.reader_state().present, timeout=10)
        assert anyone.atr() == ATR
        assert anyone.reader == READER


def test_an_unknown_reader_is_disconnected_with_what_pcscd_lists(pcscd):
    with pytest.raises(DeviceDisconnected) as exc:
        PcscTransport("ACME Reader 00 00").open()
    text = str(exc.value)
    assert "\n" not in text and "not found" in text and "'Virtual PCD 00 00'" in text


def test_card_removed_mid_exchange_is_a_typed_retry(card, channel):
    assert wait_for(lambda: present(channel), timeout=10)
    channel.transmit(SELECT_AID)
    card.inject("pull_mid_apdu")
    with pytest.raises(CardRemovedError) as exc:
        channel.transmit(READ_5)
    assert exc.value.state is None and exc.value.recovery is Recovery.RETRY
    assert exc.value.code == "card_removed" and "\n" not in str(exc.value)
    with pytest.raises(NoCardError):
        channel.atr()
    card.perform("place_card")
    assert wait_for(lambda: present(channel), timeout=10)
    assert channel.atr() == ATR  # the same channel carries on with the new card


def test_a_card_that_never_answers_is_a_timeout_not_a_hang(card, channel):
    assert wait_for(lambda: present(channel), timeout=10)
    channel.transmit(SELECT_AID)
    card.inject("silent")
    with pytest.raises(DeviceTimeout):
        channel.transmit(READ_5, timeout=0.5)
    assert not channel.is_open  # the stuck context is abandoned, not reused
    card.clear("silent")  # the card wakes: the stuck call returns, pcscd moves on
    channel.open()
    assert wait_for(lambda: present(channel), timeout=10)
    assert channel.atr() == ATR


def test_garbage_from_the_card_is_a_communication_error(card, channel):
    assert wait_for(lambda: present(channel), timeout=10)
    card.inject("garbage")
    with pytest.raises(CardCommunicationError, match="no status word"):
        channel.transmit(SELECT_AID)
    card.clear("garbage")
    assert channel.transmit(SELECT_AID) == bytes.fromhex("90 00")


def test_no_card_and_pcscd_stopped(card, channel, pcscd):
    card.perform("remove_card")
    assert wait_for(lambda: not present(channel), timeout=10)
    with pytest.raises(NoCardError) as exc:
        channel.transmit(SELECT_AID)
    assert exc.value.state is None
    if not pcscd.owned:
        pytest.skip("this pcscd was not started by the tests: not stopping it")
    pcscd.stop()
    with pytest.raises(DeviceDisconnected, match="pcscd is not running") as exc:
        channel.reader_state()
    assert "\n" not in str(exc.value)
    with pytest.raises(DeviceDisconnected, match="pcscd is not running"):
        PcscTransport(READER).open()
    pcscd.ensure()
    card.perform("place_card")
    channel.open()  # a fresh context on the new daemon
    assert wait_for(lambda: present(channel), timeout=10)
    assert channel.atr() == ATR


def test_a_hung_pcscd_is_a_timeout_not_a_hang(card, channel, pcscd):
    """pyscard blocks for as long as pcscd does; the deadline turns that into DeviceTimeout."""
    assert wait_for(lambda: present(channel), timeout=10)
    if not pcscd.owned:
        pytest.skip("this pcscd was not started by the tests: not freezing it")
    import subprocess

    running = subprocess.run(["pidof", "pcscd"], capture_output=True, text=True).stdout.split()
    if running != [str(pcscd.pid)]:
        pytest.skip(f"more than the tests' pcscd runs here ({running}): freezing one proves nothing")
    pcscd.freeze()
    try:
        with pytest.raises(DeviceTimeout):
            channel.reader_state()
        with pytest.raises(DeviceTimeout):
            PcscTransport(READER, timeout=0.5).open()
    finally:
        pcscd.thaw()
    channel.open()
    assert wait_for(lambda: present(channel), timeout=10)
    assert channel.atr() == ATR
