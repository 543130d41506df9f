"""grpc.aio server interceptors: tracing (outermost), RED metrics, error mapping, caller auth,
then customer-data masking (PLT-06, innermost: it reads the verified caller).

How each wraps a method's behaviour is ``cskit.grpc.wrapping``; the masking interceptor is
``cskit.privacy.interceptor``.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import grpc
import grpc.aio
from google.protobuf.message import Message
from grpc_status import rpc_status
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from cskit.calls import Call, reset_current_call, set_current_call
from cskit.domain.errors import DomainError
from cskit.grpc.caller import Caller, CallerTokenVerifier, reset_current_caller, set_current_caller
from cskit.grpc.errors import to_rpc_status
from cskit.grpc.identity import idempotency_key_from, request_id_from
from cskit.grpc.wrapping import (
    Behavior,
    Done,
    WrappingInterceptor,
    call_unary,
    call_unary_then,
    is_observed,
    iterate,
    iterate_then,
    method_label,
)
from cskit.idempotency import IdempotencyGuard
from cskit.observability.metrics import GRPC_SERVER_DURATION, GRPC_SERVER_REQUESTS
from cskit.privacy.interceptor import PersonalDataMaskingInterceptor
from cskit.privacy.policy import PersonalDataPolicy

log = logging.getLogger(__name__)

GENERIC_INTERNAL_MESSAGE = "internal error"


class ErrorMappingInterceptor(WrappingInterceptor):
    """DomainError -> rich status from the one table; anything else -> INTERNAL, logged, not leaked."""

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                try:
                    async for item in iterate(behavior, request, context):
                        yield item
                except Exception as exc:
                    await self._abort(exc, method, context)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            try:
                return await call_unary(behavior, request, context)
            except Exception as exc:
                await self._abort(exc, method, context)

        return unary

    async def _abort(self, exc: Exception, method: str, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        if isinstance(exc, grpc.aio.AbortError):
            raise exc  # the handler aborted on purpose; its status is already set
        span = trace.get_current_span()
        if isinstance(exc, DomainError):
            status = to_rpc_status(exc)
            span.set_attribute("rpc.grpc.status_code", status.code)
            span.set_attribute("cs.error.code", exc.code)
            if exc.rule_id:
                span.set_attribute("cs.rule_id", exc.rule_id)
            await context.abort_with_status(rpc_status.to_status(status))
        span.record_exception(exc)
        trace_id = span.get_span_context().trace_id
        trace_hex = format(trace_id, "032x") if trace_id else "none"
        log.exception("unhandled error in %s (trace %s)", method_label(method), trace_hex)
        # The trace id lets support find the log line; the exception text stays server-side.
        await context.abort(grpc.StatusCode.INTERNAL, f"{GENERIC_INTERNAL_MESSAGE} (trace {trace_hex})")


class MetricsInterceptor(WrappingInterceptor):
    """RED: cs_grpc_server_requests_total{service,method,code}, cs_grpc_server_request_duration_seconds."""

    def __init__(self, service: str) -> None:
        self.service = service

    def _applies_to(self, method: str) -> bool:
        return is_observed(method)

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        label = method_label(method)

        def recorder(context: grpc.aio.ServicerContext[Any, Any]) -> Done:
            started = time.perf_counter()
            return lambda failure: self._record(label, context, failure, time.perf_counter() - started)

        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                async for item in iterate_then(behavior, request, context, recorder(context)):
                    yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            return await call_unary_then(behavior, request, context, recorder(context))

        return unary

    def _record(
        self, method: str, context: grpc.aio.ServicerContext[Any, Any], failure: BaseException | None, seconds: float
    ) -> None:
        GRPC_SERVER_REQUESTS.labels(self.service, method, _final_code(context, failure).name).inc()
        GRPC_SERVER_DURATION.labels(self.service, method).observe(seconds)


def _final_code(context: grpc.aio.ServicerContext[Any, Any], failure: BaseException | None) -> grpc.StatusCode:
    try:
        code = context.code()
    except Exception:  # some context wrappers do not implement code()
        code = None
    if isinstance(code, grpc.StatusCode):
        return code
    if failure is None:
        return grpc.StatusCode.OK
    # Without the error interceptor grpc reports an escaped exception as UNKNOWN.
    return grpc.StatusCode.UNKNOWN if isinstance(failure, Exception) else grpc.StatusCode.CANCELLED


def call_of(caller: Caller, method: str, metadata: Any, request: object) -> Call:
    """The one call context of an RPC: the verified caller, the method, the request id and
    the idempotency key, scoped to the caller and the method and bound to the request's hash
    (unary requests only: a stream has no one request to compare)."""
    key = idempotency_key_from(metadata)
    guard = None
    if key is not None and isinstance(request, Message):
        guard = IdempotencyGuard.for_caller(caller.actor, method, key=key, request=request)
    return Call(
        actor=caller.actor,
        request_id=request_id_from(metadata),
        client_ip=caller.client_ip,
        idempotency=guard,
        method=method,
    )


class CallerAuthInterceptor(WrappingInterceptor):
    """Every RPC but health and reflection needs a caller token this service trusts.

    Innermost, so the refusal is an ``Unauthenticated`` the error interceptor maps to
    UNAUTHENTICATED (counted by the metrics interceptor), and the servicer runs only with
    the verified caller set: ``cskit.grpc.caller.current_caller`` and the whole call context,
    ``cskit.calls.current_call``.
    """

    def __init__(self, verifier: CallerTokenVerifier) -> None:
        self.verifier = verifier

    def _applies_to(self, method: str) -> bool:
        return is_observed(method)

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        verifier = self.verifier
        label = method_label(method)

        def enter(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> tuple[object, object]:
            metadata = context.invocation_metadata()
            caller = verifier.verify_metadata(metadata)
            return set_current_caller(caller), set_current_call(call_of(caller, label, metadata, request))

        def leave(tokens: tuple[object, object]) -> None:
            reset_current_call(tokens[1])
            reset_current_caller(tokens[0])

        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                tokens = enter(request, context)
                try:
                    async for item in iterate(behavior, request, context):
                        yield item
                finally:
                    leave(tokens)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            tokens = enter(request, context)
            try:
                return await call_unary(behavior, request, context)
            finally:
                leave(tokens)

        return unary


_tracer = trace.get_tracer("cskit.grpc.server")
_TRACE_KEYS = frozenset({"traceparent", "tracestate", "baggage"})


class TracingInterceptor(WrappingInterceptor):
    """One SERVER span per RPC, continuing the caller's trace from the metadata.

    Attributes are set only on a recorded span: OpenTelemetry's own interceptor builds them
    (the peer's address parsed among them) on every call, recorded or not.
    """

    def _applies_to(self, method: str) -> bool:
        return is_observed(method)

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        service, _, name = method_label(method).partition("/")
        attributes = {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}

        def start(context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            carrier = {
                key: value.decode("ascii", "replace") if isinstance(value, bytes) else value
                for key, value in context.invocation_metadata() or ()
                if key in _TRACE_KEYS
            }
            return _tracer.start_as_current_span(
                method,
                context=propagate.extract(carrier),
                kind=SpanKind.SERVER,
                attributes=attributes,
                record_exception=False,  # the error interceptor records what escapes, once
                set_status_on_exception=False,
            )

        def finish(span: Span, context: grpc.aio.ServicerContext[Any, Any], failure: BaseException | None) -> None:
            if span.is_recording():
                code = _final_code(context, failure)
                span.set_attribute("rpc.grpc.status_code", code.value[0])
                if code is not grpc.StatusCode.OK:
                    span.set_status(Status(StatusCode.ERROR, code.name))

        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                with start(context) as span:
                    done = functools.partial(finish, span, context)
                    async for item in iterate_then(behavior, request, context, done):
                        yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            with start(context) as span:
                return await call_unary_then(behavior, request, context, functools.partial(finish, span, context))

        return unary


def tracing_interceptor() -> grpc.aio.ServerInterceptor:
    """The kit's server span: continues the caller's trace from the metadata."""
    return TracingInterceptor()


def server_interceptors(
    service: str, callers: CallerTokenVerifier, personal_data: PersonalDataPolicy | None = None
) -> Sequence[grpc.aio.ServerInterceptor]:
    """The kit's chain; the first runs outermost, so errors are mapped before metrics read the code.
    Masking is always on: without a configured policy the rulebook's defaults apply."""
    return (
        tracing_interceptor(),
        MetricsInterceptor(service),
        ErrorMappingInterceptor(),
        CallerAuthInterceptor(callers),
        PersonalDataMaskingInterceptor(personal_data or PersonalDataPolicy()),
    )
