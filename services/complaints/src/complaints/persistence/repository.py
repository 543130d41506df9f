"""Complaint aggregates <-> rows. The branch filter is part of every read (PLT-01)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from complaints.domain.clocks import ClockView
from complaints.domain.events import ComplaintEvent, event_from_dict, event_to_dict, event_type
from complaints.domain.model import Complaint
from complaints.domain.values import ClockState
from complaints.persistence.rows import ClockRow, ComplaintEventRow, ComplaintRow, NumberSequenceRow
from cskit.audit import RequestContext
from cskit.domain import BranchScope, NotFound


def not_found(complaint_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's": nothing is revealed (PLT-01).
    return NotFound(f"complaint {complaint_id} not found", code="complaint_not_found")


def _history_query(ids: list[str], scope: BranchScope) -> Select[str, str, dict[str, Any]]:
    stmt = (
        select(ComplaintEventRow.complaint_id, ComplaintEventRow.event_type, ComplaintEventRow.data)
        .where(ComplaintEventRow.complaint_id.in_(ids))
        .order_by(ComplaintEventRow.complaint_id, ComplaintEventRow.sequence)
    )
    if scope.branches is not None:
        # The branch filter rides in the same query: one round trip per read (PLT-01).
        stmt = stmt.join(ComplaintRow, ComplaintRow.id == ComplaintEventRow.complaint_id).where(
            ComplaintRow.branch_id.in_(scope.branches)
        )
    return stmt


async def load_histories(
    conn: AsyncSession | AsyncConnection, ids: list[str], scope: BranchScope
) -> dict[str, list[ComplaintEvent]]:
    """The histories of the visible cases among ``ids``; an invisible or missing one is absent."""
    histories: dict[str, list[ComplaintEvent]] = {}
    for complaint_id, kind, data in await conn.execute(_history_query(ids, scope)):
        histories.setdefault(complaint_id, []).append(event_from_dict(kind, data))
    return histories


class SqlComplaintRepository:
    def __init__(self, session: AsyncSession, scope: BranchScope) -> None:
        self._session = session
        self._scope = scope
        self.seen: dict[str, tuple[Complaint, ComplaintRow | None]] = {}

    async def get(self, complaint_id: str) -> Complaint:
        if complaint_id in self.seen:
            return self.seen[complaint_id][0]
        row = await self._session.get(ComplaintRow, complaint_id)
        if row is None or not self._scope.allows(row.branch_id):
            raise not_found(complaint_id)
        history = (await load_histories(self._session, [complaint_id], self._scope))[complaint_id]
        complaint = Complaint.rebuild(history)
        self.seen[complaint_id] = (complaint, row)
        return complaint

    def add(self, complaint: Complaint) -> None:
        self.seen[complaint.id] = (complaint, None)

    async def next_sequence(self, branch_id: str, period: str) -> int:
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(NumberSequenceRow).values(branch_id=branch_id, period=period, last=1)
        upsert = stmt.on_conflict_do_update(
            index_elements=[NumberSequenceRow.branch_id, NumberSequenceRow.period],
            set_={"last": NumberSequenceRow.last + 1},
        ).returning(NumberSequenceRow.last)
        return int((await self._session.execute(upsert)).scalar_one())

    async def write_changes(
        self, context: RequestContext, now: datetime
    ) -> list[tuple[Complaint, list[ComplaintEvent]]]:
        """Stage every seen aggregate's new events and projections; returns what changed."""
        changed: list[tuple[Complaint, list[ComplaintEvent]]] = []
        for complaint, row in self.seen.values():
            first_sequence = complaint.loaded_version + 1
            events = complaint.pull_pending()
            if not events:
                continue
            clocks = complaint.clocks(now)
            await self._project(complaint, row, clocks)
            for offset, event in enumerate(events):
                self._session.add(
                    ComplaintEventRow(
                        complaint_id=complaint.id,
                        sequence=first_sequence + offset,
                        event_type=event_type(event),
                        data=event_to_dict(event),
                        actor=event.actor,
                        occurred_at=event.occurred_at,
                        request_id=context.request_id,
                        client_ip=context.client_ip,
                    )
                )
            changed.append((complaint, events))
        return changed

    async def _project(self, complaint: Complaint, row: ComplaintRow | None, clocks: list[ClockView]) -> None:
        new = row is None
        if row is None:
            row = ComplaintRow(id=complaint.id)
            self._session.add(row)
        else:
            await self._session.execute(delete(ClockRow).where(ClockRow.complaint_id == complaint.id))
        row.number = complaint.number
        row.branch_id = complaint.branch_id
        row.status = complaint.status.value
        row.nature = complaint.nature.value
        row.category = complaint.category.value
        row.channel = complaint.channel.value
        row.severity = complaint.severity.value
        row.target_department = complaint.target.department
        row.compensation_involved = complaint.compensation_involved
        row.received_at = complaint.received_at
        row.updated_at = complaint.updated_at
        row.closed_at = complaint.updated_at if complaint.status.value == "closed" else None
        row.breached = any(c.state is ClockState.BREACHED for c in clocks)
        row.filed_by = complaint.filed_by
        # An UPDATE checks the loaded version (optimistic lock): a concurrent change fails.
        row.version = complaint.version
        if new:
            # Rows without ORM relationships are not ordered by foreign key: the case goes first.
            await self._session.flush()
        for clock in clocks:
            self._session.add(
                ClockRow(
                    complaint_id=complaint.id,
                    kind=clock.kind.value,
                    rule_id=clock.rule_id,
                    branch_id=complaint.branch_id,
                    state=clock.state.value,
                    started_at=clock.started_at,
                    deadline_at=clock.deadline_at,
                    paused_at=clock.paused_at,
                    paused_seconds=int(clock.paused_total.total_seconds()),
                    settled_at=clock.settled_at,
                )
            )
