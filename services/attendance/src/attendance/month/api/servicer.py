"""grpc.aio MonthService: decode, call the month's app, encode; no business branching.
Every call acts on the caller's own branch (PLT-01); roles are checked by the app."""

from __future__ import annotations

from datetime import date
from typing import Any

from attendance.month.app.close import MONTH_CLOSERS, MonthCloser
from attendance.month.app.ports import CloseJob, StoredRecord
from attendance.month.app.queries import EmployeeMonth, MonthQueries
from attendance.month.domain.payroll import CORRECTABLE, month_key
from attendance.month.domain.review import ReviewLine
from attendance.month.events.outbound import figures_message
from cs.attendance.v1 import month_pb2 as pb
from cs.attendance.v1 import month_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.audit import RequestContext
from cskit.calls import current_call
from cskit.domain import InvalidInput, NotFound
from cskit.domain.actor import require_role
from cskit.pagination import page_size
from cskit.protomap import timestamp

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["MonthService"]
add_to_server = month_pb2_grpc.add_MonthServiceServicer_to_server


def job_message(job: CloseJob) -> pb.MonthClose:
    return pb.MonthClose(
        branch_id=job.branch_id,
        month=month_key(job.month),
        state=job.state,
        done=job.done,
        total=job.total,
        termination_cases=job.termination_cases,
        closed_by=job.closed_by,
        started_at=timestamp(job.started_at),
        closed_at=timestamp(job.closed_at),
    )


def month_message(m: EmployeeMonth | StoredRecord, closed: bool = True) -> pb.EmployeeMonth:
    return pb.EmployeeMonth(
        employee_id=m.employee_id,
        branch_id=m.branch_id,
        department_id=m.department_id,
        month=month_key(m.month),
        version=m.version,
        closed=m.closed if isinstance(m, EmployeeMonth) else closed,
        figures=figures_message(m.figures),
    )


def line_message(x: ReviewLine) -> pb.WeeklyReviewLine:
    return pb.WeeklyReviewLine(**{f: getattr(x, f) for f in ReviewLine.__dataclass_fields__})


def _context() -> RequestContext:
    call = current_call()
    return RequestContext(call.actor, call.request_id, call.client_ip)


class MonthServicer:
    def __init__(self, closer: MonthCloser, queries: MonthQueries) -> None:
        self.closer = closer
        self.queries = queries

    async def CloseMonth(self, request: pb.CloseMonthRequest, context: Any) -> pb.CloseMonthResponse:
        job = await self.closer.start(_context(), request.month)
        return pb.CloseMonthResponse(month_close=job_message(job))

    async def GetMonthClose(self, request: pb.GetMonthCloseRequest, context: Any) -> pb.GetMonthCloseResponse:
        ctx = _context()
        require_role(ctx.actor, MONTH_CLOSERS, action="reading a month close")
        job = await self.closer.job(ctx.actor.branch_id, request.month)
        if job is None:
            raise NotFound(f"month {request.month} is not being closed", code="month_close_not_found")
        return pb.GetMonthCloseResponse(month_close=job_message(job))

    async def ListPayrollRecords(
        self, request: pb.ListPayrollRecordsRequest, context: Any
    ) -> pb.ListPayrollRecordsResponse:
        size = page_size(request.page.page_size)
        # The token is the last employee id of the previous page (records sort by employee id).
        records = await self.queries.payroll_records(current_call().actor, request.month, request.page.page_token, size)
        token = records[-1].employee_id if len(records) == size else ""
        return pb.ListPayrollRecordsResponse(
            records=[month_message(r) for r in records], page=common_pb2.PageResponse(next_page_token=token)
        )

    async def CorrectPayrollRecord(
        self, request: pb.CorrectPayrollRecordRequest, context: Any
    ) -> pb.CorrectPayrollRecordResponse:
        changes = {name: getattr(request, name) for name in CORRECTABLE if request.HasField(name)}  # type: ignore[arg-type]
        record = await self.queries.correct(_context(), request.month, request.employee_id, changes, request.reason)
        return pb.CorrectPayrollRecordResponse(record=month_message(record))

    async def GetTeamMonth(self, request: pb.GetTeamMonthRequest, context: Any) -> pb.GetTeamMonthResponse:
        found = await self.queries.team_month(current_call().actor, request.month, request.department_id)
        return pb.GetTeamMonthResponse(members=[month_message(m) for m in found])

    async def GetMyMonth(self, request: pb.GetMyMonthRequest, context: Any) -> pb.GetMyMonthResponse:
        found = await self.queries.my_month(current_call().actor, request.month)
        return pb.GetMyMonthResponse(month=month_message(found))

    async def GetWeeklyReview(self, request: pb.GetWeeklyReviewRequest, context: Any) -> pb.GetWeeklyReviewResponse:
        try:
            week_start = date.fromisoformat(request.week_start)
        except ValueError as exc:
            raise InvalidInput.on("week_start", "must be a date YYYY-MM-DD") from exc
        actor = current_call().actor
        found = await self.queries.reviews(actor, week_start)
        return pb.GetWeeklyReviewResponse(
            reviews=[
                pb.WeeklyReview(
                    branch_id=actor.branch_id,
                    department_id=department,
                    week_start=week.start.isoformat(),
                    week_end=week.end.isoformat(),
                    due_on=week.due_on.isoformat(),
                    lines=[line_message(x) for x in lines],
                    issued_at=timestamp(issued),  # type: ignore[arg-type]
                )
                for department, week, lines, issued in found
            ]
        )
