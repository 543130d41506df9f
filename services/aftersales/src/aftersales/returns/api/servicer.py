"""grpc.aio ReturnCaseService: the commands' methods come from the contract
(``command_methods``); the reads are written here. No business branching."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from aftersales.api import history_entries, page_of, page_response
from aftersales.returns.app.handlers import ReturnHandlers
from aftersales.returns.domain import commands
from aftersales.returns.domain.model import ReturnCase
from aftersales.returns.persistence.reader import ReturnFilter, ReturnReader
from cs.aftersales.v1 import returns_pb2 as pb
from cs.aftersales.v1 import returns_pb2_grpc
from cskit.calls import current_call
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["ReturnCaseService"]
add_to_server = returns_pb2_grpc.add_ReturnCaseServiceServicer_to_server


def case_message(case: ReturnCase) -> pb.ReturnCase:
    return message_of(pb.ReturnCase, attributes(case))


def _check_return(req: Any) -> commands.CheckReturn:
    return commands.CheckReturn(
        id=req.id, items=tuple(req.items), missing_parts=tuple(req.missing_parts), note=req.note
    )


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"CheckReturn": _check_return})
class ReturnCaseServicer(CommandServicer[ReturnHandlers, ReturnReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(return_case=case_message(result))

    async def GetReturnCase(self, request: pb.GetReturnCaseRequest, context: Any) -> pb.GetReturnCaseResponse:
        return pb.GetReturnCaseResponse(return_case=case_message(await self.reader.case(request.id, current_call())))

    async def ListReturnCases(self, request: pb.ListReturnCasesRequest, context: Any) -> pb.ListReturnCasesResponse:
        wanted = ReturnFilter(
            state=request.state,
            situation=request.situation,
            order_ref=request.order_ref,
            refund_overdue=request.refund_overdue,
        )
        cases, token = await self.reader.find(current_call(), page_of(request.page), wanted)
        return pb.ListReturnCasesResponse(return_cases=[case_message(c) for c in cases], page=page_response(token))

    async def ListReturnCaseHistory(
        self, request: pb.ListReturnCaseHistoryRequest, context: Any
    ) -> pb.ListReturnCaseHistoryResponse:
        items, token = await self.reader.case_history(request.id, current_call(), page_of(request.page))
        return pb.ListReturnCaseHistoryResponse(entries=history_entries(items), page=page_response(token))
