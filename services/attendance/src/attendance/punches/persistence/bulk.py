"""A branch's punch instants of a period in one read, per employee and sorted (the month
close's batch read; ``attendance.month.app.ports.PunchMonth``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.punches.persistence.rows import PunchRow

_P = PunchRow.__table__.c


class BulkPunchReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def punch_times(
        self, branch_id: str, start: datetime, end: datetime, employee_ids: Sequence[str] | None = None
    ) -> dict[str, list[datetime]]:
        query = (
            select(_P.employee_id, _P.punched_at)
            .where(_P.branch_id == branch_id, _P.punched_at >= start, _P.punched_at < end)
            .order_by(_P.employee_id, _P.punched_at)
        )
        if employee_ids is not None:
            query = query.where(_P.employee_id.in_(list(employee_ids)))
        out: dict[str, list[datetime]] = {}
        async with self._sessions() as session:
            for employee_id, punched_at in await session.execute(query):
                moment = punched_at if punched_at.tzinfo else punched_at.replace(tzinfo=UTC)
                out.setdefault(employee_id, []).append(moment)
        return out
