"""CLI sub-commands. Each module has ``register(subparsers, common)``; see kiosk.cli."""
