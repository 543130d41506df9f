"""The accountability read side: every query takes the caller's branch scope (PLT-01)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaints.intake.app.ports import HistoryItem, Page
from complaints.penalties.app.ports import CaseAccountabilityView
from complaints.penalties.domain.accountability import CaseAccountability
from complaints.penalties.domain.ledger import PersonLedger
from complaints.penalties.domain.sanctions import Sanction
from complaints.penalties.domain.values import SanctionStatus
from complaints.penalties.persistence import rows as tables
from complaints.penalties.persistence.repository import ledger_from, penalty_from, responsibility_from, sanction_from
from complaints.persistence.rows import ComplaintRow
from complaints.persistence.streams import not_found
from cskit.db.keyset import Keyset
from cskit.domain import BranchScope, NotFound
from cskit.pagination import PageTokens, page_size

MAX_PENALTIES_PER_CASE = 500
NEWEST_FIRST = Keyset("sanctions", tables.SanctionRow.proposed_at, tables.SanctionRow.id, newest_first=True)


class SqlAccountabilityReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        self._sessions = sessions
        self._tokens = tokens

    async def _visible_case(self, session: AsyncSession, complaint_id: str, scope: BranchScope) -> ComplaintRow:
        row = await session.get(ComplaintRow, complaint_id)
        if row is None or not scope.allows(row.branch_id):
            raise not_found(complaint_id)
        return row

    async def case_view(self, complaint_id: str, scope: BranchScope) -> CaseAccountabilityView:
        async with self._sessions() as session:
            case = await self._visible_case(session, complaint_id, scope)
            record = CaseAccountability(case.id, case.branch_id)
            if (row := await session.get(tables.ResponsibilityRow, complaint_id)) is not None:
                record.responsibility, record.version = responsibility_from(row), row.version
            penalties = await session.scalars(
                select(tables.PenaltyRow)
                .where(tables.PenaltyRow.complaint_id == complaint_id)
                .order_by(tables.PenaltyRow.assessed_at, tables.PenaltyRow.id)
                .limit(MAX_PENALTIES_PER_CASE)
            )
            sanctions = await session.scalars(
                select(tables.SanctionRow)
                .where(tables.SanctionRow.complaint_id == complaint_id)
                .order_by(tables.SanctionRow.proposed_at, tables.SanctionRow.id)
            )
            return CaseAccountabilityView(
                record, [penalty_from(p) for p in penalties], [sanction_from(s) for s in sanctions]
            )

    async def ledger(self, person_id: str, scope: BranchScope) -> PersonLedger:
        async with self._sessions() as session:
            row = await session.get(tables.PersonLedgerRow, person_id)
            if row is None or not scope.allows(row.branch_id):
                raise NotFound(f"no ledger for {person_id}", code="ledger_not_found")
            months = await session.scalars(
                select(tables.LedgerMonthRow)
                .where(tables.LedgerMonthRow.person_id == person_id)
                .order_by(tables.LedgerMonthRow.month)
            )
            return ledger_from(row, list(months))

    async def sanctions(
        self, scope: BranchScope, complaint_id: str, status: SanctionStatus, page: Page
    ) -> tuple[Sequence[Sanction], str]:
        stmt = select(tables.SanctionRow)
        if scope.branches is not None:
            stmt = stmt.where(tables.SanctionRow.branch_id.in_(scope.branches))
        if complaint_id:
            stmt = stmt.where(tables.SanctionRow.complaint_id == complaint_id)
        if status is not SanctionStatus.UNSPECIFIED:
            stmt = stmt.where(tables.SanctionRow.status == status.value)
        pager = NEWEST_FIRST.page(stmt, page.size, page.token, self._tokens)
        async with self._sessions() as session:
            rows, token = await pager.fetch(session, scalars=True)
        return [sanction_from(r) for r in rows], token

    async def audit(self, complaint_id: str, scope: BranchScope, page: Page) -> tuple[Sequence[HistoryItem], str]:
        size = page_size(page.size)
        after = self._tokens.after_sequence(page.token, "accountability_audit")
        async with self._sessions() as session:
            await self._visible_case(session, complaint_id, scope)
            rows = list(
                await session.scalars(
                    select(tables.AccountabilityAuditRow)
                    .where(
                        tables.AccountabilityAuditRow.complaint_id == complaint_id,
                        tables.AccountabilityAuditRow.id > after,
                    )
                    .order_by(tables.AccountabilityAuditRow.id)
                    .limit(size + 1)
                )
            )
        more = len(rows) > size
        items = [
            HistoryItem(
                sequence=r.id,
                event_type=r.event_type,
                actor=r.actor,
                occurred_at=r.occurred_at,
                details={k: v for k, v in r.data.items() if k not in ("actor", "occurred_at")},
            )
            for r in rows[:size]
        ]
        return items, self._tokens.encode("accountability_audit", [items[-1].sequence]) if more else ""
