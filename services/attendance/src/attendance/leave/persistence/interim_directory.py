"""INTERIM, until the ``people`` sub-domain's Directory is wired: employees read from the
setting ``CS_ATTENDANCE_INTERIM_EMPLOYEES`` (a JSON list of ``Employee`` fields). The
integrator replaces it with the real Directory in ``bootstrap``; nothing else names it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from attendance.domain.people import Assignment, Employee, Grade
from cskit.domain.actor import BranchScope


def employee_of(raw: Mapping[str, Any]) -> Employee:
    def day(name: str) -> date | None:
        value = raw.get(name)
        return date.fromisoformat(value) if value else None

    hired = day("hire_date")
    if hired is None:
        raise ValueError(f"interim employee {raw.get('id')!r} has no hire_date")
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


class InterimDirectory:
    """A fixed list of employees; line managers follow ``manager_id``."""

    def __init__(self, employees: Iterable[Employee]) -> None:
        self._by_id = {e.id: e for e in employees}

    @classmethod
    def from_settings(cls, raw: Iterable[Mapping[str, Any]]) -> InterimDirectory:
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
