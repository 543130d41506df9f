"""What the shipping handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from cskit.calls import Call, OnceUnitOfWork


class ShipmentRepository(Protocol):
    async def get(self, shipment_id: str) -> Shipment:
        """The shipment, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: Shipment) -> None: ...


class TripRepository(Protocol):
    async def get(self, trip_id: str) -> FieldTrip: ...

    def add(self, aggregate: FieldTrip) -> None: ...


class ShippingUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def shipments(self) -> ShipmentRepository: ...

    @property
    def trips(self) -> TripRepository: ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, Any] | None = None
    ) -> None: ...

    def cancel_timer(self, kind: str, subject: str) -> None: ...


class ShippingUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ShippingUnitOfWork: ...
