"""grpc.aio AttendanceService: the commands' methods come from the contract (``command_methods``:
decode by field name, call the handler of the RPC's name, ``answer``); the reads are written
here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.items.app.handlers import ItemHandlers
from attendance.items.domain import commands
from attendance.items.domain.events import ItemEvent
from attendance.items.domain.model import Item
from cs.attendance.v1 import attendance_pb2 as pb
from cs.attendance.v1 import attendance_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.eventstore import StreamReader
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["AttendanceService"]
add_to_server = attendance_pb2_grpc.add_AttendanceServiceServicer_to_server


def item_message(item: Item) -> pb.Item:
    return message_of(pb.Item, attributes(item))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class ItemServicer(CommandServicer[ItemHandlers, StreamReader[Item, ItemEvent]]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(item=item_message(result))

    async def GetItem(self, request: pb.GetItemRequest, context: Any) -> pb.GetItemResponse:
        item = await self.reader.get(request.id, current_call().scope)
        return pb.GetItemResponse(item=item_message(item))

    async def ListItems(self, request: pb.ListItemsRequest, context: Any) -> pb.ListItemsResponse:
        page = Page(request.page.page_size, request.page.page_token)
        items, token = await self.reader.page(current_call().scope, page)
        return pb.ListItemsResponse(
            items=[item_message(x) for x in items], page=common_pb2.PageResponse(next_page_token=token)
        )
