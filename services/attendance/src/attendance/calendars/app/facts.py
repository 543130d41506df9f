"""``attendance.domain.facts.Calendars``: a branch's calendar for a year is the official one
(``cskit.officialcalendar``) with the branch's overrides laid over it (PLT-05).

Cached per branch and year: the month engine asks for the same calendar for every employee.
A change through this process's handlers forgets its branch-year at once; a change made by
another replica is seen once the entry is ``max_age`` old (the cache is per process)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from attendance.calendars.app.ports import OverrideList
from attendance.calendars.domain.model import overridden
from cskit.domain import Clock
from cskit.domain.actor import system_scope
from cskit.domain.calendar import WorkingCalendar

OfficialCalendar = Callable[[int], WorkingCalendar]


class BranchCalendars:
    def __init__(self, overrides: OverrideList, official: OfficialCalendar, clock: Clock, max_age: timedelta) -> None:
        self._overrides = overrides
        self._official = official
        self._clock = clock
        self._max_age = max_age
        self._cache: dict[tuple[str, int], tuple[datetime, WorkingCalendar]] = {}

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        now = self._clock.now()
        cached = self._cache.get((branch_id, year))
        if cached is not None and now - cached[0] < self._max_age:
            return cached[1]
        found = await self._overrides.between(
            system_scope("branch calendar"), branch_id, date(year, 1, 1), date(year, 12, 31)
        )
        calendar = overridden(self._official(year), found)
        self._cache[(branch_id, year)] = (now, calendar)
        return calendar

    def forget(self, branch_id: str, year: int) -> None:
        """A branch-year changed: the next ask reads it again."""
        self._cache.pop((branch_id, year), None)
