"""Shipping commands: imperative names, fields mirroring the requests of ``ShipmentService``
and ``FieldTripService`` (``cskit.servicing.command_methods`` decodes them by field name).
Who acts and when come from the call and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestShipment:
    sales_order: str
    customer_name: str
    address: str
    product: str
    payment_reference: str
    payment_confirmed_by: str
    amount: str
    # None: not confirmed, which the shipment itself refuses (AFS-07), not the decoder.
    payment_confirmed_at: datetime | None = None
    currency: str = "CNY"
    customer_phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueDeliveryNote:
    id: str
    note_number: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HandOverShipment:
    id: str
    product_number: str
    production_date: str
    ship_date: str
    warehouse: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipShipment:
    id: str
    waybill_number: str
    carrier: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TrackShipment:
    id: str
    status: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmReceipt:
    id: str
    received_by: str
    received_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifyCustomer:
    id: str
    channel: str
    offer: str
    choice: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BookInstallation:
    id: str
    appointment_at: datetime | None
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestFieldTrip:
    destination: str
    purpose: str
    expected_days: int
    technician: str = ""
    shipment_id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproveFieldTrip:
    id: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RefuseFieldTrip:
    id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartOnFieldTrip:
    id: str
    expected_days: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFieldTrip:
    id: str
    progress: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseFieldTrip:
    id: str
    work_done: str
    customer_opinion: str
    satisfaction: int
