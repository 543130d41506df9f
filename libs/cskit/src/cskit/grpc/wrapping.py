"""How the kit's grpc.aio server interceptors wrap a method's behaviour.

grpc.aio interceptors only see the method handler, not the call, so each one swaps the
handler's behaviour for a wrapped one (``_rewrap``) and keeps its (de)serialisers.
Response-streaming behaviours are wrapped as async generators because the OpenTelemetry
interceptor iterates them with ``async for``.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import grpc
import grpc.aio

_TReq = TypeVar("_TReq")
_TResp = TypeVar("_TResp")

Behavior = Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Any]
# (behavior, method, response_streaming) -> wrapped behavior
Wrap = Callable[[Behavior, str, bool], Behavior]

# Probes and tooling: traced and counted they would drown the business calls.
UNOBSERVED_SERVICES = frozenset(
    {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"}
)


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


async def call_unary(behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
    result = behavior(request, context)
    return await result if inspect.isawaitable(result) else result


async def iterate(behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
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


async def call_unary_then(
    behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any], done: Done
) -> Any:
    """``call_unary``, then ``done(what escaped, or None)`` however it ended."""
    failure: BaseException | None = None
    try:
        return await call_unary(behavior, request, context)
    except BaseException as exc:
        failure = exc
        raise
    finally:
        done(failure)


async def iterate_then(
    behavior: Behavior, request: Any, context: grpc.aio.ServicerContext[Any, Any], done: Done
) -> AsyncIterator[Any]:
    """``iterate``, then ``done(what escaped, or None)`` however it ended."""
    failure: BaseException | None = None
    try:
        async for item in iterate(behavior, request, context):
            yield item
    except BaseException as exc:
        failure = exc
        raise
    finally:
        done(failure)


class WrappingInterceptor(grpc.aio.ServerInterceptor):
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
