"""Issue 14 item 2, repair keys: asking for the key and giving it back are recorded on the
order with a timer due at once; the timer calls keys (a fake port here) and records its answer,
or, while keys is down, sets itself again with a growing wait, so the loan is never lost."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

import pytest
from aftersales.domain.kinds import KeyLoan
from aftersales.keyloans.app.handlers import LEND, RETURN, KeyLoanHandlers
from aftersales.keyloans.app.ports import KeysRefused, KeysUnavailable
from aftersales.keyloans.domain.commands import AskForRepairKey, ReturnRepairKey
from aftersales.keyloans.domain.policy import KeyLoanPolicy
from aftersales.keyloans.domain.requests import KeyCall
from aftersales.orders.domain.model import WorkOrder
from aftersales.testing import ENGINEER, FRONT_DESK, LEAD, T0, working

from cskit.calls import Call
from cskit.domain import Forbidden, FrozenClock, NotFound, RuleViolation

Due = tuple[str, str, datetime, dict[str, Any]]


class Orders:
    def __init__(self, *orders: WorkOrder) -> None:
        self.by_id = {o.id: o for o in orders}

    async def get(self, order_id: str) -> WorkOrder:
        if order_id not in self.by_id:
            raise NotFound(order_id)
        return self.by_id[order_id]

    def add(self, aggregate: WorkOrder) -> None:
        self.by_id[aggregate.id] = aggregate


class FakeUnitOfWork:
    def __init__(self, orders: Orders) -> None:
        self.orders = orders
        self.timers: list[Due] = []
        self.commits = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    async def claim(self) -> str | None:
        return None

    async def commit(self, *, result_ref: str | None = None) -> None:
        self.commits += 1

    def schedule_timer(self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None) -> None:
        self.timers.append((kind, subject, due_at, payload or {}))


class FakeKeys:
    """Keys, idempotent on the work order like the real one: one loan per order."""

    def __init__(self) -> None:
        self.down = False
        self.refuse = ""
        self.loans: dict[str, str] = {}
        self.returned: set[str] = set()
        self.calls: list[tuple[str, str, KeyCall]] = []

    def _answer(self, what: str, order_id: str, request: KeyCall) -> None:
        self.calls.append((what, order_id, request))
        if self.down:
            raise KeysUnavailable("UNAVAILABLE: connection refused")
        if self.refuse:
            raise KeysRefused(self.refuse)

    async def lend(self, work_order_id: str, request: KeyCall) -> tuple[str, str]:
        self._answer("lend", work_order_id, request)
        loan = self.loans.setdefault(work_order_id, f"loan-{len(self.loans) + 1}")
        return loan, "returned" if work_order_id in self.returned else "open"

    async def give_back(self, work_order_id: str, request: KeyCall) -> str:
        self._answer("return", work_order_id, request)
        self.returned.add(work_order_id)
        return self.loans[work_order_id]


class World:
    def __init__(self) -> None:
        self.order = working()
        self.orders = Orders(self.order)
        self.keys = FakeKeys()
        self.clock = FrozenClock(T0 + timedelta(hours=1))
        self.uows: list[FakeUnitOfWork] = []
        self.handlers = KeyLoanHandlers(self._uow, self.keys, self.clock, KeyLoanPolicy())

    def _uow(self, call: Call | None = None) -> FakeUnitOfWork:
        uow = FakeUnitOfWork(self.orders)
        self.uows.append(uow)
        return uow

    @property
    def timers(self) -> list[Due]:
        return [t for u in self.uows for t in u.timers]

    async def fire(self) -> str:
        """Run the latest timer, as the runner would (in its own unit of work)."""
        kind, subject, _, payload = self.timers[-1]
        request = KeyCall.of(payload)
        run = self.handlers.lend_due if kind == LEND else self.handlers.return_due
        return (await run(subject, request, self._uow())).name


@pytest.fixture
def world() -> World:
    return World()


async def test_issue_14_repair_key_asked_for_sets_the_lend_call_due_now_for_the_engineer(world: World) -> None:
    order = await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    assert order.key_loan is KeyLoan.REQUESTED
    [(kind, subject, due, payload)] = world.timers
    assert (kind, subject, due) == (LEND, order.id, world.clock.now())
    request = KeyCall.of(payload)
    assert (request.engineer, request.branch_id, request.key_set_id, request.attempt) == ("engineer-1", "b1", "ks-1", 0)
    assert request.actor.roles == frozenset({"engineer"})
    assert order.number in request.purpose


async def test_issue_14_repair_key_asked_for_twice_calls_keys_once(world: World) -> None:
    ask = AskForRepairKey(id=world.order.id, key_set_id="ks-1")
    await world.handlers.ask_for_repair_key(ask, ENGINEER)
    await world.handlers.ask_for_repair_key(ask, ENGINEER)
    assert len(world.timers) == 1


async def test_issue_14_repair_key_is_asked_for_by_engineering_only(world: World) -> None:
    with pytest.raises(Forbidden):
        await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), FRONT_DESK)
    assert world.timers == []


async def test_issue_14_repair_key_asked_for_by_a_lead_is_borrowed_by_the_assigned_engineer(world: World) -> None:
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), LEAD)
    assert KeyCall.of(world.timers[-1][3]).engineer == "engineer-1"


async def test_issue_14_repair_key_lent_by_keys_is_recorded_on_the_order(world: World) -> None:
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    assert await world.fire() == "lent"
    assert (world.order.key_loan, world.order.key_loan_id) == (KeyLoan.LENT, "loan-1")
    assert [c[0] for c in world.keys.calls] == ["lend"]


async def test_issue_14_repair_key_refused_by_keys_is_recorded_with_its_reason(world: World) -> None:
    world.keys.refuse = "key set ks-1 is already out"
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    assert await world.fire() == "refused"
    assert (world.order.key_loan, world.order.key_note) == (KeyLoan.REFUSED, "key set ks-1 is already out")
    assert not world.order.key_loan.out  # nothing holds the sign-off


async def test_issue_14_repair_key_lend_retried_while_keys_is_down_never_lost_nor_doubled(world: World) -> None:
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    world.keys.down = True
    assert await world.fire() == "retried"
    assert await world.fire() == "retried"
    retries = world.timers[1:]
    assert [(k, s) for k, s, _, _ in retries] == [(LEND, world.order.id)] * 2
    now = world.clock.now()
    assert [due - now for _, _, due, _ in retries] == [timedelta(seconds=5), timedelta(seconds=10)]
    assert [KeyCall.of(p).attempt for _, _, _, p in retries] == [1, 2]
    assert world.order.key_loan is KeyLoan.REQUESTED  # still asked for: the order waits, not fails
    world.keys.down = False
    assert await world.fire() == "lent"
    assert len(world.keys.loans) == 1 and world.order.key_loan_id == "loan-1"


def test_issue_14_repair_key_retry_wait_doubles_up_to_five_minutes() -> None:
    policy = KeyLoanPolicy()
    assert [policy.retry_after(n).total_seconds() for n in (0, 1, 2, 5, 6, 100)] == [5, 10, 20, 160, 300, 300]


async def test_issue_14_repair_key_returned_through_keys_frees_the_sign_off(world: World) -> None:
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    await world.fire()
    back = ReturnRepairKey(id=world.order.id, key_count=2, key_set_code="R-1", note="all back")
    order = await world.handlers.return_repair_key(back, ENGINEER)
    assert order.key_loan is KeyLoan.RETURNING and order.key_loan.out
    kind, _, _, payload = world.timers[-1]
    request = KeyCall.of(payload)
    assert (kind, request.key_count, request.key_set_code, request.note) == (RETURN, 2, "R-1", "all back")
    world.keys.down = True
    assert await world.fire() == "retried"
    assert world.order.key_loan is KeyLoan.RETURNING
    world.keys.down = False
    assert await world.fire() == "returned"
    assert world.order.key_loan.value == "returned" and not world.order.key_loan.out


async def test_issue_14_repair_key_return_refused_by_keys_keeps_the_key_out_and_may_be_tried_again(
    world: World,
) -> None:
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    await world.fire()
    await world.handlers.return_repair_key(
        ReturnRepairKey(id=world.order.id, key_count=1, key_set_code="R-1"), ENGINEER
    )
    world.keys.refuse = "KEY-07: 1 key back of 2"
    assert await world.fire() == "refused"
    assert world.order.key_loan is KeyLoan.RETURNING  # still out: no sign-off
    world.keys.refuse = ""
    await world.handlers.return_repair_key(
        ReturnRepairKey(id=world.order.id, key_count=2, key_set_code="R-1"), ENGINEER
    )
    assert await world.fire() == "returned"


async def test_issue_14_repair_key_asked_again_after_its_return_is_refused_not_lent_twice(world: World) -> None:
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    await world.fire()
    await world.handlers.return_repair_key(
        ReturnRepairKey(id=world.order.id, key_count=2, key_set_code="R-1"), ENGINEER
    )
    await world.fire()
    await world.handlers.ask_for_repair_key(AskForRepairKey(id=world.order.id, key_set_id="ks-1"), ENGINEER)
    assert await world.fire() == "refused"
    assert world.order.key_loan is KeyLoan.REFUSED


async def test_issue_14_repair_key_return_without_a_key_out_is_refused(world: World) -> None:
    with pytest.raises(RuleViolation):
        await world.handlers.return_repair_key(
            ReturnRepairKey(id=world.order.id, key_count=1, key_set_code="R-1"), ENGINEER
        )
