"""What the roster handlers need, as Protocols; bootstrap picks the adapters (SQL, or the kit's
in-memory ones in unit tests)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from attendance.punches.domain.engine import Shift
from attendance.rosters.domain.model import RosterEntry
from cskit.calls import Call, OnceUnitOfWork
from cskit.domain.actor import BranchScope


class RosterRepository(Protocol):
    async def get(self, record_id: str) -> RosterEntry:
        """The roster day, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: RosterEntry) -> None: ...


class RostersUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def rosters(self) -> RosterRepository: ...


class DepartmentOn(Protocol):
    """The department an employee is assigned to on a date (the people sub-domain's directory)."""

    async def department_on(self, scope: BranchScope, employee_id: str, day: date) -> str | None: ...


class RostersUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> RostersUnitOfWork: ...


class ShiftHours(Protocol):
    async def hours(self, scope: BranchScope, branch_id: str, name: str) -> Shift | None:
        """The named shift's hours in the branch's register; None when it has no such shift."""
        ...
