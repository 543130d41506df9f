"""INTERIM, replaced by the ``people`` sub-domain's Directory when it lands: employees from the
settings JSON ``CS_ATTENDANCE_INTERIM_EMPLOYEES`` (a list of objects with Employee's fields;
``grade`` by name or number), and weekdays-only working calendars. For integration and e2e runs only."""

from __future__ import annotations

import json
from datetime import date

from attendance.domain.people import Assignment, Employee, Grade
from cskit.domain.actor import BranchScope
from cskit.domain.calendar import WorkingCalendar


def employees_of(raw: str) -> dict[str, Employee]:
    out = {}
    for item in json.loads(raw or "[]"):
        grade = item.get("grade", "staff")
        out[item["id"]] = Employee(
            id=item["id"],
            branch_id=item["branch_id"],
            department_id=item.get("department_id", "cs"),
            post=item.get("post", "agent"),
            grade=Grade[grade.upper()] if isinstance(grade, str) else Grade(grade),
            hire_date=date.fromisoformat(item.get("hire_date", "2020-01-01")),
            manager_id=item.get("manager_id"),
            name=item.get("name", ""),
        )
    return out


class InterimDirectory:
    def __init__(self, raw: str) -> None:
        self._people = employees_of(raw)

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        found = self._people.get(employee_id)
        return found if found and scope.allows(found.branch_id) else None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        chain: list[Employee] = []
        current = await self.employee(scope, employee_id)
        while current and current.manager_id and len(chain) < 16:
            current = await self.employee(scope, current.manager_id)
            if current:
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
        return sorted((e for e in self._people.values() if scope.allows(e.branch_id)), key=lambda e: e.id)


class InterimCalendars:
    """Monday to Friday, no holidays: until the ``calendars`` sub-domain lands."""

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return WorkingCalendar.of()
