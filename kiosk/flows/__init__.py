"""Citizen flows: the kiosk's screens as plain-Python state machines (no Qt).

:class:`KioskFlow` is the one object the UI talks to; tests drive it directly.
"""
from kiosk.flows.availability import Fn, Health
from kiosk.flows.flow import KioskFlow
from kiosk.flows.hours import OfficeHours
from kiosk.flows.state import Action, KioskState, Screen

__all__ = ["Action", "Fn", "Health", "KioskFlow", "KioskState", "OfficeHours", "Screen"]
