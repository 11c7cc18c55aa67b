"""``python -m kiosk.central``: the reference central server's command line."""
import sys

from kiosk.central.cli import main

sys.exit(main())
