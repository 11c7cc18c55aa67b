"""The outbox relay: the kiosk's one retry layer between the outbox and the central server.

It claims due entries in batches (a lease, so two relays — the UI's and a technician's
``kiosk sync once`` — never send the same entry at once), sends them as one ``POST
/v1/batch`` (falling back to one request each when the server has no batch endpoint), and
records each outcome:

* 2xx → delivered: the payload is deleted, a minimal receipt kept;
* network errors, bad answers and 5xx (also 408/409/425/429) → retried for ever, with
  exponential backoff and full jitter capped at ``cap_s``;
* 401 → the kiosk's credential is wrong: nothing is parked, the relay backs off as in an
  outage and says so (one bad token must not park a day's work);
* any other 4xx → parked for a technician (``kiosk outbox list --parked`` / ``release``).

During an outage the whole relay backs off, and the first retry after the outage begins is
jittered too (uniform in 0..base), so kiosks that lost the server together do not all come
back at the same instant. Entries of one stream (one case) go out in order: the outbox only
hands out a stream's entries as a prefix, and the server does not apply an item after a
failed one of its stream (424).
"""
from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.sync.client import (AuthFailed, CentralClient, CentralError, Rejected,
                               error_for_status)
from kiosk.sync.db import StorageFatal
from kiosk.sync.outbox import Claimed, Outbox, Outcome, lease_owner_name, minimal_receipt

log = logging.getLogger(__name__)

EXIT_STORAGE_FATAL = 75  # EX_TEMPFAIL: the supervisor restarts the kiosk


