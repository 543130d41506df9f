"""The read side of complaints: every query is filtered by the caller's branch scope (PLT-01)
and answers from the read-model documents; none replays a history."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.domain.values import Channel, Nature, Severity
from complaints.intake.app.ports import ComplaintFilter, ListOrder, Page
from complaints.intake.domain.events import ComplaintEvent
from complaints.intake.domain.model import Complaint
from complaints.persistence.rows import ComplaintRow
from complaints.persistence.streams import COMPLAINTS
from complaints.workflow.domain.values import ApprovalStep
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope
from cskit.eventstore import StreamReader
from cskit.pagination import PageTokens

NEWEST_FIRST = Keyset("complaints", ComplaintRow.received_at, ComplaintRow.id, newest_first=True)
NEXT_DEADLINE_FIRST = Keyset("complaints-by-deadline", ComplaintRow.next_deadline_at, ComplaintRow.id)
REPORTS_NEWEST_FIRST = Keyset("investigation-reports", ComplaintRow.received_at, ComplaintRow.id, newest_first=True)


def _filters(query: ComplaintFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.branch_id:
        where.append(ComplaintRow.branch_id == query.branch_id)
    if query.statuses:
        where.append(ComplaintRow.status.in_([s.value for s in query.statuses]))
    if query.nature is not Nature.UNSPECIFIED:
        where.append(ComplaintRow.nature == query.nature.value)
    if query.channel is not Channel.UNSPECIFIED:
        where.append(ComplaintRow.channel == query.channel.value)
    if query.severity is not Severity.UNSPECIFIED:
        where.append(ComplaintRow.severity == query.severity.value)
    if query.received_from is not None:
        where.append(ComplaintRow.received_at >= query.received_from)
    if query.received_to is not None:
        where.append(ComplaintRow.received_at < query.received_to)
    if query.breached_only:
        where.append(ComplaintRow.breached.is_(True))
    return where


class SqlComplaintReader(StreamReader[Complaint, ComplaintEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(COMPLAINTS, sessions, tokens=tokens)

    async def list(self, scope: BranchScope, query: ComplaintFilter, page: Page) -> tuple[Sequence[Complaint], str]:
        order = NEXT_DEADLINE_FIRST if query.order is ListOrder.NEXT_DEADLINE else NEWEST_FIRST
        return await self.documents(order, scope, page, *_filters(query))

    async def awaiting_report_approval(
        self, scope: BranchScope, step: ApprovalStep | None, page: Page
    ) -> tuple[Sequence[Complaint], str]:
        """From the projection's ``report_step`` column: no case's history is replayed."""
        due = ComplaintRow.report_step.is_not(None) if step is None else ComplaintRow.report_step == step.value
        return await self.documents(REPORTS_NEWEST_FIRST, scope, page, due)
