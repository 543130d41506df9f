"""INTERIM ``Directory`` until the people sub-domain lands: employees from the settings'
JSON (``CS_ATTENDANCE_INTERIM_EMPLOYEES``, a list of ``Employee`` fields). The integrator
replaces it with the people sub-domain's adapter; nothing else names it but bootstrap."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from attendance.domain.people import Assignment, Employee, Grade
from cskit.domain import BranchScope, InvalidInput


def employee_of(raw: Mapping[str, Any]) -> Employee:
    def day(name: str) -> date | None:
        value = raw.get(name)
        return date.fromisoformat(value) if value else None

    try:
        hired = day("hire_date")
        return Employee(
            id=str(raw["id"]),
            branch_id=str(raw["branch_id"]),
            department_id=str(raw["department_id"]),
            post=str(raw.get("post", "")),
            grade=Grade[str(raw["grade"]).upper()] if isinstance(raw["grade"], str) else Grade(int(raw["grade"])),
            hire_date=hired if hired is not None else date.min,
            probation_end=day("probation_end"),
            manager_id=raw.get("manager_id") or None,
            customer_service=bool(raw.get("customer_service", True)),
            left_on=day("left_on"),
            name=str(raw.get("name", "")),
        )
    except (KeyError, ValueError) as exc:
        raise InvalidInput.on("interim_employees", f"bad employee {raw!r}: {exc}") from exc


class InterimDirectory:
    def __init__(self, employees: Iterable[Employee]) -> None:
        self._by_id = {e.id: e for e in employees}

    @classmethod
    def from_json(cls, text: str) -> InterimDirectory:
        return cls(employee_of(raw) for raw in json.loads(text or "[]"))

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        found = self._by_id.get(employee_id)
        return found if found is not None and scope.allows(found.branch_id) else None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        chain: list[Employee] = []
        current = await self.employee(scope, employee_id)
        while current is not None and current.manager_id and len(chain) < len(self._by_id):
            current = await self.employee(scope, current.manager_id)
            if current is not None:
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
