"""A GT-521F module speaking the real packets over a pty or TCP, with fictitious fingers.

The module: a backlight (a finger is seen only while it is lit), the last captured image, and
a template database of ``capacity`` slots that starts empty. Templates are the fingers'
fictitious GT-521F templates (drivers.core.fingers): Verify compares by equality. The
GT-521F has no password, so there is no ``wrong_password`` fault here.
"""
from __future__ import annotations

import os
import threading
import time
from typing import Any, ClassVar

from drivers.core import fingers
from drivers.core.simulator import Simulator
from drivers.gt521f import frames as f
from drivers.gt521f.frames import DataPacket, Packet, PacketDecoder

_POOR = ("wet", "dry", "partial")


class Gt521Simulator(Simulator):
    FAULTS: ClassVar[dict[str, str]] = {
        **Simulator.FAULTS,
        "no_finger": "the sensor sees no finger, whatever lies on it",
        "no_match": "every Verify answers NACK_VERIFY_FAILED",
        "wet": "every image is bad (NACK_BAD_FINGER)",
        "dry": "every image is bad (NACK_BAD_FINGER)",
        "partial": "every image is bad (NACK_BAD_FINGER)",
        "garbage": "noise before every answer (count=N bytes, default 9): the driver resyncs",
        "bad_checksum": "corrupt the checksum of every answer",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "place_finger": "lay fictitious finger N on the pad (finger=N, "
                        "condition=good|wet|dry|partial)",
        "lift_finger": "take the finger off the pad",
    }

    def __init__(self, name: str = "fingerprint", *, capacity: int = 200,
                 security_level: int = 3, serial_number: str = "0123456789ABCDEF0123456789ABCDEF",
                 **kw: Any) -> None:
        kw.setdefault("baudrate", 9600)
        super().__init__(name, **kw)
        self.capacity = capacity
        self.security_level = security_level
        self.device_info = f.DeviceInfoData(0x20120419, 0x2000, serial_number)
        self.pad = fingers.Pad()
        self.led = False
        self.captured: fingers.Placement | None = None
        self.database: dict[int, bytes] = {}
        self.commands: list[int] = []  # command words received, in order (tests)
        self.max_slots_used = 0  # most templates the database ever held at once (tests)
        self._decoder = PacketDecoder()
        self._set_slot: int | None = None  # SetTemplate: the slot its data packet goes into
        self._state = threading.Lock()

    # ------------------------------------------------------------ scenario actions
    def place_finger(self, finger: Any = 1, condition: str = "good") -> None:
        self.pad.place(str(finger), str(condition))

    def lift_finger(self) -> None:
        self.pad.lift()

    # -------------------------------------------------------------------- the wire
    def on_connect(self) -> None:
        self._decoder = PacketDecoder()
        self._set_slot = None

    def on_receive(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if isinstance(item, DataPacket):
                with self._state:
                    answer = self._take_template(item)
            elif isinstance(item, Packet):
                if self.pace and self.baudrate:
                    time.sleep(f.PACKET_LEN * 10 / self.baudrate)
                with self._state:
                    answer = self._answer(item)
            else:
                continue  # a corrupted packet: the module answers nothing it cannot read
            for packet in answer:
                self._reply(bytearray(packet))

    def _reply(self, packet: bytearray) -> None:
        if "bad_checksum" in self.active_faults:
            packet[-1] ^= 0x5A
        if "garbage" in self.active_faults:
            count = int(self.active_faults["garbage"].get("count", 9))
            packet[:0] = bytes([0x55]) + os.urandom(max(0, count - 1))
        self.send(bytes(packet))

    @staticmethod
    def _ok(param: int = 0) -> list[bytes]:
        return [f.reply(True, param)]

    @staticmethod
    def _nack(code: int) -> list[bytes]:
        return [f.reply(False, code)]

    def _poor(self) -> bool:
        image = self.captured
        return any(p in self.active_faults for p in _POOR) or \
            (image is not None and image.condition in _POOR)

    def _seen(self) -> fingers.Placement | None:
        placement = self.pad.placement
        if not self.led or "no_finger" in self.active_faults:
            return None
        return placement

    def _slot_error(self, slot: int) -> list[bytes] | None:
        return self._nack(f.NACK_INVALID_POS) if not 0 <= slot < self.capacity else None

    def _answer(self, packet: Packet) -> list[bytes]:
        cmd, param = packet.cmd, packet.param
        self.commands.append(cmd)
        if cmd == f.OPEN:
            out = self._ok()
            if param:
                out.append(bytes(f.data_packet(f.encode_device_info(self.device_info))))
            return out
        if cmd == f.CLOSE:
            return self._ok()
        if cmd == f.CMOS_LED:
            self.led = bool(param)
            return self._ok()
        if cmd == f.GET_ENROLL_COUNT:
            return self._ok(len(self.database))
        if cmd == f.CHECK_ENROLLED:
            return self._slot_error(param) or (
                self._ok() if param in self.database else self._nack(f.NACK_IS_NOT_USED))
        if cmd == f.IS_PRESS_FINGER:
            return self._ok(0 if self._seen() else 1)
        if cmd == f.DELETE_ID:
            if (bad := self._slot_error(param)) is not None:
                return bad
            if self.database.pop(param, None) is None:
                return self._nack(f.NACK_IS_NOT_USED)
            return self._ok()
        if cmd == f.DELETE_ALL:
            if not self.database:
                return self._nack(f.NACK_DB_IS_EMPTY)
            self.database.clear()
            return self._ok()
        if cmd == f.CAPTURE_FINGER:
            seen = self._seen()
            if seen is None:
                return self._nack(f.NACK_FINGER_IS_NOT_PRESSED)
            self.captured = seen
            return self._ok()
        if cmd == f.VERIFY:
            return self._verify(param)
        if cmd == f.MAKE_TEMPLATE:
            if self.captured is None:
                return self._nack(f.NACK_FINGER_IS_NOT_PRESSED)
            if self._poor():
                return self._nack(f.NACK_BAD_FINGER)
            template = fingers.template(self.captured.finger, "gt521f")
            return self._ok() + [bytes(f.data_packet(template))]
        if cmd == f.GET_TEMPLATE:
            if (bad := self._slot_error(param)) is not None:
                return bad
            if param not in self.database:
                return self._nack(f.NACK_IS_NOT_USED)
            return self._ok() + [bytes(f.data_packet(self.database[param]))]
        if cmd == f.SET_TEMPLATE:
            if (bad := self._slot_error(param)) is not None:
                return bad
            self._set_slot = param
            self._decoder.expect_data(f.TEMPLATE_SIZE)
            return self._ok()
        if cmd == f.GET_SECURITY_LEVEL:
            return self._ok(self.security_level)
        if cmd == f.SET_SECURITY_LEVEL:
            if not 1 <= param <= 5:
                return self._nack(f.NACK_INVALID_PARAM)
            self.security_level = param
            return self._ok()
        return self._nack(f.NACK_IS_NOT_SUPPORTED)

    def _verify(self, slot: int) -> list[bytes]:
        if (bad := self._slot_error(slot)) is not None:
            return bad
        if slot not in self.database:
            return self._nack(f.NACK_IS_NOT_USED)
        if self.captured is None:
            return self._nack(f.NACK_FINGER_IS_NOT_PRESSED)
        if self._poor():
            return self._nack(f.NACK_BAD_FINGER)
        live = fingers.template(self.captured.finger, "gt521f")
        if "no_match" in self.active_faults or self.database[slot] != live:
            return self._nack(f.NACK_VERIFY_FAILED)
        return self._ok()

    def _take_template(self, packet: DataPacket) -> list[bytes]:
        slot, self._set_slot = self._set_slot, None
        if slot is None:
            return []
        self.database[slot] = bytes(packet.data)
        self.max_slots_used = max(self.max_slots_used, len(self.database))
        return self._ok()


def simulator_factory(config, data_dir=None) -> Simulator:
    opts = config.options
    return Gt521Simulator(
        config.name, capacity=int(opts.get("capacity") or 200),
        transport=opts.get("sim_transport") or "pty",
        pace=bool(opts.get("sim_pace", True)),
        baudrate=int(opts.get("baudrate") or 9600),
    )
