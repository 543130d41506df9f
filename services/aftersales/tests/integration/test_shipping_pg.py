"""Shipping and field trips on real PostgreSQL: a shipment, its outbox rows and its two clocks
commit together; moving the clock past 24 and 48 hours fires ShipmentLate and ShipmentOverdue
through the timer runner, once each, and shipping stops them (AFS-07); a field trip goes from
the general manager's approval to its feedback form (AFS-08); reads stay within the branch
(PLT-01); the gauges read the database; the migration gives the models' schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aftersales.bootstrap import build
from aftersales.observability import PAYMENT_TO_SHIP_HOURS, SHIPMENTS_WAITING
from aftersales.service import MIGRATIONS
from aftersales.settings import AftersalesSettings
from aftersales.shipping.app.handlers import ShippingHandlers
from aftersales.shipping.domain import commands as c
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.persistence.gauges import shipping_gauges
from aftersales.shipping.persistence.reader import ShipmentFilter, ShipmentReader, TripFilter, TripReader
from aftersales.shipping.persistence.uow import SqlShippingUnitOfWork
from aftersales.testing import (
    FINANCE,
    FRONT_DESK,
    GENERAL_MANAGER,
    LOGISTICS,
    OTHER_BRANCH,
    SALES,
    T0,
    TECHNICIAN,
)
from aftersales.wiring import AftersalesParts
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select

from cskit.db.base import Base
from cskit.db.engine import sync_url
from cskit.db.migrations import upgrade
from cskit.domain import Forbidden, FrozenClock, NotFound, RuleViolation
from cskit.messaging.outbox import OutboxRow
from cskit.pagination import Page, PageTokens

pytestmark = pytest.mark.integration
TOKENS = PageTokens("k" * 32)
POLICY = ShippingPolicy()
H = timedelta(hours=1)


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


def _ours(name: str) -> bool:
    return name.startswith(("aftersales_shipment", "aftersales_field_trip"))


def test_the_migrations_give_the_models_schema(pg_url: str) -> None:
    upgrade(MIGRATIONS, pg_url)
    engine = create_engine(sync_url(pg_url))
    try:
        with engine.connect() as conn:
            opts = {"include_object": lambda obj, name, kind, *_: _ours(_table_of(obj, name, kind))}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def handlers(app: AftersalesParts) -> ShippingHandlers:
    sessions = app.database.async_sessions()
    return ShippingHandlers(lambda call: SqlShippingUnitOfWork(sessions, call, app.clock), app.clock, POLICY)


def clock(app: AftersalesParts) -> FrozenClock:
    assert isinstance(app.clock, FrozenClock)
    return app.clock


async def events(app: AftersalesParts) -> list[str]:
    async with app.database.async_sessions()() as session:
        types = (await session.scalars(select(OutboxRow.event_type).order_by(OutboxRow.id))).all()
    return [t.rsplit(".", 1)[-1] for t in types]


def _request() -> c.RequestShipment:
    return c.RequestShipment(
        sales_order="SO-2026-0042",
        customer_name="李强",
        address="上海市浦东新区世纪大道100号",
        product="空气净化器 X2",
        payment_reference="PAY-889900",
        payment_confirmed_by=FINANCE.actor.subject,
        payment_confirmed_at=T0,
        amount="3999.00",
    )


async def test_afs_07_the_24_and_48_hour_clocks_fire_through_the_timers_and_the_customer_is_told(
    app: AftersalesParts,
) -> None:
    h = handlers(app)
    shipment = await h.request_shipment(_request(), SALES)
    assert await app.timers.run_once() == 0  # nothing due yet
    clock(app).set(T0 + 24 * H + timedelta(minutes=1))
    assert await app.timers.run_once() == 1
    clock(app).set(T0 + 48 * H + timedelta(minutes=1))
    assert await app.timers.run_once() == 1
    assert await app.timers.run_once() == 0  # each clock fires once
    reader = ShipmentReader(app.database.async_sessions(), tokens=TOKENS)
    now = await reader.shipment(shipment.id, FRONT_DESK)
    assert (now.late, now.overdue, now.notice_due) == (True, True, True)
    overdue, _ = await reader.find(FRONT_DESK, Page(50, ""), ShipmentFilter(overdue_only=True))
    assert [s.id for s in overdue] == [shipment.id]
    await shipping_gauges(POLICY)(app.database.async_engine, app.clock.now())
    assert SHIPMENTS_WAITING.labels("b1", "24h")._value.get() == 1
    assert SHIPMENTS_WAITING.labels("b1", "48h")._value.get() == 1
    await h.notify_customer(
        c.NotifyCustomer(id=shipment.id, channel="phone", offer="exchange_or_refund", choice="wait"), FRONT_DESK
    )
    with pytest.raises(NotFound):  # another branch's shipment is not there (PLT-01)
        await reader.shipment(shipment.id, OTHER_BRANCH)
    assert await events(app) == ["ShipmentRequested", "ShipmentLate", "ShipmentOverdue", "CustomerNotified"]


async def test_afs_07_a_shipment_from_payment_to_receipt_stops_its_clocks(app: AftersalesParts) -> None:
    h = handlers(app)
    shipment = await h.request_shipment(_request(), SALES)
    await h.issue_delivery_note(c.IssueDeliveryNote(id=shipment.id, note_number="DN-0001"), FINANCE)
    await h.hand_over_shipment(
        c.HandOverShipment(
            id=shipment.id, product_number="PN-77", production_date="2026-10-20", ship_date="2026-11-02"
        ),
        FRONT_DESK,
    )
    clock(app).set(T0 + 6 * H)
    shipped = await h.ship_shipment(c.ShipShipment(id=shipment.id, waybill_number="SF1234", carrier="顺丰"), LOGISTICS)
    assert shipped.payment_to_ship_hours == 6
    assert PAYMENT_TO_SHIP_HOURS.labels("b1")._sum.get() >= 6
    clock(app).set(T0 + 49 * H)
    assert await app.timers.run_once() == 0  # shipped in time: both clocks were cancelled
    await h.track_shipment(c.TrackShipment(id=shipment.id, status="delivered"), LOGISTICS)
    await h.confirm_receipt(c.ConfirmReceipt(id=shipment.id, received_by="李强", received_at=T0 + 48 * H), FRONT_DESK)
    booked = await h.book_installation(
        c.BookInstallation(id=shipment.id, appointment_at=T0 + 72 * H, note="上午"), FRONT_DESK
    )
    assert (booked.state.value, booked.installation_at) == ("received", T0 + 72 * H)
    found, _ = await ShipmentReader(app.database.async_sessions(), tokens=TOKENS).find(
        FRONT_DESK, Page(50, ""), ShipmentFilter(waybill_number="SF1234")
    )
    assert [s.id for s in found] == [shipment.id]
    assert await events(app) == [
        "ShipmentRequested", "DeliveryNoteIssued", "ShipmentHandedOver", "ShipmentShipped",
        "ShipmentDelivered", "ReceiptConfirmed", "InstallationBooked",
    ]  # fmt: skip


async def test_afs_08_a_field_trip_from_the_general_managers_approval_to_the_feedback_form(
    app: AftersalesParts,
) -> None:
    h = handlers(app)
    trip = await h.request_field_trip(
        c.RequestFieldTrip(destination="苏州工业园区", purpose="安装调试", expected_days=2), TECHNICIAN
    )
    with pytest.raises(Forbidden):
        await h.approve_field_trip(c.ApproveFieldTrip(id=trip.id), FRONT_DESK)
    await h.approve_field_trip(c.ApproveFieldTrip(id=trip.id, note="同意"), GENERAL_MANAGER)
    await h.depart_on_field_trip(c.DepartOnFieldTrip(id=trip.id, expected_days=3), TECHNICIAN)
    clock(app).set(T0 + timedelta(days=3, minutes=1))
    assert await app.timers.run_once() == 1  # three silent days: flagged
    await h.report_field_trip(c.ReportFieldTrip(id=trip.id, progress="到达现场"), TECHNICIAN)
    closed = await h.close_field_trip(
        c.CloseFieldTrip(id=trip.id, work_done="安装调试完成", customer_opinion="满意", satisfaction=5), TECHNICIAN
    )
    assert (closed.state.value, closed.days_away, closed.unreported) == ("closed", 4, False)
    clock(app).set(T0 + timedelta(days=10))
    assert await app.timers.run_once() == 0  # closed: the report clock stopped
    trips, _ = await TripReader(app.database.async_sessions(), tokens=TOKENS).find(
        FRONT_DESK, Page(50, ""), TripFilter(technician=TECHNICIAN.actor.subject, state="closed")
    )
    assert [t.id for t in trips] == [trip.id]
    assert await events(app) == [
        "FieldTripRequested", "FieldTripApproved", "FieldTripDeparted", "FieldTripUnreported",
        "FieldTripReported", "FieldTripClosed",
    ]  # fmt: skip


async def test_afs_07_the_contract_carries_the_shipment_and_the_trip(app: AftersalesParts) -> None:
    """Through the gRPC servicers: the request's times and numbers decoded, the records encoded."""
    from aftersales.shipping.api.servicer import FieldTripServicer, ShipmentServicer
    from aftersales.shipping.persistence.reader import ShipmentReader as Reader
    from google.protobuf.timestamp_pb2 import Timestamp

    from cs.aftersales.v1 import shipping_pb2 as pb
    from cskit.calls import Call, reset_current_call, set_current_call

    h = handlers(app)
    shipments = ShipmentServicer(h, Reader(app.database.async_sessions(), tokens=TOKENS))
    trips = FieldTripServicer(h, TripReader(app.database.async_sessions(), tokens=TOKENS))

    async def as_(caller: Call, servicer: object, method: str, request: object) -> Any:
        token = set_current_call(caller)
        try:
            return await getattr(servicer, method)(request, None)
        finally:
            reset_current_call(token)

    paid = Timestamp()
    paid.FromDatetime(T0)
    made = await as_(
        SALES,
        shipments, "RequestShipment",
        pb.RequestShipmentRequest(
            sales_order="SO-1", customer_name="李强", address="上海市", product="净化器",
            payment_reference="PAY-1", payment_confirmed_by="finance-1", payment_confirmed_at=paid, amount="99.50",
        ),
    )  # fmt: skip
    shipment = made.shipment
    assert (shipment.state, shipment.amount, shipment.currency) == ("requested", "99.50", "CNY")
    assert shipment.ship_due.ToDatetime().replace(tzinfo=T0.tzinfo) == T0 + 24 * H
    with pytest.raises(RuleViolation) as unpaid:
        await as_(SALES, shipments, "RequestShipment", pb.RequestShipmentRequest(sales_order="SO-2", amount="1.00"))
    assert unpaid.value.code == "payment_not_confirmed"
    listed = await as_(FRONT_DESK, shipments, "ListShipments", pb.ListShipmentsRequest(state="requested"))
    assert [s.id for s in listed.shipments] == [shipment.id]
    trip = (
        await as_(
            TECHNICIAN,
            trips,
            "RequestFieldTrip",
            pb.RequestFieldTripRequest(destination="苏州", purpose="安装", expected_days=2),
        )
    ).trip
    approved = await as_(GENERAL_MANAGER, trips, "ApproveFieldTrip", pb.ApproveFieldTripRequest(id=trip.id))
    assert (approved.trip.state, approved.trip.approved_by) == ("approved", "gm-1")
