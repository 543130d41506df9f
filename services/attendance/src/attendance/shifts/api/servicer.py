"""grpc.aio ShiftService: DefineShift and RemoveShift come from the contract
(``command_methods``); the read is written here: the caller's branch register by name."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.shifts.app.handlers import ShiftHandlers
from attendance.shifts.domain import commands
from attendance.shifts.domain.model import NamedShift
from attendance.shifts.persistence.reader import ShiftReader
from cs.attendance.v1 import shifts_pb2 as pb
from cs.attendance.v1 import shifts_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["ShiftService"]
add_to_server = shifts_pb2_grpc.add_ShiftServiceServicer_to_server


def shift_message(named: NamedShift) -> pb.NamedShift:
    return message_of(pb.NamedShift, attributes(named))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class ShiftServicer(CommandServicer[ShiftHandlers, ShiftReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(shift=shift_message(result))

    async def ListShifts(self, request: pb.ListShiftsRequest, context: Any) -> pb.ListShiftsResponse:
        call = current_call()
        page = Page(request.page.page_size, request.page.page_token)
        found, token = await self.reader.register(call.scope, call.actor.branch_id, page)
        return pb.ListShiftsResponse(
            shifts=[shift_message(x) for x in found], page=common_pb2.PageResponse(next_page_token=token)
        )
