"""The loans handlers without a database (the kit's in-memory event store): the record moves in
the loan's own unit of work; the borrower's confirmation sets the overdue timer, which chases
and sets itself again until the return (ARC-07); a loss cancels it (ARC-08)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from archives.domain.categories import RecordState
from archives.loans.app.handlers import OVERDUE, LoanHandlers
from archives.loans.domain.commands import (
    ApproveLoan,
    ConfirmCount,
    DecideResponsibility,
    LendRecord,
    ReportIncident,
    RequestLoan,
    ReturnRecord,
)
from archives.loans.domain.model import Loan
from archives.loans.domain.policy import LoansPolicy
from archives.records.domain.model import ArchiveRecord
from archives.testing import AGENT, ARCHIVIST, LEAD, MANAGER, OTHER_BRANCH, POLICY, T0, record
from archives.wiring import system_call

from cskit.calls import Call
from cskit.domain import FrozenClock, NotFound
from cskit.testing.eventstore import IdempotencyMemory, InMemoryEventStore, InMemoryUnitOfWork

SYSTEM = system_call("test")
POLICY_LOANS = LoansPolicy()


def not_found(record_id: str) -> NotFound:
    return NotFound(f"{record_id} not found")


class Stores:
    def __init__(self) -> None:
        self.records: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(ArchiveRecord, not_found)
        self.loans: InMemoryEventStore[Any, Any] = InMemoryEventStore.of(Loan, not_found)
        self.timers: dict[tuple[str, str], datetime] = {}
        self.keys = IdempotencyMemory()


class MemoryLoansUnitOfWork(InMemoryUnitOfWork):
    def __init__(self, stores: Stores, c: Call) -> None:
        super().__init__(c.scope, keys=stores.keys)
        self.stores = stores
        self.records = self.repository(stores.records)
        self.loans = self.repository(stores.loans)
        self._timers: list[tuple[str, str, datetime | None]] = []

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None:
        self._timers.append((kind, subject, due_at))

    def cancel_timer(self, kind: str, subject: str) -> None:
        self._timers.append((kind, subject, None))

    async def commit(self, *, result_ref: str | None = None) -> None:
        await super().commit(result_ref=result_ref)
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
    return LoanHandlers(lambda c: MemoryLoansUnitOfWork(stores, c), clock, POLICY, POLICY_LOANS)


def shelved(stores: Stores, **kw: Any) -> ArchiveRecord:
    rec = record(**kw)
    stores.records.append(rec)
    return rec


async def lent(stores: Stores, clock: FrozenClock, rec: ArchiveRecord) -> Loan:
    h = handlers(stores, clock)
    loan = await h.request_loan(
        RequestLoan(record_id=rec.id, kind="lend", purpose="audit", due_at=clock.now() + timedelta(days=2)), AGENT
    )
    await h.approve_loan(ApproveLoan(id=loan.id), LEAD)
    await h.lend_record(LendRecord(id=loan.id, items=1, pages=12), ARCHIVIST)
    return await h.confirm_count(ConfirmCount(id=loan.id, items=1, pages=12), AGENT)


async def test_arc_06_confirming_the_count_lends_the_record_in_the_same_unit_of_work(stores: Stores) -> None:
    clock = FrozenClock(T0)
    rec = shelved(stores, category="contract")
    loan = await lent(stores, clock, rec)
    moved = await MemoryLoansUnitOfWork(stores, AGENT).records.get(rec.id)
    assert (moved.state, moved.borrower, moved.ref) == (RecordState.LENT, "agent-1", loan.id)
    assert stores.timers[(OVERDUE, loan.id)] == loan.due_at


async def test_arc_06_another_branchs_record_is_not_found(stores: Stores) -> None:
    rec = shelved(stores, category="contract", by=OTHER_BRANCH)
    with pytest.raises(NotFound):
        await handlers(stores, FrozenClock(T0)).request_loan(
            RequestLoan(record_id=rec.id, kind="read_in_place", purpose="x"), AGENT
        )


async def test_arc_07_the_overdue_timer_chases_again_until_the_return(stores: Stores) -> None:
    clock = FrozenClock(T0)
    rec = shelved(stores, category="contract")
    loan = await lent(stores, clock, rec)
    assert loan.due_at is not None
    early = await handlers(stores, clock).chase_overdue(loan.id, SYSTEM, MemoryLoansUnitOfWork(stores, SYSTEM))
    assert early is None and stores.timers[(OVERDUE, loan.id)] == loan.due_at
    clock.set(loan.due_at + timedelta(minutes=1))
    chased = await handlers(stores, clock).chase_overdue(loan.id, SYSTEM, MemoryLoansUnitOfWork(stores, SYSTEM))
    assert chased is not None and (chased.overdue, chased.chases) == (True, 1)
    assert stores.timers[(OVERDUE, loan.id)] == clock.now() + POLICY_LOANS.chase_every
    clock.advance(POLICY_LOANS.chase_every)
    chased = await handlers(stores, clock).chase_overdue(loan.id, SYSTEM, MemoryLoansUnitOfWork(stores, SYSTEM))
    assert chased is not None and chased.chases == 2
    h = handlers(stores, clock)
    await h.return_record(ReturnRecord(id=loan.id, items=1, pages=12, condition="good"), ARCHIVIST)
    back = await h.confirm_count(ConfirmCount(id=loan.id, items=1, pages=12), AGENT)
    assert back.state.value == "returned" and (OVERDUE, loan.id) not in stores.timers
    again = await handlers(stores, clock).chase_overdue(loan.id, SYSTEM, MemoryLoansUnitOfWork(stores, SYSTEM))
    assert again is None


async def test_arc_08_a_loss_report_moves_the_record_and_stops_the_chasing(stores: Stores) -> None:
    clock = FrozenClock(T0)
    rec = shelved(stores, category="contract")
    loan = await lent(stores, clock, rec)
    h = handlers(stores, clock)
    lost = await h.report_incident(ReportIncident(id=loan.id, incident="lost", description="lost on site"), AGENT)
    assert lost.state.value == "lost" and (OVERDUE, loan.id) not in stores.timers
    moved = await MemoryLoansUnitOfWork(stores, AGENT).records.get(rec.id)
    assert (moved.state, moved.borrower) == (RecordState.MISSING, "agent-1")
    decided = await h.decide_responsibility(
        DecideResponsibility(id=loan.id, report_no=1, decision="pay for a copy", responsible="agent-1"), MANAGER
    )
    assert decided.open_reports == 0
