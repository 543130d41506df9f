"""Responsibility, penalties, the deduction ledger and sanctions (CMP-11) over PenaltyService.
Decode, call, encode; no business branching.

POST /v1/complaints/{id}/responsibility; POST /v1/complaints/{id}/penalties;
GET /v1/complaints/{id}/accountability; GET /v1/complaints/{id}/accountability/history (PLT-04);
POST /v1/bonuses; POST /v1/ledger/settlements; GET /v1/people/{person_id}/ledger?month=YYYY-MM;
POST /v1/complaints/{id}/sanctions; GET /v1/sanctions; POST /v1/sanctions/{id}/approve | publish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from cs.complaints.v1 import penalties_pb2 as pb
from cskit.domain.actor import Actor
from gateway import mapping
from gateway import penalties_mapping as pm
from gateway import penalties_schemas as s
from gateway.clients import CallContext, Clients, Downstreams, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import ID_PATTERN, HistoryEntryOut, Page, PageQuery

if TYPE_CHECKING:
    from cs.complaints.v1.penalties_pb2_grpc import PenaltyServiceAsyncStub

_COMMON_ERRORS = (400, 401, 403, 422, 429, 500, 503, 504)
router = APIRouter(tags=["penalties"], responses=problem_responses(*_COMMON_ERRORS))
_ONE = problem_responses(404, 409)

RecordId = Annotated[str, Path(min_length=1, max_length=128, pattern=ID_PATTERN)]


def _ctx(request: Request, actor: Actor, key: str | None = None) -> CallContext:
    return call_context(request, actor, idempotency_key=key)


def _stub(clients: Downstreams) -> PenaltyServiceAsyncStub:
    if clients.penalties is None:
        raise RuntimeError("the penalties channel is not open")
    return clients.penalties


@router.post("/v1/complaints/{complaint_id}/responsibility", response_model=s.ResponsibilityOut, responses=_ONE)
async def assign_responsibility(
    complaint_id: RecordId,
    body: s.ResponsibilityBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.responsibility")),  # noqa: B008
) -> s.ResponsibilityOut:
    """Pin responsibility on a person, else the team, else the department (CMP-11)."""
    message = pm.responsibility_request(complaint_id, body)
    reply = await call(_stub(clients).AssignResponsibility, message, _ctx(request, actor, key))
    return pm.responsibility(reply.responsibility)


@router.post("/v1/complaints/{complaint_id}/penalties", status_code=201, response_model=s.PenaltiesOut, responses=_ONE)
async def assess_penalty(
    complaint_id: RecordId,
    body: s.PenaltyBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.assess")),  # noqa: B008
) -> s.PenaltiesOut:
    """The responsible person's penalty, or a team/department loss split by base points (CMP-11)."""
    reply = await call(_stub(clients).AssessPenalty, pm.penalty_request(complaint_id, body), _ctx(request, actor, key))
    return s.PenaltiesOut(items=[pm.penalty(p) for p in reply.penalties])


@router.get("/v1/complaints/{complaint_id}/accountability", response_model=s.AccountabilityOut, responses=_ONE)
async def case_accountability(
    complaint_id: RecordId,
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("penalties.read")),  # noqa: B008
) -> s.AccountabilityOut:
    message = pb.GetCaseAccountabilityRequest(complaint_id=complaint_id)
    return pm.accountability(await call(_stub(clients).GetCaseAccountability, message, _ctx(request, actor)))


@router.get(
    "/v1/complaints/{complaint_id}/accountability/history", response_model=Page[HistoryEntryOut], responses=_ONE
)
async def accountability_history(
    complaint_id: RecordId,
    query: Annotated[PageQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("penalties.read")),  # noqa: B008
) -> Page[HistoryEntryOut]:
    """Every responsibility decision, penalty and sanction step of the case, oldest first (PLT-04)."""
    message = pb.ListAccountabilityAuditRequest(
        complaint_id=complaint_id, page=mapping.page_request(query.page_size, query.page_token)
    )
    reply = await call(_stub(clients).ListAccountabilityAudit, message, _ctx(request, actor))
    return Page[HistoryEntryOut](
        items=[pm.audit_entry(e) for e in reply.entries], next_page_token=mapping.next_token(reply.page)
    )


