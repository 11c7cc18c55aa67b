"""A ZFM/R30x/AS608 module speaking the real packets over a pty or TCP, with fictitious fingers.

The module's RAM: an image buffer (what GenImg saw), CharBuffer1/2 (features, or a template
sent by DownChar), and a flash library that starts empty (a kiosk never stores one; Search
answers "not found"). Features are the finger's fictitious template (drivers.core.fingers),
so Match is equality and its score varies per placement. Faults and scenario actions (lay a
finger N on the pad, wet/dry/partial, lift it) come through MockControl.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, ClassVar

from drivers.core import fingers
from drivers.core.simulator import Simulator
from drivers.zfm import frames as f
from drivers.zfm.frames import Packet, PacketDecoder

log = logging.getLogger(__name__)

_CONDITION_ACK = {"wet": f.MESSY_IMAGE, "dry": f.FEW_FEATURES, "partial": f.FEW_FEATURES}


class ZfmSimulator(Simulator):
    FAULTS: ClassVar[dict[str, str]] = {
        **Simulator.FAULTS,
        "wrong_password": "VfyPwd answers 13: the module's password is another one",
        "no_finger": "the sensor sees no finger, whatever lies on it",
        "no_match": "every Match answers 08 (no match)",
        "wet": "every image is messy (Img2Tz answers 06)",
        "dry": "every image has too few features (Img2Tz answers 07)",
        "partial": "only part of the finger is imaged (Img2Tz answers 07)",
        "garbage": "noise before every answer (count=N bytes, default 9): the driver resyncs",
        "bad_checksum": "corrupt the checksum of every answer",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "place_finger": "lay fictitious finger N on the pad (finger=N, "
                        "condition=good|wet|dry|partial)",
        "lift_finger": "take the finger off the pad",
    }

    def __init__(self, name: str = "fingerprint", *, address: int = f.DEFAULT_ADDRESS,
                 password: int = 0, library_size: int = 300, security_level: int = 3,
                 packet_size: int = 128, **kw: Any) -> None:
        """``kw``: the link and line options of :class:`Simulator` (``transport``,
        ``tcp_port``, ``link_dir``, ``baudrate`` (default 57600), ``pace``)."""
        kw.setdefault("baudrate", 57600)
        super().__init__(name, **kw)
        self.address = address
        self.password = password
        self.pad = fingers.Pad()
        self.para = f.SysPara(0, 0, library_size, security_level, address, packet_size,
                              self.baudrate or 57600)
        self.image: fingers.Placement | None = None
        self.char: dict[int, bytearray | None] = {1: None, 2: None}
        self.library: dict[int, bytes] = {}
        self.commands: list[int] = []  # instruction codes received, in order (tests)
        self._decoder = PacketDecoder(address)
        self._receiving: int | None = None  # DownChar: the buffer data packets go into
        self._incoming = bytearray()
        self._state = threading.Lock()

    # ------------------------------------------------------------ scenario actions
    def place_finger(self, finger: Any = 1, condition: str = "good") -> None:
        self.pad.place(str(finger), str(condition))

    def lift_finger(self) -> None:
        self.pad.lift()

    # -------------------------------------------------------------------- the wire
    def on_connect(self) -> None:
        self._decoder = PacketDecoder(self.address)
        self._receiving = None

    def on_receive(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if not isinstance(item, Packet):
                continue  # a corrupted packet: the module answers nothing it cannot read
            if item.pid in (f.PID_DATA, f.PID_END):
                self._take_data(item)
            elif item.pid == f.PID_COMMAND:
                if self.pace and self.baudrate:
                    time.sleep((len(item.payload) + f.OVERHEAD) * 10 / self.baudrate)
                with self._state:
                    answer = self._answer(item.payload)
                for packet in answer:
                    self._reply(packet)

    def _take_data(self, packet: Packet) -> None:
        if self._receiving is None:
            return
        self._incoming += packet.payload
        if packet.pid == f.PID_END:
            with self._state:
                self.char[self._receiving] = self._incoming
            self._incoming = bytearray()
            self._receiving = None

    def _reply(self, packet: bytearray) -> None:
        if "bad_checksum" in self.active_faults:
            packet[-1] ^= 0x5A
        if "garbage" in self.active_faults:
            count = int(self.active_faults["garbage"].get("count", 9))
            # noise that contains a header's first byte, so resync is really exercised
            packet[:0] = bytes([0xEF]) + os.urandom(max(0, count - 1))
        self.send(bytes(packet))

    def _ack(self, code: int, data: bytes = b"") -> list[bytearray]:
        return [f.ack(code, data, self.address)]

    def _answer(self, payload: bytearray) -> list[bytearray]:
        ins = payload[0]
        self.commands.append(ins)
        if ins == f.VFY_PWD:
            given = int.from_bytes(payload[1:5], "big")
            wrong = "wrong_password" in self.active_faults or given != self.password
            return self._ack(f.WRONG_PASSWORD if wrong else f.OK)
        if ins == f.GEN_IMG:
            placement = self.pad.placement
            if placement is None or "no_finger" in self.active_faults:
                return self._ack(f.NO_FINGER)
            self.image = placement
            return self._ack(f.OK)
        if ins == f.IMG2TZ:
            return self._img2tz(payload[1] if len(payload) > 1 else 1)
        if ins == f.MATCH:
            return self._match()
        if ins == f.SEARCH:
            return self._ack(f.NOT_FOUND, bytes(4))
        if ins == f.REG_MODEL:
            one, two = self.char[1], self.char[2]
            if one is None or one != two:
                return self._ack(f.MERGE_FAIL)
            self.char[2] = bytearray(one)
            return self._ack(f.OK)
        if ins == f.STORE and len(payload) >= 4:
            features = self.char.get(payload[1])
            page = int.from_bytes(payload[2:4], "big")
            if features is None or page >= self.para.library_size:
                return self._ack(f.BAD_POSITION)
            self.library[page] = bytes(features)
            return self._ack(f.OK)
        if ins == f.UP_CHAR:
            features = self.char.get(payload[1] if len(payload) > 1 else 1)
            if features is None:
                return self._ack(f.UPLOAD_ERROR)
            return self._ack(f.OK) + f.data_packets(bytes(features), self.para.packet_size,
                                                    self.address)
        if ins == f.DOWN_CHAR:
            buffer = payload[1] if len(payload) > 1 else 1
            if buffer not in self.char:
                return self._ack(f.RECEIVE_ERROR)
            self._receiving, self._incoming = buffer, bytearray()
            return self._ack(f.OK)
        if ins == f.READ_SYS_PARA:
            return self._ack(f.OK, f.encode_sys_para(self.para))
        if ins == f.TEMPLATE_COUNT:
            return self._ack(f.OK, len(self.library).to_bytes(2, "big"))
        if ins == f.EMPTY:
            self.library.clear()
            return self._ack(f.OK)
        if ins == f.DELETE_CHAR:
            return self._ack(f.OK)
        return self._ack(f.COMM_ERROR)

    def _img2tz(self, buffer: int) -> list[bytearray]:
        image = self.image
        if image is None or buffer not in self.char:
            return self._ack(f.INVALID_IMAGE)
        for fault in ("wet", "dry", "partial"):
            if fault in self.active_faults:
                return self._ack(_CONDITION_ACK[fault])
        if image.condition in _CONDITION_ACK:
            return self._ack(_CONDITION_ACK[image.condition])
        self.char[buffer] = bytearray(fingers.template(image.finger, "zfm"))
        return self._ack(f.OK)

    def _match(self) -> list[bytearray]:
        one, two = self.char[1], self.char[2]
        if one is None or two is None or one != two or "no_match" in self.active_faults:
            return self._ack(f.NO_MATCH, bytes(2))
        image = self.image
        score = fingers.score(image.finger if image else "?", image.number if image else 0)
        return self._ack(f.OK, score.to_bytes(2, "big"))


def simulator_factory(config, data_dir=None) -> Simulator:
    opts = config.options
    return ZfmSimulator(
        config.name, address=int(opts.get("address", f.DEFAULT_ADDRESS)),
        password=int(opts.get("password", 0)),
        transport=opts.get("sim_transport") or "pty",
        pace=bool(opts.get("sim_pace", True)),
        baudrate=int(opts.get("baudrate") or 57600),
    )
