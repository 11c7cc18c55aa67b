"""A SAM ID card reader simulator: the same frames over a pty (or TCP), fictitious cards.

The card model follows the hardware: a card placed on the reader is *fresh* and answers
find (9F) and select (90); after a successful read it is *halted* — find answers 80 while it
stays in the field, select still answers 90 — until it is lifted (``remove_card()``) and
placed again (``place_card()``). A failed read leaves it fresh, so the next try works.

All cards here are fictitious: 张三/李四-style names, made-up addresses, numbers with a
correct check digit. Run it in another process with ``kiosk idcard simulate`` (or
``python -m drivers.idcard.simulator``) and read it with ``kiosk idcard read --port PATH``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
import threading
import time
from typing import Any, ClassVar

from drivers.core.simulator import Simulator
from drivers.idcard import frames
from drivers.idcard.card import (
    CardType,
    Gender,
    IdCard,
    check_char,
    encode_appended_addresses,
    encode_read_data,
)
from drivers.idcard.frames import Frame, FrameDecoder

FRESH, HALTED = "fresh", "halted"

#: fixed SAM ID bytes: prints as 05.01-20240102-0000001234-0012345678
SAM_ID_BYTES = (bytes([5, 0, 1, 0]) + (20240102).to_bytes(4, "little")
                + (1234).to_bytes(4, "little") + (12345678).to_bytes(4, "little"))


def _number(first17: str) -> str:
    return first17 + check_char(first17)


def _blob(seed: str, size: int) -> bytes:
    """Deterministic stand-in bytes for a portrait or fingerprint (not a real WLT)."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}/{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def fictitious_cards() -> dict[str, IdCard]:
    """A fresh set of fictitious cards, one or more of every type, keyed by a short name."""
    d = dt.date
    cards = {
        "resident": IdCard(
            CardType.RESIDENT, name="张三", gender=Gender.MALE, gender_code="1",
            nation_code="01", nation="汉", birth_date=d(1985, 6, 15),
            address="北京市东城区示例胡同1号", id_number=_number("11010119850615003"),
            issuer="北京市公安局东城分局", valid_from=d(2016, 3, 1), valid_to=d(2036, 3, 1),
        ),
        "resident_senior": IdCard(
            CardType.RESIDENT, name="李四", gender=Gender.FEMALE, gender_code="2",
            nation_code="03", nation="回", birth_date=d(1948, 2, 29),
            address="上海市黄浦区样例路88弄3号", id_number=_number("31010119480229002"),
            issuer="上海市公安局黄浦分局", valid_from=d(2012, 5, 20), valid_long_term=True,
        ),
        "hmt": IdCard(
            CardType.HMT_RESIDENCE_PERMIT, name="陈小明", gender=Gender.MALE, gender_code="1",
            birth_date=d(1990, 1, 1), address="广东省深圳市福田区示范大道100号",
            id_number=_number("81000019900101001"), issuer="深圳市公安局",
            valid_from=d(2024, 7, 1), valid_to=d(2029, 7, 1), pass_number="H00000000",
            issue_count=1,
        ),
        "foreign2017": IdCard(
            CardType.FOREIGN_PERMANENT_2017, name="约翰", name_en="DOE, JOHN",
            gender=Gender.MALE, gender_code="1", birth_date=d(1980, 4, 5),
            id_number="USA110080040501", nationality="USA", issuer="1500",
            valid_from=d(2018, 9, 1), valid_to=d(2028, 9, 1), card_version="01",
        ),
        "foreign2023": IdCard(
            CardType.FOREIGN_PERMANENT_2023, name="玛丽", name_en=(
                "MUSTERFRAU, ERIKA ANNA-MARIA TESTPERSON"),  # longer than 35: spans both slots
            gender=Gender.FEMALE, gender_code="2", birth_date=d(1992, 11, 30),
            id_number=_number("93127619921130002"), nationality="DEU",
            valid_from=d(2023, 12, 1), valid_to=d(2033, 12, 1), renewal_count=0,
        ),
    }
    for key, card in cards.items():
        card.id_number_valid = True
        card.photo_wlt = _blob(f"photo/{key}", 1024)
    cards["resident"].fingerprint = _blob("fp/resident", 1024)
    cards["resident_senior"].appended_addresses = ["上海市浦东新区虚构路9号"]
    return cards


def _int(value: Any) -> int:
    """Fault parameters come as ints from code and as strings ("0x32") from the prompt."""
    return value if isinstance(value, int) else int(str(value), 0)


def _bytes(value: Any) -> bytes:
    """Byte parameters come as bytes from code and as hex ("00 aa 55") from the prompt."""
    return bytes(value) if isinstance(value, bytes | bytearray) else bytes.fromhex(str(value))


