"""grpc.aio ConfirmationService: the commands come from the contract (``command_methods``);
the reads are written here: a department's weekly missed-punch report (HR) and the caller's
team's missed punches of a week (supervisors)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from google.protobuf.message import Message

from attendance.confirmations.app.handlers import ConfirmationHandlers
from attendance.confirmations.app.report import MissedPunchReports, MissedPunchWeek
from attendance.confirmations.domain import commands
from attendance.confirmations.domain.model import Confirmation, Deputies, WeeklyReport
from attendance.confirmations.persistence.reader import ConfirmationReader
from attendance.domain.people import Directory
from attendance.outofoffice.domain.fields import local_day
from cs.attendance.v1 import requests_pb2 as pb
from cs.attendance.v1 import requests_pb2_grpc
from cskit.calls import current_call
from cskit.domain import Forbidden, NotFound, acting_branch
from cskit.protomap import attributes, message_of, timestamp
from cskit.servicing import CommandServicer, command_methods

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["ConfirmationService"]
add_to_server = requests_pb2_grpc.add_ConfirmationServiceServicer_to_server


def week_message(branch_id: str, week: MissedPunchWeek) -> pb.MissedPunchReport:
    message = pb.MissedPunchReport(
        branch_id=branch_id,
        department_id=week.department_id,
        week_start=week.week.start.isoformat(),
        week_end=week.week.end.isoformat(),
        overdue=week.overdue,
        lines=[
            pb.MissedPunchLine(employee_id=x.employee_id, day=x.day.isoformat(), confirmed_by=x.confirmed_by)
            for x in week.lines
        ],
    )
    if (due := timestamp(week.week.due_at)) is not None:
        message.due_at.CopyFrom(due)
    if (submitted := timestamp(week.submitted_at)) is not None:
        message.submitted_at.CopyFrom(submitted)
    return message


@command_methods(SERVICE_DESCRIPTOR, commands, id_field="id")
class ConfirmationServicer(CommandServicer[ConfirmationHandlers, ConfirmationReader]):
    def __init__(
        self,
        handlers: ConfirmationHandlers,
        reader: ConfirmationReader,
        reports: MissedPunchReports,
        directory: Directory,
    ) -> None:
        super().__init__(handlers, reader)
        self.reports = reports
        self.directory = directory

    def answer(self, response: type[Message], result: Any) -> Message:
        if isinstance(result, Confirmation):
            return response(confirmation=message_of(pb.MissedPunchConfirmation, attributes(result)))
        if isinstance(result, Deputies):
            return response(deputies=message_of(pb.DeputyList, attributes(result)))
        assert isinstance(result, WeeklyReport)
        return response(
            report=message_of(pb.MissedPunchReport, attributes(result, week_end=None)),
        )

    async def GetMissedPunchReport(
        self, request: pb.GetMissedPunchReportRequest, context: Any
    ) -> pb.GetMissedPunchReportResponse:
        call = current_call()
        branch = acting_branch(
            call.actor, call.scope, request.branch_id, lambda b: Forbidden(f"branch {b} is not yours")
        )
        day = local_day(request.week_start, "week_start")
        week = await self.reports.week(call.scope, branch, request.department_id, day)
        return pb.GetMissedPunchReportResponse(report=week_message(branch, week))

    async def ListTeamAnomalies(
        self, request: pb.ListTeamAnomaliesRequest, context: Any
    ) -> pb.ListTeamAnomaliesResponse:
        """The caller's direct reports only: their department's week, other people's lines left out."""
        call = current_call()
        me = await self.directory.employee(call.scope, call.actor.subject)
        if me is None:
            raise NotFound(f"employee {call.actor.subject} not found", code="employee_not_found")
        day = local_day(request.day)
        week = await self.reports.week(call.scope, me.branch_id, me.department_id, day)
        team = {
            e.id
            for e in await self.directory.employees(call.scope, week.week.start, week.week.end)
            if e.manager_id == me.id
        }
        mine = replace(week, lines=[x for x in week.lines if x.employee_id in team])
        return pb.ListTeamAnomaliesResponse(report=week_message(me.branch_id, mine))
