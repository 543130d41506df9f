"""What the leave handlers need, as Protocols; bootstrap picks the adapters (SQL, or in-memory
ones in unit tests)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from attendance.leave.domain.kinds import LeaveKind
from attendance.leave.domain.model import LeaveRequest
from cskit.calls import Call, OnceUnitOfWork
from cskit.domain.actor import BranchScope


class LeaveRepository(Protocol):
    async def get(self, record_id: str) -> LeaveRequest:
        """The leave, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: LeaveRequest) -> None: ...


class LeavesUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def leaves(self) -> LeaveRepository: ...


class LeavesUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> LeavesUnitOfWork: ...


class LeaveHistory(Protocol):
    """The employee's leaves that still count (pending, approved, or taken before a cancel)."""

    async def counting(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[LeaveRequest]:
        """Those with a date in start..end (both included)."""
        ...

    async def for_occasion(
        self, scope: BranchScope, employee_id: str, kind: LeaveKind, event_day: date
    ) -> list[LeaveRequest]:
        """Those of ``kind`` for the same marriage, birth or death."""
        ...


class RosteredDays(Protocol):
    async def rostered(self, scope: BranchScope, employee_id: str, start: date, end: date) -> dict[date, bool]:
        """The dates start..end the employee has a roster for: True a shift, False a rest day."""
        ...
