"""Punch reads beyond the kit's: an employee's punches in a time range, oldest first."""

from __future__ import annotations

from datetime import datetime

from attendance.punches.domain.events import PunchEvent
from attendance.punches.domain.model import Punch
from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest
from cskit.pagination import MAX_PAGE_SIZE

# A day's window holds a handful of punches; a terminal gone wild is cut at one page, not read whole.
MAX_DAY_PUNCHES = MAX_PAGE_SIZE


class PunchReader(StreamReader[Punch, PunchEvent]):
    @property
    def by_time(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:punch-time", p.punched_at, p.id)

    async def employee_page(
        self, scope: BranchScope, employee_id: str, start: datetime, end: datetime, page: PageRequest
    ) -> tuple[list[Punch], str]:
        p = self.store.stream.projection.c
        return await self.documents(
            self.by_time, scope, page, p.employee_id == employee_id, p.punched_at >= start, p.punched_at < end
        )

    async def between(self, scope: BranchScope, employee_id: str, start: datetime, end: datetime) -> list[Punch]:
        punches, _ = await self.employee_page(scope, employee_id, start, end, _Whole())
        return punches

    async def punched_between(self, scope: BranchScope, start: datetime, end: datetime) -> list[Punch]:
        """Every visible punch counted in start..end (a day of a branch: HR's sample, ATT-06)."""
        p = self.store.stream.projection.c
        found: list[Punch] = []
        page = _Whole()
        while True:
            punches, token = await self.documents(self.by_time, scope, page, p.punched_at >= start, p.punched_at < end)
            found.extend(punches)
            if not token:
                return found
            page = _Whole(token)


class _Whole:
    size = MAX_DAY_PUNCHES

    def __init__(self, token: str = "") -> None:
        self.token = token
