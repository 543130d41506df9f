"""Fault and return cases on real PostgreSQL: the migrations give the models' schema; a
refund's approval commits its one-week clock, which at the week's end writes RefundOverdue to
the outbox unless the refund was paid (AFS-10); a paid refund goes back to the original means;
an approved repair opens its work order in the same transaction (AFS-09); reads stay in the
caller's branch (PLT-01); the refund gauges read the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aftersales.bootstrap import build
from aftersales.faults.api.servicer import FaultCaseServicer
from aftersales.faults.app.handlers import FaultHandlers
from aftersales.faults.domain import commands as fc
from aftersales.faults.domain.policy import FaultsPolicy
from aftersales.faults.persistence.reader import FaultReader
from aftersales.faults.persistence.uow import SqlFaultsUnitOfWork
from aftersales.observability import REFUNDS_DUE, REFUNDS_OVERDUE
from aftersales.orders.persistence.reader import OrderReader
from aftersales.returns.api.servicer import ReturnCaseServicer
from aftersales.returns.app.handlers import ReturnHandlers
from aftersales.returns.domain import commands as rc
from aftersales.returns.domain.policy import ReturnsPolicy
from aftersales.returns.persistence.gauges import refresh_return_gauges
from aftersales.returns.persistence.reader import ReturnFilter, ReturnReader
from aftersales.returns.persistence.uow import SqlReturnsUnitOfWork
from aftersales.service import MIGRATIONS
from aftersales.settings import AftersalesSettings
from aftersales.testing import ENGINEER, FINANCE, FRONT_DESK, OTHER_BRANCH, POLICY, T0
from aftersales.wiring import AftersalesParts
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from cs.aftersales.v1 import faults_pb2, returns_pb2
from cskit.calls import reset_current_call, set_current_call
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import FrozenClock, NotFound, RuleViolation
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens

pytestmark = pytest.mark.integration
TOKENS = PageTokens(AftersalesSettings().page_token_key.get_secret_value())


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[AftersalesParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(AftersalesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_fault_and_return_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {
                "include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith(
                    ("aftersales_fault_case", "aftersales_return_case")
                )
            }
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def returns(app: AftersalesParts) -> ReturnHandlers:
    sessions = app.database.async_sessions()
    return ReturnHandlers(lambda call: SqlReturnsUnitOfWork(sessions, call, app.clock), app.clock, ReturnsPolicy())


def faults(app: AftersalesParts) -> FaultHandlers:
    sessions = app.database.async_sessions()
    return FaultHandlers(lambda call: SqlFaultsUnitOfWork(sessions, call, app.clock), app.clock, FaultsPolicy(), POLICY)


def clock(app: AftersalesParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


async def outbox(app: AftersalesParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


async def approved_refund(app: AftersalesParts, means: str = "stored_value_card") -> str:
    h = returns(app)
    case = await h.open_return_case(
        rc.OpenReturnCase(
            situation="signed", order_ref="SO-1", customer_name="李雷", product="净水器 X1",
            original_amount="1299.00", payment_means=means, reason="不满意",
        ),
        FRONT_DESK,
    )  # fmt: skip
    await h.track_return(rc.TrackReturn(id=case.id, waybill="SF900", carrier="SF"), FRONT_DESK)
    await h.check_return(rc.CheckReturn(id=case.id, items=("主机", "滤芯")), FRONT_DESK)
    await h.request_refund(rc.RequestRefund(id=case.id, amount="1299.00", reason="退货退款"), FRONT_DESK)
    await h.approve_refund(rc.ApproveRefund(id=case.id), FINANCE)
    return case.id


async def test_afs_10_an_unpaid_refund_is_overdue_a_week_after_approval(app: AftersalesParts) -> None:
    case_id = await approved_refund(app)
    assert await app.timers.run_once() == 0  # not due yet
    await refresh_return_gauges(app.database.async_engine, app.clock.now())
    assert (REFUNDS_DUE.labels("b1")._value.get(), REFUNDS_OVERDUE.labels("b1")._value.get()) == (1, 0)
    clock(app).advance(timedelta(days=7))
    assert await app.timers.run_once() == 1
    assert (await outbox(app))[-2:] == ["RefundApproved", "RefundOverdue"]
    reader = ReturnReader(app.database.async_sessions(), tokens=TOKENS)
    late, _ = await reader.find(FINANCE, Page(50, ""), ReturnFilter(refund_overdue=True))
    assert [x.id for x in late] == [case_id]
    await refresh_return_gauges(app.database.async_engine, app.clock.now())
    assert REFUNDS_OVERDUE.labels("b1")._value.get() == 1
    paid = await returns(app).pay_refund(
        rc.PayRefund(id=case_id, payment_means="stored_value_card", reference="R-1"), FINANCE
    )
    assert paid.state.value == "refunded"
    assert (await outbox(app))[-1] == "RefundPaid"


async def test_afs_10_a_refund_paid_in_time_is_never_overdue(app: AftersalesParts) -> None:
    case_id = await approved_refund(app, "cash")
    clock(app).advance(timedelta(days=3))
    with pytest.raises(RuleViolation):
        await returns(app).pay_refund(rc.PayRefund(id=case_id, payment_means="bank_card", reference="R-2"), FINANCE)
    await returns(app).pay_refund(rc.PayRefund(id=case_id, payment_means="cash", reference="R-2"), FINANCE)
    clock(app).advance(timedelta(days=5))
    assert await app.timers.run_once() == 0  # the clock was cleared with the payment
    events = await outbox(app)
    assert "RefundOverdue" not in events and events[-2:] == ["RefundApproved", "RefundPaid"]
    await refresh_return_gauges(app.database.async_engine, app.clock.now())
    assert REFUNDS_DUE.labels("b1")._value.get() == 0


async def test_plt_01_another_branchs_return_case_is_not_found(app: AftersalesParts) -> None:
    case_id = await approved_refund(app)
    with pytest.raises(NotFound):
        await ReturnReader(app.database.async_sessions(), tokens=TOKENS).case(case_id, OTHER_BRANCH)


async def test_afs_09_an_approved_repair_opens_its_work_order_in_the_same_transaction(
    app: AftersalesParts,
) -> None:
    h = faults(app)
    case = await h.record_fault(
        fc.RecordFault(customer_name="韩梅梅", symptom="显示 E4", unit="5-1-302", product="热水器 H3"), FRONT_DESK
    )
    await h.escalate_fault(fc.EscalateFault(id=case.id, reason="需要技术判断"), FRONT_DESK)
    await h.record_customer_call(fc.RecordCustomerCall(id=case.id, summary="传感器故障"), ENGINEER)
    await h.decide_repair(
        fc.DecideRepair(id=case.id, decision="on_site", chargeable=True, diagnosis="传感器损坏"), ENGINEER
    )
    with pytest.raises(RuleViolation):
        await h.approve_repair(fc.ApproveRepair(id=case.id), ENGINEER)
    await h.quote_repair(fc.QuoteRepair(id=case.id, amount="180.00"), ENGINEER)
    await h.accept_repair_quote(fc.AcceptRepairQuote(id=case.id, accepted_by="韩梅梅", channel="phone"), FRONT_DESK)
    approved = await h.approve_repair(fc.ApproveRepair(id=case.id), ENGINEER)
    order = await OrderReader(app.database.async_sessions(), tokens=TOKENS).order(approved.work_order_id, FRONT_DESK)
    assert (order.kind.value, order.warranty.value, order.unit) == ("home_repair", "out_of_warranty", "5-1-302")
    assert (await outbox(app))[-2:] == ["RepairApproved", "WorkOrderOpened"]


async def test_afs_10_the_return_service_checks_a_return_and_lists_with_filters(app: AftersalesParts) -> None:
    # The command methods are added from the contract (command_methods): typed as Any here.
    servicer: Any = ReturnCaseServicer(returns(app), ReturnReader(app.database.async_sessions(), tokens=TOKENS))
    token = set_current_call(FRONT_DESK)
    try:
        opened = await servicer.OpenReturnCase(
            returns_pb2.OpenReturnCaseRequest(
                situation="signed", order_ref="SO-7", customer_name="李雷", product="X1",
                original_amount="100.00", payment_means="cash", reason="坏了",
            ),
            None,
        )  # fmt: skip
        case_id = opened.return_case.id
        await servicer.TrackReturn(returns_pb2.TrackReturnRequest(id=case_id, waybill="YT1"), None)
        checked = await servicer.CheckReturn(
            returns_pb2.CheckReturnRequest(id=case_id, items=["主机"], missing_parts=["电源线"]), None
        )
        listed = await servicer.ListReturnCases(returns_pb2.ListReturnCasesRequest(state="received"), None)
        none = await servicer.ListReturnCases(returns_pb2.ListReturnCasesRequest(state="refunded"), None)
    finally:
        reset_current_call(token)
    assert list(checked.return_case.missing_parts) == ["电源线"] and not checked.return_case.complete
    assert [c.id for c in listed.return_cases] == [case_id] and list(none.return_cases) == []


async def test_afs_09_the_fault_service_records_and_answers(app: AftersalesParts) -> None:
    servicer: Any = FaultCaseServicer(faults(app), FaultReader(app.database.async_sessions(), tokens=TOKENS))
    token = set_current_call(FRONT_DESK)
    try:
        made = await servicer.RecordFault(faults_pb2.RecordFaultRequest(customer_name="韩梅梅", symptom="E4"), None)
        answered = await servicer.AnswerFault(faults_pb2.AnswerFaultRequest(id=made.fault.id, answer="重启"), None)
        listed = await servicer.ListFaultCases(faults_pb2.ListFaultCasesRequest(state="answered"), None)
    finally:
        reset_current_call(token)
    assert answered.fault.state == "answered" and [f.id for f in listed.fault_cases] == [made.fault.id]
