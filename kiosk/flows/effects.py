"""What the flows ask of the world, as requests that return at once.

Every slow thing (a device, the central servers, printing) is started by
:meth:`Effects.request` and answers later through the ``done``/``failed`` callbacks, which
the implementation must invoke on the flow's thread (the Qt thread in the app, the test's
thread in tests). The flows therefore never wait, and tests drive them with a fake that
resolves requests by hand (``tests/doubles.py``).

A request names a target and an operation:

=========  ===================  ==========================================================
target     name                 op
=========  ===================  ==========================================================
device     a device kind        an operation of the kind's contract (drivers.kinds)
central    a central domain     an operation of that domain (queue, appointments, staff …)
print      a printing kind      "print": args[0] is a kiosk.printing document
mock       a device kind        a simulator scenario action (mock mode only)
admin      "admin"              a technician's service on this kiosk (kiosk.admin.OPERATIONS:
                                devices, checks, supplies, outbox, fault switches …)
=========  ===================  ==========================================================
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

TARGETS = ("device", "central", "print", "mock", "admin")


@dataclass(frozen=True)
class Request:
    target: str
    name: str
    op: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"unknown request target {self.target!r}")

    @property
    def key(self) -> str:
        """``"queue.take_ticket"``, ``"idcard.arm"``, ``"printer.print"``."""
        return f"{self.name}.{self.op}"

    def describe(self) -> str:  # for logs: no arguments (they may be personal data)
        return f"{self.target}:{self.key}"


class Effects(Protocol):
    def request(self, request: Request, done: Done, failed: Failed) -> None: ...
