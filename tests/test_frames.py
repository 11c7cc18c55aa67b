"""The frame transport: the latest-frame slot, the MJPEG-over-HTTP simulator checked against
literal bytes of the multipart format, and OpenCV reading it through the real HTTP stack."""
from __future__ import annotations

import socket
import threading
import tracemalloc

import numpy as np
import pytest

from drivers.core.errors import DeviceDisconnected, DeviceTimeout
from drivers.core.frames import (
    FrameSource,
    LatestFrame,
    capture_target,
    check_source,
    load_cv2,
)
from drivers.core.mjpeg import MjpegSimulator
from tests.waiting import wait_for

cv2 = load_cv2()  # as the driver loads it (FFMPEG's log level is set before its first use)


def grey_counter(n: int, t: float, width: int, height: int) -> np.ndarray:
    """A flat grey that changes every frame (so the stream is never frozen)."""
    return np.full((height, width, 3), 40 + n % 200, np.uint8)


# ------------------------------------------------------------------ LatestFrame
def test_empty_slot_gives_none():
    slot = LatestFrame()
    assert slot.get() is None and slot.latest() is None
    assert slot.seq == 0 and slot.last_at is None and slot.age() is None
    assert slot.wait_newer(0, 0) is None


def test_put_and_get_number_frames_in_order():
    slot = LatestFrame()
    assert slot.put("a") == 1
    assert slot.get() == (1, "a")
    assert slot.put("b") == 2
    assert slot.get() == (2, "b")
    assert slot.get() == (2, "b")  # taking it again is allowed, and nothing was dropped
    assert (slot.received, slot.dropped) == (2, 0)


def test_a_thousand_frames_nobody_reads_keep_one_and_memory_stays_flat():
    slot = LatestFrame()
    frame_bytes = 240 * 320 * 3
    tracemalloc.start()  # numpy reports its buffers to tracemalloc
    try:
        for i in range(1000):
            slot.put(np.full((240, 320, 3), i % 256, np.uint8))
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (slot.received, slot.dropped) == (1000, 999)
    seq, frame = slot.get()
    assert seq == 1000 and frame[0, 0, 0] == 999 % 256
    # the slot holds one frame (a queue would hold 1000: 230 MB); at most two exist at once
    assert held < 1.5 * frame_bytes
    assert peak < 2.5 * frame_bytes


def test_dropped_counts_only_frames_nobody_took():
    slot = LatestFrame()
    slot.put(1)
    slot.get()
    slot.put(2)  # replaces a frame that was taken
    assert slot.dropped == 0
    slot.put(3)  # replaces 2, never taken
    assert slot.dropped == 1
    slot.wait_newer(0, 0)  # wait_newer takes too
    slot.put(4)
    assert slot.dropped == 1


def test_wait_newer_returns_at_once_when_there_is_a_newer_frame():
    slot = LatestFrame()
    slot.put("x")
    assert slot.wait_newer(0, 0) == (1, "x")
    assert slot.wait_newer(1, 0) is None


def test_wait_newer_wakes_for_the_next_frame_put_by_another_thread():
    slot = LatestFrame()
    slot.put("old")
    got: list = []
    waiting = threading.Event()

    def consumer():
        waiting.set()
        got.append(slot.wait_newer(1, 30))

    t = threading.Thread(target=consumer)
    t.start()
    waiting.wait(5)
    slot.put("new")
    t.join(30)
    assert got == [(2, "new")]


def test_clear_forgets_the_frame_but_not_the_count():
    slot = LatestFrame()
    slot.put("face")
    slot.clear()
    assert slot.get() is None and slot.last_at is None
    assert slot.put("next") == 2  # a consumer never mistakes it for one already shown


# ------------------------------------------------------------------ port names
@pytest.mark.parametrize("port, target, backend", [
    ("0", (0), "v4l2"),
    ("2", (2), "v4l2"),
    ("/dev/video0", "/dev/video0", "v4l2"),
    ("/dev/v4l/by-id/usb-Cam_HD-video-index0", "/dev/v4l/by-id/usb-Cam_HD-video-index0",
     "v4l2"),
    ("http://127.0.0.1:8080/stream.mjpg", "http://127.0.0.1:8080/stream.mjpg", "ffmpeg"),
    ("rtsp://10.0.0.7/live", "rtsp://10.0.0.7/live", "ffmpeg"),
    ("/var/lib/kiosk/sample.mp4", "/var/lib/kiosk/sample.mp4", "ffmpeg"),
])
def test_capture_targets(port, target, backend):
    assert capture_target(port) == (target, backend)


