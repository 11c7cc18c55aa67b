"""USB transport with a fake pyusb device: timeouts, unplug, fresh find + claim on reconnect,
and the whole driver over it against the virtual printer."""
import errno

import pytest
import usb.core
import usb.util

from drivers.core.errors import ConfigError, DeviceDisconnected, DeviceTimeout
from drivers.printer.device import EscPosPrinter
from drivers.printer.simulator import VirtualPrinter
from drivers.core.usb import LpTransport, UsbTransport, parse_usb_port
from drivers.printer.transports import printer_transport


class FakeEndpoint:
    def __init__(self, address, dev):
        self.bEndpointAddress = address
        self.bmAttributes = usb.util.ENDPOINT_TYPE_BULK
        self.wMaxPacketSize = 64
        self.dev = dev

    def write(self, data, timeout=None):
        self.dev.write_timeouts.append(timeout)
        if self.dev.fail_write:
            raise self.dev.fail_write
        n = min(len(data), self.dev.max_write)
        self.dev.replies += self.dev.printer.receive(bytes(data[:n]))
        return n

    def read(self, size, timeout=None):
        if self.dev.gone:
            raise usb.core.USBError("No such device", None, errno.ENODEV)
        if not self.dev.replies:
            raise usb.core.USBTimeoutError("timeout", None, errno.ETIMEDOUT)
        out, self.dev.replies = self.dev.replies[:size], self.dev.replies[size:]
        return out


class FakeInterface(list):
    pass


class FakeDevice:
    def __init__(self, printer):
        self.printer = printer
        self.replies = b""
        self.fail_write = None
        self.gone = False
        self.max_write = 1 << 20
        self.write_timeouts = []
        self.kernel_driver = True
        self.detached = 0
        self.intf = FakeInterface([FakeEndpoint(0x81, self), FakeEndpoint(0x02, self)])

    def is_kernel_driver_active(self, i):
        return self.kernel_driver

    def detach_kernel_driver(self, i):
        self.kernel_driver = False
        self.detached += 1

    def attach_kernel_driver(self, i):
        self.kernel_driver = True

    def get_active_configuration(self):
        return {(0, 0): self.intf}

    def set_configuration(self):
        pass


@pytest.fixture
def fake_usb(monkeypatch):
    state = {"devices": [], "finds": 0, "claim_error": None}

    def find(backend=None, idVendor=None, idProduct=None, custom_match=None, **kw):
        state["finds"] += 1
        assert (idVendor, idProduct) == (0x0416, 0x5011)
        return state["devices"].pop(0) if state["devices"] else None

    def claim(dev, intf):
        if state["claim_error"]:
            raise state["claim_error"]

    monkeypatch.setattr(usb.core, "find", find)
    monkeypatch.setattr(usb.util, "claim_interface", claim)
    monkeypatch.setattr(usb.util, "release_interface", lambda dev, intf: None)
    monkeypatch.setattr(usb.util, "dispose_resources", lambda dev: None)
    return state


def test_parse_usb_port():
    assert parse_usb_port("usb:0416:5011") == (0x0416, 0x5011, None)
    assert parse_usb_port("usb://04b8:0202:ABC123") == (0x04B8, 0x0202, "ABC123")
    with pytest.raises(ValueError):
        parse_usb_port("usb:xyz")
    with pytest.raises(ConfigError, match="usb:VID:PID"):
        printer_transport("usb:1:2:3:4")
    assert isinstance(printer_transport("usb:0416:5011"), UsbTransport)
    assert isinstance(printer_transport("/dev/usb/lp0"), LpTransport)


def test_open_detaches_usblp_and_picks_bulk_endpoints(fake_usb):
    dev = FakeDevice(VirtualPrinter())
    fake_usb["devices"].append(dev)
    t = UsbTransport("usb:0416:5011")
    t.open()
    assert dev.detached == 1
    assert t._out.bEndpointAddress == 0x02 and t._in.bEndpointAddress == 0x81
    t.close()
    assert dev.kernel_driver  # handed back to the kernel on close


def test_missing_device_and_busy_interface_are_typed(fake_usb):
    with pytest.raises(DeviceDisconnected, match="no USB device 0416:5011"):
        UsbTransport("usb:0416:5011").open()
    fake_usb["devices"].append(FakeDevice(VirtualPrinter()))
    fake_usb["claim_error"] = usb.core.USBError("Resource busy", None, errno.EBUSY)
    with pytest.raises(DeviceDisconnected, match="usblp or CUPS"):
        UsbTransport("usb:0416:5011").open()


def test_failed_open_releases_the_interface_and_hands_it_back_to_usblp(fake_usb, monkeypatch):
    released = []
    monkeypatch.setattr(usb.util, "release_interface", lambda dev, intf: released.append(dev))
    dev = FakeDevice(VirtualPrinter())
    dev.intf = FakeInterface([FakeEndpoint(0x81, dev)])  # no OUT endpoint
    fake_usb["devices"].append(dev)
    t = UsbTransport("usb:0416:5011")
    with pytest.raises(DeviceDisconnected, match="endpoint OUT"):
        t.open()
    assert released == [dev] and dev.kernel_driver and not t.is_open
    busy = FakeDevice(VirtualPrinter())
    fake_usb["devices"].append(busy)
    fake_usb["claim_error"] = usb.core.USBError("Resource busy", None, errno.EBUSY)
    with pytest.raises(DeviceDisconnected, match="usblp or CUPS"):
        t.open()
    assert busy.kernel_driver  # usblp gets the printer back when we cannot claim it


def test_writes_have_a_timeout_and_stall_is_device_timeout(fake_usb):
    dev = FakeDevice(VirtualPrinter())
    fake_usb["devices"].append(dev)
    t = UsbTransport("usb:0416:5011")
    t.open()
    dev.max_write = 5  # the device takes 5 bytes per transfer: the rest is sent in a loop
    t.write(b"\x1b@hello world\n", 1.5)
    assert all(0 < ms <= 1500 for ms in dev.write_timeouts)
    dev.fail_write = usb.core.USBTimeoutError("timeout", None, errno.ETIMEDOUT)
    with pytest.raises(DeviceTimeout):
        t.write(b"x", 0.2)
    assert t.is_open  # a stalled transfer is not an unplug


def test_unplug_then_reconnect_does_a_fresh_find(fake_usb):
    first, second = FakeDevice(VirtualPrinter()), FakeDevice(VirtualPrinter())
    fake_usb["devices"] += [first, second]
    p = EscPosPrinter("printer", "usb:0416:5011", {}, timeout=0.3)
    p.open()
    assert p.refresh_status().state == "online"
    first.fail_write = usb.core.USBError("No such device", None, errno.ENODEV)  # power cycle
    with pytest.raises(Exception):
        p.refresh_status()
    assert p.status.state in ("offline", "no_device") and p.status.supplies["paper"] == "unknown"
    p.close()
    p.open()  # what the worker does: a new find + claim, not the dead handle
    assert fake_usb["finds"] == 2
    assert p.refresh_status().state == "online"
    result = p.print_bytes(p.test_page(short=True))
    assert result.confirmed_by == "GS r" and second.printer.pages_printed == 1
    p.close()
