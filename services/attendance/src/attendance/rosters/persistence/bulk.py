"""A branch's roster days of a period in one read (the month close's and the weekly
review's batch read; ``attendance.month.app.ports.RosterMonth``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.month.domain.days import RosteredDay
from attendance.punches.domain.engine import Shift
from attendance.rosters.persistence.rows import RosterDayRow

_R = RosterDayRow.__table__.c


class BulkRosterReader:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def roster_days(
        self, branch_id: str, first: date, last: date, employee_ids: Sequence[str] | None = None
    ) -> list[RosteredDay]:
        doc = _R.document
        query = select(
            _R.employee_id,
            _R.day,
            doc["shift_start"].as_string().cast(String),
            doc["shift_end"].as_string().cast(String),
            doc["rest_day"].as_boolean(),
            _R.department_id,
        ).where(
            _R.branch_id == branch_id, _R.day >= first.isoformat(), _R.day <= last.isoformat(), _R.cleared.is_(False)
        )
        if employee_ids is not None:
            query = query.where(_R.employee_id.in_(list(employee_ids)))
        shifts: dict[tuple[str, str], Shift] = {}
        out = []
        async with self._sessions() as session:
            for employee_id, day, start, end, rest, department_id in await session.execute(query):
                shift = None
                if not rest:
                    shift = shifts.get((start, end))
                    if shift is None:
                        shift = shifts[(start, end)] = Shift.parse(start, end)
                out.append(
                    RosteredDay(
                        employee_id=employee_id,
                        day=date.fromisoformat(day),
                        shift=shift,
                        department_id=department_id or "",
                    )
                )
        return out

    async def branches(self, first: date, last: date) -> list[str]:
        query = (
            select(_R.branch_id)
            .where(_R.day >= first.isoformat(), _R.day <= last.isoformat(), _R.cleared.is_(False))
            .distinct()
            .order_by(_R.branch_id)
        )
        async with self._sessions() as session:
            return [r[0] for r in await session.execute(query)]
