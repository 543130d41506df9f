"""Calendar override reads: a branch's live overrides on a span of dates."""

from __future__ import annotations

from datetime import date

from attendance.calendars.domain.events import CalendarEvent
from attendance.calendars.domain.model import CalendarOverride
from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader

# A year has at most 366 dates: one page is meant to hold it (``every`` reads on if not).
_PAGE = 400


class OverrideReader(StreamReader[CalendarOverride, CalendarEvent]):
    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:calendar-override-day", p.day, p.id)

    async def between(self, scope: BranchScope, branch_id: str, first: date, last: date) -> list[CalendarOverride]:
        p = self.store.stream.projection.c
        return await self.every(
            self.by_day,
            scope,
            p.branch_id == branch_id,
            p.day >= first.isoformat(),
            p.day <= last.isoformat(),
            p.cleared.is_(False),
            size=_PAGE,
        )
