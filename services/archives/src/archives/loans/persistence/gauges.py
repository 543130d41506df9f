"""The loans gauges from the database (ARC-07): loans out and loans overdue, by branch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from archives.loans.domain.states import OUTSTANDING
from archives.loans.persistence.rows import LoanRow
from archives.observability import LOANS_OUT, LOANS_OVERDUE

_OUT = [s.value for s in OUTSTANDING]


async def refresh_loan_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        out = (
            await conn.execute(
                select(LoanRow.branch_id, func.count()).where(LoanRow.state.in_(_OUT)).group_by(LoanRow.branch_id)
            )
        ).all()
        overdue = (
            await conn.execute(
                select(LoanRow.branch_id, func.count())
                .where(LoanRow.state.in_(_OUT), LoanRow.due_at < now)
                .group_by(LoanRow.branch_id)
            )
        ).all()
    # Clear first: a branch whose last loan came back drops to nothing, not its old value.
    LOANS_OUT.clear()
    for branch, count in out:
        LOANS_OUT.labels(branch).set(count)
    LOANS_OVERDUE.clear()
    for branch, count in overdue:
        LOANS_OVERDUE.labels(branch).set(count)
