"""grpc.aio OvertimeService: the commands come from the contract (``command_methods``); the
reads are written here: one claim, the caller's own, the branch's awaiting signatures."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.overtime.app.handlers import OvertimeHandlers
from attendance.overtime.domain import commands
from attendance.overtime.domain.model import ClaimState, OvertimeClaim
from attendance.overtime.persistence.reader import OvertimeReader
from cs.attendance.v1 import requests_pb2 as pb
from cs.attendance.v1 import requests_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["OvertimeService"]
add_to_server = requests_pb2_grpc.add_OvertimeServiceServicer_to_server


def claim_message(claim: OvertimeClaim) -> pb.OvertimeClaim:
    return message_of(pb.OvertimeClaim, attributes(claim))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="claim_id")
class OvertimeServicer(CommandServicer[OvertimeHandlers, OvertimeReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(claim=claim_message(result))

    async def GetOvertimeClaim(self, request: pb.GetOvertimeClaimRequest, context: Any) -> pb.GetOvertimeClaimResponse:
        return pb.GetOvertimeClaimResponse(claim=claim_message(await self.reader.get(request.id, current_call().scope)))

    async def ListMyOvertime(self, request: pb.ListMyOvertimeRequest, context: Any) -> pb.ListMyOvertimeResponse:
        call = current_call()
        page = Page(request.page.page_size, request.page.page_token)
        claims, token = await self.reader.employee_page(call.scope, call.actor.subject, page)
        return pb.ListMyOvertimeResponse(
            claims=[claim_message(c) for c in claims], page=common_pb2.PageResponse(next_page_token=token)
        )

    async def ListPendingOvertime(
        self, request: pb.ListPendingOvertimeRequest, context: Any
    ) -> pb.ListPendingOvertimeResponse:
        page = Page(request.page.page_size, request.page.page_token)
        claims, token = await self.reader.state_page(current_call().scope, ClaimState.FILED, page)
        return pb.ListPendingOvertimeResponse(
            claims=[claim_message(c) for c in claims], page=common_pb2.PageResponse(next_page_token=token)
        )
