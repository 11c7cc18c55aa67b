"""What the card dispenser drivers share (``crt591``, ``k720``): the device core with the
contract's moves (``device``), typed errors (``errors``), the simulated mechanism both
simulators drive (``mechanism``), and the devices.toml options they have in common."""
from __future__ import annotations

from drivers.core.registry import Option

BAUDRATES = (9600, 19200, 38400, 57600, 115200)


def dispenser_options(baudrate: int = 9600) -> dict[str, Option]:
    return {
        "baudrate": Option(int, baudrate, "serial speed", BAUDRATES),
        "address": Option(int, 0, "device address on the line (0-99)"),
        "reject_bin_full_when": Option(str, "set", "the reject-bin flag means full when "
                                       "\"set\" or when \"clear\" (differs by firmware)",
                                       ("set", "clear")),
        "move_timeout": Option(float, 15.0, "seconds a card move may take"),
        "take_poll": Option(float, 0.25, "seconds between looks at the gate while waiting "
                            "for the citizen to take the card"),
        "sim_transport": Option(str, "pty", "mock mode: simulator on a pty or TCP",
                                ("pty", "tcp")),
        "sim_reader": Option(str, "", "mock mode: the virtual card reader (its device name) "
                             "a card at the IC position goes into"),
        "sim_hopper": Option(int, 50, "mock mode: blank cards in the hopper at start"),
        "sim_hopper_low_at": Option(int, 10, "mock mode: the low-level switch closes at"),
        "sim_reject": Option(int, 0, "mock mode: cards in the reject bin at start"),
        "sim_reject_capacity": Option(int, 30, "mock mode: the reject bin holds this many"),
        "sim_move_delay": Option(float, 0.3, "mock mode: seconds one move takes"),
        "sim_card_generation": Option(int, 3, "mock mode: generation of the blank cards",
                                      (2, 3)),
    }


__all__ = ["BAUDRATES", "dispenser_options"]
