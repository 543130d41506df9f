"""Counting a branch-month: the bulk reads (roster, punches, facts, directory; one read each
per branch-month) and the pure engine per employee. The close and the live reads share it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from attendance.domain.people import Employee
from attendance.month.app.ports import MonthInputs, NewRecord, PunchMonth, RosterMonth
from attendance.month.domain.assignments import department_on
from attendance.month.domain.days import outcomes_of, punch_window
from attendance.month.domain.engine import History, MonthFacts, count_month
from attendance.month.domain.policy import MonthPolicy
from attendance.people.domain.transfers import assignment_on, roster_counts
from attendance.punches.domain.engine import DayOutcome
from cskit.domain import Actor
from cskit.domain.actor import BranchScope, branch_scope_of

SYSTEM = "attendance-month"


def branch_scope(branch_id: str) -> BranchScope:
    """The one branch the month's own work (a close, a review) reads."""
    return branch_scope_of(Actor(subject=SYSTEM, branch_id=branch_id, roles=frozenset()))


def _by_employee(items: Sequence[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for x in items:
        out[x.employee_id].append(x)
    return out


@dataclass(frozen=True, slots=True)
class Counted:
    """A branch's period read once: day outcomes and facts per employee, and the employees."""

    employees: list[Employee]
    outcomes: dict[str, list[DayOutcome]]
    facts: dict[str, MonthFacts]
    departments: dict[str, list[Any]]

    def department(self, employee: Employee, day: date) -> str:
        return department_on(self.departments.get(employee.id, []), day, employee.department_id)


class MonthCounter:
    def __init__(
        self, rosters: RosterMonth, punches: PunchMonth, inputs: MonthInputs, policy: MonthPolicy, zone: ZoneInfo
    ) -> None:
        self.rosters = rosters
        self.punches = punches
        self.inputs = inputs
        self.policy = policy
        self.zone = zone

    async def read(self, branch_id: str, first: date, last: date, employee_ids: Sequence[str] | None = None) -> Counted:
        scope = branch_scope(branch_id)
        wanted = None if employee_ids is None else set(employee_ids)
        employees = [
            e
            for e in await self.inputs.directory.employees(scope, first, last)
            if e.branch_id == branch_id and (wanted is None or e.id in wanted)
        ]
        ids = [e.id for e in employees] if wanted is not None else None
        departments = _by_employee(await self.inputs.assignments.assignments_in(scope, first, last))
        # ATT-09: from a transfer's effective date the old department's roster days stop counting.
        roster = [
            r
            for r in await self.rosters.roster_days(branch_id, first, last, ids)
            if roster_counts(r.department_id, assignment_on(departments.get(r.employee_id, []), r.day))
        ]
        start, end = punch_window(first, last, self.zone, self.policy.day)
        punches = await self.punches.punch_times(branch_id, start, end, ids)
        outcomes = outcomes_of(roster, punches, self.zone, self.policy.day)
        day_start = datetime.combine(first, time.min, tzinfo=self.zone) - timedelta(days=1)
        day_end = datetime.combine(last + timedelta(days=2), time.min, tzinfo=self.zone)
        leave = _by_employee(await self.inputs.leave.leave_days(scope, first, last))
        ooo = _by_employee(await self.inputs.out_of_office.out_of_office(scope, day_start, day_end))
        confirmations = _by_employee(await self.inputs.confirmations.confirmations(scope, first, last))
        overtime = _by_employee(await self.inputs.overtime.overtime_days(scope, first, last))
        findings = _by_employee(await self.inputs.findings.proxy_findings(scope, first, last))
        swaps = _by_employee(await self.inputs.swaps.swap_absences(scope, first, last))
        facts = {
            e.id: MonthFacts(
                leave=leave.get(e.id, []),
                out_of_office=ooo.get(e.id, []),
                confirmations=confirmations.get(e.id, []),
                overtime=overtime.get(e.id, []),
                findings=findings.get(e.id, []),
                swap_absences=swaps.get(e.id, []),
            )
            for e in employees
        }
        return Counted(employees, outcomes, facts, departments)

    def record(
        self, counted: Counted, employee: Employee, month: date, last: date, history: History | None
    ) -> NewRecord:
        record = count_month(
            employee.id,
            month,
            counted.outcomes.get(employee.id, []),
            counted.facts.get(employee.id, MonthFacts()),
            self.zone,
            self.policy,
            history,
        )
        return NewRecord(record=record, department_id=counted.department(employee, last))
