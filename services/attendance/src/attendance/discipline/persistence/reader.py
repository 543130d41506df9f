"""Discipline reads: a branch-month's sheet, and the approved scores the month close's payroll
record carries (``ScoreFacts``, ATT-12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.discipline.domain.model import ScoreSheet, SheetStatus
from attendance.discipline.persistence.rows import ScoreSheetRow
from attendance.discipline.persistence.store import sheet_not_found
from cskit.domain.actor import BranchScope


class SqlDisciplineReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def sheet(self, scope: BranchScope, branch_id: str, month: date) -> ScoreSheet | None:
        """The branch's sheet of the month; None when none is drafted or the branch is out of scope."""
        if not scope.allows(branch_id):
            return None
        async with self._sessions() as session:
            found = (
                await session.execute(
                    select(ScoreSheetRow.document, ScoreSheetRow.version).where(
                        ScoreSheetRow.branch_id == branch_id, ScoreSheetRow.month == f"{month:%Y-%m}"
                    )
                )
            ).one_or_none()
        return None if found is None else ScoreSheet.from_document(found[0], found[1])

    async def existing_sheet(self, scope: BranchScope, branch_id: str, month: date) -> ScoreSheet:
        sheet = await self.sheet(scope, branch_id, month)
        if sheet is None:
            raise sheet_not_found(f"{branch_id}/{month:%Y-%m}")
        return sheet

    async def scores(self, scope: BranchScope, month: date) -> dict[str, Decimal]:
        """ScoreFacts: the approved score per employee of the month in the scope's branches;
        an employee on no approved sheet is absent (the month close says "not approved")."""
        stmt = select(ScoreSheetRow.document, ScoreSheetRow.version).where(
            ScoreSheetRow.month == f"{month:%Y-%m}", ScoreSheetRow.status == SheetStatus.APPROVED.value
        )
        if scope.branches is not None:
            stmt = stmt.where(ScoreSheetRow.branch_id.in_(sorted(scope.branches)))
        async with self._sessions() as session:
            rows = (await session.execute(stmt)).all()
        found: dict[str, Decimal] = {}
        for document, version in rows:
            for line in ScoreSheet.from_document(document, version).lines:
                found[line.employee_id] = line.score
        return found
