"""The lending gauges' refresh from the database: key sets by state, loans overdue, cases open."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from keys.discrepancies.persistence.rows import DiscrepancyRow
from keys.loans.persistence.rows import LoanRow
from keys.observability import DISCREPANCIES_OPEN, KEY_SETS, LOAN_OVERDUE_MAX, LOANS_OVERDUE
from keys.register.persistence.rows import KeySetRow


async def refresh_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        key_sets = (
            await conn.execute(
                select(KeySetRow.branch_id, KeySetRow.state, func.count()).group_by(
                    KeySetRow.branch_id, KeySetRow.state
                )
            )
        ).all()
        overdue = (
            await conn.execute(
                select(LoanRow.branch_id, func.count(), func.min(LoanRow.due_at))
                .where(LoanRow.state == "open", LoanRow.due_at < now)
                .group_by(LoanRow.branch_id)
            )
        ).all()
        cases = (
            await conn.execute(
                select(DiscrepancyRow.branch_id, func.count())
                .where(DiscrepancyRow.status == "open")
                .group_by(DiscrepancyRow.branch_id)
            )
        ).all()
    # Clear first: a branch whose last loan came back must drop to nothing, not keep its value.
    KEY_SETS.clear()
    for branch, state, count in key_sets:
        KEY_SETS.labels(branch, state).set(count)
    LOANS_OVERDUE.clear()
    LOAN_OVERDUE_MAX.clear()
    for branch, count, oldest in overdue:
        LOANS_OVERDUE.labels(branch).set(count)
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
        LOAN_OVERDUE_MAX.labels(branch).set((now - oldest).total_seconds())
    DISCREPANCIES_OPEN.clear()
    for branch, count in cases:
        DISCREPANCIES_OPEN.labels(branch).set(count)
