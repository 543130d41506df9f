"""Composition root of the gateway: the only place that wires settings, auth, channels and routes."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from cs.complaints.v1 import (
    compensation_pb2,
    complaints_pb2,
    contacts_pb2,
    evidence_pb2,
    penalties_pb2,
    statistics_pb2,
    workflow_pb2,
)
from cs.platform.v1 import customer_data_pb2
from cskit import testclock
from cskit.grpc.caller import CallerTokenMinter, dev_private_pem, refuse_dev_key_unless_allowed
from cskit.observability.http import HttpMetricsMiddleware, HttpTracingMiddleware
from gateway import backends, transcode
from gateway.auth import SigningKeySource, TokenVerifier
from gateway.backend_list import BACKENDS
from gateway.clients import COMPLAINTS, ChannelFactory, Downstreams, default_channel
from gateway.limits import RequestLimitsMiddleware
from gateway.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from gateway.request_context import RequestContextMiddleware
from gateway.routes import (
    console,
    evidence,
    exports,
    ops,
    statistics,
    test_clock,
)
from gateway.settings import GatewaySettings

log = logging.getLogger(__name__)

# Probes and scrapes: traced they would drown the requests.
UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
NO_FASTAPI_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


def create_app(
    settings: GatewaySettings | None = None,
    *,
    channel_factory: ChannelFactory | None = None,
    jwks_client: SigningKeySource | None = None,
) -> FastAPI:
    """Build the gateway. ``channel_factory(target)`` and ``jwks_client`` let tests swap I/O."""
    settings = settings or GatewaySettings()
    factory = channel_factory or default_channel
    if settings.uses_dev_secret:
        log.warning("JWT verification uses the documented development secret; set CS_JWT_SECRET")
    caller_key = (
        settings.caller_private_key.get_secret_value()
        if settings.caller_private_key is not None
        else dev_private_pem(settings.caller_issuer)
    )
    if refuse_dev_key_unless_allowed(
        allow=settings.allow_dev_caller_key, process=settings.caller_issuer, private_pem=caller_key
    ):
        log.warning("caller tokens are signed with the published development key; set CS_GATEWAY_CALLER_PRIVATE_KEY")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Channels connect lazily, so start-up never waits for (or fails on) a downstream.
        targets = {COMPLAINTS: settings.complaints_target, **backends.targets(BACKENDS)}
        downstreams = Downstreams.open(targets, factory)
        app.state.downstreams = downstreams
        try:
            yield
        finally:
            await downstreams.close()

    app = FastAPI(
        title="cs-platform gateway",
        version="1.0.0",
        description="REST API of the customer-service operations platform. Errors are RFC 9457 problems.",
        lifespan=lifespan,
        # FastAPI's own telemetry would add a second server span and three more per request
        # (dependencies, endpoint, serialization); the kit's HttpTracingMiddleware makes the one.
        telemetry=NO_FASTAPI_TELEMETRY,
    )
    app.state.settings = settings
    app.state.verifier = TokenVerifier(settings, jwks_client=jwks_client)
    app.state.caller_minter = CallerTokenMinter(settings.caller_issuer, caller_key)

    install_problem_handlers(app)
    app.include_router(ops.router)
    # Before the transcoded "/v1/complaints/{id}", which would otherwise take "export.csv".
    exports.install(app)
    # Routes from the contracts' (cs.platform.v1.http) rules (gateway.transcode).
    transcode.mount(app, complaints_pb2.DESCRIPTOR.services_by_name["ComplaintsService"], lambda d: d.complaints)
    # PLT-06: the kit's customer-data service, served today by complaints only.
    transcode.mount(
        app, customer_data_pb2.DESCRIPTOR.services_by_name["CustomerDataService"], lambda d: d.customer_data
    )
    evidence.install(app, settings)
    transcode.mount(app, evidence_pb2.DESCRIPTOR.services_by_name["EvidenceService"], lambda d: d.evidence)
    transcode.mount(app, compensation_pb2.DESCRIPTOR.services_by_name["CompensationService"], lambda d: d.compensation)
    transcode.mount(app, workflow_pb2.DESCRIPTOR.services_by_name["ComplaintWorkflowService"], lambda d: d.workflow)
    transcode.mount(app, penalties_pb2.DESCRIPTOR.services_by_name["PenaltyService"], lambda d: d.penalties)
    # Before the transcoded statistics routes: "{month}.csv" is declared ahead of "{month}".
    statistics.install(app)
    transcode.mount(
        app, statistics_pb2.DESCRIPTOR.services_by_name["ComplaintStatisticsService"], lambda d: d.statistics
    )
    transcode.mount(app, contacts_pb2.DESCRIPTOR.services_by_name["ContactsService"], lambda d: d.contacts)
    # Every other service, from its contracts alone (platform.toml [service.gateway]).
    backends.mount(app, BACKENDS)
    # Inside the request context (problems carry the request id), outside everything that parses.
    app.add_middleware(
        RequestLimitsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_header_bytes=settings.max_header_bytes,
        max_header_value_bytes=settings.max_header_value_bytes,
        max_token_bytes=settings.max_token_bytes,
    )
    if settings.test_clock_enabled:  # the kit's guard: refused in production, loud otherwise
        testclock.is_enabled({**os.environ, testclock.ENABLED_VAR: "true"}, service="gateway")
    test_clock.install(app, settings.test_clock_enabled)
    console.install(app, settings)

    # Added last = outermost: metrics see the final status, including last-resort 500s.
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(HttpMetricsMiddleware, service="gateway")
    # X-Forwarded-For/-Proto only from the configured proxies (none by default), so the
    # client address the audit trail records (PLT-04) is the peer unless a proxy we trust
    # vouches for another. uvicorn's own proxy_headers is off (gateway.__main__).
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    # Outermost: the request's trace is current in every layer (logs and problems carry its id).
    app.add_middleware(HttpTracingMiddleware, excluded_paths=UNTRACED_PATHS)
    _document_problems_only_as_problem_json(app)
    return app


def _document_problems_only_as_problem_json(app: FastAPI) -> None:
    """Errors are served as application/problem+json only; FastAPI would also list application/json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if status[:1] in "45" and PROBLEM_MEDIA_TYPE in content:
                            content.pop("application/json", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
