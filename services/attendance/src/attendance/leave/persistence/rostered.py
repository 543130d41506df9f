"""The rosters a leave is counted against (LV-03), read through the rosters' own reader."""

from __future__ import annotations

from datetime import date

from attendance.rosters.persistence.reader import RosterReader
from cskit.domain.actor import BranchScope
from cskit.pagination import MAX_PAGE_SIZE


class _Page:
    def __init__(self, token: str) -> None:
        self.size = MAX_PAGE_SIZE
        self.token = token


class RosteredFromRosters:
    def __init__(self, rosters: RosterReader) -> None:
        self._rosters = rosters

    async def rostered(self, scope: BranchScope, employee_id: str, start: date, end: date) -> dict[date, bool]:
        found: dict[date, bool] = {}
        token = ""
        while True:
            entries, token = await self._rosters.employee_page(scope, employee_id, start, end, _Page(token))
            found.update({date.fromisoformat(e.day): not e.rest_day for e in entries})
            if not token:
                return found
