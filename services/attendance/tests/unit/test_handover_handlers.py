"""The handover handlers on the kit's in-memory event store with an in-memory Directory and
calendar: approvals checked against the employee record (grade), escalation to the manager on
record, both managers for an urgent item, a branch holiday, the monthly swap cap."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from attendance.domain.people import Assignment, Employee, Grade
from attendance.handover.app.handlers import HandoverHandlers
from attendance.handover.domain import commands as c
from attendance.handover.domain.events import AfterHoursItem
from attendance.handover.domain.logs import HandoverLog, LogState
from attendance.handover.domain.policy import HandoverPolicy
from attendance.handover.domain.posts import PostAbsence
from attendance.handover.domain.reviews import DutyReview
from attendance.handover.domain.swaps import ShiftSwap, SwapState
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain.commands import SetRosterDay
from attendance.rosters.domain.model import RosterEntry
from attendance.rosters.persistence.store import roster_not_found

from cskit.calls import Call
from cskit.domain import Actor, Forbidden, FrozenClock, NotFound, RuleViolation
from cskit.domain.actor import BranchScope
from cskit.domain.calendar import WorkingCalendar
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def employee(id: str, grade: Grade = Grade.STAFF, manager: str | None = None) -> Employee:
    return Employee(
        id=id,
        branch_id="b1",
        department_id="cs",
        post="agent",
        grade=grade,
        hire_date=date(2020, 1, 1),
        manager_id=manager,
    )


class FakeDirectory:
    def __init__(self, *people: Employee) -> None:
        self.people = {p.id: p for p in people}

    async def employee(self, scope: BranchScope, employee_id: str) -> Employee | None:
        found = self.people.get(employee_id)
        return found if found and scope.allows(found.branch_id) else None

    async def line_managers(self, scope: BranchScope, employee_id: str) -> list[Employee]:
        chain, current = [], self.people.get(employee_id)
        while current and current.manager_id:
            current = self.people[current.manager_id]
            chain.append(current)
        return chain

    async def assignments(self, scope: BranchScope, employee_id: str, start: date, end: date) -> list[Assignment]:
        return []

    async def employees(self, scope: BranchScope, start: date, end: date) -> list[Employee]:
        return list(self.people.values())


class FakeCalendars:
    def __init__(self, *holidays: date) -> None:
        self._calendar = WorkingCalendar.of(holidays)

    async def calendar(self, branch_id: str, year: int) -> WorkingCalendar:
        return self._calendar


def missing(kind: str) -> Any:
    return lambda record_id: NotFound(f"{kind} {record_id} not found")


class Memory:
    def __init__(self) -> None:
        self.logs = InMemoryEventStore.of(HandoverLog, missing("handover_log"))
        self.swaps = InMemoryEventStore.of(ShiftSwap, missing("shift_swap"))
        self.absences = InMemoryEventStore.of(PostAbsence, missing("post_absence"))
        self.reviews = InMemoryEventStore.of(DutyReview, missing("duty_review"))
        self.rosters = InMemoryEventStore.of(RosterEntry, roster_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self, call)


async def every(store: InMemoryEventStore[Any, Any], scope: BranchScope) -> list[Any]:
    # The in-memory store has no queries: the fake reads every record it holds.
    return [await store.read(record_id, scope) for record_id in list(store._records)]


class MemoryUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call) -> None:
        super().__init__(call.scope, keys=memory.keys, key=None)
        self.memory, self.scope = memory, call.scope
        self.logs: InMemoryRepository[Any, Any] = self.repository(memory.logs)
        self.swaps: InMemoryRepository[Any, Any] = self.repository(memory.swaps)
        self.absences: InMemoryRepository[Any, Any] = self.repository(memory.absences)
        self.reviews: InMemoryRepository[Any, Any] = self.repository(memory.reviews)
        self.rosters: InMemoryRepository[Any, Any] = self.repository(memory.rosters)

    async def active_swaps(self, people: Sequence[str]) -> list[ShiftSwap]:
        active = (SwapState.REQUESTED, SwapState.APPROVED)
        found = await every(self.memory.swaps, self.scope)
        return [s for s in found if s.state in active and set(s.people) & set(people)]

    async def roster_days(self, employees: Sequence[str], days: Sequence[date]) -> dict[str, RosterEntry]:
        wanted = {d.isoformat() for d in days}
        found = await every(self.memory.rosters, self.scope)
        return {e.id: e for e in found if e.employee_id in employees and e.day in wanted}

    async def signed_logs(self, first: date, last: date) -> list[str]:
        found = await every(self.memory.logs, self.scope)
        done = (LogState.SIGNED_OFF, LogState.REVIEWED)
        return sorted(x.id for x in found if x.state in done and first.isoformat() <= x.day <= last.isoformat())


def call(subject: str, *roles: str) -> Call:
    return Call(actor=Actor(subject=subject, branch_id="b1", roles=frozenset(roles or {"agent"})))


PEOPLE = FakeDirectory(
    employee("e-out", manager="e-lead"),
    employee("e-in", manager="e-lead"),
    employee("e-lonely"),
    employee("e-lead", Grade.SUPERVISOR, manager="e-mgr"),
    employee("e-mgr", Grade.MANAGER),
    # Holds the manager role in the token but is staff on record.
    employee("e-fake-mgr"),
)


def handlers(memory: Memory, *holidays: date) -> HandoverHandlers:
    return HandoverHandlers(
        memory.uow,
        FrozenClock(T0),
        HandoverPolicy(),
        ZoneInfo("Asia/Shanghai"),
        PEOPLE,
        FakeCalendars(*holidays),
    )


async def test_ho_01_a_refusal_escalates_to_the_nearest_manager_grade_on_record() -> None:
    memory = Memory()
    h = handlers(memory)
    log = await h.open_handover(
        c.OpenHandover(kind="shift", day="2026-11-02", incoming_id="e-in", work_state="x"), call("e-out")
    )
    await h.ask_handover_question(c.AskHandoverQuestion(id=log.id, question="q?"), call("e-in"))
    refused = await h.refuse_handover(c.RefuseHandover(id=log.id, reason="no answer"), call("e-in"))
    # e-in's line: e-lead (supervisor), then e-mgr (manager): the manager gets it.
    assert refused.escalation_manager_id == "e-mgr"


async def test_ho_02_an_urgent_item_needs_both_sides_managers_and_a_branch_holiday_has_no_handover() -> None:
    memory = Memory()
    urgent = (AfterHoursItem(kind="complaint", ref="C-1", urgent=True),)
    body = c.OpenHandover(kind="security", day="2026-11-02", slot="18:00", incoming_id="e-lonely", work_state="x")
    with pytest.raises(RuleViolation):
        # e-lonely has no manager on record: the urgent item could not reach both.
        await handlers(memory).open_handover(_with(body, urgent), call("e-out"))
    with pytest.raises(RuleViolation):
        await handlers(memory, date(2026, 11, 2)).open_handover(body, call("e-out"))
    assert (await handlers(memory).open_handover(body, call("e-out"))).slot == "18:00"


def _with(body: c.OpenHandover, items: tuple[AfterHoursItem, ...]) -> c.OpenHandover:
    return c.OpenHandover(
        kind=body.kind,
        day=body.day,
        slot=body.slot,
        incoming_id=body.incoming_id,
        work_state=body.work_state,
        after_hours=items,
    )


async def roster(memory: Memory, employee_id: str, day: str) -> None:
    keeper = RosterHandlers(lambda call: memory.uow(call), FrozenClock(T0))
    await keeper.set_roster_day(
        SetRosterDay(employee_id=employee_id, day=day, shift_start="09:00", shift_end="18:00"),
        call("e-lead", "team_lead"),
    )


async def test_ho_03_the_approver_is_a_manager_on_record_and_the_third_swap_is_refused() -> None:
    memory = Memory()
    h = handlers(memory)
    for mine, theirs in (("2026-11-10", "2026-11-20"), ("2026-11-11", "2026-11-21"), ("2026-11-12", "2026-11-22")):
        await roster(memory, "e-out", mine)
        await roster(memory, "e-in", theirs)
    first = await h.request_shift_swap(
        c.RequestShiftSwap(day="2026-11-10", counterpart_id="e-in", counterpart_day="2026-11-20"), call("e-out")
    )
    with pytest.raises(Forbidden):
        await h.approve_shift_swap(c.ApproveShiftSwap(id=first.id), call("e-fake-mgr", "manager"))
    approved = await h.approve_shift_swap(c.ApproveShiftSwap(id=first.id), call("e-mgr", "manager"))
    assert approved.state == SwapState.APPROVED
    await h.request_shift_swap(
        c.RequestShiftSwap(day="2026-11-11", counterpart_id="e-in", counterpart_day="2026-11-21"), call("e-out")
    )
    with pytest.raises(RuleViolation) as third:
        await h.request_shift_swap(
            c.RequestShiftSwap(day="2026-11-12", counterpart_id="e-in", counterpart_day="2026-11-22"), call("e-out")
        )
    assert third.value.code == "swap_cap_reached"
