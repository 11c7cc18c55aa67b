"""A virtual social-security card in a vpcd reader: the pcsc_ssc driver's simulator.

The real pcscd, vpcd reader driver and pyscard run; only the card is simulated (see
:mod:`drivers.core.vpcd`). The card holds a :class:`~drivers.ssc.holders.CardImage` — a
fictitious holder's card, a blank card from a dispenser, or nothing (an empty reader) — and
answers the SSSE application's commands as the driver and the central system's scripts use
them:

============================  ==============================================================
``00 A4 04 00 0F`` SSSE        select: FCI waits behind ``61 xx`` (GET RESPONSE ``00 C0``);
                               security state reset. Any other name → ``6A 82``
``00 A4 02 00 02 EF 0x``       select EF05/EF06 in the application
``00 B2 tag P2 Le``            read record ``tag``: P2 ``2C`` (SFI 5) or ``34`` (SFI 6), or
                               ``00``/``04`` the current EF; ``6A 83`` never written,
                               ``6C xx`` wrong Le, ``69 82`` EF06 of a third-generation card
                               before EXTERNAL AUTHENTICATE
``00 84 00 00 08``             GET CHALLENGE
``00 82 00 01 08`` cryptogram  EXTERNAL AUTHENTICATE (``63 Cx`` wrong, ``69 83`` blocked)
``00/04 DC tag P2 Lc`` record  UPDATE RECORD, only on a card that was blank when it was
                               authenticated; third generation: CLA 04 and a 4-byte MAC
                               (``69 88`` without or wrong)
============================  ==============================================================

The secure scheme is :mod:`drivers.ssc.secure` (a fictitious stand-in). Personalising takes
``write_delay`` seconds a record (real cards: see bench/bench_ssc.py for the figure used).

Faults beyond :class:`~drivers.core.vpcd.VpcdCard`'s: ``wrong_app`` (no SSSE), ``mute`` (no
answer to the reset: pcscd reports a mute card), ``removed_mid_read`` (pulled out at the
``after``-th READ RECORD), ``write_fail`` (6581 at the ``after``-th write), ``slow_write``
(``delay`` seconds a write).
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from typing import Any, ClassVar

from drivers.core.vpcd import VPCD_PORT, VpcdCard, frame
from drivers.ssc import secure
from drivers.ssc.application import SSSE_AID
from drivers.ssc.card import BY_TAG, EF05, EF06, INIT_TAGS
from drivers.ssc.holders import CARD_NAMES, CardImage, card_image

log = logging.getLogger(__name__)

SW_OK = b"\x90\x00"
MAX_AUTH_TRIES = 3
FCI = bytes((0x6F, len(SSSE_AID) + 2, 0x84, len(SSSE_AID))) + SSSE_AID
SFI_FILES = {5: EF05, 6: EF06}
#: the shortest time a card is out of the reader when another one replaces it
SWAP_GAP_S = 0.6
#: an ATR pcscd cannot parse: what a card that does not answer its reset looks like to it
MUTE_ATR = b"\x00"


def sw(value: int) -> bytes:
    return value.to_bytes(2, "big")


class VirtualSscCard(VpcdCard):
    FAULTS: ClassVar[dict[str, str]] = {
        **VpcdCard.FAULTS,
        "wrong_app": "the card has no social-security application (SELECT SSSE → 6A82)",
        "mute": "the card does not answer its reset (pcscd: mute card); re-insert after clear",
        "removed_mid_read": "pull the card out at the `after`-th READ RECORD (default 3)",
        "write_fail": "UPDATE RECORD fails with 6581 at the `after`-th write (default 1)",
        "slow_write": "each UPDATE RECORD takes `delay` seconds (default 2)",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "place_card": "insert a card: card=" + "|".join(CARD_NAMES),
        "remove_card": "take the card out of the reader",
    }

    def __init__(self, name: str = "ssc_reader", *, card: str | None = "zhangsan",
                 write_delay: float = 0.0, vpcd_port: int = VPCD_PORT, **kw: Any) -> None:
        self.image: CardImage | None = None
        self.foreign = False  # a card without the SSSE application
        if card not in (None, "", "none"):
            self.image = card_image(card)
            self.foreign = self.image is None
        super().__init__(name, vpcd_port=vpcd_port,
                         inserted=self.image is not None or self.foreign, **kw)
        self.write_delay = write_delay
        self.writes = 0  # UPDATE RECORDs accepted (tests, benchmarks)
        self._auth_failures = 0  # the card's own try counter: survives resets
        self._state_lock = threading.RLock()
        self._swap = threading.Event()  # never set: a sleep the simulator's physics needs
        self._removed_at = float("-inf")
        self._reset_state()

    # ------------------------------------------------------------------ the card
    @property
    def atr(self) -> bytes:
        if self.has_fault("mute"):
            return MUTE_ATR
        image = self.image
        return image.atr if image is not None else bytes.fromhex("3B 80 80 01 01")

    def _reset_state(self) -> None:
        self.app_selected = False
        self.current_ef: int | None = None
        self.challenge: bytes | None = None
        self.authenticated = False
        self.writable = False
        self.session: bytes | None = None
        self.counter = 0
        self._waiting = b""  # FCI for GET RESPONSE

    def on_reset(self) -> None:
        with self._state_lock:
            self._reset_state()

    def on_power(self, on: bool) -> None:
        self.on_reset()

    # ------------------------------------------------------------------ cards in and out
    def place_card(self, card: str = "zhangsan") -> None:
        """A citizen inserts a card (a name from CARD_NAMES)."""
        image = card_image(card)
        self.load(image, foreign=image is None)

    def remove_card(self) -> CardImage | None:
        return self.unload()

    def load(self, image: CardImage | None, *, foreign: bool = False) -> None:
        """Put ``image`` into the reader (the dispenser moved it to the contacts)."""
        if self.inserted and self.link.plugged:
            self.remove()
        # no hand or mechanism swaps cards faster than pcscd's presence poll (0.4 s with
        # vpcd): without this gap pcscd would never see the first card leave
        out_for = time.monotonic() - self._removed_at
        if out_for < SWAP_GAP_S:
            self._swap.wait(SWAP_GAP_S - out_for)
        with self._state_lock:
            self.image, self.foreign = image, foreign
            self._reset_state()
        self.insert()

    def remove(self) -> None:
        super().remove()
        self._removed_at = time.monotonic()

    def unload(self) -> CardImage | None:
        """Take the card out (the dispenser moved it on); returns its image."""
        self.remove()
        with self._state_lock:
            image, self.image, self.foreign = self.image, None, False
            self._reset_state()
        return image

    def stop(self) -> None:
        from drivers.ssc.station import unregister_reader

        unregister_reader(self.name, self)
        super().stop()

    def clear(self, fault: str | None = None) -> None:
        was_mute = self.has_fault("mute")
        super().clear(fault)
        if was_mute and not self.has_fault("mute") and self.inserted:
            self.load(self.image, foreign=self.foreign)  # answers again once re-inserted

    # ------------------------------------------------------------------ commands
    def on_apdu(self, apdu: bytes) -> bytes:
        with self._state_lock:
            return self._command(apdu)

    def _command(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if cla not in (0x00, 0x04) or (cla == 0x04 and ins != 0xDC):
            return sw(0x6E00)
        if ins == 0xA4:
            return self._select(p1, body)
        if ins == 0xC0:
            return self._get_response(body)
        self._waiting = b""
        if ins == 0xB2:
            return self._read_record(p1, p2, body)
        if ins == 0x84:
            return self._get_challenge(body)
        if ins == 0x82:
            return self._external_authenticate(body)
        if ins == 0xDC:
            return self._update_record(cla, apdu[:4], p1, p2, body)
        return sw(0x6D00)

    def _select(self, p1: int, body: bytes) -> bytes:
        self._waiting = b""
        if not body or len(body) < 1 + body[0]:
            return sw(0x6700)
        name = body[1:1 + body[0]]
        if p1 == 0x04:
            if self.image is None or self.has_fault("wrong_app") or name != SSSE_AID:
                return sw(0x6A82)
            self._reset_state()
            self.app_selected = True
            self._waiting = FCI
            return bytes((0x61, len(FCI)))
        if p1 == 0x02:
            ef = int.from_bytes(name, "big") if len(name) == 2 else None
            if not self.app_selected or ef not in (EF05, EF06):
                return sw(0x6A82)
            self.current_ef = ef
            return SW_OK
        return sw(0x6A86)

    def _get_response(self, body: bytes) -> bytes:
        if len(body) != 1:
            return sw(0x6700)
        if not self._waiting:
            return sw(0x6985)
        le = body[0] or 256
        if le > len(self._waiting):
            return bytes((0x6C, len(self._waiting)))
        out, self._waiting = self._waiting[:le], self._waiting[le:]
        return out + (bytes((0x61, len(self._waiting))) if self._waiting else SW_OK)

    def _file_of(self, p2: int) -> int | None:
        if p2 & 0x07 == 0x04 and p2 >> 3:
            return SFI_FILES.get(p2 >> 3)
        if p2 in (0x00, 0x04):
            return self.current_ef
        return None

    def _read_record(self, tag: int, p2: int, body: bytes) -> bytes:
        if not self.app_selected:
            return sw(0x6985)
        if len(body) != 1:
            return sw(0x6700)
        fault = self.active_faults.get("removed_mid_read")
        if fault is not None:
            fault["count"] = fault.get("count", 0) + 1
            if fault["count"] >= int(fault.get("after", 3)):
                self.active_faults.pop("removed_mid_read", None)
                self.inserted = False
                self._removed_at = time.monotonic()
                self.link.unplug()  # from the link's thread: not joined
                return b""  # never sent: the card is gone
        ef = self._file_of(p2)
        if ef is None:
            return sw(0x6986 if p2 in (0x00, 0x04) else 0x6A82)
        item = BY_TAG.get(tag)
        if item is None or item.ef != ef:
            return sw(0x6A83)
        if ef == EF06 and self.image.generation >= 3 and not self.authenticated:
            return sw(0x6982)
        value = self.image.records.get((ef, tag))
        if value is None:
            return sw(0x6A83)
        record = bytes((tag, len(value))) + value
        le = body[0] or 256
        if body[0] and le != len(record):
            return bytes((0x6C, len(record)))
        return record[:le] + SW_OK

    def _get_challenge(self, body: bytes) -> bytes:
        if not self.app_selected:
            return sw(0x6985)
        if body not in (b"\x08", b"\x00"):
            return sw(0x6700)
        self.challenge = secrets.token_bytes(8)
        return self.challenge + SW_OK

    def _external_authenticate(self, body: bytes) -> bytes:
        if self._auth_failures >= MAX_AUTH_TRIES:
            return sw(0x6983)
        challenge, self.challenge = self.challenge, None
        if challenge is None:
            return sw(0x6985)  # no challenge asked: conditions of use not satisfied
        if len(body) != 9 or body[0] != 8:
            return sw(0x6700)
        image = self.image
        if not secure.same(body[1:], secure.cryptogram(image.card_id_code, challenge)):
            self._auth_failures += 1
            left = MAX_AUTH_TRIES - self._auth_failures
            return sw(0x63C0 | left) if left else sw(0x6983)
        self._auth_failures = 0
        self.authenticated = True
        self.writable = image.blank
        self.session = secure.session_key(image.card_id_code, challenge)
        self.counter = 0
        return SW_OK

    def _update_record(self, cla: int, header: bytes, tag: int, p2: int, body: bytes) -> bytes:
        if not self.app_selected:
            return sw(0x6985)
        if not self.authenticated:
            return sw(0x6982)
        if not self.writable:
            return sw(0x6985)  # an issued card is not written again
        if not body or len(body) != 1 + body[0]:
            return sw(0x6700)
        data = body[1:]
        image = self.image
        if image.generation >= 3:
            if cla != 0x04 or len(data) < 6:
                return sw(0x6988)
            data, mac = data[:-4], data[-4:]
            self.counter += 1
            if not secure.same(mac, secure.command_mac(self.session, self.counter, header, data)):
                return sw(0x6988)
        ef = self._file_of(p2)
        item = BY_TAG.get(tag)
        if ef is None or item is None or item.ef != ef:
            return sw(0x6A83)
        if tag in INIT_TAGS:
            return sw(0x6985)
        if len(data) < 2 or data[0] != tag or data[1] != item.size or len(data) != 2 + item.size:
            return sw(0x6A80)
        fault = self.active_faults.get("write_fail")
        if fault is not None:
            fault["count"] = fault.get("count", 0) + 1
            if fault["count"] >= int(fault.get("after", 1)):
                return sw(0x6581)
        delay = self.write_delay
        slow = self.active_faults.get("slow_write")
        if slow is not None:
            delay += float(slow.get("delay", 2.0))
        if delay and self.link.wait_unplugged(delay):
            return b""  # pulled out while writing: the record did not take
        image.records[(ef, tag)] = bytes(data[2:])
        self.writes += 1
        return SW_OK

    def _apdu(self, apdu: bytes) -> None:
        # an empty answer is "no answer": the card left mid-command (removed_mid_read, or
        # pulled out while writing)
        self.apdus.append(apdu)
        if self.active_faults.pop("pull_mid_apdu", None) is not None:
            self.inserted = False
            self._removed_at = time.monotonic()
            self.link.unplug()
            return
        if "garbage" in self.active_faults:
            self.send(frame(self.active_faults["garbage"].get("data", b"\xee")))
            return
        response = self.on_apdu(apdu)
        if not response:
            return
        slow = self.active_faults.get("slow")
        if slow is not None and self.link.wait_unplugged(slow["delay"]):
            return
        self.send(frame(response))


def simulator_factory(config, data_dir=None) -> VirtualSscCard:
    """Mock mode: the virtual card for a devices.toml table (not started); registered as the
    issuing station of its reader's name, so a mock dispenser naming it puts cards in it."""
    from drivers.ssc.station import register_reader

    opts = config.options
    sim = VirtualSscCard(
        config.name,
        card=str(opts.get("sim_card") or "none"),
        write_delay=float(opts.get("sim_write_delay") or 0.0),
        vpcd_port=int(opts.get("sim_vpcd_port") or VPCD_PORT),
    )
    register_reader(config.name, sim)
    return sim


__all__ = ["VirtualSscCard", "simulator_factory"]
