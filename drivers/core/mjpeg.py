"""The camera simulator flavour: an MJPEG stream over HTTP on 127.0.0.1 that OpenCV opens.

What IP cameras and ``mjpg-streamer`` serve: one HTTP response whose body never ends, of
content type ``multipart/x-mixed-replace``, one JPEG per part::

    HTTP/1.0 200 OK\\r\\n
    Content-Type: multipart/x-mixed-replace; boundary=kioskframe\\r\\n
    …\\r\\n
    \\r\\n
    --kioskframe\\r\\n
    Content-Type: image/jpeg\\r\\n
    Content-Length: 23011\\r\\n
    \\r\\n
    <23011 bytes of JPEG>\\r\\n
    --kioskframe\\r\\n
    …

The real driver opens ``http://127.0.0.1:PORT/stream.mjpg`` with ``cv2.VideoCapture``
(FFMPEG's mpjpeg demuxer) exactly as it opens an IP camera, so mock mode runs the real
capture, timeout and reconnect code.

Frames come from a *scene*: any callable ``scene(n, t, width, height)`` returning a BGR
``uint8`` array of shape (height, width, 3) for frame number ``n`` at ``t`` seconds since
the simulator started. A scene must change from frame to frame (a counter, sensor noise): a
camera whose picture does not change at all is what the driver reports as frozen.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from drivers.core.simulator import Link, OnConnect, OnData, Simulator

log = logging.getLogger(__name__)

Scene = Callable[[int, float, int, int], Any]

BOUNDARY = "kioskframe"
STREAM_PATH = "/stream.mjpg"
#: a request head longer than this is not a camera client
MAX_REQUEST = 8192


def response_head(boundary: str = BOUNDARY) -> bytes:
    """The HTTP response head that opens a multipart MJPEG stream."""
    return (b"HTTP/1.0 200 OK\r\n"
            b"Content-Type: multipart/x-mixed-replace; boundary=" + boundary.encode() + b"\r\n"
            b"Cache-Control: no-cache, no-store\r\n"
            b"Pragma: no-cache\r\n"
            b"Connection: close\r\n"
            b"\r\n")


def part(jpeg: bytes, boundary: str = BOUNDARY) -> bytes:
    """One part of the stream: boundary line, part headers, the JPEG, CRLF."""
    return (b"--" + boundary.encode() + b"\r\n"
            b"Content-Type: image/jpeg\r\n"
            b"Content-Length: " + str(len(jpeg)).encode() + b"\r\n"
            b"\r\n" + jpeg + b"\r\n")


def _simple_response(status: str) -> bytes:
    body = status.encode() + b"\n"
    return (b"HTTP/1.0 " + status.encode() + b"\r\nContent-Type: text/plain\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
            + body)


class HttpStreamLink(Link):
    """An HTTP listener on 127.0.0.1 that answers ``GET <path>`` with ``head`` and then
    streams whatever :meth:`write` sends, to one client at a time (a new client replaces the
    old one, as a camera serves one owner). Other paths get 404.

    The link writes the head itself, under the same lock as the body writes, so no body
    byte can reach a client before its head, whatever thread writes the body. A client that
    does not take a write within ``send_timeout`` s is dropped (a half-sent part would
    corrupt the stream for it).
    """

    kind = "http"

    def __init__(self, name: str, *, head: bytes, tcp_port: int = 0, path: str = STREAM_PATH,
                 send_timeout: float = 2.0) -> None:
        super().__init__(name)
        self.head = head
        self.tcp_port = tcp_port
        self.path = path
        self.send_timeout = send_timeout
        #: other paths that answer one picture and hang up (an IP camera's snapshot.jpg):
        #: path → callable giving the JPEG (used by the document camera's simulator)
        self.snapshots: dict[str, Callable[[], bytes]] = {}
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self._wlock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        return f"http://127.0.0.1:{self.tcp_port}{self.path}"

    @property
    def has_client(self) -> bool:
        return self._client is not None

    def plug(self, on_connect: OnConnect, on_data: OnData) -> None:
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.tcp_port))
        srv.listen(8)
        self.tcp_port = srv.getsockname()[1]
        self._server = srv
        self._thread = threading.Thread(target=self._accept_loop,
                                        args=(srv, on_connect, on_data), daemon=True,
                                        name=f"sim-{self.name}")
        self._thread.start()

    def unplug(self) -> None:
        srv, self._server = self._server, None
        with self._wlock:
            self._client = None
            conns, self._conns = list(self._conns), set()
        for s in (*conns, srv):
            if s is not None:
                _close(s)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2)
        self._thread = None

    def drop_client(self) -> None:
        """Hang up on the current client (a camera restarting its stream in another mode)."""
        with self._wlock:
            client, self._client = self._client, None
            if client is not None:
                self._conns.discard(client)
                _close(client)

    def write(self, data: bytes) -> None:
        with self._wlock:
            client = self._client
            if client is None:
                return
            try:
                client.sendall(data)
            except OSError:  # gone, or not reading: drop it rather than half a part
                self._client = None
                self._conns.discard(client)
                _close(client)

    # ----------------------------------------------------------------- server
    def _accept_loop(self, srv: socket.socket, on_connect: OnConnect, on_data: OnData) -> None:
        srv.settimeout(0.2)
        while self._server is srv:
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._wlock:
                if self._server is not srv:
                    _close(conn)
                    return
                self._conns.add(conn)
            threading.Thread(target=self._serve, args=(srv, conn, on_connect, on_data),
                             daemon=True, name=f"sim-{self.name}-conn").start()

    def _serve(self, srv: socket.socket, conn: socket.socket, on_connect: OnConnect,
               on_data: OnData) -> None:
        try:
            conn.settimeout(self.send_timeout)
            head = _read_head(conn)
            if head is None:
                return
            request = head.split(b"\r\n", 1)[0].split()
            if len(request) != 3 or request[0] != b"GET":
                conn.sendall(_simple_response("405 Method Not Allowed"))
                return
            path = urlsplit(request[1].decode("latin-1")).path
            if path in self.snapshots:
                jpeg = self.snapshots[path]()
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: "
                             + str(len(jpeg)).encode() + b"\r\nConnection: close\r\n\r\n"
                             + jpeg)
                return
            if path != self.path:
                conn.sendall(_simple_response("404 Not Found"))
                return
            with self._wlock:
                if self._server is not srv:
                    return
                old, self._client = self._client, conn
                conn.sendall(self.head)
                on_connect()
            if old is not None:
                with self._wlock:
                    self._conns.discard(old)
                _close(old)
            on_data(head)
            # the client sends nothing more; wait for it to hang up (or be replaced)
            while self._client is conn:
                try:
                    if not conn.recv(4096):
                        break
                except TimeoutError:
                    continue
                except OSError:
                    break
        except OSError:
            pass
        finally:
            with self._wlock:
                if self._client is conn:
                    self._client = None
                self._conns.discard(conn)
            _close(conn)


def _read_head(conn: socket.socket) -> bytes | None:
    buf = b""
    while b"\r\n\r\n" not in buf:
        if len(buf) > MAX_REQUEST:
            return None
        try:
            chunk = conn.recv(4096)
        except OSError:
            return None
        if not chunk:
            return None
        buf += chunk
    return buf


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        s.close()
    except OSError:
        pass


class MjpegSimulator(Simulator):
    """A camera as an MJPEG-over-HTTP server: ``port`` is the stream URL the driver opens.

    Frames are drawn by ``scene`` at ``fps`` and ``width``×``height``, JPEG-encoded at
    ``quality``, and sent to the connected client; nothing is queued (a frame the client
    cannot take in time is not kept for later). ``tcp_port`` 0 takes a free port, kept
    across unplug/replug. ``resolve_scene(name)`` backs the ``show_scene`` action.
    """

    FAULTS = {
        "no_frames": "keep the connection open but send no frames",
        "frozen": "send the same frame over and over (a hung camera pipeline)",
        # a camera's mode changes only with a new stream: the client is cut off and sees
        # the new size when it reconnects (OpenCV scales a size change mid-stream away)
        "wrong_resolution": "restart the stream with frames of another size (width=, "
                            "height=; default: half)",
        "unplug": Simulator.FAULTS["unplug"],
    }
    ACTIONS = {
        "show_scene": "put another scene in front of the camera (scene=NAME)",
    }

    def __init__(
        self,
        name: str,
        scene: Scene,
        *,
        width: int = 640,
        height: int = 480,
        fps: float = 15.0,
        quality: int = 85,
        tcp_port: int = 0,
        path: str = STREAM_PATH,
        resolve_scene: Callable[[str], Scene] | None = None,
    ) -> None:
        if width <= 0 or height <= 0 or fps <= 0:
            raise ValueError(f"{name}: width, height and fps must be > 0 "
                             f"(got {width}×{height} at {fps})")
        super().__init__(name, transport="tcp", tcp_port=tcp_port)
        # HTTP, not the byte link make_link() builds: the stream has a head and parts
        self.link = HttpStreamLink(name, head=response_head(), tcp_port=tcp_port, path=path)
        self.scene = scene
        self.width, self.height, self.fps, self.quality = width, height, fps, quality
        self.resolve_scene = resolve_scene
        self.frame_no = 0  # frames drawn so far (the next scene call gets this number)
        self.frames_sent = 0  # parts written to a client
        self.connections = 0
        self.last_jpeg: bytes | None = None
        self._producer: threading.Thread | None = None
        self._stop_producer = threading.Event()
        self._t0 = time.monotonic()

    # ------------------------------------------------------------ life cycle
    def start(self) -> MjpegSimulator:
        with self._lock:
            if not self._running:
                super().start()
                self._stop_producer = threading.Event()
                self._producer = threading.Thread(target=self._produce,
                                                  args=(self._stop_producer,), daemon=True,
                                                  name=f"sim-{self.name}-frames")
                self._producer.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stop_producer.set()
            producer, self._producer = self._producer, None
            if producer is not None and producer is not threading.current_thread():
                producer.join(2)
            super().stop()

    # ------------------------------------------------------------ mock control
    def inject(self, fault: str, **params: Any) -> None:
        if fault == "wrong_resolution":
            for key in params:
                if key not in ("width", "height"):
                    raise ValueError(f"{self.name}: wrong_resolution takes width= and height=, "
                                     f"not {key}=")
                if not isinstance(params[key], int) or params[key] <= 0:
                    raise ValueError(f"{self.name}: wrong_resolution {key} must be a positive "
                                     f"integer, got {params[key]!r}")
        super().inject(fault, **params)
        if fault == "wrong_resolution":
            self.link.drop_client()

    def clear(self, fault: str | None = None) -> None:
        changes_mode = "wrong_resolution" in self.active_faults and fault in (
            None, "wrong_resolution")
        super().clear(fault)
        if changes_mode:
            self.link.drop_client()

    def show_scene(self, scene: str) -> None:
        if self.resolve_scene is None:
            raise ValueError(f"{self.name}: this simulator has no named scenes")
        self.scene = self.resolve_scene(scene)

    # --------------------------------------------------------------- protocol
    def on_connect(self) -> None:
        self.connections += 1

    def on_receive(self, data: bytes) -> None:
        """The request head (recorded in ``received``); the link has answered it."""

    def frame_size(self) -> tuple[int, int]:
        """(width, height) of the frames sent now (the wrong_resolution fault changes it)."""
        wrong = self.active_faults.get("wrong_resolution")
        if wrong is None:
            return self.width, self.height
        return (int(wrong.get("width", self.width // 2)),
                int(wrong.get("height", self.height // 2)))

    def _produce(self, stop: threading.Event) -> None:
        period = 1.0 / self.fps
        due = time.perf_counter()
        while not stop.is_set():
            left = due - time.perf_counter()
            if left > 0:
                stop.wait(left)
                continue
            # a tick missed (a slow scene, a busy machine) is skipped, never sent in a burst
            due = max(due + period, time.perf_counter())
            try:
                self._tick()
            except Exception:  # noqa: BLE001 - a broken scene shows in the log, once a frame
                log.exception("%s: frame %d failed", self.name, self.frame_no)

    def _tick(self) -> None:
        if self.has_fault("no_frames") or not self.link.has_client:
            return
        jpeg = self.last_jpeg if self.has_fault("frozen") else None
        if jpeg is None:
            jpeg = self._draw()
            self.last_jpeg = jpeg
        self.send(part(jpeg))
        self.frames_sent += 1

    def _draw(self) -> bytes:
        import cv2
        import numpy as np

        width, height = self.frame_size()
        n = self.frame_no
        self.frame_no += 1
        image = self.scene(n, time.monotonic() - self._t0, width, height)
        if not isinstance(image, np.ndarray) or image.dtype != np.uint8 \
                or image.shape != (height, width, 3):
            raise ValueError(f"scene returned {getattr(image, 'shape', type(image))}, "
                             f"expected a ({height}, {width}, 3) uint8 BGR array")
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, self.quality])
        if not ok:
            raise ValueError("JPEG encoding failed")
        return buf.tobytes()
