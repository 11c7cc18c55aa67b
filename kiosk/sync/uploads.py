"""Large attachments: sealed blob files beside the outbox, uploaded in chunks that resume.

A case's materials (scanned PDFs of several MB) do not go into the outbox database: each is
written, chunk by chunk sealed with the outbox key (AES-GCM, the attachment id and the
chunk's index as associated data), to ``<data_dir>/sync/blobs/<attachment_id>.blob`` —
written to a temporary name, fsynced, renamed, the directory fsynced — *before* the outbox
transaction that names it commits. So a confirmed case always has its blobs, and a blob
without an entry (a cut between the two) is swept at the next start.

The outbox entry of an upload (kind :data:`UPLOAD_KIND`) holds the file's metadata and every
chunk's sha256; the relay hands it to :meth:`Uploader.deliver` instead of a batch. That asks
the server what it has (``GET`` the upload), announces the file when the server has nothing,
sends the missing chunks only, and completes it (the whole file's sha256 checked there). The
blob is deleted once the server confirmed the file complete.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk import protocol as P
from kiosk.sync.client import CentralClient
from kiosk.sync.crypto import DecryptError, PayloadCipher

log = logging.getLogger(__name__)

UPLOAD_KIND = "attachment_upload"
MAGIC = b"KIOSKBLOB1\n"
_LEN = struct.Struct(">I")


class BlobError(Exception):
    """A blob file is missing or does not open (wrong key, torn file)."""


@dataclass(frozen=True)
class BlobInfo:
    attachment_id: str
    size: int
    sha256: str
    chunk_bytes: int
    chunk_sha256: tuple[str, ...]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Sealed chunked files in ``<data_dir>/sync/blobs`` (mode 0700)."""

    def __init__(self, directory: Path, cipher: PayloadCipher) -> None:
        self.dir = Path(directory)
        self.cipher = cipher

    def path(self, attachment_id: str) -> Path:
        if not attachment_id.isalnum():  # ids are the kiosk's own hex: never a path
            raise BlobError(f"not an attachment id: {attachment_id!r}")
        return self.dir / f"{attachment_id}.blob"

    def put(self, attachment_id: str, data: bytes, chunk_bytes: int | None = None) -> BlobInfo:
        """Write ``data`` sealed and durably (fsync, rename, fsync of the directory)."""
        chunk_bytes = chunk_bytes or P.UPLOAD_CHUNK_BYTES
        self.dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        final = self.path(attachment_id)
        tmp = final.with_suffix(".tmp")
        shas = []
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # (sealed, and private)
        with open(fd, "wb") as f:
            f.write(MAGIC)
            for i, off in enumerate(range(0, len(data), chunk_bytes) or [0]):
                chunk = data[off:off + chunk_bytes]
                shas.append(hashlib.sha256(chunk).hexdigest())
                sealed = self.cipher.seal(chunk, i, f"blob:{attachment_id}")
                f.write(_LEN.pack(len(sealed)) + sealed)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
        _fsync_dir(self.dir)
        if not data:
            shas = []
        return BlobInfo(attachment_id, len(data), hashlib.sha256(data).hexdigest(),
                        chunk_bytes, tuple(shas))

    def chunks(self, attachment_id: str):
        """(index, plaintext) of every chunk, in order."""
        try:
            f = open(self.path(attachment_id), "rb")  # noqa: SIM115 - closed by the with below
        except FileNotFoundError:
            raise BlobError(f"blob {attachment_id} is missing") from None
        with f:
            if f.read(len(MAGIC)) != MAGIC:
                raise BlobError(f"blob {attachment_id} is not a sealed blob")
            i = 0
            while head := f.read(_LEN.size):
                (n,) = _LEN.unpack(head)
                sealed = f.read(n)
                if len(head) != _LEN.size or len(sealed) != n:
                    raise BlobError(f"blob {attachment_id} is cut short at chunk {i}")
                try:
                    yield i, self.cipher.open(sealed, i, f"blob:{attachment_id}")
                except DecryptError as exc:
                    raise BlobError(f"blob {attachment_id}, chunk {i}: {exc}") from None
                i += 1

    def exists(self, attachment_id: str) -> bool:
        return self.path(attachment_id).exists()

    def delete(self, attachment_id: str) -> None:
        try:
            self.path(attachment_id).unlink()
        except FileNotFoundError:
            return
        _fsync_dir(self.dir)

    def names(self) -> list[str]:
        if not self.dir.is_dir():
            return []
        return sorted(p.name.split(".")[0] for p in self.dir.iterdir()
                      if p.suffix in (".blob", ".tmp"))

    def sweep(self, wanted: Callable[[str], bool]) -> int:
        """Delete blobs (and temporary files) no undelivered entry names: a cut between the
        blob and its outbox commit, or after delivery before the delete."""
        n = 0
        for p in list(self.dir.iterdir()) if self.dir.is_dir() else []:
            aid = p.name.split(".")[0]
            if p.suffix == ".tmp" or not wanted(aid):
                p.unlink(missing_ok=True)
                n += 1
        if n:
            _fsync_dir(self.dir)
        return n


