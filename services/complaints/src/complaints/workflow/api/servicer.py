"""grpc.aio servicer of ComplaintWorkflowService (CMP-05..07): decode, call a handler,
encode. No business branching here. Importing it registers the workflow event payloads
(``workflow_pb2``) in the descriptor pool, where ``events/outbound.py`` finds them."""

from __future__ import annotations

from typing import TypeVar

from google.protobuf.message import Message

from complaints.api.common import Ctx, Handler
from complaints.intake.app.ports import ComplaintReader
from complaints.workflow.api import mapping as m
from complaints.workflow.app.handlers import WorkflowHandlers
from complaints.workflow.domain import commands as w
from cs.complaints.v1 import workflow_pb2 as pb
from cs.complaints.v1 import workflow_pb2_grpc
from cskit.calls import current_call

Resp = TypeVar("Resp", bound=Message)


class ComplaintWorkflowServicer(workflow_pb2_grpc.ComplaintWorkflowServiceServicer):
    def __init__(self, handlers: WorkflowHandlers, reader: ComplaintReader) -> None:
        self._h = handlers
        self._reader = reader

    async def _respond(self, response: type[Resp], handle: Handler) -> Resp:
        """Run a command for the caller and answer with the case's workflow as it now stands."""
        complaint = await handle(current_call())
        return response(workflow=m.workflow_to(complaint))

    async def RouteComplaint(self, request: pb.RouteComplaintRequest, context: Ctx) -> pb.RouteComplaintResponse:
        cmd = m.route_from(request)
        return await self._respond(pb.RouteComplaintResponse, lambda ctx: self._h.route_complaint(cmd, ctx))

    async def AssignHandlingDepartment(
        self, request: pb.AssignHandlingDepartmentRequest, context: Ctx
    ) -> pb.AssignHandlingDepartmentResponse:
        cmd = w.AssignHandlingDepartment(
            complaint_id=request.id, department=request.department, instructions=request.instructions
        )
        return await self._respond(
            pb.AssignHandlingDepartmentResponse,
            lambda ctx: self._h.assign_handling_department(cmd, ctx),
        )

    async def SubmitInvestigationReport(
        self, request: pb.SubmitInvestigationReportRequest, context: Ctx
    ) -> pb.SubmitInvestigationReportResponse:
        cmd = m.report_from(request)
        return await self._respond(
            pb.SubmitInvestigationReportResponse,
            lambda ctx: self._h.submit_investigation_report(cmd, ctx),
        )

    async def ApproveInvestigationReport(
        self, request: pb.ApproveInvestigationReportRequest, context: Ctx
    ) -> pb.ApproveInvestigationReportResponse:
        cmd = w.ApproveInvestigationReport(complaint_id=request.id, comment=request.comment)
        return await self._respond(
            pb.ApproveInvestigationReportResponse,
            lambda ctx: self._h.approve_investigation_report(cmd, ctx),
        )

    async def ReturnInvestigationReport(
        self, request: pb.ReturnInvestigationReportRequest, context: Ctx
    ) -> pb.ReturnInvestigationReportResponse:
        cmd = w.ReturnInvestigationReport(complaint_id=request.id, reason=request.reason)
        return await self._respond(
            pb.ReturnInvestigationReportResponse,
            lambda ctx: self._h.return_investigation_report(cmd, ctx),
        )

    async def RecordCustomerAnswer(
        self, request: pb.RecordCustomerAnswerRequest, context: Ctx
    ) -> pb.RecordCustomerAnswerResponse:
        cmd = m.answer_from(request)
        return await self._respond(
            pb.RecordCustomerAnswerResponse, lambda ctx: self._h.record_customer_answer(cmd, ctx)
        )

    async def EscalateComplaint(
        self, request: pb.EscalateComplaintRequest, context: Ctx
    ) -> pb.EscalateComplaintResponse:
        cmd = m.escalate_from(request)
        return await self._respond(pb.EscalateComplaintResponse, lambda ctx: self._h.escalate_complaint(cmd, ctx))

    async def AcknowledgeEscalation(
        self, request: pb.AcknowledgeEscalationRequest, context: Ctx
    ) -> pb.AcknowledgeEscalationResponse:
        cmd = w.AcknowledgeEscalation(complaint_id=request.id, note=request.note)
        return await self._respond(
            pb.AcknowledgeEscalationResponse, lambda ctx: self._h.acknowledge_escalation(cmd, ctx)
        )

    async def GetCaseWorkflow(self, request: pb.GetCaseWorkflowRequest, context: Ctx) -> pb.GetCaseWorkflowResponse:
        ctx = current_call()
        complaint = await self._reader.get(request.id, ctx.scope)
        return pb.GetCaseWorkflowResponse(workflow=m.workflow_to(complaint))
