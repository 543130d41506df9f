"""INTERIM ``Calendars`` until the calendars sub-domain lands: the statutory holidays of every
branch from the settings' JSON (``CS_ATTENDANCE_INTERIM_STATUTORY_HOLIDAYS``). The
integrator replaces it; only bootstrap names it."""

from __future__ import annotations

import json
from datetime import date

from cskit.domain.calendar import WorkingCalendar


class InterimCalendars:
    def __init__(self, holidays: list[date]) -> None:
        self._calendar = WorkingCalendar.of(holidays)

    @classmethod
    def from_json(cls, text: str) -> InterimCalendars:
        return cls([date.fromisoformat(x) for x in json.loads(text or "[]")])

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return self._calendar
