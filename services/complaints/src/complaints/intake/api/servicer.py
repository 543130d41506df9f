"""grpc.aio servicer of ComplaintsService: decode, call a handler, encode. No business branching here.

The command RPCs come from the contract (``cskit.servicing.command_methods``); the call
context (verified caller, method, request id, idempotency key) comes from the kit's server
interceptor (``cskit.calls.current_call``); the handlers run it through ``cskit.calls.once``."""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.api.common import Ctx, history_page, page_from, page_response
from complaints.intake.api import mapping as m
from complaints.intake.app.handlers import ComplaintHandlers
from complaints.intake.app.ports import CaseAuditReader, ComplaintReader
from complaints.intake.domain import commands as c
from complaints.intake.domain.model import Complaint
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.calls import current_call
from cskit.domain import Clock
from cskit.servicing import CommandServicer, command_methods

SERVICE = pb.DESCRIPTOR.services_by_name["ComplaintsService"]


@command_methods(
    SERVICE, c, id_field="complaint_id", decoders={"FileComplaint": m.intake_from, "ReplyToComplaint": m.reply_from}
)
class ComplaintsServicer(CommandServicer[ComplaintHandlers, ComplaintReader]):
    def __init__(
        self, handlers: ComplaintHandlers, reader: ComplaintReader, audit: CaseAuditReader, clock: Clock
    ) -> None:
        super().__init__(handlers, reader)
        self._audit = audit
        self._clock = clock

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