@pytest.mark.parametrize("port", ["video0", "ftp://host/x", "http://", "tcp://127.0.0.1:9"])
def test_ports_that_name_no_frame_source_are_refused_in_one_line(port):
    with pytest.raises(ValueError) as err:
        check_source(port)
    assert "\n" not in str(err.value) and repr(port) in str(err.value)


# ------------------------------------------------------------- the MJPEG wire
@pytest.fixture
def sim():
    s = MjpegSimulator("cam", grey_counter, width=320, height=240, fps=30).start()
    yield s
    s.stop()


def _connect(url: str, path: str | None = None) -> socket.socket:
    host_port = url.split("/")[2]
    host, port = host_port.split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(f"GET {path or '/' + url.split('/', 3)[3]} HTTP/1.1\r\nHost: {host_port}\r\n"
                 "User-Agent: test\r\n\r\n".encode())
    return sock


class _Reader:
    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buf = sock, b""

    def until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(self.buf[-200:])
            self.buf += chunk
        head, _, self.buf = self.buf.partition(marker)
        return head + marker

    def exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def part(self) -> bytes:
        """One multipart part, checked byte for byte; returns its JPEG."""
        head = self.until(b"\r\n\r\n")
        length = int(head.rsplit(b"Content-Length: ", 1)[1].split(b"\r\n")[0])
        assert head == (b"--kioskframe\r\nContent-Type: image/jpeg\r\n"
                        b"Content-Length: " + str(length).encode() + b"\r\n\r\n")
        jpeg = self.exactly(length)
        assert self.exactly(2) == b"\r\n"
        assert jpeg[:2] == b"\xff\xd8" and jpeg[-2:] == b"\xff\xd9"  # SOI … EOI
        return jpeg


def test_stream_is_an_http_multipart_response_byte_for_byte(sim):
    with _connect(sim.port) as sock:
        r = _Reader(sock)
        assert r.until(b"\r\n\r\n") == (
            b"HTTP/1.0 200 OK\r\n"
            b"Content-Type: multipart/x-mixed-replace; boundary=kioskframe\r\n"
            b"Cache-Control: no-cache, no-store\r\n"
            b"Pragma: no-cache\r\n"
            b"Connection: close\r\n"
            b"\r\n")
        jpegs = [r.part() for _ in range(3)]
    for jpeg in jpegs:
        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert image.shape == (240, 320, 3)
    assert len(set(jpegs)) == 3  # a new picture each time
    assert sim.received.startswith(b"GET /stream.mjpg HTTP/1.1\r\n")


def test_other_paths_are_404(sim):
    with _connect(sim.port, "/favicon.ico") as sock:
        r = _Reader(sock)
        assert r.until(b"\r\n\r\n") == (b"HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n"
                                        b"Content-Length: 14\r\nConnection: close\r\n\r\n")
        assert r.exactly(14) == b"404 Not Found\n"


def test_frozen_repeats_the_same_jpeg_bytes(sim):
    with _connect(sim.port) as sock:
        r = _Reader(sock)
        r.until(b"\r\n\r\n")
        r.part()
        sim.inject("frozen")
        r.part()  # may have been drawn before the fault
        frozen = [r.part() for _ in range(3)]
        assert frozen[0] == frozen[1] == frozen[2]
        sim.clear("frozen")
        r.part()
        assert r.part() != frozen[0]


def test_no_frames_keeps_the_connection_but_sends_nothing(sim):
    with _connect(sim.port) as sock:
        r = _Reader(sock)
        r.until(b"\r\n\r\n")
        r.part()
        sim.inject("no_frames")
        sock.settimeout(0.5)
        parts = 0
        with pytest.raises(TimeoutError):
            while True:
                r.part()
                parts += 1
        assert parts <= 1 and r.buf == b""  # at most the part already on its way
        sock.settimeout(10)
        sim.clear("no_frames")
        assert r.part()  # the same connection carries frames again


