"""Operational endpoints: liveness, readiness (downstream gRPC health) and Prometheus metrics."""

from __future__ import annotations

import asyncio
import logging

import grpc
from fastapi import APIRouter, Request, Response
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from pydantic import BaseModel

from gateway.clients import Downstreams
from gateway.problems import ProblemError, problem_responses

log = logging.getLogger(__name__)

router = APIRouter(tags=["ops"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is alive; says nothing about downstreams (so a restart never cascades)."""
    return Health(status="ok")


async def _check(name: str, channel: grpc.aio.Channel, deadline_s: float) -> tuple[str, str]:
    # "" asks about the server as a whole, which every grpc health servicer reports.
    try:
        reply = await health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=""), timeout=deadline_s
        )
    except grpc.aio.AioRpcError as exc:
        log.warning("readiness check failed", extra={"downstream": name, "grpc_code": exc.code().name})
        return name, exc.code().name
    return name, health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)


@router.get("/readyz", response_model=Readiness, responses=problem_responses(503))
async def readyz(request: Request) -> Readiness:
    """Ready when every downstream service answers SERVING to a gRPC health check."""
    found = getattr(request.app.state, "downstreams", None)
    if not isinstance(found, Downstreams):
        raise ProblemError(status=503, code="not_ready", detail="Downstream channels are not open yet.")
    timeout = request.app.state.settings.readiness_timeout_s
    results = await asyncio.gather(*(_check(n, c, timeout) for n, c in found.channels.items()))
    checks = dict(results)
    if any(state != "SERVING" for state in checks.values()):
        raise ProblemError(
            status=503,
            code="not_ready",
            detail="A downstream service is not serving.",
            extensions={"checks": checks},
        )
    return Readiness(status="ready", checks=checks)


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    """Prometheus exposition, on the API port (one port per pod to scrape)."""
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
