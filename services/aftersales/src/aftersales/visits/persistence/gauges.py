"""The visits' gauges from the database, so every replica reports the same complete numbers:
return visits open and overdue by branch (AFS-06), this month's owner-visit shortfall per site (AFS-12)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from aftersales.observability import OWNER_VISIT_SHORTFALL, RETURN_VISITS_DUE, RETURN_VISITS_OVERDUE
from aftersales.visits.domain.policy import VisitsPolicy
from aftersales.visits.persistence.rows import OwnerVisitMonthRow, ReturnVisitRow, SiteRow


def visit_gauges(policy: VisitsPolicy) -> Callable[[AsyncEngine, datetime], Awaitable[None]]:
    async def refresh(engine: AsyncEngine, now: datetime) -> None:
        month = policy.month_of(now)
        async with engine.connect() as conn:
            visits = (
                await conn.execute(
                    select(
                        ReturnVisitRow.branch_id,
                        func.count().filter(ReturnVisitRow.due_at > now),
                        func.count().filter(ReturnVisitRow.due_at <= now),
                    )
                    .where(ReturnVisitRow.state == "open")
                    .group_by(ReturnVisitRow.branch_id)
                )
            ).all()
            sites = (
                await conn.execute(
                    select(SiteRow.branch_id, SiteRow.id, SiteRow.households, OwnerVisitMonthRow.visited).outerjoin(
                        OwnerVisitMonthRow,
                        (OwnerVisitMonthRow.site_id == SiteRow.id) & (OwnerVisitMonthRow.month == month),
                    )
                )
            ).all()
        RETURN_VISITS_DUE.clear()
        RETURN_VISITS_OVERDUE.clear()
        for branch, due, overdue in visits:
            RETURN_VISITS_DUE.labels(branch).set(due)
            RETURN_VISITS_OVERDUE.labels(branch).set(overdue)
        OWNER_VISIT_SHORTFALL.clear()
        for branch, site, households, visited in sites:
            OWNER_VISIT_SHORTFALL.labels(branch, site).set(
                max(0, policy.owner_visit_target(households) - (visited or 0))
            )

    return refresh
