"""grpc.aio FaultCaseService: the commands' methods come from the contract
(``command_methods``); the reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from aftersales.api import history_entries, page_of, page_response
from aftersales.faults.app.handlers import FaultHandlers
from aftersales.faults.domain import commands
from aftersales.faults.domain.model import FaultCase
from aftersales.faults.persistence.reader import FaultFilter, FaultReader
from cs.aftersales.v1 import faults_pb2 as pb
from cs.aftersales.v1 import faults_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["FaultCaseService"]
add_to_server = faults_pb2_grpc.add_FaultCaseServiceServicer_to_server


def fault_message(case: FaultCase) -> pb.FaultCase:
    return message_of(pb.FaultCase, attributes(case))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class FaultCaseServicer(CommandServicer[FaultHandlers, FaultReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(fault=fault_message(result))

    async def GetFaultCase(self, request: pb.GetFaultCaseRequest, context: Any) -> pb.GetFaultCaseResponse:
        return pb.GetFaultCaseResponse(fault=fault_message(await self.reader.case(request.id, current_call())))

    async def ListFaultCases(self, request: pb.ListFaultCasesRequest, context: Any) -> pb.ListFaultCasesResponse:
        wanted = FaultFilter(state=request.state, decision=request.decision)
        cases, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListFaultCasesResponse(fault_cases=[fault_message(c) for c in cases], page=page_response(token))

    async def ListFaultCaseHistory(
        self, request: pb.ListFaultCaseHistoryRequest, context: Any
    ) -> pb.ListFaultCaseHistoryResponse:
        items, token = await self.reader.case_history(request.id, current_call(), page_of(request.page))
        return pb.ListFaultCaseHistoryResponse(entries=history_entries(items), page=page_response(token))
