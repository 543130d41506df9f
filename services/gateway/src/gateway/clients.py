"""Downstream gRPC channels and the one way a route calls a service.

Every call carries the caller's identity as a caller token signed by the gateway
(``cskit.grpc.caller``), the request id and (on writes) the idempotency key as metadata,
and a deadline; every failure becomes a problem through the one table.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, TypeVar, cast

import grpc
from fastapi import Depends, Request
from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from cs.complaints.v1 import (
    compensation_pb2_grpc,
    complaints_pb2_grpc,
    contacts_pb2_grpc,
    evidence_pb2_grpc,
    penalties_pb2_grpc,
    statistics_pb2_grpc,
    workflow_pb2_grpc,
)
from cs.platform.v1 import customer_data_pb2_grpc
from cskit import jsonmap
from cskit.domain.actor import Actor
from cskit.grpc import server as kit_server
from cskit.grpc.caller import CallerTokenMinter
from cskit.grpc.identity import metadata_for
from cskit.grpc.tracing import method_name, traced_call
from gateway.grpc_errors import problem_from_rpc_error
from gateway.problems import ProblemError, request_id_of

if TYPE_CHECKING:
    from cs.complaints.v1.compensation_pb2_grpc import CompensationServiceAsyncStub
    from cs.complaints.v1.complaints_pb2_grpc import ComplaintsServiceAsyncStub
    from cs.complaints.v1.contacts_pb2_grpc import ContactsServiceAsyncStub
    from cs.complaints.v1.evidence_pb2_grpc import EvidenceServiceAsyncStub
    from cs.complaints.v1.penalties_pb2_grpc import PenaltyServiceAsyncStub
    from cs.complaints.v1.statistics_pb2_grpc import ComplaintStatisticsServiceAsyncStub
    from cs.complaints.v1.workflow_pb2_grpc import ComplaintWorkflowServiceAsyncStub
    from cs.platform.v1.customer_data_pb2_grpc import CustomerDataServiceAsyncStub

ChannelFactory = Callable[[str], grpc.aio.Channel]
ReqT = TypeVar("ReqT", bound=Message)
RespT = TypeVar("RespT")

# Downstream names as /readyz reports them.
COMPLAINTS = "complaints"


def default_channel(target: str) -> grpc.aio.Channel:
    """The kit's channel: insecure in-cluster hop, keepalive; ``call`` sends the trace itself."""
    return kit_server.channel(target, trace_interceptor=False)


@dataclass
class Downstreams:
    """Stubs for each service, plus the channels that /readyz checks and shutdown closes."""

    complaints: ComplaintsServiceAsyncStub
    channels: Mapping[str, grpc.aio.Channel] = field(default_factory=dict)
    # CMP-09 (served by the complaints process, on its channel); None only in tests that fake one stub.
    compensation: CompensationServiceAsyncStub | None = None
    # CMP-05..07 routing, investigation, escalation (complaints process, its channel); None as above.
    workflow: ComplaintWorkflowServiceAsyncStub | None = None
    # CMP-11 responsibility, penalties, ledger, sanctions (complaints process, its channel); None as above.
    penalties: PenaltyServiceAsyncStub | None = None
    # CMP-08 evidence: photos and documents (complaints process, its channel); None as above.
    evidence: EvidenceServiceAsyncStub | None = None
    # CMP-12, CMP-13 monthly statistics (complaints process, its channel); None as above.
    statistics: ComplaintStatisticsServiceAsyncStub | None = None
    # PLT-06 the kit's customer-data trail and export grants (complaints process); None as above.
    customer_data: CustomerDataServiceAsyncStub | None = None
    # CMP-14 contact-centre answering standards (complaints process, its channel); None as above.
    contacts: ContactsServiceAsyncStub | None = None

    @classmethod
    def open(cls, targets: Mapping[str, str], factory: ChannelFactory) -> Downstreams:
        channels = {name: factory(target) for name, target in targets.items()}
        return cls(
            complaints=complaints_pb2_grpc.ComplaintsServiceStub(channels[COMPLAINTS]),
            channels=channels,
            compensation=compensation_pb2_grpc.CompensationServiceStub(channels[COMPLAINTS]),
            workflow=workflow_pb2_grpc.ComplaintWorkflowServiceStub(channels[COMPLAINTS]),
            penalties=penalties_pb2_grpc.PenaltyServiceStub(channels[COMPLAINTS]),
            evidence=evidence_pb2_grpc.EvidenceServiceStub(channels[COMPLAINTS]),
            statistics=statistics_pb2_grpc.ComplaintStatisticsServiceStub(channels[COMPLAINTS]),
            customer_data=customer_data_pb2_grpc.CustomerDataServiceStub(channels[COMPLAINTS]),
            contacts=contacts_pb2_grpc.ContactsServiceStub(channels[COMPLAINTS]),
        )

    async def close(self) -> None:
        for open_channel in self.channels.values():
            await open_channel.close(grace=None)


