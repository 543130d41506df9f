"""grpc.aio AttendanceService: RecordPunch comes from the contract (``command_methods``); the
reads are written here: an employee's punches by branch-local dates, and the day outcome.
No business branching."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from google.protobuf.message import Message

from attendance.punches.app.handlers import PunchHandlers
from attendance.punches.app.outcomes import DayOutcomes, SourcedOutcome
from attendance.punches.domain import commands
from attendance.punches.domain.engine import Shift
from attendance.punches.domain.model import Punch
from attendance.punches.persistence.reader import PunchReader
from cs.attendance.v1 import attendance_pb2 as pb
from cs.attendance.v1 import attendance_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.domain import InvalidInput
from cskit.pagination import Page
from cskit.protomap import attributes, from_timestamp, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["AttendanceService"]
add_to_server = attendance_pb2_grpc.add_AttendanceServiceServicer_to_server


def decode_record_punch(req: pb.RecordPunchRequest) -> commands.RecordPunch:
    moment = from_timestamp(req.device_time) if req.HasField("device_time") else None
    if moment is None:
        raise InvalidInput.on("device_time", "is required")
    return commands.RecordPunch(
        employee_id=req.employee_id,
        source=req.source,
        device_id=req.device_id,
        source_punch_id=req.source_punch_id,
        device_time=moment,
    )


def local_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a date YYYY-MM-DD") from exc


def shift_of(req: pb.GetDayOutcomeRequest) -> Shift | None:
    if not req.shift_start and not req.shift_end:
        return None
    if not (req.shift_start and req.shift_end):
        raise InvalidInput.on("shift_end", "give shift_start and shift_end together")
    return Shift.parse(req.shift_start, req.shift_end)


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id", decoders={"RecordPunch": decode_record_punch})
class PunchServicer(CommandServicer[PunchHandlers, PunchReader]):
    def __init__(
        self,
        handlers: PunchHandlers,
        reader: PunchReader,
        outcomes: DayOutcomes,
        zone: ZoneInfo,
        zone_of: Callable[[str], ZoneInfo] | None = None,
    ) -> None:
        super().__init__(handlers, reader)
        self.outcomes = outcomes
        # Each punch is shown in its branch's zone (PLT-05).
        self.zone_of = zone_of or (lambda _branch: zone)

    def punch_message(self, punch: Punch) -> pb.Punch:
        local = punch.punched_at.astimezone(self.zone_of(punch.branch_id))
        return message_of(pb.Punch, attributes(punch, local_time=local.isoformat()))

    def answer(self, response: type[Message], result: Any) -> Message:
        return response(punch=self.punch_message(result))

    async def GetPunch(self, request: pb.GetPunchRequest, context: Any) -> pb.GetPunchResponse:
        punch = await self.reader.get(request.id, current_call().scope)
        return pb.GetPunchResponse(punch=self.punch_message(punch))

    async def ListEmployeePunches(
        self, request: pb.ListEmployeePunchesRequest, context: Any
    ) -> pb.ListEmployeePunchesResponse:
        first, last = local_date(request.from_day, "from_day"), local_date(request.to_day, "to_day")
        if last < first:
            raise InvalidInput.on("to_day", "must not be before from_day")
        call = current_call()
        zone = self.zone_of(call.actor.branch_id)
        start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
        page = Page(request.page.page_size, request.page.page_token)
        punches, token = await self.reader.employee_page(call.scope, request.employee_id, start, end, page)
        return pb.ListEmployeePunchesResponse(
            punches=[self.punch_message(x) for x in punches], page=common_pb2.PageResponse(next_page_token=token)
        )

    async def GetDayOutcome(self, request: pb.GetDayOutcomeRequest, context: Any) -> pb.GetDayOutcomeResponse:
        day = local_date(request.day, "day")
        call = current_call()
        sourced = await self.outcomes.of(
            call.scope, request.employee_id, day, shift_of(request), branch_id=call.actor.branch_id
        )
        return pb.GetDayOutcomeResponse(outcome=self.outcome_message(request.employee_id, sourced))

    def outcome_message(self, employee_id: str, sourced: SourcedOutcome) -> pb.DayOutcome:
        outcome, shift = sourced.outcome, sourced.outcome.shift
        return message_of(
            pb.DayOutcome,
            attributes(
                outcome,
                employee_id=employee_id,
                day=outcome.day.isoformat(),
                shift_start=shift.start.strftime("%H:%M") if shift else "",
                shift_end=shift.end.strftime("%H:%M") if shift else "",
                shift_source=sourced.shift_source.value,
            ),
        )
