"""The ID card reader device: SAM exchanges, the find → select → read sequence, waiting mode.

Every exchange writes one command frame and reads until one reply frame is complete, with
a deadline of ``timeout`` plus the reply's wire time at the configured baud rate. What went
wrong is told apart: nothing at all (DeviceTimeout → the worker reconnects), part of a frame
(TruncatedFrame), a corrupted frame (CorruptFrame), a SAM status (typed SW3 errors).

Waiting mode (``arm()``): the worker calls :meth:`idle` every ``watch_interval`` seconds.
A card the SAM *finds* is new: it is selected, read and published once as ``CardRead``.
After a read the SAM no longer finds that card while it stays in the field, but it still
answers *select*; so "find fails, select succeeds" means the same card is still lying there
(no new event), and "both fail" means it was taken away (``CardRemoved``).
"""
from __future__ import annotations

import logging
import threading
import time

from drivers.core.errors import DeviceError, DeviceTimeout, NotReady
from drivers.core.status import (
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    HealthCheck,
    MediaState,
    Recovery,
)
from drivers.core.transport import Transport, open_transport
from drivers.idcard import frames
from drivers.idcard.card import IdCard, parse_appended_addresses, parse_read_data
from drivers.idcard.events import CardLeftOnReader, CardRead, CardRemoved
from drivers.idcard.frames import BadFrame, Frame, FrameDecoder
from drivers.idcard.photo import PhotoResult, decoder_from_options
from drivers.kinds.card_reader import CardReader
from drivers.idcard.sw3 import (
    SW3_EMPTY,
    SW3_FOUND,
    SW3_OK,
    CardDataError,
    CardStillOnReader,
    CorruptFrame,
    IdCardError,
    TruncatedFrame,
    describe,
    sw3_error,
)

log = logging.getLogger(__name__)

# (CMD, PARA) of every command the driver sends
RESET_SAM = (0x10, 0xFF)
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_APPENDED_ADDRESS = (0x30, 0x03)
READ_WITH_FINGERPRINT = (0x30, 0x10)

#: the longest reply each command can get, for the deadline's wire-time share
REPLY_MAX = {
    RESET_SAM: 11, SAM_STATUS: 11, SAM_ID: 27, FIND_CARD: 15, SELECT_CARD: 19,
    READ_TEXT_PHOTO: 1295, READ_APPENDED_ADDRESS: 11 + 4 * 70,
    READ_WITH_FINGERPRINT: 2321,
}
BAUDRATES = (115200, 57600, 38400, 19200, 9600)


