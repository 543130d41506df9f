"""In-memory adapters of the sub-domains' shared Protocols (``attendance.domain``), for tests
and tools that need employees or a calendar without the people and calendars sub-domains:
``employee_of`` reads an employee from a mapping of ``Employee`` fields (grade by name)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from attendance.domain.people import Assignment, Employee, Grade
from cskit.domain.actor import BranchScope
from cskit.domain.calendar import WorkingCalendar

# A row without a hire date: employed long before any date a test uses.
DEFAULT_HIRED = date(2000, 1, 1)


def employee_of(raw: Mapping[str, Any]) -> Employee:
    def day(name: str) -> date | None:
        value = raw.get(name)
        return date.fromisoformat(value) if value else None

    hired = day("hire_date") or DEFAULT_HIRED
    return Employee(
        id=str(raw["id"]),
        branch_id=str(raw["branch_id"]),
        department_id=str(raw.get("department_id", "")),
        post=str(raw.get("post", "")),
        grade=Grade[str(raw.get("grade", "staff")).upper()],
        hire_date=hired,
        probation_end=day("probation_end"),
        manager_id=raw.get("manager_id") or None,
        customer_service=bool(raw.get("customer_service", True)),
        left_on=day("left_on"),
        name=str(raw.get("name", "")),
    )


class MemoryDirectory:
    """A fixed list of employees (``attendance.domain.people.Directory``); line managers follow
    ``manager_id``; each employee has one assignment, from the hire date."""

    def __init__(self, employees: Iterable[Employee]) -> None:
        self._by_id = {e.id: e for e in employees}

    @classmethod
    def of(cls, raw: Iterable[Mapping[str, Any]]) -> MemoryDirectory:
        return cls(employee_of(x) for x in raw)

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        found = self._by_id.get(employee_id)
        return found if found is not None and scope.allows(found.branch_id) else None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        chain: list[Employee] = []
        current = self._by_id.get(employee_id)
        while current is not None and current.manager_id and len(chain) < len(self._by_id):
            current = self._by_id.get(current.manager_id)
            if current is not None and scope.allows(current.branch_id):
                chain.append(current)
        return chain

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        found = await self.employee(scope, employee_id)
        if found is None:
            return []
        return [
            Assignment(
                employee_id=found.id, department_id=found.department_id, post=found.post, effective=found.hire_date
            )
        ]

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        return sorted(
            (
                e
                for e in self._by_id.values()
                if scope.allows(e.branch_id) and e.hire_date <= end and (e.left_on is None or e.left_on >= start)
            ),
            key=lambda e: e.id,
        )


class WeekdayCalendars:
    """Every branch's year Monday to Friday, no holidays (``attendance.domain.facts.Calendars``)."""

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return WorkingCalendar()
