"""grpc.aio servicer: decode, call a handler, encode. No business branching here.

The call context (verified caller, method, request id, idempotency key) comes from the
kit's server interceptor (``cskit.calls.current_call``); the handlers run it through
``cskit.calls.once``."""

from __future__ import annotations

from typing import TypeVar

from google.protobuf.message import Message

from complaints.api.common import Ctx, Handler, history_to, page_from, page_response
from complaints.intake.api import customer_data as cd
from complaints.intake.api import mapping as m
from complaints.intake.app.handlers import ComplaintHandlers
from complaints.intake.app.ports import CaseAuditReader, ComplaintFilter, ComplaintReader, Page
from complaints.intake.domain import commands as c
from complaints.intake.domain.model import Complaint
from cs.complaints.v1 import complaints_pb2 as pb
from cs.complaints.v1 import complaints_pb2_grpc
from cs.platform.v1 import customer_data_pb2
from cskit.calls import current_call
from cskit.domain import Clock
from cskit.domain.errors import InvalidInput
from cskit.pagination import MAX_PAGE_SIZE
from cskit.privacy.service import CustomerData
from cskit.protomap import from_timestamp

# PLT-06: an export is one file; a range holding more cases is to be narrowed.
MAX_EXPORT_ROWS = 10_000

Resp = TypeVar("Resp", bound=Message)


