"""A minimal line-protocol device used to test the device layer itself.

Protocol: host sends ``STATUS\\n``; device answers ``OK paper=<state>\\n``. Small on purpose:
the real drivers (ID reader, printer) have their own tests; this one isolates the worker,
transport and simulator machinery from any one protocol.
"""
from __future__ import annotations

import time

from drivers.core.device import Device
from drivers.core.errors import ProtocolError
from drivers.core.simulator import Simulator
from drivers.core.status import DeviceState, DeviceStatus, HealthCheck
from drivers.core.transport import SerialTransport


class LineDevice(Device):
    kind = "test"
    supply_axes = ("paper",)

    def _open(self) -> None:
        self.transport = SerialTransport(self.port, baudrate=115200)
        self.transport.open()
        self.info = type(self.info)(model="LINE-1")

    def _close(self) -> None:
        t = getattr(self, "transport", None)
        if t is not None:
            t.close()

    def exchange(self, command: bytes) -> bytes:
        self.transport.discard_input()
        self.transport.write(command + b"\n", self.timeout)
        deadline = time.monotonic() + self.timeout
        buf = b""
        while not buf.endswith(b"\n"):
            buf += self.transport.read_exactly(1, deadline)
        return buf.strip()

    def poll_status(self) -> DeviceStatus:
        reply = self.exchange(b"STATUS")
        if not reply.startswith(b"OK paper="):
            raise ProtocolError(f"{self.name}: garbage reply {reply[:20]!r}")
        return DeviceStatus(DeviceState.ONLINE, {"paper": reply[9:].decode()})

    def external_checks(self):
        return [HealthCheck("echo", self.exchange(b"ECHO") == b"ECHO")]


class LineSimulator(Simulator):
    FAULTS = {**Simulator.FAULTS, "garbage": "answer noise"}

    def __init__(self, name: str, paper: str = "ok", **kw) -> None:
        super().__init__(name, **kw)
        self.paper = paper
        self._buf = b""

    def on_receive(self, data: bytes) -> None:
        self._buf += data
        while b"\n" in self._buf:
            line, self._buf = self._buf.split(b"\n", 1)
            if self.has_fault("garbage"):
                self.send(b"\x00\xff??\n")
            elif line == b"STATUS":
                self.send(b"OK paper=" + self.paper.encode() + b"\n")
            else:
                self.send(line + b"\n")
