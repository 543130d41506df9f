"""Calendar override reads: a branch's live overrides on a span of dates."""

from __future__ import annotations

from datetime import date

from attendance.calendars.domain.events import CalendarEvent
from attendance.calendars.domain.model import CalendarOverride
from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader

# A year has at most 366 dates: one page holds it; the loop is for safety, not for use.
_PAGE = 400


class OverrideReader(StreamReader[CalendarOverride, CalendarEvent]):
    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:calendar-override-day", p.day, p.id)

    async def between(self, scope: BranchScope, branch_id: str, first: date, last: date) -> list[CalendarOverride]:
        p = self.store.stream.projection.c
        found: list[CalendarOverride] = []
        token = ""
        while True:
            page, token = await self.documents(
                self.by_day,
                scope,
                _Page(token),
                p.branch_id == branch_id,
                p.day >= first.isoformat(),
                p.day <= last.isoformat(),
                p.cleared.is_(False),
            )
            found.extend(page)
            if not token:
                return found


class _Page:
    size = _PAGE

    def __init__(self, token: str) -> None:
        self.token = token
