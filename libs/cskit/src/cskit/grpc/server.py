"""The one way a service runs gRPC: interceptors, health, reflection, graceful stop, /metrics.

Shutdown order matters to Kubernetes: health goes NOT_SERVING first (so readiness fails
and endpoints drop the pod), then, after ``drain_delay``, the server stops taking new
calls and gives in-flight ones ``grace`` seconds to finish.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import grpc
import grpc.aio
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from cskit.grpc.caller import CallerTokenVerifier
from cskit.grpc.interceptors import server_interceptors
from cskit.observability.metrics import start_metrics_server
from cskit.privacy.policy import PersonalDataPolicy

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 16 * 1024 * 1024
MAX_CONNECTION_AGE_MS = 5 * 60 * 1000

SERVER_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.keepalive_time_ms", 60_000),
    ("grpc.keepalive_timeout_ms", 20_000),
    # Clients ping every 30 s (CLIENT_OPTIONS); the server's default floor of 5 minutes
    # would answer those pings with GOAWAY "too_many_pings".
    ("grpc.http2.min_recv_ping_interval_without_data_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_ping_strikes", 0),
    # Clients resolve a headless Service's DNS name once per connection: closing connections
    # after a few minutes (calls in flight get the grace) makes the gateway resolve again and
    # spread over replicas the autoscaler added since.
    ("grpc.max_connection_age_ms", MAX_CONNECTION_AGE_MS),
    ("grpc.max_connection_age_grace_ms", 30_000),
)

CLIENT_OPTIONS: tuple[tuple[str, Any], ...] = (
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    # Keepalive finds connections silently dropped by NAT or a restarted pod.
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.enable_retries", 1),
    # Reconnect quickly after the peer restarts: gRPC's default backoff (1 s, x1.6 per attempt)
    # left the gateway answering 503 for 1.4-2.2 s after a service came back.
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1_000),
    # Spread calls over every address the target resolves to (several replicas: a list
    # target `ipv4:a:p1,a:p2` locally, a headless Service's DNS in a cluster). gRPC's default,
    # pick_first, would send every call to one replica; round_robin keeps a subchannel to each
    # and skips those not READY, so a replica going down only moves its share to the others.
    ("grpc.service_config", json.dumps({"loadBalancingConfig": [{"round_robin": {}}]})),
)

Register = Callable[[grpc.aio.Server], None]
Hook = Callable[[], Awaitable[None]]


class GrpcServer:
    """A grpc.aio server with the kit's interceptors, health and reflection; start, then stop."""

    def __init__(
        self,
        *,
        service_name: str,
        register: Register,
        service_full_names: Sequence[str],
        callers: CallerTokenVerifier,
        host: str = "127.0.0.1",  # loopback unless configured: pods set 0.0.0.0 through the chart
        options: Sequence[tuple[str, Any]] = SERVER_OPTIONS,
        personal_data: PersonalDataPolicy | None = None,
    ) -> None:
        self.service_name = service_name
        self.service_full_names = tuple(service_full_names)
        self.host = host
        self.health: Any = health.aio.HealthServicer()
        # ``callers`` is required: a service never serves its API to callers it cannot verify.
        self.server = grpc.aio.server(
            interceptors=server_interceptors(service_name, callers, personal_data), options=options
        )
        register(self.server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        reflection.enable_server_reflection(
            (*self.service_full_names, health.SERVICE_NAME, reflection.SERVICE_NAME), self.server
        )
        self.port: int | None = None
        self._stopping = False

    async def start(self, port: int = 0) -> int:
        """Bind (port 0 picks a free one), start serving, mark every service SERVING; the bound port."""
        bound = self.server.add_insecure_port(f"{self.host}:{port}")
        if bound == 0:
            raise RuntimeError(f"could not bind gRPC port {self.host}:{port}")
        await self.server.start()
        for name in ("", *self.service_full_names):
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        self.port = bound
        log.info("gRPC %s serving on port %d", self.service_name, bound)
        return bound

    async def stop(self, grace: float = 10.0, *, drain_delay: float = 0.0) -> None:
        """NOT_SERVING first, then stop taking calls; in-flight calls get ``grace`` seconds."""
        if self._stopping:
            return
        self._stopping = True
        await self.health.enter_graceful_shutdown()
        if drain_delay > 0:
            await asyncio.sleep(drain_delay)
        await self.server.stop(grace)
        log.info("gRPC %s stopped", self.service_name)

    async def wait_for_termination(self) -> None:
        await self.server.wait_for_termination()


async def serve(
    *,
    service_name: str,
    port: int,
    register: Register,
    service_full_names: Sequence[str],
    metrics_port: int | None,
    grace: float = 10.0,
    drain_delay: float = 0.0,
    on_start: Hook | None = None,
    on_stop: Hook | None = None,
    callers: CallerTokenVerifier,
    stop_event: asyncio.Event | None = None,
    host: str = "127.0.0.1",
    personal_data: PersonalDataPolicy | None = None,
) -> None:
    """Run until SIGTERM/SIGINT (or ``stop_event``), then stop gracefully.

    ``on_start`` runs once the port is bound (start timer runners, relays); ``on_stop``
    runs after the server has stopped (dispose engines), even when stopping failed.
    """
    if metrics_port is not None:
        start_metrics_server(metrics_port, host)
    stop = stop_event or asyncio.Event()
    server = GrpcServer(
        service_name=service_name,
        register=register,
        service_full_names=service_full_names,
        callers=callers,
        host=host,
        personal_data=personal_data,
    )
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Not available off the main thread or on Windows; stop_event still works there.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        await server.start(port)
        if on_start is not None:
            await on_start()
        await stop.wait()
        log.info("gRPC %s stopping (grace %.1fs)", service_name, grace)
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        try:
            await server.stop(grace, drain_delay=drain_delay)
        finally:
            if on_stop is not None:
                await on_stop()


def channel(
    target: str,
    *,
    options: Sequence[tuple[str, Any]] = (),
    interceptors: Sequence[grpc.aio.ClientInterceptor] = (),
    trace_interceptor: bool = True,
) -> grpc.aio.Channel:
    """An insecure (in-cluster, mesh-encrypted) channel that propagates the current trace.

    ``trace_interceptor=False``: no OpenTelemetry interceptor (each interceptor costs grpc.aio a
    task per call); the caller then sends the trace itself (``cskit.grpc.tracing.traced_call``).
    """
    tracing: list[grpc.aio.ClientInterceptor] = (
        aio_client_interceptors() if trace_interceptor else []  # type: ignore[no-untyped-call]
    )
    merged = dict(CLIENT_OPTIONS)
    merged.update(dict(options))
    return grpc.aio.insecure_channel(target, options=list(merged.items()), interceptors=[*tracing, *interceptors])
