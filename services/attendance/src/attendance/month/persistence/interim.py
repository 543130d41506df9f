"""INTERIM providers, until the sub-domains that own these facts land (issue 11 is built in
parallel): the integrator replaces each with the real one in ``bootstrap.py``.

- ``NoFacts``: no approved leave, out-of-office records, confirmations, overtime or proxy
  findings (``LeaveFacts``, ``OutOfOfficeFacts``, ``ConfirmationFacts``, ``OvertimeFacts``,
  ``ProxyFindingFacts``).
- ``RosterDirectory``: everyone with roster days in the branch and period is a staff employee
  of department "" (``Directory``, ``BranchAssignments``: no assignments)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.domain.facts import Confirmation, LeaveDay, OutOfOffice, OvertimeDay, ProxyFinding
from attendance.domain.people import Assignment, Employee, Grade
from attendance.rosters.persistence.rows import RosterDayRow
from cskit.domain.actor import BranchScope

_R = RosterDayRow.__table__.c
_HIRED = date(1970, 1, 1)


class NoFacts:
    async def leave_days(self, scope: BranchScope, start: date, end: date) -> list[LeaveDay]:
        return []

    async def out_of_office(self, scope: BranchScope, start: datetime, end: datetime) -> list[OutOfOffice]:
        return []

    async def confirmations(self, scope: BranchScope, start: date, end: date) -> list[Confirmation]:
        return []

    async def overtime_days(self, scope: BranchScope, start: date, end: date) -> list[OvertimeDay]:
        return []

    async def proxy_findings(self, scope: BranchScope, start: date, end: date) -> list[ProxyFinding]:
        return []

    async def assignments_in(self, scope: BranchScope, start: date, end: date) -> list[Assignment]:
        return []


def _staff(employee_id: str, branch_id: str) -> Employee:
    return Employee(id=employee_id, branch_id=branch_id, department_id="", post="", grade=Grade.STAFF, hire_date=_HIRED)


class RosterDirectory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        query = (
            select(_R.employee_id, _R.branch_id)
            .where(_R.day >= start.isoformat(), _R.day <= end.isoformat(), _R.cleared.is_(False))
            .distinct()
            .order_by(_R.employee_id)
        )
        if scope.branches is not None:
            query = query.where(_R.branch_id.in_(sorted(scope.branches)))
        async with self._sessions() as session:
            return [_staff(e, b) for e, b in await session.execute(query)]

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        query = select(_R.branch_id).where(_R.employee_id == employee_id).limit(1)
        if scope.branches is not None:
            query = query.where(_R.branch_id.in_(sorted(scope.branches)))
        async with self._sessions() as session:
            branch = await session.scalar(query)
        return None if branch is None else _staff(employee_id, branch)

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        return []

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        return []
