"""The return case: goods coming back after a sale, event-sourced (AFS-10).

Damaged on arrival, the customer refuses delivery and we resend under a new waybill; goods
already signed for are after-sales': the return is tracked by its waybill, checked for
completeness against the items list, and ends in an exchange (the price difference
computed exactly) or a refund. A refund is approved by finance or a manager, never by the
one who asked (PLT-02), and paid within one week of approval back to the means the customer
paid with. Every move goes through the ONE transition table (``states``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import assert_never

from aftersales.domain.kinds import parse
from aftersales.domain.roles import FRONT_DESK
from aftersales.returns.domain.events import (
    ExchangeAgreed,
    RefundApproved,
    RefundOverdue,
    RefundPaid,
    RefundRequested,
    ReplacementResent,
    ReturnCaseClosed,
    ReturnCaseOpened,
    ReturnEvent,
    ReturnReceived,
    ReturnShipped,
)
from aftersales.returns.domain.policy import ReturnsPolicy
from aftersales.returns.domain.states import TRANSITIONS, PaymentMeans, ReturnAction, ReturnState, Situation
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_not_requester, require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.money import parse_cents
from cskit.domain.rules import enforces
from cskit.domain.text import TextFields, bounded_text

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# After-sales and customer service run the case; finance or a manager approve a refund.
AFTER_SALES = FRONT_DESK | {"engineer"}
FINANCE = frozenset({"finance", "manager", "director", "general_manager"})

# field -> (max length, required)
_TEXT = {
    "order_ref": (64, True),
    "customer_name": (100, True),
    "customer_phone": (32, False),
    "product": (200, True),
    "new_product": (200, True),
    "waybill": (64, True),
    "delivery_waybill": (64, False),
    "carrier": (64, False),
    "reason": (500, True),
    "note": (2000, False),
    "reference": (128, True),
    "item": (200, True),
}
_MULTILINE = frozenset({"reason", "note"})


text = TextFields(_TEXT, _MULTILINE)


def amount(value: str, field: str) -> Decimal:
    """An exact amount in cents: "1234.5" and "1234.50" are the same, "1.234" is refused."""
    return parse_cents(value, field, positive=False, rule_id="AFS-10")


def items_list(values: Sequence[str], field: str) -> tuple[str, ...]:
    if len(values) > 100:
        raise InvalidInput.on(field, "at most 100 entries")
    return tuple(bounded_text(v, field, 200, required=True) for v in values)


class ReturnCase(EventSourced[ReturnEvent]):
    """Build it with ``open`` or ``rebuild``, never directly."""

    id: str
    branch_id: str
    situation: Situation
    state: ReturnState
    order_ref: str
    customer_name: str
    customer_phone: str
    product: str
    original_amount: str
    currency: str
    payment_means: PaymentMeans
    delivery_waybill: str
    reason: str
    resend_waybill: str
    return_waybill: str
    carrier: str
    items: tuple[str, ...]
    missing_parts: tuple[str, ...]
    complete: bool
    new_product: str
    new_amount: str
    price_difference: str
    refund_amount: str
    refund_requested_by: str
    refund_approved_by: str
    refund_approved_at: datetime | None
    refund_due: datetime | None
    refund_paid_at: datetime | None
    refund_reference: str
    refund_overdue: bool
    closed_reason: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.order_ref = self.customer_name = self.customer_phone = ""
        self.situation = Situation.SIGNED
        self.state = ReturnState.SIGNED
        self.product = self.original_amount = self.currency = self.delivery_waybill = self.reason = ""
        self.payment_means = PaymentMeans.CASH
        self.resend_waybill = self.return_waybill = self.carrier = ""
        self.items = self.missing_parts = ()
        self.complete = False
        self.new_product = self.new_amount = self.price_difference = ""
        self.refund_amount = self.refund_requested_by = self.refund_approved_by = self.refund_reference = ""
        self.refund_approved_at = self.refund_due = self.refund_paid_at = None
        self.refund_overdue = False
        self.closed_reason = self.created_by = ""
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("AFS-10")
    def open(
        cls,
        *,
        case_id: str,
        actor: Actor,
        branch_id: str,
        policy: ReturnsPolicy,
        situation: str,
        order_ref: str,
        customer_name: str,
        product: str,
        original_amount: str,
        payment_means: str,
        reason: str,
        customer_phone: str = "",
        delivery_waybill: str = "",
        now: datetime,
    ) -> ReturnCase:
        """A return starts as a refusal at the door (damaged on arrival) or a signed sale
        after-sales takes over; either way we note how the customer paid."""
        require_role(actor, AFTER_SALES, action="opening a return case")
        checked = parse(Situation, situation, "situation", "AFS-10")
        means = parse(PaymentMeans, payment_means, "payment_means", "AFS-10")
        waybill = text("delivery_waybill", delivery_waybill)
        if checked is Situation.REFUSED_ON_DELIVERY and not waybill:
            raise InvalidInput.on("delivery_waybill", "a refused delivery names its waybill", rule_id="AFS-10")
        case = cls()
        case._record(
            ReturnCaseOpened(
                case_id=case_id,
                branch_id=branch_id,
                situation=checked.value,
                order_ref=text("order_ref", order_ref),
                customer_name=text("customer_name", customer_name),
                customer_phone=text("customer_phone", customer_phone),
                product=text("product", product),
                original_amount=str(amount(original_amount, "original_amount")),
                currency=policy.currency,
                payment_means=means.value,
                delivery_waybill=waybill,
                reason=text("reason", reason),
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return case

    @classmethod
    def rebuild(cls, history: Sequence[ReturnEvent]) -> ReturnCase:
        case = cls()
        case._replay(history)
        return case

    # -- refused on delivery -----------------------------------------------------------------

    def resend(self, actor: Actor, *, waybill: str, carrier: str, now: datetime) -> None:
        """Damaged on arrival: the goods go again under a new waybill."""
        require_role(actor, AFTER_SALES, action="resending goods")
        TRANSITIONS.move(self.state, ReturnAction.RESEND)
        new = text("waybill", waybill)
        if new == self.delivery_waybill:
            raise InvalidInput.on("waybill", "a resend travels under a new waybill", rule_id="AFS-10")
        self._record(
            ReplacementResent(
                case_id=self.id, waybill=new, carrier=text("carrier", carrier), actor=actor.subject, occurred_at=now
            )
        )

    # -- signed: after-sales takes over ------------------------------------------------------

    def ship_back(self, actor: Actor, *, waybill: str, carrier: str, now: datetime) -> None:
        require_role(actor, AFTER_SALES, action="tracking a return")
        TRANSITIONS.move(self.state, ReturnAction.SHIP_BACK)
        self._record(
            ReturnShipped(
                case_id=self.id,
                waybill=text("waybill", waybill),
                carrier=text("carrier", carrier),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def receive(
        self, actor: Actor, *, items: Sequence[str], missing_parts: Sequence[str], note: str, now: datetime
    ) -> None:
        """The completeness check: what came back, and what is missing."""
        require_role(actor, AFTER_SALES, action="checking a return")
        TRANSITIONS.move(self.state, ReturnAction.RECEIVE)
        listed = items_list(items, "items")
        if not listed:
            raise InvalidInput.on("items", "list what came back", rule_id="AFS-10")
        missing = items_list(missing_parts, "missing_parts")
        self._record(
            ReturnReceived(
                case_id=self.id,
                items=listed,
                missing_parts=missing,
                complete=not missing,
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def exchange(self, actor: Actor, *, new_product: str, new_amount: str, now: datetime) -> None:
        """The price difference is exact: new minus original; negative means we pay it back."""
        require_role(actor, AFTER_SALES, action="agreeing an exchange")
        TRANSITIONS.move(self.state, ReturnAction.EXCHANGE)
        price = amount(new_amount, "new_amount")
        self._record(
            ExchangeAgreed(
                case_id=self.id,
                new_product=text("new_product", new_product),
                new_amount=str(price),
                price_difference=str(price - Decimal(self.original_amount)),
                currency=self.currency,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def request_refund(self, actor: Actor, *, refund_amount: str, reason: str, now: datetime) -> None:
        require_role(actor, AFTER_SALES, action="requesting a refund")
        TRANSITIONS.move(self.state, ReturnAction.REQUEST_REFUND)
        value = amount(refund_amount, "amount")
        if value <= 0 or value > Decimal(self.original_amount):
            raise InvalidInput.on("amount", "must be above zero and at most what was paid", rule_id="AFS-10")
        self._record(
            RefundRequested(
                case_id=self.id,
                amount=str(value),
                currency=self.currency,
                payment_means=self.payment_means.value,
                reason=text("reason", reason),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-10")
    def approve_refund(self, actor: Actor, *, policy: ReturnsPolicy, now: datetime) -> None:
        """Finance or a manager, never the requester (PLT-02); the one-week clock starts."""
        require_role(actor, policy.refund_approvers, action="approving a refund")
        require_not_requester(actor, self.refund_requested_by, action="approving a refund")
        TRANSITIONS.move(self.state, ReturnAction.APPROVE_REFUND)
        self._record(
            RefundApproved(
                case_id=self.id,
                branch_id=self.branch_id,
                amount=self.refund_amount,
                currency=self.currency,
                payment_means=self.payment_means.value,
                due_at=now + policy.refund_within,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-10")
    def pay_refund(self, actor: Actor, *, payment_means: str, reference: str, now: datetime) -> None:
        """Back to the original means only: cash to cash, card to card."""
        require_role(actor, FINANCE, action="paying a refund")
        TRANSITIONS.move(self.state, ReturnAction.PAY_REFUND)
        means = parse(PaymentMeans, payment_means, "payment_means", "AFS-10")
        if means is not self.payment_means:
            raise RuleViolation(
                f"a refund goes back to the original means ({self.payment_means.value})",
                code="refund_means_differs",
                rule_id="AFS-10",
            )
        assert self.refund_due is not None  # approved
        self._record(
            RefundPaid(
                case_id=self.id,
                branch_id=self.branch_id,
                amount=self.refund_amount,
                currency=self.currency,
                payment_means=means.value,
                reference=text("reference", reference),
                late=now > self.refund_due,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def refund_clock(self, now: datetime) -> None:
        """The week's timer: still approved and unpaid, it is overdue (said once)."""
        due = self.refund_due
        if self.state is not ReturnState.REFUND_APPROVED or self.refund_overdue or due is None or now < due:
            return
        self._record(
            RefundOverdue(
                case_id=self.id,
                branch_id=self.branch_id,
                amount=self.refund_amount,
                currency=self.currency,
                due_at=due,
                actor="system",
                occurred_at=now,
            )
        )

    def close(self, actor: Actor, *, reason: str, now: datetime) -> None:
        require_role(actor, AFTER_SALES, action="closing a return case")
        TRANSITIONS.move(self.state, ReturnAction.CLOSE)
        self._record(
            ReturnCaseClosed(case_id=self.id, reason=text("reason", reason), actor=actor.subject, occurred_at=now)
        )

    # -- state -------------------------------------------------------------------------------

    def _apply(self, event: ReturnEvent) -> None:
        match event:
            case ReturnCaseOpened():
                self.id, self.branch_id = event.case_id, event.branch_id
                self.situation = Situation(event.situation)
                self.state = (
                    ReturnState.REFUSED if self.situation is Situation.REFUSED_ON_DELIVERY else ReturnState.SIGNED
                )
                self.order_ref, self.customer_name = event.order_ref, event.customer_name
                self.customer_phone, self.product = event.customer_phone, event.product
                self.original_amount, self.currency = event.original_amount, event.currency
                self.payment_means = PaymentMeans(event.payment_means)
                self.delivery_waybill, self.reason = event.delivery_waybill, event.reason
                self.created_by, self.created_at = event.actor, event.occurred_at
            case ReplacementResent():
                self.state = TRANSITIONS.move(self.state, ReturnAction.RESEND)
                self.resend_waybill, self.carrier = event.waybill, event.carrier
            case ReturnShipped():
                self.state = TRANSITIONS.move(self.state, ReturnAction.SHIP_BACK)
                self.return_waybill, self.carrier = event.waybill, event.carrier
            case ReturnReceived():
                self.state = TRANSITIONS.move(self.state, ReturnAction.RECEIVE)
                self.items, self.missing_parts, self.complete = event.items, event.missing_parts, event.complete
            case ExchangeAgreed():
                self.state = TRANSITIONS.move(self.state, ReturnAction.EXCHANGE)
                self.new_product, self.new_amount = event.new_product, event.new_amount
                self.price_difference = event.price_difference
            case RefundRequested():
                self.state = TRANSITIONS.move(self.state, ReturnAction.REQUEST_REFUND)
                self.refund_amount, self.refund_requested_by = event.amount, event.actor
            case RefundApproved():
                self.state = TRANSITIONS.move(self.state, ReturnAction.APPROVE_REFUND)
                self.refund_approved_by, self.refund_approved_at = event.actor, event.occurred_at
                self.refund_due = event.due_at
            case RefundPaid():
                self.state = TRANSITIONS.move(self.state, ReturnAction.PAY_REFUND)
                self.refund_paid_at, self.refund_reference = event.occurred_at, event.reference
            case RefundOverdue():
                self.refund_overdue = True
            case ReturnCaseClosed():
                self.state = TRANSITIONS.move(self.state, ReturnAction.CLOSE)
                self.closed_reason = event.reason
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
