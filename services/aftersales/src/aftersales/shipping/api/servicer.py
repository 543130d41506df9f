"""grpc.aio ShipmentService and FieldTripService: the commands' methods come from the contract
(``command_methods``); the reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from aftersales.api import history_entries, page_of, page_response
from aftersales.shipping.app.handlers import ShippingHandlers
from aftersales.shipping.domain import commands
from aftersales.shipping.domain.shipment import Shipment
from aftersales.shipping.domain.trip import FieldTrip
from aftersales.shipping.persistence.reader import ShipmentFilter, ShipmentReader, TripFilter, TripReader
from cs.aftersales.v1 import shipping_pb2 as pb
from cs.aftersales.v1 import shipping_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SHIPMENT_SERVICE = pb.DESCRIPTOR.services_by_name["ShipmentService"]
TRIP_SERVICE = pb.DESCRIPTOR.services_by_name["FieldTripService"]
add_shipments = shipping_pb2_grpc.add_ShipmentServiceServicer_to_server
add_trips = shipping_pb2_grpc.add_FieldTripServiceServicer_to_server


def shipment_message(shipment: Shipment) -> pb.Shipment:
    return message_of(pb.Shipment, attributes(shipment))


def trip_message(trip: FieldTrip) -> pb.FieldTrip:
    return message_of(pb.FieldTrip, attributes(trip))


@command_methods(SHIPMENT_SERVICE, commands, id_field="id")
class ShipmentServicer(CommandServicer[ShippingHandlers, ShipmentReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(shipment=shipment_message(result))

    async def GetShipment(self, request: pb.GetShipmentRequest, context: Any) -> pb.GetShipmentResponse:
        return pb.GetShipmentResponse(shipment=shipment_message(await self.reader.shipment(request.id, current_call())))

    async def ListShipments(self, request: pb.ListShipmentsRequest, context: Any) -> pb.ListShipmentsResponse:
        wanted = ShipmentFilter(
            state=request.state,
            sales_order=request.sales_order,
            waybill_number=request.waybill_number,
            overdue_only=request.overdue_only,
        )
        found, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListShipmentsResponse(shipments=[shipment_message(s) for s in found], page=page_response(token))

    async def ListShipmentHistory(
        self, request: pb.ListShipmentHistoryRequest, context: Any
    ) -> pb.ListShipmentHistoryResponse:
        items, token = await self.reader.shipment_history(request.id, current_call(), page_of(request.page))
        return pb.ListShipmentHistoryResponse(entries=history_entries(items), page=page_response(token))


@command_methods(TRIP_SERVICE, commands, id_field="id")
class FieldTripServicer(CommandServicer[ShippingHandlers, TripReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(trip=trip_message(result))

    async def GetFieldTrip(self, request: pb.GetFieldTripRequest, context: Any) -> pb.GetFieldTripResponse:
        return pb.GetFieldTripResponse(trip=trip_message(await self.reader.trip(request.id, current_call())))

    async def ListFieldTrips(self, request: pb.ListFieldTripsRequest, context: Any) -> pb.ListFieldTripsResponse:
        wanted = TripFilter(state=request.state, technician=request.technician, shipment_id=request.shipment_id)
        found, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListFieldTripsResponse(trips=[trip_message(t) for t in found], page=page_response(token))

    async def ListFieldTripHistory(
        self, request: pb.ListFieldTripHistoryRequest, context: Any
    ) -> pb.ListFieldTripHistoryResponse:
        items, token = await self.reader.trip_history(request.id, current_call(), page_of(request.page))
        return pb.ListFieldTripHistoryResponse(entries=history_entries(items), page=page_response(token))
