"""Builders the aftersales tests share (unit, integration, e2e helpers): actors of each role,
the policy and work orders at each step. Test support, never imported by the service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from aftersales.charges.domain.policy import ChargesPolicy
from aftersales.charges.domain.price import PriceItem
from aftersales.domain.policy import AftersalesPolicy
from aftersales.orders.domain.model import WorkOrder
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from cskit.calls import Call
from cskit.domain import Actor

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai, a Monday
POLICY = AftersalesPolicy()


def actor(subject: str, *roles: str, branch: str = "b1", grade: int = 0) -> Actor:
    return Actor(subject=subject, branch_id=branch, roles=frozenset(roles or {"agent"}), grade=grade)


def call(subject: str, *roles: str, branch: str = "b1", grade: int = 0) -> Call:
    return Call(actor=actor(subject, *roles, branch=branch, grade=grade))


FRONT_DESK = call("agent-1", "agent")
ENGINEER = call("engineer-1", "engineer")
OTHER_ENGINEER = call("engineer-2", "engineer")
LEAD = call("lead-1", "team_lead", grade=2)
MANAGER = call("manager-1", "manager", grade=3)
FINANCE = call("finance-1", "finance")
OTHER_BRANCH = call("agent-2", "agent", branch="b2")


def opened(
    kind: str = "home_repair",
    *,
    warranty: str = "in_warranty",
    by: Call = FRONT_DESK,
    now: datetime = T0,
    policy: AftersalesPolicy = POLICY,
) -> WorkOrder:
    """A resident's (or, for a public facility, customer service's) order as the front desk opened it."""
    public = kind == "public_facility"
    return WorkOrder.open(
        order_id=str(uuid.uuid4()),
        actor=by.actor,
        branch_id=by.actor.branch_id,
        policy=policy,
        kind=kind,
        origin="staff_report" if public else "resident_call",
        requester_name="王芳",
        requester_phone="13812345678",
        unit="" if public else "3-2-401",
        facility="2号楼电梯厅照明" if public else "",
        area="north" if public else "",
        reporting_department="customer_service" if public else "",
        fault="厨房水龙头漏水",
        warranty=warranty,
        now=now,
    )


def working(kind: str = "home_repair", *, warranty: str = "in_warranty", now: datetime = T0) -> WorkOrder:
    """An order dispatched to ENGINEER, accepted, left for and worked on (events pending)."""
    order = opened(kind, warranty=warranty, now=now)
    order.assign(FRONT_DESK.actor, engineer=ENGINEER.actor.subject, basis="on_duty", now=now)
    order.accept(ENGINEER.actor, policy=POLICY, now=now + timedelta(seconds=30))
    order.depart(ENGINEER.actor, tools_and_parts="扳手, 阀芯", now=now + timedelta(minutes=2))
    if warranty == "in_warranty":
        order.start(ENGINEER.actor, now=now + timedelta(minutes=20))
    return order


# Charges (aftersales.charges).
CHARGES_POLICY = ChargesPolicy()


def price_item(
    code: str = "PLB-001", unit_price: str = "80.00", *, name: str = "更换阀芯", branch: str = "b1"
) -> PriceItem:
    """An item finance published on ``branch``'s price list."""
    return PriceItem.add(
        actor=actor("finance-1", "finance", branch=branch),
        branch_id=branch,
        code=code,
        name=name,
        unit_price=unit_price,
        unit="piece",
        policy=CHARGES_POLICY,
        now=T0,
    )


def price_list() -> dict[str, PriceItem]:
    return {i.code: i for i in (price_item(), price_item("LAB-001", "50.00", name="上门人工"))}


# Shipping and field trips (aftersales.shipping).
SALES = call("sales-1", "sales")
LOGISTICS = call("logistics-1", "logistics")
TECHNICIAN = call("engineer-3", "engineer")
GENERAL_MANAGER = call("gm-1", "general_manager")


def shipping_policy() -> ShippingPolicy:
    return ShippingPolicy()


def requested_shipment(*, paid_at: datetime = T0, now: datetime = T0) -> Shipment:
    """A shipment SALES asked for, paid and confirmed by FINANCE at ``paid_at``."""
    return Shipment.request(
        shipment_id=str(uuid.uuid4()),
        actor=SALES.actor,
        policy=ShippingPolicy(),
        sales_order="SO-2026-0042",
        customer_name="李强",
        customer_phone="13900001111",
        address="上海市浦东新区世纪大道100号",
        product="空气净化器 X2",
        payment_reference="PAY-889900",
        payment_confirmed_by=FINANCE.actor.subject,
        payment_confirmed_at=paid_at,
        amount_paid="3999.00",
        now=now,
    )


def requested_trip(*, by: Call = TECHNICIAN, now: datetime = T0) -> FieldTrip:
    return FieldTrip.request(
        trip_id=str(uuid.uuid4()),
        actor=by.actor,
        policy=ShippingPolicy(),
        technician=TECHNICIAN.actor.subject,
        destination="苏州工业园区客户现场",
        purpose="安装调试新风系统",
        expected_days=3,
        now=now,
    )
