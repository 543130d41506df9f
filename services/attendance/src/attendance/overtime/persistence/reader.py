"""Overtime reads: an employee's claims, the standing spans of a date (OT-02), and the
approved minutes of a span — ``attendance.domain.facts.OvertimeFacts`` for the month."""

from __future__ import annotations

from datetime import date, datetime

from attendance.domain.facts import OvertimeDay
from attendance.overtime.domain.events import OvertimeEvent
from attendance.overtime.domain.model import ClaimState, OvertimeClaim
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest


class OvertimeReader(StreamReader[OvertimeClaim, OvertimeEvent]):
    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:overtime-day", p.day, p.id)

    async def employee_page(
        self, scope: BranchScope, employee_id: str, page: PageRequest
    ) -> tuple[list[OvertimeClaim], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.by_day, scope, page, p.employee_id == employee_id)

    async def state_page(
        self, scope: BranchScope, state: ClaimState, page: PageRequest
    ) -> tuple[list[OvertimeClaim], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.by_day, scope, page, p.state == state.value)

    async def standing(self, scope: BranchScope, employee_id: str, day: date) -> list[tuple[datetime, datetime]]:
        p = self.store.stream.projection.c
        claims = await self.every(
            self.by_day,
            scope,
            p.employee_id == employee_id,
            p.day == day.isoformat(),
            p.state != ClaimState.REJECTED.value,
        )
        return [(c.start, c.end) for c in claims]

    async def overtime_days(self, scope: BranchScope, start: date, end: date) -> list[OvertimeDay]:
        p = self.store.stream.projection.c
        claims = await self.every(
            self.by_day,
            scope,
            p.state == ClaimState.APPROVED.value,
            p.day >= start.isoformat(),
            p.day <= end.isoformat(),
        )
        return [
            OvertimeDay(
                employee_id=c.employee_id,
                day=date.fromisoformat(c.day),
                minutes=c.approved_minutes,
                triple_pay=c.triple_pay,
                claim_id=c.id,
            )
            for c in claims
            if c.approved_minutes > 0
        ]
