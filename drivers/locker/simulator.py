"""A cabinet of lockable compartments behind Kerong KR-CU boards, speaking the real frames.

The physical model: a compartment's door is locked whenever it is closed; an unlock releases
the lock and the door springs open (unless the ``lock_stuck`` fault holds it); a citizen puts
items in, takes them out and closes the door; a door may be forced open with no unlock. Each
board answers only commands addressed to it, with its 9-byte status (hook and infrared bits in
the polarity the configuration says the firmware uses). The doors and items survive a
restart of the kiosk when the simulator has a ``state_file`` (mock mode keeps it in the data
directory): a power cut does not empty a real cabinet either.

Run it in another process with ``kiosk locker simulate`` and point ``kiosk locker status
--port PATH`` at it.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from drivers.core.simulator import Simulator
from drivers.locker.frames import (
    CMD_STATUS,
    CMD_STATUS_ALL,
    CMD_UNLOCK,
    CMD_UNLOCK_ALL,
    COMMAND_LEN,
    Command,
    FrameDecoder,
    encode_status,
)
from drivers.locker.layout import Layout, Slot

log = logging.getLogger(__name__)


def _int(value: Any) -> int:
    """Parameters come as ints from code and as strings from the prompt."""
    return value if isinstance(value, int) else int(str(value), 0)


class LockerSimulator(Simulator):
    FAULTS: ClassVar[dict[str, str]] = {
        **Simulator.FAULTS,
        "bad_checksum": "corrupt the checksum of every reply",
        "board_silent": "one board stops answering (board=ADDR, default the first)",
        "lock_stuck": "unlocks do not release (compartment=N, default every compartment)",
        "door_stuck": "a door that never closes (compartment=N, default every compartment)",
    }
    ACTIONS: ClassVar[dict[str, str]] = {
        "close_door": "close a compartment's door (compartment=N); it locks",
        "force_door": "open a locked door with no unlock (compartment=N)",
        "put_item": "put something in a compartment (compartment=N; its door must be open)",
        "take_item": "take what is in a compartment out (compartment=N; door open)",
        "drop_off": "put something in and close the door (compartment=N)",
        "take_out": "take everything out and close the door (compartment=N)",
    }

    def __init__(self, name: str = "locker", *, layout: Layout | None = None,
                 hook_closed_bit: int = 1, item_bit: int = 1,
                 state_file: Path | None = None, **kw: Any) -> None:
        """``kw``: the link and line options of :class:`Simulator` (``transport``,
        ``tcp_port``, ``link_dir``, ``baudrate`` (default 19200), ``pace``)."""
        kw.setdefault("baudrate", 19200)
        super().__init__(name, **kw)
        self.layout = layout or Layout.parse()
        self.closed_bit = hook_closed_bit
        self.item_bit = item_bit
        self.state_file = state_file
        self.doors_open: dict[int, bool] = {n: False for n in self.layout.slots}
        self.items: dict[int, bool] = {n: False for n in self.layout.slots}
        self.unlocks: list[int] = []  # compartments unlocked, in order (tests)
        self._decoder = FrameDecoder(COMMAND_LEN)
        self._state_lock = threading.Lock()
        self._load()

    # ------------------------------------------------------------- persistence
    def _load(self) -> None:
        if self.state_file is None or not self.state_file.is_file():
            return
        try:
            saved = json.loads(self.state_file.read_text(encoding="utf-8"))
            for n in self.layout.slots:
                self.doors_open[n] = bool(saved.get("open", {}).get(str(n), False))
                self.items[n] = bool(saved.get("items", {}).get(str(n), False))
        except (OSError, ValueError, AttributeError) as exc:
            log.warning("%s: cabinet state %s unreadable (%s): starting empty", self.name,
                        self.state_file, exc)

    def _save(self) -> None:
        if self.state_file is None:
            return
        doc = {"open": {str(n): v for n, v in self.doors_open.items() if v},
               "items": {str(n): v for n, v in self.items.items() if v}}
        tmp = self.state_file.with_suffix(".tmp")
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        tmp.replace(self.state_file)

    # ------------------------------------------------------------ the cabinet
    def _slot(self, compartment: Any) -> Slot:
        n = _int(compartment)
        if n not in self.layout.slots:
            raise ValueError(f"{self.name}: no compartment {n} (1-{len(self.layout.slots)})")
        return self.layout.slots[n]

    def _hits(self, fault: str, n: int) -> bool:
        if fault not in self.active_faults:
            return False
        which = self.active_faults[fault].get("compartment")
        return which is None or _int(which) == n

    def close_door(self, compartment: int) -> None:
        n = self._slot(compartment).number
        with self._state_lock:
            if self._hits("door_stuck", n):
                return  # it swings back open: the latch never catches
            self.doors_open[n] = False
            self._save()

    def force_door(self, compartment: int) -> None:
        n = self._slot(compartment).number
        with self._state_lock:
            self.doors_open[n] = True
            self._save()

    def put_item(self, compartment: int) -> None:
        n = self._slot(compartment).number
        with self._state_lock:
            if not self.doors_open[n]:
                raise ValueError(f"{self.name}: compartment {n} is closed")
            self.items[n] = True
            self._save()

    def take_item(self, compartment: int) -> None:
        n = self._slot(compartment).number
        with self._state_lock:
            if not self.doors_open[n]:
                raise ValueError(f"{self.name}: compartment {n} is closed")
            self.items[n] = False
            self._save()

    def drop_off(self, compartment: int) -> None:
        self.put_item(compartment)
        self.close_door(compartment)

    def take_out(self, compartment: int) -> None:
        self.take_item(compartment)
        self.close_door(compartment)

    def _unlock(self, n: int) -> None:
        self.unlocks.append(n)
        if not self._hits("lock_stuck", n):
            self.doors_open[n] = True  # the spring pushes the released door open
            self._save()

    # ---------------------------------------------------------------- the wire
    def on_connect(self) -> None:
        self._decoder = FrameDecoder(COMMAND_LEN)

    def on_receive(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if not isinstance(item, Command):
                continue  # a corrupted command: a real board ignores it
            if self.pace and self.baudrate:
                time.sleep(COMMAND_LEN * 10 / self.baudrate)
            self._answer(item)

    def _answer(self, command: Command) -> None:
        board = command.board
        if board not in self.layout.boards:
            return  # nobody at that address: silence on the bus
        silent = self.active_faults.get("board_silent")
        if silent is not None and _int(silent.get("board", self.layout.boards[0])) == board:
            return
        with self._state_lock:
            if command.cmd == CMD_UNLOCK:
                slot = self.layout.slot_at(board, command.lock)
                if slot is not None:
                    self._unlock(slot.number)
            elif command.cmd == CMD_UNLOCK_ALL:
                for slot in self.layout.on_board(board):
                    self._unlock(slot.number)
            elif command.cmd not in (CMD_STATUS, CMD_STATUS_ALL):
                return  # commands this model does not know: a board would not answer either
            reply = encode_status(command.addr, command.cmd, *self._bits(board))
        if "bad_checksum" in self.active_faults:
            reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
        self.send(reply)

    def _bits(self, board: int) -> tuple[int, int]:
        hooks = items = 0
        for slot in self.layout.on_board(board):
            closed = not self.doors_open[slot.number]
            if closed == bool(self.closed_bit):
                hooks |= 1 << slot.lock
            if slot.sensed and self.items[slot.number] == bool(self.item_bit):
                items |= 1 << slot.lock
            elif not slot.sensed and not self.item_bit:
                items |= 1 << slot.lock  # no sensor fitted reads as "nothing there"
        return hooks, items


def simulator_factory(config, data_dir=None) -> Simulator:
    """Mock mode: the cabinet a devices.toml table describes; its doors and items persist in
    ``<data_dir>/devices/<name>-cabinet.json`` across restarts (a power cut empties nothing)."""
    opts = config.options
    state = Path(data_dir) / "devices" / f"{config.name}-cabinet.json" if data_dir else None
    return LockerSimulator(
        config.name, layout=Layout.from_options(opts, config.name),
        hook_closed_bit=int(opts.get("hook_closed_bit", 1)),
        item_bit=int(opts.get("item_bit", 1)), state_file=state,
        transport=opts.get("sim_transport") or "pty",
        pace=bool(opts.get("sim_pace", True)),
        baudrate=int(opts.get("baudrate") or 19200),
    )


# ------------------------------------------------------------ another process
HELP_COMMANDS = """commands (one per line; N is a compartment number):
  close N | force N | put N | take N | drop N | takeout N
  fault NAME [k=v]   inject a fault ({faults})
  clear [NAME]       clear one fault or all
  show               doors and items
  quit"""

_VERBS = {"close": "close_door", "force": "force_door", "put": "put_item", "take": "take_item",
          "drop": "drop_off", "takeout": "take_out"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tcp", type=int, metavar="PORT", default=None,
                   help="listen on 127.0.0.1:PORT instead of a pty (0: any free port)")
    p.add_argument("--boards", default="0", help="board addresses, e.g. 0,1 (default 0)")
    p.add_argument("--sizes", default="", help="compartment sizes, e.g. '1-8:S,9-14:M,15-16:L'")
    p.add_argument("--sensors", default="all", help="compartments with an item sensor")
    p.add_argument("--state", type=Path, default=None,
                   help="keep doors and items in this JSON file across runs")


def run_interactive(args: argparse.Namespace, stdin=None, stdout=None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        boards = [int(b, 0) for b in str(args.boards).split(",") if b.strip()]
        layout = Layout.parse(boards, sizes=args.sizes, sensors=args.sensors)
    except ValueError as exc:
        from drivers.core.errors import ConfigError

        raise ConfigError("--boards/--sizes/--sensors", "", str(exc)) from None
    sim = LockerSimulator("locker", layout=layout, tcp_port=args.tcp, state_file=args.state)
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
                if verb in _VERBS and rest:
                    sim.perform(_VERBS[verb], compartment=rest[0])
                elif verb == "fault" and rest:
                    params = dict(kv.split("=", 1) for kv in rest[1:] if "=" in kv)
                    sim.inject(rest[0], **params)
                elif verb == "clear":
                    sim.clear(rest[0] if rest else None)
                elif verb == "show":
                    for n in sorted(layout.slots):
                        print(f"{n:3d} {layout.slots[n].size} "
                              f"{'open  ' if sim.doors_open[n] else 'closed'} "
                              f"{'item' if sim.items[n] else '-'}", file=stdout)
                else:
                    print(HELP_COMMANDS.format(faults=", ".join(sim.FAULTS)), file=stdout)
                    continue
                print("ok", file=stdout, flush=True)
            except ValueError as exc:
                print(f"error: {exc}", file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kiosk locker simulate",
                                description="Run a locker cabinet simulator until stdin ends")
    add_arguments(p)
    return run_interactive(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
