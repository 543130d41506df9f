"""grpc.aio servicer of ComplaintWorkflowService (CMP-05..07): decode, call a handler,
encode. No business branching here; the command RPCs come from the contract
(``cskit.servicing.command_methods``). Importing it registers the workflow event payloads
(``workflow_pb2``) in the descriptor pool, where ``events/outbound.py`` finds them."""

from __future__ import annotations

from google.protobuf.message import Message

from complaints.api.common import Ctx, page_response
from complaints.intake.app.ports import ComplaintReader
from complaints.intake.domain.model import Complaint
from complaints.workflow.api import mapping as m
from complaints.workflow.app.handlers import WorkflowHandlers
from complaints.workflow.domain import commands as w
from cs.complaints.v1 import workflow_pb2 as pb
from cskit.calls import current_call
from cskit.servicing import CommandServicer, Decoder, command_methods

SERVICE = pb.DESCRIPTOR.services_by_name["ComplaintWorkflowService"]
DECODERS: dict[str, Decoder] = {
    "RouteComplaint": m.route_from,
    "SubmitInvestigationReport": m.report_from,
    "RecordCustomerAnswer": m.answer_from,
    "EscalateComplaint": m.escalate_from,
}


@command_methods(SERVICE, w, id_field="complaint_id", decoders=DECODERS)
class ComplaintWorkflowServicer(CommandServicer[WorkflowHandlers, ComplaintReader]):
    def answer(self, response: type[Message], result: Complaint) -> Message:
        """A command's answer: the case's workflow as it now stands."""
        return response(workflow=m.workflow_to(result))

    async def ListInvestigationReports(
        self, request: pb.ListInvestigationReportsRequest, context: Ctx
    ) -> pb.ListInvestigationReportsResponse:
        step, page = m.awaiting_from(request)
        items, token = await self.reader.awaiting_report_approval(current_call().scope, step, page)
        return pb.ListInvestigationReportsResponse(
            workflows=[m.workflow_to(x) for x in items], page=page_response(token)
        )

    async def GetCaseWorkflow(self, request: pb.GetCaseWorkflowRequest, context: Ctx) -> pb.GetCaseWorkflowResponse:
        complaint = await self.reader.get(request.id, current_call().scope)
        return pb.GetCaseWorkflowResponse(workflow=m.workflow_to(complaint))
