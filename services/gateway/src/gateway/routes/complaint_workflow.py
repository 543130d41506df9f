"""Routing, investigation and escalation of a complaint (CMP-05, CMP-06, CMP-07) over
ComplaintWorkflowService. Decode, call, encode; no business branching.

POST /v1/complaints/{id}/routing | handling-department | investigation-report |
investigation-report/approve | investigation-report/return | customer-answer |
escalations | escalations/acknowledge; GET /v1/complaints/{id}/workflow. Every approval
and escalation is in GET /v1/complaints/{id}/history (PLT-04).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Request

from cs.complaints.v1 import workflow_pb2 as pb
from cskit.domain.actor import Actor
from gateway import workflow_mapping as wm
from gateway.clients import CallContext, Clients, Downstreams, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import ID_PATTERN
from gateway.workflow_schemas import (
    ANSWER_METHOD,
    ESCALATION_LEVEL,
    ROUTING_TARGET,
    AcknowledgeBody,
    ApproveReportBody,
    CaseWorkflowOut,
    CustomerAnswerBody,
    EscalateBody,
    HandlingDepartmentBody,
    InvestigationReportBody,
    ReturnReportBody,
    RouteBody,
)

if TYPE_CHECKING:
    from cs.complaints.v1.workflow_pb2_grpc import ComplaintWorkflowServiceAsyncStub

_COMMON_ERRORS = (400, 401, 403, 422, 429, 500, 503, 504)
router = APIRouter(prefix="/v1/complaints", tags=["complaint workflow"], responses=problem_responses(*_COMMON_ERRORS))
_ONE = problem_responses(404, 409)

ComplaintId = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


def _stub(clients: Downstreams) -> ComplaintWorkflowServiceAsyncStub:
    if clients.workflow is None:
        raise RuntimeError("the complaint workflow channel is not open")
    return clients.workflow


def _ctx(request: Request, actor: Actor, key: str | None = None) -> CallContext:
    return call_context(request, actor, idempotency_key=key)


@router.post("/{complaint_id}/routing", response_model=CaseWorkflowOut, responses=_ONE)
async def route_complaint(
    complaint_id: ComplaintId,
    body: RouteBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.route")),  # noqa: B008
) -> CaseWorkflowOut:
    """Send the complaint card on (CMP-05): administration, leadership (with an opinion) or sales."""
    message = pb.RouteComplaintRequest(
        id=complaint_id, route=ROUTING_TARGET.to_proto(body.route), opinion=body.opinion or ""
    )
    reply = await call(_stub(clients).RouteComplaint, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/handling-department", response_model=CaseWorkflowOut, responses=_ONE)
async def assign_handling_department(
    complaint_id: ComplaintId,
    body: HandlingDepartmentBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.assign_department")),  # noqa: B008
) -> CaseWorkflowOut:
    """Administration (leadership, for a contract dispute) names the handling department (CMP-05)."""
    message = pb.AssignHandlingDepartmentRequest(
        id=complaint_id, department=body.department, instructions=body.instructions or ""
    )
    reply = await call(_stub(clients).AssignHandlingDepartment, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/investigation-report", response_model=CaseWorkflowOut, responses=_ONE)
async def submit_investigation_report(
    complaint_id: ComplaintId,
    body: InvestigationReportBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.submit_report")),  # noqa: B008
) -> CaseWorkflowOut:
    """The handling department's report, or its revision after a return (CMP-06)."""
    message = wm.report_request(complaint_id, body)
    reply = await call(_stub(clients).SubmitInvestigationReport, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/investigation-report/approve", response_model=CaseWorkflowOut, responses=_ONE)
async def approve_investigation_report(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    body: ApproveReportBody | None = None,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.review_report")),  # noqa: B008
) -> CaseWorkflowOut:
    """The next step of supervisor -> administration -> general manager signs (CMP-06, PLT-02)."""
    message = pb.ApproveInvestigationReportRequest(id=complaint_id, comment=(body.comment if body else None) or "")
    reply = await call(_stub(clients).ApproveInvestigationReport, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/investigation-report/return", response_model=CaseWorkflowOut, responses=_ONE)
async def return_investigation_report(
    complaint_id: ComplaintId,
    body: ReturnReportBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.review_report")),  # noqa: B008
) -> CaseWorkflowOut:
    """The next step refuses; the report goes back to its author with the reasons (CMP-06)."""
    message = pb.ReturnInvestigationReportRequest(id=complaint_id, reason=body.reason)
    reply = await call(_stub(clients).ReturnInvestigationReport, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/customer-answer", response_model=CaseWorkflowOut, responses=_ONE)
async def record_customer_answer(
    complaint_id: ComplaintId,
    body: CustomerAnswerBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.customer_answer")),  # noqa: B008
) -> CaseWorkflowOut:
    """Customer service answered the customer in writing or by phone (CMP-06)."""
    message = pb.RecordCustomerAnswerRequest(
        id=complaint_id, method=ANSWER_METHOD.to_proto(body.method), summary=body.summary
    )
    reply = await call(_stub(clients).RecordCustomerAnswer, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/escalations", response_model=CaseWorkflowOut, responses=_ONE)
async def escalate_complaint(
    complaint_id: ComplaintId,
    body: EscalateBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.escalate")),  # noqa: B008
) -> CaseWorkflowOut:
    """Pass the case one level up with its card and a reason (CMP-07); no level is skipped."""
    message = pb.EscalateComplaintRequest(
        id=complaint_id,
        to_level=ESCALATION_LEVEL.to_proto(body.to_level),
        reason=body.reason,
        handling_opinion=body.handling_opinion or "",
    )
    reply = await call(_stub(clients).EscalateComplaint, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.post("/{complaint_id}/escalations/acknowledge", response_model=CaseWorkflowOut, responses=_ONE)
async def acknowledge_escalation(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    body: AcknowledgeBody | None = None,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.acknowledge_escalation")),  # noqa: B008
) -> CaseWorkflowOut:
    """The receiving level takes the case on (CMP-07)."""
    message = pb.AcknowledgeEscalationRequest(id=complaint_id, note=(body.note if body else None) or "")
    reply = await call(_stub(clients).AcknowledgeEscalation, message, _ctx(request, actor, key))
    return wm.workflow(reply.workflow)


@router.get("/{complaint_id}/workflow", response_model=CaseWorkflowOut, responses=problem_responses(404))
async def get_case_workflow(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("complaints.workflow_read")),  # noqa: B008
) -> CaseWorkflowOut:
    """Routing with its hand-overs, the report with its approval trail, the customer answer,
    the escalation level and any acknowledgement pending."""
    reply = await call(_stub(clients).GetCaseWorkflow, pb.GetCaseWorkflowRequest(id=complaint_id), _ctx(request, actor))
    return wm.workflow(reply.workflow)