def test_wrong_resolution_restarts_the_stream_at_another_size(sim):
    with _connect(sim.port) as old:
        r = _Reader(old)
        r.until(b"\r\n\r\n")
        r.part()
        sim.inject("wrong_resolution", width=160, height=96)
        with pytest.raises((EOFError, ConnectionError)):
            while True:  # the old stream is cut off
                r.part()
    with _connect(sim.port) as sock:
        r = _Reader(sock)
        r.until(b"\r\n\r\n")
        image = cv2.imdecode(np.frombuffer(r.part(), np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (96, 160, 3)
    with pytest.raises(ValueError, match="positive integer"):
        sim.inject("wrong_resolution", width=0)


def test_unplug_closes_the_port_and_replug_serves_the_same_url(sim):
    url = sim.port
    sim.inject("unplug")
    with pytest.raises(ConnectionRefusedError):
        _connect(url)
    sim.clear("unplug")
    assert sim.port == url
    with _connect(url) as sock:
        r = _Reader(sock)
        assert r.until(b"\r\n\r\n").startswith(b"HTTP/1.0 200 OK\r\n")
        r.part()


def test_mock_controls_list_the_camera_faults(sim):
    assert set(sim.faults()) == {"no_frames", "frozen", "wrong_resolution", "unplug"}
    with pytest.raises(ValueError, match="unknown fault 'silent'"):
        sim.inject("silent")
    with pytest.raises(ValueError, match="no named scenes"):
        sim.perform("show_scene", scene="test_pattern")


# ------------------------------------------------ OpenCV through the real HTTP stack
@pytest.mark.parametrize("size", [(320, 240), (176, 144)])
def test_opencv_opens_the_simulated_stream(size):
    width, height = size
    with MjpegSimulator("cam", grey_counter, width=width, height=height, fps=30) as s:
        cap = cv2.VideoCapture(s.port, cv2.CAP_FFMPEG)
        try:
            assert cap.isOpened() and cap.getBackendName() == "FFMPEG"
            ok, frame = cap.read()
        finally:
            cap.release()
    assert ok and frame.shape == (height, width, 3)


def test_frame_source_fills_the_slot_from_the_stream(sim):
    source = FrameSource(sim.port, name="cam")
    try:
        source.open(10)
        assert source.size == (320, 240) and source.backend_name == "FFMPEG"
        assert wait_for(lambda: source.frames.received >= 5, 30)
        source.check(10)  # fresh: no error
        seq, frame = source.frames.get()
        assert frame.shape == (240, 320, 3) and not frame.flags.writeable
    finally:
        source.close()


def test_frame_source_times_out_without_frames_and_recovers_on_the_same_stream(sim):
    source = FrameSource(sim.port, stall_timeout=30, name="cam")
    source.open(10)
    try:
        sim.inject("no_frames")

        def late() -> bool:
            try:
                source.check(0.3)
            except DeviceTimeout:
                return True
            return False

        assert wait_for(late, 30)
        sim.clear("no_frames")
        seq = source.frames.seq
        assert source.frames.wait_newer(seq, 30) is not None
        source.check(5)
    finally:
        source.close()


def test_frozen_stream_is_told_apart_from_a_moving_one(sim):
    source = FrameSource(sim.port, name="cam")
    source.open(10)
    try:
        assert source.unchanged_for() == 0.0
        sim.inject("frozen")
        assert wait_for(lambda: source.unchanged_for() > 0.2, 30)
        sim.clear("frozen")
        assert wait_for(lambda: source.unchanged_for() == 0.0, 30)
    finally:
        source.close()


def test_refused_stream_is_disconnected(sim):
    url = sim.port
    sim.stop()
    with pytest.raises(DeviceDisconnected, match="cannot open"):
        FrameSource(url).open(10)


def test_missing_v4l2_camera_is_disconnected():
    with pytest.raises(DeviceDisconnected, match="/dev/video-kiosk-test-absent: cannot open"):
        FrameSource("/dev/video-kiosk-test-absent").open(10)


def test_a_server_that_never_answers_does_not_hold_the_caller():
    """The TCP connection is accepted (backlog) but no HTTP answer ever comes: OpenCV blocks
    inside its open; ours gives up at its own deadline and walks away from the reader."""
    with socket.socket() as mute:
        mute.bind(("127.0.0.1", 0))
        mute.listen(1)
        url = f"http://127.0.0.1:{mute.getsockname()[1]}/stream.mjpg"
        source = FrameSource(url, stall_timeout=30)
        with pytest.raises(DeviceTimeout, match="did not open within 0.3s"):
            source.open(0.3)
        assert source._thread is None  # closed: nothing left for anybody to wait on
