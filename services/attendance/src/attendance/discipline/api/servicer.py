"""grpc.aio DisciplineService: the entry, draft and approve commands come from the contract
(``command_methods``); the reads are written here: the team's sheet and one's own score."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from attendance.discipline.app.handlers import DisciplineHandlers
from attendance.discipline.app.ports import ScoreSheetReads
from attendance.discipline.domain import commands
from attendance.discipline.domain.model import SUPERVISORS, DisciplineEntry, ScoreSheet, parse_month
from cs.attendance.v1 import discipline_events_pb2 as events_pb
from cs.attendance.v1 import discipline_pb2 as pb
from cs.attendance.v1 import discipline_pb2_grpc
from cskit.calls import current_call
from cskit.domain.actor import require_role
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["DisciplineService"]
add_to_server = discipline_pb2_grpc.add_DisciplineServiceServicer_to_server


def sheet_message(sheet: ScoreSheet) -> pb.ScoreSheet:
    return message_of(pb.ScoreSheet, attributes(sheet))


def entry_message(entry: DisciplineEntry) -> pb.DisciplineEntry:
    return message_of(pb.DisciplineEntry, attributes(entry))


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class DisciplineServicer(CommandServicer[DisciplineHandlers, ScoreSheetReads]):
    def answer(self, response: type[Message], result: Any) -> Message:
        if isinstance(result, DisciplineEntry):
            return response(entry=entry_message(result))
        return response(score_sheet=sheet_message(result))

    async def GetScoreSheet(self, request: pb.GetScoreSheetRequest, context: Any) -> pb.GetScoreSheetResponse:
        call = current_call()
        require_role(call.actor, SUPERVISORS, action="reading the team's scores")
        sheet = await self.reader.existing_sheet(call.scope, call.actor.branch_id, parse_month(request.month))
        return pb.GetScoreSheetResponse(score_sheet=sheet_message(sheet))

    async def GetMyScore(self, request: pb.GetMyScoreRequest, context: Any) -> pb.GetMyScoreResponse:
        """From the sheet once drafted; before that, the month so far as the sheet would have it."""
        call, month = current_call(), parse_month(request.month)
        sheet = await self.reader.sheet(call.scope, call.actor.branch_id, month)
        if sheet is not None:
            status, lines = sheet.status.value, sheet.lines
        else:
            status, lines = "", tuple(await self.handlers.lines_so_far(call, month))
        mine = next((x for x in lines if x.employee_id == call.actor.subject), None)
        if mine is None:
            mine = self.handlers.clean_line(call.actor.subject)
        return pb.GetMyScoreResponse(
            month=f"{month:%Y-%m}", status=status, line=message_of(events_pb.ScoreLine, attributes(mine))
        )
