"""grpc.aio CopyRequestService (KEY-10): commands from the contract; the reads here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import incidents_pb2 as pb
from cs.keys.v1 import incidents_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.copies.app.handlers import CopyHandlers
from keys.copies.domain import commands
from keys.copies.domain.model import CopyRequest
from keys.copies.persistence.reader import CopyRequestReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["CopyRequestService"]
add_to_server = incidents_pb2_grpc.add_CopyRequestServiceServicer_to_server
DECODERS: dict[str, Any] = {}


def record_message(record: CopyRequest) -> pb.CopyRequest:
    return message_of(pb.CopyRequest, attributes(record))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders=DECODERS)
class Servicer(CommandServicer[CopyHandlers, CopyRequestReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(copy_request=record_message(result))

    async def GetCopyRequest(self, request: pb.GetCopyRequestRequest, context: Any) -> pb.GetCopyRequestResponse:
        record = await self.reader.get(request.id, current_call().scope)
        return pb.GetCopyRequestResponse(copy_request=record_message(record))

    async def ListCopyRequests(self, request: pb.ListCopyRequestsRequest, context: Any) -> pb.ListCopyRequestsResponse:
        found, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListCopyRequestsResponse(copy_requests=[record_message(x) for x in found], page=page_response(token))

    async def ListCopyRequestHistory(
        self, request: pb.ListCopyRequestHistoryRequest, context: Any
    ) -> pb.ListCopyRequestHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListCopyRequestHistoryResponse(entries=entries, page=page)
