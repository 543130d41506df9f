"""Shipping and field trips on the pure domain (AFS-07, AFS-08)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aftersales.shipping.domain.events import (
    CustomerNotified,
    FieldTripUnreported,
    ShipmentLate,
    ShipmentOverdue,
    ShipmentShipped,
)
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.states import ShipmentState, TripState
from aftersales.shipping.domain.trip import FieldTrip
from aftersales.testing import (
    FINANCE,
    FRONT_DESK,
    GENERAL_MANAGER,
    LOGISTICS,
    MANAGER,
    SALES,
    T0,
    TECHNICIAN,
    requested_shipment,
    requested_trip,
)

from cskit.domain import Forbidden, InvalidInput, RuleViolation

POLICY = ShippingPolicy()
H = timedelta(hours=1)


def _request(**changes: object) -> Shipment:
    fields: dict[str, object] = {
        "shipment_id": "s-1",
        "actor": SALES.actor,
        "policy": POLICY,
        "sales_order": "SO-1",
        "customer_name": "李强",
        "address": "上海市",
        "product": "净化器",
        "payment_reference": "PAY-1",
        "payment_confirmed_by": "finance-1",
        "payment_confirmed_at": T0,
        "amount_paid": "100.00",
        "now": T0,
    }
    return Shipment.request(**(fields | changes))  # type: ignore[arg-type]


def _handed_over(shipment: Shipment, now: object = T0) -> Shipment:
    shipment.issue_delivery_note(FINANCE.actor, note_number="DN-0001", now=T0 + H)
    shipment.hand_over(
        FRONT_DESK.actor,
        product_number="PN-77",
        production_date="2026-10-20",
        ship_date="2026-11-02",
        warehouse="上海一号仓",
        policy=POLICY,
        now=T0 + 2 * H,
    )
    return shipment


def test_afs_07_no_shipment_before_the_payment_is_confirmed() -> None:
    for missing in ({"payment_reference": ""}, {"payment_confirmed_by": ""}, {"payment_confirmed_at": None}):
        with pytest.raises(RuleViolation) as refused:
            _request(**missing)
        assert (refused.value.code, refused.value.rule_id) == ("payment_not_confirmed", "AFS-07")
    with pytest.raises(RuleViolation):
        _request(payment_confirmed_by="sales-1")  # the salesperson cannot confirm their own payment
    with pytest.raises(InvalidInput):
        _request(amount_paid="0")
    with pytest.raises(InvalidInput):
        _request(payment_confirmed_at=T0 + H)  # a confirmation from the future
    with pytest.raises(Forbidden):
        _request(actor=FINANCE.actor)  # sales asks for shipment
    shipment = requested_shipment()
    assert (shipment.state, shipment.ship_due, shipment.ship_latest) == (
        ShipmentState.REQUESTED,
        T0 + 24 * H,
        T0 + 48 * H,
    )
    assert str(shipment.amount) == "3999.00" and shipment.number.startswith("SH20261102-")


def test_afs_07_the_delivery_note_comes_before_logistics_and_the_dates_are_checked() -> None:
    shipment = requested_shipment()
    with pytest.raises(RuleViolation) as refused:
        shipment.hand_over(
            FRONT_DESK.actor, product_number="PN", production_date="2026-10-01", ship_date="2026-11-02",
            warehouse="", policy=POLICY, now=T0,
        )  # fmt: skip
    assert refused.value.code == "delivery_note_missing"
    with pytest.raises(Forbidden):
        shipment.issue_delivery_note(SALES.actor, note_number="DN-1", now=T0)  # finance issues it
    shipment.issue_delivery_note(FINANCE.actor, note_number="DN-1", now=T0)
    bad = {
        "production_date": ("2026-11-03", "2026-11-03"),  # produced tomorrow
        "ship_date": ("2026-10-01", "2026-10-31"),  # shipped before the payment
    }
    for field, (produced, ships) in bad.items():
        with pytest.raises(InvalidInput) as wrong:
            shipment.hand_over(
                FRONT_DESK.actor, product_number="PN", production_date=produced, ship_date=ships,
                warehouse="", policy=POLICY, now=T0,
            )  # fmt: skip
        assert wrong.value.violations[0].field == field
    with pytest.raises(InvalidInput):
        shipment.hand_over(
            FRONT_DESK.actor, product_number="PN", production_date="2026-10-1", ship_date="2026-11-02",
            warehouse="", policy=POLICY, now=T0,
        )  # fmt: skip
    shipment.hand_over(
        FRONT_DESK.actor, product_number="PN-77", production_date="2026-10-20", ship_date="2026-11-02",
        warehouse="", policy=POLICY, now=T0,
    )  # fmt: skip
    assert (shipment.state, shipment.product_number, str(shipment.production_date)) == (
        ShipmentState.HANDED_OVER,
        "PN-77",
        "2026-10-20",
    )


def test_afs_07_shipped_tracked_delivered_and_received() -> None:
    shipment = _handed_over(requested_shipment())
    shipment.ship(LOGISTICS.actor, waybill_number="SF1234567890", carrier="顺丰", now=T0 + 10 * H)
    shipped = shipment.pending[-1]
    assert isinstance(shipped, ShipmentShipped) and shipped.payment_to_ship_minutes == 600 and not shipped.late
    shipment.track(LOGISTICS.actor, status="in_transit", note="", now=T0 + 12 * H)
    shipment.track(LOGISTICS.actor, status="exception", note="地址不详", now=T0 + 20 * H)
    with pytest.raises(RuleViolation):
        shipment.confirm_receipt(FRONT_DESK.actor, received_by="李强", received_at=T0, policy=POLICY, now=T0 + 21 * H)
    with pytest.raises(InvalidInput):
        shipment.track(LOGISTICS.actor, status="lost", note="", now=T0 + 21 * H)
    shipment.track(LOGISTICS.actor, status="delivered", note="", now=T0 + 30 * H)
    with pytest.raises(InvalidInput):  # received before it shipped
        shipment.confirm_receipt(FRONT_DESK.actor, received_by="李强", received_at=T0, policy=POLICY, now=T0 + 31 * H)
    with pytest.raises(InvalidInput):  # received in the future
        shipment.confirm_receipt(
            FRONT_DESK.actor, received_by="李强", received_at=T0 + 40 * H, policy=POLICY, now=T0 + 31 * H
        )
    shipment.confirm_receipt(
        FRONT_DESK.actor, received_by="李强", received_at=T0 + 29 * H, policy=POLICY, now=T0 + 31 * H
    )
    assert (shipment.state, shipment.received_by) == (ShipmentState.RECEIVED, "李强")
    again = Shipment.rebuild(shipment.pending)
    assert (again.state, again.waybill_number, again.received_at) == (
        ShipmentState.RECEIVED,
        "SF1234567890",
        T0 + 29 * H,
    )


def test_afs_07_the_24_and_48_hour_clocks_run_from_the_payment() -> None:
    shipment = requested_shipment(paid_at=T0 - 2 * H)
    shipment.clock(latest=False, now=T0 + 22 * H)
    assert isinstance(shipment.pending[-1], ShipmentLate) and shipment.late and not shipment.overdue
    shipment.clock(latest=False, now=T0 + 23 * H)  # once
    assert sum(isinstance(e, ShipmentLate) for e in shipment.pending) == 1
    assert not shipment.notice_due
    shipment.clock(latest=True, now=T0 + 46 * H)
    assert isinstance(shipment.pending[-1], ShipmentOverdue) and shipment.overdue and shipment.notice_due
    _handed_over(shipment)
    shipment.ship(LOGISTICS.actor, waybill_number="SF1", carrier="顺丰", now=T0 + 50 * H)
    assert shipment.pending[-1].late
    shipped = requested_shipment()
    _handed_over(shipped)
    shipped.ship(LOGISTICS.actor, waybill_number="SF2", carrier="顺丰", now=T0 + 3 * H)
    before = len(shipped.pending)
    shipped.clock(latest=True, now=T0 + 48 * H)  # shipped in time: the clock has nothing to say
    assert len(shipped.pending) == before and not shipped.overdue


def test_afs_07_a_late_shipment_tells_the_customer_and_offers_an_exchange_or_refund() -> None:
    shipment = requested_shipment()
    with pytest.raises(RuleViolation) as early:
        shipment.notify_customer(FRONT_DESK.actor, channel="phone", offer="refund", choice="", note="", now=T0 + H)
    assert early.value.code == "shipment_not_late"
    shipment.clock(latest=True, now=T0 + 48 * H)
    with pytest.raises(InvalidInput):
        shipment.notify_customer(
            FRONT_DESK.actor, channel="phone", offer="discount", choice="", note="", now=T0 + 49 * H
        )
    with pytest.raises(InvalidInput):  # a refund was not offered
        shipment.notify_customer(
            FRONT_DESK.actor, channel="phone", offer="exchange", choice="refund", note="", now=T0 + 49 * H
        )
    shipment.notify_customer(
        FRONT_DESK.actor, channel="phone", offer="exchange_or_refund", choice="", note="缺货", now=T0 + 49 * H
    )
    assert (shipment.customer_choice, shipment.notice_due) == ("pending", False)
    shipment.notify_customer(
        FRONT_DESK.actor, channel="phone", offer="exchange_or_refund", choice="refund", note="", now=T0 + 50 * H
    )
    notice = shipment.pending[-1]
    assert isinstance(notice, CustomerNotified) and (notice.offer, notice.choice) == ("exchange_or_refund", "refund")
    _handed_over(shipment)
    shipment.ship(LOGISTICS.actor, waybill_number="SF1", carrier="顺丰", now=T0 + 51 * H)
    with pytest.raises(RuleViolation):  # shipped: nothing to tell
        shipment.notify_customer(FRONT_DESK.actor, channel="sms", offer="refund", choice="", note="", now=T0 + 52 * H)


def test_afs_08_the_installation_is_booked_once_the_goods_arrived() -> None:
    shipment = _handed_over(requested_shipment())
    with pytest.raises(RuleViolation) as refused:
        shipment.book_installation(FRONT_DESK.actor, appointment_at=T0 + 72 * H, note="", policy=POLICY, now=T0 + 3 * H)
    assert refused.value.code == "goods_not_delivered"
    shipment.ship(LOGISTICS.actor, waybill_number="SF1", carrier="顺丰", now=T0 + 4 * H)
    shipment.track(LOGISTICS.actor, status="delivered", note="", now=T0 + 30 * H)
    with pytest.raises(InvalidInput):  # more than 60 days ahead
        shipment.book_installation(
            FRONT_DESK.actor, appointment_at=T0 + 24 * 70 * H, note="", policy=POLICY, now=T0 + 31 * H
        )
    shipment.book_installation(
        FRONT_DESK.actor, appointment_at=T0 + 72 * H, note="上午", policy=POLICY, now=T0 + 31 * H
    )
    assert shipment.installation_at == T0 + 72 * H


def test_afs_08_a_field_trip_is_approved_by_the_general_manager_never_by_the_requester() -> None:
    trip = requested_trip()
    with pytest.raises(Forbidden):
        trip.approve(MANAGER.actor, note="", now=T0)  # not the general manager
    gm_asks = requested_trip(by=GENERAL_MANAGER)
    with pytest.raises(Forbidden) as own:
        gm_asks.approve(GENERAL_MANAGER.actor, note="", now=T0)
    assert own.value.rule_id == "PLT-02"
    with pytest.raises(RuleViolation) as not_yet:
        trip.depart(TECHNICIAN.actor, expected_days=0, policy=POLICY, now=T0)
    assert not_yet.value.code == "trip_not_approved"
    trip.approve(GENERAL_MANAGER.actor, note="同意", now=T0 + H)
    assert (trip.state, trip.approved_by) == (TripState.APPROVED, "gm-1")
    refused = requested_trip()
    refused.refuse(GENERAL_MANAGER.actor, reason="远程可解决", now=T0)
    assert refused.state is TripState.REFUSED
    with pytest.raises(InvalidInput):  # the expected length is 1 to 60 days
        FieldTrip.request(
            trip_id="t", actor=TECHNICIAN.actor, policy=POLICY, technician="", destination="苏州",
            purpose="安装", expected_days=0, now=T0,
        )  # fmt: skip


def test_afs_08_the_technician_leaves_reports_and_files_the_feedback_form() -> None:
    trip = requested_trip()
    trip.approve(GENERAL_MANAGER.actor, note="", now=T0)
    with pytest.raises(Forbidden):
        trip.depart(SALES.actor, expected_days=2, policy=POLICY, now=T0 + H)  # only the traveller
    trip.depart(TECHNICIAN.actor, expected_days=4, policy=POLICY, now=T0 + H)
    assert (trip.state, trip.expected_days) == (TripState.TRAVELLING, 4)
    trip.report(TECHNICIAN.actor, progress="到达现场, 开始安装", now=T0 + 5 * H)
    assert trip.report_clock(policy=POLICY, now=T0 + 6 * H) == T0 + 5 * H + timedelta(days=3)
    trip.report_clock(policy=POLICY, now=T0 + 5 * H + timedelta(days=3))
    assert isinstance(trip.pending[-1], FieldTripUnreported) and trip.unreported
    trip.report(TECHNICIAN.actor, progress="调试完成", now=T0 + 80 * H)
    assert not trip.unreported and trip.reports == ("到达现场, 开始安装", "调试完成")
    with pytest.raises(InvalidInput):
        trip.close(TECHNICIAN.actor, work_done="安装", customer_opinion="满意", satisfaction=6, now=T0 + 90 * H)
    trip.close(TECHNICIAN.actor, work_done="安装调试", customer_opinion="服务周到", satisfaction=5, now=T0 + 90 * H)
    assert (trip.state, trip.satisfaction, trip.days_away) == (TripState.CLOSED, 5, 4)
    assert trip.report_clock(policy=POLICY, now=T0 + 100 * H) is None
