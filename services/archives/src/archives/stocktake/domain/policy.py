"""The stock-take's numbers (``CS_ARCHIVES_STOCKTAKE_*``): when the reminders go out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True, kw_only=True)
class StocktakePolicy:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    # ARC-10: the branch-local time of the month-end (and January's full-check) reminder.
    reminder_at: time = time(9, 0)
    # Days off besides weekends that January's first working day skips (New Year's Day).
    january_holidays: frozenset[int] = frozenset({1})

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def at_local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.zone)