@dataclass
class UploadStats:
    """What the uploads of this process sent (the benchmark and the tests read it)."""

    chunks_sent: int = 0
    bytes_sent: int = 0
    chunks_skipped: int = 0  # the server had them already (a resumed upload)


class Uploader:
    """Delivers one upload entry: ``deliver(claimed) -> (status, body)`` for the relay.

    No answer from the server raises the client's CentralError (the relay backs off and the
    entry is due again later); a refusal comes back as its status for the relay to judge."""

    def __init__(self, client: CentralClient, blobs: BlobStore) -> None:
        self.client, self.blobs = client, blobs
        self.stats = UploadStats()
        #: called after each chunk the server took (tests and the benchmark cut here)
        self.on_chunk: Callable[[int, int], None] | None = None

    def deliver(self, entry) -> tuple[int, object]:
        b = entry.body
        case_id, aid = b["case_id"], b["attachment_id"]
        up = P.path(P.UPLOAD, case_id=case_id, attachment_id=aid)
        reply = self.client.request("GET", up)
        if reply.status == 404:
            meta = {k: b[k] for k in ("seq", "kind", "name", "content_type", "size", "sha256",
                                      "chunk_bytes")}
            reply = self.client.request("POST", up, body=meta)
        if reply.status >= 300:
            return reply.status, reply.data
        state = reply.data
        if not state.get("complete"):
            have = set(state.get("offsets") or [])
            chunk_url = P.path(P.UPLOAD_CHUNKS, case_id=case_id, attachment_id=aid)
            try:
                for i, data in self.blobs.chunks(aid):
                    offset = i * b["chunk_bytes"]
                    if offset in have:
                        self.stats.chunks_skipped += 1
                        continue
                    if hashlib.sha256(data).hexdigest() != b["chunks"][i]:
                        raise BlobError(f"blob {aid}: chunk {i} does not match its checksum")
                    r = self.client.request("POST", chunk_url, body={
                        "offset": offset, "sha256": b["chunks"][i],
                        "data_b64": base64.b64encode(data).decode()})
                    if r.status >= 300:
                        return r.status, r.data
                    self.stats.chunks_sent += 1
                    self.stats.bytes_sent += len(data)
                    if self.on_chunk is not None:
                        self.on_chunk(i, len(b["chunks"]))
            except BlobError as exc:
                log.error("upload %s of case %s: %s", aid, case_id, exc)
                return 410, {"error": {"code": "blob_missing", "message": str(exc)}}
        # (a fresh key: completing is idempotent by itself, and a stored "chunks missing"
        # answer must not be replayed once they are in)
        reply = self.client.request(
            "POST", P.path(P.UPLOAD_COMPLETE, case_id=case_id, attachment_id=aid), body={})
        if 200 <= reply.status < 300:
            self.blobs.delete(aid)  # the server has the file: the kiosk keeps no copy
        return reply.status, reply.data
