"""The leavers' gauge from the database: uncleared cases by branch (ARC-09)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from archives.leavers.persistence.rows import ClearanceRow
from archives.observability import LEAVERS_NOT_CLEARED


async def refresh_leaver_gauges(engine: AsyncEngine, now: datetime) -> None:
    c = ClearanceRow
    async with engine.connect() as conn:
        rows = (
            await conn.execute(select(c.branch_id, func.count()).where(c.status == "open").group_by(c.branch_id))
        ).all()
    LEAVERS_NOT_CLEARED.clear()
    for branch, count in rows:
        LEAVERS_NOT_CLEARED.labels(branch).set(count)
