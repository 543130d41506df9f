"""grpc.aio server interceptors: tracing (outermost), RED metrics, error mapping, caller auth,
then customer-data masking (PLT-06, innermost: it reads the verified caller).

grpc.aio interceptors only see the method handler, not the call, so each one swaps the
handler's behaviour for a wrapped one (``_rewrap``) and keeps its (de)serialisers.
Response-streaming behaviours are wrapped as async generators because the OpenTelemetry
interceptor iterates them with ``async for``.
"""

from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

import grpc
import grpc.aio
from google.protobuf.message import Message
from grpc_status import rpc_status
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from cskit.calls import Call, reset_current_call, set_current_call
from cskit.domain.errors import DomainError
from cskit.grpc.caller import Caller, CallerTokenVerifier, current_caller, reset_current_caller, set_current_caller
from cskit.grpc.errors import to_rpc_status
from cskit.grpc.identity import idempotency_key_from, request_id_from
from cskit.idempotency import IdempotencyGuard
from cskit.observability.metrics import GRPC_SERVER_DURATION, GRPC_SERVER_REQUESTS
from cskit.privacy.masks import PersonalKind, reset_visible_kinds, set_visible_kinds
from cskit.privacy.policy import PersonalDataPolicy
from cskit.privacy.protomask import mask_message

log = logging.getLogger(__name__)

_TReq = TypeVar("_TReq")
_TResp = TypeVar("_TResp")

Behavior = Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Any]
# (behavior, method, response_streaming) -> wrapped behavior
Wrap = Callable[[Behavior, str, bool], Behavior]

# Probes and tooling: traced and counted they would drown the business calls.
UNOBSERVED_SERVICES = frozenset(
    {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
)
GENERIC_INTERNAL_MESSAGE = "internal error"


def method_label(full_method: str) -> str:
    """``/cs.complaints.v1.Complaints/Accept`` -> ``cs.complaints.v1.Complaints/Accept``."""
    return full_method.lstrip("/")


def is_observed(full_method: str) -> bool:
    return method_label(full_method).split("/", 1)[0] not in UNOBSERVED_SERVICES


def _rewrap(
    handler: grpc.RpcMethodHandler[_TReq, _TResp], method: str, wrap: Wrap
) -> grpc.RpcMethodHandler[_TReq, _TResp]:
    factory: Callable[..., grpc.RpcMethodHandler[_TReq, _TResp]]
    if handler.request_streaming and handler.response_streaming:
        behavior: Any = handler.stream_stream
        factory = grpc.stream_stream_rpc_method_handler
    elif handler.request_streaming:
        behavior, factory = handler.stream_unary, grpc.stream_unary_rpc_method_handler
    elif handler.response_streaming:
        behavior, factory = handler.unary_stream, grpc.unary_stream_rpc_method_handler
    else:
        behavior, factory = handler.unary_unary, grpc.unary_unary_rpc_method_handler
    if behavior is None:
        return handler
    return factory(
        wrap(behavior, method, handler.response_streaming),
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


async def _call_unary(behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
    result = behavior(request, context)
    return await result if inspect.isawaitable(result) else result


async def _iterate(behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
    # A streaming behaviour is an async generator, a sync iterator, or a coroutine that
    # writes with ``context.write`` and returns nothing.
    result = behavior(request, context)
    if hasattr(result, "__aiter__"):
        async for item in result:
            yield item
    elif inspect.isawaitable(result):
        await result
    elif result is not None:
        for item in result:
            yield item


Done = Callable[[BaseException | None], None]


async def _call_unary_then(
    behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any], done: Done
) -> Any:
    """``_call_unary``, then ``done(what escaped, or None)`` however it ended."""
    failure: BaseException | None = None
    try:
        return await _call_unary(behavior, request, context)
    except BaseException as exc:
        failure = exc
        raise
    finally:
        done(failure)


async def _iterate_then(
    behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any], done: Done
) -> AsyncIterator[Any]:
    """``_iterate``, then ``done(what escaped, or None)`` however it ended."""
    failure: BaseException | None = None
    try:
        async for item in _iterate(behavior, request, context):
            yield item
    except BaseException as exc:
        failure = exc
        raise
    finally:
        done(failure)


class _WrappingInterceptor(grpc.aio.ServerInterceptor):
    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        raise NotImplementedError

    def _applies_to(self, method: str) -> bool:
        return True

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[_TReq, _TResp] | None]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[_TReq, _TResp] | None:
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or not self._applies_to(method):
            return handler
        return _rewrap(handler, method, self._wrap)


class ErrorMappingInterceptor(_WrappingInterceptor):
    """DomainError -> rich status from the one table; anything else -> INTERNAL, logged, not leaked."""

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                try:
                    async for item in _iterate(behavior, request, context):
                        yield item
                except Exception as exc:
                    await self._abort(exc, method, context)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            try:
                return await _call_unary(behavior, request, context)
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


class MetricsInterceptor(_WrappingInterceptor):
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
                async for item in _iterate_then(behavior, request, context, recorder(context)):
                    yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            return await _call_unary_then(behavior, request, context, recorder(context))

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


class CallerAuthInterceptor(_WrappingInterceptor):
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
                    async for item in _iterate(behavior, request, context):
                        yield item
                finally:
                    leave(tokens)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            tokens = enter(request, context)
            try:
                return await _call_unary(behavior, request, context)
            finally:
                leave(tokens)

        return unary


_tracer = trace.get_tracer("cskit.grpc.server")
_TRACE_KEYS = frozenset({"traceparent", "tracestate", "baggage"})


class TracingInterceptor(_WrappingInterceptor):
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
                    async for item in _iterate_then(behavior, request, context, done):
                        yield item

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            with start(context) as span:
                return await _call_unary_then(behavior, request, context, functools.partial(finish, span, context))

        return unary


class PersonalDataMaskingInterceptor(_WrappingInterceptor):
    """Masks customer data in every response by the contract's ``personal`` option (PLT-06).

    Inside caller authentication, so it reads the RPC's verified caller and masks before the
    response is serialised: data never leaves the service unmasked unless the caller's roles
    allow it, whatever a servicer forgot (cskit.privacy). Streams are masked item by item.
    """

    def __init__(self, policy: PersonalDataPolicy) -> None:
        self.policy = policy

    def _applies_to(self, method: str) -> bool:
        return is_observed(method)

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        policy = self.policy

        def masked(response: Any, visible: frozenset[PersonalKind]) -> Any:
            if isinstance(response, Message):
                mask_message(response, visible)
            return response

        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                visible = policy.visible(current_caller().actor.roles)
                token = set_visible_kinds(visible)
                try:
                    async for item in _iterate(behavior, request, context):
                        yield masked(item, visible)
                finally:
                    reset_visible_kinds(token)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            # Free-form details (history) are masked by the service with the same kinds.
            visible = policy.visible(current_caller().actor.roles)
            token = set_visible_kinds(visible)
            try:
                return masked(await _call_unary(behavior, request, context), visible)
            finally:
                reset_visible_kinds(token)

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
