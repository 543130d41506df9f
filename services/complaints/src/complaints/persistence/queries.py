"""The read side: every query is filtered by the caller's branch scope (PLT-01)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from complaints.app.ports import ComplaintFilter, HistoryItem, Page
from complaints.domain.model import Complaint
from complaints.domain.values import Channel, Nature, Severity
from complaints.persistence.history import history_page
from complaints.persistence.repository import load_histories, not_found
from complaints.persistence.rows import ComplaintEventRow, ComplaintRow
from cskit.domain import BranchScope
from cskit.pagination import PageTokens, page_size


def _scoped(stmt: Select[ComplaintRow], scope: BranchScope) -> Select[ComplaintRow]:
    if scope.branches is None:
        return stmt
    return stmt.where(ComplaintRow.branch_id.in_(scope.branches))


class SqlComplaintReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine, *, tokens: PageTokens) -> None:
        self._sessions = sessions
        self._engine = engine
        self._tokens = tokens

    async def get(self, complaint_id: str, scope: BranchScope) -> Complaint:
        async with self._engine.connect() as conn:
            history = (await load_histories(conn, [complaint_id], scope)).get(complaint_id)
        if history is None:
            raise not_found(complaint_id)
        return Complaint.rebuild(history)

    async def list(self, scope: BranchScope, query: ComplaintFilter, page: Page) -> tuple[Sequence[Complaint], str]:
        size = page_size(page.size)
        stmt = _scoped(select(ComplaintRow), scope)
        if query.branch_id:
            stmt = stmt.where(ComplaintRow.branch_id == query.branch_id)
        if query.statuses:
            stmt = stmt.where(ComplaintRow.status.in_([s.value for s in query.statuses]))
        if query.nature is not Nature.UNSPECIFIED:
            stmt = stmt.where(ComplaintRow.nature == query.nature.value)
        if query.channel is not Channel.UNSPECIFIED:
            stmt = stmt.where(ComplaintRow.channel == query.channel.value)
        if query.severity is not Severity.UNSPECIFIED:
            stmt = stmt.where(ComplaintRow.severity == query.severity.value)
        if query.received_from is not None:
            stmt = stmt.where(ComplaintRow.received_at >= query.received_from)
        if query.received_to is not None:
            stmt = stmt.where(ComplaintRow.received_at < query.received_to)
        if query.breached_only:
            stmt = stmt.where(ComplaintRow.breached.is_(True))
        if (cursor := self._tokens.after_key(page.token, "complaints")) is not None:
            at, last_id = cursor
            stmt = stmt.where(
                or_(ComplaintRow.received_at < at, and_(ComplaintRow.received_at == at, ComplaintRow.id < last_id))
            )
        stmt = stmt.order_by(ComplaintRow.received_at.desc(), ComplaintRow.id.desc()).limit(size + 1)
        async with self._sessions() as session:
            rows = list(await session.scalars(stmt))
            more = len(rows) > size
            rows = rows[:size]
            histories = await load_histories(session, [r.id for r in rows], scope)
        token = self._tokens.encode("complaints", [rows[-1].received_at, rows[-1].id]) if more else ""
        return [Complaint.rebuild(histories[r.id]) for r in rows], token

    async def history(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]:
        async with self._sessions() as session:
            row = await session.get(ComplaintRow, complaint_id)
            if row is None or not scope.allows(row.branch_id):
                raise not_found(complaint_id)
            return await history_page(
                session, ComplaintEventRow, ComplaintEventRow.complaint_id, complaint_id, page, self._tokens
            )