@dataclass
class Backoff:
    base_s: float = 1.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base·2^(attempt-1))] for attempt ≥ 1."""
        ceiling = min(self.cap_s, self.base_s * (2 ** min(max(attempt, 1) - 1, 30)))
        return self.rng.uniform(0.0, ceiling)


@dataclass
class DrainReport:
    claimed: int = 0
    delivered: int = 0
    parked: int = 0
    retried: int = 0
    outage: bool = False
    error: str = ""

    def add(self, other: DrainReport) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.parked += other.parked
        self.retried += other.retried
        if other.error:
            self.error = other.error
        self.outage = other.outage


def default_on_fatal(exc: BaseException) -> None:
    log.critical("outbox storage failed (%s): exiting so the kiosk restarts and re-checks "
                 "its database", exc)
    logging.shutdown()
    os._exit(EXIT_STORAGE_FATAL)


class Relay:
    def __init__(
        self,
        outbox: Outbox,
        client: CentralClient,
        *,
        batch_size: int = 100,
        max_batch_bytes: int = 2_000_000,
        backoff: Backoff | None = None,
        idle_interval_s: float = 2.0,
        lease_s: float = 120.0,
        on_fatal: Callable[[BaseException], None] = default_on_fatal,
        on_online: Callable[[bool], None] | None = None,
        periodic: list[tuple] | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.batch_size = batch_size
        self.max_batch_bytes = max_batch_bytes
        self.backoff = backoff or Backoff()
        self.idle_interval_s = idle_interval_s
        self.lease_s = lease_s
        self.on_fatal = on_fatal
        self.on_online = on_online
        # pid and process start time: a later relay can tell that this one is gone and take
        # over its leases at once instead of waiting them out (Outbox.release_leases)
        self.owner = lease_owner_name()
        self.leases_freed = 0  # entries of a relay no longer running, freed at start
        self.failures = 0  # consecutive failed exchanges (the outage's length)
        self.last_error = ""
        # (interval, fn) or (interval, fn, first_after_s): [interval, fn, due, first_after]
        self._periodic = [[p[0], p[1], 0.0, p[2] if len(p) > 2 else 0.0] for p in (periodic or [])]
        self._stop = threading.Event()
        self._kick = threading.Event()
        self._thread: threading.Thread | None = None
        self._batch_supported = True
        self._next_drain = 0.0
        #: entry kinds delivered by a callable of their own instead of a batch (a chunked
        #: upload, kiosk.sync.uploads): ``fn(claimed) -> (status, body)``
        self.deliverers: dict[str, Callable[[Claimed], tuple[int, object]]] = {}

    # ------------------------------------------------------------------ one round
    def drain_once(self) -> DrainReport:
        if self.outbox.fault is not None:  # out of service: nothing can be read or recorded
            return DrainReport(error=str(self.outbox.fault))
        claimed = self.outbox.claim(self.owner, limit=self.batch_size,
                                    max_bytes=self.max_batch_bytes, lease_s=self.lease_s)
        report = DrainReport(claimed=len(claimed))
        if not claimed:
            return report
        outcomes: list[Outcome] = []
        sendable = []
        for c in claimed:
            if c.body is None:
                outcomes.append(Outcome(c.id, "park", error=f"unreadable payload: {c.error}"))
            else:
                sendable.append(c)
        later: list[Claimed] = []
        for i, c in enumerate(sendable):
            if c.kind in self.deliverers:
                # an entry with its own deliverer goes alone, after what precedes it; the
                # rest of the claim is due again at once (its streams' order holds)
                later = sendable[i + 1:] if i == 0 else sendable[i:]
                sendable = sendable[:1] if i == 0 else sendable[:i]
                report.claimed -= len(later)
                break
        if sendable:
            try:
                results = self._send(sendable)
            except CentralError as exc:
                report.outage, report.error = True, str(exc)
                self._failed(exc)
                delay = self.backoff.delay(self.failures)
                kind = "unattempted" if isinstance(exc, AuthFailed) else "retry"
                outcomes += [Outcome(c.id, kind, delay_s=delay, error=str(exc)) for c in sendable]
            else:
                self._succeeded()
                for c, (status, body) in zip(sendable, results):
                    outcomes.append(self._outcome(c, status, body))
        for o in outcomes:
            if o.kind == "delivered":
                report.delivered += 1
            elif o.kind == "park":
                report.parked += 1
                log.error("outbox: entry %s parked: %s", o.id, o.error)
            else:
                report.retried += 1
        outcomes += [Outcome(c.id, "unattempted") for c in later]  # (not tried: not counted)
        self.outbox.complete(outcomes)
        return report

    def _send(self, entries: list[Claimed]) -> list[tuple[int, object]]:
        if len(entries) == 1 and entries[0].kind in self.deliverers:
            return [self.deliverers[entries[0].kind](entries[0])]
        if self._batch_supported:
            items = [{"key": c.idem_key, "method": "POST", "path": c.path, "body": c.body,
                      "stream": c.stream} for c in entries]
            try:
                return [(r["status"], r.get("body")) for r in self.client.batch(items)]
            except Rejected as exc:
                if exc.status not in (404, 405):
                    if len(entries) == 1:  # the server refused this entry itself
                        return [(exc.status or 400, {"error": {"message": str(exc)}})]
                    # refused as a whole (too large, one bad item): one batch per entry,
                    # so each refusal lands on the entry it is about
                    out: list[tuple[int, object]] = []
                    for i, c in enumerate(entries):
                        if self._stop.is_set():
                            return out + self._not_sent(len(entries) - i)
                        out += self._send([c])
                    return out
                log.warning("central: no batch endpoint (%s); sending one request each", exc)
                self._batch_supported = False
        return self._send_each(entries)

    def _send_each(self, entries: list[Claimed]) -> list[tuple[int, object]]:
        out: list[tuple[int, object]] = []
        failed_streams: set = set()
        for i, c in enumerate(entries):
            if i and self._stop.is_set():  # closing: the rest waits for the next start
                return out + self._not_sent(len(entries) - i)
            if c.stream is not None and c.stream in failed_streams:
                out.append((424, None))
                continue
            try:
                reply = self.client.request("POST", c.path, body=c.body, idempotency_key=c.idem_key)
            except CentralError:
                if i == 0:
                    raise  # nothing went through: an outage
                return out + self._not_sent(len(entries) - i)
            out.append((reply.status, reply.data))
            if reply.status >= 300 and c.stream is not None:
                failed_streams.add(c.stream)
        return out

    @staticmethod
    def _not_sent(count: int) -> list[tuple[int, object]]:
        """Entries of a claim that were not sent: they retry later, like after a 503."""
        return [(503, None)] * count

    def _outcome(self, c: Claimed, status: int, body) -> Outcome:
        if 200 <= status < 300:
            return Outcome(c.id, "delivered", receipt=minimal_receipt(status, body))
        if status == 424:
            return Outcome(c.id, "unattempted", delay_s=0.0, error="waiting for an earlier entry")
        err = error_for_status(status, body, f"{c.kind} {c.ref or c.id}")
        if isinstance(err, Rejected):
            return Outcome(c.id, "park", error=str(err))
        return Outcome(c.id, "retry", delay_s=self.backoff.delay(c.attempts + 1), error=str(err))

    def _failed(self, exc: CentralError) -> None:
        self.failures += 1
        self.last_error = str(exc)
        if self.failures == 1:
            log.warning("central unreachable, relay backing off: %s", exc)
        if self.on_online:
            self.on_online(False)

    def _succeeded(self) -> None:
        if self.failures:
            log.info("central reachable again after %d failed attempts", self.failures)
        self.failures = 0
        self.last_error = ""
        if self.on_online:
            self.on_online(True)

    def drain(self, *, deadline_s: float = 60.0, wake: bool = True) -> DrainReport:
        """Send everything that can go now (``kiosk sync once``); stop at an outage."""
        total = DrainReport()
        if self.outbox.fault is not None:
            total.error = str(self.outbox.fault)
            return total
        self.free_dead_leases()
        if wake:
            self.outbox.wake()
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            rep = self.drain_once()
            total.add(rep)
            if rep.claimed == 0 or rep.outage:
                break
        return total

    # ------------------------------------------------------------------ background
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._kick.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def kick(self) -> None:
        """Something new is in the outbox: send it now unless backing off from an outage."""
        if self.failures == 0:
            self._kick.set()

    def resume_after_outage(self) -> None:
        """The server answers again (probe): retry soon, jittered, instead of at the backoff."""
        if self.failures:
            self._next_drain = time.monotonic() + self.backoff.delay(1)
            self.failures = 0

    def free_dead_leases(self) -> int:
        """Entries a killed relay held: due again now, not when its lease ends."""
        try:
            n = self.outbox.release_leases()
        except StorageFatal:
            raise
        except Exception as exc:  # noqa: BLE001 - an out-of-service outbox, say
            log.debug("outbox: leases not checked: %s", exc)
            return 0
        if n:
            log.warning("outbox: %d entr%s held by a relay that is no longer running: "
                        "freed", n, "y" if n == 1 else "ies")
        self.leases_freed += n
        return n

    def _run(self) -> None:
        self._next_drain = 0.0
        if self.outbox.fault is None:
            try:
                self.free_dead_leases()
            except StorageFatal as exc:
                self.on_fatal(exc)
                return
        started = time.monotonic()
        for task in self._periodic:
            task[2] = started + task[3]
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= self._next_drain:
                try:
                    rep = self.drain_once()
                except StorageFatal as exc:
                    self.on_fatal(exc)
                    return
                except Exception as exc:  # noqa: BLE001 - the relay carries on
                    log.exception("outbox relay: unexpected error")
                    rep = DrainReport(outage=True, error=str(exc))
                    self.failures += 1
                if rep.outage:
                    self._next_drain = now + self.backoff.delay(self.failures)
                elif rep.claimed == 0:
                    self._next_drain = now + self.idle_interval_s
            try:
                self._run_periodic()
            except StorageFatal as exc:
                self.on_fatal(exc)
                return
            wake_at = min([self._next_drain] + [t[2] for t in self._periodic])
            wait = wake_at - time.monotonic()
            if wait > 0 and self._kick.wait(wait):
                self._kick.clear()
                if self.failures == 0:
                    self._next_drain = min(self._next_drain, time.monotonic())

    def _run_periodic(self) -> None:
        now = time.monotonic()
        for task in self._periodic:
            interval, fn, due = task[:3]
            if now >= due:
                task[2] = now + interval
                try:
                    fn()
                except StorageFatal:
                    raise
                except Exception as exc:  # noqa: BLE001 - a heartbeat may fail; it is periodic
                    log.debug("periodic sync task %s failed: %s", getattr(fn, "__name__", fn), exc)

