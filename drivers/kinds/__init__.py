"""Device kinds: one small contract per kind of peripheral, after UnifiedPOS device categories.

A contract is an abstract :class:`~drivers.core.device.Device` subclass that every driver of
that kind implements. It names what the application may ask of the kind (``OPERATIONS``, run
on the device's worker through :meth:`drivers.manager.DeviceHandle.client`), the status axes
it reports and which of their values stop a citizen function (``AXES``), and the typed events
it publishes (``EVENTS``). The application depends on these contracts only, never on a
driver's class, so a second driver of a kind (another ID reader, another printer) plugs in
without touching the kiosk.

Adding a kind: one module here with its contract, one line in :data:`KINDS`.
"""
from __future__ import annotations

import importlib
from functools import cache

from drivers.kinds.base import Axis, KindContract

#: kind name (as in DriverSpec.kind) → "module:Contract"
KINDS: dict[str, str] = {
    "idcard": "drivers.kinds.card_reader:CardReader",
    "printer": "drivers.kinds.ticket_printer:TicketPrinter",
    "smartcard": "drivers.kinds.smart_card:SmartCardReader",
    "card_dispenser": "drivers.kinds.card_dispenser:CardDispenser",
    "camera": "drivers.kinds.camera:Camera",
    "document_camera": "drivers.kinds.document_camera:DocumentCamera",
    "usb_storage": "drivers.kinds.usb_storage:UsbStorage",
    "fingerprint": "drivers.kinds.fingerprint:FingerprintReader",
    "a4printer": "drivers.kinds.document_printer:DocumentPrinter",
    "locker": "drivers.kinds.locker:Locker",
}


@cache
def contract(kind: str) -> type[KindContract]:
    """The contract class of ``kind``; KeyError for a kind nobody declared."""
    module, _, attr = KINDS[kind].partition(":")
    cls = getattr(importlib.import_module(module), attr)
    if not (isinstance(cls, type) and issubclass(cls, KindContract)) or cls.kind != kind:
        raise TypeError(f"{KINDS[kind]} is not the contract of kind {kind!r}")
    return cls


def kind_names() -> list[str]:
    return sorted(KINDS)


__all__ = ["KINDS", "Axis", "KindContract", "contract", "kind_names"]