class IdCardDevice(CardReader):

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        opts = self.options
        self.baudrate = int(opts.get("baudrate") or 115200)
        self.use_fingerprint = bool(opts.get("fingerprint", False))
        self.read_appended = bool(opts.get("appended_address", False))
        self.watch_interval = float(opts.get("watch_interval") or 0.25)
        self.photo_decoder = decoder_from_options(opts)
        self.transport: Transport | None = None
        self._decoder = FrameDecoder()
        self._lock = threading.RLock()  # one exchange at a time, whoever calls
        self._armed = False
        self._card_present = False
        #: perf_counter() when the last reply chunk arrived (latency measurements)
        self.last_reply_at = 0.0

    # ---------------------------------------------------------------- life cycle
    def _open(self) -> None:
        transport = open_transport(self.port, baudrate=self.baudrate)
        transport.open()
        self.transport = transport
        sam_id = self.read_sam_id()
        self.info = DeviceInfo(model="SAM module (GA 467 frames)", serial_number=sam_id,
                               extra={"baudrate": str(self.baudrate)},
                               # what the SAM answered at open, and what it is asked to read
                               capabilities={"frames": "GA 467", "sam_id": "answered",
                                             "fingerprint": "read" if self.use_fingerprint
                                             else "not read",
                                             "appended_address": "read" if self.read_appended
                                             else "not read"})

    def _close(self) -> None:
        transport, self.transport = self.transport, None
        self._card_present = False
        self._decoder.reset()
        if transport is not None:
            transport.close()
        if self.status.supplies.get("card") != MediaState.UNKNOWN:
            self.set_status(supplies={"card": MediaState.UNKNOWN})

    # ----------------------------------------------------------------- exchanges
    def exchange(self, command: tuple[int, int], step: str) -> Frame:
        """Send one command, return its reply frame (any SW3); typed errors otherwise."""
        with self._lock:
            transport = self.transport
            if transport is None or not transport.is_open:
                raise NotReady(f"{self.name}: {step}: port is not open")
            decoder = self._decoder
            decoder.reset()
            transport.discard_input()  # late bytes of an earlier reply, line noise
            request = frames.encode_command(*command)
            wire = (len(request) + REPLY_MAX.get(command, 64)) * 10 / self.baudrate
            budget = self.timeout + wire
            deadline = time.monotonic() + budget
            transport.write(request, budget)
            bad: BadFrame | None = None
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._no_reply(step, budget, bad)
                chunk = transport.read_some(4096, left)
                if not chunk:
                    continue
                self.last_reply_at = time.perf_counter()
                for item in decoder.feed(chunk):
                    if isinstance(item, Frame):
                        if len(item.body) < 3:
                            raise CorruptFrame(f"{self.name}: {step}: reply of "
                                               f"{len(item.body)} bytes has no status")
                        return item
                    bad = bad or item
                # A checksum failure with nothing else in flight will not be followed by
                # the real reply: fail now, not at the deadline. (A bad *length* is often
                # noise ahead of the reply, so that one waits.)
                if bad is not None and bad.kind == "checksum" and not decoder.pending:
                    raise CorruptFrame(f"{self.name}: {step}: {bad.reason}")

    def _no_reply(self, step: str, budget: float, bad: BadFrame | None) -> DeviceError:
        decoder = self._decoder
        if decoder.pending:
            total = decoder.expected_total()
            return TruncatedFrame(
                f"{self.name}: {step}: reply cut off after {decoder.buffered} of "
                f"{total if total is not None else '?'} bytes"
            )
        if bad is not None:
            return CorruptFrame(f"{self.name}: {step}: {bad.reason}")
        return DeviceTimeout(f"{self.name}: {step}: no reply within {budget:.2f}s")

    def _expect_ok(self, frame: Frame, step: str) -> Frame:
        if frame.sw3 != SW3_OK:
            raise sw3_error(frame.sw3, f"{self.name}: {step}")
        return frame

    # -------------------------------------------------------------- SAM commands
    def read_sam_id(self) -> str:
        data = self._expect_ok(self.exchange(SAM_ID, "read SAM ID"), "read SAM ID").data
        if len(data) < 16:
            raise CorruptFrame(f"{self.name}: read SAM ID: {len(data)} data bytes, expected 16")

        def u32(i: int) -> int:
            return int.from_bytes(data[i : i + 4], "little")

        return f"{data[0]:02d}.{data[2]:02d}-{u32(4):08d}-{u32(8):010d}-{u32(12):010d}"

    def reset_sam(self) -> None:
        self._expect_ok(self.exchange(RESET_SAM, "reset SAM"), "reset SAM")

    def poll_status(self) -> DeviceStatus:
        frame = self.exchange(SAM_STATUS, "SAM status")
        media = self.status.supplies.get("card", MediaState.UNKNOWN) if self._armed \
            else MediaState.UNKNOWN
        if frame.sw3 == SW3_OK:
            return DeviceStatus(DeviceState.ONLINE, {"card": media}, "SAM ready")
        if frame.sw3 in (0x60, 0x66):
            return DeviceStatus(DeviceState.HARDWARE_ERROR, {"card": media},
                                f"SAM: {describe(frame.sw3)} (SW3 {frame.sw3:02X})")
        raise sw3_error(frame.sw3, f"{self.name}: SAM status")

    def external_checks(self) -> list[HealthCheck]:
        sam_id = self.read_sam_id()
        same = sam_id == self.info.serial_number
        return [HealthCheck("sam_id", same, "SAM ID read back" if same else "SAM ID changed")]

    # ------------------------------------------------------------- card commands
    def find_card(self) -> bool:
        """True: a card that has not been read yet is in the field. False: none (80)."""
        frame = self.exchange(FIND_CARD, "find card")
        if frame.sw3 == SW3_FOUND:
            return True
        if frame.sw3 == 0x80:
            return False
        raise sw3_error(frame.sw3, f"{self.name}: find card")

    def select_card(self) -> bool:
        frame = self.exchange(SELECT_CARD, "select card")
        if frame.sw3 == SW3_OK:
            return True
        if frame.sw3 == 0x81:
            return False
        raise sw3_error(frame.sw3, f"{self.name}: select card")

    def read_selected(self) -> IdCard:
        """Read a found and selected card: text + photo (+ fingerprint, + appended address)."""
        command = READ_WITH_FINGERPRINT if self.use_fingerprint else READ_TEXT_PHOTO
        frame = self._expect_ok(self.exchange(command, "read card"), "read card")
        try:
            card = parse_read_data(frame.data, with_fingerprint=self.use_fingerprint)
        except CardDataError as exc:
            raise CardDataError(f"{self.name}: read card: {exc}") from None
        if self.read_appended:
            card.appended_addresses = self.read_appended_addresses()
        log.info("%s: read %s %s", self.name, card.card_type, card.masked_id)
        return card

    def read_appended_addresses(self) -> list[str]:
        frame = self.exchange(READ_APPENDED_ADDRESS, "read appended address")
        if frame.sw3 == SW3_EMPTY:
            return []
        self._expect_ok(frame, "read appended address")
        try:
            return parse_appended_addresses(frame.data)
        except CardDataError as exc:
            raise CardDataError(f"{self.name}: read appended address: {exc}") from None

    def read_card(self) -> IdCard:
        """One find → select → read. NoCard when the reader is empty; CardStillOnReader
        when the card there was already read and must be placed again."""
        with self._lock:
            if not self.find_card():
                if self.select_card():
                    self._set_media(MediaState.PRESENT)
                    raise CardStillOnReader(
                        f"{self.name}: the card on the reader was already read; "
                        "lift it and place it again"
                    )
                self._set_media(MediaState.ABSENT)
                raise sw3_error(0x80, f"{self.name}: find card")
            self._set_media(MediaState.PRESENT)
            if not self.select_card():
                raise sw3_error(0x81, f"{self.name}: select card")
            card = self.read_selected()
            self._card_present = True
            return card

    def decode_photo(self, card: IdCard) -> PhotoResult:
        """The portrait as a BMP through the configured vendor library, if any."""
        return self.photo_decoder.decode(card.photo_wlt)

    # -------------------------------------------------------------- waiting mode
    @property
    def armed(self) -> bool:
        return self._armed

    def arm(self) -> None:
        """Start watching for cards. Thread-safe; submit it as a job
        (``handle.submit("arm", lambda d: d.arm())``) so the worker wakes at once."""
        self._card_present = False  # a card already lying there is reported, not re-read
        self._armed = True
        self.idle_interval = self.watch_interval

    def disarm(self) -> None:
        self._armed = False
        self.idle_interval = None
        self._set_media(MediaState.UNKNOWN)

    def idle(self) -> None:
        if (not self._armed or self.transport is None
                or self.status.state is DeviceState.HARDWARE_ERROR):
            # A SAM that refuses work is only polled (quietly) until it answers "ready"
            # again, instead of failing a card search four times a second.
            super().idle()
            return
        try:
            self._watch_once()
        except DeviceError as exc:
            self._on_failure("watch", exc)
            raise
        except Exception as exc:  # noqa: BLE001 - a driver bug must not kill the worker
            log.exception("%s: watch failed with an unexpected error", self.name)
            wrapped = IdCardError(f"{self.name}: watch: internal driver error: "
                                  f"{type(exc).__name__}", recovery=Recovery.TECHNICIAN,
                                  code="internal")
            self._on_failure("watch", wrapped)
            raise wrapped from exc
        self.counters.mark_seen()
        if self.status.state is not DeviceState.ONLINE:
            self.refresh_status()

    def _watch_once(self) -> None:
        with self._lock:
            if self.find_card():
                if self._card_present:
                    # lifted and placed again (or swapped) between two looks
                    self._card_present = False
                    self.events.publish(CardRemoved(self.name))
                self._set_media(MediaState.PRESENT)
                if not self.select_card():
                    return  # the card is moving in the field; look again next tick
                card = self.read_selected()
                self._card_present = True
                self.counters.record_success("read_card")
                self.events.publish(CardRead(self.name, card))
                return
            if self.select_card():
                if not self._card_present:
                    self._card_present = True
                    self._set_media(MediaState.PRESENT)
                    log.info("%s: a card already read lies on the reader", self.name)
                    self.events.publish(CardLeftOnReader(self.name))
                return
            self._set_media(MediaState.ABSENT)
            if self._card_present:
                self._card_present = False
                self.events.publish(CardRemoved(self.name))

    def _set_media(self, media: MediaState) -> None:
        if self.status.supplies.get("card") != media:
            self.set_status(supplies={"card": media})
