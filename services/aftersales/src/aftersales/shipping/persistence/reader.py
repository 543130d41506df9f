"""Shipping reads: the kit's stream readers within the caller's branch (PLT-01), with filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aftersales.shipping.domain.events import ShipmentEvent, TripEvent
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from aftersales.shipping.persistence.rows import FieldTripRow, ShipmentRow
from aftersales.shipping.persistence.store import SHIPMENTS, TRIPS
from cskit.calls import Call
from cskit.eventstore import HistoryEntry, StreamReader
from cskit.pagination import Page, PageTokens


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentFilter:
    state: str = ""
    sales_order: str = ""
    waybill_number: str = ""
    overdue_only: bool = False

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "sales_order", "waybill_number"):
            if value := getattr(self, name):
                found.append(getattr(ShipmentRow, name) == value.strip())
        if self.overdue_only:
            found.append(ShipmentRow.overdue.is_(True))
        return found


@dataclass(frozen=True, slots=True, kw_only=True)
class TripFilter:
    state: str = ""
    technician: str = ""
    shipment_id: str = ""

    def where(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        for name in ("state", "technician", "shipment_id"):
            if value := getattr(self, name):
                found.append(getattr(FieldTripRow, name) == value.strip())
        return found


class ShipmentReader(StreamReader[Shipment, ShipmentEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(SHIPMENTS, sessions, tokens=tokens)

    async def shipment(self, shipment_id: str, call: Call) -> Shipment:
        return await self.get(shipment_id, call.scope)

    async def find(self, call: Call, page: Page, wanted: ShipmentFilter) -> tuple[list[Shipment], str]:
        return await self.documents(self.oldest_first, call.scope, page, *wanted.where())

    async def shipment_history(self, shipment_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.shipment(shipment_id, call)
        return await self.history(shipment_id, call.scope, page)


class TripReader(StreamReader[FieldTrip, TripEvent]):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, tokens: PageTokens) -> None:
        super().__init__(TRIPS, sessions, tokens=tokens)

    async def trip(self, trip_id: str, call: Call) -> FieldTrip:
        return await self.get(trip_id, call.scope)

    async def find(self, call: Call, page: Page, wanted: TripFilter) -> tuple[list[FieldTrip], str]:
        return await self.documents(self.oldest_first, call.scope, page, *wanted.where())

    async def trip_history(self, trip_id: str, call: Call, page: Page) -> tuple[list[HistoryEntry], str]:
        await self.trip(trip_id, call)
        return await self.history(trip_id, call.scope, page)
