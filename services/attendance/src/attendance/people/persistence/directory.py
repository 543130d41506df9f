"""``attendance.domain.people.Directory`` on SQL: employees of the scope's branches, as in
force on the branch-local "today" of the clock (department, post, grade and manager are
effective-dated placements); the line-manager chain; the assignments over a date range."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from attendance.domain.people import Assignment, Employee
from attendance.people.domain.model import Department, Placement
from attendance.people.persistence.store import DEPARTMENTS, EMPLOYEES, PLACEMENTS, placement_of
from cskit.domain import Clock
from cskit.domain.actor import BranchScope

# A line-manager chain longer than this is broken data (a loop HR's events made), not a company.
MAX_CHAIN = 20


def in_scope(scope: BranchScope, column: ColumnElement[str]) -> ColumnElement[bool]:
    return column.is_not(None) if scope.branches is None else column.in_(sorted(scope.branches))


class SqlDirectory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, zone: ZoneInfo) -> None:
        self._sessions = sessions
        self._clock = clock
        self._zone = zone

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        found = await self._employees(scope, [employee_id], self.today())
        return found[0] if found else None

    async def employee_on(self, scope: BranchScope, employee_id: str, day: date) -> Employee | None:
        found = await self._employees(scope, [employee_id], day)
        return found[0] if found else None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        chain: list[Employee] = []
        seen = {employee_id}
        current = await self.employee(scope, employee_id)
        while current is not None and current.manager_id and current.manager_id not in seen and len(chain) < MAX_CHAIN:
            seen.add(current.manager_id)
            current = await self.employee(scope, current.manager_id)
            if current is not None:
                chain.append(current)
        return chain

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        return [p.assignment for p in await self.placements(scope, employee_id, start, end)]

    async def placements(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Placement]:
        """The placements in force on any day of start..end: the one in force on ``start`` first."""
        p, e = PLACEMENTS.c, EMPLOYEES.c
        in_force_at_start = (
            select(func.max(p.effective)).where(p.employee_id == employee_id, p.effective <= start).scalar_subquery()
        )
        stmt = (
            select(PLACEMENTS)
            .join(EMPLOYEES, e.id == p.employee_id)
            .where(
                p.employee_id == employee_id,
                in_scope(scope, e.branch_id),
                p.effective <= end,
                or_(p.effective >= in_force_at_start, and_(in_force_at_start.is_(None), p.effective >= start)),
            )
            .order_by(p.effective)
        )
        async with self._sessions() as session:
            return [placement_of(row) for row in await session.execute(stmt)]

    async def assignments_in(self, scope: BranchScope, start: date, end: date) -> list[Assignment]:
        """Every assignment in force on any day of start..end in the scope's branches, in one
        read (``BranchAssignments``, the month close's batch): per employee the one in force on
        ``start`` and those that begin later, by employee and date."""
        p, e = PLACEMENTS.c, EMPLOYEES.c
        stmt = (
            select(PLACEMENTS)
            .join(EMPLOYEES, e.id == p.employee_id)
            .where(in_scope(scope, e.branch_id), p.effective <= end)
            .order_by(p.employee_id, p.effective)
        )
        async with self._sessions() as session:
            rows = [placement_of(row).assignment for row in await session.execute(stmt)]
        found: list[Assignment] = []
        for index, assignment in enumerate(rows):
            following = rows[index + 1] if index + 1 < len(rows) else None
            superseded = (
                following is not None
                and following.employee_id == assignment.employee_id
                and following.effective <= start
            )
            if not superseded:
                found.append(assignment)
        return found

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        e = EMPLOYEES.c
        stmt = select(e.id).where(
            in_scope(scope, e.branch_id), e.hire_date <= end, or_(e.left_on.is_(None), e.left_on >= start)
        )
        async with self._sessions() as session:
            ids = list((await session.execute(stmt.order_by(e.id))).scalars())
        return await self._employees(scope, ids, min(max(self.today(), start), end))

    async def page(self, scope: BranchScope, *, department_id: str, name: str, after: str, size: int) -> list[Employee]:
        """Employees by id after ``after`` (keyset), optionally of a department (in force today)
        and whose name contains ``name``."""
        e = EMPLOYEES.c
        stmt: Select[Any] = select(e.id).where(in_scope(scope, e.branch_id), e.id > after)
        if name:
            escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(e.name.ilike(f"%{escaped}%", escape="\\"))
        if department_id:
            p = PLACEMENTS.c
            current = (
                select(func.max(p.effective))
                .where(p.employee_id == e.id, p.effective <= self.today())
                .correlate(EMPLOYEES)
                .scalar_subquery()
            )
            stmt = stmt.where(
                select(p.employee_id)
                .where(p.employee_id == e.id, p.effective == current, p.department_id == department_id)
                .exists()
            )
        async with self._sessions() as session:
            ids = list((await session.execute(stmt.order_by(e.id).limit(size))).scalars())
        return await self._employees(scope, ids, self.today())

    async def departments(self, scope: BranchScope) -> list[Department]:
        d = DEPARTMENTS.c
        async with self._sessions() as session:
            rows = await session.execute(select(DEPARTMENTS).where(in_scope(scope, d.branch_id)).order_by(d.id))
            return [
                Department(id=r.id, branch_id=r.branch_id, name=r.name, head_employee_id=r.head_employee_id)
                for r in rows
            ]

    async def _employees(self, scope: BranchScope, ids: Sequence[str], day: date) -> list[Employee]:
        """The employees ``ids`` in scope, each with the placement in force on ``day`` (before
        their first placement: that first one)."""
        if not ids:
            return []
        e, p = EMPLOYEES.c, PLACEMENTS.c
        async with self._sessions() as session:
            people = list(
                await session.execute(
                    select(EMPLOYEES).where(e.id.in_(list(ids)), in_scope(scope, e.branch_id)).order_by(e.id)
                )
            )
            placements = list(
                await session.execute(
                    select(PLACEMENTS).where(p.employee_id.in_([r.id for r in people])).order_by(p.effective)
                )
            )
        by_employee: dict[str, list[Placement]] = {}
        for row in placements:
            by_employee.setdefault(row.employee_id, []).append(placement_of(row))
        out: list[Employee] = []
        for row in people:
            history = by_employee.get(row.id)
            if not history:
                continue  # not placed yet: not an employee the other sub-domains can use
            in_force = [x for x in history if x.assignment.effective <= day] or history[:1]
            now = in_force[-1]
            out.append(
                Employee(
                    id=row.id,
                    branch_id=row.branch_id,
                    department_id=now.assignment.department_id,
                    post=now.assignment.post,
                    grade=now.grade,
                    hire_date=row.hire_date,
                    probation_end=row.probation_end,
                    manager_id=now.manager_id,
                    customer_service=row.customer_service,
                    left_on=row.left_on,
                    name=row.name,
                )
            )
        return out

    async def department_on(self, scope: BranchScope, employee_id: str, day: date) -> str | None:
        """The department the employee is assigned to on ``day`` (the roster day records it, ATT-09)."""
        found = await self.placements(scope, employee_id, day, day)
        return found[0].assignment.department_id if found and found[0].assignment.effective <= day else None
