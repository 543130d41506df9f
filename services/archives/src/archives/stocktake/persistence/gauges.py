"""The stock-take discrepancies gauge from the database (ARC-10), so every replica reports the
same numbers: the records a stock-take reported missing and not found since, the damaged
records awaiting repair or copying, and the latest closed session's misplaced, unknown and
lent-yet-on-the-shelf lines, by branch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from archives.observability import STOCKTAKE_DISCREPANCIES
from archives.records.persistence.rows import RecordRow
from archives.stocktake.persistence.rows import StocktakeRow

_REF = RecordRow.document["ref"].as_string()
_CONDITION = RecordRow.document["condition"].as_string()


async def refresh_stocktake_gauges(engine: AsyncEngine, now: datetime) -> None:
    r, s = RecordRow, StocktakeRow
    async with engine.connect() as conn:
        missing = (
            await conn.execute(
                select(r.branch_id, func.count())
                .where(r.state == "missing", _REF.in_(select(s.id)))
                .group_by(r.branch_id)
            )
        ).all()
        damaged = (
            await conn.execute(
                select(r.branch_id, func.count())
                .where(r.state.in_(("on_shelf", "lent", "awaiting_original")), _CONDITION == "damaged")
                .group_by(r.branch_id)
            )
        ).all()
        latest = (
            select(s.branch_id, func.max(s.closed_at).label("at")).where(s.status == "closed").group_by(s.branch_id)
        ).subquery()
        closed = (
            await conn.execute(
                select(s.branch_id, s.misplaced, s.unknown, s.lent_on_shelf).join(
                    latest, (latest.c.branch_id == s.branch_id) & (latest.c.at == s.closed_at)
                )
            )
        ).all()
    STOCKTAKE_DISCREPANCIES.clear()
    for branch, count in missing:
        STOCKTAKE_DISCREPANCIES.labels(branch, "missing").set(count)
    for branch, count in damaged:
        STOCKTAKE_DISCREPANCIES.labels(branch, "damaged").set(count)
    for branch, misplaced, unknown, lent in closed:
        STOCKTAKE_DISCREPANCIES.labels(branch, "misplaced").set(misplaced)
        STOCKTAKE_DISCREPANCIES.labels(branch, "unknown").set(unknown)
        STOCKTAKE_DISCREPANCIES.labels(branch, "lent_on_shelf").set(lent)
