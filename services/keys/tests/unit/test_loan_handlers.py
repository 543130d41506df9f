"""The loans handlers without a database (the kit's in-memory event store): a loan schedules
its overdue timer at the due time (KEY-04); a refused return commits its case and then answers
409 (KEY-07); the overdue timer escalates and sets itself again, and stops once returned; a
work order holds one loan per calling service (item 8)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from keys.discrepancies.domain.model import Discrepancy, DiscrepancyKind
from keys.domain.kinds import KeyKind
from keys.domain.policy import KeysPolicy
from keys.loans.app.handlers import OVERDUE, LoanHandlers
from keys.loans.domain.commands import LendForWorkOrder, LendKey, ReturnLoan
from keys.loans.domain.model import Loan
from keys.loans.domain.policy import LoansPolicy
from keys.register.domain.model import KeySet
from keys.testing import CUSTODIAN, T0, call, key_set
from keys.wiring import system_call

from cskit.calls import Call
from cskit.domain import Conflict, Forbidden, FrozenClock, NotFound, RuleViolation
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryUnitOfWork

ENGINEER = call("eng-1", "engineer")
SYSTEM = system_call("test")


def not_found(record_id: str) -> NotFound:
    return NotFound(f"{record_id} not found")


class Stores:
    def __init__(self) -> None:
        self.key_sets: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(KeySet, not_found)
        self.loans: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(Loan, not_found)
        self.cases: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(Discrepancy, not_found)
        self.timers: dict[tuple[str, str], datetime] = {}
        self.keys = IdempotencyMemory()
        self.external: dict[str, tuple[str, str]] = {}


class MemoryLoansUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, stores: Stores, c: Call) -> None:
        super().__init__(c.scope, keys=stores.keys)
        self.stores = stores
        self.key_sets = self.repository(stores.key_sets)
        self.loans = self.repository(stores.loans)
        self.cases = self.repository(stores.cases)
        self._timers: list[tuple[str, str, datetime | None]] = []

    async def loan_of(self, key: str) -> tuple[str, str] | None:
        return self.stores.external.get(key)

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        self._timers.append((kind, subject, due_at))

    def cancel_timer(self, kind: str, subject: str) -> None:
        self._timers.append((kind, subject, None))

    async def commit(self, *, result_ref: str | None = None) -> None:
        await super().commit(result_ref=result_ref)
        for aggregate, _ in self.committed:
            if isinstance(aggregate, Loan) and aggregate.caller_service:
                self.stores.external[f"{aggregate.caller_service}:{aggregate.external_ref}"] = (
                    aggregate.id,
                    aggregate.branch_id,
                )
        for kind, subject, due in self._timers:
            if due is None:
                self.stores.timers.pop((kind, subject), None)
            else:
                self.stores.timers[(kind, subject)] = due
        self._timers = []


@pytest.fixture
def stores() -> Stores:
    return Stores()


def handlers(stores: Stores, clock: FrozenClock) -> LoanHandlers:
    return LoanHandlers(lambda c: MemoryLoansUnitOfWork(stores, c), clock, KeysPolicy(), LoansPolicy())


def stocked(stores: Stores, **kw: Any) -> KeySet:
    keys = key_set(**kw)
    stores.key_sets.append(keys)
    return keys


def lend(keys: KeySet) -> LendKey:
    return LendKey(key_set_id=keys.id, borrower_kind="staff", borrower="s-1", borrower_role="engineer", purpose="view")


async def test_KEY_04_a_loan_sets_its_overdue_timer_which_escalates_until_the_return(stores: Stores) -> None:
    clock = FrozenClock(T0)
    keys = stocked(stores)
    loan = await handlers(stores, clock).lend_key(lend(keys), CUSTODIAN)
    assert stores.timers[(OVERDUE, loan.id)] == loan.due_at
    clock.set(loan.due_at + timedelta(minutes=1))
    escalated = await handlers(stores, clock).escalate_overdue(loan.id, SYSTEM, MemoryLoansUnitOfWork(stores, SYSTEM))
    assert escalated is not None and escalated.escalations == 1
    assert stores.timers[(OVERDUE, loan.id)] == clock.now() + timedelta(hours=1)
    await handlers(stores, clock).return_loan(ReturnLoan(id=loan.id, key_count=2, key_set_code=keys.code), CUSTODIAN)
    assert (OVERDUE, loan.id) not in stores.timers
    again = await handlers(stores, clock).escalate_overdue(loan.id, SYSTEM, MemoryLoansUnitOfWork(stores, SYSTEM))
    assert again is None


async def test_KEY_07_a_refused_return_commits_its_case_then_answers_409(stores: Stores) -> None:
    clock = FrozenClock(T0)
    keys, other = stocked(stores), stocked(stores, unit="9-9-0909")
    loan = await handlers(stores, clock).lend_key(lend(keys), CUSTODIAN)
    with pytest.raises(RuleViolation) as err:
        await handlers(stores, clock).return_loan(
            ReturnLoan(id=loan.id, key_count=2, key_set_code=other.code), CUSTODIAN
        )
    assert (err.value.code, err.value.rule_id) == ("return_mismatch", "KEY-07")
    (case,) = stores.cases.published
    assert (case.kind, case.pinned_on) == (DiscrepancyKind.RETURN_MISMATCH.value, "custodian-1")


async def test_KEY_12_a_work_order_holds_one_loan_per_calling_service(stores: Stores) -> None:
    clock = FrozenClock(T0)
    repair, other = stocked(stores, kind=KeyKind.REPAIR), stocked(stores, kind=KeyKind.REPAIR)
    order = LendForWorkOrder(work_order_id="WO-1", key_set_id=repair.id, purpose="fix")
    first = await handlers(stores, clock).lend_for_work_order(order, ENGINEER, "aftersales")
    assert (await handlers(stores, clock).lend_for_work_order(order, ENGINEER, "aftersales")).id == first.id
    clash = LendForWorkOrder(work_order_id="WO-1", key_set_id=other.id, purpose="fix")
    with pytest.raises(Conflict):
        await handlers(stores, clock).lend_for_work_order(clash, ENGINEER, "aftersales")
    with pytest.raises(Forbidden):
        await handlers(stores, clock).lend_for_work_order(order, ENGINEER, "billing")
