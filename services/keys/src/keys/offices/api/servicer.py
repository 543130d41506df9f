"""grpc.aio OfficeOpeningService (KEY-16): commands from the contract; the reads here. No business branching."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import incidents_pb2 as pb
from cs.keys.v1 import incidents_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.offices.app.handlers import OfficeHandlers
from keys.offices.domain import commands
from keys.offices.domain.model import OfficeOpening
from keys.offices.persistence.reader import OfficeOpeningReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["OfficeOpeningService"]
add_to_server = incidents_pb2_grpc.add_OfficeOpeningServiceServicer_to_server


def confirmation(req: pb.ConfirmOfficeOpeningRequest) -> commands.ConfirmOfficeOpening:
    at = req.confirmed_at.ToDatetime(tzinfo=UTC) if req.HasField("confirmed_at") else None
    return commands.ConfirmOfficeOpening(id=req.id, head_name=req.head_name, confirmed_at=at)


DECODERS: dict[str, Any] = {"ConfirmOfficeOpening": confirmation}


def record_message(record: OfficeOpening) -> pb.OfficeOpening:
    return message_of(pb.OfficeOpening, attributes(record))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders=DECODERS)
class Servicer(CommandServicer[OfficeHandlers, OfficeOpeningReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(office_opening=record_message(result))

    async def GetOfficeOpening(self, request: pb.GetOfficeOpeningRequest, context: Any) -> pb.GetOfficeOpeningResponse:
        record = await self.reader.get(request.id, current_call().scope)
        return pb.GetOfficeOpeningResponse(office_opening=record_message(record))

    async def ListOfficeOpenings(
        self, request: pb.ListOfficeOpeningsRequest, context: Any
    ) -> pb.ListOfficeOpeningsResponse:
        found, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListOfficeOpeningsResponse(
            office_openings=[record_message(x) for x in found], page=page_response(token)
        )

    async def ListOfficeOpeningHistory(
        self, request: pb.ListOfficeOpeningHistoryRequest, context: Any
    ) -> pb.ListOfficeOpeningHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListOfficeOpeningHistoryResponse(entries=entries, page=page)
