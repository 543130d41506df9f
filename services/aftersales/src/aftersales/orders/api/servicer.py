"""grpc.aio WorkOrderService: the commands' methods come from the contract
(``command_methods``); the reads and the copies are written here. No business branching."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from aftersales.api import history_entries, page_of, page_response
from aftersales.domain.kinds import Party, parse
from aftersales.orders.app.handlers import OrderHandlers
from aftersales.orders.domain import commands
from aftersales.orders.domain.copies import copy_fields, party_of_roles
from aftersales.orders.domain.model import WorkOrder
from aftersales.orders.persistence.reader import OrderFilter, OrderReader
from cs.aftersales.v1 import orders_pb2 as pb
from cs.aftersales.v1 import orders_pb2_grpc
from cskit.calls import current_call
from cskit.domain import InvalidInput
from cskit.protomap import attributes, message_of, present_timestamp
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["WorkOrderService"]
add_to_server = orders_pb2_grpc.add_WorkOrderServiceServicer_to_server


def order_message(order: WorkOrder, party: Party = Party.CUSTOMER_SERVICE) -> pb.WorkOrder:
    """The order as ``party``'s copy (AFS-01): fields outside it are left unset."""
    wanted = copy_fields(party)
    if wanted is None:
        return message_of(pb.WorkOrder, attributes(order))
    return message_of(pb.WorkOrder, lambda name: getattr(order, name, None) if name in wanted else None)


def caller_copy(order: WorkOrder) -> pb.WorkOrder:
    return order_message(order, party_of_roles(current_call().actor.roles))


def with_times(command: type, *times: str, required: bool = False) -> Callable[[Any], object]:
    """A request -> command decoder whose ``times`` are Timestamps (the kit's field decoder
    takes plain wire values only); an unset required time is InvalidInput on its field."""
    plain = [f.name for f in dataclasses.fields(command) if f.name not in times]

    def decode(req: Any) -> object:
        values: dict[str, object] = {n: getattr(req, n) for n in plain if n in req.DESCRIPTOR.fields_by_name}
        for name in times:
            values[name] = present_timestamp(req, name)
            if required and values[name] is None:
                raise InvalidInput.on(name, "is required")
        return command(**values)

    return decode


@command_methods(
    SERVICE_DESCRIPTOR,
    commands,
    id_field="id",
    decoders={
        "OpenWorkOrder": with_times(commands.OpenWorkOrder, "appointment_at"),
        "BookWorkOrder": with_times(commands.BookWorkOrder, "appointment_at", required=True),
        "AgreeExtraWork": with_times(commands.AgreeExtraWork, "consented_at", required=True),
    },
)
class WorkOrderServicer(CommandServicer[OrderHandlers, OrderReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(order=caller_copy(result))

    async def GetWorkOrder(self, request: pb.GetWorkOrderRequest, context: Any) -> pb.GetWorkOrderResponse:
        return pb.GetWorkOrderResponse(order=caller_copy(await self.reader.order(request.id, current_call())))

    async def GetWorkOrderCopy(self, request: pb.GetWorkOrderCopyRequest, context: Any) -> pb.GetWorkOrderCopyResponse:
        party = parse(Party, request.party, "party", "AFS-01")
        order = await self.reader.order(request.id, current_call())
        return pb.GetWorkOrderCopyResponse(order=order_message(order, party))

    async def ListWorkOrders(self, request: pb.ListWorkOrdersRequest, context: Any) -> pb.ListWorkOrdersResponse:
        wanted = OrderFilter(
            state=request.state, kind=request.kind, engineer=request.engineer, unit=request.unit, number=request.number
        )
        orders, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListWorkOrdersResponse(orders=[caller_copy(o) for o in orders], page=page_response(token))

    async def ListWorkOrderHistory(
        self, request: pb.ListWorkOrderHistoryRequest, context: Any
    ) -> pb.ListWorkOrderHistoryResponse:
        items, token = await self.reader.order_history(request.id, current_call(), page_of(request.page))
        return pb.ListWorkOrderHistoryResponse(entries=history_entries(items), page=page_response(token))
