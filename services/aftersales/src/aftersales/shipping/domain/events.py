"""Shipping events, past tense, shaped like their payloads in
``cs/aftersales/v1/shipping_events.proto``. A shipment's history is its register (PLT-04):
finance reads the payment and the delivery note, logistics the hand-over and the waybill."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentRequested:
    """AFS-07: sales asks for shipment once finance confirmed the payment; the clock starts then."""

    shipment_id: str
    branch_id: str
    number: str
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
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryNoteIssued:
    shipment_id: str
    note_number: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentHandedOver:
    """AFS-07: after-sales passes it to logistics and the warehouse, with the product's numbers."""

    shipment_id: str
    product_number: str
    production_date: date
    ship_date: date
    warehouse: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentShipped:
    shipment_id: str
    branch_id: str
    waybill_number: str
    carrier: str
    payment_to_ship_minutes: int
    late: bool
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentTracked:
    """A waybill state: in_transit or exception (delivered is ShipmentDelivered)."""

    shipment_id: str
    status: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentDelivered:
    shipment_id: str
    branch_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiptConfirmed:
    shipment_id: str
    branch_id: str
    received_by: str
    received_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentLate:
    """AFS-07: not shipped within 24 hours of the payment."""

    shipment_id: str
    branch_id: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentOverdue:
    """AFS-07: not shipped within 48 hours: the customer must be told and offered an exchange or refund."""

    shipment_id: str
    branch_id: str
    due_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CustomerNotified:
    """AFS-07: the customer told the shipment is late, the offer made and their choice."""

    shipment_id: str
    branch_id: str
    channel: str
    offer: str
    choice: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallationBooked:
    """AFS-08: the goods arrived; an installation date agreed with the customer."""

    shipment_id: str
    appointment_at: datetime
    note: str
    actor: str
    occurred_at: datetime


ShipmentEvent = (
    ShipmentRequested
    | DeliveryNoteIssued
    | ShipmentHandedOver
    | ShipmentShipped
    | ShipmentTracked
    | ShipmentDelivered
    | ReceiptConfirmed
    | ShipmentLate
    | ShipmentOverdue
    | CustomerNotified
    | InstallationBooked
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripRequested:
    """AFS-08: a field-support trip asked for; the general manager approves it."""

    trip_id: str
    branch_id: str
    technician: str
    destination: str
    purpose: str
    shipment_id: str
    expected_days: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripApproved:
    trip_id: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripRefused:
    trip_id: str
    reason: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripDeparted:
    """AFS-08: the technician leaves, saying how many days they expect to be away."""

    trip_id: str
    expected_days: int
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripReported:
    """AFS-08: a progress report during the trip."""

    trip_id: str
    progress: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripUnreported:
    """AFS-08: no progress report for the setting's days."""

    trip_id: str
    branch_id: str
    last_report_at: datetime
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldTripClosed:
    """AFS-08: back, with the service feedback form."""

    trip_id: str
    branch_id: str
    work_done: str
    customer_opinion: str
    satisfaction: int
    days_away: int
    actor: str
    occurred_at: datetime


TripEvent = (
    FieldTripRequested
    | FieldTripApproved
    | FieldTripRefused
    | FieldTripDeparted
    | FieldTripReported
    | FieldTripUnreported
    | FieldTripClosed
)
