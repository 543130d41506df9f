"""The work-order gauges from the database, so every replica reports the same complete numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from aftersales.observability import ORDERS_BY_STATE
from aftersales.orders.persistence.rows import WorkOrderRow


async def refresh_order_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(WorkOrderRow.branch_id, WorkOrderRow.state, func.count()).group_by(
                    WorkOrderRow.branch_id, WorkOrderRow.state
                )
            )
        ).all()
    ORDERS_BY_STATE.clear()  # a state a branch no longer has drops to nothing
    for branch, state, count in rows:
        ORDERS_BY_STATE.labels(branch, state).set(count)
