"""Leave reads beyond the kit's: an employee's leaves, the approvals awaiting someone, the
leaves that count on some dates (the balance, overlaps, the month's facts)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, select

from attendance.domain.facts import LeaveDay, LeaveFacts
from attendance.leave.domain.events import LeaveEvent
from attendance.leave.domain.kinds import LeaveKind
from attendance.leave.domain.model import LeaveRequest
from cskit.db.keyset import Keyset
from cskit.domain.actor import BranchScope
from cskit.eventstore import StreamReader
from cskit.eventstore.reader import PageRequest


class LeaveReader(StreamReader[LeaveRequest, LeaveEvent]):
    @property
    def by_start(self) -> Keyset:
        p = self.store.stream.projection.c
        return Keyset("list:leave-start", p.start_day, p.id)

    async def employee_page(
        self, scope: BranchScope, employee_id: str, page: PageRequest
    ) -> tuple[list[LeaveRequest], str]:
        p = self.store.stream.projection.c
        return await self.documents(self.by_start, scope, page, p.employee_id == employee_id)

    async def awaiting(self, scope: BranchScope, approver_id: str, page: PageRequest) -> tuple[list[LeaveRequest], str]:
        """The pending leaves whose next approval is ``approver_id``'s, oldest first."""
        p = self.store.stream.projection.c
        return await self.documents(self.oldest_first, scope, page, p.next_approver == approver_id)

    async def _all(self, scope: BranchScope, *where: ColumnElement[bool]) -> list[LeaveRequest]:
        p = self.store.stream.projection.c
        stmt = select(p.document, p.version).where(*where).order_by(p.start_day, p.id)
        if (visible := self.store.visible(scope)) is not None:
            stmt = stmt.where(visible)
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        return [self.store.stream.restore(r.document, r.version) for r in rows]

    async def counting(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[LeaveRequest]:
        p = self.store.stream.projection.c
        found = await self._all(
            scope,
            p.employee_id == employee_id,
            p.counts.is_(True),
            p.start_day <= end.isoformat(),
            p.end_day >= start.isoformat(),
        )
        first, last = start.isoformat(), end.isoformat()
        return [x for x in found if any(first <= d.day <= last for d in x.dates)]

    async def for_occasion(
        self, scope: BranchScope, employee_id: str, kind: LeaveKind, event_day: date
    ) -> list[LeaveRequest]:
        p = self.store.stream.projection.c
        return await self._all(
            scope,
            p.employee_id == employee_id,
            p.kind == kind.value,
            p.event_day == event_day.isoformat(),
            p.counts.is_(True),
        )

    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]:
        """``LeaveFacts``: every approved leave date in start..end, per employee and date; a
        leave across the month's end gives each month its own dates."""
        p = self.store.stream.projection.c
        found = await self._all(
            scope, p.approved.is_(True), p.start_day <= end.isoformat(), p.end_day >= start.isoformat()
        )
        first, last = start.isoformat(), end.isoformat()
        return [
            LeaveDay(
                employee_id=x.employee_id,
                day=date.fromisoformat(d.day),
                kind=x.kind.value,
                minutes=d.minutes,
                pay_rate=x.pay_rate,
                leave_id=x.id,
            )
            for x in found
            for d in x.dates
            if first <= d.day <= last
        ]


def leave_facts(reader: LeaveReader) -> LeaveFacts:
    """The month close's port (``attendance.domain.facts.LeaveFacts``) is this reader."""
    return reader
