"""grpc.aio RosterService: SetRosterDay and ClearRosterDay come from the contract
(``command_methods``); the read is written here: an employee's roster days by date."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.punches.api.servicer import local_date
from attendance.rosters.app.handlers import RosterHandlers
from attendance.rosters.domain import commands
from attendance.rosters.domain.model import RosterEntry
from attendance.rosters.persistence.reader import RosterReader
from cs.attendance.v1 import rosters_pb2 as pb
from cs.attendance.v1 import rosters_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.domain import InvalidInput
from cskit.pagination import Page
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["RosterService"]
add_to_server = rosters_pb2_grpc.add_RosterServiceServicer_to_server


def roster_message(entry: RosterEntry) -> pb.RosterDay:
    return message_of(pb.RosterDay, attributes(entry))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class RosterServicer(CommandServicer[RosterHandlers, RosterReader]):
    def answer(self, response: type[Message], result: Any) -> Message:
        return response(roster_day=roster_message(result))

    async def ListRosterDays(self, request: pb.ListRosterDaysRequest, context: Any) -> pb.ListRosterDaysResponse:
        first, last = local_date(request.from_day, "from_day"), local_date(request.to_day, "to_day")
        if last < first:
            raise InvalidInput.on("to_day", "must not be before from_day")
        page = Page(request.page.page_size, request.page.page_token)
        days, token = await self.reader.employee_page(current_call().scope, request.employee_id, first, last, page)
        return pb.ListRosterDaysResponse(
            roster_days=[roster_message(x) for x in days], page=common_pb2.PageResponse(next_page_token=token)
        )
