"""Working days per branch: weekends and public holidays off, make-up working days on (PLT-05),
and which days off are statutory holidays (法定节假日: triple overtime pay, OT-03).

Pure: a ``WorkingCalendar`` is built from dates. The official calendar of a year comes from a
maintained package through ``cskit.officialcalendar.official_calendar``; a branch's own
changes are laid over it with ``with_day``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from cskit.domain.rules import enforces


class DayStatus(StrEnum):
    """What a date is in a calendar: worked, or off and why."""

    WORKING = "working"
    # A weekend day worked to make up for a holiday (调休).
    MAKEUP = "makeup"
    WEEKEND = "weekend"
    # A day off that is not a statutory holiday (a moved weekend, a branch's own day off).
    HOLIDAY = "holiday"
    STATUTORY = "statutory"


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    # Weekend days that are worked to make up for a holiday (调休).
    makeup_days: frozenset[date] = field(default_factory=frozenset)
    weekend: frozenset[int] = frozenset({5, 6})  # Saturday, Sunday
    # The statutory holidays (法定节假日) among the days off: always off, and overtime on them
    # is paid triple (OT-03). The other days of a holiday break are moved weekends (double pay).
    statutory_holidays: frozenset[date] = field(default_factory=frozenset)
    # Years whose official arrangement was not known when the calendar was built: they hold
    # weekends only until someone fills them (the package's next release, or overrides).
    unannounced_years: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, holidays: Iterable[date] = (), makeup_days: Iterable[date] = (), statutory_holidays: Iterable[date] = ()
    ) -> WorkingCalendar:
        return cls(
            holidays=frozenset(holidays),
            makeup_days=frozenset(makeup_days),
            statutory_holidays=frozenset(statutory_holidays),
        )

    @enforces("PLT-05")
    def is_working_day(self, day: date) -> bool:
        return self.status(day) in (DayStatus.WORKING, DayStatus.MAKEUP)

    def is_statutory_holiday(self, day: date) -> bool:
        return day in self.statutory_holidays

    def is_announced(self, year: int) -> bool:
        """False for a year built without its official arrangement (weekends only so far)."""
        return year not in self.unannounced_years

    def status(self, day: date) -> DayStatus:
        if day in self.statutory_holidays:
            return DayStatus.STATUTORY
        if day in self.makeup_days:
            return DayStatus.MAKEUP
        if day in self.holidays:
            return DayStatus.HOLIDAY
        return DayStatus.WEEKEND if day.weekday() in self.weekend else DayStatus.WORKING

    def with_day(self, day: date, status: DayStatus) -> WorkingCalendar:
        """This calendar with ``day`` set to ``status`` (a branch's override): WORKING or MAKEUP
        make it worked, WEEKEND or HOLIDAY a plain day off, STATUTORY a statutory holiday."""
        holidays = self.holidays - {day}
        makeup = self.makeup_days - {day}
        statutory = self.statutory_holidays - {day}
        weekend_day = day.weekday() in self.weekend
        if status in (DayStatus.WORKING, DayStatus.MAKEUP):
            if weekend_day:
                makeup |= {day}
        elif status is DayStatus.STATUTORY:
            statutory |= {day}
        elif status is DayStatus.HOLIDAY or not weekend_day:
            # A weekend date marked a holiday stays one (its status says why it is off).
            holidays |= {day}
        return replace(self, holidays=holidays, makeup_days=makeup, statutory_holidays=statutory)

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
