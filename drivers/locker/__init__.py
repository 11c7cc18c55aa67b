"""24-hour lockers on Kerong KR-CU lock boards (RS-485): the ``kerong_cu`` driver.

Modules: ``frames`` (the 5-byte commands and 9-byte status replies, incremental decoder),
``layout`` (compartment numbers, boards, sizes and sensors from configuration), ``errors``,
``device`` (the driver: status poll, door events, unlock with confirmation), ``simulator``
(a cabinet speaking the same frames over a pty or TCP, doors a test can open and close).
"""
from __future__ import annotations

from drivers.core.registry import DriverSpec, Option
from drivers.core.transport import check_port
from drivers.locker.device import BAUDRATES, KerongLocker
from drivers.locker.simulator import simulator_factory

SPEC = DriverSpec(
    name="kerong_cu",
    kind="locker",
    description="locker cabinet on Kerong KR-CU16/CU12 lock boards (RS-485, 02 ADDR CMD 03 SUM "
                "frames): doors, item sensors, unlock",
    device_class=KerongLocker,
    simulator_factory=simulator_factory,
    options={
        "baudrate": Option(int, 19200, "RS-485 line speed (19200 factory default, 9600 on "
                           "some boards)", BAUDRATES),
        "boards": Option(list, [0], "board addresses on the bus (0-9), in compartment order"),
        "locks_per_board": Option(int, 16, "locks per board (16: CU16, 12: CU12)"),
        "sizes": Option(str, "", "compartment sizes, e.g. '1-8:S, 9-14:M, 15-16:L' "
                        "(default: per board, half S, three eighths M, the rest L)"),
        "sensors": Option(str, "all", "compartments with an infrared item sensor: 'all', "
                          "'none' or ranges like '1-8, 12'"),
        "hook_closed_bit": Option(int, 1, "lock-hook bit value that means the door is closed "
                                  "(firmwares differ: confirm on the board)", (1, 0)),
        "item_bit": Option(int, 1, "infrared bit value that means an item is inside", (1, 0)),
        "poll_interval": Option(float, 0.5, "seconds between status polls of every board"),
        "left_open_s": Option(float, 60.0, "a door open this long raises DoorLeftOpen, and "
                              "again every as long"),
        "open_confirm_s": Option(float, 1.5, "after an unlock, how long the door may take to "
                                 "show open before the lock counts as not released"),
        "unlock_window_s": Option(float, 10.0, "a door opening this soon after its unlock is "
                                  "an opening; later, or with no unlock, it was forced"),
        "sim_transport": Option(str, "pty", "mock mode: the simulated cabinet on a pty "
                                "(serial) or a TCP listener on 127.0.0.1", ("pty", "tcp")),
        "sim_pace": Option(bool, True, "mock mode: pace replies like a real serial line"),
    },
    port_help="serial device of the RS-485 adapter (/dev/ttyUSB0), pyserial URL or "
              "tcp://host:port",
    default_timeout=0.5,
    check_port=check_port,
)

__all__ = ["SPEC", "KerongLocker"]
