"""Employees, a calendar and in-memory adapters for the leave tests (no database)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from attendance.domain.people import Employee, Grade
from attendance.leave.domain.counting import Scheduled
from attendance.leave.domain.events import LeaveEvent
from attendance.leave.domain.kinds import LeaveKind
from attendance.leave.domain.model import LeaveRequest
from attendance.leave.domain.policy import LeavePolicy
from attendance.testing import MemoryDirectory

from cskit.domain.actor import BranchScope
from cskit.domain.calendar import WorkingCalendar
from cskit.testing.eventstore import InMemoryEventStore

POLICY = LeavePolicy()
# 2026-11-26 (a Thursday) is a holiday in these tests' branch calendar.
HOLIDAY = date(2026, 11, 26)
CALENDAR = WorkingCalendar.of([HOLIDAY])


def weekdays(day: date) -> bool:
    return CALENDAR.is_working_day(day)


def person(
    id: str,
    grade: Grade = Grade.STAFF,
    manager: str | None = None,
    hired: date = date(2024, 1, 1),
    probation_end: date | None = date(2024, 3, 31),
    customer_service: bool = True,
    department: str = "d1",
) -> Employee:
    return Employee(
        id=id,
        branch_id="b1",
        department_id=department,
        post="agent",
        grade=grade,
        hire_date=hired,
        probation_end=probation_end,
        manager_id=manager,
        customer_service=customer_service,
    )


# emp-1 -> sup-1 (supervisor) -> mgr-1 (manager) -> dir-1 (director)
DIRECTOR = person("dir-1", Grade.DIRECTOR)
MANAGER = person("mgr-1", Grade.MANAGER, "dir-1")
SUPERVISOR = person("sup-1", Grade.SUPERVISOR, "mgr-1")
STAFF = person("emp-1", Grade.STAFF, "sup-1")
NEWCOMER = person("emp-new", Grade.STAFF, "sup-1", hired=date(2026, 6, 1), probation_end=date(2026, 8, 31))


def directory(*extra: Employee) -> MemoryDirectory:
    return MemoryDirectory([DIRECTOR, MANAGER, SUPERVISOR, STAFF, NEWCOMER, *extra])


class FixedCalendars:
    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return CALENDAR


class NoRosters:
    def __init__(self) -> None:
        self.days: dict[date, bool] = {}

    async def rostered(self, scope: BranchScope, employee_id: str, start: date, end: date) -> dict[date, bool]:
        return {d: w for d, w in self.days.items() if start <= d <= end}


class MemoryHistory:
    """``LeaveHistory`` over the leaves the in-memory store committed (rebuilt from its events)."""

    def __init__(self, store: InMemoryEventStore[LeaveRequest, LeaveEvent]) -> None:
        self._store = store

    def leaves(self) -> list[LeaveRequest]:
        by_id: dict[str, list[LeaveEvent]] = defaultdict(list)
        for event in self._store.published:
            by_id[event.leave_id].append(event)
        return [LeaveRequest.rebuild(h) for h in by_id.values()]

    async def counting(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[LeaveRequest]:
        first, last = start.isoformat(), end.isoformat()
        return [
            x
            for x in self.leaves()
            if x.employee_id == employee_id and x.counts and any(first <= d.day <= last for d in x.dates)
        ]

    async def for_occasion(
        self, scope: BranchScope, employee_id: str, kind: LeaveKind, event_day: date
    ) -> list[LeaveRequest]:
        return [
            x
            for x in self.leaves()
            if x.employee_id == employee_id and x.kind is kind and x.event_day == event_day.isoformat() and x.counts
        ]


def days(text: str) -> Decimal:
    return Decimal(text)


def every_day(day: date) -> bool:
    return True


SCHEDULED: Scheduled = weekdays
