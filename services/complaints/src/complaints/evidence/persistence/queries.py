"""The evidence read side: every query is filtered by the caller's branch scope (PLT-01)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.evidence.domain.model import Evidence, EvidenceKind
from complaints.evidence.persistence.repository import evidence_not_found, evidence_of
from complaints.evidence.persistence.rows import EvidenceRow
from complaints.intake.app.ports import Page
from complaints.persistence.rows import ComplaintRow
from complaints.persistence.streams import not_found
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope
from cskit.pagination import PageTokens

OLDEST_FIRST = Keyset("evidence", EvidenceRow.attached_at, EvidenceRow.id)


class SqlEvidenceReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        self._sessions = sessions
        self._tokens = tokens

    async def list(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[Evidence], str]:
        stmt = select(EvidenceRow).where(EvidenceRow.complaint_id == complaint_id)
        pager = OLDEST_FIRST.page(stmt, page.size, page.token, self._tokens)
        async with self._sessions() as session:
            branch = await session.scalar(select(ComplaintRow.branch_id).where(ComplaintRow.id == complaint_id))
            if branch is None or not scope.allows(branch):
                raise not_found(complaint_id)
            rows, token = await pager.fetch(session, scalars=True)
        return [evidence_of(r) for r in rows], token

    async def get(self, complaint_id: str, evidence_id: str, scope: BranchScope) -> Evidence:
        async with self._sessions() as session:
            row = await session.get(EvidenceRow, evidence_id)
        if row is None or row.complaint_id != complaint_id or not scope.allows(row.branch_id):
            raise evidence_not_found(evidence_id)
        return evidence_of(row)

    async def site_photos(self, complaint_id: str) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(EvidenceRow)
                .where(EvidenceRow.complaint_id == complaint_id, EvidenceRow.kind == EvidenceKind.SITE_PHOTO.value)
            )
        return int(count or 0)
