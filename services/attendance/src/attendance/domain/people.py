"""Employees as every attendance sub-domain sees them (issue 11, item 1).

HR's master data (the ``people`` sub-domain keeps it from HR's events and bulk imports) is
the one source of an employee's grade, department and line manager: approvals (LV-01, OT-01,
ATT-07, HO-03) check the approver's *employee record*, not only the caller token's roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Protocol

from cskit.domain.actor import BranchScope


class Grade(IntEnum):
    """staff < supervisor < manager < director (RULES.md, Attendance: People)."""

    STAFF = 1
    SUPERVISOR = 2
    MANAGER = 3
    DIRECTOR = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class Employee:
    id: str
    branch_id: str
    department_id: str
    # The post (岗位) held; a change of post or department is a transfer (ATT-09).
    post: str
    grade: Grade
    hire_date: date
    # The last day of probation; None: no probation.
    probation_end: date | None = None
    # The direct line manager's employee id; None at the top of the chain.
    manager_id: str | None = None
    # Customer-service staff: the stricter leave timing (LV-02) and the discipline score (ATT-12).
    customer_service: bool = True
    # The last day employed; None while employed.
    left_on: date | None = None
    name: str = ""

    def employed_on(self, day: date) -> bool:
        return self.hire_date <= day and (self.left_on is None or day <= self.left_on)

    def past_probation_on(self, day: date) -> bool:
        return self.probation_end is None or day > self.probation_end


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment:
    """Where an employee works from ``effective`` on (ATT-09: the new department's roster)."""

    employee_id: str
    department_id: str
    post: str
    effective: date


class Directory(Protocol):
    """Employees of the scope's branch(es). Implemented by the ``people`` sub-domain."""

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None: ...

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        """The employee's line managers, nearest first (empty at the top of the chain)."""
        ...

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        """The assignments in force on any day of start..end (both included), by ``effective``:
        the one in force on ``start`` first."""
        ...

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        """Everyone employed on any day of start..end in the scope's branch(es), by id."""
        ...


class BranchAssignments(Protocol):
    """Every assignment in force on any day of start..end in the scope's branch(es), in one read
    (the month close's batch read, ATT-09/ATT-11). Implemented by the ``people`` sub-domain."""

    async def assignments_in(self, scope: BranchScope, start: date, end: date) -> list[Assignment]: ...
