"""Exports of customer data that are not plain transcoding (PLT-06): files, not JSON.

``GET /v1/complaints/export.csv?received_after=&received_before=&branch_id=``: the branch's
complaints with the complainants' contact data. The service runs it only under an export
grant in force for the caller (``POST /v1/customer-data/export-grants`` by an approving
role) and records every record and field exported; without one the answer is a 403 problem
naming PLT-06.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, FastAPI, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from cs.common.v1 import common_pb2
from cs.complaints.v1 import complaints_pb2 as pb
from cskit.domain.actor import Actor
from cskit.protomap import timestamp
from gateway.clients import Clients, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.schemas import ID_PATTERN

if TYPE_CHECKING:
    from cs.complaints.v1.complaints_pb2_grpc import ComplaintsServiceAsyncStub

_ERRORS = (400, 401, 403, 422, 429, 500, 503, 504)


class ExportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    received_after: Annotated[AwareDatetime, Field(description="Inclusive lower bound.")]
    received_before: Annotated[AwareDatetime, Field(description="Exclusive upper bound.")]
    branch_id: Annotated[
        str | None, Field(min_length=1, max_length=64, pattern=ID_PATTERN, description="Empty: yours")
    ] = None

    @model_validator(mode="after")
    def _ordered(self) -> ExportQuery:
        if self.received_before <= self.received_after:
            raise ValueError("received_before must be after received_after")
        return self


async def complaints_csv(
    request: Request,
    clients: Clients,
    query: Annotated[ExportQuery, Query()],
    actor: Actor = Depends(permit("complaints.export")),  # noqa: B008
) -> Response:
    """The branch's complaints received in the range, with contact data, as CSV (PLT-06:
    needs an export approval in force for you; audited)."""
    stub: ComplaintsServiceAsyncStub = clients.complaints
    message = pb.ExportComplaintsRequest(
        branch_id=query.branch_id or "",
        received=common_pb2.TimeRange(start=timestamp(query.received_after), end=timestamp(query.received_before)),
    )
    reply = await call(stub.ExportComplaints, message, call_context(request, actor), field_name=_field_name)
    return Response(
        content=reply.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{reply.filename}"', "X-Row-Count": str(reply.rows)},
    )


def _field_name(path: str) -> str:
    return {"received": "received_after", "received.start": "received_after", "received.end": "received_before"}.get(
        path, path
    )


def install(app: FastAPI) -> None:
    """Before the transcoded ``/v1/complaints/{id}``, which would otherwise take ``export.csv``."""
    app.add_api_route(
        "/v1/complaints/export.csv",
        complaints_csv,
        methods=["GET"],
        tags=["complaints"],
        response_class=Response,
        responses={
            **problem_responses(*_ERRORS),
            200: {"content": {"text/csv": {}}, "description": "The complaints with their contact data"},
        },
    )


__all__ = ["install"]
