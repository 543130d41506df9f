"""The facts of a claim's date, read from the punches and rosters sub-domains' app
interfaces: a rostered rest day, the week's attendance (worked minutes of its day outcomes),
a statutory holiday, a missed clock-in or clock-out around the claimed span."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from attendance.domain.facts import Calendars
from attendance.overtime.app.ports import StatutoryHolidays
from attendance.overtime.domain.model import DayFacts
from attendance.overtime.domain.rules import week_of
from attendance.punches.app.outcomes import PunchTimes, Rostered, SourcedOutcome
from attendance.punches.domain.engine import RosterDay, Shift, clock_punches
from attendance.punches.domain.policy import AttendancePolicy
from cskit.domain import BranchScope


class DayOutcomeSource(Protocol):
    async def of(self, scope: BranchScope, employee_id: str, day: date, shift: Shift | None) -> SourcedOutcome: ...


class CalendarStatutoryHolidays:
    """The branch calendar's statutory holidays (法定节假日): the triple-pay days of OT-03."""

    def __init__(self, calendars: Calendars) -> None:
        self._calendars = calendars

    async def is_statutory_holiday(self, branch_id: str, day: date) -> bool:
        return (await self._calendars.calendar(branch_id, day.year)).is_statutory_holiday(day)


class ClaimDayFacts:
    def __init__(
        self,
        rosters: Rostered,
        outcomes: DayOutcomeSource,
        punches: PunchTimes,
        holidays: StatutoryHolidays,
        policy: AttendancePolicy,
        zone: ZoneInfo,
    ) -> None:
        self._rosters = rosters
        self._outcomes = outcomes
        self._punches = punches
        self._holidays = holidays
        self._policy = policy
        self._zone = zone

    async def of(
        self, scope: BranchScope, branch_id: str, employee_id: str, day: date, start: datetime, end: datetime
    ) -> DayFacts:
        rostered = await self._rosters.shift_on(scope, employee_id, day)
        monday, _ = week_of(day)
        week = 0
        for offset in range(7):
            sourced = await self._outcomes.of(scope, employee_id, monday + timedelta(days=offset), None)
            week += sourced.outcome.worked_minutes
        span = RosterDay(
            day=day,
            shift=Shift(start=start.astimezone(self._zone).time(), end=end.astimezone(self._zone).time()),
            zone=self._zone,
        )
        found = await self._punches.between(
            scope,
            employee_id,
            start - self._policy.window_before,
            end + self._policy.window_after + timedelta(seconds=1),
        )
        clock_in, clock_out = clock_punches(span, [p.punched_at for p in found], self._policy)
        return DayFacts(
            rest_day=rostered is not None and rostered[0] is None,
            week_minutes=week,
            statutory_holiday=await self._holidays.is_statutory_holiday(branch_id, day),
            missed_punch=clock_in is None or clock_out is None,
        )
