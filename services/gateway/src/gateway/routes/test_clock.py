"""The platform's TEST CLOCK (cskit.testclock): moves a test installation's time forward.

POST /v1/test-clock/advance {"by": "PT2H1M"} and GET /v1/test-clock exist only when the
gateway runs with CS_TEST_CLOCK_ENABLED=true (otherwise 404: the routes are not mounted),
which production refuses. The call fans out to every downstream service's
TestClockService and answers each service's new time; a service without the test clock
answers UNIMPLEMENTED, shown as a problem. Role ``sre`` only (permissions.py).

The gateway keeps no business time of its own: its one time-based check, a token's
``exp``/``nbf``, stays on the wall clock, because tokens are issued by the identity
provider on real time (a moved gateway would expire every test token).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Depends, FastAPI, Request
from google.protobuf.duration_pb2 import Duration
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cs.platform.v1 import test_clock_pb2 as pb
from cs.platform.v1 import test_clock_pb2_grpc
from cskit.domain.actor import Actor
from gateway.clients import Clients, Downstreams, call, call_context
from gateway.permissions import permit
from gateway.problems import problem_responses

# The service's own bound (cskit.testclock.MAX_ADVANCE); checked here too for a clear 422.
MAX_ADVANCE = timedelta(days=400)
router = APIRouter(tags=["test clock"], responses=problem_responses(401, 403, 422, 500, 501, 503, 504))


class AdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: timedelta = Field(
        description="How far to move time forward: ISO 8601 (PT2H1M) or seconds. Positive, at most 400 days.",
        examples=["PT2H1M"],
    )

    @field_validator("by")
    @classmethod
    def _forward_and_bounded(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("must be positive: the test clock only moves forward")
        if value > MAX_ADVANCE:
            raise ValueError("must be at most 400 days per call")
        return value


class ServiceClockOut(BaseModel):
    service: str
    now: datetime
    offset_seconds: float = Field(description="How far ahead of the wall clock the service runs.")


class ClockReadingsOut(BaseModel):
    services: list[ServiceClockOut]


def _out(clock: pb.TestClock) -> ServiceClockOut:
    return ServiceClockOut(
        service=clock.service,
        now=clock.now.ToDatetime(tzinfo=UTC),
        offset_seconds=clock.offset.ToTimedelta().total_seconds(),
    )


async def _each(
    request: Request, actor: Actor, clients: Downstreams, message: pb.AdvanceTestClockRequest | None
) -> ClockReadingsOut:
    async def one(name: str) -> ServiceClockOut:
        # Each service verifies a caller token addressed to itself.
        ctx = call_context(request, actor, audience=name)
        stub = test_clock_pb2_grpc.TestClockServiceStub(clients.channels[name])
        if message is None:
            return _out((await call(stub.GetTestClock, pb.GetTestClockRequest(), ctx)).clock)
        return _out((await call(stub.AdvanceTestClock, message, ctx)).clock)

    return ClockReadingsOut(services=list(await asyncio.gather(*(one(name) for name in sorted(clients.channels)))))


@router.post("/v1/test-clock/advance", response_model=ClockReadingsOut)
async def advance(
    request: Request,
    body: AdvanceIn,
    clients: Clients,
    actor: Actor = Depends(permit("platform.test_clock")),  # noqa: B008
) -> ClockReadingsOut:
    """Move every service's time forward by ``by``; timers that became due fire. Not idempotent."""
    by = Duration()
    by.FromTimedelta(body.by)
    return await _each(request, actor, clients, pb.AdvanceTestClockRequest(by=by))


@router.get("/v1/test-clock", response_model=ClockReadingsOut)
async def get(
    request: Request,
    clients: Clients,
    actor: Actor = Depends(permit("platform.test_clock")),  # noqa: B008
) -> ClockReadingsOut:
    """Each service's current (test) time and offset."""
    return await _each(request, actor, clients, None)


def install(app: FastAPI, enabled: bool) -> None:
    """Mount the routes only in test mode: otherwise they do not exist (404)."""
    if enabled:
        app.include_router(router)
