"""The fault gauges from the database, so every replica reports the same numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from aftersales.faults.persistence.rows import FaultCaseRow
from aftersales.observability import FAULTS_BY_STATE


async def refresh_fault_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(FaultCaseRow.branch_id, FaultCaseRow.state, func.count()).group_by(
                    FaultCaseRow.branch_id, FaultCaseRow.state
                )
            )
        ).all()
    FAULTS_BY_STATE.clear()
    for branch, state, count in rows:
        FAULTS_BY_STATE.labels(branch, state).set(count)
