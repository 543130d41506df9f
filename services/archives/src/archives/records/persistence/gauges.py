"""The records gauge from the database, so every replica reports the same complete numbers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from archives.observability import RECORDS
from archives.records.persistence.rows import RecordRow


async def refresh_record_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(RecordRow.branch_id, RecordRow.state, func.count()).group_by(
                    RecordRow.branch_id, RecordRow.state
                )
            )
        ).all()
    RECORDS.clear()  # a state a branch no longer has drops to nothing
    for branch, state, count in rows:
        RECORDS.labels(branch, state).set(count)
