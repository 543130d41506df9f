"""grpc.aio CustodyHandOffService."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import counts_pb2 as pb
from cs.keys.v1 import counts_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import page_of, page_response
from keys.handoffs.app.handlers import HandOffHandlers
from keys.handoffs.domain import commands
from keys.handoffs.domain.model import HandOff
from keys.handoffs.persistence.reader import HandOffReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["CustodyHandOffService"]
add_to_server = counts_pb2_grpc.add_CustodyHandOffServiceServicer_to_server


def hand_off_message(hand_off: HandOff) -> pb.HandOff:
    return message_of(pb.HandOff, attributes(hand_off))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class HandOffServicer(CommandServicer[HandOffHandlers, HandOffReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(hand_off=hand_off_message(result))

    async def GetHandOff(self, request: pb.GetHandOffRequest, context: Any) -> pb.GetHandOffResponse:
        return pb.GetHandOffResponse(hand_off=hand_off_message(await self.reader.get(request.id, current_call().scope)))

    async def ListHandOffs(self, request: pb.ListHandOffsRequest, context: Any) -> pb.ListHandOffsResponse:
        found, token = await self.reader.find(
            current_call().scope,
            page_of(request.page),
            custodian=request.custodian,
            deputy=request.deputy,
            status=request.status,
        )
        return pb.ListHandOffsResponse(hand_offs=[hand_off_message(h) for h in found], page=page_response(token))
