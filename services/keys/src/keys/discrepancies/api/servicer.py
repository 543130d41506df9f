"""grpc.aio DiscrepancyService."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from cs.keys.v1 import discrepancies_pb2 as pb
from cs.keys.v1 import discrepancies_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods
from keys.api import history_page, page_of, page_response
from keys.discrepancies.app.handlers import DiscrepancyHandlers
from keys.discrepancies.domain import commands
from keys.discrepancies.domain.model import Discrepancy
from keys.discrepancies.persistence.reader import DiscrepancyReader

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["DiscrepancyService"]
add_to_server = discrepancies_pb2_grpc.add_DiscrepancyServiceServicer_to_server


def discrepancy_message(case: Discrepancy) -> pb.Discrepancy:
    return message_of(pb.Discrepancy, attributes(case))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class DiscrepancyServicer(CommandServicer[DiscrepancyHandlers, DiscrepancyReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(discrepancy=discrepancy_message(result))

    async def GetDiscrepancy(self, request: pb.GetDiscrepancyRequest, context: Any) -> pb.GetDiscrepancyResponse:
        case = await self.reader.get(request.id, current_call().scope)
        return pb.GetDiscrepancyResponse(discrepancy=discrepancy_message(case))

    async def ListDiscrepancies(
        self, request: pb.ListDiscrepanciesRequest, context: Any
    ) -> pb.ListDiscrepanciesResponse:
        cases, token = await self.reader.find(
            current_call().scope, page_of(request.page), status=request.status, key_set_id=request.key_set_id
        )
        return pb.ListDiscrepanciesResponse(
            discrepancies=[discrepancy_message(c) for c in cases], page=page_response(token)
        )

    async def ListDiscrepancyHistory(
        self, request: pb.ListDiscrepancyHistoryRequest, context: Any
    ) -> pb.ListDiscrepancyHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListDiscrepancyHistoryResponse(entries=entries, page=page)
