"""People handlers: HR's events (the consumer), departments and the bulk imports.

An import checks every row (the file's own checks, then against what is stored) before it
writes anything; with any bad row it answers the whole report and imports nothing,
otherwise every row commits in one transaction."""

from __future__ import annotations

from attendance.domain.people import Employee
from attendance.people.app.ports import PeopleStore, PeopleTransactions, RosterDays
from attendance.people.domain import imports
from attendance.people.domain.imports import EmployeeRow, ImportFormat, RowError
from attendance.people.domain.model import HR_KEEPERS, Department, Leave, Move, department_of
from attendance.people.domain.policy import ImportPolicy
from attendance.rosters.domain.model import ROSTER_KEEPERS
from cskit.calls import Call
from cskit.domain import Clock
from cskit.domain.actor import require_role

Change = Employee | Move | Leave


def apply_change(store: PeopleStore, change: Change, clock: Clock) -> None:
    """One HR event's change (the consumer runs it in the transaction claiming the event id)."""
    now = clock.now()
    if isinstance(change, Move):
        store.move(change, now)
    elif isinstance(change, Leave):
        store.leave(change, now)
    else:
        store.join(change, now)


class PeopleHandlers:
    def __init__(
        self, transactions: PeopleTransactions, clock: Clock, policy: ImportPolicy, rosters: RosterDays
    ) -> None:
        self._tx = transactions
        self._clock = clock
        self._policy = policy
        self._rosters = rosters

    async def upsert_department(self, call: Call, *, id: str, name: str, head_employee_id: str) -> Department:
        require_role(call.actor, HR_KEEPERS, action="keeping departments")
        department = department_of(id=id, branch_id=call.actor.branch_id, name=name, head_employee_id=head_employee_id)
        now = self._clock.now()

        def write(store: PeopleStore) -> Department:
            store.upsert_department(department, now)
            return department

        return await self._tx(call.scope, write)

    async def import_employees(self, call: Call, fmt: ImportFormat, content: bytes) -> int:
        require_role(call.actor, HR_KEEPERS, action="importing employees")
        rows = imports.parse(content, fmt, imports.EMPLOYEE_FIELDS, self._policy)
        checked, errors = imports.employee_rows(rows, call.actor.branch_id)
        imports.raise_if_any(errors)
        now = self._clock.now()

        def write(store: PeopleStore) -> int:
            imports.raise_if_any(_stored_checks(store, call, checked))
            for row in checked:
                # A file row corrects master data or places from a date: it never undoes a leaving.
                store.join(row.employee, now, effective=row.effective, keep_leaving=True)
            return len(checked)

        return await self._tx(call.scope, write)

    async def import_rosters(self, call: Call, fmt: ImportFormat, content: bytes) -> int:
        require_role(call.actor, ROSTER_KEEPERS, action="importing rosters")
        rows = imports.parse(content, fmt, imports.ROSTER_FIELDS, self._policy)
        checked, errors = imports.roster_rows(rows)

        def known(store: PeopleStore) -> dict[str, str]:
            return store.branches_of(r.employee_id for r in checked)

        branches = await self._tx(call.scope, known)
        errors += [
            RowError(r.row, "employee_id", "no such employee in the branch")
            for r in checked
            if branches.get(r.employee_id) != call.actor.branch_id
        ]
        imports.raise_if_any(errors)
        entries = await self._rosters.set_roster_days([(r.employee_id, r.day, r.shift) for r in checked], call)
        return len(entries)


def _stored_checks(store: PeopleStore, call: Call, rows: list[EmployeeRow]) -> list[RowError]:
    """What only the stored data can tell: branch, department, line manager, an id of another branch."""
    errors: list[RowError] = []
    owners = store.branches_of([r.employee.id for r in rows] + [r.employee.manager_id or "" for r in rows])
    departments = store.departments_of(r.employee.department_id for r in rows)
    in_file = {r.employee.id for r in rows}
    for row in rows:
        e = row.employee
        if not call.scope.allows(e.branch_id):
            errors.append(RowError(row.row, "branch_id", "outside your branches"))
            continue
        owner = owners.get(e.id)
        if owner is not None and owner != e.branch_id:
            errors.append(RowError(row.row, "id", "an employee of another branch has this id"))
        if departments.get(e.department_id) != e.branch_id:
            errors.append(RowError(row.row, "department_id", "no such department in the branch"))
        if e.manager_id and e.manager_id not in in_file and e.manager_id not in owners:
            errors.append(RowError(row.row, "manager_id", "no such employee (in the file or stored)"))
    return errors
