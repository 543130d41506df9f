"""The shipment's state and how each of its events changes it: what ``Shipment`` rebuilds from
its history and records onto, and the figures read off that state."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import assert_never

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
from aftersales.shipping.domain.shipment_terms import Tracking
from aftersales.shipping.domain.states import SHIPMENT_TRANSITIONS as TABLE
from aftersales.shipping.domain.states import ShipmentAction, ShipmentState
from cskit.domain.aggregate import EventSourced

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ShipmentRecord(EventSourced[ShipmentEvent]):
    """The fields of a shipment and the event application; the commands are ``Shipment``'s."""

    id: str
    branch_id: str
    number: str
    state: ShipmentState
    sales_order: str
    customer_name: str
    customer_phone: str
    address: str
    product: str
    payment_reference: str
    payment_confirmed_by: str
    payment_confirmed_at: datetime
    amount: Decimal
    currency: str
    ship_due: datetime
    ship_latest: datetime
    late: bool
    overdue: bool
    note_number: str
    product_number: str
    production_date: date | None
    ship_date: date | None
    warehouse: str
    waybill_number: str
    carrier: str
    shipped_at: datetime | None
    payment_to_ship_minutes: int | None
    tracking: str
    delivered_at: datetime | None
    received_by: str
    received_at: datetime | None
    notice_channel: str
    notice_offer: str
    customer_choice: str
    notified_at: datetime | None
    installation_at: datetime | None
    requested_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.number = self.sales_order = ""
        self.state = ShipmentState.REQUESTED
        self.customer_name = self.customer_phone = self.address = self.product = ""
        self.payment_reference = self.payment_confirmed_by = self.currency = ""
        self.payment_confirmed_at = self.ship_due = self.ship_latest = _EPOCH
        self.amount = Decimal(0)
        self.late = self.overdue = False
        self.note_number = self.product_number = self.warehouse = self.waybill_number = self.carrier = ""
        self.production_date = self.ship_date = None
        self.shipped_at = self.delivered_at = self.received_at = self.notified_at = self.installation_at = None
        self.payment_to_ship_minutes = None
        self.tracking = self.received_by = self.notice_channel = self.notice_offer = self.customer_choice = ""
        self.requested_by = ""
        self.created_at = self.updated_at = _EPOCH

    @property
    def payment_to_ship_hours(self) -> float | None:
        """AFS-07: hours from the payment's confirmation to shipping (the histogram's value)."""
        return None if self.payment_to_ship_minutes is None else round(self.payment_to_ship_minutes / 60, 2)

    @property
    def notice_due(self) -> bool:
        """AFS-07: overdue and the customer not told yet."""
        return self.overdue and self.notified_at is None and self.state.waiting

    def _apply(self, event: ShipmentEvent) -> None:
        match event:
            case ShipmentRequested():
                self.id, self.branch_id, self.number = event.shipment_id, event.branch_id, event.number
                self.sales_order, self.customer_name = event.sales_order, event.customer_name
                self.customer_phone, self.address, self.product = event.customer_phone, event.address, event.product
                self.payment_reference = event.payment_reference
                self.payment_confirmed_by = event.payment_confirmed_by
                self.payment_confirmed_at = event.payment_confirmed_at
                self.amount, self.currency = event.amount, event.currency
                self.ship_due, self.ship_latest = event.ship_due, event.ship_latest
                self.requested_by, self.created_at = event.actor, event.occurred_at
            case DeliveryNoteIssued():
                self.state = TABLE.move(self.state, ShipmentAction.ISSUE_NOTE)
                self.note_number = event.note_number
            case ShipmentHandedOver():
                self.state = TABLE.move(self.state, ShipmentAction.HAND_OVER)
                self.product_number, self.warehouse = event.product_number, event.warehouse
                self.production_date, self.ship_date = event.production_date, event.ship_date
            case ShipmentShipped():
                self.state = TABLE.move(self.state, ShipmentAction.SHIP)
                self.waybill_number, self.carrier = event.waybill_number, event.carrier
                self.shipped_at, self.payment_to_ship_minutes = event.occurred_at, event.payment_to_ship_minutes
            case ShipmentTracked():
                action = (
                    ShipmentAction.TRACK_IN_TRANSIT
                    if event.status == Tracking.IN_TRANSIT.value
                    else ShipmentAction.TRACK_EXCEPTION
                )
                self.state = TABLE.move(self.state, action)
                self.tracking = event.status
            case ShipmentDelivered():
                self.state = TABLE.move(self.state, ShipmentAction.TRACK_DELIVERED)
                self.tracking, self.delivered_at = Tracking.DELIVERED.value, event.occurred_at
            case ReceiptConfirmed():
                self.state = TABLE.move(self.state, ShipmentAction.CONFIRM_RECEIPT)
                self.received_by, self.received_at = event.received_by, event.received_at
            case ShipmentLate():
                self.late = True
            case ShipmentOverdue():
                self.late = self.overdue = True
            case CustomerNotified():
                self.notice_channel, self.notice_offer = event.channel, event.offer
                self.customer_choice, self.notified_at = event.choice, event.occurred_at
            case InstallationBooked():
                self.installation_at = event.appointment_at
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
