"""The read side of complaints: every query is filtered by the caller's branch scope (PLT-01)
and answers from the read-model documents; none replays a history."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.domain.values import Channel, Nature, Severity
from complaints.intake.app.ports import ComplaintFilter, HistoryItem, Page
from complaints.intake.domain.model import Complaint
from complaints.persistence.rows import ComplaintRow
from complaints.persistence.streams import COMPLAINTS, history_items
from cskit.domain import BranchScope
from cskit.pagination import PageTokens, page_size


def _filtered(stmt: Select[tuple[object, ...]], query: ComplaintFilter) -> Select[tuple[object, ...]]:
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
    return stmt


class SqlComplaintReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        self._sessions = sessions
        self._tokens = tokens

    async def get(self, complaint_id: str, scope: BranchScope) -> Complaint:
        async with self._sessions() as session:
            return await COMPLAINTS.read(session, complaint_id, scope)

    async def list(self, scope: BranchScope, query: ComplaintFilter, page: Page) -> tuple[Sequence[Complaint], str]:
        size = page_size(page.size)
        stmt: Select[tuple[object, ...]] = select(
            ComplaintRow.document, ComplaintRow.version, ComplaintRow.received_at, ComplaintRow.id
        )
        if (where := COMPLAINTS.visible(scope)) is not None:
            stmt = stmt.where(where)
        stmt = _filtered(stmt, query)
        if (cursor := self._tokens.after_key(page.token, "complaints")) is not None:
            at, last_id = cursor
            stmt = stmt.where(
                or_(ComplaintRow.received_at < at, and_(ComplaintRow.received_at == at, ComplaintRow.id < last_id))
            )
        stmt = stmt.order_by(ComplaintRow.received_at.desc(), ComplaintRow.id.desc()).limit(size + 1)
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        more = len(rows) > size
        rows = rows[:size]
        token = self._tokens.encode("complaints", [rows[-1].received_at, rows[-1].id]) if more else ""
        return [Complaint.from_document(r.document, r.version) for r in rows], token

    async def history(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]:
        async with self._sessions() as session:
            entries, token = await COMPLAINTS.history_page(
                session, complaint_id, scope, page.size, page.token, self._tokens
            )
        return history_items(entries), token
