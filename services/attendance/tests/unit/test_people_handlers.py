"""The people handlers on an in-memory store: an import checks every row against what is
stored before writing, and writes nothing when one fails; only HR and administration import
employees and keep departments, only supervisors import rosters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

import pytest
from attendance.domain.people import Employee
from attendance.people.app.handlers import PeopleHandlers, apply_change
from attendance.people.domain.imports import ImportFormat, ImportRejected
from attendance.people.domain.model import Department, Leave, Move, Placement, first_placement
from attendance.people.domain.policy import ImportPolicy
from attendance.punches.domain.engine import Shift
from attendance.rosters.domain.model import RosterEntry

from cskit.calls import Call
from cskit.domain import Actor, FrozenClock
from cskit.domain.actor import BranchScope
from cskit.domain.errors import Forbidden

T = TypeVar("T")
NOW = datetime(2026, 11, 2, 1, tzinfo=UTC)
HR = Call(actor=Actor(subject="hr-1", branch_id="b1", roles=frozenset({"hr"})))
LEAD = Call(actor=Actor(subject="lead-1", branch_id="b1", roles=frozenset({"team_lead"})))
AGENT = Call(actor=Actor(subject="a-1", branch_id="b1", roles=frozenset({"agent"})))


class Store:
    def __init__(self) -> None:
        self.departments: dict[str, Department] = {}
        self.employees: dict[str, Employee] = {}
        self.placements: list[Placement] = []
        self.left: list[Leave] = []

    def branches_of(self, employee_ids: Iterable[str]) -> dict[str, str]:
        return {i: self.employees[i].branch_id for i in employee_ids if i in self.employees}

    def departments_of(self, department_ids: Iterable[str]) -> dict[str, str]:
        return {i: self.departments[i].branch_id for i in department_ids if i in self.departments}

    def upsert_department(self, department: Department, now: datetime) -> None:
        self.departments[department.id] = department

    def join(
        self, employee: Employee, now: datetime, *, effective: date | None = None, keep_leaving: bool = False
    ) -> None:
        self.employees[employee.id] = employee
        self.placements.append(first_placement(employee, effective))

    def move(self, move: Move, now: datetime) -> Placement:
        placed = move.placed(self.placements[-1])
        self.placements.append(placed)
        return placed

    def leave(self, leave: Leave, now: datetime) -> None:
        self.left.append(leave)


class Transactions:
    """Each call works on a copy and keeps it only when the work returns (a rollback otherwise)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def __call__(self, scope: BranchScope, work: Callable[[Store], T]) -> T:
        draft = Store()
        draft.departments, draft.employees = dict(self.store.departments), dict(self.store.employees)
        draft.placements, draft.left = list(self.store.placements), list(self.store.left)
        result = work(draft)
        self.store.__dict__.update(draft.__dict__)
        return result


class Rosters:
    def __init__(self) -> None:
        self.days: list[tuple[str, date, Shift | None]] = []

    async def set_roster_days(self, days: Sequence[tuple[str, date, Shift | None]], call: Call) -> list[RosterEntry]:
        self.days += days
        return [RosterEntry() for _ in days]


def handlers() -> tuple[PeopleHandlers, Store, Rosters]:
    store, rosters = Store(), Rosters()
    return PeopleHandlers(Transactions(store), FrozenClock(NOW), ImportPolicy(), rosters), store, rosters  # type: ignore[arg-type]


FILE = """id,name,department_id,post,grade,hire_date,manager_id
e-2,李娜,d-cs,客服主管,supervisor,2025-01-10,
e-1,张伟,d-cs,客服专员,staff,2026-03-01,e-2
"""


async def test_an_import_whose_rows_fail_the_stored_checks_writes_nothing_and_reports_each() -> None:
    people, store, _ = handlers()
    await people.upsert_department(HR, id="d-cs", name="客服部", head_employee_id="")
    bad = FILE.replace("e-1,张伟,d-cs", "e-1,张伟,d-gone").replace("staff,2026-03-01,e-2", "staff,2026-03-01,e-9")
    with pytest.raises(ImportRejected) as raised:
        await people.import_employees(HR, ImportFormat.CSV, bad.encode())
    assert [(e.row, e.field) for e in raised.value.errors] == [(2, "department_id"), (2, "manager_id")]
    assert store.employees == {}
    # A manager later in the file is known: the order of rows does not matter.
    assert await people.import_employees(HR, ImportFormat.CSV, FILE.encode()) == 2
    assert sorted(store.employees) == ["e-1", "e-2"]
    assert store.departments["d-cs"].branch_id == "b1"


async def test_only_hr_and_administration_import_employees_and_only_supervisors_import_rosters() -> None:
    people, store, rosters = handlers()
    for call in (AGENT, LEAD):
        with pytest.raises(Forbidden):
            await people.import_employees(call, ImportFormat.CSV, FILE.encode())
        with pytest.raises(Forbidden):
            await people.upsert_department(call, id="d-cs", name="客服部", head_employee_id="")
    with pytest.raises(Forbidden):
        await people.import_rosters(HR, ImportFormat.CSV, b"employee_id,day,rest_day\ne-1,2026-11-02,true\n")
    assert store.employees == {} and rosters.days == []


async def test_a_roster_import_for_someone_not_of_the_branch_sets_no_day() -> None:
    people, _, rosters = handlers()
    await people.upsert_department(HR, id="d-cs", name="客服部", head_employee_id="")
    await people.import_employees(HR, ImportFormat.CSV, FILE.encode())
    content = b'[{"employee_id": "e-1", "day": "2026-11-02", "rest_day": true}, {"employee_id": "e-7", "day": "2026-11-02", "rest_day": true}]'
    with pytest.raises(ImportRejected) as raised:
        await people.import_rosters(LEAD, ImportFormat.JSON, content)
    assert [(e.row, e.field) for e in raised.value.errors] == [(2, "employee_id")]
    assert rosters.days == []
    assert await people.import_rosters(LEAD, ImportFormat.JSON, content.replace(b"e-7", b"e-2")) == 2
    assert rosters.days == [("e-1", date(2026, 11, 2), None), ("e-2", date(2026, 11, 2), None)]


def test_hr_changes_apply_to_the_store_by_kind() -> None:
    store = Store()
    employee = Employee(
        id="e-1",
        branch_id="b1",
        department_id="d-cs",
        post="客服",
        grade=1,
        hire_date=date(2026, 3, 1),  # type: ignore[arg-type]
    )
    apply_change(store, employee, FrozenClock(NOW))  # type: ignore[arg-type]
    apply_change(
        store, Move(employee_id="e-1", branch_id="b1", effective=date(2026, 11, 16), post="组长"), FrozenClock(NOW)
    )  # type: ignore[arg-type]
    apply_change(
        store, Leave(employee_id="e-1", branch_id="b1", last_day=date(2026, 12, 31), reason="辞职"), FrozenClock(NOW)
    )  # type: ignore[arg-type]
    assert [(p.assignment.post, p.assignment.effective) for p in store.placements] == [
        ("客服", date(2026, 3, 1)),
        ("组长", date(2026, 11, 16)),
    ]
    assert [x.last_day for x in store.left] == [date(2026, 12, 31)]