async def downstreams(request: Request) -> Downstreams:
    """FastAPI dependency; unit tests override it with fake stubs."""
    found = getattr(request.app.state, "downstreams", None)
    if not isinstance(found, Downstreams):
        raise RuntimeError("downstream channels are not open (is the app's lifespan running?)")
    return found


Clients = Annotated[Downstreams, Depends(downstreams)]


@dataclass(frozen=True, slots=True)
class CallContext:
    metadata: tuple[tuple[str, str], ...]
    timeout: float
    # Seconds to wait before the one retry of an UNAVAILABLE call; None: never retried. Only
    # reads and writes with an idempotency key are retried: a plain write that failed with
    # UNAVAILABLE may have been applied before the connection broke.
    retry_unavailable_after: float | None = None


def _client_address(request: Request) -> str | None:
    host = request.client.host if request.client else None
    # An address is short printable ASCII; anything else (a proxy's garbage) is not recorded.
    return host if host and len(host) <= 64 and host.isascii() and host.isprintable() else None


def call_context(
    request: Request, actor: Actor, *, idempotency_key: str | None = None, audience: str = COMPLAINTS
) -> CallContext:
    """The metadata and deadline of a call to ``audience`` for ``actor``; a problem if it cannot be built."""
    minter: CallerTokenMinter = request.app.state.caller_minter
    try:
        return CallContext(
            metadata=metadata_for(
                # "From where" for the audit trail (PLT-04) is signed into the caller token: the
                # peer, or what a trusted proxy said it was (ProxyHeadersMiddleware, app.py).
                minter.metadata(actor, audience, client_ip=_client_address(request)),
                idempotency_key=idempotency_key,
                request_id=request_id_of(request),
            ),
            timeout=request.app.state.settings.request_timeout_s,
            retry_unavailable_after=(
                request.app.state.settings.unavailable_retry_wait_s
                if idempotency_key is not None or request.method in SAFE_METHODS
                else None
            ),
        )
    except Exception as exc:
        # Never a hung or half-made call: whatever breaks here answers a problem at once.
        raise ProblemError(
            status=500, code="internal", detail="The request could not be forwarded to the service."
        ) from exc


SAFE_METHODS = frozenset({"GET", "HEAD"})


# A service shutting down answers UNAVAILABLE (no connection) or CANCELLED (a call in flight
# when its server stopped): both are safe to try once more where a second attempt is.
RETRYABLE = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED})


async def call(
    rpc: grpc.aio.UnaryUnaryMultiCallable[ReqT, RespT],
    message: ReqT,
    ctx: CallContext,
    *,
    field_name: Callable[[str], str] | None = None,
) -> RespT:
    """Call with the context's metadata and deadline; ``field_name`` renames a violation's gRPC
    field path to the JSON path of this request. Default: the request's own contract
    (``jsonmap.field_namer`` of its descriptor), never another service's rename table."""
    if field_name is None:
        field_name = jsonmap.field_namer(cast(Descriptor, message.DESCRIPTOR))
    deadline = time.monotonic() + ctx.timeout
    method = method_name(rpc)
    try:
        with traced_call(method) as trace_metadata:
            return await rpc(message, timeout=ctx.timeout, metadata=ctx.metadata + trace_metadata)
    except grpc.aio.AioRpcError as exc:
        if ctx.retry_unavailable_after is None or exc.code() not in RETRYABLE:
            raise problem_from_rpc_error(exc, field_name=field_name) from exc
        first = exc
    # Once, after a short pause, waiting for the channel to reconnect (wait_for_ready) within
    # the same overall deadline: a restarting service answers again well inside it.
    await asyncio.sleep(ctx.retry_unavailable_after)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise problem_from_rpc_error(first, field_name=field_name) from first
    try:
        with traced_call(method) as trace_metadata:
            return await rpc(message, timeout=remaining, metadata=ctx.metadata + trace_metadata, wait_for_ready=True)
    except grpc.aio.AioRpcError as exc:
        raise problem_from_rpc_error(exc, field_name=field_name) from exc
