"""The leave handlers on the kit's in-memory event store, an in-memory directory and a fixed
branch calendar: a request names its approvers from the line-manager chain, is approved level
by level, takes from the annual balance, and overlapping leave is refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from attendance.domain.people import Employee
from attendance.leave.app.handlers import LeaveHandlers
from attendance.leave.app.schedule import Schedules
from attendance.leave.domain.commands import ApproveLeave, CancelLeave, RejectLeave, RequestLeave
from attendance.leave.domain.events import LeaveApproved, LeaveEvent, LeaveRejected, LeaveRequested
from attendance.leave.domain.model import LeaveRequest, LeaveStatus
from attendance.leave.persistence.store import leave_not_found

from cskit.calls import Call
from cskit.domain import Actor, Conflict, Forbidden, FrozenClock, RuleViolation
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryRepository, InMemoryUnitOfWork

from .conftest import MANAGER, NEWCOMER, POLICY, STAFF, SUPERVISOR, FixedCalendars, MemoryHistory, NoRosters, directory

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Asia/Shanghai


def call(employee: Employee, *roles: str) -> Call:
    actor = Actor(subject=employee.id, branch_id="b1", roles=frozenset(roles or {"agent"}))
    return Call(actor=actor, idempotency=(uuid.uuid4().hex, "request"))


class Memory:
    def __init__(self) -> None:
        self.store: InMemoryEventStore[LeaveRequest, LeaveEvent] = InMemoryEventStore.of(LeaveRequest, leave_not_found)
        self.keys = IdempotencyMemory()

    def uow(self, call: Call) -> InMemoryLeaves:
        key = call.idempotency if isinstance(call.idempotency, tuple) else None
        return InMemoryLeaves(self, call, key)


class InMemoryLeaves(InMemoryUnitOfWork):
    def __init__(self, memory: Memory, call: Call, key: tuple[str, str] | None) -> None:
        super().__init__(call.scope, keys=memory.keys, key=key)
        self._leaves = self.repository(memory.store)

    @property
    def leaves(self) -> InMemoryRepository[LeaveRequest, LeaveEvent]:
        return self._leaves


@pytest.fixture
def memory() -> Memory:
    return Memory()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def handlers(memory: Memory, clock: FrozenClock) -> LeaveHandlers:
    return LeaveHandlers(
        memory.uow,
        clock,
        POLICY,
        ZoneInfo("Asia/Shanghai"),
        directory(),
        Schedules(NoRosters(), FixedCalendars()),
        MemoryHistory(memory.store),
    )


def annual(start: str, end: str, **extra: object) -> RequestLeave:
    return RequestLeave(kind="annual", start_day=start, end_day=end, **extra)  # type: ignore[arg-type]


async def test_lv_01_a_two_day_leave_is_signed_by_the_supervisor_then_the_manager(
    handlers: LeaveHandlers, memory: Memory
) -> None:
    leave = await handlers.request_leave(annual("2026-11-03", "2026-11-04"), call(STAFF))
    assert ([s.approver_id for s in leave.steps], leave.hr_filing, leave.days) == (["sup-1", "mgr-1"], True, 2)
    with pytest.raises(Forbidden):
        await handlers.approve_leave(ApproveLeave(id=leave.id), call(STAFF))
    await handlers.approve_leave(ApproveLeave(id=leave.id), call(SUPERVISOR, "team_lead"))
    done = await handlers.approve_leave(ApproveLeave(id=leave.id, comment="enjoy"), call(MANAGER, "manager"))
    assert done.status is LeaveStatus.APPROVED
    approved = [e for e in memory.store.published if isinstance(e, LeaveApproved)]
    assert [(e.employee_id, e.kind, e.days, e.pay_rate, e.minutes) for e in approved] == [
        ("emp-1", "annual", Decimal(2), Decimal(1), 960)
    ]


async def test_lv_06_my_balance_drops_by_the_annual_leave_asked_and_comes_back_on_cancel(
    handlers: LeaveHandlers,
) -> None:
    me = call(STAFF)
    assert await handlers.balance(me, 2026) == 15
    leave = await handlers.request_leave(annual("2026-11-09", "2026-11-10", half_day_start=True), me)
    assert await handlers.balance(me, 2026) == Decimal("13.5")
    await handlers.cancel_leave(CancelLeave(id=leave.id), call(STAFF))
    assert await handlers.balance(me, 2026) == 15


async def test_lv_06_annual_leave_in_the_first_year_is_limited_to_5_days(handlers: LeaveHandlers) -> None:
    me = call(NEWCOMER)
    assert await handlers.balance(me, 2026) == 5
    with pytest.raises(RuleViolation) as refused:
        await handlers.request_leave(annual("2026-11-09", "2026-11-16"), me)  # 6 working days
    assert refused.value.code == "annual_balance"
    await handlers.request_leave(annual("2026-11-09", "2026-11-13"), me)
    assert await handlers.balance(me, 2026) == 0


async def test_lv_03_a_sick_leave_over_a_holiday_counts_it_and_pays_40_percent(handlers: LeaveHandlers) -> None:
    sick = RequestLeave(
        kind="sick",
        start_day="2026-11-25",
        end_day="2026-11-30",
        emergency=False,
        certificates=("hospital_certificate", "case_record"),
        document_ref="evidence/sick-emp-1.pdf",
    )
    leave = await handlers.request_leave(sick, call(STAFF))
    # 6 calendar days paid at 40 %; its tier is by its 3 scheduled working days: two levels.
    assert (leave.days, leave.working_days, leave.pay_rate) == (6, 3, Decimal("0.4"))
    assert [s.approver_id for s in leave.steps] == ["sup-1", "mgr-1"]


async def test_overlapping_leave_is_refused_and_a_rejected_one_frees_its_dates(
    handlers: LeaveHandlers, memory: Memory
) -> None:
    first = await handlers.request_leave(annual("2026-11-03", "2026-11-03"), call(STAFF))
    with pytest.raises(Conflict):
        await handlers.request_leave(annual("2026-11-03", "2026-11-04"), call(STAFF))
    await handlers.reject_leave(RejectLeave(id=first.id, reason="peak week"), call(SUPERVISOR, "team_lead"))
    assert isinstance(memory.store.published[-1], LeaveRejected)
    await handlers.request_leave(annual("2026-11-03", "2026-11-04"), call(STAFF))


async def test_lv_02_an_emergency_leave_filed_on_the_first_day_back_is_flagged(
    handlers: LeaveHandlers, clock: FrozenClock, memory: Memory
) -> None:
    # Away on Friday 27th (after the Thursday holiday), back on Monday 30th: filed that day.
    clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    burst = RequestLeave(
        kind="personal", start_day="2026-11-27", end_day="2026-11-27", emergency=True, reason="burst pipe"
    )
    leave = await handlers.request_leave(burst, call(STAFF))
    assert leave.emergency
    requested = [e for e in memory.store.published if isinstance(e, LeaveRequested)]
    assert requested[-1].emergency is True
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    with pytest.raises(RuleViolation):
        await handlers.request_leave(
            RequestLeave(kind="personal", start_day="2026-11-24", end_day="2026-11-24", emergency=True), call(STAFF)
        )


async def test_lv_09_paternity_is_requested_by_the_employee_within_the_week(
    handlers: LeaveHandlers, clock: FrozenClock
) -> None:
    born = date(2026, 10, 28)
    clock.set(datetime.combine(born + timedelta(days=4), datetime.min.time(), tzinfo=UTC))
    request = RequestLeave(
        kind="paternity",
        start_day=(born + timedelta(days=6)).isoformat(),
        end_day=(born + timedelta(days=8)).isoformat(),
        event_day=born.isoformat(),
        first_child=True,
        certificates=("birth_certificate",),
        document_ref="evidence/birth.pdf",
    )
    with pytest.raises(RuleViolation) as refused:
        await handlers.request_leave(request, call(STAFF))
    assert refused.value.rule_id == "LV-09"
