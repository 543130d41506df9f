"""/v1/complaints: REST over ComplaintsService. Decode, call, encode; no business branching."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain.actor import Actor
from gateway import mapping
from gateway.clients import CallContext, Clients, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import (
    ID_PATTERN,
    AcceptBody,
    AuditEntryOut,
    CloseBody,
    ComplaintOut,
    FileComplaintBody,
    HistoryEntryOut,
    ListComplaintsQuery,
    Page,
    PageQuery,
    PauseBody,
    ProgressNoteBody,
    ReclassifyBody,
    RejectBody,
    RejectionReplyBody,
    ReplyBody,
    ResolveBody,
    ReturnVisitBody,
)

_COMMON_ERRORS = (400, 401, 403, 422, 429, 500, 503, 504)
router = APIRouter(prefix="/v1/complaints", tags=["complaints"], responses=problem_responses(*_COMMON_ERRORS))
_ONE = problem_responses(404, 409)

ComplaintId = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


def _ctx(request: Request, actor: Actor, key: str | None = None) -> CallContext:
    return call_context(request, actor, idempotency_key=key)


# ---- intake and read side ------------------------------------------------------------------


@router.post("", status_code=201, response_model=ComplaintOut, responses=problem_responses(409))
async def file_complaint(
    body: FileComplaintBody,
    request: Request,
    response: Response,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.file")),  # noqa: B008
) -> ComplaintOut:
    """File a complaint (CMP-01). A repeat with the same Idempotency-Key returns the same case."""
    reply = await call(clients.complaints.FileComplaint, mapping.file_request(body), _ctx(request, actor, key))
    out = mapping.complaint(reply.complaint)
    response.headers["Location"] = str(request.url_for("get_complaint", complaint_id=out.id).path)
    return out


@router.get("", response_model=Page[ComplaintOut])
async def list_complaints(
    query: Annotated[ListComplaintsQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("complaints.read")),  # noqa: B008
) -> Page[ComplaintOut]:
    """Complaints the caller may see (their branch; head office: every branch), newest first."""
    reply = await call(clients.complaints.ListComplaints, mapping.list_request(query), _ctx(request, actor))
    return Page[ComplaintOut](
        items=[mapping.complaint(c) for c in reply.complaints], next_page_token=mapping.next_token(reply.page)
    )


@router.get("/{complaint_id}", response_model=ComplaintOut, responses=problem_responses(404))
async def get_complaint(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("complaints.read")),  # noqa: B008
) -> ComplaintOut:
    reply = await call(clients.complaints.GetComplaint, pb.GetComplaintRequest(id=complaint_id), _ctx(request, actor))
    return mapping.complaint(reply.complaint)


@router.get("/{complaint_id}/history", response_model=Page[HistoryEntryOut], responses=problem_responses(404))
async def complaint_history(
    complaint_id: ComplaintId,
    query: Annotated[PageQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("complaints.read")),  # noqa: B008
) -> Page[HistoryEntryOut]:
    """The case's append-only history (PLT-04), oldest first."""
    message = pb.ListComplaintHistoryRequest(
        id=complaint_id, page=mapping.page_request(query.page_size, query.page_token)
    )
    reply = await call(clients.complaints.ListComplaintHistory, message, _ctx(request, actor))
    return Page[HistoryEntryOut](
        items=[mapping.history_entry(e) for e in reply.entries], next_page_token=mapping.next_token(reply.page)
    )


@router.get("/{complaint_id}/audit", response_model=Page[AuditEntryOut], responses=problem_responses(404))
async def case_audit(
    complaint_id: ComplaintId,
    query: Annotated[PageQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("complaints.audit")),  # noqa: B008
) -> Page[AuditEntryOut]:
    """The case's whole audit trail (PLT-04): its history, its agreements' approvals and payments,
    responsibility, penalties and sanctions, and evidence; who, what, when and from where."""
    message = pb.ListCaseAuditRequest(id=complaint_id, page=mapping.page_request(query.page_size, query.page_token))
    reply = await call(clients.complaints.ListCaseAudit, message, _ctx(request, actor))
    return Page[AuditEntryOut](
        items=[mapping.audit_entry(e) for e in reply.entries], next_page_token=mapping.next_token(reply.page)
    )


# ---- workflow commands: each answers the complaint as it now stands --------------------------


