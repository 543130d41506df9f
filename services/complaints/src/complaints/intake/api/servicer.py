"""grpc.aio servicer of ComplaintsService: decode, call a handler, encode. No business branching here.

The command RPCs come from the contract (``cskit.servicing.command_methods``); the call
context (verified caller, method, request id, idempotency key) comes from the kit's server
interceptor (``cskit.calls.current_call``); the handlers run it through ``cskit.calls.once``."""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.api.common import Ctx, history_page, page_from, page_response
from complaints.intake.api import customer_data as cd
from complaints.intake.api import mapping as m
from complaints.intake.app.handlers import ComplaintHandlers
from complaints.intake.app.ports import CaseAuditReader, ComplaintFilter, ComplaintReader, Page
from complaints.intake.domain import commands as c
from complaints.intake.domain.model import Complaint
from cs.complaints.v1 import complaints_pb2 as pb
from cs.platform.v1 import customer_data_pb2
from cskit.calls import current_call
from cskit.domain import Clock
from cskit.domain.errors import InvalidInput
from cskit.pagination import MAX_PAGE_SIZE
from cskit.privacy.service import CustomerData
from cskit.protomap import from_timestamp
from cskit.servicing import CommandServicer, command_methods

# PLT-06: an export is one file; a range holding more cases is to be narrowed.
MAX_EXPORT_ROWS = 10_000

SERVICE = pb.DESCRIPTOR.services_by_name["ComplaintsService"]


@command_methods(
    SERVICE,
    c,
    id_field="complaint_id",
    decoders={
        "FileComplaint": m.intake_from,
        "ReplyToComplaint": m.reply_from,
        "RegradeComplaint": m.regrade_from,
        "RecordVisit": m.visit_from,
        "RecordPropertyDates": m.property_dates_from,
    },
)
class ComplaintsServicer(CommandServicer[ComplaintHandlers, ComplaintReader]):
    def __init__(
        self,
        handlers: ComplaintHandlers,
        reader: ComplaintReader,
        audit: CaseAuditReader,
        clock: Clock,
        customer_data: CustomerData,
    ) -> None:
        super().__init__(handlers, reader)
        self._audit = audit
        self._clock = clock
        self._data = customer_data

    def answer(self, response: type[Message], result: Complaint) -> Message:
        """A command's answer: the case as it now stands."""
        return response(complaint=m.complaint_to(result, self._clock.now()))

    async def GetComplaint(self, request: pb.GetComplaintRequest, context: Ctx) -> pb.GetComplaintResponse:
        complaint = await self.reader.get(request.id, current_call().scope)
        return pb.GetComplaintResponse(complaint=m.complaint_to(complaint, self._clock.now()))

    async def ListComplaints(self, request: pb.ListComplaintsRequest, context: Ctx) -> pb.ListComplaintsResponse:
        query, page = m.filter_from(request)
        items, token = await self.reader.list(current_call().scope, query, page)
        now = self._clock.now()
        return pb.ListComplaintsResponse(complaints=[m.complaint_to(x, now) for x in items], page=page_response(token))

    async def ListComplaintHistory(
        self, request: pb.ListComplaintHistoryRequest, context: Ctx
    ) -> pb.ListComplaintHistoryResponse:
        entries, page = await history_page(self.reader, request.id, request.page)
        return pb.ListComplaintHistoryResponse(entries=entries, page=page)

    async def ListCaseAudit(self, request: pb.ListCaseAuditRequest, context: Ctx) -> pb.ListCaseAuditResponse:
        items, token = await self._audit.list(request.id, current_call().scope, page_from(request.page))
        return pb.ListCaseAuditResponse(entries=[m.audit_to(i) for i in items], page=page_response(token))

    async def UnmaskComplainant(
        self, request: pb.UnmaskComplainantRequest, context: Ctx
    ) -> pb.UnmaskComplainantResponse:
        """PLT-06: one case's complainant fields in clear, audited (the kit's rule and trail)."""
        ctx = current_call()
        complaint = await self.reader.get(request.id, ctx.scope)  # another branch's case: not found
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
        zone = self.handlers.policy(branch_id).zone
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
            items, token = await self.reader.list(ctx.scope, query, Page(MAX_PAGE_SIZE, token))
            cases.extend(items)
            if len(cases) > MAX_EXPORT_ROWS:
                raise InvalidInput.on(
                    "received", f"holds more than {MAX_EXPORT_ROWS} cases: narrow it", rule_id="PLT-06"
                )
            if not token:
                return cases
