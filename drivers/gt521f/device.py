"""The GT-521F / GT-511C (ADH-Tech) fingerprint module driver.

Every exchange writes one 12-byte command and reads its 12-byte ACK/NACK (and the data packet
that follows some ACKs), with a deadline of ``timeout`` plus the packets' wire time at the
configured baud rate; a template sent to the module (a data packet after SetTemplate's ACK)
is answered by a second ACK/NACK under its own deadline. Failures are told apart as in the
ZFM driver: silence (DeviceTimeout), a cut-off or corrupted packet (CorruptPacket), a NACK
(typed errors in ``errors``).

Verification against a template from the central identity service: the GT-521F has no
command that compares a capture with a template held in RAM (VerifyTemplate compares a sent
template with a *stored* one), so the template goes into one scratch slot of its database
(SetTemplate), the finger is captured (CaptureFinger) and verified against that slot
(Verify), and the slot is deleted (DeleteID) in every case — also at every open, in case a
power cut came between the two. The module keeps no other template: the kiosk stores no
library. The module does not give a score: a match is ``MATCH_WITHOUT_SCORE``.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque

from drivers.core.errors import DeviceError, DeviceTimeout, NotReady
from drivers.core.status import DeviceInfo, DeviceState, DeviceStatus
from drivers.core.transport import Transport, open_transport
from drivers.gt521f import frames as f
from drivers.gt521f.errors import CorruptPacket, nack_error
from drivers.gt521f.frames import BadPacket, DataPacket, Packet, PacketDecoder
from drivers.kinds.fingerprint import (
    FORMAT_GT521F,
    MATCH_WITHOUT_SCORE,
    BadTemplate,
    Capture,
    FingerprintCapabilities,
    FingerprintReader,
    NoFinger,
    SensorInfo,
    UnsupportedTemplate,
    wipe,
)
from drivers.kinds.fingerprint_watch import FingerWatch

log = logging.getLogger(__name__)

BAUDRATES = (9600, 19200, 38400, 57600, 115200)
CAPABILITIES = FingerprintCapabilities(template_format=FORMAT_GT521F,
                                       template_size=f.TEMPLATE_SIZE,
                                       can_match_ministry_templates=False, reports_score=False)


class Gt521Fingerprint(FingerWatch, FingerprintReader):

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        opts = self.options
        self.baudrate = int(opts.get("baudrate") or 9600)
        self.capacity = int(opts.get("capacity") or 200)
        scratch = opts.get("scratch_slot")
        self.scratch_slot = int(scratch) if scratch not in (None, -1) else self.capacity - 1
        self.watch_interval = float(opts.get("watch_interval") or 0.2)
        self.transport: Transport | None = None
        self._decoder = PacketDecoder()
        self._queue: deque[Packet | DataPacket | BadPacket] = deque()
        self._lock = threading.RLock()
        self._led = False
        self.device_info: f.DeviceInfoData | None = None
        self._init_watch()

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        transport = open_transport(self.port, baudrate=self.baudrate)
        transport.open()
        self.transport = transport
        self._led = False
        _, data = self.exchange(f.OPEN, 1, "Open", data_in=f.DEVICE_INFO_SIZE)
        try:
            info = self.device_info = f.parse_device_info(data.data)
        except f.FrameError as exc:
            raise CorruptPacket(f"{self.name}: {exc}") from None
        self._delete_scratch()  # a template a power cut left behind
        self.set_led(False)
        self.info = DeviceInfo(
            model="GT-521F/GT-511C fingerprint module (ADH-Tech)",
            firmware=f"{info.firmware:08X}", serial_number=info.serial_number,
            extra={"baudrate": str(self.baudrate), "capacity": str(self.capacity),
                   "scratch_slot": str(self.scratch_slot)},
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
        self._decoder.reset()
        while self._queue:
            item = self._queue.popleft()
            if isinstance(item, DataPacket):
                item.wipe()

    # ----------------------------------------------------------------- exchanges
    def _wire(self, nbytes: int) -> float:
        return nbytes * 10 / self.baudrate

    def exchange(self, cmd: int, param: int, step: str, *,
                 data_in: int | None = None) -> tuple[Packet, DataPacket | None]:
        """One command → its ACK (a NACK raises its typed error) and, with ``data_in``, the
        data packet of that many bytes that follows the ACK."""
        with self._lock:
            transport = self.transport
            if transport is None or not transport.is_open:
                raise NotReady(f"{self.name}: {step}: port is not open")
            self._drop_buffers()
            transport.discard_input()
            # armed before sending: the data packet may come in the same read as the ACK
            self._decoder.expect_data(data_in)
            request = f.command(cmd, param)
            budget = self.timeout + self._wire(2 * f.PACKET_LEN + (data_in or 0)
                                               + f.DATA_OVERHEAD)
            deadline = time.monotonic() + budget
            transport.write(request, budget)
            reply = self._next(step, deadline, budget, Packet)
            if reply.nack:
                raise nack_error(reply.param, f"{self.name}: {step}")
            if not reply.ack:
                raise CorruptPacket(f"{self.name}: {step}: reply word {reply.cmd:04X} is "
                                    "neither ACK nor NACK")
            data = self._next(f"{step} data", deadline, budget, DataPacket) \
                if data_in is not None else None
            return reply, data

    def send_data(self, data: bytearray, step: str) -> Packet:
        """A data packet after a command's ACK (SetTemplate); its own ACK/NACK. The packet
        is wiped once written."""
        with self._lock:
            packet = f.data_packet(data)
            budget = self.timeout + self._wire(len(packet) + f.PACKET_LEN)
            deadline = time.monotonic() + budget
            try:
                self.transport.write(packet, budget)
            finally:
                wipe(packet)
            reply = self._next(step, deadline, budget, Packet)
            if reply.nack:
                raise nack_error(reply.param, f"{self.name}: {step}")
            return reply

    def _next(self, step: str, deadline: float, budget: float, kind: type):
        transport = self.transport
        while True:
            while self._queue:
                item = self._queue.popleft()
                if isinstance(item, BadPacket):
                    raise CorruptPacket(f"{self.name}: {step}: {item.reason}")
                if isinstance(item, kind):
                    return item
                if isinstance(item, DataPacket):
                    item.wipe()
            left = deadline - time.monotonic()
            if left <= 0:
                if self._decoder.pending:
                    raise CorruptPacket(f"{self.name}: {step}: answer cut off after "
                                        f"{self._decoder.buffered} of "
                                        f"{self._decoder.expected_total()} bytes")
                raise DeviceTimeout(f"{self.name}: {step}: no answer within {budget:.2f}s")
            if transport is None:
                raise NotReady(f"{self.name}: {step}: port is not open")
            chunk = transport.read_some(1024, left)
            if chunk:
                self._queue.extend(self._decoder.feed(chunk))

    # ------------------------------------------------------------------ commands
    def set_led(self, on: bool) -> None:
        """The sensor's backlight: it sees a finger only while lit."""
        self.exchange(f.CMOS_LED, 1 if on else 0, "CmosLed")
        self._led = on

    def enroll_count(self) -> int:
        return self.exchange(f.GET_ENROLL_COUNT, 0, "GetEnrollCount")[0].param

    def is_press_finger(self) -> bool:
        return self.exchange(f.IS_PRESS_FINGER, 0, "IsPressFinger")[0].param == 0

    def security_level(self) -> int | None:
        try:
            return self.exchange(f.GET_SECURITY_LEVEL, 0, "GetSecurityLevel")[0].param
        except DeviceError as exc:
            if getattr(exc, "nack", None) == f.NACK_IS_NOT_SUPPORTED:
                return None  # GT-511C firmware: no security levels
            raise

    def _delete_scratch(self) -> None:
        try:
            self.exchange(f.DELETE_ID, self.scratch_slot, "DeleteID scratch")
        except DeviceError as exc:
            if getattr(exc, "nack", None) != f.NACK_IS_NOT_USED:
                raise

    def _capture(self, best: bool, step: str) -> None:
        try:
            self.exchange(f.CAPTURE_FINGER, 1 if best else 0, step)
        except NoFinger:
            self._saw(False)
            raise
        self._placement_used()
        self._saw(True)

    # -------------------------------------------------------------------- status
    def poll_status(self) -> DeviceStatus:
        count = self.enroll_count()
        return DeviceStatus(DeviceState.ONLINE, {"finger": self._finger_axis()},
                            f"ready; {count} templates in the module's database")

    def _look_for_finger(self) -> bool:
        with self._lock:
            if not self._led:
                self.set_led(True)
            return self.is_press_finger()

    def arm(self) -> None:
        super().arm()
        self.set_led(True)

    def disarm(self) -> None:
        super().disarm()
        if self.transport is not None and self.transport.is_open:
            try:
                self.set_led(False)
            except DeviceError as exc:
                # every open switches it off again; disarming must not fail on a lost module
                log.info("%s: light left on (%s)", self.name, exc.code)

    # ---------------------------------------------------------------- operations
    def capabilities(self) -> FingerprintCapabilities:
        return CAPABILITIES

    def sensor_info(self) -> SensorInfo:
        return SensorInfo(self.info.model, self.capacity, self.enroll_count(),
                          self.security_level(), FORMAT_GT521F)

    def _with_light(self, fn):
        with self._lock:
            lit = self._led
            if not lit:
                self.set_led(True)
            silent = False
            try:
                return fn()
            except DeviceTimeout:
                silent = True  # asking it to switch off would only wait again
                raise
            finally:
                if not lit and not silent and not self.armed and self.transport is not None:
                    try:
                        self.set_led(False)
                    except DeviceError:
                        pass  # the operation's own outcome is what matters

    def verify(self, template: bytes | bytearray, format: str | None = None) -> int:
        if not CAPABILITIES.can_match(format):
            raise UnsupportedTemplate(f"{self.name}: cannot match {format!r} templates "
                                      f"(this module matches {FORMAT_GT521F!r} only)")
        if len(template) != f.TEMPLATE_SIZE:
            raise BadTemplate(f"{self.name}: template of {len(template)} bytes, a GT-521F "
                              f"template has {f.TEMPLATE_SIZE}")
        slot = self.scratch_slot

        def run() -> int:
            copy = bytearray(template)
            silent = False
            try:
                self.exchange(f.SET_TEMPLATE, slot, "SetTemplate")
                self.send_data(copy, "SetTemplate data")
                self._capture(False, "CaptureFinger")
                try:
                    self.exchange(f.VERIFY, slot, "Verify")
                except DeviceError as exc:
                    if getattr(exc, "nack", None) == f.NACK_VERIFY_FAILED:
                        return 0
                    raise
                return MATCH_WITHOUT_SCORE
            except DeviceTimeout:
                # not answering now: the worker reopens it, and every open deletes the slot
                silent = True
                raise
            finally:
                wipe(copy)
                self._drop_buffers()
                try:
                    if not silent:
                        self._delete_scratch()
                except DeviceError as exc:
                    # left for the next open, which deletes it first
                    log.warning("%s: could not delete the scratch template (%s)", self.name,
                                exc.code)

        score = self._with_light(run)
        log.info("%s: verify: %s", self.name, "match" if score else "no match")
        return score

    def capture(self) -> Capture:
        """CaptureFinger (best image) + MakeTemplate: the template, never the image."""

        def run() -> Capture:
            self._capture(True, "CaptureFinger")
            _, data = self.exchange(f.MAKE_TEMPLATE, 0, "MakeTemplate", data_in=f.TEMPLATE_SIZE)
            template = bytearray(data.data)
            data.wipe()
            # the module rejects a poor image itself (NACK_BAD_FINGER): what it takes is good
            return Capture(template, FORMAT_GT521F, "good", None)

        return self._with_light(run)
