"""Office hours and the holiday calendar: is the hall taking tickets now, and when next?

Configured in ``[office_hours]`` (weekdays, sessions, holidays, 调休 make-up workdays).
Plain dates and times in the hall's local time; no Qt, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime

from kiosk.config import OfficeHoursSection, parse_session

#: how far ahead next_open() looks (Spring Festival closures are about 9 days)
_LOOKAHEAD_DAYS = 60


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class OfficeHours:
    weekdays: frozenset[int]
    sessions: tuple[tuple[dtime, dtime], ...]
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    @classmethod
    def from_settings(cls, section: OfficeHoursSection) -> OfficeHours:
        return cls(
            weekdays=frozenset(int(d) for d in section.weekdays),
            sessions=tuple(sorted(parse_session(s) for s in section.sessions)),
            holidays=frozenset(_as_date(d) for d in section.holidays),
            workdays=frozenset(_as_date(d) for d in section.workdays),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:  # a make-up working day wins over the weekday rule
            return True
        if day in self.holidays:
            return False
        return day.isoweekday() in self.weekdays

    def is_open(self, now: datetime) -> bool:
        if not self.is_working_day(now.date()):
            return False
        t = now.time()
        return any(start <= t < end for start, end in self.sessions)

    def next_open(self, now: datetime) -> datetime | None:
        """When the hall next opens (``now`` itself if open); None if not within 60 days."""
        if self.is_open(now):
            return now
        for offset in range(_LOOKAHEAD_DAYS + 1):
            day = now.date() + timedelta(days=offset)
            if not self.is_working_day(day):
                continue
            for start, _end in self.sessions:
                opening = datetime.combine(day, start, tzinfo=now.tzinfo)
                if opening > now:
                    return opening
        return None

    def closes_at(self, now: datetime) -> datetime | None:
        """End of the session ``now`` is in, or None when closed."""
        if not self.is_working_day(now.date()):
            return None
        for start, end in self.sessions:
            if start <= now.time() < end:
                return datetime.combine(now.date(), end, tzinfo=now.tzinfo)
        return None
