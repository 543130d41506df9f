"""Working days per branch: weekends and public holidays off, make-up working days on (PLT-05)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from cskit.domain.rules import enforces


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    # Weekend days that are worked to make up for a holiday (调休).
    makeup_days: frozenset[date] = field(default_factory=frozenset)
    weekend: frozenset[int] = frozenset({5, 6})  # Saturday, Sunday

    @classmethod
    def of(cls, holidays: Iterable[date] = (), makeup_days: Iterable[date] = ()) -> WorkingCalendar:
        return cls(holidays=frozenset(holidays), makeup_days=frozenset(makeup_days))

    @enforces("PLT-05")
    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_days:
            return True
        return day.weekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
        current, left = start, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count
