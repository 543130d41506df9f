"""The shipment (发货): goods a customer paid for, from sales' request to the customer's
receipt (AFS-07), and the installation booked once they arrived (AFS-08). Event-sourced;
every move goes through the ONE transition table (``states``). The 24/48-hour clock runs
from the payment's confirmation: the handlers set its timers, ``clock`` records them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from aftersales.domain.kinds import parse
from aftersales.shipping.domain.events import (
    CustomerNotified,
    DeliveryNoteIssued,
    InstallationBooked,
    ReceiptConfirmed,
    ShipmentDelivered,
    ShipmentEvent,
    ShipmentHandedOver,
    ShipmentLate,
    ShipmentOverdue,
    ShipmentRequested,
    ShipmentShipped,
    ShipmentTracked,
)
from aftersales.shipping.domain.policy import ShippingPolicy
from aftersales.shipping.domain.rules import (
    AFTERSALES,
    FINANCE,
    LOGISTICS,
    SALES,
    amount,
    day,
    text,
)
from aftersales.shipping.domain.shipment_record import ShipmentRecord
from aftersales.shipping.domain.shipment_terms import Channel, Choice, Offer, Tracking
from aftersales.shipping.domain.states import SHIPMENT_TRANSITIONS as TABLE
from aftersales.shipping.domain.states import ShipmentAction
from cskit.domain import Actor, InvalidInput, RuleViolation
from cskit.domain.actor import require_role, staff_id
from cskit.domain.clock import reported_time
from cskit.domain.rules import enforces


def shipment_number(shipment_id: str, at: datetime, policy: ShippingPolicy) -> str:
    return f"SH{policy.local_day(at):%Y%m%d}-{shipment_id.replace('-', '')[:6].upper()}"


class Shipment(ShipmentRecord):
    """Build it with ``request`` or ``rebuild``, never directly."""

    # -- the request (after payment) ----------------------------------------------------------

    @classmethod
    @enforces("AFS-07")
    def request(
        cls,
        *,
        shipment_id: str,
        actor: Actor,
        policy: ShippingPolicy,
        sales_order: str,
        customer_name: str,
        customer_phone: str = "",
        address: str,
        product: str,
        payment_reference: str,
        payment_confirmed_by: str,
        payment_confirmed_at: datetime | None,
        amount_paid: str,
        currency: str = "CNY",
        now: datetime,
    ) -> Shipment:
        """Sales asks for shipment only once finance confirmed the payment: its reference, the
        finance user who confirmed it, when, and the amount. The 24/48-hour clock runs from
        that confirmation."""
        require_role(actor, SALES, action="requesting a shipment")
        if not payment_reference.strip() or not payment_confirmed_by.strip() or payment_confirmed_at is None:
            raise RuleViolation(
                "a shipment is requested only after finance confirmed the payment",
                code="payment_not_confirmed",
                rule_id="AFS-07",
            )
        confirmed_by = staff_id(payment_confirmed_by.strip(), "payment_confirmed_by")
        if confirmed_by == actor.subject:
            raise RuleViolation(
                "the payment is confirmed by finance, not by the salesperson asking for shipment",
                code="payment_not_confirmed",
                rule_id="AFS-07",
            )
        paid_at = reported_time(
            payment_confirmed_at,
            "payment_confirmed_at",
            not_before=now - policy.payment_lookback,
            not_after=now + policy.reported_time_skew,
            rule_id="AFS-07",
        )
        checked_currency = text("currency", currency or "CNY").upper()  # an unset wire field is ""
        if len(checked_currency) != 3 or not checked_currency.isalpha():
            raise InvalidInput.on("currency", "must be an ISO 4217 code")
        shipment = cls()
        shipment._record(
            ShipmentRequested(
                shipment_id=shipment_id,
                branch_id=actor.branch_id,
                number=shipment_number(shipment_id, now, policy),
                sales_order=text("sales_order", sales_order),
                customer_name=text("customer_name", customer_name),
                customer_phone=text("customer_phone", customer_phone),
                address=text("address", address),
                product=text("product", product),
                payment_reference=text("payment_reference", payment_reference),
                payment_confirmed_by=confirmed_by,
                payment_confirmed_at=paid_at,
                amount=amount(amount_paid),
                currency=checked_currency,
                ship_due=paid_at + policy.ship_within,
                ship_latest=paid_at + policy.ship_at_latest,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return shipment

    @classmethod
    def rebuild(cls, history: Sequence[ShipmentEvent]) -> Shipment:
        shipment = cls()
        shipment._replay(history)
        return shipment

    # -- finance, after-sales, logistics --------------------------------------------------------

    @enforces("AFS-07")
    def issue_delivery_note(self, actor: Actor, *, note_number: str, now: datetime) -> None:
        require_role(actor, FINANCE, action="issuing a delivery note")
        TABLE.move(self.state, ShipmentAction.ISSUE_NOTE)
        self._record(
            DeliveryNoteIssued(
                shipment_id=self.id, note_number=text("note_number", note_number), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("AFS-07")
    def hand_over(
        self,
        actor: Actor,
        *,
        product_number: str,
        production_date: str,
        ship_date: str,
        warehouse: str,
        policy: ShippingPolicy,
        now: datetime,
    ) -> None:
        """After-sales passes the goods to logistics and the warehouse with the product number,
        its production date (never in the future) and the ship date (not before production,
        not before the payment, at most the horizon ahead)."""
        require_role(actor, AFTERSALES, action="handing a shipment to logistics")
        TABLE.move(self.state, ShipmentAction.HAND_OVER)
        today = policy.local_day(now)
        produced = day(production_date, "production_date")
        if produced > today:
            raise InvalidInput.on("production_date", "cannot be in the future", rule_id="AFS-07")
        if produced < date(1990, 1, 1):
            raise InvalidInput.on("production_date", "is too far in the past", rule_id="AFS-07")
        ships = day(ship_date, "ship_date")
        earliest = max(produced, policy.local_day(self.payment_confirmed_at))
        if not earliest <= ships <= today + timedelta(days=policy.ship_date_horizon_days):
            raise InvalidInput.on(
                "ship_date",
                f"must lie between {earliest.isoformat()} (production and payment) and the planning horizon",
                rule_id="AFS-07",
            )
        self._record(
            ShipmentHandedOver(
                shipment_id=self.id,
                product_number=text("product_number", product_number),
                production_date=produced,
                ship_date=ships,
                warehouse=text("warehouse", warehouse),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-07")
    def ship(self, actor: Actor, *, waybill_number: str, carrier: str, now: datetime) -> None:
        require_role(actor, LOGISTICS, action="shipping")
        TABLE.move(self.state, ShipmentAction.SHIP)
        minutes = max(0, int((now - self.payment_confirmed_at).total_seconds() // 60))
        self._record(
            ShipmentShipped(
                shipment_id=self.id,
                branch_id=self.branch_id,
                waybill_number=text("waybill_number", waybill_number),
                carrier=text("carrier", carrier),
                payment_to_ship_minutes=minutes,
                late=now > self.ship_due,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    @enforces("AFS-07")
    def track(self, actor: Actor, *, status: str, note: str, now: datetime) -> None:
        """A waybill state: in transit, an exception, or delivered."""
        require_role(actor, LOGISTICS, action="tracking a waybill")
        checked = parse(Tracking, status, "status", "AFS-07")
        if checked is Tracking.DELIVERED:
            TABLE.move(self.state, ShipmentAction.TRACK_DELIVERED)
            self._record(
                ShipmentDelivered(
                    shipment_id=self.id,
                    branch_id=self.branch_id,
                    note=text("note", note),
                    actor=actor.subject,
                    occurred_at=now,
                )
            )
            return
        action = ShipmentAction.TRACK_IN_TRANSIT if checked is Tracking.IN_TRANSIT else ShipmentAction.TRACK_EXCEPTION
        TABLE.move(self.state, action)
        self._record(
            ShipmentTracked(
                shipment_id=self.id, status=checked.value, note=text("note", note), actor=actor.subject, occurred_at=now
            )
        )

    @enforces("AFS-07")
    def confirm_receipt(
        self, actor: Actor, *, received_by: str, received_at: datetime | None, policy: ShippingPolicy, now: datetime
    ) -> None:
        """Who received the goods, and when: after delivery, never ahead of our clock."""
        require_role(actor, AFTERSALES | LOGISTICS, action="confirming receipt")
        TABLE.move(self.state, ShipmentAction.CONFIRM_RECEIPT)
        assert self.shipped_at is not None
        self._record(
            ReceiptConfirmed(
                shipment_id=self.id,
                branch_id=self.branch_id,
                received_by=text("received_by", received_by),
                received_at=reported_time(
                    received_at,
                    "received_at",
                    not_before=self.shipped_at,
                    not_after=now + policy.reported_time_skew,
                    rule_id="AFS-07",
                ),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    # -- the clock ------------------------------------------------------------------------------

    @enforces("AFS-07")
    def clock(self, *, latest: bool, now: datetime) -> None:
        """A timer ran out: at 24 hours the shipment is late, at 48 overdue (the customer must be
        told); nothing once it shipped, and each is recorded once."""
        if not self.state.waiting:
            return
        if latest and not self.overdue and now >= self.ship_latest:
            self._record(
                ShipmentOverdue(
                    shipment_id=self.id,
                    branch_id=self.branch_id,
                    due_at=self.ship_latest,
                    actor="system",
                    occurred_at=now,
                )
            )
        elif not latest and not self.late and now >= self.ship_due:
            self._record(
                ShipmentLate(
                    shipment_id=self.id, branch_id=self.branch_id, due_at=self.ship_due, actor="system", occurred_at=now
                )
            )

    @enforces("AFS-07")
    def notify_customer(self, actor: Actor, *, channel: str, offer: str, choice: str, note: str, now: datetime) -> None:
        """A shipment that cannot leave in time: the customer is told and offered an exchange or
        a refund; their choice (or ``pending``) is recorded, and may be recorded again."""
        require_role(actor, AFTERSALES | SALES, action="telling the customer")
        TABLE.move(self.state, ShipmentAction.NOTIFY_CUSTOMER)
        if not self.late and not self.overdue and now < self.ship_due:
            raise RuleViolation(
                "the shipment is not late: nothing to tell the customer yet", code="shipment_not_late", rule_id="AFS-07"
            )
        checked_offer = parse(Offer, offer, "offer", "AFS-07")
        checked_choice = parse(Choice, choice or Choice.PENDING.value, "choice", "AFS-07")
        if checked_choice is Choice.EXCHANGE and checked_offer is Offer.REFUND:
            raise InvalidInput.on("choice", "an exchange was not offered", rule_id="AFS-07")
        if checked_choice is Choice.REFUND and checked_offer is Offer.EXCHANGE:
            raise InvalidInput.on("choice", "a refund was not offered", rule_id="AFS-07")
        self._record(
            CustomerNotified(
                shipment_id=self.id,
                branch_id=self.branch_id,
                channel=parse(Channel, channel, "channel", "AFS-07").value,
                offer=checked_offer.value,
                choice=checked_choice.value,
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )

    # -- installation (AFS-08) --------------------------------------------------------------------

    @enforces("AFS-08")
    def book_installation(
        self, actor: Actor, *, appointment_at: datetime | None, note: str, policy: ShippingPolicy, now: datetime
    ) -> None:
        """Once the goods arrived, an installation date is agreed with the customer."""
        require_role(actor, AFTERSALES, action="booking an installation")
        TABLE.move(self.state, ShipmentAction.BOOK_INSTALLATION)
        self._record(
            InstallationBooked(
                shipment_id=self.id,
                appointment_at=reported_time(
                    appointment_at,
                    "appointment_at",
                    not_before=now - policy.reported_time_skew,
                    not_after=now + policy.installation_horizon,
                    rule_id="AFS-08",
                ),
                note=text("note", note),
                actor=actor.subject,
                occurred_at=now,
            )
        )
