"""Loans on real PostgreSQL: a loan and its key set's movement commit together with the
overdue timer; at the due time the timer escalates the loan to the team lead and again every
interval until the keys are back (KEY-04); a refused return commits its discrepancy case and
answers 409 (KEY-07); the work-order loans are idempotent on (caller, work order); lists
filter; the gauges read the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from keys.bootstrap import build
from keys.discrepancies.persistence.rows import DiscrepancyRow
from keys.loans.app.handlers import LoanHandlers
from keys.loans.domain.commands import LendForWorkOrder, LendKey, ReturnForWorkOrder, ReturnLoan
from keys.loans.domain.policy import LoansPolicy
from keys.loans.observability import refresh_gauges
from keys.loans.persistence.reader import LoanFilter, LoanReader
from keys.loans.persistence.store import LOANS
from keys.loans.persistence.uow import SqlLoansUnitOfWork
from keys.observability import DISCREPANCIES_OPEN, KEY_SETS, LOANS_OVERDUE
from keys.register.app.handlers import RegisterHandlers
from keys.register.domain.commands import RegisterKeySet
from keys.register.persistence.reader import KeySetReader
from keys.register.persistence.store import KEY_SETS as KEY_SET_STORE
from keys.register.persistence.uow import SqlRegisterUnitOfWork
from keys.service import MIGRATIONS
from keys.settings import KeysSettings
from keys.testing import CUSTODIAN, LEAD, OTHER_BRANCH, T0, call
from sqlalchemy import select

from cskit.calls import Call
from cskit.db.migrations import upgrade
from cskit.domain import Conflict, Forbidden, FrozenClock, NotFound, RuleViolation
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
ENGINEER = call("eng-1", "engineer")


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(KeysSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def loans(app: ServiceParts) -> LoanHandlers:
    sessions = app.database.async_sessions()
    return LoanHandlers(
        lambda c: SqlLoansUnitOfWork(sessions, c, app.clock), app.clock, KeysSettings().policy(), LoansPolicy()
    )


def reader(app: ServiceParts) -> LoanReader:
    return LoanReader(LOANS, app.database.async_sessions(), tokens=PageTokens("k" * 32))


async def register(app: ServiceParts, code: str, kind: str = "vacant_unit", by: Call = CUSTODIAN) -> str:
    sessions = app.database.async_sessions()
    handlers = RegisterHandlers(lambda c: SqlRegisterUnitOfWork(sessions, c, app.clock), app.clock)
    made = await handlers.register_key_set(
        RegisterKeySet(code=code, unit=f"unit-{code}", kind=kind, key_count=2, cabinet="C1", hook=f"H-{code}", custodian="custodian-1"),
        by,
    )  # fmt: skip
    return made.id


def lend(key_set_id: str) -> LendKey:
    return LendKey(
        key_set_id=key_set_id, borrower_kind="staff", borrower="staff-7", borrower_role="engineer", purpose="viewing"
    )


def clock(app: ServiceParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


async def events(app: ServiceParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


async def test_KEY_04_an_overdue_loan_is_escalated_to_the_team_lead_until_it_comes_back(app: ServiceParts) -> None:
    key_set_id = await register(app, "V-1")
    loan = await loans(app).lend_key(lend(key_set_id), CUSTODIAN)
    assert await app.timers.run_once() == 0  # not due yet
    clock(app).set(loan.due_at + timedelta(minutes=1))
    assert await app.timers.run_once() == 1
    clock(app).advance(timedelta(minutes=30))
    assert await app.timers.run_once() == 0  # the next follow-up is an hour after the first
    clock(app).advance(timedelta(minutes=31))
    assert await app.timers.run_once() == 1
    now = await reader(app).get(loan.id, CUSTODIAN.scope)
    assert (now.overdue, now.escalations) == (True, 2)
    overdue, _ = await reader(app).find(CUSTODIAN.scope, Page(50, ""), LoanFilter(overdue=True))
    assert [x.id for x in overdue] == [loan.id]
    await refresh_gauges(app.database.async_engine, app.clock.now())
    assert LOANS_OVERDUE.labels("b1")._value.get() == 1
    assert KEY_SETS.labels("b1", "lent")._value.get() == 1
    code = (await reader(app).get(loan.id, CUSTODIAN.scope)).key_set_code
    await loans(app).return_loan(ReturnLoan(id=loan.id, key_count=2, key_set_code=code), CUSTODIAN)
    clock(app).advance(timedelta(hours=2))
    assert await app.timers.run_once() == 0  # returned: the follow-ups stop
    assert await events(app) == [
        "KeySetRegistered", "KeySetLent", "LoanOpened", "LoanOverdue", "LoanEscalated", "LoanEscalated",
        "KeySetReturned", "LoanReturned",
    ]  # fmt: skip


async def test_KEY_07_returning_a_different_units_key_is_refused_and_the_case_commits(app: ServiceParts) -> None:
    mine, other = await register(app, "V-1"), await register(app, "V-2")
    loan = await loans(app).lend_key(lend(mine), LEAD)
    with pytest.raises(RuleViolation) as err:
        await loans(app).return_loan(ReturnLoan(id=loan.id, key_count=2, key_set_code="V-2"), CUSTODIAN)
    assert err.value.rule_id == "KEY-07"
    async with app.database.async_sessions()() as session:
        case = (await session.execute(select(DiscrepancyRow))).scalar_one()
    assert (case.kind, case.pinned_on, case.source_ref, case.status) == ("return_mismatch", "lead-1", loan.id, "open")
    still = await reader(app).get(loan.id, CUSTODIAN.scope)
    assert (still.state.value, still.refused_returns) == ("open", 1)
    await refresh_gauges(app.database.async_engine, app.clock.now())
    assert DISCREPANCIES_OPEN.labels("b1")._value.get() == 1
    returned = await loans(app).return_loan(ReturnLoan(id=loan.id, key_count=2, key_set_code="V-1"), CUSTODIAN)
    assert returned.state.value == "returned"
    assert other  # the other unit's key set never moved
    assert (await events(app))[-4:] == ["LoanReturnRefused", "DiscrepancyOpened", "KeySetReturned", "LoanReturned"]


async def test_KEY_07_a_loss_on_return_reports_the_key_set_lost(app: ServiceParts) -> None:
    loan = await loans(app).lend_key(lend(await register(app, "V-1")), CUSTODIAN)
    lost = await loans(app).return_loan(ReturnLoan(id=loan.id, lost=True, note="dropped in the lift shaft"), CUSTODIAN)
    assert lost.state.value == "lost"
    key_sets = KeySetReader(KEY_SET_STORE, app.database.async_sessions(), tokens=PageTokens("k" * 32))
    assert (await key_sets.get(loan.key_set_id, CUSTODIAN.scope)).state.value == "lost"
    async with app.database.async_sessions()() as session:
        case = (await session.execute(select(DiscrepancyRow))).scalar_one()
    assert (case.kind, case.pinned_on) == ("loss", "custodian-1")


async def test_work_order_loans_are_idempotent_on_the_caller_and_the_work_order(app: ServiceParts) -> None:
    repair, other = await register(app, "R-1", "repair"), await register(app, "R-2", "repair")
    order = LendForWorkOrder(work_order_id="WO-9", key_set_id=repair, purpose="fix the leak")
    first = await loans(app).lend_for_work_order(order, ENGINEER, "aftersales")
    again = await loans(app).lend_for_work_order(order, ENGINEER, "aftersales")
    assert again.id == first.id and first.borrower == "eng-1" and first.external_ref == "WO-9"
    with pytest.raises(Conflict):
        await loans(app).lend_for_work_order(
            LendForWorkOrder(work_order_id="WO-9", key_set_id=other, purpose="x"), ENGINEER, "aftersales"
        )
    with pytest.raises(Forbidden):
        await loans(app).lend_for_work_order(order, ENGINEER, "billing")
    back = ReturnForWorkOrder(work_order_id="WO-9", key_count=2, key_set_code="R-1")
    done = await loans(app).return_for_work_order(back, ENGINEER, "aftersales")
    assert (await loans(app).return_for_work_order(back, ENGINEER, "aftersales")).id == done.id
    with pytest.raises(NotFound):
        await loans(app).return_for_work_order(back, OTHER_BRANCH, "aftersales")


async def test_PLT_01_another_branchs_loan_is_not_found(app: ServiceParts) -> None:
    loan = await loans(app).lend_key(lend(await register(app, "V-1")), CUSTODIAN)
    with pytest.raises(NotFound):
        await reader(app).get(loan.id, OTHER_BRANCH.scope)
    with pytest.raises(NotFound):
        await loans(app).return_loan(ReturnLoan(id=loan.id, key_count=2, key_set_code="V-1"), OTHER_BRANCH)
