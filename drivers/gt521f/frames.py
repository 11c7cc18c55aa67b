"""GT-521F / GT-511C (ADH-Tech) packets, all little-endian::

    command:  55 AA | DEVICE ID (2) | PARAM (4) | CMD (2)              | SUM (2)
    reply:    55 AA | DEVICE ID (2) | PARAM (4) | 30 00 ACK / 31 00 NACK | SUM (2)
    data:     5A A5 | DEVICE ID (2) | DATA (n)                         | SUM (2)

SUM is the low 16 bits of the sum of every byte before it; the device ID is 1 (``01 00``). A
NACK's PARAM is an error code (:data:`NACK_TEXT`). A data packet's length is not in the
packet: it follows from the command (Open with PARAM 1: 24 bytes of device info; a template:
498 bytes), so the decoder is told which data length to expect next (``expect_data``).

:class:`PacketDecoder` is incremental and resynchronises on the next start code after noise;
it never raises on any input and never holds more than one packet's worth of bytes. Both
sides use it: the driver reads replies (``55 AA … 30/31 00``) and the simulator reads
commands (``55 AA … CMD``) — a 12-byte packet is returned as it is, its ``cmd`` word says
which.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from drivers.core.errors import ProtocolError

CMD_START = b"\x55\xaa"
DATA_START = b"\x5a\xa5"
DEVICE_ID = 0x0001
PACKET_LEN = 12
DATA_OVERHEAD = 6  # start 2 + device id 2 + sum 2

# commands
OPEN = 0x01
CLOSE = 0x02
CMOS_LED = 0x12
GET_ENROLL_COUNT = 0x20
CHECK_ENROLLED = 0x21
IS_PRESS_FINGER = 0x26
DELETE_ID = 0x40
DELETE_ALL = 0x41
VERIFY = 0x50
IDENTIFY = 0x51
VERIFY_TEMPLATE = 0x52
IDENTIFY_TEMPLATE = 0x53
CAPTURE_FINGER = 0x60
MAKE_TEMPLATE = 0x61
GET_IMAGE = 0x62
GET_TEMPLATE = 0x70
SET_TEMPLATE = 0x71
SET_SECURITY_LEVEL = 0xF0
GET_SECURITY_LEVEL = 0xF1
ACK = 0x30
NACK = 0x31

TEMPLATE_SIZE = 498
DEVICE_INFO_SIZE = 24  # Open with PARAM 1: firmware (4), ISO area max size (4), serial (16)
MAX_DATA = 52116  # the largest data packet the module sends (GetRawImage, 240 × 216 + …)

NACK_TIMEOUT = 0x1001
NACK_INVALID_BAUDRATE = 0x1002
NACK_INVALID_POS = 0x1003
NACK_IS_NOT_USED = 0x1004
NACK_IS_ALREADY_USED = 0x1005
NACK_COMM_ERR = 0x1006
NACK_VERIFY_FAILED = 0x1007
NACK_IDENTIFY_FAILED = 0x1008
NACK_DB_IS_FULL = 0x1009
NACK_DB_IS_EMPTY = 0x100A
NACK_TURN_ERR = 0x100B
NACK_BAD_FINGER = 0x100C
NACK_ENROLL_FAILED = 0x100D
NACK_IS_NOT_SUPPORTED = 0x100E
NACK_DEV_ERR = 0x100F
NACK_CAPTURE_CANCELED = 0x1010
NACK_INVALID_PARAM = 0x1011
NACK_FINGER_IS_NOT_PRESSED = 0x1012

NACK_TEXT = {
    NACK_TIMEOUT: "capture timed out",
    NACK_INVALID_BAUDRATE: "invalid baud rate",
    NACK_INVALID_POS: "template position out of range",
    NACK_IS_NOT_USED: "template position not used",
    NACK_IS_ALREADY_USED: "template position already used",
    NACK_COMM_ERR: "communication error (the module could not read the packet)",
    NACK_VERIFY_FAILED: "1:1 verification failed (no match)",
    NACK_IDENTIFY_FAILED: "1:N identification failed",
    NACK_DB_IS_FULL: "template database full",
    NACK_DB_IS_EMPTY: "template database empty",
    NACK_TURN_ERR: "enrollment steps out of order",
    NACK_BAD_FINGER: "bad finger image (wet, dry or only part of the finger)",
    NACK_ENROLL_FAILED: "enrollment failed",
    NACK_IS_NOT_SUPPORTED: "command not supported by this module",
    NACK_DEV_ERR: "device error",
    NACK_CAPTURE_CANCELED: "capture cancelled",
    NACK_INVALID_PARAM: "invalid parameter",
    NACK_FINGER_IS_NOT_PRESSED: "no finger on the sensor",
}


class FrameError(ProtocolError):
    """A packet that is whole but does not say what its command promises."""

    code = "gt521f_frame"


def checksum(data: bytes | bytearray | memoryview) -> int:
    return sum(data) & 0xFFFF


def command(cmd: int, param: int = 0, device_id: int = DEVICE_ID) -> bytes:
    body = (CMD_START + device_id.to_bytes(2, "little") + (param & 0xFFFFFFFF).to_bytes(4, "little")
            + cmd.to_bytes(2, "little"))
    return body + checksum(body).to_bytes(2, "little")


def reply(ok: bool, param: int = 0, device_id: int = DEVICE_ID) -> bytes:
    return command(ACK if ok else NACK, param, device_id)


def data_packet(data: bytes | bytearray, device_id: int = DEVICE_ID) -> bytearray:
    """A data packet (a bytearray, so that a template's packet can be wiped)."""
    out = bytearray(DATA_START)
    out += device_id.to_bytes(2, "little")
    out += data
    out += checksum(out).to_bytes(2, "little")
    return out


@dataclass(frozen=True, slots=True)
class Packet:
    """A 12-byte command or reply packet."""

    device_id: int
    param: int
    cmd: int  # the command, or ACK / NACK in a reply

    @property
    def ack(self) -> bool:
        return self.cmd == ACK

    @property
    def nack(self) -> bool:
        return self.cmd == NACK


@dataclass(eq=False, slots=True)
class DataPacket:
    device_id: int
    data: bytearray = field(repr=False)

    def wipe(self) -> None:
        self.data[:] = bytes(len(self.data))


@dataclass(frozen=True, slots=True)
class BadPacket:
    """A start code with a packet's shape, but a checksum that does not match."""

    kind: str  # "command" or "data"
    reason: str


class PacketDecoder:
    """A byte stream → packets. ``expect_data(n)`` arms it for one data packet of ``n``
    data bytes (after a command that is followed by one); start codes of a data packet
    are noise otherwise. ``noise_bytes`` counts bytes skipped."""

    def __init__(self, device_id: int | None = DEVICE_ID) -> None:
        self.device_id = device_id  # None: any
        self._buf = bytearray()
        self._data_len: int | None = None
        self.noise_bytes = 0

    def expect_data(self, n: int | None) -> None:
        if n is not None and not 0 <= n <= MAX_DATA:
            raise ValueError(f"GT-521F data packets carry 0-{MAX_DATA} bytes, not {n}")
        self._data_len = n

    @property
    def expecting(self) -> int | None:
        return self._data_len

    def reset(self) -> None:
        self.wipe()
        self._data_len = None

    def wipe(self) -> None:
        self._buf[:] = bytes(len(self._buf))
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    @property
    def pending(self) -> bool:
        return bool(self._buf) and self._buf[0] in (CMD_START[0], DATA_START[0])

    def expected_total(self) -> int | None:
        if not self._buf:
            return None
        if self._buf[:1] == DATA_START[:1] and self._data_len is not None:
            return self._data_len + DATA_OVERHEAD
        return PACKET_LEN

    def _next_start(self) -> int:
        starts = [i for i in (self._buf.find(CMD_START),
                              self._buf.find(DATA_START) if self._data_len is not None else -1)
                  if i >= 0]
        return min(starts) if starts else -1

    def feed(self, data: bytes | bytearray) -> list[Packet | DataPacket | BadPacket]:
        buf = self._buf
        buf += data
        out: list[Packet | DataPacket | BadPacket] = []
        while True:
            start = self._next_start()
            if start < 0:
                # keep a last byte that may be the first half of a start code
                keep = 1 if buf and buf[-1] in (CMD_START[0], DATA_START[0]) else 0
                self.noise_bytes += len(buf) - keep
                buf[:len(buf) - keep] = bytes(len(buf) - keep)
                del buf[:len(buf) - keep]
                break
            if start:
                self.noise_bytes += start
                del buf[:start]
            if len(buf) < 4:
                break
            device_id = int.from_bytes(buf[2:4], "little")
            if self.device_id is not None and device_id != self.device_id:
                self.noise_bytes += 1  # a start code inside other bytes: one byte on
                del buf[:1]
                continue
            is_data = buf[:2] == DATA_START
            total = (self._data_len + DATA_OVERHEAD) if is_data else PACKET_LEN
            if len(buf) < total:
                break
            got = int.from_bytes(buf[total - 2:total], "little")
            want = checksum(buf[:total - 2])
            if got != want:
                out.append(BadPacket("data" if is_data else "command",
                                     f"checksum {got:04X} in a {total}-byte "
                                     f"{'data ' if is_data else ''}packet, expected {want:04X}"))
                buf[0] = 0
                del buf[:1]
                continue
            if is_data:
                out.append(DataPacket(device_id, bytearray(buf[4:total - 2])))
                self._data_len = None  # one data packet per command
            else:
                out.append(Packet(device_id, int.from_bytes(buf[4:8], "little"),
                                  int.from_bytes(buf[8:10], "little")))
            buf[:total] = bytes(total)  # it may have been a template
            del buf[:total]
        return out


# ------------------------------------------------------------------ data payloads
@dataclass(frozen=True)
class DeviceInfoData:
    firmware: int
    iso_area_max_size: int
    serial_number: str  # 16 bytes, hex


def parse_device_info(data: bytes | bytearray) -> DeviceInfoData:
    """Open's data packet (PARAM 1): firmware version, ISO area size, serial number."""
    if len(data) != DEVICE_INFO_SIZE:
        raise FrameError(f"Open: device info of {len(data)} bytes, expected {DEVICE_INFO_SIZE}")
    return DeviceInfoData(int.from_bytes(data[0:4], "little"),
                          int.from_bytes(data[4:8], "little"), bytes(data[8:24]).hex().upper())


def encode_device_info(info: DeviceInfoData) -> bytes:
    return (info.firmware.to_bytes(4, "little") + info.iso_area_max_size.to_bytes(4, "little")
            + bytes.fromhex(info.serial_number))
