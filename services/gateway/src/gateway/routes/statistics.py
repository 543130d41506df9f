"""Monthly complaint statistics (CMP-12) and the register (CMP-13) over ComplaintStatisticsService.
Decode, call, encode; no business branching.

GET /v1/statistics/complaints?branch_id= (frozen months);
GET /v1/statistics/complaints/{month}.csv?branch_id= (text/csv); GET /v1/statistics/complaints/{month}?branch_id=;
POST /v1/statistics/complaints/{month}/freeze.

``branch_id`` omitted: the caller's branch, or every branch for head office (PLT-01). Another
branch's statistics are not found for branch staff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from cs.complaints.v1 import statistics_pb2 as pb
from cskit.domain.actor import Actor
from gateway import statistics_mapping as sm
from gateway import statistics_schemas as s
from gateway.clients import CallContext, Clients, Downstreams, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses

if TYPE_CHECKING:
    from cs.complaints.v1.statistics_pb2_grpc import ComplaintStatisticsServiceAsyncStub

_COMMON_ERRORS = (400, 401, 403, 404, 422, 429, 500, 503, 504)
router = APIRouter(tags=["statistics"], responses=problem_responses(*_COMMON_ERRORS))

MonthPath = Annotated[str, Path(pattern=s.MONTH_PATTERN, examples=["2026-11"], description="YYYY-MM, branch local")]
BranchQuery = Annotated[s.BranchScopeQuery, Query()]


def _stub(clients: Downstreams) -> ComplaintStatisticsServiceAsyncStub:
    if clients.statistics is None:
        raise RuntimeError("the statistics channel is not open")
    return clients.statistics


async def _monthly(
    clients: Downstreams, month: str, branch_id: str | None, ctx: CallContext
) -> list[s.MonthlyStatisticsOut]:
    message = pb.GetMonthlyStatisticsRequest(branch_id=branch_id or "", month=month)
    reply = await call(_stub(clients).GetMonthlyStatistics, message, ctx)
    return [sm.statistics(x) for x in reply.statistics]


@router.get("/v1/statistics/complaints", response_model=s.FrozenMonthsOut)
async def frozen_months(
    request: Request,
    clients: Clients,
    scope: BranchQuery,
    actor: Actor = Depends(permit("statistics.read")),  # noqa: B008
) -> s.FrozenMonthsOut:
    """The frozen months the caller may see, newest first per branch (CMP-12)."""
    message = pb.ListFrozenMonthsRequest(branch_id=scope.branch_id or "")
    reply = await call(_stub(clients).ListFrozenMonths, message, call_context(request, actor))
    return s.FrozenMonthsOut(items=[sm.frozen_month(m) for m in reply.months])


# Declared before the JSON route: "{month}" would otherwise also match "2026-11.csv".
@router.get(
    "/v1/statistics/complaints/{month}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "A flat table of the month's numbers"}},
)
async def monthly_statistics_csv(
    month: MonthPath,
    request: Request,
    clients: Clients,
    scope: BranchQuery,
    actor: Actor = Depends(permit("statistics.read")),  # noqa: B008
) -> Response:
    """The month's statistics as CSV: branch, month, frozen, hash, section, key, value (CMP-12)."""
    items = await _monthly(clients, month, scope.branch_id, call_context(request, actor))
    name = f"complaint-statistics-{scope.branch_id or 'all'}-{month}.csv"
    return Response(
        content=sm.csv_table(items),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/v1/statistics/complaints/{month}", response_model=s.StatisticsOut)
async def monthly_statistics(
    month: MonthPath,
    request: Request,
    clients: Clients,
    scope: BranchQuery,
    actor: Actor = Depends(permit("statistics.read")),  # noqa: B008
) -> s.StatisticsOut:
    """A month's statistics: the frozen snapshot, else a live preview (``frozen: false``) (CMP-12)."""
    items = await _monthly(clients, month, scope.branch_id, call_context(request, actor))
    return s.StatisticsOut(month=month, items=items)


@router.post("/v1/statistics/complaints/{month}/freeze", response_model=s.FreezeOut, responses=problem_responses(409))
async def freeze_month(
    month: MonthPath,
    request: Request,
    clients: Clients,
    body: s.FreezeBody | None = None,
    actor: Actor = Depends(permit("statistics.freeze")),  # noqa: B008
) -> s.FreezeOut:
    """Freeze a month now (idempotent: a frozen month answers as stored); ``recompute`` with a
    ``reason`` replaces a frozen month (administration only; audited) (CMP-12, CMP-13)."""
    body = body or s.FreezeBody()
    message = pb.FreezeMonthRequest(
        branch_id=body.branch_id or "", month=month, recompute=body.recompute, reason=body.reason
    )
    reply = await call(_stub(clients).FreezeMonth, message, call_context(request, actor))
    return s.FreezeOut(statistics=sm.statistics(reply.statistics), newly_frozen=reply.newly_frozen)
