"""The refunds' gauges from the database, so every replica reports the same numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from aftersales.observability import REFUNDS_DUE, REFUNDS_OVERDUE
from aftersales.returns.domain.states import ReturnState
from aftersales.returns.persistence.rows import ReturnCaseRow


async def refresh_return_gauges(engine: AsyncEngine, now: datetime) -> None:
    approved = ReturnCaseRow.state == ReturnState.REFUND_APPROVED.value
    async with engine.connect() as conn:
        due = (
            await conn.execute(
                select(ReturnCaseRow.branch_id, func.count()).where(approved).group_by(ReturnCaseRow.branch_id)
            )
        ).all()
        late = (
            await conn.execute(
                select(ReturnCaseRow.branch_id, func.count())
                .where(approved, ReturnCaseRow.refund_due <= now)
                .group_by(ReturnCaseRow.branch_id)
            )
        ).all()
    REFUNDS_DUE.clear()
    REFUNDS_OVERDUE.clear()
    for branch, count in due:
        REFUNDS_DUE.labels(branch).set(count)
        REFUNDS_OVERDUE.labels(branch).set(0)
    for branch, count in late:
        REFUNDS_OVERDUE.labels(branch).set(count)
