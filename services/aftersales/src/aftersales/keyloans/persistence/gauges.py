"""The repair-key gauge from the database, so every replica reports the same complete number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from aftersales.domain.kinds import KeyLoan
from aftersales.observability import ORDERS_WITH_KEY_OUT
from aftersales.orders.persistence.rows import WorkOrderRow

OUT = [k.value for k in KeyLoan if k.out]


async def refresh_key_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(WorkOrderRow.branch_id, func.count())
                .where(WorkOrderRow.key_loan.in_(OUT))
                .group_by(WorkOrderRow.branch_id)
            )
        ).all()
    ORDERS_WITH_KEY_OUT.clear()  # a branch whose keys are all back drops to nothing
    for branch, count in rows:
        ORDERS_WITH_KEY_OUT.labels(branch).set(count)
