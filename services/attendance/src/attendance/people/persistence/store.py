"""People writes, on a synchronous ``Session``: the HR consumer's transaction is one (the
kit's runner claims the event id in it), and the API's imports run them in theirs through
``AsyncSession.run_sync``, so both paths write the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from attendance.domain.people import Assignment, Employee, Grade
from attendance.people.domain.model import Department, Leave, Move, Placement, first_placement
from attendance.people.persistence.rows import DepartmentRow, EmployeeRow, PlacementRow
from cskit.domain import InvalidInput, NotFound
from cskit.domain.actor import BranchScope

DEPARTMENTS: Table = DepartmentRow.__table__  # type: ignore[assignment]
EMPLOYEES: Table = EmployeeRow.__table__  # type: ignore[assignment]
PLACEMENTS: Table = PlacementRow.__table__  # type: ignore[assignment]
T = TypeVar("T")


def _upsert(session: Session, table: Table, row: Mapping[str, Any], keys: Iterable[str]) -> None:
    keys = list(keys)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table).values(**row)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in row if c not in keys})
    session.execute(stmt)


def employee_not_found(employee_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's" (PLT-01).
    return NotFound(f"employee {employee_id} not found", code="employee_not_found")


class SqlPeople:
    """Master-data writes within ``scope`` (HR's events: the system scope)."""

    def __init__(self, session: Session, scope: BranchScope) -> None:
        self._session = session
        self._scope = scope

    def branches_of(self, employee_ids: Iterable[str]) -> dict[str, str]:
        """Every listed employee that exists, in any branch: an id is company-wide."""
        ids = list(set(employee_ids))
        if not ids:
            return {}
        found = self._session.execute(select(EMPLOYEES.c.id, EMPLOYEES.c.branch_id).where(EMPLOYEES.c.id.in_(ids)))
        return {row.id: row.branch_id for row in found}

    def departments_of(self, department_ids: Iterable[str]) -> dict[str, str]:
        ids = list(set(department_ids))
        if not ids:
            return {}
        found = self._session.execute(
            select(DEPARTMENTS.c.id, DEPARTMENTS.c.branch_id).where(DEPARTMENTS.c.id.in_(ids))
        )
        return {row.id: row.branch_id for row in found if self._scope.allows(row.branch_id)}

    def upsert_department(self, department: Department, now: datetime) -> None:
        self._require_branch(department.branch_id)
        owner = self._session.execute(
            select(DEPARTMENTS.c.branch_id).where(DEPARTMENTS.c.id == department.id)
        ).scalar_one_or_none()
        if owner is not None and owner != department.branch_id:
            raise InvalidInput.on("id", "a department of another branch has this id")
        _upsert(
            self._session,
            DEPARTMENTS,
            {
                "id": department.id,
                "branch_id": department.branch_id,
                "name": department.name,
                "head_employee_id": department.head_employee_id,
                "updated_at": now,
            },
            ["id"],
        )

    def join(
        self, employee: Employee, now: datetime, *, effective: date | None = None, keep_leaving: bool = False
    ) -> None:
        """An employee's master data, and their placement from ``effective`` (default: hire date).
        HR's joiner is a (re-)hire and clears a leaving; an import (``keep_leaving``) keeps it."""
        self._require_branch(employee.branch_id)
        owner = self.branches_of([employee.id]).get(employee.id)
        if owner is not None and owner != employee.branch_id and not self._scope.allows(owner):
            raise employee_not_found(employee.id)
        row: dict[str, Any] = {
            "id": employee.id,
            "branch_id": employee.branch_id,
            "name": employee.name,
            "hire_date": employee.hire_date,
            "probation_end": employee.probation_end,
            "customer_service": employee.customer_service,
            "updated_at": now,
        }
        if not keep_leaving:
            row |= {"left_on": employee.left_on, "left_reason": ""}
        _upsert(self._session, EMPLOYEES, row, ["id"])
        self._place(first_placement(employee, effective))

    def move(self, move: Move, now: datetime) -> Placement:
        """The placement from the move's date: the one in force then, changed as the move says."""
        branch = self._branch_of(move.employee_id)
        if branch != move.branch_id:
            raise InvalidInput.on("branch_id", "is not the employee's branch")
        before = self._placement_on(move.employee_id, move.effective)
        if before is None:
            raise InvalidInput.on("effective", "is before the employee's first placement (hire date)")
        placed = move.placed(before)
        self._place(placed)
        self._session.execute(EMPLOYEES.update().where(EMPLOYEES.c.id == move.employee_id).values(updated_at=now))
        return placed

    def leave(self, leave: Leave, now: datetime) -> None:
        if self._branch_of(leave.employee_id) != leave.branch_id:
            raise InvalidInput.on("branch_id", "is not the employee's branch")
        self._session.execute(
            EMPLOYEES.update()
            .where(EMPLOYEES.c.id == leave.employee_id)
            .values(left_on=leave.last_day, left_reason=leave.reason, updated_at=now)
        )

    def _require_branch(self, branch_id: str) -> None:
        if not self._scope.allows(branch_id):
            raise InvalidInput.on("branch_id", "outside the caller's branches")

    def _branch_of(self, employee_id: str) -> str:
        branch = self.branches_of([employee_id]).get(employee_id)
        if branch is None or not self._scope.allows(branch):
            raise employee_not_found(employee_id)
        return branch

    def _placement_on(self, employee_id: str, day: date) -> Placement | None:
        row = self._session.execute(
            select(PLACEMENTS)
            .where(PLACEMENTS.c.employee_id == employee_id, PLACEMENTS.c.effective <= day)
            .order_by(PLACEMENTS.c.effective.desc())
            .limit(1)
        ).first()
        return None if row is None else placement_of(row)

    def _place(self, placement: Placement) -> None:
        a = placement.assignment
        _upsert(
            self._session,
            PLACEMENTS,
            {
                "employee_id": a.employee_id,
                "effective": a.effective,
                "department_id": a.department_id,
                "post": a.post,
                "grade": int(placement.grade),
                "manager_id": placement.manager_id,
            },
            ["employee_id", "effective"],
        )


def placement_of(row: Any) -> Placement:
    return Placement(
        assignment=Assignment(
            employee_id=row.employee_id, department_id=row.department_id, post=row.post, effective=row.effective
        ),
        grade=Grade(row.grade),
        manager_id=row.manager_id,
    )


class SqlPeopleTransactions:
    """``PeopleTransactions`` on the service's sessions: the work runs on the synchronous face
    of an ``AsyncSession`` (``run_sync``), the same code the HR consumer runs."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __call__(self, scope: BranchScope, work: Callable[[SqlPeople], T]) -> T:
        async with self._sessions() as session, session.begin():
            return await session.run_sync(lambda sync: work(SqlPeople(sync, scope)))
