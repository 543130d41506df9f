"""How shipments and field trips are stored: the kit's event store, configured once each."""

from __future__ import annotations

from aftersales.shipping.domain.events import ShipmentEvent, TripEvent
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from aftersales.shipping.persistence.rows import FieldTripEventRow, FieldTripRow, ShipmentEventRow, ShipmentRow
from cskit.domain import NotFound
from cskit.eventstore import EventStore, stream_of


def shipment_not_found(shipment_id: str) -> NotFound:
    # The same answer for "missing" and "another branch's" (PLT-01).
    return NotFound(f"shipment {shipment_id} not found", code="shipment_not_found")


def trip_not_found(trip_id: str) -> NotFound:
    return NotFound(f"field trip {trip_id} not found", code="field_trip_not_found")


def shipment_columns(shipment: Shipment) -> dict[str, object]:
    return {
        "number": shipment.number,
        "state": shipment.state.value,
        "sales_order": shipment.sales_order,
        "waybill_number": shipment.waybill_number,
        "payment_confirmed_at": shipment.payment_confirmed_at,
        "late": shipment.late,
        "overdue": shipment.overdue,
        "customer_notified": shipment.notified_at is not None,
        "shipped_at": shipment.shipped_at,
        "created_at": shipment.created_at,
    }


def trip_columns(trip: FieldTrip) -> dict[str, object]:
    return {
        "state": trip.state.value,
        "technician": trip.technician,
        "shipment_id": trip.shipment_id,
        "unreported": trip.unreported,
        "created_at": trip.created_at,
    }


SHIPMENTS: EventStore[Shipment, ShipmentEvent] = EventStore(
    stream_of(
        Shipment,
        record="shipment",
        projection=ShipmentRow,
        events=ShipmentEventRow,
        stream_column="shipment_id",
        event_union=ShipmentEvent,
        columns=shipment_columns,
        not_found=shipment_not_found,
    )
)

TRIPS: EventStore[FieldTrip, TripEvent] = EventStore(
    stream_of(
        FieldTrip,
        record="field trip",
        projection=FieldTripRow,
        events=FieldTripEventRow,
        stream_column="trip_id",
        event_union=TripEvent,
        columns=trip_columns,
        not_found=trip_not_found,
    )
)
