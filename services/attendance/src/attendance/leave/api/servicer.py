"""grpc.aio LeaveService: the writes come from the contract (``command_methods``); the reads
are written here: the caller's leaves, their balance, the approvals awaiting them."""

from __future__ import annotations

import dataclasses
from typing import Any

from google.protobuf.message import Message

from attendance.leave.app.handlers import LeaveHandlers
from attendance.leave.domain import commands
from attendance.leave.domain.model import LeaveRequest
from attendance.leave.persistence.reader import LeaveReader
from cs.attendance.v1 import leave_pb2 as pb
from cs.attendance.v1 import leave_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.domain import InvalidInput
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["LeaveService"]
add_to_server = leave_pb2_grpc.add_LeaveServiceServicer_to_server
MIN_YEAR, MAX_YEAR = 2000, 2100


def decode_request_leave(req: pb.RequestLeaveRequest) -> commands.RequestLeave:
    plain = {
        f.name: getattr(req, f.name) for f in dataclasses.fields(commands.RequestLeave) if f.name != "certificates"
    }
    return commands.RequestLeave(**plain, certificates=tuple(req.certificates))


def leave_message(leave: LeaveRequest) -> pb.Leave:
    return message_of(pb.Leave, attributes(leave))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"RequestLeave": decode_request_leave})
class LeaveServicer(CommandServicer[LeaveHandlers, LeaveReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(leave=leave_message(result))

    async def ListMyLeave(self, request: pb.ListMyLeaveRequest, context: Any) -> pb.ListMyLeaveResponse:
        call = current_call()
        page = Page(request.page.page_size, request.page.page_token)
        leaves, token = await self.reader.employee_page(call.scope, call.actor.subject, page)
        return pb.ListMyLeaveResponse(
            leaves=[leave_message(x) for x in leaves], page=common_pb2.PageResponse(next_page_token=token)
        )

    async def GetMyLeaveBalance(
        self, request: pb.GetMyLeaveBalanceRequest, context: Any
    ) -> pb.GetMyLeaveBalanceResponse:
        call = current_call()
        year = request.year or self.handlers.today().year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput.on("year", f"must be {MIN_YEAR} to {MAX_YEAR}")
        days = await self.handlers.balance(call, year)
        return pb.GetMyLeaveBalanceResponse(employee_id=call.actor.subject, year=year, annual_days=str(days))

    async def ListLeaveApprovals(
        self, request: pb.ListLeaveApprovalsRequest, context: Any
    ) -> pb.ListLeaveApprovalsResponse:
        call = current_call()
        page = Page(request.page.page_size, request.page.page_token)
        leaves, token = await self.reader.awaiting(call.scope, call.actor.subject, page)
        return pb.ListLeaveApprovalsResponse(
            leaves=[leave_message(x) for x in leaves], page=common_pb2.PageResponse(next_page_token=token)
        )
