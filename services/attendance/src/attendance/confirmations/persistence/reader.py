"""Confirmation reads: the confirmations of a span — ``attendance.domain.facts.ConfirmationFacts``
for the month (ATT-02) — and a week's report submission."""

from __future__ import annotations

from datetime import date

from attendance.confirmations.domain.events import ConfirmationEvent
from attendance.confirmations.domain.model import Confirmation, WeeklyReport
from attendance.confirmations.persistence.store import REPORTS
from attendance.domain.facts import Confirmation as ConfirmationFact
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope, NotFound
from cskit.eventstore import StreamReader


class ConfirmationReader(StreamReader[Confirmation, ConfirmationEvent]):
    @property
    def by_day(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:confirmation-day", p.day, p.id)

    async def between(self, scope: BranchScope, start: date, end: date) -> list[Confirmation]:
        p = self.store.stream.projection.c
        return await self.every(self.by_day, scope, p.day >= start.isoformat(), p.day <= end.isoformat())

    async def confirmations(self, scope: BranchScope, start: date, end: date) -> list[ConfirmationFact]:
        return [
            ConfirmationFact(employee_id=c.employee_id, day=date.fromisoformat(c.day), confirmed_by=c.confirmed_by)
            for c in await self.between(scope, start, end)
        ]

    async def confirmed_days(self, scope: BranchScope, start: date, end: date) -> dict[tuple[str, str], str]:
        return {(c.employee_id, c.day): c.confirmed_by for c in await self.between(scope, start, end)}

    async def submission(self, scope: BranchScope, report_id: str) -> WeeklyReport | None:
        async with self._sessions() as session:
            try:
                return await REPORTS.read(session, report_id, scope)
            except NotFound:
                return None
