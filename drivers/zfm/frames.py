"""ZFM / R30x / AS608 packets: ``EF 01 | ADDR(4, BE) | PID | LEN(2, BE) | PAYLOAD | SUM(2, BE)``.

``LEN`` counts the payload and the checksum (payload + 2); ``SUM`` is the low 16 bits of
PID + LEN_H + LEN_L + every payload byte. PIDs: 01 command, 07 acknowledge, 02 data packet,
08 last data packet. A command's payload starts with its instruction code, an acknowledge's
with its confirmation code (:data:`ACK_TEXT`).

:class:`PacketDecoder` is incremental — a serial line delivers a packet in pieces, with noise
around it — and resynchronises on the next ``EF 01`` after anything that is not a packet. It
never raises on any input and never holds more than one packet's worth of bytes; a packet
with a bad checksum comes out as a :class:`BadPacket`. The parsers of acknowledge payloads
raise :class:`FrameError` (a ProtocolError) for a payload too short for its instruction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from drivers.core.errors import ProtocolError

HEADER = b"\xef\x01"
DEFAULT_ADDRESS = 0xFFFFFFFF

PID_COMMAND = 0x01
PID_DATA = 0x02
PID_ACK = 0x07
PID_END = 0x08  # last data packet
PIDS = (PID_COMMAND, PID_DATA, PID_ACK, PID_END)

# instruction codes (first payload byte of a command)
GEN_IMG = 0x01
IMG2TZ = 0x02
MATCH = 0x03
SEARCH = 0x04
REG_MODEL = 0x05
STORE = 0x06
LOAD_CHAR = 0x07
UP_CHAR = 0x08
DOWN_CHAR = 0x09
UP_IMAGE = 0x0A
DELETE_CHAR = 0x0C
EMPTY = 0x0D
READ_SYS_PARA = 0x0F
VFY_PWD = 0x13
TEMPLATE_COUNT = 0x1D

# confirmation codes (first payload byte of an acknowledge)
OK = 0x00
COMM_ERROR = 0x01
NO_FINGER = 0x02
IMAGE_FAIL = 0x03
MESSY_IMAGE = 0x06
FEW_FEATURES = 0x07
NO_MATCH = 0x08
NOT_FOUND = 0x09
MERGE_FAIL = 0x0A
BAD_POSITION = 0x0B
LOAD_ERROR = 0x0C
UPLOAD_ERROR = 0x0D
RECEIVE_ERROR = 0x0E
IMAGE_UPLOAD_ERROR = 0x0F
WRONG_PASSWORD = 0x13
INVALID_IMAGE = 0x15
FLASH_ERROR = 0x18

ACK_TEXT = {
    OK: "ok",
    COMM_ERROR: "communication error (the module could not read the packet)",
    NO_FINGER: "no finger on the sensor",
    IMAGE_FAIL: "image capture failed",
    MESSY_IMAGE: "image too messy (wet or smudged finger)",
    FEW_FEATURES: "too few features (dry finger, or only part of it on the sensor)",
    NO_MATCH: "no match",
    NOT_FOUND: "not found in the library",
    MERGE_FAIL: "the two images do not merge into one template",
    BAD_POSITION: "library position out of range",
    LOAD_ERROR: "template load error",
    UPLOAD_ERROR: "template upload error",
    RECEIVE_ERROR: "the module could not receive the data packets",
    IMAGE_UPLOAD_ERROR: "image upload error",
    WRONG_PASSWORD: "wrong module password",
    INVALID_IMAGE: "no valid image in the image buffer",
    FLASH_ERROR: "flash write error",
}

#: packet size code in ReadSysPara → data packet payload bytes
PACKET_SIZES = {0: 32, 1: 64, 2: 128, 3: 256}
MAX_PAYLOAD = 256  # the largest data packet (size code 3); commands and acks are shorter
TEMPLATE_SIZE = 512  # a character file: what UpChar sends and DownChar takes
OVERHEAD = 11  # header 2 + address 4 + PID 1 + LEN 2 + SUM 2


class FrameError(ProtocolError):
    """A packet that is whole but does not say what its instruction promises."""

    code = "zfm_frame"


def checksum(pid: int, payload: bytes | bytearray | memoryview) -> int:
    n = len(payload) + 2
    return (pid + (n >> 8) + (n & 0xFF) + sum(payload)) & 0xFFFF


def encode(pid: int, payload: bytes | bytearray, address: int = DEFAULT_ADDRESS) -> bytearray:
    """One packet (a bytearray, so that a template's data packets can be wiped)."""
    if not 1 <= len(payload) <= MAX_PAYLOAD:
        raise ValueError(f"ZFM payload of {len(payload)} bytes (1-{MAX_PAYLOAD})")
    n = len(payload) + 2
    out = bytearray(HEADER)
    out += address.to_bytes(4, "big")
    out.append(pid)
    out += n.to_bytes(2, "big")
    out += payload
    out += checksum(pid, payload).to_bytes(2, "big")
    return out


def command(instruction: int, *params: int | bytes, address: int = DEFAULT_ADDRESS) -> bytearray:
    """A command packet: ints are single bytes, bytes go in as they are."""
    payload = bytearray((instruction,))
    for p in params:
        payload += p if isinstance(p, (bytes, bytearray)) else bytes((p,))
    return encode(PID_COMMAND, payload, address)


def ack(code: int, data: bytes = b"", address: int = DEFAULT_ADDRESS) -> bytearray:
    return encode(PID_ACK, bytes((code,)) + data, address)


# the commands the driver sends
def vfy_pwd(password: int = 0, address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(VFY_PWD, password.to_bytes(4, "big"), address=address)


def gen_img(address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(GEN_IMG, address=address)


def img2tz(buffer: int, address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(IMG2TZ, buffer, address=address)


def match(address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(MATCH, address=address)


def search(buffer: int, start: int, count: int, address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(SEARCH, buffer, start.to_bytes(2, "big"), count.to_bytes(2, "big"),
                   address=address)


def reg_model(address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(REG_MODEL, address=address)


def up_char(buffer: int, address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(UP_CHAR, buffer, address=address)


def down_char(buffer: int, address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(DOWN_CHAR, buffer, address=address)


def read_sys_para(address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(READ_SYS_PARA, address=address)


def template_count(address: int = DEFAULT_ADDRESS) -> bytearray:
    return command(TEMPLATE_COUNT, address=address)


def data_packets(data: bytes | bytearray, size: int,
                 address: int = DEFAULT_ADDRESS) -> list[bytearray]:
    """``data`` cut into data packets of ``size`` bytes, the last one PID 08."""
    chunks = [data[i:i + size] for i in range(0, len(data), size)] or [b""]
    out = []
    for i, chunk in enumerate(chunks):
        out.append(encode(PID_END if i == len(chunks) - 1 else PID_DATA, chunk, address))
        if isinstance(chunk, bytearray):
            chunk[:] = bytes(len(chunk))
    return out


@dataclass(eq=False, slots=True)
class Packet:
    address: int
    pid: int
    payload: bytearray = field(repr=False)

    @property
    def code(self) -> int:
        """The confirmation code of an acknowledge / the instruction of a command."""
        return self.payload[0] if self.payload else -1

    def wipe(self) -> None:
        self.payload[:] = bytes(len(self.payload))


@dataclass(frozen=True, slots=True)
class BadPacket:
    """``EF 01`` … with the right shape but a checksum that does not match."""

    reason: str


class PacketDecoder:
    """A byte stream → packets. ``noise_bytes`` counts bytes skipped; ``pending`` says
    whether the beginning of a packet is buffered (a timeout then means "cut off")."""

    def __init__(self, address: int | None = None) -> None:
        self.address = address  # None: any address
        self._buf = bytearray()
        self.noise_bytes = 0

    def reset(self) -> None:
        self.wipe()

    def wipe(self) -> None:
        """Drop what is buffered, overwriting it first (it may hold a template)."""
        self._buf[:] = bytes(len(self._buf))
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    @property
    def pending(self) -> bool:
        return len(self._buf) >= 1 and self._buf[0] == HEADER[0]

    def expected_total(self) -> int | None:
        if len(self._buf) < 9:
            return None
        return 9 + int.from_bytes(self._buf[7:9], "big")

    def feed(self, data: bytes | bytearray) -> list[Packet | BadPacket]:
        buf = self._buf
        buf += data
        out: list[Packet | BadPacket] = []
        while True:
            start = buf.find(HEADER)
            if start < 0:
                # keep a trailing EF: it may be the first half of a header
                keep = 1 if buf and buf[-1] == HEADER[0] else 0
                self.noise_bytes += len(buf) - keep
                del buf[:len(buf) - keep]
                break
            if start:
                self.noise_bytes += start
                del buf[:start]
            if len(buf) < 9:
                break
            pid = buf[6]
            length = int.from_bytes(buf[7:9], "big")
            address = int.from_bytes(buf[2:6], "big")
            if (pid not in PIDS or not 3 <= length <= MAX_PAYLOAD + 2
                    or (self.address is not None and address != self.address)):
                # not a packet beginning here (EF 01 is also ordinary data): one byte on
                self.noise_bytes += 1
                del buf[:1]
                continue
            total = 9 + length
            if len(buf) < total:
                break
            payload = bytearray(buf[9:total - 2])
            got = int.from_bytes(buf[total - 2:total], "big")
            want = checksum(pid, payload)
            if got != want:
                payload[:] = bytes(len(payload))
                out.append(BadPacket(f"checksum {got:04X} in a {total}-byte packet, expected "
                                     f"{want:04X}"))
                # only one byte on: the real packet may start inside the corrupted one
                buf[0] = 0
                del buf[:1]
                continue
            buf[:total] = bytes(total)  # it may be a template's data packet
            del buf[:total]
            out.append(Packet(address, pid, payload))
        return out


# ----------------------------------------------------------- acknowledge payloads
@dataclass(frozen=True)
class SysPara:
    status: int
    system_id: int
    library_size: int
    security_level: int
    address: int
    packet_size: int  # bytes per data packet
    baudrate: int


def _need(payload: bytes | bytearray, n: int, what: str) -> None:
    if len(payload) < n:
        raise FrameError(f"{what}: acknowledge of {len(payload)} bytes, expected {n}")


def parse_sys_para(payload: bytes | bytearray) -> SysPara:
    """ReadSysPara's acknowledge: code + 16 bytes of parameters."""
    _need(payload, 17, "ReadSysPara")
    p = payload[1:17]

    def u16(i: int) -> int:
        return int.from_bytes(p[i:i + 2], "big")

    size_code = u16(12)
    if size_code not in PACKET_SIZES:
        raise FrameError(f"ReadSysPara: packet size code {size_code} (0-3)")
    return SysPara(u16(0), u16(2), u16(4), u16(6), int.from_bytes(p[8:12], "big"),
                   PACKET_SIZES[size_code], u16(14) * 9600)


def encode_sys_para(para: SysPara) -> bytes:
    code = {v: k for k, v in PACKET_SIZES.items()}[para.packet_size]
    return b"".join((para.status.to_bytes(2, "big"), para.system_id.to_bytes(2, "big"),
                     para.library_size.to_bytes(2, "big"),
                     para.security_level.to_bytes(2, "big"), para.address.to_bytes(4, "big"),
                     code.to_bytes(2, "big"), (para.baudrate // 9600).to_bytes(2, "big")))


def parse_u16(payload: bytes | bytearray, what: str) -> int:
    """The 16-bit figure after the code: Match's score, TemplateCount's count."""
    _need(payload, 3, what)
    return int.from_bytes(payload[1:3], "big")


def parse_search(payload: bytes | bytearray) -> tuple[int, int]:
    """Search's acknowledge: (page id, score)."""
    _need(payload, 5, "Search")
    return int.from_bytes(payload[1:3], "big"), int.from_bytes(payload[3:5], "big")
