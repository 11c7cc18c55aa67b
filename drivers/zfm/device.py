"""The ZFM / R30x / AS608 fingerprint module driver.

Every exchange writes one command packet and reads until one acknowledge is whole, with a
deadline of ``timeout`` plus both packets' wire time at the configured baud rate (the PyPI
``pyfingerprint`` waits for ever on a silent module: its serial timeout does not bound its
read loop). A template transfer (UpChar's data packets) has its own deadline for all of them.
What went wrong is told apart: nothing at all (DeviceTimeout: the worker reconnects), part of a
packet or a bad checksum (CorruptPacket), a confirmation code (typed errors in ``errors``).

Verification against a template from the central identity service never uses the module's
library: DownChar the template into CharBuffer2, GenImg + Img2Tz into CharBuffer1, Match. The
driver's copies of the template (the bytearray it sends from, the data packets) are
overwritten once sent, and CharBuffer2 is overwritten with zeros after the match.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque

from drivers.core.errors import DeviceTimeout, NotReady
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus, HealthCheck
from drivers.core.transport import Transport, open_transport
from drivers.kinds.fingerprint import (
    FORMAT_ZFM,
    BadTemplate,
    Capture,
    FingerprintCapabilities,
    FingerprintReader,
    NoFinger,
    PoorImage,
    SensorInfo,
    UnsupportedTemplate,
    wipe,
)
from drivers.kinds.fingerprint_watch import FingerWatch
from drivers.zfm import frames as f
from drivers.zfm.errors import CorruptPacket, ack_error
from drivers.zfm.frames import BadPacket, Packet, PacketDecoder

log = logging.getLogger(__name__)

BAUDRATES = tuple(9600 * n for n in range(1, 13))  # the module's N × 9600
ACK_MAX = 12 + 16  # ReadSysPara's acknowledge is the longest: code + 16 bytes
CAPABILITIES = FingerprintCapabilities(template_format=FORMAT_ZFM,
                                       template_size=f.TEMPLATE_SIZE,
                                       can_match_ministry_templates=False, reports_score=True)


class ZfmFingerprint(FingerWatch, FingerprintReader):

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        opts = self.options
        self.baudrate = int(opts.get("baudrate") or 57600)
        self.address = int(opts.get("address", f.DEFAULT_ADDRESS))
        self.password = int(opts.get("password", 0))
        self.watch_interval = float(opts.get("watch_interval") or 0.2)
        self.transport: Transport | None = None
        self._decoder = PacketDecoder(self.address)
        self._queue: deque[Packet | BadPacket] = deque()
        self._lock = threading.RLock()  # one exchange at a time, whoever calls
        self.para: f.SysPara | None = None
        self._init_watch()

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        transport = open_transport(self.port, baudrate=self.baudrate)
        transport.open()
        self.transport = transport
        self._expect(self.exchange(f.vfy_pwd(self.password, self.address), "VfyPwd"), "VfyPwd")
        para = self.read_sys_para()
        count = self.template_count()
        self.info = DeviceInfo(
            model="ZFM/R30x/AS608 fingerprint module", serial_number=f"{para.address:08X}",
            extra={"baudrate": str(self.baudrate), "library_size": str(para.library_size),
                   "templates": str(count), "security_level": str(para.security_level),
                   "packet_size": str(para.packet_size)},
            capabilities={k: str(v).lower() if isinstance(v, bool) else str(v)
                          for k, v in CAPABILITIES.to_dict().items()})

    def _close(self) -> None:
        transport, self.transport = self.transport, None
        self._drop_buffers()
        if transport is not None:
            transport.close()
        self._finger_on = None
        if self.status.supplies.get("finger", "unknown") != "unknown":
            self.set_status(supplies={"finger": "unknown"})

    def _drop_buffers(self) -> None:
        self._decoder.wipe()
        while self._queue:
            item = self._queue.popleft()
            if isinstance(item, Packet):
                item.wipe()

    # ----------------------------------------------------------------- exchanges
    def _wire(self, nbytes: int) -> float:
        return nbytes * 10 / self.baudrate

    def exchange(self, packet: bytearray, step: str) -> Packet:
        """Send one command packet (wiped once written), return the acknowledge."""
        with self._lock:
            transport = self.transport
            if transport is None or not transport.is_open:
                wipe(packet)
                raise NotReady(f"{self.name}: {step}: port is not open")
            self._drop_buffers()
            transport.discard_input()  # a late answer to an earlier command, line noise
            budget = self.timeout + self._wire(len(packet) + ACK_MAX)
            deadline = time.monotonic() + budget
            try:
                transport.write(packet, budget)
            finally:
                wipe(packet)
            return self._next(step, deadline, budget, (f.PID_ACK,))

    def _next(self, step: str, deadline: float, budget: float, pids: tuple[int, ...]) -> Packet:
        """The next packet with one of ``pids`` before ``deadline``; typed errors else."""
        transport = self.transport
        while True:
            while self._queue:
                item = self._queue.popleft()
                if isinstance(item, BadPacket):
                    # the module sent its answer once; a better copy will not follow
                    raise CorruptPacket(f"{self.name}: {step}: {item.reason}")
                if item.pid in pids:
                    return item
                item.wipe()  # not ours (a stray data packet): drop it
            left = deadline - time.monotonic()
            if left <= 0:
                if self._decoder.pending:
                    total = self._decoder.expected_total()
                    raise CorruptPacket(f"{self.name}: {step}: answer cut off after "
                                        f"{self._decoder.buffered} of "
                                        f"{total if total is not None else '?'} bytes")
                raise DeviceTimeout(f"{self.name}: {step}: no answer within {budget:.2f}s")
            if transport is None:
                raise NotReady(f"{self.name}: {step}: port is not open")
            chunk = transport.read_some(1024, left)
            if chunk:
                self._queue.extend(self._decoder.feed(chunk))

    def _expect(self, ack: Packet, step: str) -> Packet:
        if ack.code != f.OK:
            raise ack_error(ack.code, f"{self.name}: {step}")
        return ack

    # --------------------------------------------------------------- instructions
    def read_sys_para(self) -> f.SysPara:
        ack = self._expect(self.exchange(f.read_sys_para(self.address), "ReadSysPara"),
                           "ReadSysPara")
        try:
            self.para = f.parse_sys_para(ack.payload)
        except f.FrameError as exc:
            raise CorruptPacket(f"{self.name}: {exc}") from None
        return self.para

    def template_count(self) -> int:
        ack = self._expect(self.exchange(f.template_count(self.address), "TemplateCount"),
                           "TemplateCount")
        return self._u16(ack, "TemplateCount")

    def _u16(self, ack: Packet, step: str) -> int:
        try:
            return f.parse_u16(ack.payload, step)
        except f.FrameError as exc:
            raise CorruptPacket(f"{self.name}: {exc}") from None

    def gen_img(self) -> bool:
        """Take an image: True when a finger was there (False: none); PoorImage else."""
        ack = self.exchange(f.gen_img(self.address), "GenImg")
        if ack.code == f.NO_FINGER:
            return False
        self._expect(ack, "GenImg")
        return True

    def img2tz(self, buffer: int) -> None:
        self._expect(self.exchange(f.img2tz(buffer, self.address), f"Img2Tz {buffer}"),
                     f"Img2Tz {buffer}")

    def match(self) -> int:
        """CharBuffer1 against CharBuffer2: the score, 0 for no match."""
        ack = self.exchange(f.match(self.address), "Match")
        if ack.code == f.NO_MATCH:
            return 0
        self._expect(ack, "Match")
        return self._u16(ack, "Match")

    def reg_model(self) -> None:
        self._expect(self.exchange(f.reg_model(self.address), "RegModel"), "RegModel")

    def down_char(self, buffer: int, template: bytearray) -> None:
        """Send a template into CharBuffer ``buffer``; the packets are wiped once sent."""
        packet_size = self.para.packet_size if self.para else 128
        with self._lock:
            self._expect(self.exchange(f.down_char(buffer, self.address), "DownChar"),
                         "DownChar")
            # the packets hold copies of the template's slices: wiped below; the caller wipes
            # ``template`` itself
            packets = f.data_packets(template, packet_size, self.address)
            budget = self.timeout + self._wire(sum(map(len, packets)))
            try:
                for packet in packets:
                    self.transport.write(packet, budget)
            finally:
                for packet in packets:
                    wipe(packet)

    def up_char(self, buffer: int) -> bytearray:
        """CharBuffer ``buffer`` to the host: the template (a bytearray: wipe it)."""
        with self._lock:
            self._expect(self.exchange(f.up_char(buffer, self.address), "UpChar"), "UpChar")
            packet_size = self.para.packet_size if self.para else 128
            count = -(-f.TEMPLATE_SIZE // packet_size)
            budget = self.timeout + self._wire(f.TEMPLATE_SIZE + count * f.OVERHEAD)
            deadline = time.monotonic() + budget
            out = bytearray()
            try:
                while True:
                    packet = self._next("UpChar data", deadline, budget, (f.PID_DATA, f.PID_END))
                    out += packet.payload
                    packet.wipe()
                    if packet.pid == f.PID_END:
                        return out
                    if len(out) > f.TEMPLATE_SIZE * 2:
                        raise CorruptPacket(f"{self.name}: UpChar: more than "
                                            f"{f.TEMPLATE_SIZE * 2} bytes without a last packet")
            except BaseException:
                wipe(out)
                raise

    # -------------------------------------------------------------------- status
    def poll_status(self) -> DeviceStatus:
        count = self.template_count()
        return DeviceStatus(DeviceState.ONLINE, {"finger": self._finger_axis()},
                            f"ready; {count} templates in the module's library")

    def external_checks(self) -> list[HealthCheck]:
        para = self.read_sys_para()
        return [HealthCheck("sys_para", True, f"library {para.library_size}, security level "
                                              f"{para.security_level}")]

    def _look_for_finger(self) -> bool:
        with self._lock:
            try:
                return self.gen_img()
            except PoorImage:
                return True  # a finger is there, if a wet one: verify will say so

    # ---------------------------------------------------------------- operations
    def capabilities(self) -> FingerprintCapabilities:
        return CAPABILITIES

    def sensor_info(self) -> SensorInfo:
        para = self.read_sys_para()
        return SensorInfo(self.info.model, para.library_size, self.template_count(),
                          para.security_level, FORMAT_ZFM)

    def _image_into(self, buffer: int, step: str) -> None:
        """GenImg + Img2Tz ``buffer``; NoFinger / PoorImage as the module says."""
        if not self.gen_img():
            self._saw(False)
            raise NoFinger(f"{self.name}: {step}: no finger on the sensor")
        self._placement_used()
        self._saw(True)
        self.img2tz(buffer)

    def verify(self, template: bytes | bytearray, format: str | None = None) -> int:
        if not CAPABILITIES.can_match(format):
            raise UnsupportedTemplate(f"{self.name}: cannot match {format!r} templates "
                                      f"(this module matches {FORMAT_ZFM!r} only)")
        if len(template) != f.TEMPLATE_SIZE:
            raise BadTemplate(f"{self.name}: template of {len(template)} bytes, a ZFM "
                              f"character file has {f.TEMPLATE_SIZE}")
        with self._lock:
            copy = bytearray(template)
            sent = False
            try:
                self.down_char(2, copy)
                sent = True
                self._image_into(1, "verify")
                score = self.match()
            except (DeviceTimeout, CorruptPacket):
                sent = False  # the module does not answer now: clearing would wait again
                raise
            finally:
                wipe(copy)
                self._drop_buffers()
                if sent:
                    self._clear_char_buffer(2)
        log.info("%s: verify: %s", self.name, "match" if score else "no match")
        return score

    def _clear_char_buffer(self, buffer: int) -> None:
        """Overwrite the module's copy of the central template (best effort: a module that
        stopped answering loses its RAM buffers when it is reset anyway)."""
        if self.transport is None or not self.transport.is_open:
            return
        try:
            self.down_char(buffer, bytearray(f.TEMPLATE_SIZE))
        except Exception as exc:  # noqa: BLE001 - the verification's own outcome matters
            log.info("%s: could not clear CharBuffer%d (%s)", self.name, buffer,
                     type(exc).__name__)

    def capture(self) -> Capture:
        """Two impressions of one placement, matched (their score is the quality) and merged
        (RegModel) into one template, uploaded (UpChar). The module's image is never
        uploaded."""
        with self._lock:
            self._image_into(1, "capture")
            self._image_into(2, "capture (second impression)")
            score = self.match()
            if score == 0:
                raise PoorImage(f"{self.name}: capture: two images of the same placement do "
                                "not match (the finger moved, or a poor image)",
                                reason="inconsistent")
            self.reg_model()
            template = self.up_char(1)
            self._drop_buffers()
        quality = "good" if score >= 100 else "fair" if score >= 50 else "poor"
        return Capture(template, FORMAT_ZFM, quality, score)
