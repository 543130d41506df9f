"""grpc.aio OutOfOfficeService: the commands come from the contract (``command_methods``);
the reads are written here: one record, the caller's own, the branch's awaiting signatures."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.outofoffice.app.handlers import OutOfOfficeHandlers
from attendance.outofoffice.domain import commands
from attendance.outofoffice.domain.model import OutOfOfficeRecord, OutOfOfficeState
from attendance.outofoffice.persistence.reader import OutOfOfficeReader
from cs.attendance.v1 import requests_pb2 as pb
from cs.attendance.v1 import requests_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["OutOfOfficeService"]
add_to_server = requests_pb2_grpc.add_OutOfOfficeServiceServicer_to_server


def record_message(record: OutOfOfficeRecord) -> pb.OutOfOfficeRecord:
    announced = record.state is OutOfOfficeState.ANNOUNCED
    return message_of(
        pb.OutOfOfficeRecord,
        attributes(record, start=None if announced else record.start, end=None if announced else record.end),
    )


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="record_id")
class OutOfOfficeServicer(CommandServicer[OutOfOfficeHandlers, OutOfOfficeReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(record=record_message(result))

    async def GetOutOfOffice(self, request: pb.GetOutOfOfficeRequest, context: Any) -> pb.GetOutOfOfficeResponse:
        return pb.GetOutOfOfficeResponse(record=record_message(await self.reader.get(request.id, current_call().scope)))

    async def ListMyOutOfOffice(
        self, request: pb.ListMyOutOfOfficeRequest, context: Any
    ) -> pb.ListMyOutOfOfficeResponse:
        call = current_call()
        page = Page(request.page.page_size, request.page.page_token)
        records, token = await self.reader.employee_page(call.scope, call.actor.subject, page)
        return pb.ListMyOutOfOfficeResponse(
            records=[record_message(r) for r in records], page=common_pb2.PageResponse(next_page_token=token)
        )

    async def ListPendingOutOfOffice(
        self, request: pb.ListPendingOutOfOfficeRequest, context: Any
    ) -> pb.ListPendingOutOfOfficeResponse:
        page = Page(request.page.page_size, request.page.page_token)
        records, token = await self.reader.state_page(current_call().scope, OutOfOfficeState.FILED, page)
        return pb.ListPendingOutOfOfficeResponse(
            records=[record_message(r) for r in records], page=common_pb2.PageResponse(next_page_token=token)
        )