@router.post("/{complaint_id}/accept", response_model=ComplaintOut, responses=_ONE)
async def accept_complaint(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    body: AcceptBody | None = None,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.accept")),  # noqa: B008
) -> ComplaintOut:
    """The receiving desk accepts the complaint (CMP-03)."""
    message = pb.AcceptComplaintRequest(id=complaint_id, note=(body.note if body else None) or "")
    reply = await call(clients.complaints.AcceptComplaint, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/reject", response_model=ComplaintOut, responses=_ONE)
async def reject_complaint(
    complaint_id: ComplaintId,
    body: RejectBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.reject")),  # noqa: B008
) -> ComplaintOut:
    """Reject as invalid (CMP-03); starts the 2-hour courteous-reply clock."""
    message = pb.RejectComplaintRequest(id=complaint_id, reason=body.reason)
    reply = await call(clients.complaints.RejectComplaint, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/rejection-reply", response_model=ComplaintOut, responses=_ONE)
async def reply_to_rejection(
    complaint_id: ComplaintId,
    body: RejectionReplyBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.reply")),  # noqa: B008
) -> ComplaintOut:
    message = pb.ReplyToRejectionRequest(id=complaint_id, message=body.message)
    reply = await call(clients.complaints.ReplyToRejection, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/replies", response_model=ComplaintOut, responses=_ONE)
async def reply_to_complaint(
    complaint_id: ComplaintId,
    body: ReplyBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.reply")),  # noqa: B008
) -> ComplaintOut:
    """Reply to the complainant, naming when they hear from us next (CMP-04)."""
    message = pb.ReplyToComplaintRequest(
        id=complaint_id, message=body.message, next_reply_at=mapping.timestamp(body.next_reply_at)
    )
    reply = await call(clients.complaints.ReplyToComplaint, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/progress-notes", response_model=ComplaintOut, responses=_ONE)
async def add_progress_note(
    complaint_id: ComplaintId,
    body: ProgressNoteBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.note")),  # noqa: B008
) -> ComplaintOut:
    message = pb.AddProgressNoteRequest(id=complaint_id, message=body.message, customer_informed=body.customer_informed)
    reply = await call(clients.complaints.AddProgressNote, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/resolve", response_model=ComplaintOut, responses=_ONE)
async def resolve_complaint(
    complaint_id: ComplaintId,
    body: ResolveBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.resolve")),  # noqa: B008
) -> ComplaintOut:
    message = pb.ResolveComplaintRequest(id=complaint_id, resolution=body.resolution)
    reply = await call(clients.complaints.ResolveComplaint, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/return-visits", response_model=ComplaintOut, responses=_ONE)
async def record_return_visit(
    complaint_id: ComplaintId,
    body: ReturnVisitBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.return_visit")),  # noqa: B008
) -> ComplaintOut:
    """Record the return visit (CMP-10); an unsatisfied customer reopens the case."""
    message = pb.RecordReturnVisitRequest(
        id=complaint_id, satisfied=body.satisfied, satisfaction=body.satisfaction, comment=body.comment or ""
    )
    reply = await call(clients.complaints.RecordReturnVisit, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/close", response_model=ComplaintOut, responses=_ONE)
async def close_complaint(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    body: CloseBody | None = None,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.close")),  # noqa: B008
) -> ComplaintOut:
    message = pb.CloseComplaintRequest(id=complaint_id, summary=(body.summary if body else None) or "")
    reply = await call(clients.complaints.CloseComplaint, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/reclassify", response_model=ComplaintOut, responses=_ONE)
async def reclassify_complaint(
    complaint_id: ComplaintId,
    body: ReclassifyBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.reclassify")),  # noqa: B008
) -> ComplaintOut:
    """A mishandled communicative complaint becomes a valid one (CMP-02)."""
    message = pb.ReclassifyComplaintRequest(id=complaint_id, reason=body.reason)
    reply = await call(clients.complaints.ReclassifyComplaint, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/resolution-clock/pause", response_model=ComplaintOut, responses=_ONE)
async def pause_resolution_clock(
    complaint_id: ComplaintId,
    body: PauseBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.pause_clock")),  # noqa: B008
) -> ComplaintOut:
    message = pb.PauseResolutionClockRequest(id=complaint_id, reason=body.reason)
    reply = await call(clients.complaints.PauseResolutionClock, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)


@router.post("/{complaint_id}/resolution-clock/resume", response_model=ComplaintOut, responses=_ONE)
async def resume_resolution_clock(
    complaint_id: ComplaintId,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("complaints.resume_clock")),  # noqa: B008
) -> ComplaintOut:
    message = pb.ResumeResolutionClockRequest(id=complaint_id)
    reply = await call(clients.complaints.ResumeResolutionClock, message, _ctx(request, actor, key))
    return mapping.complaint(reply.complaint)
