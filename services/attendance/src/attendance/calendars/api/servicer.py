"""grpc.aio CalendarService: OverrideCalendarDay and ClearCalendarDay come from the contract
(``command_methods``); the read is written here: a branch's year or month, day by day."""

from __future__ import annotations

import calendar as months
from datetime import date, timedelta
from typing import Any

from google.protobuf.message import Message

from attendance.calendars.app.facts import BranchCalendars
from attendance.calendars.app.handlers import CalendarHandlers
from attendance.calendars.domain import commands
from attendance.calendars.domain.model import CalendarOverride
from attendance.calendars.persistence.reader import OverrideReader
from cs.attendance.v1 import calendars_pb2 as pb
from cs.attendance.v1 import calendars_pb2_grpc
from cskit.calls import current_call
from cskit.domain import InvalidInput, NotFound
from cskit.domain.actor import acting_branch
from cskit.protomap import attributes, message_of
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["CalendarService"]
add_to_server = calendars_pb2_grpc.add_CalendarServiceServicer_to_server
FIRST_YEAR, LAST_YEAR = 2000, 2100


def override_message(override: CalendarOverride) -> pb.CalendarOverride:
    return message_of(pb.CalendarOverride, attributes(override))


def span_of(year: int, month: int) -> tuple[date, date]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput.on("year", f"must be {FIRST_YEAR} to {LAST_YEAR}")
    if month == 0:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        raise InvalidInput.on("month", "must be 1 to 12, or 0 for the whole year")
    return date(year, month, 1), date(year, month, months.monthrange(year, month)[1])


def _branch_not_found(branch_id: str) -> NotFound:
    return NotFound(f"branch {branch_id} not found", code="branch_not_found")


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class CalendarServicer(CommandServicer[CalendarHandlers, OverrideReader]):
    def __init__(self, handlers: CalendarHandlers, reader: OverrideReader, calendars: BranchCalendars) -> None:
        super().__init__(handlers, reader)
        self.calendars = calendars

    def answer(self, response: type[Message], result: Any) -> Message:
        return response(override=override_message(result))

    async def ListCalendarDays(self, request: pb.ListCalendarDaysRequest, context: Any) -> pb.ListCalendarDaysResponse:
        call = current_call()
        branch = acting_branch(call.actor, call.scope, request.branch_id.strip(), _branch_not_found)
        year = request.year
        first, last = span_of(year, request.month)
        calendar = await self.calendars.calendar(branch, year)
        notes = {o.day: o.note for o in await self.reader.between(call.scope, branch, first, last)}
        days = []
        for n in range((last - first).days + 1):
            day = first + timedelta(days=n)
            text = day.isoformat()
            days.append(
                pb.CalendarDay(
                    day=text,
                    status=calendar.status(day).value,
                    working=calendar.is_working_day(day),
                    source="override" if text in notes else "official",
                    note=notes.get(text, ""),
                )
            )
        return pb.ListCalendarDaysResponse(branch_id=branch, announced=calendar.is_announced(year), days=days)
