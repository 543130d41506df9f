"""INTERIM, until the ``calendars`` sub-domain's Calendars is wired: every branch's working
calendar is the weekend plus the holidays and make-up days in the settings
``CS_ATTENDANCE_INTERIM_HOLIDAYS`` / ``CS_ATTENDANCE_INTERIM_MAKEUP_DAYS`` (JSON lists of
dates). The integrator replaces it in ``bootstrap``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cskit.domain.calendar import WorkingCalendar


class InterimCalendars:
    def __init__(self, holidays: Iterable[date] = (), makeup_days: Iterable[date] = ()) -> None:
        self._calendar = WorkingCalendar.of(holidays, makeup_days)

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return self._calendar
