"""Charges on real PostgreSQL: the price list, a quote accepted with the work order in one
transaction (AFS-09), and at sign-off the completion timers: ChargeRaised for finance on
cs.aftersales.v1 (AFS-05) and the generic FilingRequested on cs.filing.v1 for the archives
(AFS-04), each once however often the timer's work runs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aftersales.bootstrap import build
from aftersales.charges.app.handlers import CHARGE, FILING, ChargeHandlers
from aftersales.charges.domain import commands as cc
from aftersales.charges.domain.completion import filing_id_for
from aftersales.charges.persistence.reader import PriceListReader, QuoteReader
from aftersales.charges.persistence.uow import SqlChargesUnitOfWork
from aftersales.charges.wiring import ON_COMPLETION, SYSTEM
from aftersales.orders.app.handlers import OrderHandlers
from aftersales.orders.domain import commands as oc
from aftersales.orders.persistence.uow import SqlOrdersUnitOfWork
from aftersales.service import MIGRATIONS
from aftersales.settings import AftersalesSettings
from aftersales.testing import CHARGES_POLICY, ENGINEER, FINANCE, FRONT_DESK, OTHER_BRANCH, POLICY, T0
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from cs.aftersales.v1 import charges_events_pb2
from cs.filing.v1 import filing_pb2
from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import Conflict, FrozenClock, NotFound, RuleViolation
from cskit.messaging.envelope import Envelope, decode
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens
from cskit.records import ServiceParts

pytestmark = pytest.mark.integration
TOKENS = PageTokens("k" * 32)
OURS = ("aftersales_price_item", "aftersales_quote", "aftersales_completion")


@pytest.fixture
async def app(pg_url: str) -> AsyncIterator[ServiceParts]:
    upgrade(MIGRATIONS, pg_url)
    parts = build(AftersalesSettings(database_url=pg_url), clock=FrozenClock(T0), test_clock=False)
    try:
        yield parts
    finally:
        await parts.database.dispose()


def _table_of(obj: object, name: str | None, kind: str) -> str:
    return str(name) if kind == "table" else str(getattr(getattr(obj, "table", None), "name", ""))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            ours = {"include_object": lambda obj, name, kind, *_: _table_of(obj, name, kind).startswith(OURS)}
            diff = compare_metadata(MigrationContext.configure(conn, opts=ours), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def orders(app: ServiceParts) -> OrderHandlers:
    sessions = app.database.async_sessions()
    return OrderHandlers(lambda call: SqlOrdersUnitOfWork(sessions, call, app.clock), app.clock, POLICY, ON_COMPLETION)


def charges(app: ServiceParts) -> ChargeHandlers:
    sessions = app.database.async_sessions()
    return ChargeHandlers(lambda call: SqlChargesUnitOfWork(sessions, call, app.clock), app.clock, CHARGES_POLICY)


async def dispatched(app: ServiceParts, warranty: str) -> str:
    o = orders(app)
    order = await o.open_work_order(
        oc.OpenWorkOrder(
            kind="home_repair", origin="resident_call", requester_name="王芳", unit="3-2-401", fault="水龙头漏水",
            warranty=warranty,
        ),
        FRONT_DESK,
    )  # fmt: skip
    await o.assign_work_order(oc.AssignWorkOrder(id=order.id, engineer="engineer-1", basis="on_duty"), FRONT_DESK)
    await o.accept_work_order(oc.AcceptWorkOrder(id=order.id), ENGINEER)
    await o.depart_for_work_order(oc.DepartForWorkOrder(id=order.id, tools_and_parts="扳手"), ENGINEER)
    return order.id


async def sign_off(app: ServiceParts, order_id: str) -> None:
    o = orders(app)
    await o.start_work(oc.StartWork(id=order_id), ENGINEER)
    await o.sign_off_work_order(
        oc.SignOffWorkOrder(id=order_id, signer_name="王芳", signer_department="household", signer_age=40), ENGINEER
    )


async def outbox(app: ServiceParts) -> list[OutboxRow]:
    async with app.database.async_sessions()() as session:
        return list((await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).all())


def envelope(row: OutboxRow) -> Envelope:
    return Envelope.from_header_map(row.headers, row.payload)


async def test_afs_05_quote_accept_start_sign_off_charge_and_file_once(app: ServiceParts) -> None:
    c = charges(app)
    await c.add_price_item(cc.AddPriceItem(code="PLB-001", name="更换阀芯", unit_price="80.00", unit="piece"), FINANCE)
    labour = await c.add_price_item(
        cc.AddPriceItem(code="LAB-001", name="上门人工", unit_price="50", unit="hour"), FINANCE
    )
    order_id = await dispatched(app, "out_of_warranty")
    quote = await c.draft_quote(
        cc.DraftQuote(order_id=order_id, lines=(("PLB-001", "2"), ("LAB-001", "1.5"))), ENGINEER
    )
    assert f"{quote.total:f}" == "235.00"
    # A price change afterwards never changes the quote (AFS-05).
    await c.change_price_item(cc.ChangePriceItem(id=labour.id, name="上门人工", unit_price="60", unit="hour"), FINANCE)
    with pytest.raises(RuleViolation):
        await orders(app).start_work(oc.StartWork(id=order_id), ENGINEER)  # AFS-09: quoted and accepted first
    agreed = await c.accept_quote(
        cc.AcceptQuote(id=quote.id, customer="王芳", channel="in_person", accepted_at=T0), ENGINEER
    )
    assert agreed.state.value == "agreed" and f"{agreed.total:f}" == "235.00"
    await sign_off(app, order_id)

    assert await app.timers.run_once() == 2  # the charge and the filing, set at sign-off
    sessions = app.database.async_sessions()
    for kind in (CHARGE, FILING):  # the timer's work again (a re-delivery): nothing more
        done = await c.completed(order_id, kind, SqlChargesUnitOfWork(sessions, SYSTEM, app.clock))
        assert not (done.charged or done.filed)

    rows = await outbox(app)
    charged = [r for r in rows if r.event_type.endswith(".ChargeRaised")]
    filed = [r for r in rows if r.topic == "cs.filing.v1"]
    assert len(charged) == 1 and len(filed) == 1
    assert charged[0].topic == "cs.aftersales.v1" and charged[0].key == order_id
    raised = decode(envelope(charged[0]), charges_events_pb2.ChargeRaised)
    assert (raised.order_id, raised.quote_id, raised.total, raised.currency) == (order_id, quote.id, "235.00", "CNY")
    assert [(x.code, x.quantity, x.unit_price, x.amount) for x in raised.lines] == [
        ("PLB-001", "2", "80.00", "160.00"),
        ("LAB-001", "1.5", "50.00", "75.00"),
    ]
    # What the archives' intake checks (archives.intake.events.inbound.request_from).
    request = envelope(filed[0])
    assert request.type == "cs.filing.v1.FilingRequested" and request.source == "aftersales"
    message = decode(request, filing_pb2.FilingRequested)
    assert (request.subject, request.branch_id) == (message.source_record_id, message.branch_id) == (order_id, "b1")
    assert message.filing_id == filing_id_for(order_id)
    assert (message.category, message.medium, message.retention_years) == (
        filing_pb2.CATEGORY_WORK_ORDER, filing_pb2.MEDIUM_PAPER, 2,
    )  # fmt: skip
    assert message.HasField("document_date")
    # The order's QuoteAccepted committed with the quote (AFS-09).
    assert any(r.event_type.endswith(".QuoteAccepted") and r.key == order_id for r in rows)


async def test_afs_11_an_order_under_warranty_is_not_quoted_and_costs_nothing(app: ServiceParts) -> None:
    c = charges(app)
    await c.add_price_item(cc.AddPriceItem(code="PLB-001", name="更换阀芯", unit_price="80.00", unit="piece"), FINANCE)
    order_id = await dispatched(app, "in_warranty")
    with pytest.raises(RuleViolation) as refused:
        await c.draft_quote(cc.DraftQuote(order_id=order_id, lines=(("PLB-001", "1"),)), ENGINEER)
    assert refused.value.rule_id == "AFS-11"
    await sign_off(app, order_id)
    assert await app.timers.run_once() == 2
    names = [r.event_type.rsplit(".", 1)[-1] for r in await outbox(app)]
    assert names.count("NoChargeDue") == 1 and "ChargeRaised" not in names
    assert names.count("FilingRequested") == 1


async def test_afs_05_the_price_list_is_the_branchs_searched_and_paged(app: ServiceParts) -> None:
    c = charges(app)
    for n in range(3):
        await c.add_price_item(
            cc.AddPriceItem(code=f"PLB-00{n}", name=f"阀芯{n}", unit_price="10", unit="piece"), FINANCE
        )
    await c.add_price_item(cc.AddPriceItem(code="LAB-001", name="人工", unit_price="50", unit="hour"), FINANCE)
    with pytest.raises(Conflict):  # the same code twice collides (one id per branch and code)
        await c.add_price_item(cc.AddPriceItem(code="lab-001", name="人工", unit_price="50", unit="hour"), FINANCE)
    reader = PriceListReader(app.database.async_sessions(), tokens=TOKENS)
    first, token = await reader.find(FINANCE, Page(2, ""), q="plb")
    rest, last = await reader.find(FINANCE, Page(2, token), q="plb")
    assert [i.code for i in first + rest] == ["PLB-000", "PLB-001", "PLB-002"] and last == ""
    assert (await reader.find(OTHER_BRANCH, Page(10, ""), q=""))[0] == []
    with pytest.raises(NotFound):
        await reader.item(first[0].id, OTHER_BRANCH)
    quotes = QuoteReader(app.database.async_sessions(), tokens=TOKENS)
    assert (await quotes.find(FINANCE, Page(10, ""), order_id="x"))[0] == []
