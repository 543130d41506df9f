"""Out-of-office reads: an employee's records, and the approved ones overlapping a span —
``attendance.domain.facts.OutOfOfficeFacts`` for the month (ATT-07)."""

from __future__ import annotations

from datetime import datetime

from attendance.domain.facts import OutOfOffice
from attendance.outofoffice.domain.events import OutOfOfficeEvent
from attendance.outofoffice.domain.model import OutOfOfficeRecord, OutOfOfficeState
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest


class OutOfOfficeReader(StreamReader[OutOfOfficeRecord, OutOfOfficeEvent]):
    @property
    def by_start(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:ooo-start", p.starts_at, p.id)

    async def employee_page(
        self, scope: BranchScope, employee_id: str, page: PageRequest
    ) -> tuple[list[OutOfOfficeRecord], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.oldest_first, scope, page, p.employee_id == employee_id)

    async def state_page(
        self, scope: BranchScope, state: OutOfOfficeState, page: PageRequest
    ) -> tuple[list[OutOfOfficeRecord], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.by_start, scope, page, p.state == state.value)

    async def out_of_office(self, scope: BranchScope, start: datetime, end: datetime) -> list[OutOfOffice]:
        """Approved records overlapping start..end: only those cover missed punches (ATT-07)."""
        p = self.store.stream.projection.c
        records = await self.every(
            self.by_start, scope, p.state == OutOfOfficeState.APPROVED.value, p.starts_at < end, p.ends_at > start
        )
        return [OutOfOffice(employee_id=r.employee_id, start=r.start, end=r.end, record_id=r.id) for r in records]
