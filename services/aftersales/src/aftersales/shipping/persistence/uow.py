"""The shipping unit of work: shipments, field trips, their histories, outbox rows and clocks
commit in one transaction with the call's idempotency key (PLT-03). Given the timer runner's
``session`` it joins that transaction (a clock running out)."""

from __future__ import annotations

from aftersales.outbound import OUTBOUND
from aftersales.shipping.domain.events import ShipmentEvent, TripEvent
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from aftersales.shipping.persistence.store import SHIPMENTS, TRIPS
from cskit.eventstore import Repository
from cskit.records import TimedUnitOfWork


class SqlShippingUnitOfWork(TimedUnitOfWork):
    shipments: Repository[Shipment, ShipmentEvent]
    trips: Repository[FieldTrip, TripEvent]

    def open(self) -> None:
        self.shipments = self.repository(SHIPMENTS, OUTBOUND)
        self.trips = self.repository(TRIPS, OUTBOUND)
