"""grpc.aio LeaverClearanceService: the re-check comes from the contract; the reads are here."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from archives.api import history_entries, page_of, page_response
from archives.leavers.app.handlers import LeaverHandlers
from archives.leavers.domain import commands
from archives.leavers.domain.model import ClearanceCase
from archives.leavers.persistence.reader import ClearanceReader
from cs.archives.v1 import leavers_pb2 as pb
from cs.archives.v1 import leavers_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["LeaverClearanceService"]
add_to_server = leavers_pb2_grpc.add_LeaverClearanceServiceServicer_to_server


def clearance_message(case: ClearanceCase) -> pb.ClearanceCase:
    return message_of(pb.ClearanceCase, attributes(case))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class LeaverClearanceServicer(CommandServicer[LeaverHandlers, ClearanceReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(clearance=clearance_message(result))

    async def GetClearance(self, request: pb.GetClearanceRequest, context: Any) -> pb.GetClearanceResponse:
        case = await self.reader.get(request.id, current_call().scope)
        return pb.GetClearanceResponse(clearance=clearance_message(case))

    async def ListClearances(self, request: pb.ListClearancesRequest, context: Any) -> pb.ListClearancesResponse:
        found, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, employee_id=request.employee_id
        )
        return pb.ListClearancesResponse(clearances=[clearance_message(c) for c in found], page=page_response(token))

    async def ListClearanceHistory(
        self, request: pb.ListClearanceHistoryRequest, context: Any
    ) -> pb.ListClearanceHistoryResponse:
        items, token = await self.reader.history(request.id, current_call().scope, page_of(request.page))
        return pb.ListClearanceHistoryResponse(entries=history_entries(items), page=page_response(token))
