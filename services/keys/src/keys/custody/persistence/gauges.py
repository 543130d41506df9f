"""The custody gauges from the database, so every replica reports the same complete numbers
(dashboards take max() across replicas)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from keys.custody.persistence.rows import EmergencyRow
from keys.observability import EMERGENCIES_UNAPPROVED


async def refresh_custody_gauges(engine: AsyncEngine, now: datetime) -> None:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(EmergencyRow.branch_id, func.count())
                .where(EmergencyRow.approved.is_(False), EmergencyRow.approval_due_at <= now)
                .group_by(EmergencyRow.branch_id)
            )
        ).all()
    # Clear first: a branch whose last emergency got its approvals drops to nothing.
    EMERGENCIES_UNAPPROVED.clear()
    for branch, count in rows:
        EMERGENCIES_UNAPPROVED.labels(branch).set(count)
