"""The kiosk's shell as a plain-Python state machine (no Qt): home, errors, idle wipe,
language, elder mode, availability. The journeys it runs are in :mod:`kiosk.journeys`.

:class:`KioskFlow` is the one object the UI talks to; tests drive it directly.
"""
from kiosk.flows.availability import Health
from kiosk.flows.flow import KioskFlow
from kiosk.flows.hours import OfficeHours
from kiosk.flows.state import Action, KioskState, Screen

__all__ = ["Action", "Health", "KioskFlow", "KioskState", "OfficeHours", "Screen"]
