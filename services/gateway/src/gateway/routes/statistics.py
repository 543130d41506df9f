"""The monthly statistics reads that are not plain transcoding (CMP-12).

``GET /v1/statistics/complaints`` (frozen months) and ``POST .../{month}/freeze`` come from
the contract (statistics.proto, gateway.transcode). These two answer one call twice over:
GET /v1/statistics/complaints/{month}.csv?branch_id= (text/csv) and
GET /v1/statistics/complaints/{month}?branch_id= (``{"month": ..., "items": [...]}``, the
month echoed beside the per-branch list, which the response message does not carry).

``branch_id`` omitted: the caller's branch, or every branch for head office (PLT-01). Another
branch's statistics are not found for branch staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from cs.complaints.v1 import statistics_pb2 as pb
from cskit import jsonmap
from cskit.domain.actor import Actor
from cskit.domain.spreadsheet import Cell, csv_text
from gateway import transcode
from gateway.clients import CallContext, Clients, Downstreams, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.schemas import ID_PATTERN

if TYPE_CHECKING:
    from cs.complaints.v1.statistics_pb2_grpc import ComplaintStatisticsServiceAsyncStub

_COMMON_ERRORS = (400, 401, 403, 404, 422, 429, 500, 503, 504)
_MONTH = jsonmap.json_options(pb.GetMonthlyStatisticsRequest.DESCRIPTOR.fields_by_name["month"])
# The month's shape is the contract's (statistics.proto), as on the transcoded freeze route.
MonthPath = Annotated[str, Path(pattern=_MONTH.pattern, examples=[_MONTH.example], description=_MONTH.description)]
CSV_COLUMNS = ("branch_id", "month", "frozen", "content_hash", "section", "key", "value")


class BranchScopeQuery(BaseModel):
    """Query of the statistics reads; unknown parameters are refused like everywhere else."""

    model_config = ConfigDict(extra="forbid")
    branch_id: Annotated[
        str | None,
        Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="Empty: yours, or all (head office)"),
    ] = None


BranchQuery = Annotated[BranchScopeQuery, Query()]


def _stub(clients: Downstreams) -> ComplaintStatisticsServiceAsyncStub:
    if clients.statistics is None:
        raise RuntimeError("the statistics channel is not open")
    return clients.statistics


async def _monthly(clients: Downstreams, month: str, branch_id: str | None, ctx: CallContext) -> list[dict[str, Any]]:
    message = pb.GetMonthlyStatisticsRequest(branch_id=branch_id or "", month=month)
    reply = await call(_stub(clients).GetMonthlyStatistics, message, ctx)
    return [jsonmap.to_json(x) for x in reply.statistics]


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
        content=csv_table(items),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def monthly_statistics(
    month: MonthPath,
    request: Request,
    clients: Clients,
    scope: BranchQuery,
    actor: Actor = Depends(permit("statistics.read")),  # noqa: B008
) -> JSONResponse:
    """A month's statistics: the frozen snapshot, else a live preview (``frozen: false``) (CMP-12)."""
    items = await _monthly(clients, month, scope.branch_id, call_context(request, actor))
    return JSONResponse({"month": month, "items": items})


def install(app: FastAPI) -> None:
    """Mount the two hand-written reads; the JSON one documents the contract's message."""
    statistics_out = create_model(
        "StatisticsOut",
        __config__=ConfigDict(extra="forbid"),
        month=(str, ...),
        # One per branch: the asked (or caller's) branch, or every branch for head office.
        items=(list[transcode.response_model(app, pb.MonthlyStatistics.DESCRIPTOR)], ...),  # type: ignore[arg-type,misc]
    )
    common = {"tags": ["statistics"], "methods": ["GET"]}
    # Registered before the JSON route: "{month}" would otherwise also match "2026-11.csv".
    app.add_api_route(
        "/v1/statistics/complaints/{month}.csv",
        monthly_statistics_csv,
        response_class=Response,
        responses={
            **problem_responses(*_COMMON_ERRORS),
            200: {"content": {"text/csv": {}}, "description": "A flat table of the month's numbers"},
        },
        **common,  # type: ignore[arg-type]
    )
    app.add_api_route(
        "/v1/statistics/complaints/{month}",
        monthly_statistics,
        response_model=statistics_out,
        responses=problem_responses(*_COMMON_ERRORS),
        **common,  # type: ignore[arg-type]
    )


def _rows(m: dict[str, Any]) -> Iterable[tuple[str, str, object]]:
    yield "totals", "received", m["received"]
    yield "totals", "closed", m["closed"]
    for section in ("by_nature", "by_category", "by_channel", "by_branch", "by_department"):
        for c in m[section]:
            yield section, c["key"], c["count"]
    for k in m["compliance"]:
        yield f"compliance.{k['clock']}", "met", k["met"]
        yield f"compliance.{k['clock']}", "breached", k["breached"]
        yield f"compliance.{k['clock']}", "rate", k["rate"]
    for section in ("time_to_close", "return_visits", "satisfaction", "visit_summary"):
        for name, value in m[section].items():
            yield section, name, value
    for d in m["sanctions_due"]:
        who = d["person_id"] or d["team"] or d["department"] or ""
        published = "published" if d["sanction_published"] else "not published"
        yield "sanctions_due", d["number"], f"{d['level']}:{who} ({published})"
    yield "register", "cases", m["register_cases"]
    yield "register", "pointer", m["register_pointer"] or ""


def csv_table(items: Iterable[dict[str, Any]]) -> str:
    """A flat table of the same numbers as the JSON: one row per (section, key)."""
    # The kit's writer neutralises formula cells (a department named "=HYPERLINK(...)").
    return csv_text(chain([CSV_COLUMNS], _table_rows(items)))


def _table_rows(items: Iterable[dict[str, Any]]) -> Iterator[tuple[Cell, ...]]:
    for m in items:
        frozen = "yes" if m["frozen"] else "no"
        for section, key, value in _rows(m):
            yield (m["branch_id"], m["month"], frozen, m["content_hash"], section, key, value)
