"""Supplementary agreements (CMP-09) over CompensationService. Decode, call, encode.

POST/GET /v1/complaints/{id}/agreements; GET /v1/agreements/{id};
POST /v1/agreements/{id}/confirm | sign | reject | revise | payments;
GET /v1/agreements/{id}/history (the append-only approval and payment trail, PLT-04).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from cs.complaints.v1 import compensation_pb2 as pb
from cskit.domain.actor import Actor
from gateway import compensation_mapping as cm
from gateway import mapping
from gateway.clients import CallContext, Clients, Downstreams, call, call_context
from gateway.compensation_schemas import (
    AgreementCommentBody,
    AgreementOut,
    AgreementTextBody,
    PaymentBody,
    RejectAgreementBody,
)
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import ID_PATTERN, HistoryEntryOut, Page, PageQuery

if TYPE_CHECKING:
    from cs.complaints.v1.compensation_pb2_grpc import CompensationServiceAsyncStub

_COMMON_ERRORS = (400, 401, 403, 422, 429, 500, 503, 504)
router = APIRouter(tags=["compensation"], responses=problem_responses(*_COMMON_ERRORS))
_ONE = problem_responses(404, 409)

RecordId = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


def _ctx(request: Request, actor: Actor, key: str | None = None) -> CallContext:
    return call_context(request, actor, idempotency_key=key)


def _stub(clients: Downstreams) -> CompensationServiceAsyncStub:
    if clients.compensation is None:
        raise RuntimeError("the compensation channel is not open")
    return clients.compensation


@router.post("/v1/complaints/{complaint_id}/agreements", status_code=201, response_model=AgreementOut, responses=_ONE)
async def draft_agreement(
    complaint_id: RecordId,
    body: AgreementTextBody,
    request: Request,
    response: Response,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("compensation.draft")),  # noqa: B008
) -> AgreementOut:
    """Draft a supplementary agreement for a compensation case (CMP-09)."""
    reply = await call(_stub(clients).DraftAgreement, cm.draft_request(complaint_id, body), _ctx(request, actor, key))
    out = cm.agreement(reply.agreement)
    response.headers["Location"] = str(request.url_for("get_agreement", agreement_id=out.id).path)
    return out


@router.get(
    "/v1/complaints/{complaint_id}/agreements", response_model=Page[AgreementOut], responses=problem_responses(404)
)
async def list_agreements(
    complaint_id: RecordId,
    query: Annotated[PageQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("compensation.read")),  # noqa: B008
) -> Page[AgreementOut]:
    """The case's agreements, oldest first; another branch's case lists nothing (PLT-01)."""
    message = pb.ListAgreementsRequest(
        complaint_id=complaint_id, page=mapping.page_request(query.page_size, query.page_token)
    )
    reply = await call(_stub(clients).ListAgreements, message, _ctx(request, actor))
    return Page[AgreementOut](
        items=[cm.agreement(a) for a in reply.agreements], next_page_token=mapping.next_token(reply.page)
    )


@router.get("/v1/agreements/{agreement_id}", response_model=AgreementOut, responses=problem_responses(404))
async def get_agreement(
    agreement_id: RecordId,
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("compensation.read")),  # noqa: B008
) -> AgreementOut:
    reply = await call(_stub(clients).GetAgreement, pb.GetAgreementRequest(id=agreement_id), _ctx(request, actor))
    return cm.agreement(reply.agreement)


@router.get(
    "/v1/agreements/{agreement_id}/history", response_model=Page[HistoryEntryOut], responses=problem_responses(404)
)
async def agreement_history(
    agreement_id: RecordId,
    query: Annotated[PageQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("compensation.read")),  # noqa: B008
) -> Page[HistoryEntryOut]:
    """Every draft, approval, rejection, payment and filing request, oldest first (PLT-04)."""
    message = pb.ListAgreementHistoryRequest(
        id=agreement_id, page=mapping.page_request(query.page_size, query.page_token)
    )
    reply = await call(_stub(clients).ListAgreementHistory, message, _ctx(request, actor))
    return Page[HistoryEntryOut](
        items=[mapping.history_entry(e) for e in reply.entries], next_page_token=mapping.next_token(reply.page)
    )


@router.post("/v1/agreements/{agreement_id}/confirm", response_model=AgreementOut, responses=_ONE)
async def confirm_agreement(
    agreement_id: RecordId,
    request: Request,
    clients: Clients,
    body: AgreementCommentBody | None = None,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("compensation.confirm")),  # noqa: B008
) -> AgreementOut:
    """Legal counsel confirms the text (CMP-09); never its author (PLT-02)."""
    message = pb.ConfirmAgreementRequest(id=agreement_id, comment=(body.comment if body else None) or "")
    reply = await call(_stub(clients).ConfirmAgreement, message, _ctx(request, actor, key))
    return cm.agreement(reply.agreement)


@router.post("/v1/agreements/{agreement_id}/sign", response_model=AgreementOut, responses=_ONE)
async def sign_agreement(
    agreement_id: RecordId,
    request: Request,
    clients: Clients,
    body: AgreementCommentBody | None = None,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("compensation.sign")),  # noqa: B008
) -> AgreementOut:
    """The chain's next step signs (CMP-09): its role and grade, a person not yet involved."""
    message = pb.SignAgreementRequest(id=agreement_id, comment=(body.comment if body else None) or "")
    reply = await call(_stub(clients).SignAgreement, message, _ctx(request, actor, key))
    return cm.agreement(reply.agreement)


@router.post("/v1/agreements/{agreement_id}/reject", response_model=AgreementOut, responses=_ONE)
async def reject_agreement(
    agreement_id: RecordId,
    body: RejectAgreementBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("compensation.reject")),  # noqa: B008
) -> AgreementOut:
    """Refuse at the step due, with a reason: back to drafted for revision (CMP-09)."""
    message = pb.RejectAgreementRequest(id=agreement_id, reason=body.reason)
    reply = await call(_stub(clients).RejectAgreement, message, _ctx(request, actor, key))
    return cm.agreement(reply.agreement)


@router.post("/v1/agreements/{agreement_id}/revise", response_model=AgreementOut, responses=_ONE)
async def revise_agreement(
    agreement_id: RecordId,
    body: AgreementTextBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("compensation.revise")),  # noqa: B008
) -> AgreementOut:
    reply = await call(_stub(clients).ReviseAgreement, cm.revise_request(agreement_id, body), _ctx(request, actor, key))
    return cm.agreement(reply.agreement)


@router.post("/v1/agreements/{agreement_id}/payments", response_model=AgreementOut, responses=_ONE)
async def record_payment(
    agreement_id: RecordId,
    body: PaymentBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("compensation.pay")),  # noqa: B008
) -> AgreementOut:
    """Finance records the payment of exactly the agreed amount, after full sign-off (CMP-09);
    finance and the archives are told through events (CMP-13)."""
    reply = await call(_stub(clients).RecordPayment, cm.payment_request(agreement_id, body), _ctx(request, actor, key))
    return cm.agreement(reply.agreement)
