"""DLE EOT decoding: every state, reply validation, and "no reply is never paper ok"."""
import pytest

from drivers.core.status import DeviceState, PaperState, Recovery
from drivers.printer import status as st
from drivers.printer.errors import (
    CoverOpen,
    CutterError,
    PaperOut,
    PrinterFault,
    PrinterOffline,
    error_for_status,
)

OK = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


def test_validation_mask():
    valid = [b for b in range(256) if st.is_valid_status_byte(b)]
    assert 0x12 in valid and 0x1E in valid and 0x72 in valid and 0x7E in valid
    for bad in (0x00, 0xFF, 0x92, 0x10, 0x02, 0x80, 0x13 | 0x80):
        assert not st.is_valid_status_byte(bad)
    assert all(b & 0x93 == 0x12 for b in valid) and len(valid) == 16


@pytest.mark.parametrize("p4, paper", [(0x12, "ok"), (0x1E, "near_end"), (0x72, "out"),
                                       (0x7E, "out")])
def test_paper_sensor(p4, paper):
    s = st.decode({**OK, 4: p4})
    assert s.paper == paper
    assert s.ready is (paper in ("ok", "near_end"))


def test_all_ok_is_ready_and_online():
    s = st.decode(OK)
    assert s.ready and s.online is True and s.cover_open is False and s.error is None
    assert s.device_state is DeviceState.ONLINE and s.recovery is Recovery.NONE
    assert s.to_dict()["online"] is True and s.to_dict()["paper"] == "ok"


def test_cover_open():
    s = st.decode({1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12})
    assert s.cover_open is True and s.online is False and not s.ready
    assert s.device_state is DeviceState.USER_ERROR and s.recovery is Recovery.STAFF
    assert isinstance(error_for_status(s, "x"), CoverOpen)


def test_paper_end_stop_wins_over_roll_sensor():
    # stopped for paper end (n=2 bit 5) even if the roll sensor byte were missing
    s = st.decode({1: 0x1A, 2: 0x32})
    assert s.paper is PaperState.OUT
    assert s.device_state is DeviceState.USER_ERROR
    assert isinstance(error_for_status(s, "x"), PaperOut)


def test_cutter_and_unrecoverable_errors():
    s = st.decode({1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12})
    assert s.cutter_error and s.device_state is DeviceState.HARDWARE_ERROR
    err = error_for_status(s, "x")
    assert isinstance(err, CutterError) and err.recovery is Recovery.STAFF
    s = st.decode({1: 0x1A, 2: 0x52, 3: 0x32, 4: 0x12})
    assert s.unrecoverable_error and s.recovery is Recovery.TECHNICIAN
    assert isinstance(error_for_status(s, "x"), PrinterFault)


def test_error_bit_without_error_cause_is_not_hidden():
    s = st.decode({1: 0x1A, 2: 0x52})
    assert not s.ready and s.unrecoverable_error


def test_no_reply_is_unknown_and_offline_never_paper_ok():
    s = st.decode({}, "no reply to DLE EOT 1 within 1.0s")
    assert s.paper is PaperState.UNKNOWN and not s.ready
    assert s.device_state is DeviceState.OFFLINE
    d = s.to_dict()
    assert d["online"] is False and d["paper"] == "unknown" and d["cover_open"] is None
    assert "no reply" in d["error"]
    assert isinstance(error_for_status(s, "x"), PrinterOffline)


def test_invalid_bytes_are_dropped_not_misread():
    s = st.decode({1: 0x00, 2: 0xFF, 3: None, 4: 0x12 | 0x80})
    assert not s.answered and s.garbled and s.paper is PaperState.UNKNOWN
    assert s.to_dict()["online"] is None  # something answered, but nothing we can trust


def test_partial_reply_is_not_ready():
    s = st.decode({1: 0x12, 2: 0x12})  # n=3, n=4 never came
    assert not s.ready and s.paper is PaperState.UNKNOWN and s.error


def test_python_escpos_paper_status_lies_on_empty_read():
    """Why the driver does not use python-escpos for status: an empty read is "adequate"."""
    from escpos.printer import Dummy

    class Silent(Dummy):
        def _read(self):
            return b""

    assert Silent().paper_status() == 2  # python-escpos 3.1: "paper adequate"
    assert st.decode({}).paper is PaperState.UNKNOWN


def test_gs_r_reply_validation():
    assert st.is_valid_gs_r_byte(0x00) and st.is_valid_gs_r_byte(0x0F)
    assert not st.is_valid_gs_r_byte(0x12)  # a DLE EOT reply is never taken for GS r
    assert not st.is_valid_gs_r_byte(0x90)