@router.post("/v1/bonuses", response_model=s.LedgerMonthOut, responses=_ONE)
async def record_bonus(
    body: s.BonusBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.ledger")),  # noqa: B008
) -> s.LedgerMonthOut:
    """HR: a person's performance bonus for a month, the base of the deduction cap (CMP-11)."""
    reply = await call(_stub(clients).RecordMonthlyBonus, pm.bonus_request(body), _ctx(request, actor, key))
    return pm.ledger_month(reply.month)


@router.post("/v1/ledger/settlements", response_model=s.SettlementsOut, responses=_ONE)
async def settle_month(
    body: s.SettlementBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.ledger")),  # noqa: B008
) -> s.SettlementsOut:
    """HR: close a month, deducting at most the cap and carrying the rest over (CMP-11)."""
    reply = await call(_stub(clients).SettleMonth, pm.settlement_request(body), _ctx(request, actor, key))
    return s.SettlementsOut(items=[pm.ledger_month(m) for m in reply.settlements])


@router.get("/v1/people/{person_id}/ledger", response_model=s.LedgerOut, responses=_ONE)
async def get_ledger(
    person_id: RecordId,
    query: Annotated[s.LedgerQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("penalties.ledger_read")),  # noqa: B008
) -> s.LedgerOut:
    message = pb.GetLedgerRequest(person_id=person_id, month=query.month or "")
    return pm.ledger(await call(_stub(clients).GetLedger, message, _ctx(request, actor)))


@router.post("/v1/complaints/{complaint_id}/sanctions", status_code=201, response_model=s.SanctionOut, responses=_ONE)
async def propose_sanction(
    complaint_id: RecordId,
    body: s.SanctionBody,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.sanction_propose")),  # noqa: B008
) -> s.SanctionOut:
    message = pm.sanction_request(complaint_id, body)
    reply = await call(_stub(clients).ProposeSanction, message, _ctx(request, actor, key))
    return pm.sanction(reply.sanction)


@router.get("/v1/sanctions", response_model=Page[s.SanctionOut])
async def list_sanctions(
    query: Annotated[s.SanctionsQuery, Query()],
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("penalties.read")),  # noqa: B008
) -> Page[s.SanctionOut]:
    """Sanctions the caller may see, newest first; filter by case and status."""
    message = pb.ListSanctionsRequest(
        complaint_id=query.complaint_id or "",
        status=s.SANCTION_STATUS.to_proto(query.status),
        page=mapping.page_request(query.page_size, query.page_token),
    )
    reply = await call(_stub(clients).ListSanctions, message, _ctx(request, actor))
    return Page[s.SanctionOut](
        items=[pm.sanction(x) for x in reply.sanctions], next_page_token=mapping.next_token(reply.page)
    )


@router.post("/v1/sanctions/{sanction_id}/approve", response_model=s.SanctionOut, responses=_ONE)
async def approve_sanction(
    sanction_id: RecordId,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.sanction_approve")),  # noqa: B008
) -> s.SanctionOut:
    """The general manager approves; never the proposer (CMP-11, PLT-02)."""
    message = pb.ApproveSanctionRequest(sanction_id=sanction_id)
    return pm.sanction((await call(_stub(clients).ApproveSanction, message, _ctx(request, actor, key))).sanction)


@router.post("/v1/sanctions/{sanction_id}/publish", response_model=s.SanctionOut, responses=_ONE)
async def publish_sanction(
    sanction_id: RecordId,
    request: Request,
    clients: Clients,
    key: IdempotencyKey = None,
    actor: Actor = Depends(permit("penalties.sanction_publish")),  # noqa: B008
) -> s.SanctionOut:
    """Administration publishes an approved sanction; HR hears of it (SanctionPublished)."""
    message = pb.PublishSanctionRequest(sanction_id=sanction_id)
    return pm.sanction((await call(_stub(clients).PublishSanction, message, _ctx(request, actor, key))).sanction)
