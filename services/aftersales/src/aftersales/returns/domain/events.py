"""Return-case events, past tense, shaped like their payloads in
``cs/aftersales/v1/returns_events.proto``. Amounts are exact decimal strings ("1234.50").
Finance reads RefundApproved, RefundPaid and RefundOverdue (PLT-03)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnCaseOpened:
    case_id: str
    branch_id: str
    # refused_on_delivery (damaged on arrival: we resend) or signed (after-sales takes over).
    situation: str
    order_ref: str
    customer_name: str
    customer_phone: str
    product: str
    original_amount: str
    currency: str
    # How the customer paid: the refund goes back the same way (AFS-10).
    payment_means: str
    delivery_waybill: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacementResent:
    """Refused on delivery: the goods are sent again under a new waybill."""

    case_id: str
    waybill: str
    carrier: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnShipped:
    """Signed goods on their way back: the return logistics' waybill."""

    case_id: str
    waybill: str
    carrier: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnReceived:
    """The goods are back and checked against the items list."""

    case_id: str
    items: tuple[str, ...]
    missing_parts: tuple[str, ...]
    complete: bool
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ExchangeAgreed:
    """An exchange: the price difference is new minus original (negative: we owe the customer)."""

    case_id: str
    new_product: str
    new_amount: str
    price_difference: str
    currency: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundRequested:
    case_id: str
    amount: str
    currency: str
    payment_means: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundApproved:
    """Finance or a manager approved; the refund is paid back by ``due_at`` (one week)."""

    case_id: str
    branch_id: str
    amount: str
    currency: str
    payment_means: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundPaid:
    case_id: str
    branch_id: str
    amount: str
    currency: str
    payment_means: str
    reference: str
    late: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundOverdue:
    """The week ran out with the refund unpaid."""

    case_id: str
    branch_id: str
    amount: str
    currency: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnCaseClosed:
    case_id: str
    reason: str
    actor: str
    occurred_at: datetime


ReturnEvent = (
    ReturnCaseOpened
    | ReplacementResent
    | ReturnShipped
    | ReturnReceived
    | ExchangeAgreed
    | RefundRequested
    | RefundApproved
    | RefundPaid
    | RefundOverdue
    | ReturnCaseClosed
)
