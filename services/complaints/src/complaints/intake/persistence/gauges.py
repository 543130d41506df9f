"""Case gauges from the database: what is open and which clocks run, per branch.

Computed by query rather than kept in memory so that every replica reports the same,
complete numbers (dashboards take max() across replicas).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from complaints.observability import CLOCKS_RUNNING, OPEN_CASES
from complaints.persistence.rows import ClockRow, ComplaintRow


async def refresh_case_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        open_rows = (
            await conn.execute(
                select(ComplaintRow.branch_id, ComplaintRow.status, func.count())
                .where(ComplaintRow.status != "closed")
                .group_by(ComplaintRow.branch_id, ComplaintRow.status)
            )
        ).all()
        overdue = ClockRow.deadline_at < now
        clock_rows = (
            await conn.execute(
                select(ClockRow.kind, ClockRow.branch_id, overdue, func.count())
                .where(ClockRow.state == "running")
                .group_by(ClockRow.kind, ClockRow.branch_id, overdue)
            )
        ).all()
    # Clear first: a branch whose last case closed must drop to nothing, not keep its old value.
    OPEN_CASES.clear()
    for branch, status, count in open_rows:
        OPEN_CASES.labels(branch, status).set(count)
    CLOCKS_RUNNING.clear()
    for kind, branch, is_overdue, count in clock_rows:
        CLOCKS_RUNNING.labels(kind, branch, "true" if is_overdue else "false").set(count)
