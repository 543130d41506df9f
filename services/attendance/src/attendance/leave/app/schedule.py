"""Whether an employee is scheduled to work on a date (LV-03's "scheduled working days"): their
roster where one is set, else the branch's working calendar (``Calendars``, PLT-05)."""

from __future__ import annotations

from datetime import date

from attendance.domain.facts import Calendars
from attendance.domain.people import Employee
from attendance.leave.app.ports import RosteredDays
from attendance.leave.domain.counting import Scheduled
from cskit.domain.actor import BranchScope
from cskit.domain.calendar import WorkingCalendar


class Schedules:
    def __init__(self, rosters: RosteredDays, calendars: Calendars) -> None:
        self._rosters = rosters
        self._calendars = calendars

    async def of(self, scope: BranchScope, employee: Employee, start: date, end: date) -> Scheduled:
        rostered = await self._rosters.rostered(scope, employee.id, start, end)
        years: dict[int, WorkingCalendar] = {}
        for year in range(start.year, end.year + 1):
            years[year] = await self._calendars.calendar(employee.branch_id, year)

        def scheduled(day: date) -> bool:
            if day in rostered:
                return rostered[day]
            if not start <= day <= end:
                raise ValueError(f"{day} is outside the schedule read for {start}..{end}")
            return years[day.year].is_working_day(day)

        return scheduled