CARD_NAMES = ("resident", "resident_senior", "hmt", "foreign2017", "foreign2023")


class IdCardSimulator(Simulator):
    """The reader's side of the SAM protocol, on a pty (the driver opens ``port`` like
    /dev/ttyUSB0) or behind a TCP port (``transport="tcp"``, e.g. for another host)."""

    FAULTS: ClassVar[dict[str, str]] = {
        **Simulator.FAULTS,
        "no_card": "the reader sees no card (find 80, select 81)",
        "select_fail": "select answers 81",
        "read_fail": "read answers 41 (the card stays fresh: the next try works)",
        "auth_fail": "select answers an authentication failure (sw3=0x32 by default)",
        "sam_unauthorised": "every command answers 66 (SAM not authorised)",
        "sam_self_test": "every command answers 60 (SAM self-test failed)",
        "bad_checksum": "corrupt the checksum of replies (on='read'|'find'|'all')",
        "truncate": "send only the first `keep` bytes of replies (on='read'|'all')",
        "noise": "send noise bytes before every reply (data=bytes, or hex at the prompt)",
        "card_left": "the card on the reader was already read (find 80, select 90)",
    }

    ACTIONS: ClassVar[dict[str, str]] = {
        "place_card": f"put a card on the reader (card={'|'.join(CARD_NAMES)})",
        "remove_card": "take the card off the reader",
        "replace_card": "lift the card and put it back (it can be read again)",
    }

    def __init__(self, name: str = "idcard", *, card: str | IdCard | None = "resident",
                 **kw: Any) -> None:
        """``kw``: the link and line options of :class:`Simulator` (``transport``,
        ``tcp_port``, ``link_dir``, ``baudrate`` (default 115200), ``pace``)."""
        kw.setdefault("baudrate", 115200)
        super().__init__(name, **kw)
        self.cards = fictitious_cards()
        self.card: IdCard | None = None
        self.card_state = FRESH
        self.reads = 0  # successful reads answered (tests and benchmarks)
        self.last_sent_at = 0.0  # perf_counter() after the last reply byte was written
        self._decoder = FrameDecoder()
        self._state_lock = threading.Lock()
        if card is not None:
            self.place_card(card)

    # ---------------------------------------------------------- the card's side
    def place_card(self, card: str | IdCard = "resident") -> IdCard:
        """Put a card on the reader (fresh: the next find succeeds)."""
        if isinstance(card, str):
            if card not in self.cards:
                raise ValueError(f"unknown simulator card {card!r} (known: "
                                 f"{', '.join(self.cards)})")
            card = self.cards[card]
        with self._state_lock:
            self.card = card
            self.card_state = FRESH
            self.active_faults.pop("card_left", None)
        return card

    def remove_card(self) -> None:
        with self._state_lock:
            self.card = None
            self.card_state = FRESH
            self.active_faults.pop("card_left", None)

    def replace_card(self) -> None:
        """Lift the card and put it back: it can be read again."""
        with self._state_lock:
            self.card_state = FRESH
            self.active_faults.pop("card_left", None)

    def inject(self, fault: str, **params: Any) -> None:
        if fault == "noise" and "data" in params:
            params["data"] = _bytes(params["data"])  # bad hex: ValueError here, not per reply
        super().inject(fault, **params)
        if fault == "card_left":
            with self._state_lock:
                if self.card is None:
                    self.card = self.cards["resident"]
                self.card_state = HALTED

    # ---------------------------------------------------------------- the wire
    def on_connect(self) -> None:
        self._decoder = FrameDecoder()

    def on_receive(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if isinstance(item, Frame):
                if self.pace and self.baudrate:
                    # the command's own wire time: on a real line its last byte arrives
                    # this much later than the pty delivered it
                    time.sleep(item.wire_length * 10 / self.baudrate)
                self._answer(item)
            elif item.kind == "checksum":
                self._reply(frames.encode_reply(0x10), "any")

    def send(self, data: bytes) -> None:
        super().send(data)
        self.last_sent_at = time.perf_counter()

    def _reply(self, reply: bytes, kind: str) -> None:
        def hits(fault: str, default: str) -> bool:
            if fault not in self.active_faults:
                return False
            on = self.active_faults[fault].get("on", default)
            return on == "all" or on == kind

        if hits("bad_checksum", "read"):
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        if hits("truncate", "read"):
            keep = _int(self.active_faults["truncate"].get("keep", len(reply) // 2))
            reply = reply[:keep]
        if "noise" in self.active_faults:
            reply = self.active_faults["noise"].get("data", b"\x00\xaa\x55\xaa\xaa\x96\xff\x13") \
                + reply
        self.send(reply)

    def _answer(self, frame: Frame) -> None:
        cmd = frame.command
        sam_fault = (0x66 if "sam_unauthorised" in self.active_faults
                     else 0x60 if "sam_self_test" in self.active_faults else None)
        if sam_fault is not None:
            self._reply(frames.encode_reply(sam_fault), "all")
            return
        with self._state_lock:
            reply, kind = self._handle(cmd)
        self._reply(reply, kind)

    def _handle(self, cmd: tuple[int, int]) -> tuple[bytes, str]:
        r = frames.encode_reply
        card = None if "no_card" in self.active_faults else self.card
        if cmd == (0x10, 0xFF):
            return r(0x90), "reset"
        if cmd == (0x11, 0xFF):
            return r(0x90), "status"
        if cmd == (0x12, 0xFF):
            return r(0x90, SAM_ID_BYTES), "sam_id"
        if cmd[0] == 0x60 and cmd[1] <= 4:
            self.baudrate = (115200, 57600, 38400, 19200, 9600)[cmd[1]]
            return r(0x90), "baud"
        if cmd == (0x20, 0x01):
            if card is None or self.card_state == HALTED:
                return r(0x80), "find"
            return r(0x9F, b"\x00\x00\x00\x00"), "find"
        if cmd == (0x20, 0x02):
            if card is None or "select_fail" in self.active_faults:
                return r(0x81), "select"
            if "auth_fail" in self.active_faults:
                return r(_int(self.active_faults["auth_fail"].get("sw3", 0x32))), "select"
            return r(0x90, bytes(8)), "select"
        if cmd in ((0x30, 0x01), (0x30, 0x10)):
            if card is None:
                return r(0x80), "read"
            if "read_fail" in self.active_faults:
                return r(0x41), "read"
            if self.card_state == HALTED:
                return r(0x41), "read"
            self.card_state = HALTED
            self.reads += 1
            data = encode_read_data(card, with_fingerprint=cmd[1] == 0x10)
            return r(0x90, data), "read"
        if cmd == (0x30, 0x03):
            if card is None:
                return r(0x80), "address"
            if not card.appended_addresses:
                return r(0x91), "address"
            return r(0x90, encode_appended_addresses(card.appended_addresses)), "address"
        return r(0x21), "other"


def simulator_factory(config, data_dir=None) -> Simulator:
    """Mock mode: build (not start) the simulator a devices.toml table describes.

    The reader keeps nothing on disk, so ``data_dir`` is unused."""
    opts = config.options
    card = opts.get("sim_card", "resident")
    return IdCardSimulator(
        config.name,
        card=None if card == "none" else card,
        transport=opts.get("sim_transport") or "pty",
        pace=bool(opts.get("sim_pace", True)),
        baudrate=int(opts.get("baudrate") or 115200),
    )


# ------------------------------------------------------------ another process
HELP_COMMANDS = """commands (one per line):
  place [CARD]      put a card on the reader (cards: {cards})
  remove            take the card away
  replace           lift the card and put it back
  fault NAME [k=v]  inject a fault ({faults})
  clear [NAME]      clear one fault or all
  quit"""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kiosk idcard simulate",
                                description="Run an ID card reader simulator until stdin ends")
    add_arguments(p)
    return run_interactive(p.parse_args(argv))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--card", default="resident", choices=(*CARD_NAMES, "none"),
                   help="card on the reader at start")
    p.add_argument("--tcp", type=int, metavar="PORT", default=None,
                   help="listen on 127.0.0.1:PORT instead of a pty (0: any free port)")
    p.add_argument("--pace", action="store_true", help="pace replies like a 115200 baud line")


def run_interactive(args: argparse.Namespace, stdin=None, stdout=None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    card = None if args.card == "none" else args.card
    sim = IdCardSimulator("idcard", card=card, tcp_port=args.tcp, pace=args.pace)
    sim.start()
    print(sim.port, file=stdout, flush=True)
    try:
        for line in stdin:
            words = line.split()
            if not words:
                continue
            verb, rest = words[0], words[1:]
            try:
                if verb == "quit":
                    break
                if verb == "place":
                    sim.perform("place_card", card=rest[0] if rest else "resident")
                elif verb == "remove":
                    sim.perform("remove_card")
                elif verb == "replace":
                    sim.perform("replace_card")
                elif verb == "fault" and rest:
                    params = dict(kv.split("=", 1) for kv in rest[1:] if "=" in kv)
                    sim.inject(rest[0], **params)
                elif verb == "clear":
                    sim.clear(rest[0] if rest else None)
                else:
                    print(HELP_COMMANDS.format(cards=", ".join(CARD_NAMES),
                                               faults=", ".join(sim.FAULTS)), file=stdout)
                    continue
                print("ok", file=stdout, flush=True)
            except ValueError as exc:
                print(f"error: {exc}", file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