class ComplaintsServicer(complaints_pb2_grpc.ComplaintsServiceServicer):
    def __init__(
        self,
        handlers: ComplaintHandlers,
        reader: ComplaintReader,
        audit: CaseAuditReader,
        clock: Clock,
        customer_data: CustomerData,
    ) -> None:
        self._h = handlers
        self._reader = reader
        self._audit = audit
        self._clock = clock
        self._data = customer_data

    async def _respond(self, response: type[Resp], handle: Handler) -> Resp:
        """Run a command for the caller and answer with the case as it now stands."""
        complaint = await handle(current_call())
        return response(complaint=m.complaint_to(complaint, self._clock.now()))

    async def FileComplaint(self, request: pb.FileComplaintRequest, context: Ctx) -> pb.FileComplaintResponse:
        cmd = m.intake_from(request)
        return await self._respond(pb.FileComplaintResponse, lambda ctx: self._h.file_complaint(cmd, ctx))

    async def GetComplaint(self, request: pb.GetComplaintRequest, context: Ctx) -> pb.GetComplaintResponse:
        ctx = current_call()
        complaint = await self._reader.get(request.id, ctx.scope)
        return pb.GetComplaintResponse(complaint=m.complaint_to(complaint, self._clock.now()))

    async def ListComplaints(self, request: pb.ListComplaintsRequest, context: Ctx) -> pb.ListComplaintsResponse:
        ctx = current_call()
        query, page = m.filter_from(request)
        items, token = await self._reader.list(ctx.scope, query, page)
        now = self._clock.now()
        return pb.ListComplaintsResponse(complaints=[m.complaint_to(x, now) for x in items], page=page_response(token))

    async def ListComplaintHistory(
        self, request: pb.ListComplaintHistoryRequest, context: Ctx
    ) -> pb.ListComplaintHistoryResponse:
        ctx = current_call()
        items, token = await self._reader.history(
            request.id, ctx.scope, Page(request.page.page_size, request.page.page_token)
        )
        return pb.ListComplaintHistoryResponse(entries=[history_to(i) for i in items], page=page_response(token))

    async def ListCaseAudit(self, request: pb.ListCaseAuditRequest, context: Ctx) -> pb.ListCaseAuditResponse:
        ctx = current_call()
        items, token = await self._audit.list(request.id, ctx.scope, page_from(request.page))
        return pb.ListCaseAuditResponse(entries=[m.audit_to(i) for i in items], page=page_response(token))

    async def AcceptComplaint(self, request: pb.AcceptComplaintRequest, context: Ctx) -> pb.AcceptComplaintResponse:
        cmd = c.AcceptComplaint(complaint_id=request.id, note=request.note)
        return await self._respond(pb.AcceptComplaintResponse, lambda ctx: self._h.accept_complaint(cmd, ctx))

    async def RejectComplaint(self, request: pb.RejectComplaintRequest, context: Ctx) -> pb.RejectComplaintResponse:
        cmd = c.RejectComplaint(complaint_id=request.id, reason=request.reason)
        return await self._respond(pb.RejectComplaintResponse, lambda ctx: self._h.reject_complaint(cmd, ctx))

    async def ReplyToRejection(self, request: pb.ReplyToRejectionRequest, context: Ctx) -> pb.ReplyToRejectionResponse:
        cmd = c.ReplyToRejection(complaint_id=request.id, message=request.message)
        return await self._respond(pb.ReplyToRejectionResponse, lambda ctx: self._h.reply_to_rejection(cmd, ctx))

    async def ReplyToComplaint(self, request: pb.ReplyToComplaintRequest, context: Ctx) -> pb.ReplyToComplaintResponse:
        cmd = m.reply_from(request)
        return await self._respond(pb.ReplyToComplaintResponse, lambda ctx: self._h.reply_to_complaint(cmd, ctx))

    async def AddProgressNote(self, request: pb.AddProgressNoteRequest, context: Ctx) -> pb.AddProgressNoteResponse:
        cmd = c.AddProgressNote(
            complaint_id=request.id, message=request.message, customer_informed=request.customer_informed
        )
        return await self._respond(pb.AddProgressNoteResponse, lambda ctx: self._h.add_progress_note(cmd, ctx))

    async def ResolveComplaint(self, request: pb.ResolveComplaintRequest, context: Ctx) -> pb.ResolveComplaintResponse:
        cmd = c.ResolveComplaint(complaint_id=request.id, resolution=request.resolution)
        return await self._respond(pb.ResolveComplaintResponse, lambda ctx: self._h.resolve_complaint(cmd, ctx))

    async def RecordReturnVisit(
        self, request: pb.RecordReturnVisitRequest, context: Ctx
    ) -> pb.RecordReturnVisitResponse:
        cmd = c.RecordReturnVisit(
            complaint_id=request.id,
            satisfied=request.satisfied,
            satisfaction=request.satisfaction,
            comment=request.comment,
        )
        return await self._respond(pb.RecordReturnVisitResponse, lambda ctx: self._h.record_return_visit(cmd, ctx))

    async def CloseComplaint(self, request: pb.CloseComplaintRequest, context: Ctx) -> pb.CloseComplaintResponse:
        cmd = c.CloseComplaint(complaint_id=request.id, summary=request.summary)
        return await self._respond(pb.CloseComplaintResponse, lambda ctx: self._h.close_complaint(cmd, ctx))

    async def ReclassifyComplaint(
        self, request: pb.ReclassifyComplaintRequest, context: Ctx
    ) -> pb.ReclassifyComplaintResponse:
        cmd = c.ReclassifyComplaint(complaint_id=request.id, reason=request.reason)
        return await self._respond(pb.ReclassifyComplaintResponse, lambda ctx: self._h.reclassify_complaint(cmd, ctx))

    async def PauseResolutionClock(
        self, request: pb.PauseResolutionClockRequest, context: Ctx
    ) -> pb.PauseResolutionClockResponse:
        cmd = c.PauseResolutionClock(complaint_id=request.id, reason=request.reason)
        return await self._respond(
            pb.PauseResolutionClockResponse, lambda ctx: self._h.pause_resolution_clock(cmd, ctx)
        )

    async def ResumeResolutionClock(
        self, request: pb.ResumeResolutionClockRequest, context: Ctx
    ) -> pb.ResumeResolutionClockResponse:
        cmd = c.ResumeResolutionClock(complaint_id=request.id)
        return await self._respond(
            pb.ResumeResolutionClockResponse, lambda ctx: self._h.resume_resolution_clock(cmd, ctx)
        )

    async def UnmaskComplainant(
        self, request: pb.UnmaskComplainantRequest, context: Ctx
    ) -> pb.UnmaskComplainantResponse:
        """PLT-06: one case's complainant fields in clear, audited (the kit's rule and trail)."""
        ctx = current_call()
        complaint = await self._reader.get(request.id, ctx.scope)  # another branch's case: not found
        values = await self._data.reveal(
            ctx,
            record_type=cd.RECORD_TYPE,
            record_id=complaint.id,
            record_branch_id=complaint.branch_id,
            available=cd.available(complaint),
            requested=list(request.fields),
            reason=request.reason,
        )
        return pb.UnmaskComplainantResponse(
            complaint_id=complaint.id,
            values=[customer_data_pb2.RevealedValue(field=name, value=value) for name, value in values],
        )

    async def ExportComplaints(self, request: pb.ExportComplaintsRequest, context: Ctx) -> pb.ExportComplaintsResponse:
        """PLT-06: a branch's complaints with their contact data, under an export grant in
        force; every record and field exported is recorded before the file is answered."""
        ctx = current_call()
        branch_id = request.branch_id or ctx.actor.branch_id
        start, end = from_timestamp(request.received.start), from_timestamp(request.received.end)
        if start is None or end is None or end <= start:
            raise InvalidInput.on("received", "give both bounds, the end after the start", rule_id="PLT-06")
        grant = await self._data.approved_export(ctx, export=cd.EXPORT, branch_id=branch_id)
        cases = await self._all(ComplaintFilter(branch_id=branch_id, received_from=start, received_to=end))
        await self._data.record_export(
            ctx,
            grant,
            record_type=cd.RECORD_TYPE,
            records=[(x.id, x.branch_id) for x in cases],
            fields=cd.FIELDS.values(),
        )
        zone = self._h.policy(branch_id).zone
        return pb.ExportComplaintsResponse(
            content=cd.export_csv(cases, zone),
            filename=f"complaints-{branch_id}-{start.astimezone(zone):%Y%m%d}-{end.astimezone(zone):%Y%m%d}.csv",
            rows=len(cases),
        )

    async def _all(self, query: ComplaintFilter) -> list[Complaint]:
        ctx = current_call()
        cases: list[Complaint] = []
        token = ""
        while True:
            items, token = await self._reader.list(ctx.scope, query, Page(MAX_PAGE_SIZE, token))
            cases.extend(items)
            if len(cases) > MAX_EXPORT_ROWS:
                raise InvalidInput.on(
                    "received", f"holds more than {MAX_EXPORT_ROWS} cases: narrow it", rule_id="PLT-06"
                )
            if not token:
                return cases

    async def RegradeComplaint(self, request: pb.RegradeComplaintRequest, context: Ctx) -> pb.RegradeComplaintResponse:
        cmd = m.regrade_from(request)
        return await self._respond(pb.RegradeComplaintResponse, lambda ctx: self._h.regrade_complaint(cmd, ctx))

    async def RecordVisit(self, request: pb.RecordVisitRequest, context: Ctx) -> pb.RecordVisitResponse:
        cmd = m.visit_from(request)
        return await self._respond(pb.RecordVisitResponse, lambda ctx: self._h.record_visit(cmd, ctx))

    async def RecordPropertyDates(
        self, request: pb.RecordPropertyDatesRequest, context: Ctx
    ) -> pb.RecordPropertyDatesResponse:
        cmd = m.property_dates_from(request)
        return await self._respond(pb.RecordPropertyDatesResponse, lambda ctx: self._h.record_property_dates(cmd, ctx))
